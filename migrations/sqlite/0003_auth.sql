-- Sessions, single-use email tokens, invitations, rate limits and the email outbox.
-- Ids are UUID v7 (16-byte blobs); timestamps are RFC 3339 UTC text bound from Rust.

-- Refresh tokens: opaque, stored as their SHA-256. Each use spends the token and issues the next
-- one in the same family; presenting a spent token revokes the whole family.
CREATE TABLE refresh_tokens (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id BLOB NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    spent_at TEXT,
    revoked_at TEXT
) STRICT;

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Single-use tokens sent by email: `verify_email` and `password_reset`, stored as SHA-256.
CREATE TABLE email_tokens (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
) STRICT;

CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- Invitations to an organisation, by email; the person may not have an account yet.
CREATE TABLE invitations (
    id BLOB PRIMARY KEY NOT NULL,
    organisation_id BLOB NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    accepted_by BLOB REFERENCES users (id) ON DELETE SET NULL,
    revoked_at TEXT
) STRICT;

CREATE INDEX invitations_organisation ON invitations (organisation_id, email_normalized);

-- Fixed-window counters behind the rate limits: one row per action and client address or
-- account. In the database so that several processes share them.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY NOT NULL,
    window_start TEXT NOT NULL,
    hits INTEGER NOT NULL
) STRICT;

-- Every email, written in the transaction of the change that causes it; the worker sends it.
-- `status`: pending | sent | dead. `headers`: a JSON object of extra headers.
CREATE TABLE outbox (
    id BLOB PRIMARY KEY NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    message_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    headers TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- A worker holds the message until then; after a crash it is taken again.
    claimed_until TEXT,
    claim_id BLOB,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;

CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
