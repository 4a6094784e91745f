//! Invitations for SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::SqliteTx;
use crate::store::StoreResult;
use crate::store::invitations::*;

macro_rules! invitation_columns {
    () => {
        "id, organisation_id, email, email_normalized, role, invited_by, created_at, expires_at,
         accepted_at, revoked_at"
    };
}

#[async_trait]
impl InvitationStore for SqliteTx {
    async fn insert_invitation(&mut self, i: &NewInvitation) -> StoreResult<()> {
        let normalized = i.email.to_lowercase();
        sqlx::query(
            "UPDATE invitations SET revoked_at = $3
              WHERE organisation_id = $1 AND email_normalized = $2
                AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(i.organisation_id)
        .bind(&normalized)
        .bind(i.created_at)
        .execute(self.conn())
        .await?;
        sqlx::query(
            "INSERT INTO invitations (id, organisation_id, email, email_normalized, role,
                 token_hash, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(i.id)
        .bind(i.organisation_id)
        .bind(&i.email)
        .bind(&normalized)
        .bind(&i.role)
        .bind(&i.token_hash)
        .bind(i.invited_by)
        .bind(i.created_at)
        .bind(i.expires_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn invitation_by_hash(&mut self, hash: &str) -> StoreResult<Option<InvitationRow>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            invitation_columns!(),
            " FROM invitations WHERE token_hash = $1"
        ))
        .bind(hash)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn accept_invitation(
        &mut self,
        id: Uuid,
        user: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE invitations SET accepted_at = $3, accepted_by = $2
              WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
        )
        .bind(id)
        .bind(user)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn open_invitations(
        &mut self,
        org: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<InvitationRow>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            invitation_columns!(),
            " FROM invitations
              WHERE organisation_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL
                AND expires_at > $2
              ORDER BY created_at DESC"
        ))
        .bind(org)
        .bind(now)
        .fetch_all(self.conn())
        .await?)
    }

    async fn revoke_invitation(
        &mut self,
        org: Uuid,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE invitations SET revoked_at = $3
              WHERE id = $2 AND organisation_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(org)
        .bind(id)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
