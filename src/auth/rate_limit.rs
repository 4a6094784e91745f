//! Rate limits on the authentication endpoints, per client address and per account, counted
//! in the database so that every process shares them. Over the limit: 429 with Retry-After.

use chrono::{TimeDelta, Utc};

use crate::app::AppState;
use crate::auth::tokens::hash_token;
use crate::error::AppError;

/// What is being limited; each has its own counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Logging in (and changing a password, which checks the current one).
    Login,
    /// Registering.
    Register,
    /// Asking for a password reset link.
    PasswordReset,
    /// Asking for a new verification link.
    ResendVerification,
    /// Exchanging a refresh token.
    Refresh,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Login => "login",
            Action::Register => "register",
            Action::PasswordReset => "reset",
            Action::ResendVerification => "resend",
            Action::Refresh => "refresh",
        }
    }
}

/// Counts an attempt of `action` from `ip` on `account` (an email address or a user id; stored
/// only as a hash) and refuses it with 429 when either is over its limit. Call it while no
/// write transaction is open: it commits one of its own.
pub async fn check(
    state: &AppState,
    action: Action,
    ip: Option<&str>,
    account: Option<&str>,
) -> Result<(), AppError> {
    let limits = &state.config.rate_limits;
    if !limits.enabled {
        return Ok(());
    }
    let now = Utc::now();
    let window = TimeDelta::seconds(i64::try_from(limits.window_secs).unwrap_or(300).max(1));
    let cutoff = now - window;
    let mut buckets = Vec::with_capacity(2);
    if let Some(ip) = ip {
        buckets.push((format!("{}:ip:{ip}", action.name()), limits.per_ip));
    }
    if let Some(account) = account {
        let key = hash_token(&account.trim().to_lowercase());
        buckets.push((
            format!("{}:account:{key}", action.name()),
            limits.per_account,
        ));
    }
    let mut retry_after: Option<i64> = None;
    let mut tx = state.store.write().await?;
    for (bucket, limit) in &buckets {
        let count = tx.hit_rate_limit(bucket, now, cutoff).await?;
        if count.hits > i64::from(*limit) {
            let wait = (count.window_start + window - now).num_milliseconds();
            let secs = (wait + 999) / 1000;
            retry_after = Some(retry_after.unwrap_or(0).max(secs.max(1)));
        }
    }
    tx.commit().await?;
    match retry_after {
        Some(secs) => {
            tracing::info!(action = action.name(), "rate limit reached");
            Err(AppError::TooManyRequests {
                retry_after: u64::try_from(secs).unwrap_or(1),
            })
        }
        None => Ok(()),
    }
}
