//! The outbox worker: takes due emails, sends them, and retries failures with exponential
//! backoff until `outbox.max_attempts`, after which a message is dead (see
//! `bymidter outbox list --dead`).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::Mailer;
use crate::config::Config;
use crate::store::outbox::{DeliveryOutcome, OutboxRow};
use crate::store::{Store, StoreResult};

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Handed to the mail server.
    pub sent: usize,
    /// Failed, to be tried again.
    pub retrying: usize,
    /// Failed for the last time.
    pub dead: usize,
}

/// Sends what the outbox holds. Cheap to clone; clones share one round at a time.
#[derive(Clone)]
pub struct OutboxWorker {
    store: Arc<dyn Store>,
    mailer: Arc<Mailer>,
    config: Arc<Config>,
    /// One round at a time in this process, so that a round driven by hand (tests, the CLI)
    /// waits for the background one and then sees everything it left.
    round: Arc<tokio::sync::Mutex<()>>,
}

impl OutboxWorker {
    /// A worker over `store` sending through `mailer`.
    pub fn new(store: Arc<dyn Store>, mailer: Arc<Mailer>, config: Arc<Config>) -> Self {
        OutboxWorker {
            store,
            mailer,
            config,
            round: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    /// Polls until `stop` is cancelled, a round every `outbox.poll_interval_ms` (the first after
    /// one interval); a round in progress finishes first.
    pub async fn run(self, stop: CancellationToken) {
        let poll = Duration::from_millis(self.config.outbox.poll_interval_ms.max(10));
        let mut last_prune: Option<DateTime<Utc>> = None;
        loop {
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(poll) => {}
            }
            let now = Utc::now();
            if let Err(e) = self.run_once(now).await {
                tracing::warn!(error = %e, "outbox round failed");
            }
            if last_prune.is_none_or(|t| now - t > TimeDelta::minutes(5)) {
                last_prune = Some(now);
                if let Err(e) = self.prune(now).await {
                    tracing::warn!(error = %e, "pruning old counters and tokens failed");
                }
            }
        }
        tracing::info!("outbox worker stopped");
    }

    /// Sends every message due at `now`, a batch at a time; failures are rescheduled.
    pub async fn run_once(&self, now: DateTime<Utc>) -> anyhow::Result<RoundReport> {
        let _round = self.round.lock().await;
        let mut report = RoundReport::default();
        let batch = i64::from(self.config.outbox.batch_size.max(1));
        // Bounded, so a round always ends even if messages keep falling due.
        for _ in 0..100 {
            let claim = Uuid::now_v7();
            let lease_until = now.max(Utc::now()) + self.lease();
            let mut tx = self.store.write().await?;
            let claimed = tx.claim_due_emails(now, lease_until, claim, batch).await?;
            tx.commit().await?;
            let count = claimed.len();
            for email in claimed {
                let outcome = self.deliver(&email, claim, now).await?;
                match outcome {
                    DeliveryOutcome::Sent => report.sent += 1,
                    DeliveryOutcome::Retry(_) => report.retrying += 1,
                    DeliveryOutcome::Dead => report.dead += 1,
                }
            }
            if i64::try_from(count).unwrap_or(0) < batch {
                break;
            }
        }
        Ok(report)
    }

    async fn deliver(
        &self,
        email: &OutboxRow,
        claim: Uuid,
        now: DateTime<Utc>,
    ) -> anyhow::Result<DeliveryOutcome> {
        let result = self.mailer.send(email).await;
        let (outcome, error) = match result {
            Ok(()) => (DeliveryOutcome::Sent, None),
            Err(e) => {
                let error = format!("{e:#}");
                let max = i64::from(self.config.outbox.max_attempts.max(1));
                if email.attempts >= max {
                    tracing::error!(
                        id = %email.id,
                        to = %crate::domain::email::mask(&email.recipient),
                        attempts = email.attempts,
                        error = %error,
                        "email is dead after its last attempt"
                    );
                    (DeliveryOutcome::Dead, Some(error))
                } else {
                    let next = now + self.backoff(email.attempts);
                    tracing::warn!(
                        id = %email.id,
                        to = %crate::domain::email::mask(&email.recipient),
                        attempts = email.attempts,
                        next_attempt_at = %next,
                        error = %error,
                        "email not sent; it will be retried"
                    );
                    (DeliveryOutcome::Retry(next), Some(error))
                }
            }
        };
        let mut tx = self.store.write().await?;
        tx.finish_email(email.id, claim, &outcome, error.as_deref(), now)
            .await?;
        tx.commit().await?;
        Ok(outcome)
    }

    /// The wait after the `attempts`-th failure: `retry_base_secs`, doubling, at most a day.
    fn backoff(&self, attempts: i64) -> TimeDelta {
        let base = i64::try_from(self.config.outbox.retry_base_secs).unwrap_or(30);
        let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        let secs = base.saturating_mul(1_i64 << exponent).min(86_400);
        TimeDelta::seconds(secs)
    }

    /// How long a claimed batch belongs to this worker: long enough to send the whole batch
    /// even if every message takes the full SMTP timeout (so no other process takes it over
    /// and sends twice), short enough that a crash mid-send is retried within minutes.
    fn lease(&self) -> TimeDelta {
        let timeout = i64::try_from(self.config.mail.smtp_timeout_secs).unwrap_or(20);
        let batch = i64::from(self.config.outbox.batch_size.max(1));
        TimeDelta::seconds((timeout.max(1) * (batch + 2)).max(60))
    }

    /// Forgets lapsed rate-limit counters and refreshes the query planner's statistics.
    async fn prune(&self, now: DateTime<Utc>) -> anyhow::Result<()> {
        let window = i64::try_from(self.config.rate_limits.window_secs).unwrap_or(300);
        let mut tx = self.store.write().await?;
        tx.prune_rate_limits(now - TimeDelta::seconds(window))
            .await?;
        tx.commit().await?;
        self.store.optimize().await?;
        Ok(())
    }
}

/// The newest `limit` emails in the outbox, or only those with `status` (`pending`, `sent`,
/// `dead`). What the admin pages, the API and `bymidter outbox list` show.
pub async fn list(
    store: &Arc<dyn Store>,
    status: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<OutboxRow>> {
    store.read().await?.outbox_emails(status, limit).await
}

/// Puts a dead (or waiting) email back in the queue with fresh attempts; `false` when no
/// unsent email has that id. The running worker sends it.
pub async fn retry(store: &Arc<dyn Store>, id: Uuid, now: DateTime<Utc>) -> StoreResult<bool> {
    let mut tx = store.write().await?;
    let found = tx.retry_email(id, now).await?;
    tx.commit().await?;
    Ok(found)
}
