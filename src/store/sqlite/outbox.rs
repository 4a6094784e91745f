//! The email outbox for SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::SqliteTx;
use crate::store::StoreResult;
use crate::store::outbox::*;

macro_rules! outbox_columns {
    () => {
        "id, idempotency_key, kind, message_id, recipient, subject, body_text, body_html,
         headers, status, attempts, next_attempt_at, last_error, created_at, sent_at"
    };
}

#[async_trait]
impl OutboxStore for SqliteTx {
    async fn enqueue_email(&mut self, e: &NewOutboxEmail) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO outbox (id, idempotency_key, kind, message_id, recipient, subject,
                 body_text, body_html, headers, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(e.id)
        .bind(&e.idempotency_key)
        .bind(&e.kind)
        .bind(&e.message_id)
        .bind(&e.recipient)
        .bind(&e.subject)
        .bind(&e.body_text)
        .bind(&e.body_html)
        .bind(e.headers.to_string())
        .bind(e.created_at)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn claim_due_emails(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        claim: Uuid,
        limit: i64,
    ) -> StoreResult<Vec<OutboxRow>> {
        Ok(sqlx::query_as(concat!(
            "UPDATE outbox SET claimed_until = $2, claim_id = $3, attempts = attempts + 1
              WHERE id IN (SELECT id FROM outbox
                            WHERE status = 'pending' AND next_attempt_at <= $1
                              AND (claimed_until IS NULL OR claimed_until <= $1)
                            ORDER BY next_attempt_at
                            LIMIT $4)
             RETURNING ",
            outbox_columns!()
        ))
        .bind(now)
        .bind(lease_until)
        .bind(claim)
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn finish_email(
        &mut self,
        id: Uuid,
        claim: Uuid,
        outcome: &DeliveryOutcome,
        error: Option<&str>,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        let (status, next, sent_at) = match outcome {
            DeliveryOutcome::Sent => ("sent", at, Some(at)),
            DeliveryOutcome::Retry(next) => ("pending", *next, None),
            DeliveryOutcome::Dead => ("dead", at, None),
        };
        sqlx::query(
            "UPDATE outbox SET status = $3, next_attempt_at = $4, sent_at = $5, last_error = $6,
                 claimed_until = NULL, claim_id = NULL
              WHERE id = $1 AND claim_id = $2",
        )
        .bind(id)
        .bind(claim)
        .bind(status)
        .bind(next)
        .bind(sent_at)
        .bind(error)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn outbox_emails(
        &mut self,
        status: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<OutboxRow>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            outbox_columns!(),
            " FROM outbox WHERE ($1 IS NULL OR status = $1)
              ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(status)
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn retry_email(&mut self, id: Uuid, now: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $2,
                 claimed_until = NULL, claim_id = NULL
              WHERE id = $1 AND status IN ('pending', 'dead')",
        )
        .bind(id)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn outbox_counts(&mut self) -> StoreResult<OutboxCounts> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM outbox WHERE status IN ('pending', 'dead')
              GROUP BY status",
        )
        .fetch_all(self.conn())
        .await?;
        let mut counts = OutboxCounts::default();
        for (status, n) in rows {
            match status.as_str() {
                "pending" => counts.pending = n,
                _ => counts.dead = n,
            }
        }
        Ok(counts)
    }
}
