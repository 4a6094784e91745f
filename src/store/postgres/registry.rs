//! Collaborations, links, experiences and comments for PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::postgres::PgArguments;
use sqlx::{Arguments, PgConnection};
use uuid::Uuid;

use super::PgTx;
use crate::store::registry::*;
use crate::store::scope::{
    Bind, CollaborationFilter, SqlParts, Viewer, push_collaboration_scope, push_experience_visible,
    push_visible,
};
use crate::store::search::{reindex_collaboration, reindex_experience};
use crate::store::{StoreError, StoreResult};

/// The values of `binds` as PostgreSQL arguments.
pub(super) fn arguments(binds: &[Bind]) -> StoreResult<PgArguments> {
    let mut args = PgArguments::default();
    for b in binds {
        let added = match b {
            Bind::Uuid(u) => args.add(*u),
            Bind::Text(t) => args.add(t.clone()),
            Bind::Int(i) => args.add(*i),
            Bind::Time(t) => args.add(*t),
        };
        added.map_err(|e| StoreError::Other(anyhow::anyhow!(e)))?;
    }
    Ok(args)
}

macro_rules! collaboration_select {
    () => {
        "SELECT c.id, c.organisation_id, o.name AS organisation_name, o.slug AS organisation_slug,
                c.title, c.slug, c.summary, c.description_md, c.description_html, c.town,
                c.town_population, c.municipality_code, m.name AS municipality_name, m.region_code,
                c.organisation_model, c.started_on, c.ended_on, c.status, c.website, c.contact,
                c.visibility, c.state, c.version, c.created_at, c.updated_at, c.first_published_at,
                c.published_at, c.confirmed_at,
                COALESCE((SELECT string_agg(theme_code, ',' ORDER BY theme_code) FROM
                    collaboration_themes WHERE collaboration_id = c.id), '') AS themes,
                COALESCE((SELECT string_agg(fee_basis, ',' ORDER BY fee_basis) FROM
                    collaboration_fee_bases WHERE collaboration_id = c.id), '') AS fee_bases,
                COALESCE((SELECT string_agg(partner_kind, ',' ORDER BY partner_kind) FROM
                    collaboration_partner_kinds WHERE collaboration_id = c.id), '') AS partner_kinds
           FROM collaborations c
           JOIN organisations o ON o.id = c.organisation_id
           JOIN municipalities m ON m.code = c.municipality_code"
    };
}

/// The columns of a [`CollaborationRow`], for other areas' queries on collaborations `c`.
pub(super) const COLLABORATION_SELECT: &str = collaboration_select!();

macro_rules! experience_select {
    () => {
        "SELECT e.id, e.collaboration_id, c.organisation_id, e.author_id, u.name AS author_name,
                e.title, e.body_md, e.body_html, e.what_worked, e.what_did_not, e.advice,
                e.is_setback, e.state, e.version, e.created_at, e.updated_at, e.published_at,
                e.hidden_at,
                COALESCE((SELECT string_agg(theme_code, ',' ORDER BY theme_code) FROM
                    experience_themes WHERE experience_id = e.id), '') AS themes
           FROM experiences e
           JOIN collaborations c ON c.id = e.collaboration_id
           LEFT JOIN users u ON u.id = e.author_id"
    };
}

macro_rules! comment_select {
    () => {
        "SELECT k.id, k.experience_id, k.author_id, u.name AS author_name, k.parent_id, k.kind,
                k.body, k.created_at, k.hidden_at
           FROM comments k LEFT JOIN users u ON u.id = k.author_id"
    };
}

