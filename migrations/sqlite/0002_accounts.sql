-- People, organisations (the tenants), their memberships, and the audit trail.
-- Ids are UUID v7 (16-byte blobs here); timestamps are RFC 3339 UTC text.

CREATE TABLE users (
    id BLOB PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    -- Lowercased email: the key for uniqueness and look-ups.
    email_normalized TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'da',
    email_verified_at TEXT,
    platform_role TEXT NOT NULL DEFAULT 'none',
    email_frequency TEXT NOT NULL DEFAULT 'daily',
    -- Access tokens issued before this instant are refused (log out everywhere).
    tokens_valid_after TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE organisations (
    id BLOB PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    municipality_code TEXT REFERENCES municipalities (code),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE memberships (
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
) STRICT;

CREATE INDEX memberships_user ON memberships (user_id);

-- Who changed what and when. `details` is a JSON object; `public` marks entries that may be
-- shown in the public revision history of a published record.
CREATE TABLE audit_log (
    id BLOB PRIMARY KEY NOT NULL,
    at TEXT NOT NULL,
    actor_id BLOB REFERENCES users (id) ON DELETE SET NULL,
    organisation_id BLOB REFERENCES organisations (id) ON DELETE SET NULL,
    entity_type TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}',
    public INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at);
