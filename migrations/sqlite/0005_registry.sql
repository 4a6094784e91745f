-- The registry: collaborations, their links to the catalogue, experiences, comments, reports.

CREATE TABLE collaborations (
    id BLOB PRIMARY KEY NOT NULL,
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    summary TEXT NOT NULL,
    description_md TEXT NOT NULL DEFAULT '',
    -- Sanitised HTML rendered from description_md, and its plain text for search.
    description_html TEXT NOT NULL DEFAULT '',
    description_text TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL,
    town_population INTEGER,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    organisation_model TEXT NOT NULL,
    started_on TEXT,
    ended_on TEXT,
    status TEXT NOT NULL,
    website TEXT,
    contact TEXT,
    visibility TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    first_published_at TEXT,
    published_at TEXT,
    -- Last time an editor confirmed the record is still right.
    confirmed_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE UNIQUE INDEX collaborations_org_slug ON collaborations (organisation_id, slug);
CREATE INDEX collaborations_listing ON collaborations (state, visibility, id);
CREATE INDEX collaborations_municipality ON collaborations (municipality_code, id);
CREATE INDEX collaborations_org ON collaborations (organisation_id, id);

-- Slugs a collaboration had before; the pages redirect them.
CREATE TABLE collaboration_old_slugs (
    organisation_id BLOB NOT NULL REFERENCES organisations (id),
    slug TEXT NOT NULL,
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, slug)
) STRICT;

CREATE TABLE collaboration_themes (
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    theme_code TEXT NOT NULL REFERENCES themes (code),
    PRIMARY KEY (collaboration_id, theme_code)
) STRICT;
CREATE INDEX collaboration_themes_theme ON collaboration_themes (theme_code, collaboration_id);

CREATE TABLE collaboration_fee_bases (
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    fee_basis TEXT NOT NULL,
    PRIMARY KEY (collaboration_id, fee_basis)
) STRICT;

CREATE TABLE collaboration_partner_kinds (
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    partner_kind TEXT NOT NULL,
    PRIMARY KEY (collaboration_id, partner_kind)
) STRICT;

CREATE TABLE recommendation_links (
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    recommendation_code TEXT NOT NULL REFERENCES recommendations (code),
    status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    evidence_url TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (collaboration_id, recommendation_code)
) STRICT;
CREATE INDEX recommendation_links_code ON recommendation_links (recommendation_code, collaboration_id);

-- Every status change of a link, with its date and author: uptake over time is read from here.
-- status is NULL when the link was removed.
CREATE TABLE recommendation_link_history (
    id BLOB PRIMARY KEY NOT NULL,
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    recommendation_code TEXT NOT NULL REFERENCES recommendations (code),
    status TEXT,
    reason TEXT,
    at TEXT NOT NULL,
    actor_id BLOB REFERENCES users (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX recommendation_link_history_code ON recommendation_link_history (recommendation_code, at);
CREATE INDEX recommendation_link_history_collab ON recommendation_link_history (collaboration_id, at);

CREATE TABLE toolbox_links (
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    toolbox_slug TEXT NOT NULL REFERENCES toolbox_entries (slug),
    note TEXT NOT NULL DEFAULT '',
    outcome TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (collaboration_id, toolbox_slug)
) STRICT;
CREATE INDEX toolbox_links_slug ON toolbox_links (toolbox_slug, collaboration_id);

CREATE TABLE experiences (
    id BLOB PRIMARY KEY NOT NULL,
    collaboration_id BLOB NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    author_id BLOB REFERENCES users (id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    what_worked TEXT NOT NULL DEFAULT '',
    what_did_not TEXT NOT NULL DEFAULT '',
    advice TEXT NOT NULL DEFAULT '',
    is_setback INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'draft',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    hidden_at TEXT,
    hidden_reason TEXT,
    deleted_at TEXT
) STRICT;
CREATE INDEX experiences_collaboration ON experiences (collaboration_id, id);

CREATE TABLE experience_themes (
    experience_id BLOB NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    theme_code TEXT NOT NULL REFERENCES themes (code),
    PRIMARY KEY (experience_id, theme_code)
) STRICT;

-- Comments and questions on published experiences; an answer points to its question.
CREATE TABLE comments (
    id BLOB PRIMARY KEY NOT NULL,
    experience_id BLOB NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    author_id BLOB REFERENCES users (id) ON DELETE SET NULL,
    parent_id BLOB REFERENCES comments (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    hidden_at TEXT,
    hidden_reason TEXT
) STRICT;
CREATE INDEX comments_experience ON comments (experience_id, id);

-- Reports of inappropriate content, for the moderation queue.
CREATE TABLE reports (
    id BLOB PRIMARY KEY NOT NULL,
    target_type TEXT NOT NULL,
    target_id BLOB NOT NULL,
    reporter_id BLOB REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    resolved_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    resolution TEXT
) STRICT;
CREATE INDEX reports_open ON reports (resolved_at, created_at);
