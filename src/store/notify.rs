//! Follows, events and the notifications they fan out to, preferences and digests.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreResult;
use super::scope::{Bind, SqlParts};

/// Something a user follows.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FollowRow {
    /// Id.
    pub id: Uuid,
    /// The follower.
    pub user_id: Uuid,
    /// recommendation, toolbox_entry, theme, municipality, region, organization,
    /// collaboration or saved_search.
    pub target_type: String,
    /// The code, slug or id.
    pub target_id: String,
    /// Since.
    pub created_at: DateTime<Utc>,
}

/// An event to record and fan out.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Id (UUID v7: notifications sort by it).
    pub id: Uuid,
    /// The kind of notification it makes.
    pub kind: &'static str,
    /// Who caused it; never notified of their own action.
    pub actor_id: Option<Uuid>,
    /// Names and titles for the texts.
    pub data: serde_json::Value,
    /// The page it is about.
    pub url: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Who an event reaches.
#[derive(Debug, Clone)]
pub enum Audience {
    /// Followers of any of these targets (type, id), and `also` these users, who may read the
    /// collaboration.
    Followers {
        /// The targets.
        targets: Vec<(&'static str, String)>,
        /// Users found otherwise (whose followed saved searches find the collaboration).
        also: Vec<Uuid>,
        /// The collaboration the event is about.
        collaboration: Uuid,
    },
    /// These users.
    Users(Vec<Uuid>),
    /// The editors and owners of an organisation.
    Editors(Uuid),
}

/// Whether, and when, an event's notifications are emailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// In the app only (an email of its own already went out).
    AppOnly,
    /// By each reader's settings: immediately, in a digest, or not at all.
    AsPreferred,
    /// At once, unless the reader turned email (or this kind) off.
    Immediately,
}

/// A notification as its reader sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    /// The event (also the notification's id for its reader).
    pub event_id: Uuid,
    /// Kind.
    pub kind: String,
    /// Names and titles, JSON text.
    pub data: String,
    /// The page.
    pub url: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When read.
    pub read_at: Option<DateTime<Utc>>,
}

/// A notification whose email is due, with what the email needs about its reader.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueNotification {
    /// The reader.
    pub user_id: Uuid,
    /// Their address.
    pub email: String,
    /// Their name.
    pub name: String,
    /// Their language.
    pub locale: String,
    /// The event.
    pub event_id: Uuid,
    /// Kind.
    pub kind: String,
    /// Names and titles, JSON text.
    pub data: String,
    /// The page.
    pub url: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A published collaboration nobody has touched for a long time.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StaleCollaboration {
    /// Id.
    pub id: Uuid,
    /// Its organisation.
    pub organisation_id: Uuid,
    /// Its organisation's slug.
    pub organisation_slug: String,
    /// Title.
    pub title: String,
    /// Slug.
    pub slug: String,
}

/// The users an audience names, as a condition on `u.id` (standard SQL, both dialects).
pub fn push_audience(q: &mut SqlParts, audience: &Audience) {
    match audience {
        Audience::Followers {
            targets,
            also,
            collaboration,
        } => {
            q.push("(u.id IN (SELECT f.user_id FROM follows f WHERE ");
            if targets.is_empty() {
                q.push("1 = 0");
            }
            for (i, (kind, id)) in targets.iter().enumerate() {
                if i > 0 {
                    q.push(" OR ");
                }
                q.push("(f.target_type = ")
                    .text(kind)
                    .push(" AND f.target_id = ")
                    .text(id)
                    .push(")");
            }
            q.push(")");
            for user in also {
                q.push(" OR u.id = ").bind(Bind::Uuid(*user));
            }
            // Only those who may read the collaboration: published and not private, or members
            // of its organisation.
            q.push(
                ") AND EXISTS (SELECT 1 FROM collaborations c WHERE c.id = ",
            )
            .bind(Bind::Uuid(*collaboration))
            .push(
                " AND c.deleted_at IS NULL AND c.state = 'published' AND (c.visibility IN ('public', 'members') \
                 OR c.organisation_id IN (SELECT m.organisation_id FROM memberships m WHERE m.user_id = u.id)))",
            );
        }
        Audience::Users(users) => {
            q.push("u.id IN (");
            if users.is_empty() {
                q.push("NULL");
            }
            for (i, user) in users.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.bind(Bind::Uuid(*user));
            }
            q.push(")");
        }
        Audience::Editors(organisation) => {
            q.push("u.id IN (SELECT m.user_id FROM memberships m WHERE m.organisation_id = ")
                .bind(Bind::Uuid(*organisation))
                .push(" AND m.role IN ('owner', 'editor'))");
        }
    }
}

