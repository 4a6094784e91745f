-- Follows, the events they fan out to, per-user notifications, preferences and digests.

CREATE TABLE follows (
    id BLOB PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- recommendation, toolbox_entry, theme, municipality, region, organization, collaboration,
    -- saved_search; target_id is the code, slug or id as text.
    target_type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, target_type, target_id)
) STRICT;
CREATE INDEX follows_target ON follows (target_type, target_id);

-- Something that happened, once; every notification points to its event.
CREATE TABLE events (
    id BLOB PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    actor_id BLOB REFERENCES users (id) ON DELETE SET NULL,
    -- What the texts are made from (titles, names, codes), a JSON object.
    data TEXT NOT NULL,
    -- The path of the page it is about.
    url TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- One per user per event. email_state: immediate (an email is due), daily or weekly (waits for
-- that digest), none (in the app only), sent (its email is in the outbox).
CREATE TABLE notifications (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id BLOB NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    email_state TEXT NOT NULL,
    PRIMARY KEY (user_id, event_id)
) STRICT;
CREATE INDEX notifications_email ON notifications (email_state, user_id);

-- A user's email frequency for one kind of notification, over their general setting.
CREATE TABLE notification_preferences (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    frequency TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
) STRICT;

-- Each digest once per user and period (`daily:2026-11-27`, `weekly:2026-W48`), whichever
-- process builds it.
CREATE TABLE digests (
    user_id BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, period)
) STRICT;

-- When the yearly "is your record still right?" reminder last went out.
ALTER TABLE collaborations ADD COLUMN review_reminded_at TEXT;
