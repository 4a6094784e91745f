//! What the service holds about one person: gathered for an export, removed on erasure.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::StoreResult;

/// A login session (a refresh token), without its secret.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SessionRecord {
    /// Id.
    pub id: Uuid,
    /// The chain of rotations it belongs to.
    pub family_id: Uuid,
    /// Issued.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// Used (and replaced by the next one).
    pub spent_at: Option<DateTime<Utc>>,
    /// Revoked (logout, password change, reuse).
    pub revoked_at: Option<DateTime<Utc>>,
}

/// An experience the person wrote.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuthoredExperience {
    /// Id.
    pub id: Uuid,
    /// The collaboration it belongs to.
    pub collaboration_id: Uuid,
    /// That collaboration's title.
    pub collaboration_title: String,
    /// Title.
    pub title: String,
    /// Body, Markdown.
    pub body_md: String,
    /// What worked.
    pub what_worked: String,
    /// What did not.
    pub what_did_not: String,
    /// Advice.
    pub advice: String,
    /// `draft` or `published`.
    pub state: String,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A comment or question the person wrote.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuthoredComment {
    /// Id.
    pub id: Uuid,
    /// The experience it is on.
    pub experience_id: Uuid,
    /// `comment`, `question` or `answer`.
    pub kind: String,
    /// The text.
    pub body: String,
    /// Written.
    pub created_at: DateTime<Utc>,
}

/// Something the person follows.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct FollowRecord {
    /// What kind of thing.
    pub target_type: String,
    /// Its code, slug or id.
    pub target_id: String,
    /// Since.
    pub created_at: DateTime<Utc>,
}

/// A notification the person received.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct NotificationRecord {
    /// What happened.
    pub kind: String,
    /// The page it is about.
    pub url: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When they read it.
    pub read_at: Option<DateTime<Utc>>,
}

/// A search the person saved.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SavedSearchRecord {
    /// The name they gave it.
    pub name: String,
    /// Its parameters.
    pub query: String,
    /// Saved.
    pub created_at: DateTime<Utc>,
}

/// What an erased account is left with: nothing that points to the person.
#[derive(Debug, Clone)]
pub struct ErasedIdentity {
    /// The address that replaces theirs (never deliverable).
    pub email: String,
    /// The name that replaces theirs.
    pub name: String,
    /// A hash no password matches.
    pub password_hash: String,
}

/// What an erasure removed, counted.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Erased {
    /// Memberships of organisations.
    pub memberships: u64,
    /// Login sessions.
    pub sessions: u64,
    /// Verification and reset links.
    pub email_tokens: u64,
    /// Follows.
    pub follows: u64,
    /// Notifications, preferences and digest marks.
    pub notifications: u64,
    /// Saved searches.
    pub saved_searches: u64,
    /// Invitations to their address.
    pub invitations: u64,
    /// Emails to their address, sent or waiting.
    pub emails: u64,
}

/// One person's data.
#[async_trait]
pub trait PrivacyStore {
    /// Their login sessions, newest first.
    async fn sessions_of(&mut self, user: Uuid) -> StoreResult<Vec<SessionRecord>>;
    /// The experiences they wrote, oldest first.
    async fn experiences_by(&mut self, user: Uuid) -> StoreResult<Vec<AuthoredExperience>>;
    /// The comments and questions they wrote, oldest first.
    async fn comments_by(&mut self, user: Uuid) -> StoreResult<Vec<AuthoredComment>>;
    /// What they follow.
    async fn follows_to_export(&mut self, user: Uuid) -> StoreResult<Vec<FollowRecord>>;
    /// Their notifications, newest first.
    async fn notifications_to_export(&mut self, user: Uuid)
    -> StoreResult<Vec<NotificationRecord>>;
    /// Their saved searches.
    async fn saved_searches_of(&mut self, user: Uuid) -> StoreResult<Vec<SavedSearchRecord>>;
    /// Removes everything personal about the account `user` (whose lowercased address is
    /// `email_normalized`) and gives it `identity`, so that what they wrote stays, attributed
    /// to nobody; the account can no longer log in. The caller checks the ownership rules.
    async fn erase_user(
        &mut self,
        user: Uuid,
        email_normalized: &str,
        identity: &ErasedIdentity,
        at: DateTime<Utc>,
    ) -> StoreResult<Erased>;
}

