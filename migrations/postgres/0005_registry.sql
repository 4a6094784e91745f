-- The registry: collaborations, their links to the catalogue, experiences, comments, reports.

CREATE TABLE collaborations (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES organisations (id),
    title text NOT NULL,
    slug text NOT NULL,
    summary text NOT NULL,
    description_md text NOT NULL DEFAULT '',
    -- Sanitised HTML rendered from description_md, and its plain text for search.
    description_html text NOT NULL DEFAULT '',
    description_text text NOT NULL DEFAULT '',
    town text NOT NULL,
    town_population bigint,
    municipality_code text NOT NULL REFERENCES municipalities (code),
    organisation_model text NOT NULL,
    started_on date,
    ended_on date,
    status text NOT NULL,
    website text,
    contact text,
    visibility text NOT NULL,
    state text NOT NULL DEFAULT 'draft',
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    first_published_at timestamptz,
    published_at timestamptz,
    -- Last time an editor confirmed the record is still right.
    confirmed_at timestamptz NOT NULL,
    deleted_at timestamptz
);

CREATE UNIQUE INDEX collaborations_org_slug ON collaborations (organisation_id, slug);
CREATE INDEX collaborations_listing ON collaborations (state, visibility, id);
CREATE INDEX collaborations_municipality ON collaborations (municipality_code, id);
CREATE INDEX collaborations_org ON collaborations (organisation_id, id);

-- Slugs a collaboration had before; the pages redirect them.
CREATE TABLE collaboration_old_slugs (
    organisation_id uuid NOT NULL REFERENCES organisations (id),
    slug text NOT NULL,
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, slug)
);

CREATE TABLE collaboration_themes (
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    theme_code text NOT NULL REFERENCES themes (code),
    PRIMARY KEY (collaboration_id, theme_code)
);
CREATE INDEX collaboration_themes_theme ON collaboration_themes (theme_code, collaboration_id);

CREATE TABLE collaboration_fee_bases (
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    fee_basis text NOT NULL,
    PRIMARY KEY (collaboration_id, fee_basis)
);

CREATE TABLE collaboration_partner_kinds (
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    partner_kind text NOT NULL,
    PRIMARY KEY (collaboration_id, partner_kind)
);

CREATE TABLE recommendation_links (
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    recommendation_code text NOT NULL REFERENCES recommendations (code),
    status text NOT NULL,
    note text NOT NULL DEFAULT '',
    evidence_url text,
    reason text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (collaboration_id, recommendation_code)
);
CREATE INDEX recommendation_links_code ON recommendation_links (recommendation_code, collaboration_id);

-- Every status change of a link, with its date and author: uptake over time is read from here.
-- status is NULL when the link was removed.
CREATE TABLE recommendation_link_history (
    id uuid PRIMARY KEY,
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    recommendation_code text NOT NULL REFERENCES recommendations (code),
    status text,
    reason text,
    at timestamptz NOT NULL,
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX recommendation_link_history_code ON recommendation_link_history (recommendation_code, at);
CREATE INDEX recommendation_link_history_collab ON recommendation_link_history (collaboration_id, at);

CREATE TABLE toolbox_links (
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    toolbox_slug text NOT NULL REFERENCES toolbox_entries (slug),
    note text NOT NULL DEFAULT '',
    outcome text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (collaboration_id, toolbox_slug)
);
CREATE INDEX toolbox_links_slug ON toolbox_links (toolbox_slug, collaboration_id);

CREATE TABLE experiences (
    id uuid PRIMARY KEY,
    collaboration_id uuid NOT NULL REFERENCES collaborations (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    title text NOT NULL,
    body_md text NOT NULL,
    body_html text NOT NULL,
    body_text text NOT NULL,
    what_worked text NOT NULL DEFAULT '',
    what_did_not text NOT NULL DEFAULT '',
    advice text NOT NULL DEFAULT '',
    is_setback boolean NOT NULL DEFAULT false,
    state text NOT NULL DEFAULT 'draft',
    version bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    published_at timestamptz,
    hidden_at timestamptz,
    hidden_reason text,
    deleted_at timestamptz
);
CREATE INDEX experiences_collaboration ON experiences (collaboration_id, id);

CREATE TABLE experience_themes (
    experience_id uuid NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    theme_code text NOT NULL REFERENCES themes (code),
    PRIMARY KEY (experience_id, theme_code)
);

-- Comments and questions on published experiences; an answer points to its question.
CREATE TABLE comments (
    id uuid PRIMARY KEY,
    experience_id uuid NOT NULL REFERENCES experiences (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    parent_id uuid REFERENCES comments (id) ON DELETE CASCADE,
    kind text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL,
    hidden_at timestamptz,
    hidden_reason text
);
CREATE INDEX comments_experience ON comments (experience_id, id);

-- Reports of inappropriate content, for the moderation queue.
CREATE TABLE reports (
    id uuid PRIMARY KEY,
    target_type text NOT NULL,
    target_id uuid NOT NULL,
    reporter_id uuid REFERENCES users (id) ON DELETE SET NULL,
    reason text NOT NULL,
    created_at timestamptz NOT NULL,
    resolved_at timestamptz,
    resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
    resolution text
);
CREATE INDEX reports_open ON reports (resolved_at, created_at);