/// The fan-out of an event: one notification per user in the audience (however many of their
/// follows match), never to the actor, with the email it calls for by the reader's settings.
pub fn fan_out_sql(event: &NewEvent, audience: &Audience, delivery: Delivery) -> SqlParts {
    let mut q = SqlParts::new(
        "INSERT INTO notifications (user_id, event_id, kind, created_at, email_state) SELECT u.id, ",
    );
    q.bind(Bind::Uuid(event.id))
        .push(", ")
        .text(event.kind)
        .push(", ")
        .bind(Bind::Time(event.created_at));
    match delivery {
        Delivery::AsPreferred => q.push(
            ", CASE WHEN u.email_verified_at IS NULL THEN 'none' \
             ELSE CASE COALESCE(p.frequency, u.email_frequency) \
             WHEN 'immediate' THEN 'immediate' WHEN 'daily' THEN 'daily' WHEN 'weekly' THEN 'weekly' \
             ELSE 'none' END END",
        ),
        Delivery::Immediately => q.push(
            ", CASE WHEN u.email_verified_at IS NULL OR COALESCE(p.frequency, u.email_frequency) = 'off' \
             THEN 'none' ELSE 'immediate' END",
        ),
        Delivery::AppOnly => q.push(", 'none'"),
    };
    q.push(" FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = ")
        .text(event.kind)
        .push(" WHERE ");
    push_audience(&mut q, audience);
    if let Some(actor) = event.actor_id {
        q.push(" AND u.id <> ").bind(Bind::Uuid(actor));
    }
    q.push(" ON CONFLICT (user_id, event_id) DO NOTHING");
    q
}

/// Following, notifications and their emails.
#[async_trait]
pub trait NotifyStore {
    /// Adds a follow; when the user already follows the target, the existing one and `false`.
    async fn follow(&mut self, row: &FollowRow) -> StoreResult<(FollowRow, bool)>;
    /// The user's follows, newest first.
    async fn follows_of(&mut self, user: Uuid) -> StoreResult<Vec<FollowRow>>;
    /// Removes one of the user's follows; false when there was none.
    async fn unfollow(&mut self, user: Uuid, id: Uuid) -> StoreResult<bool>;
    /// Every follow of one type of target (the saved searches, which are matched in Rust).
    async fn follows_of_type(&mut self, target_type: &str) -> StoreResult<Vec<FollowRow>>;

    /// Records an event and fans it out; returns how many notifications were made.
    async fn notify(
        &mut self,
        event: &NewEvent,
        audience: &Audience,
        delivery: Delivery,
    ) -> StoreResult<u64>;
    /// The user's notifications, newest first, after the cursor.
    async fn notifications_of(
        &mut self,
        user: Uuid,
        unread_only: bool,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<NotificationRow>>;
    /// Marks some (or, with `None`, all) of the user's notifications read.
    async fn mark_read(
        &mut self,
        user: Uuid,
        events: Option<&[Uuid]>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;

    /// Takes notifications whose email is due now (locked against other processes until the
    /// transaction ends).
    async fn claim_immediate(&mut self, limit: i64) -> StoreResult<Vec<DueNotification>>;
    /// Users with notifications waiting for the `cadence` digest who have none for `period`.
    async fn digest_users(
        &mut self,
        cadence: &str,
        period: &str,
        limit: i64,
    ) -> StoreResult<Vec<Uuid>>;
    /// Claims the user's digest for a period; false when another process built it already.
    async fn start_digest(
        &mut self,
        user: Uuid,
        period: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// The notifications waiting for the user's `cadence` digest, oldest first.
    async fn digest_items(
        &mut self,
        user: Uuid,
        cadence: &str,
    ) -> StoreResult<Vec<DueNotification>>;
    /// Notes that these notifications' email is in the outbox.
    async fn mark_emailed(&mut self, user: Uuid, events: &[Uuid]) -> StoreResult<()>;

    /// The user's per-kind email frequencies.
    async fn preferences(&mut self, user: Uuid) -> StoreResult<Vec<(String, String)>>;
    /// Sets (or, with `None`, clears) the email frequency for one kind.
    async fn set_preference(
        &mut self,
        user: Uuid,
        kind: &str,
        frequency: Option<&str>,
    ) -> StoreResult<()>;
    /// Sets the user's general email frequency.
    async fn set_email_frequency(
        &mut self,
        user: Uuid,
        frequency: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;

    /// Published collaborations neither changed, confirmed nor reminded about since `before`.
    async fn stale_collaborations(
        &mut self,
        before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<StaleCollaboration>>;
    /// Notes that the yearly reminder went out.
    async fn mark_reminded(&mut self, collaboration: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
}
