//! The email outbox: every email is a row written with the change that causes it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreResult;

/// An email to queue.
#[derive(Debug, Clone)]
pub struct NewOutboxEmail {
    /// Id.
    pub id: Uuid,
    /// Unique per message: queueing the same key again does nothing.
    pub idempotency_key: String,
    /// What kind of email (`verify`, `invitation`, ...), for operators.
    pub kind: String,
    /// The Message-ID header, `<...@...>`.
    pub message_id: String,
    /// The recipient's address.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// HTML body.
    pub body_html: String,
    /// Extra headers, a JSON object of name -> value (e.g. `List-Unsubscribe`).
    pub headers: serde_json::Value,
    /// Queued at; also the first attempt time.
    pub created_at: DateTime<Utc>,
}

/// A queued, sent or dead email.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    /// Id.
    pub id: Uuid,
    /// The idempotency key.
    pub idempotency_key: String,
    /// What kind of email.
    pub kind: String,
    /// The Message-ID header.
    pub message_id: String,
    /// The recipient's address.
    pub recipient: String,
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub body_text: String,
    /// HTML body.
    pub body_html: String,
    /// Extra headers, a JSON object as text.
    pub headers: String,
    /// `pending`, `sent` or `dead`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i64,
    /// When the next attempt is due.
    pub next_attempt_at: DateTime<Utc>,
    /// The last failure.
    pub last_error: Option<String>,
    /// Queued.
    pub created_at: DateTime<Utc>,
    /// Delivered to the mail server.
    pub sent_at: Option<DateTime<Utc>>,
}

/// How many messages wait and how many died, for the metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Waiting to be sent, retries included.
    pub pending: i64,
    /// Failed their last attempt.
    pub dead: i64,
}

/// How a claimed message ended.
#[derive(Debug, Clone)]
pub enum DeliveryOutcome {
    /// Handed to the mail server.
    Sent,
    /// Failed; try again at the given time.
    Retry(DateTime<Utc>),
    /// Failed for the last time.
    Dead,
}

/// The outbox.
#[async_trait]
pub trait OutboxStore {
    /// Queues an email; `false` (and nothing changes) when its idempotency key is queued already.
    async fn enqueue_email(&mut self, email: &NewOutboxEmail) -> StoreResult<bool>;
    /// Takes up to `limit` due messages for this worker until `lease_until`, counting an attempt
    /// on each. PostgreSQL skips rows another worker is taking (`FOR UPDATE SKIP LOCKED`);
    /// SQLite's write transaction is exclusive.
    async fn claim_due_emails(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        claim: Uuid,
        limit: i64,
    ) -> StoreResult<Vec<OutboxRow>>;
    /// Records how an attempt ended, if the message is still this worker's claim.
    async fn finish_email(
        &mut self,
        id: Uuid,
        claim: Uuid,
        outcome: &DeliveryOutcome,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Messages, newest first; only those with `status` when given.
    async fn outbox_emails(
        &mut self,
        status: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<OutboxRow>>;
    /// Puts a pending or dead message back in the queue with fresh attempts; `false` when there
    /// is no such unsent message.
    async fn retry_email(&mut self, id: Uuid, now: DateTime<Utc>) -> StoreResult<bool>;
    /// How many messages are pending and how many are dead.
    async fn outbox_counts(&mut self) -> StoreResult<OutboxCounts>;
}
