//! Rate limits on the authentication endpoints, per client address and per account, counted
//! in the database so that every process shares them. Over the limit: 429 with Retry-After.
//!
//! Once a counter is over its limit it stays over until its window ends, so each process
//! remembers the refused counters ([`Refusals`]) and answers a flood of further attempts from
//! memory: a login flood costs no database write per attempt and does not slow everyone else.
//! Until the first refusal is remembered, the attempts take turns: at most [`TURNS`] counting
//! transactions at a time in a process, so a burst holds at most that many database
//! connections, and an attempt that waited for its turn looks at the refusals again first.

use chrono::{DateTime, TimeDelta, Utc};

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

/// How many refused counters a process remembers (the most recent ones).
const REMEMBERED: usize = 50_000;

/// How many counting transactions a process runs at a time.
const TURNS: usize = 2;

/// The counters this process has found over their limit, with the end of their window, and
/// the turns of the counting transactions.
pub struct Refusals {
    until: quick_cache::sync::Cache<String, DateTime<Utc>>,
    turns: tokio::sync::Semaphore,
}

impl Default for Refusals {
    fn default() -> Self {
        Refusals {
            until: quick_cache::sync::Cache::new(REMEMBERED),
            turns: tokio::sync::Semaphore::new(TURNS),
        }
    }
}

impl Refusals {
    /// When the window of the refused counter `bucket` ends, if it has not ended by `now`.
    fn refused_until(&self, bucket: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.until.get(bucket).filter(|until| *until > now)
    }

    /// The latest end of a remembered refusal among `buckets`, if any is refused at `now`.
    fn refused<'a>(
        &self,
        buckets: impl Iterator<Item = &'a str>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        buckets
            .filter_map(|bucket| self.refused_until(bucket, now))
            .max()
    }
}

fn too_many(wait: TimeDelta) -> AppError {
    let secs = (wait.num_milliseconds() + 999) / 1000;
    AppError::TooManyRequests {
        retry_after: u64::try_from(secs.max(1)).unwrap_or(1),
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
    let window = TimeDelta::seconds(i64::try_from(limits.window_secs).unwrap_or(300).max(1));
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
    let refusals = &state.refusals;
    let remembered = || {
        let now = Utc::now();
        let names = buckets.iter().map(|(bucket, _)| bucket.as_str());
        match refusals.refused(names, now) {
            Some(until) => Err(too_many(until - now)),
            None => Ok(now),
        }
    };
    remembered()?;
    let _turn = refusals
        .turns
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let now = remembered()?;
    let cutoff = now - window;
    let mut refused_until: Option<DateTime<Utc>> = None;
    let mut tx = state.store.write().await?;
    let mut over = Vec::new();
    for (bucket, limit) in buckets {
        let count = tx.hit_rate_limit(&bucket, now, cutoff).await?;
        if count.hits > i64::from(limit) {
            let until = count.window_start + window;
            refused_until = refused_until.max(Some(until));
            over.push((bucket, until));
        }
    }
    tx.commit().await?;
    for (bucket, until) in over {
        // Logged when the database finds a counter over; the refusals after it are answered
        // from memory and counted only in the metrics, so a flood does not flood the log too.
        tracing::info!(action = action.name(), "rate limit reached");
        state.refusals.until.insert(bucket, until);
    }
    match refused_until {
        Some(until) => Err(too_many(until - now)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_counter_is_remembered_until_its_window_ends() {
        let refusals = Refusals::default();
        let now = Utc::now();
        let end = now + TimeDelta::seconds(90);
        refusals.until.insert("login:ip:10.0.0.1".into(), end);
        assert_eq!(refusals.refused_until("login:ip:10.0.0.1", now), Some(end));
        assert_eq!(refusals.refused_until("login:ip:10.0.0.2", now), None);
        refusals
            .until
            .insert("login:account:k".into(), now + TimeDelta::seconds(30));
        assert_eq!(
            refusals.refused(["login:account:k", "login:ip:10.0.0.1"].into_iter(), now),
            Some(end),
            "an attempt waits for the later of its refused counters"
        );
        assert_eq!(
            refusals.refused(["login:ip:10.0.0.2", "login:account:j"].into_iter(), now),
            None
        );
        assert_eq!(
            refusals.refused_until("login:ip:10.0.0.1", end),
            None,
            "the window has ended: the database counts again"
        );
        let AppError::TooManyRequests { retry_after } = too_many(end - now) else {
            panic!("429");
        };
        assert_eq!(retry_after, 90);
    }
}
