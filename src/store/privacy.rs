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
