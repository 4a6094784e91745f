//! A login session: a short-lived access token (JWT) and a refresh token that is rotated on
//! every use, with reuse of a spent one ending its whole family.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::tokens::{hash_token, random_token};
use crate::error::AppError;
use crate::store::Tx;
use crate::store::sessions::NewRefreshToken;

/// The tokens a login or a refresh answers with.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    /// The JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque, single use: exchange it at /api/v1/auth/refresh for a new pair.
    pub refresh_token: String,
}

/// Issues a pair for `user` in `family` (a new family at login), storing the refresh token's
/// hash in the caller's transaction.
pub async fn issue_pair(
    state: &AppState,
    tx: &mut dyn Tx,
    user: Uuid,
    family: Uuid,
    now: DateTime<Utc>,
) -> Result<TokenPair, AppError> {
    let refresh = random_token(32);
    let ttl_days = i64::try_from(state.config.auth.refresh_token_ttl_days).unwrap_or(30);
    tx.insert_refresh_token(&NewRefreshToken {
        id: Uuid::now_v7(),
        user_id: user,
        family_id: family,
        token_hash: hash_token(&refresh),
        created_at: now,
        expires_at: now + TimeDelta::days(ttl_days),
    })
    .await?;
    let access = state.jwt.issue(user)?;
    Ok(TokenPair {
        access_token: access.token,
        token_type: "Bearer",
        expires_in: access.expires_in,
        refresh_token: refresh,
    })
}

/// Runs `work` and answers no sooner than `auth.min_response_ms` after it began, so that an
/// answer takes as long whether or not the address it concerns has an account (the work that
/// differs is far shorter than the floor).
pub async fn uniformly<T>(state: &AppState, work: impl Future<Output = T>) -> T {
    let started = tokio::time::Instant::now();
    let out = work.await;
    let floor = std::time::Duration::from_millis(state.config.auth.min_response_ms);
    tokio::time::sleep_until(started + floor).await;
    out
}
