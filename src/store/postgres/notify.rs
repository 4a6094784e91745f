//! Follows and notifications for PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::PgTx;
use super::registry::arguments;
use crate::store::StoreResult;
use crate::store::notify::*;

macro_rules! due_select {
    () => {
        "SELECT n.user_id, u.email, u.name, u.locale, n.event_id, n.kind, e.data::text AS data, e.url, e.created_at
           FROM notifications n JOIN users u ON u.id = n.user_id JOIN events e ON e.id = n.event_id"
    };
}

#[async_trait]
impl NotifyStore for PgTx {
    async fn follow(&mut self, row: &FollowRow) -> StoreResult<(FollowRow, bool)> {
        let inserted = sqlx::query(
            "INSERT INTO follows (id, user_id, target_type, target_id, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, target_type, target_id) DO NOTHING",
        )
        .bind(row.id)
        .bind(row.user_id)
        .bind(&row.target_type)
        .bind(&row.target_id)
        .bind(row.created_at)
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0;
        let stored = sqlx::query_as(
            "SELECT id, user_id, target_type, target_id, created_at FROM follows
              WHERE user_id = $1 AND target_type = $2 AND target_id = $3",
        )
        .bind(row.user_id)
        .bind(&row.target_type)
        .bind(&row.target_id)
        .fetch_one(self.conn())
        .await?;
        Ok((stored, inserted))
    }

    async fn follows_of(&mut self, user: Uuid) -> StoreResult<Vec<FollowRow>> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, target_type, target_id, created_at FROM follows
              WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn follows_of_type(&mut self, target_type: &str) -> StoreResult<Vec<FollowRow>> {
        Ok(sqlx::query_as(
            "SELECT id, user_id, target_type, target_id, created_at FROM follows
              WHERE target_type = $1 ORDER BY id",
        )
        .bind(target_type)
        .fetch_all(self.conn())
        .await?)
    }

    async fn unfollow(&mut self, user: Uuid, id: Uuid) -> StoreResult<bool> {
        Ok(
            sqlx::query("DELETE FROM follows WHERE user_id = $1 AND id = $2")
                .bind(user)
                .bind(id)
                .execute(self.conn())
                .await?
                .rows_affected()
                > 0,
        )
    }

    async fn notify(
        &mut self,
        event: &NewEvent,
        audience: &Audience,
        delivery: Delivery,
    ) -> StoreResult<u64> {
        sqlx::query(
            "INSERT INTO events (id, kind, actor_id, data, url, created_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)",
        )
        .bind(event.id)
        .bind(event.kind)
        .bind(event.actor_id)
        .bind(event.data.to_string())
        .bind(&event.url)
        .bind(event.created_at)
        .execute(self.conn())
        .await?;
        let q = fan_out_sql(event, audience, delivery);
        let args = arguments(&q.binds)?;
        Ok(sqlx::query_with(sqlx::AssertSqlSafe(q.sql), args)
            .execute(self.conn())
            .await?
            .rows_affected())
    }

