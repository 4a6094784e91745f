//! Sessions, single-use email tokens and rate-limit counters for PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::PgTx;
use crate::store::StoreResult;
use crate::store::sessions::*;

#[async_trait]
impl SessionStore for PgTx {
    async fn insert_refresh_token(&mut self, t: &NewRefreshToken) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t.id)
        .bind(t.user_id)
        .bind(t.family_id)
        .bind(&t.token_hash)
        .bind(t.created_at)
        .bind(t.expires_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn refresh_token_by_hash(&mut self, hash: &str) -> StoreResult<Option<RefreshTokenRow>> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, family_id, created_at, expires_at, spent_at, revoked_at
               FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(hash)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn spend_refresh_token(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE refresh_tokens SET spent_at = $2
              WHERE id = $1 AND spent_at IS NULL AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn revoke_refresh_family(&mut self, family: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL",
        )
        .bind(family)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn revoke_all_sessions(&mut self, user: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE users SET tokens_valid_after = $2, updated_at = $2 WHERE id = $1")
            .bind(user)
            .bind(at)
            .execute(self.conn())
            .await?;
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn insert_email_token(&mut self, t: &NewEmailToken) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO email_tokens (id, user_id, purpose, token_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(t.id)
        .bind(t.user_id)
        .bind(t.purpose.as_str())
        .bind(&t.token_hash)
        .bind(t.created_at)
        .bind(t.expires_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn use_email_token(
        &mut self,
        purpose: TokenPurpose,
        hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<Uuid>> {
        Ok(sqlx::query_scalar(
            "UPDATE email_tokens SET used_at = $3
              WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
             RETURNING user_id",
        )
        .bind(hash)
        .bind(purpose.as_str())
        .bind(at)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn prune_expired_tokens(&mut self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        let refresh = sqlx::query("DELETE FROM refresh_tokens WHERE expires_at < $1")
            .bind(cutoff)
            .execute(self.conn())
            .await?;
        let email = sqlx::query("DELETE FROM email_tokens WHERE expires_at < $1")
            .bind(cutoff)
            .execute(self.conn())
            .await?;
        Ok(refresh.rows_affected() + email.rows_affected())
    }

    async fn expire_email_tokens(
        &mut self,
        user: Uuid,
        purpose: TokenPurpose,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE email_tokens SET used_at = $3
              WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        )
        .bind(user)
        .bind(purpose.as_str())
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

#[async_trait]
impl RateLimitStore for PgTx {
    async fn hit_rate_limit(
        &mut self,
        bucket: &str,
        now: DateTime<Utc>,
        window_cutoff: DateTime<Utc>,
    ) -> StoreResult<RateCount> {
        // A count lost in a crash is harmless, so the counting transaction does not wait for
        // its commit to reach the disk: the counter row's lock is held for less time.
        sqlx::query("SET LOCAL synchronous_commit = off")
            .execute(self.conn())
            .await?;
        Ok(sqlx::query_as(
            "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
             ON CONFLICT (bucket) DO UPDATE SET
                 hits = CASE WHEN rate_limits.window_start <= $3 THEN 1
                             ELSE rate_limits.hits + 1 END,
                 window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2
                                     ELSE rate_limits.window_start END
             RETURNING hits, window_start",
        )
        .bind(bucket)
        .bind(now)
        .bind(window_cutoff)
        .fetch_one(self.conn())
        .await?)
    }

    async fn prune_rate_limits(&mut self, cutoff: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
            .bind(cutoff)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected())
    }
}
