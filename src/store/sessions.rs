//! Sessions (refresh token families), single-use email tokens and rate-limit counters.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreResult;

/// A stored refresh token (the token itself is never stored, only its hash).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefreshTokenRow {
    /// Id.
    pub id: Uuid,
    /// Whose session.
    pub user_id: Uuid,
    /// The chain of rotations this token belongs to.
    pub family_id: Uuid,
    /// Issued.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// When it was exchanged for the next one.
    pub spent_at: Option<DateTime<Utc>>,
    /// When its family was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A refresh token to store.
#[derive(Debug, Clone)]
pub struct NewRefreshToken {
    /// Id.
    pub id: Uuid,
    /// Whose session.
    pub user_id: Uuid,
    /// The family (a new one at login, the old one on rotation).
    pub family_id: Uuid,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Issued.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
}

/// What a single-use email token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    /// Confirms an email address.
    VerifyEmail,
    /// Sets a new password.
    PasswordReset,
}

impl TokenPurpose {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::PasswordReset => "password_reset",
        }
    }
}

/// A single-use email token to store.
#[derive(Debug, Clone)]
pub struct NewEmailToken {
    /// Id.
    pub id: Uuid,
    /// Whose.
    pub user_id: Uuid,
    /// What for.
    pub purpose: TokenPurpose,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Issued.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
}

/// Sessions and single-use tokens.
#[async_trait]
pub trait SessionStore {
    /// Stores a refresh token.
    async fn insert_refresh_token(&mut self, token: &NewRefreshToken) -> StoreResult<()>;
    /// The refresh token with this hash, in whatever state.
    async fn refresh_token_by_hash(&mut self, hash: &str) -> StoreResult<Option<RefreshTokenRow>>;
    /// Spends a live token; `false` when it was spent or revoked already (a reuse).
    async fn spend_refresh_token(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Revokes every token of a family.
    async fn revoke_refresh_family(&mut self, family: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// Ends every session of a user: refresh tokens revoked, access tokens issued before `at`
    /// refused.
    async fn revoke_all_sessions(&mut self, user: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// Stores a single-use email token.
    async fn insert_email_token(&mut self, token: &NewEmailToken) -> StoreResult<()>;
    /// Uses a live token of `purpose`: marks it used and answers its user; `None` when it is
    /// unknown, used or expired.
    async fn use_email_token(
        &mut self,
        purpose: TokenPurpose,
        hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Uuid>>;
    /// Deletes refresh and email tokens that expired before `cutoff`; they can no longer be
    /// used, nor their reuse be told from a forgery.
    async fn prune_expired_tokens(&mut self, cutoff: DateTime<Utc>) -> StoreResult<u64>;
    /// Marks every live token of `purpose` of a user used (after a reset, older links die).
    async fn expire_email_tokens(
        &mut self,
        user: Uuid,
        purpose: TokenPurpose,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
}

/// A rate-limit counter after a hit.
#[derive(Debug, Clone, Copy, sqlx::FromRow)]
pub struct RateCount {
    /// Hits in the current window, this one included.
    pub hits: i64,
    /// When the current window began.
    pub window_start: DateTime<Utc>,
}

/// Fixed-window counters, shared by every process on the database.
#[async_trait]
pub trait RateLimitStore {
    /// Counts a hit on `bucket`; a window that began at or before `window_cutoff` starts anew at
    /// `now`. Call it in a transaction of its own: on PostgreSQL that transaction's commit does
    /// not wait for the disk (a count lost in a crash is harmless).
    async fn hit_rate_limit(
        &mut self,
        bucket: &str,
        now: DateTime<Utc>,
        window_cutoff: DateTime<Utc>,
    ) -> StoreResult<RateCount>;
    /// Deletes counters whose window began before `cutoff`.
    async fn prune_rate_limits(&mut self, cutoff: DateTime<Utc>) -> StoreResult<u64>;
}
