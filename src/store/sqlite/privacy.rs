//! One person's data for SQLite: export and erasure.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::SqliteTx;
use crate::store::StoreResult;
use crate::store::privacy::*;

#[async_trait]
impl PrivacyStore for SqliteTx {
    async fn sessions_of(&mut self, user: Uuid) -> StoreResult<Vec<SessionRecord>> {
        Ok(sqlx::query_as(
            "SELECT id, family_id, created_at, expires_at, spent_at, revoked_at
               FROM refresh_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn experiences_by(&mut self, user: Uuid) -> StoreResult<Vec<AuthoredExperience>> {
        Ok(sqlx::query_as(
            "SELECT e.id, e.collaboration_id, c.title AS collaboration_title, e.title, e.body_md,
                    e.what_worked, e.what_did_not, e.advice, e.state, e.created_at, e.updated_at
               FROM experiences e JOIN collaborations c ON c.id = e.collaboration_id
              WHERE e.author_id = $1 AND e.deleted_at IS NULL
              ORDER BY e.created_at, e.id",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn comments_by(&mut self, user: Uuid) -> StoreResult<Vec<AuthoredComment>> {
        Ok(sqlx::query_as(
            "SELECT id, experience_id, kind, body, created_at FROM comments
              WHERE author_id = $1 ORDER BY created_at, id",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn follows_to_export(&mut self, user: Uuid) -> StoreResult<Vec<FollowRecord>> {
        Ok(sqlx::query_as(
            "SELECT target_type, target_id, created_at FROM follows
              WHERE user_id = $1 ORDER BY created_at, id",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn notifications_to_export(
        &mut self,
        user: Uuid,
    ) -> StoreResult<Vec<NotificationRecord>> {
        Ok(sqlx::query_as(
            "SELECT n.kind, e.url, n.created_at, n.read_at
               FROM notifications n JOIN events e ON e.id = n.event_id
              WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.event_id DESC",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn saved_searches_of(&mut self, user: Uuid) -> StoreResult<Vec<SavedSearchRecord>> {
        Ok(sqlx::query_as(
            "SELECT name, query, created_at FROM saved_searches
              WHERE user_id = $1 ORDER BY created_at, id",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn erase_user(
        &mut self,
        user: Uuid,
        email_normalized: &str,
        identity: &ErasedIdentity,
        at: DateTime<Utc>,
    ) -> StoreResult<Erased> {
        let mut erased = Erased::default();
        let by_user = [
            "DELETE FROM memberships WHERE user_id = $1",
            "DELETE FROM refresh_tokens WHERE user_id = $1",
            "DELETE FROM email_tokens WHERE user_id = $1",
            "DELETE FROM follows WHERE user_id = $1",
            "DELETE FROM notifications WHERE user_id = $1",
            "DELETE FROM notification_preferences WHERE user_id = $1",
            "DELETE FROM digests WHERE user_id = $1",
            "DELETE FROM saved_searches WHERE user_id = $1",
        ];
        let mut counts = [0u64; 8];
        for (sql, count) in by_user.iter().zip(counts.iter_mut()) {
            *count = sqlx::query(*sql)
                .bind(user)
                .execute(self.conn())
                .await?
                .rows_affected();
        }
        erased.memberships = counts[0];
        erased.sessions = counts[1];
        erased.email_tokens = counts[2];
        erased.follows = counts[3];
        erased.notifications = counts[4] + counts[5] + counts[6];
        erased.saved_searches = counts[7];
        erased.invitations = sqlx::query("DELETE FROM invitations WHERE email_normalized = $1")
            .bind(email_normalized)
            .execute(self.conn())
            .await?
            .rows_affected();
        erased.emails = sqlx::query("DELETE FROM outbox WHERE lower(recipient) = $1")
            .bind(email_normalized)
            .execute(self.conn())
            .await?
            .rows_affected();
        sqlx::query(
            "UPDATE users SET email = $2, email_normalized = $2, name = $3, password_hash = $4,
                 email_verified_at = NULL, platform_role = 'none', email_frequency = 'off',
                 tokens_valid_after = $5, updated_at = $5
              WHERE id = $1",
        )
        .bind(user)
        .bind(&identity.email)
        .bind(&identity.name)
        .bind(&identity.password_hash)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(erased)
    }
}
