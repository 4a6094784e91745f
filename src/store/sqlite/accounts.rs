//! Accounts, organisations and audit for SQLite.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::SqliteTx;
use crate::store::accounts::*;
use crate::store::{StoreError, StoreResult};

macro_rules! user_columns {
    () => {
        "id, email, email_normalized, name, password_hash, locale, email_verified_at, \
         platform_role, email_frequency, tokens_valid_after, created_at, updated_at"
    };
}

#[async_trait]
impl AccountStore for SqliteTx {
    async fn insert_user(&mut self, u: &NewUser) -> StoreResult<UserRow> {
        sqlx::query_as(
            "INSERT INTO users (id, email, email_normalized, name, password_hash, locale,
                 tokens_valid_after, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)
             RETURNING id, email, email_normalized, name, password_hash, locale,
                 email_verified_at, platform_role, email_frequency, tokens_valid_after,
                 created_at, updated_at",
        )
        .bind(u.id)
        .bind(&u.email)
        .bind(u.email.to_lowercase())
        .bind(&u.name)
        .bind(&u.password_hash)
        .bind(&u.locale)
        .bind(u.now)
        .fetch_one(self.conn())
        .await
        .map_err(|e| StoreError::on_unique(e, "email", "field-email-taken"))
    }

    async fn user(&mut self, id: Uuid) -> StoreResult<Option<UserRow>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn user_by_email(&mut self, email_normalized: &str) -> StoreResult<Option<UserRow>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE email_normalized = $1"
        ))
        .bind(email_normalized)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn set_user_verified(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2), updated_at = $2
              WHERE id = $1",
        )
        .bind(id)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn set_platform_role(
        &mut self,
        id: Uuid,
        role: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE users SET platform_role = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(role)
            .bind(at)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    async fn users_with_platform_role(&mut self) -> StoreResult<Vec<UserRow>> {
        Ok(sqlx::query_as(concat!(
            "SELECT ",
            user_columns!(),
            " FROM users WHERE platform_role <> 'none' ORDER BY platform_role, email_normalized"
        ))
        .fetch_all(self.conn())
        .await?)
    }

    async fn set_password_hash(
        &mut self,
        id: Uuid,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .bind(at)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    async fn update_profile(
        &mut self,
        id: Uuid,
        c: &ProfileChange,
        at: DateTime<Utc>,
    ) -> StoreResult<UserRow> {
        Ok(sqlx::query_as(concat!(
            "UPDATE users SET name = COALESCE($2, name), locale = COALESCE($3, locale),
                 email_frequency = COALESCE($4, email_frequency), updated_at = $5
              WHERE id = $1 RETURNING ",
            user_columns!()
        ))
        .bind(id)
        .bind(&c.name)
        .bind(&c.locale)
        .bind(&c.email_frequency)
        .bind(at)
        .fetch_one(self.conn())
        .await?)
    }
}

#[async_trait]
impl OrganisationStore for SqliteTx {
    async fn insert_organisation(&mut self, o: &OrganisationRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO organisations (id, name, slug, kind, municipality_code, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(o.id)
        .bind(&o.name)
        .bind(&o.slug)
        .bind(&o.kind)
        .bind(&o.municipality_code)
        .bind(o.created_at)
        .bind(o.updated_at)
        .execute(self.conn())
        .await
        .map_err(|e| StoreError::on_unique(e, "slug", "field-slug-taken"))?;
        Ok(())
    }

    async fn organisation(&mut self, id: Uuid) -> StoreResult<Option<OrganisationRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, slug, kind, municipality_code, created_at, updated_at
               FROM organisations WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn organisation_by_slug(&mut self, slug: &str) -> StoreResult<Option<OrganisationRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, slug, kind, municipality_code, created_at, updated_at
               FROM organisations WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn organisation_slug_taken(&mut self, slug: &str) -> StoreResult<bool> {
        Ok(
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organisations WHERE slug = $1)")
                .bind(slug)
                .fetch_one(self.conn())
                .await?,
        )
    }

    async fn put_member(
        &mut self,
        org: Uuid,
        user: Uuid,
        role: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO memberships (organisation_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (organisation_id, user_id) DO UPDATE SET role = excluded.role",
        )
        .bind(org)
        .bind(user)
        .bind(role)
        .bind(at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn member_role(&mut self, org: Uuid, user: Uuid) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2",
        )
        .bind(org)
        .bind(user)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn memberships_of(&mut self, user: Uuid) -> StoreResult<Vec<MembershipRow>> {
        Ok(sqlx::query_as(
            "SELECT m.organisation_id, o.name AS organisation_name, m.role
               FROM memberships m JOIN organisations o ON o.id = m.organisation_id
              WHERE m.user_id = $1 ORDER BY o.name",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn organisations_of(&mut self, user: Uuid) -> StoreResult<Vec<OwnOrganisationRow>> {
        Ok(sqlx::query_as(
            "SELECT o.id, o.name, o.slug, o.kind, o.municipality_code, m.role
               FROM memberships m JOIN organisations o ON o.id = m.organisation_id
              WHERE m.user_id = $1 ORDER BY o.name, o.id",
        )
        .bind(user)
        .fetch_all(self.conn())
        .await?)
    }

    async fn lock_organisation(&mut self, org: Uuid) -> StoreResult<()> {
        // The write transaction began with BEGIN IMMEDIATE: no other writer runs until it ends.
        let _ = org;
        Ok(())
    }

    async fn members_seen_by(&mut self, org: Uuid, actor: Uuid) -> StoreResult<Vec<MemberRow>> {
        Ok(sqlx::query_as(
            "SELECT u.id AS user_id, u.name, u.email, m.role, m.created_at AS joined_at
               FROM memberships m JOIN users u ON u.id = m.user_id
              WHERE m.organisation_id = $1
                AND EXISTS (SELECT 1 FROM memberships me
                             WHERE me.organisation_id = $1 AND me.user_id = $2)
              ORDER BY u.name, u.id",
        )
        .bind(org)
        .bind(actor)
        .fetch_all(self.conn())
        .await?)
    }

    async fn owner_count(&mut self, org: Uuid) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'owner'",
        )
        .bind(org)
        .fetch_one(self.conn())
        .await?)
    }

    async fn remove_member(&mut self, org: Uuid, user: Uuid) -> StoreResult<bool> {
        let done =
            sqlx::query("DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2")
                .bind(org)
                .bind(user)
                .execute(self.conn())
                .await?;
        Ok(done.rows_affected() == 1)
    }
}

#[async_trait]
impl AuditStore for SqliteTx {
    async fn record_audit(&mut self, e: &AuditEntry) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, organisation_id, entity_type, entity_id,
                 action, details, public)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(Uuid::now_v7())
        .bind(e.at)
        .bind(e.actor_id)
        .bind(e.organisation_id)
        .bind(e.entity_type)
        .bind(e.entity_id)
        .bind(e.action)
        .bind(e.details.to_string())
        .bind(e.public)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