async fn replace_values(
    conn: &mut PgConnection,
    table_sql: (&'static str, &'static str),
    id: Uuid,
    values: &[String],
) -> StoreResult<()> {
    sqlx::query(table_sql.0)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for v in values {
        sqlx::query(table_sql.1)
            .bind(id)
            .bind(v)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn replace_collaboration_sets(
    conn: &mut PgConnection,
    id: Uuid,
    f: &CollaborationFields,
) -> StoreResult<()> {
    replace_values(
        conn,
        (
            "DELETE FROM collaboration_themes WHERE collaboration_id = $1",
            "INSERT INTO collaboration_themes (collaboration_id, theme_code) VALUES ($1, $2)",
        ),
        id,
        &f.themes,
    )
    .await?;
    replace_values(
        conn,
        (
            "DELETE FROM collaboration_fee_bases WHERE collaboration_id = $1",
            "INSERT INTO collaboration_fee_bases (collaboration_id, fee_basis) VALUES ($1, $2)",
        ),
        id,
        &f.fee_bases,
    )
    .await?;
    replace_values(
        conn,
        (
            "DELETE FROM collaboration_partner_kinds WHERE collaboration_id = $1",
            "INSERT INTO collaboration_partner_kinds (collaboration_id, partner_kind) VALUES ($1, $2)",
        ),
        id,
        &f.partner_kinds,
    )
    .await
}

/// The version now stored, to tell a stale write (412) from a missing record (404).
async fn stale_or_missing(conn: &mut PgConnection, table: &'static str, id: Uuid) -> StoreError {
    let sql = match table {
        "experiences" => "SELECT version FROM experiences WHERE id = $1 AND deleted_at IS NULL",
        _ => "SELECT version FROM collaborations WHERE id = $1 AND deleted_at IS NULL",
    };
    match sqlx::query_scalar::<_, i64>(sql)
        .bind(id)
        .fetch_optional(conn)
        .await
    {
        Ok(Some(current_version)) => StoreError::Stale { current_version },
        Ok(None) => StoreError::NotFound,
        Err(e) => e.into(),
    }
}

#[async_trait]
impl CollaborationStore for PgTx {
    async fn insert_collaboration(
        &mut self,
        id: Uuid,
        organisation: Uuid,
        slug: &str,
        f: &CollaborationFields,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO collaborations (id, organisation_id, title, slug, summary, description_md,
                 description_html, description_text, town, town_population, municipality_code,
                 organisation_model, started_on, ended_on, status, website, contact, visibility,
                 state, version, created_at, updated_at, confirmed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 'draft', 1, $19, $19, $19)",
        )
        .bind(id)
        .bind(organisation)
        .bind(&f.title)
        .bind(slug)
        .bind(&f.summary)
        .bind(&f.description_md)
        .bind(&f.description_html)
        .bind(&f.description_text)
        .bind(&f.town)
        .bind(f.town_population)
        .bind(&f.municipality_code)
        .bind(&f.organisation_model)
        .bind(f.started_on)
        .bind(f.ended_on)
        .bind(&f.status)
        .bind(&f.website)
        .bind(&f.contact)
        .bind(&f.visibility)
        .bind(at)
        .execute(self.conn())
        .await
        .map_err(|e| StoreError::on_unique(e, "title", "field-collaboration-slug-taken"))?;
        replace_collaboration_sets(self.conn(), id, f).await?;
        self.collaboration_changed(id);
        reindex_collaboration(self, id, false).await
    }

    async fn collaboration(
        &mut self,
        id: Uuid,
        viewer: &Viewer,
    ) -> StoreResult<Option<CollaborationRow>> {
        let mut q = SqlParts::new(concat!(collaboration_select!(), " WHERE c.id = $1 AND "));
        q.binds.push(Bind::Uuid(id));
        push_visible(&mut q, viewer, "c", true);
        let args = arguments(&q.binds)?;
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), args)
            .fetch_optional(self.conn())
            .await?)
    }

    async fn collaboration_with_links(
        &mut self,
        id: Uuid,
        viewer: &Viewer,
    ) -> StoreResult<Option<CollaborationWithLinks>> {
        #[derive(sqlx::FromRow)]
        struct Found {
            #[sqlx(flatten)]
            row: CollaborationRow,
            recommendation_links: sqlx::types::Json<Vec<RecommendationLinkRow>>,
            toolbox_links: sqlx::types::Json<Vec<ToolboxLinkRow>>,
        }
        // One row of one table (migration 0011), current with this transaction's changes.
        self.refresh_reads().await?;
        let mut q = SqlParts::new("SELECT * FROM collaboration_reads c WHERE c.id = $1 AND ");
        q.binds.push(Bind::Uuid(id));
        push_visible(&mut q, viewer, "c", true);
        let args = arguments(&q.binds)?;
        let found: Option<Found> = sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), args)
            .fetch_optional(self.conn())
            .await?;
        Ok(found.map(|f| CollaborationWithLinks {
            row: f.row,
            recommendations: f.recommendation_links.0,
            toolbox: f.toolbox_links.0,
        }))
    }

    async fn collaboration_by_slug(
        &mut self,
        organisation_slug: &str,
        slug: &str,
    ) -> StoreResult<Option<(Uuid, bool)>> {
        let current: Option<Uuid> = sqlx::query_scalar(
            "SELECT c.id FROM collaborations c JOIN organisations o ON o.id = c.organisation_id
              WHERE o.slug = $1 AND c.slug = $2 AND c.deleted_at IS NULL",
        )
        .bind(organisation_slug)
        .bind(slug)
        .fetch_optional(self.conn())
        .await?;
        if let Some(id) = current {
            return Ok(Some((id, true)));
        }
        let old: Option<Uuid> = sqlx::query_scalar(
            "SELECT s.collaboration_id FROM collaboration_old_slugs s
               JOIN organisations o ON o.id = s.organisation_id
              WHERE o.slug = $1 AND s.slug = $2",
        )
        .bind(organisation_slug)
        .bind(slug)
        .fetch_optional(self.conn())
        .await?;
        Ok(old.map(|id| (id, false)))
    }

    async fn collaboration_slug_taken(
        &mut self,
        organisation: Uuid,
        slug: &str,
    ) -> StoreResult<bool> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM collaborations WHERE organisation_id = $1 AND slug = $2)
                 OR EXISTS (SELECT 1 FROM collaboration_old_slugs WHERE organisation_id = $1 AND slug = $2)",
        )
        .bind(organisation)
        .bind(slug)
        .fetch_one(self.conn())
        .await?)
    }

    async fn update_collaboration(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        slug: &str,
        f: &CollaborationFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE collaborations SET title = $3, slug = $4, summary = $5, description_md = $6,
                 description_html = $7, description_text = $8, town = $9, town_population = $10,
                 municipality_code = $11, organisation_model = $12, started_on = $13, ended_on = $14,
                 status = $15, website = $16, contact = $17, visibility = $18, updated_at = $19,
                 version = version + 1
              WHERE id = $1 AND deleted_at IS NULL AND ($2::bigint IS NULL OR version = $2)
              RETURNING version",
        )
        .bind(id)
        .bind(expected_version)
        .bind(&f.title)
        .bind(slug)
        .bind(&f.summary)
        .bind(&f.description_md)
        .bind(&f.description_html)
        .bind(&f.description_text)
        .bind(&f.town)
        .bind(f.town_population)
        .bind(&f.municipality_code)
        .bind(&f.organisation_model)
        .bind(f.started_on)
        .bind(f.ended_on)
        .bind(&f.status)
        .bind(&f.website)
        .bind(&f.contact)
        .bind(&f.visibility)
        .bind(at)
        .fetch_optional(self.conn())
        .await
        .map_err(|e| StoreError::on_unique(e, "title", "field-collaboration-slug-taken"))?;
        let Some(version) = version else {
            return Err(stale_or_missing(self.conn(), "collaborations", id).await);
        };
        replace_collaboration_sets(self.conn(), id, f).await?;
        self.collaboration_changed(id);
        // The place is in its experiences' entries too.
        reindex_collaboration(self, id, true).await?;
        Ok(version)
    }

    async fn keep_old_slug(&mut self, organisation: Uuid, slug: &str, id: Uuid) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO collaboration_old_slugs (organisation_id, slug, collaboration_id)
             VALUES ($1, $2, $3) ON CONFLICT (organisation_id, slug) DO NOTHING",
        )
        .bind(organisation)
        .bind(slug)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn set_collaboration_state(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        state: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE collaborations SET state = $3, updated_at = $4, version = version + 1,
                 published_at = CASE WHEN $3 = 'published' THEN $4 ELSE published_at END,
                 first_published_at = CASE WHEN $3 = 'published'
                     THEN COALESCE(first_published_at, $4) ELSE first_published_at END
              WHERE id = $1 AND deleted_at IS NULL AND ($2::bigint IS NULL OR version = $2)
              RETURNING version",
        )
        .bind(id)
        .bind(expected_version)
        .bind(state)
        .bind(at)
        .fetch_optional(self.conn())
        .await?;
        self.collaboration_changed(id);
        match version {
            Some(v) => Ok(v),
            None => Err(stale_or_missing(self.conn(), "collaborations", id).await),
        }
    }

    async fn touch_collaboration(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<i64> {
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE collaborations SET updated_at = $2, version = version + 1
              WHERE id = $1 AND deleted_at IS NULL RETURNING version",
        )
        .bind(id)
        .bind(at)
        .fetch_optional(self.conn())
        .await?;
        self.collaboration_changed(id);
        version.ok_or(StoreError::NotFound)
    }

    async fn confirm_collaboration(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE collaborations SET confirmed_at = $2 WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(id)
        .bind(at)
        .execute(self.conn())
        .await?;
        self.collaboration_changed(id);
        Ok(())
    }

    async fn delete_collaboration(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        let soft = sqlx::query(
            "UPDATE collaborations SET deleted_at = $2, state = 'draft', version = version + 1
              WHERE id = $1 AND deleted_at IS NULL AND first_published_at IS NOT NULL",
        )
        .bind(id)
        .bind(at)
        .execute(self.conn())
        .await?;
        if soft.rows_affected() == 0 {
            sqlx::query("DELETE FROM collaborations WHERE id = $1 AND first_published_at IS NULL")
                .bind(id)
                .execute(self.conn())
                .await?;
        }
        self.collaboration_changed(id);
        Ok(())
    }

    async fn list_collaborations(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<CollaborationRow>> {
        let mut q = SqlParts::new(concat!(collaboration_select!(), " WHERE "));
        push_collaboration_scope(&mut q, viewer, filter, "c");
        if let Some(after) = after {
            q.push(" AND c.id < ").bind(Bind::Uuid(after));
        }
        q.push(" ORDER BY c.id DESC LIMIT ").bind(Bind::Int(limit));
        let args = arguments(&q.binds)?;
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), args)
            .fetch_all(self.conn())
            .await?)
    }

    async fn count_collaborations(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
    ) -> StoreResult<i64> {
        let mut q = SqlParts::new("SELECT count(*) FROM collaborations c WHERE ");
        push_collaboration_scope(&mut q, viewer, filter, "c");
        let args = arguments(&q.binds)?;
        Ok(sqlx::query_scalar_with(sqlx::AssertSqlSafe(q.sql), args)
            .fetch_one(self.conn())
            .await?)
    }

    async fn recommendation_links(
        &mut self,
        collaboration: Uuid,
    ) -> StoreResult<Vec<RecommendationLinkRow>> {
        Ok(sqlx::query_as(
            "SELECT l.collaboration_id, l.recommendation_code, l.status, l.note, l.evidence_url,
                    l.reason, l.created_at, l.updated_at
               FROM recommendation_links l JOIN recommendations r ON r.code = l.recommendation_code
              WHERE l.collaboration_id = $1 ORDER BY r.position, l.recommendation_code",
        )
        .bind(collaboration)
        .fetch_all(self.conn())
        .await?)
    }

    async fn put_recommendation_link(
        &mut self,
        l: &RecommendationLinkRow,
        actor: Uuid,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO recommendation_links (collaboration_id, recommendation_code, status, note,
                 evidence_url, reason, created_at, updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             ON CONFLICT (collaboration_id, recommendation_code) DO UPDATE SET
                 status = excluded.status, note = excluded.note, evidence_url = excluded.evidence_url,
                 reason = excluded.reason, updated_at = excluded.updated_at,
                 updated_by = excluded.updated_by",
        )
        .bind(l.collaboration_id)
        .bind(&l.recommendation_code)
        .bind(&l.status)
        .bind(&l.note)
        .bind(&l.evidence_url)
        .bind(&l.reason)
        .bind(l.created_at)
        .bind(l.updated_at)
        .bind(actor)
        .execute(self.conn())
        .await?;
        self.collaboration_changed(l.collaboration_id);
        reindex_collaboration(self, l.collaboration_id, false).await
    }

    async fn delete_recommendation_link(
        &mut self,
        collaboration: Uuid,
        code: &str,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "DELETE FROM recommendation_links WHERE collaboration_id = $1 AND recommendation_code = $2",
        )
        .bind(collaboration)
        .bind(code)
        .execute(self.conn())
        .await?;
        self.collaboration_changed(collaboration);
        reindex_collaboration(self, collaboration, false).await?;
        Ok(done.rows_affected() > 0)
    }

    async fn record_link_history(
        &mut self,
        collaboration: Uuid,
        code: &str,
        status: Option<&str>,
        reason: Option<&str>,
        actor: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO recommendation_link_history (id, collaboration_id, recommendation_code,
                 status, reason, at, actor_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(Uuid::now_v7())
        .bind(collaboration)
        .bind(code)
        .bind(status)
        .bind(reason)
        .bind(at)
        .bind(actor)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn toolbox_links(&mut self, collaboration: Uuid) -> StoreResult<Vec<ToolboxLinkRow>> {
        Ok(sqlx::query_as(
            "SELECT l.collaboration_id, l.toolbox_slug, l.note, l.outcome, l.updated_at
               FROM toolbox_links l JOIN toolbox_entries t ON t.slug = l.toolbox_slug
              WHERE l.collaboration_id = $1 ORDER BY t.position",
        )
        .bind(collaboration)
        .fetch_all(self.conn())
        .await?)
    }

    async fn put_toolbox_link(&mut self, l: &ToolboxLinkRow, actor: Uuid) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO toolbox_links (collaboration_id, toolbox_slug, note, outcome, created_at,
                 updated_at, updated_by)
             VALUES ($1, $2, $3, $4, $5, $5, $6)
             ON CONFLICT (collaboration_id, toolbox_slug) DO UPDATE SET note = excluded.note,
                 outcome = excluded.outcome, updated_at = excluded.updated_at,
                 updated_by = excluded.updated_by",
        )
        .bind(l.collaboration_id)
        .bind(&l.toolbox_slug)
        .bind(&l.note)
        .bind(&l.outcome)
        .bind(l.updated_at)
        .bind(actor)
        .execute(self.conn())
        .await?;
        self.collaboration_changed(l.collaboration_id);
        reindex_collaboration(self, l.collaboration_id, false).await
    }

    async fn delete_toolbox_link(&mut self, collaboration: Uuid, slug: &str) -> StoreResult<bool> {
        let done = sqlx::query(
            "DELETE FROM toolbox_links WHERE collaboration_id = $1 AND toolbox_slug = $2",
        )
        .bind(collaboration)
        .bind(slug)
        .execute(self.conn())
        .await?;
        self.collaboration_changed(collaboration);
        reindex_collaboration(self, collaboration, false).await?;
        Ok(done.rows_affected() > 0)
    }

    async fn history(&mut self, entity_type: &str, id: Uuid) -> StoreResult<Vec<HistoryRow>> {
        Ok(sqlx::query_as(
            "SELECT a.at, a.actor_id, u.name AS actor_name, a.action, a.details::text AS details, a.public
               FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
              WHERE a.entity_type = $1 AND a.entity_id = $2 ORDER BY a.at, a.id",
        )
        .bind(entity_type)
        .bind(id)
        .fetch_all(self.conn())
        .await?)
    }
}