    async fn notifications_of(
        &mut self,
        user: Uuid,
        unread_only: bool,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<NotificationRow>> {
        Ok(sqlx::query_as(
            "SELECT n.event_id, n.kind, e.data::text AS data, e.url, n.created_at, n.read_at
               FROM notifications n JOIN events e ON e.id = n.event_id
              WHERE n.user_id = $1 AND (NOT $2::boolean OR n.read_at IS NULL) AND ($3::uuid IS NULL OR n.event_id < $3)
              ORDER BY n.event_id DESC LIMIT $4",
        )
        .bind(user)
        .bind(unread_only)
        .bind(after)
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn mark_read(
        &mut self,
        user: Uuid,
        events: Option<&[Uuid]>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        let Some(events) = events else {
            return Ok(sqlx::query(
                "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
            )
            .bind(user)
            .bind(at)
            .execute(self.conn())
            .await?
            .rows_affected());
        };
        Ok(sqlx::query(
            "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND event_id = ANY($2) AND read_at IS NULL",
        )
        .bind(user)
        .bind(events)
        .bind(at)
        .execute(self.conn())
        .await?
        .rows_affected())
    }

    async fn claim_immediate(&mut self, limit: i64) -> StoreResult<Vec<DueNotification>> {
        // Rows another process has taken are skipped, not waited for.
        Ok(sqlx::query_as(concat!(
            due_select!(),
            " WHERE n.email_state = 'immediate' ORDER BY n.event_id LIMIT $1 FOR UPDATE OF n SKIP LOCKED"
        ))
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn digest_users(
        &mut self,
        cadence: &str,
        period: &str,
        limit: i64,
    ) -> StoreResult<Vec<Uuid>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT n.user_id FROM notifications n
              WHERE n.email_state = $1
                AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.user_id = n.user_id AND d.period = $2)
              LIMIT $3",
        )
        .bind(cadence)
        .bind(period)
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn start_digest(
        &mut self,
        user: Uuid,
        period: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        Ok(sqlx::query(
            "INSERT INTO digests (user_id, period, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (user_id, period) DO NOTHING",
        )
        .bind(user)
        .bind(period)
        .bind(at)
        .execute(self.conn())
        .await?
        .rows_affected()
            > 0)
    }

    async fn digest_items(
        &mut self,
        user: Uuid,
        cadence: &str,
    ) -> StoreResult<Vec<DueNotification>> {
        Ok(sqlx::query_as(concat!(
            due_select!(),
            " WHERE n.user_id = $1 AND n.email_state = $2 ORDER BY n.event_id FOR UPDATE OF n"
        ))
        .bind(user)
        .bind(cadence)
        .fetch_all(self.conn())
        .await?)
    }

    async fn mark_emailed(&mut self, user: Uuid, events: &[Uuid]) -> StoreResult<()> {
        sqlx::query("UPDATE notifications SET email_state = 'sent' WHERE user_id = $1 AND event_id = ANY($2)")
            .bind(user)
            .bind(events)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    async fn preferences(&mut self, user: Uuid) -> StoreResult<Vec<(String, String)>> {
        Ok(sqlx::query_as(
            "SELECT kind, frequency FROM notification_preferences WHERE user_id = $1 ORDER BY kind",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn set_preference(
        &mut self,
        user: Uuid,
        kind: &str,
        frequency: Option<&str>,
    ) -> StoreResult<()> {
        match frequency {
            Some(f) => {
                sqlx::query(
                    "INSERT INTO notification_preferences (user_id, kind, frequency) VALUES ($1, $2, $3)
                     ON CONFLICT (user_id, kind) DO UPDATE SET frequency = excluded.frequency",
                )
                .bind(user)
                .bind(kind)
                .bind(f)
                .execute(self.conn())
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM notification_preferences WHERE user_id = $1 AND kind = $2",
                )
                .bind(user)
                .bind(kind)
                .execute(self.conn())
                .await?;
            }
        }
        Ok(())
    }

    async fn set_email_frequency(
        &mut self,
        user: Uuid,
        frequency: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE users SET email_frequency = $2, updated_at = $3 WHERE id = $1")
            .bind(user)
            .bind(frequency)
            .bind(at)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    async fn stale_collaborations(
        &mut self,
        before: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<StaleCollaboration>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.organisation_id, o.slug AS organisation_slug, c.title, c.slug
               FROM collaborations c JOIN organisations o ON o.id = c.organisation_id
              WHERE c.state = 'published' AND c.deleted_at IS NULL
                AND c.updated_at < $1 AND c.confirmed_at < $1
                AND (c.review_reminded_at IS NULL OR c.review_reminded_at < $1)
              ORDER BY c.id LIMIT $2",
        )
        .bind(before)
        .bind(limit)
        .fetch_all(self.conn())
        .await?)
    }

    async fn mark_reminded(&mut self, collaboration: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE collaborations SET review_reminded_at = $2 WHERE id = $1")
            .bind(collaboration)
            .bind(at)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
