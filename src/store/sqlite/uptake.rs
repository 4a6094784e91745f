//! Uptake figures for SQLite: the shared SQL of `store::uptake`, run here.

use async_trait::async_trait;
use uuid::Uuid;

use super::registry::arguments;
use super::{Conn, SqliteTx};
use crate::store::StoreResult;
use crate::store::figures::GENERATION_SQL;
use crate::store::registry::{RecommendationLinkRow, ToolboxLinkRow};
use crate::store::scope::{CollaborationFilter, SqlParts, Viewer};
use crate::store::uptake::*;

impl SqliteTx {
    async fn rows<T>(&mut self, q: SqlParts) -> StoreResult<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
    {
        let args = arguments(&q.binds)?;
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(q.sql), args)
            .fetch_all(self.conn())
            .await?)
    }

    /// The rows of an aggregate over the registry: kept from an earlier count while nothing
    /// it counts has changed since (`store::figures`), counted now otherwise.
    async fn figures<T>(&mut self, q: SqlParts) -> StoreResult<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + Clone
            + Send
            + Sync
            + Unpin
            + 'static,
    {
        let Conn::Read(_, kept) = &self.conn else {
            return self.rows(q).await;
        };
        let kept = kept.clone();
        let generation: i64 = sqlx::query_scalar(GENERATION_SQL)
            .fetch_one(self.conn())
            .await?;
        kept.rows(generation, &q, self.rows(q.clone())).await
    }
}

#[async_trait]
impl UptakeStore for SqliteTx {
    async fn uptake_status_counts(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        period: Option<Period>,
    ) -> StoreResult<Vec<StatusCount>> {
        self.figures(status_counts_sql(viewer, filter, period))
            .await
    }

    async fn uptake_totals(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        period: Option<Period>,
    ) -> StoreResult<Vec<RecommendationTotal>> {
        self.figures(totals_sql(viewer, filter, period)).await
    }

    async fn link_events(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        code: &str,
    ) -> StoreResult<Vec<LinkEvent>> {
        self.rows(link_events_sql(viewer, filter, code)).await
    }

    async fn toolbox_outcomes(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
    ) -> StoreResult<Vec<OutcomeCount>> {
        self.figures(toolbox_outcomes_sql(viewer, filter)).await
    }

    async fn coverage(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
    ) -> StoreResult<Vec<MunicipalityCount>> {
        self.figures(coverage_sql(viewer, filter)).await
    }

    async fn recommendation_links_of(
        &mut self,
        ids: &[Uuid],
    ) -> StoreResult<Vec<RecommendationLinkRow>> {
        self.rows(links_of_sql("recommendation_links", ids)).await
    }

    async fn toolbox_links_of(&mut self, ids: &[Uuid]) -> StoreResult<Vec<ToolboxLinkRow>> {
        self.rows(links_of_sql("toolbox_links", ids)).await
    }
}