async fn replace_experience_themes(
    conn: &mut PgConnection,
    id: Uuid,
    themes: &[String],
) -> StoreResult<()> {
    replace_values(
        conn,
        (
            "DELETE FROM experience_themes WHERE experience_id = $1",
            "INSERT INTO experience_themes (experience_id, theme_code) VALUES ($1, $2)",
        ),
        id,
        themes,
    )
    .await
}

#[async_trait]
impl ExperienceStore for PgTx {
    async fn insert_experience(
        &mut self,
        id: Uuid,
        collaboration: Uuid,
        author: Uuid,
        f: &ExperienceFields,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO experiences (id, collaboration_id, author_id, title, body_md, body_html,
                 body_text, what_worked, what_did_not, advice, is_setback, state, version,
                 created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'draft', 1, $12, $12)",
        )
        .bind(id)
        .bind(collaboration)
        .bind(author)
        .bind(&f.title)
        .bind(&f.body_md)
        .bind(&f.body_html)
        .bind(&f.body_text)
        .bind(&f.what_worked)
        .bind(&f.what_did_not)
        .bind(&f.advice)
        .bind(f.is_setback)
        .bind(at)
        .execute(self.conn())
        .await?;
        replace_experience_themes(self.conn(), id, &f.themes).await?;
        reindex_experience(self, id).await
    }

    async fn experience(
        &mut self,
        id: Uuid,
        viewer: &Viewer,
    ) -> StoreResult<Option<ExperienceRow>> {
        let mut q = SqlParts::new(concat!(experience_select!(), " WHERE e.id = $1 AND "));
        q.binds.push(Bind::Uuid(id));
        push_experience_visible(&mut q, viewer, true);
        let args = arguments(&q.binds)?;
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), args)
            .fetch_optional(self.conn())
            .await?)
    }

    async fn experiences_of(
        &mut self,
        collaboration: Uuid,
        viewer: &Viewer,
    ) -> StoreResult<Vec<ExperienceRow>> {
        let mut q = SqlParts::new(concat!(
            experience_select!(),
            " WHERE e.collaboration_id = $1 AND "
        ));
        q.binds.push(Bind::Uuid(collaboration));
        push_experience_visible(&mut q, viewer, true);
        q.push(" ORDER BY e.id DESC");
        let args = arguments(&q.binds)?;
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), args)
            .fetch_all(self.conn())
            .await?)
    }

    async fn update_experience(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        f: &ExperienceFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE experiences SET title = $3, body_md = $4, body_html = $5, body_text = $6,
                 what_worked = $7, what_did_not = $8, advice = $9, is_setback = $10,
                 updated_at = $11, version = version + 1
              WHERE id = $1 AND deleted_at IS NULL AND ($2::bigint IS NULL OR version = $2)
              RETURNING version",
        )
        .bind(id)
        .bind(expected_version)
        .bind(&f.title)
        .bind(&f.body_md)
        .bind(&f.body_html)
        .bind(&f.body_text)
        .bind(&f.what_worked)
        .bind(&f.what_did_not)
        .bind(&f.advice)
        .bind(f.is_setback)
        .bind(at)
        .fetch_optional(self.conn())
        .await?;
        let Some(version) = version else {
            return Err(stale_or_missing(self.conn(), "experiences", id).await);
        };
        replace_experience_themes(self.conn(), id, &f.themes).await?;
        reindex_experience(self, id).await?;
        Ok(version)
    }

    async fn set_experience_state(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        state: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64> {
        let version: Option<i64> = sqlx::query_scalar(
            "UPDATE experiences SET state = $3, updated_at = $4, version = version + 1,
                 published_at = CASE WHEN $3 = 'published' THEN COALESCE(published_at, $4)
                     ELSE published_at END
              WHERE id = $1 AND deleted_at IS NULL AND ($2::bigint IS NULL OR version = $2)
              RETURNING version",
        )
        .bind(id)
        .bind(expected_version)
        .bind(state)
        .bind(at)
        .fetch_optional(self.conn())
        .await?;
        match version {
            Some(v) => Ok(v),
            None => Err(stale_or_missing(self.conn(), "experiences", id).await),
        }
    }

    async fn delete_experience(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()> {
        let soft = sqlx::query(
            "UPDATE experiences SET deleted_at = $2, version = version + 1
              WHERE id = $1 AND deleted_at IS NULL AND published_at IS NOT NULL",
        )
        .bind(id)
        .bind(at)
        .execute(self.conn())
        .await?;
        if soft.rows_affected() == 0 {
            sqlx::query("DELETE FROM experiences WHERE id = $1 AND published_at IS NULL")
                .bind(id)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    async fn set_experience_hidden(
        &mut self,
        id: Uuid,
        hidden: Option<(DateTime<Utc>, &str)>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE experiences SET hidden_at = $2, hidden_reason = $3 WHERE id = $1")
            .bind(id)
            .bind(hidden.map(|h| h.0))
            .bind(hidden.map(|h| h.1))
            .execute(self.conn())
            .await?;
        Ok(())
    }

    async fn insert_comment(&mut self, k: &CommentRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO comments (id, experience_id, author_id, parent_id, kind, body, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(k.id)
        .bind(k.experience_id)
        .bind(k.author_id)
        .bind(k.parent_id)
        .bind(&k.kind)
        .bind(&k.body)
        .bind(k.created_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn comment(&mut self, id: Uuid) -> StoreResult<Option<CommentRow>> {
        Ok(
            sqlx::query_as(concat!(comment_select!(), " WHERE k.id = $1"))
                .bind(id)
                .fetch_optional(self.conn())
                .await?,
        )
    }

    async fn comments_of(
        &mut self,
        experience: Uuid,
        include_hidden: bool,
    ) -> StoreResult<Vec<CommentRow>> {
        Ok(sqlx::query_as(concat!(
            comment_select!(),
            " WHERE k.experience_id = $1 AND ($2::boolean OR k.hidden_at IS NULL) ORDER BY k.id"
        ))
        .bind(experience)
        .bind(include_hidden)
        .fetch_all(self.conn())
        .await?)
    }

    async fn set_comment_hidden(
        &mut self,
        id: Uuid,
        hidden: Option<(DateTime<Utc>, &str)>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE comments SET hidden_at = $2, hidden_reason = $3 WHERE id = $1")
            .bind(id)
            .bind(hidden.map(|h| h.0))
            .bind(hidden.map(|h| h.1))
            .execute(self.conn())
            .await?;
        Ok(())
    }

    async fn insert_report(&mut self, r: &ReportRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO reports (id, target_type, target_id, reporter_id, reason, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(r.id)
        .bind(&r.target_type)
        .bind(r.target_id)
        .bind(r.reporter_id)
        .bind(&r.reason)
        .bind(r.created_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn open_reports(&mut self) -> StoreResult<Vec<ReportRow>> {
        Ok(sqlx::query_as(
            "SELECT id, target_type, target_id, reporter_id, reason, created_at, resolved_at, resolution
               FROM reports WHERE resolved_at IS NULL ORDER BY created_at",
        )
        .fetch_all(self.conn())
        .await?)
    }

    async fn resolve_reports(
        &mut self,
        target_type: &str,
        target: Uuid,
        resolution: &str,
        by: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        Ok(sqlx::query(
            "UPDATE reports SET resolved_at = $4, resolved_by = $5, resolution = $3
              WHERE target_type = $1 AND target_id = $2 AND resolved_at IS NULL",
        )
        .bind(target_type)
        .bind(target)
        .bind(resolution)
        .bind(at)
        .bind(by)
        .execute(self.conn())
        .await?
        .rows_affected())
    }
}