/// The export and erasure queries, for a backend's transaction type `$tx` (which has
/// `conn()`). The SQL is standard; both backends run the same text.
macro_rules! impl_privacy_store {
    ($tx:ty) => {
        #[::async_trait::async_trait]
        impl $crate::store::privacy::PrivacyStore for $tx {
            async fn sessions_of(&mut self, user: ::uuid::Uuid) -> $crate::store::StoreResult<Vec<$crate::store::privacy::SessionRecord>> {
                Ok(sqlx::query_as(
                    "SELECT id, family_id, created_at, expires_at, spent_at, revoked_at
                       FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
                )
                .bind(user)
                .fetch_all(self.conn())
                .await?)
            }

            async fn experiences_by(&mut self, user: ::uuid::Uuid) -> $crate::store::StoreResult<Vec<$crate::store::privacy::AuthoredExperience>> {
                Ok(sqlx::query_as(
                    "SELECT e.id, e.collaboration_id, c.title AS collaboration_title, e.title, e.body_md,
                            e.what_worked, e.what_did_not, e.advice, e.state, e.created_at, e.updated_at
                       FROM experiences e JOIN collaborations c ON c.id = e.collaboration_id
                      WHERE e.author_id = $1 AND e.deleted_at IS NULL
                      ORDER BY e.created_at, e.id",
                )
                .bind(user)
                .fetch_all(self.conn())
                .await?)
            }

            async fn comments_by(&mut self, user: ::uuid::Uuid) -> $crate::store::StoreResult<Vec<$crate::store::privacy::AuthoredComment>> {
                Ok(sqlx::query_as(
                    "SELECT id, experience_id, kind, body, created_at FROM comments
                      WHERE author_id = $1 ORDER BY created_at, id",
                )
                .bind(user)
                .fetch_all(self.conn())
                .await?)
            }

            async fn follows_to_export(&mut self, user: ::uuid::Uuid) -> $crate::store::StoreResult<Vec<$crate::store::privacy::FollowRecord>> {
                Ok(sqlx::query_as(
                    "SELECT target_type, target_id, created_at FROM follows
                      WHERE user_id = $1 ORDER BY created_at, id",
                )
                .bind(user)
                .fetch_all(self.conn())
                .await?)
            }

            async fn notifications_to_export(
                &mut self,
                user: ::uuid::Uuid,
            ) -> $crate::store::StoreResult<Vec<$crate::store::privacy::NotificationRecord>> {
                Ok(sqlx::query_as(
                    "SELECT n.kind, e.url, n.created_at, n.read_at
                       FROM notifications n JOIN events e ON e.id = n.event_id
                      WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.event_id DESC",
                )
                .bind(user)
                .fetch_all(self.conn())
                .await?)
            }

            async fn saved_searches_of(&mut self, user: ::uuid::Uuid) -> $crate::store::StoreResult<Vec<$crate::store::privacy::SavedSearchRecord>> {
                Ok(sqlx::query_as(
                    "SELECT name, query, created_at FROM saved_searches
                      WHERE user_id = $1 ORDER BY created_at, id",
                )
                .bind(user)
                .fetch_all(self.conn())
                .await?)
            }

            async fn erase_user(
                &mut self,
                user: ::uuid::Uuid,
                email_normalized: &str,
                identity: &$crate::store::privacy::ErasedIdentity,
                at: ::chrono::DateTime<::chrono::Utc>,
            ) -> $crate::store::StoreResult<$crate::store::privacy::Erased> {
                let mut erased = $crate::store::privacy::Erased::default();
                let by_user = [
                    "DELETE FROM memberships WHERE user_id = $1",
                    "DELETE FROM refresh_tokens WHERE user_id = $1",
                    "DELETE FROM email_tokens WHERE user_id = $1",
                    "DELETE FROM follows WHERE user_id = $1",
                    "DELETE FROM notifications WHERE user_id = $1",
                    "DELETE FROM notification_preferences WHERE user_id = $1",
                    "DELETE FROM digests WHERE user_id = $1",
                    "DELETE FROM saved_searches WHERE user_id = $1",
                ];
                let mut counts = [0u64; 8];
                for (sql, count) in by_user.iter().zip(counts.iter_mut()) {
                    *count = sqlx::query(*sql)
                        .bind(user)
                        .execute(self.conn())
                        .await?
                        .rows_affected();
                }
                erased.memberships = counts[0];
                erased.sessions = counts[1];
                erased.email_tokens = counts[2];
                erased.follows = counts[3];
                erased.notifications = counts[4] + counts[5] + counts[6];
                erased.saved_searches = counts[7];
                erased.invitations = sqlx::query("DELETE FROM invitations WHERE email_normalized = $1")
                    .bind(email_normalized)
                    .execute(self.conn())
                    .await?
                    .rows_affected();
                erased.emails = sqlx::query("DELETE FROM outbox WHERE lower(recipient) = $1")
                    .bind(email_normalized)
                    .execute(self.conn())
                    .await?
                    .rows_affected();
                sqlx::query(
                    "UPDATE users SET email = $2, email_normalized = $2, name = $3, password_hash = $4,
                         email_verified_at = NULL, platform_role = 'none', email_frequency = 'off',
                         tokens_valid_after = $5, updated_at = $5
                      WHERE id = $1",
                )
                .bind(user)
                .bind(&identity.email)
                .bind(&identity.name)
                .bind(&identity.password_hash)
                .bind(at)
                .execute(self.conn())
                .await?;
                Ok(erased)
            }
        }
    };
}
pub(crate) use impl_privacy_store;
