-- Sessions, single-use email tokens, invitations, rate limits and the email outbox.

-- Refresh tokens: opaque, stored as their SHA-256. Each use spends the token and issues the next
-- one in the same family; presenting a spent token revokes the whole family.
CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id uuid NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    spent_at timestamptz,
    revoked_at timestamptz
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Single-use tokens sent by email: `verify_email` and `password_reset`, stored as SHA-256.
CREATE TABLE email_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);

CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- Invitations to an organisation, by email; the person may not have an account yet.
CREATE TABLE invitations (
    id uuid PRIMARY KEY,
    organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email text NOT NULL,
    email_normalized text NOT NULL,
    role text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid REFERENCES users (id) ON DELETE SET NULL,
    revoked_at timestamptz
);

CREATE INDEX invitations_organisation ON invitations (organisation_id, email_normalized);

-- Fixed-window counters behind the rate limits: one row per action and client address or
-- account. In the database so that several processes share them.
CREATE TABLE rate_limits (
    bucket text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits bigint NOT NULL
);

-- Every email, written in the transaction of the change that causes it; the worker sends it.
-- `status`: pending | sent | dead. `headers`: a JSON object of extra headers.
CREATE TABLE outbox (
    id uuid PRIMARY KEY,
    idempotency_key text NOT NULL UNIQUE,
    kind text NOT NULL,
    message_id text NOT NULL,
    recipient text NOT NULL,
    subject text NOT NULL,
    body_text text NOT NULL,
    body_html text NOT NULL,
    headers jsonb NOT NULL DEFAULT '{}',
    status text NOT NULL DEFAULT 'pending',
    attempts bigint NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    -- A worker holds the message until then; after a crash it is taken again.
    claimed_until timestamptz,
    claim_id uuid,
    last_error text,
    created_at timestamptz NOT NULL,
    sent_at timestamptz
);

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
