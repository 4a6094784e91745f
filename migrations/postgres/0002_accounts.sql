-- People, organisations (the tenants), their memberships, and the audit trail.

CREATE TABLE users (
    id uuid PRIMARY KEY,
    email text NOT NULL,
    -- Lowercased email: the key for uniqueness and look-ups.
    email_normalized text NOT NULL UNIQUE,
    name text NOT NULL,
    password_hash text NOT NULL,
    locale text NOT NULL DEFAULT 'da',
    email_verified_at timestamptz,
    platform_role text NOT NULL DEFAULT 'none',
    email_frequency text NOT NULL DEFAULT 'daily',
    -- Access tokens issued before this instant are refused (log out everywhere).
    tokens_valid_after timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE organisations (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL UNIQUE,
    kind text NOT NULL,
    municipality_code text REFERENCES municipalities (code),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE memberships (
    organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);

CREATE INDEX memberships_user ON memberships (user_id);

-- Who changed what and when. `details` is a JSON object; `public` marks entries that may be
-- shown in the public revision history of a published record.
CREATE TABLE audit_log (
    id uuid PRIMARY KEY,
    at timestamptz NOT NULL,
    actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
    organisation_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    action text NOT NULL,
    details jsonb NOT NULL DEFAULT '{}',
    public boolean NOT NULL DEFAULT false
);

CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, at);
