//! A login session: a short-lived access token (JWT) and a refresh token that is rotated on
//! every use, with reuse of a spent one ending its whole family.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::password::Verdict;
use crate::auth::rate_limit::{self, Action};
use crate::auth::tokens::{hash_token, random_token};
use crate::domain::Email;
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

/// Logs in with an email address and a password: a new session (a fresh refresh family).
/// A wrong address and a wrong password get the same 401, in the same time; rate limited per
/// client address and per account. What the API's login and the log-in page both call.
pub async fn log_in(
    state: &AppState,
    ip: &str,
    email: &str,
    password: &str,
) -> Result<TokenPair, AppError> {
    uniformly(state, authenticate(state, ip, email, password)).await
}

async fn authenticate(
    state: &AppState,
    ip: &str,
    email: &str,
    password: &str,
) -> Result<TokenPair, AppError> {
    rate_limit::check(state, Action::Login, Some(ip), Some(email)).await?;
    let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
    let user = state
        .store
        .read()
        .await?
        .user_by_email(&email.normalized())
        .await?;
    // An unknown address is checked against a dummy hash: the same work, the same time.
    let verdict = state
        .hasher
        .verify(user.as_ref().map(|u| u.password_hash.as_str()), password)
        .await?;
    let user = match (user, verdict) {
        (Some(user), Verdict::Right | Verdict::RightButRehash) => user,
        _ => return Err(AppError::Unauthorized("problem-login-failed")),
    };
    let rehash = if verdict == Verdict::RightButRehash {
        Some(state.hasher.hash(password).await?)
    } else {
        None
    };
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    if let Some(hash) = rehash {
        tx.set_password_hash(user.id, &hash, now).await?;
    }
    let pair = issue_pair(state, &mut *tx, user.id, Uuid::now_v7(), now).await?;
    tx.commit().await?;
    Ok(pair)
}

/// Exchanges a refresh token for a new pair in the same session. Each refresh token works
/// once; presenting a spent one again ends its whole session (someone else has a copy).
/// What the API's refresh and the pages' sliding session both call.
pub async fn rotate(
    state: &AppState,
    ip: &str,
    refresh_token: &str,
) -> Result<TokenPair, AppError> {
    let invalid = || AppError::Unauthorized("problem-refresh-invalid");
    rate_limit::check(state, Action::Refresh, Some(ip), None).await?;
    let hash = hash_token(refresh_token);
    let row = state
        .store
        .read()
        .await?
        .refresh_token_by_hash(&hash)
        .await?
        .ok_or_else(invalid)?;
    rate_limit::check(state, Action::Refresh, None, Some(&row.user_id.to_string())).await?;
    let now = Utc::now();
    if row.expires_at <= now || row.revoked_at.is_some() {
        return Err(invalid());
    }
    let mut tx = state.store.write().await?;
    if !tx.spend_refresh_token(row.id, now).await? {
        // Spent or revoked already: whoever holds this copy may not be its owner.
        tx.revoke_refresh_family(row.family_id, now).await?;
        tx.commit().await?;
        tracing::warn!(user = %row.user_id, "a spent refresh token was presented; its session is ended");
        return Err(invalid());
    }
    let pair = issue_pair(state, &mut *tx, row.user_id, row.family_id, now).await?;
    tx.commit().await?;
    Ok(pair)
}

/// Ends the session `refresh_token` belongs to (nothing happens for an unknown token).
pub async fn log_out(state: &AppState, refresh_token: &str) -> Result<(), AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    if let Some(row) = tx.refresh_token_by_hash(&hash_token(refresh_token)).await? {
        tx.revoke_refresh_family(row.family_id, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Ends every session of `user`, on every device: refresh tokens revoked, access tokens
/// refused from now on.
pub async fn log_out_everywhere(state: &AppState, user: Uuid) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    tx.revoke_all_sessions(user, Utc::now()).await?;
    tx.commit().await?;
    Ok(())
}
