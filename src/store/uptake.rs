//! The figures of uptake, counted in the database: recommendation links by status, their
//! history, toolbox outcomes and coverage. Counts are always of the published collaborations
//! the viewer may see ([`push_collaboration_scope`]); the SQL is standard and shared by both
//! dialects, which only run it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreResult;
use super::scope::{Bind, CollaborationFilter, SqlParts, Viewer, push_collaboration_scope};

/// Collaborations (and their municipalities) in one status of one recommendation.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StatusCount {
    /// Recommendation code.
    pub code: String,
    /// Link status.
    pub status: String,
    /// Collaborations.
    pub collaborations: i64,
    /// Distinct municipalities among them.
    pub municipalities: i64,
}

/// Collaborations and municipalities working on one recommendation, any status.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RecommendationTotal {
    /// Recommendation code.
    pub code: String,
    /// Collaborations.
    pub collaborations: i64,
    /// Distinct municipalities.
    pub municipalities: i64,
}

/// One change of a link's status (status none = removed).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LinkEvent {
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// The new status.
    pub status: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Toolbox links with one outcome.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OutcomeCount {
    /// Toolbox slug.
    pub slug: String,
    /// helped, neutral, did_not_help, or none reported.
    pub outcome: Option<String>,
    /// Links.
    pub links: i64,
}

/// Collaborations in one municipality.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MunicipalityCount {
    /// Municipality code.
    pub municipality_code: String,
    /// Collaborations.
    pub collaborations: i64,
}

/// A period for uptake: each collaboration counts in the status it had at the end of `to`;
/// with `from`, only links whose status was set on or after `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Start (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// End (inclusive).
    pub to: DateTime<Utc>,
}

/// The links to count: current ones, or each collaboration's last status in the period.
fn push_links(q: &mut SqlParts, period: Option<Period>) {
    match period {
        None => {
            q.push(
                "SELECT l.collaboration_id, l.recommendation_code, l.status FROM recommendation_links l",
            );
        }
        Some(p) => {
            q.push(
                "SELECT h.collaboration_id, h.recommendation_code, h.status FROM (
                   SELECT collaboration_id, recommendation_code, status, at,
                          ROW_NUMBER() OVER (PARTITION BY collaboration_id, recommendation_code
                                             ORDER BY at DESC, id DESC) AS rn
                     FROM recommendation_link_history WHERE at <= ",
            )
            .bind(Bind::Time(p.to))
            .push(") h WHERE h.rn = 1 AND h.status IS NOT NULL");
            if let Some(from) = p.from {
                q.push(" AND h.at >= ").bind(Bind::Time(from));
            }
        }
    }
}

/// Per recommendation and status: collaborations and distinct municipalities.
pub fn status_counts_sql(
    viewer: &Viewer,
    filter: &CollaborationFilter,
    period: Option<Period>,
) -> SqlParts {
    let mut q = SqlParts::new(
        "SELECT l.recommendation_code AS code, l.status, count(*) AS collaborations, \
         count(DISTINCT c.municipality_code) AS municipalities FROM (",
    );
    push_links(&mut q, period);
    q.push(") l JOIN collaborations c ON c.id = l.collaboration_id WHERE ");
    push_collaboration_scope(&mut q, viewer, filter, "c");
    q.push(" GROUP BY l.recommendation_code, l.status");
    q
}

/// Per recommendation, any status: collaborations and distinct municipalities.
pub fn totals_sql(
    viewer: &Viewer,
    filter: &CollaborationFilter,
    period: Option<Period>,
) -> SqlParts {
    let mut q = SqlParts::new(
        "SELECT l.recommendation_code AS code, count(DISTINCT c.id) AS collaborations, \
         count(DISTINCT c.municipality_code) AS municipalities FROM (",
    );
    push_links(&mut q, period);
    q.push(") l JOIN collaborations c ON c.id = l.collaboration_id WHERE ");
    push_collaboration_scope(&mut q, viewer, filter, "c");
    q.push(" GROUP BY l.recommendation_code");
    q
}

/// Every status change of one recommendation's links, oldest first.
pub fn link_events_sql(viewer: &Viewer, filter: &CollaborationFilter, code: &str) -> SqlParts {
    let mut q = SqlParts::new(
        "SELECT h.collaboration_id, h.status, h.at FROM recommendation_link_history h \
         JOIN collaborations c ON c.id = h.collaboration_id WHERE h.recommendation_code = ",
    );
    q.text(code).push(" AND ");
    push_collaboration_scope(&mut q, viewer, filter, "c");
    q.push(" ORDER BY h.at, h.id");
    q
}

/// Per toolbox entry and outcome: links.
pub fn toolbox_outcomes_sql(viewer: &Viewer, filter: &CollaborationFilter) -> SqlParts {
    let mut q = SqlParts::new(
        "SELECT l.toolbox_slug AS slug, l.outcome, count(*) AS links FROM toolbox_links l \
         JOIN collaborations c ON c.id = l.collaboration_id WHERE ",
    );
    push_collaboration_scope(&mut q, viewer, filter, "c");
    q.push(" GROUP BY l.toolbox_slug, l.outcome");
    q
}

/// Per municipality: collaborations.
pub fn coverage_sql(viewer: &Viewer, filter: &CollaborationFilter) -> SqlParts {
    let mut q = SqlParts::new(
        "SELECT c.municipality_code, count(*) AS collaborations FROM collaborations c WHERE ",
    );
    push_collaboration_scope(&mut q, viewer, filter, "c");
    q.push(" GROUP BY c.municipality_code");
    q
}

/// Links of several collaborations at once (for exports).
pub fn links_of_sql(table: &'static str, ids: &[Uuid]) -> SqlParts {
    let mut q = SqlParts::new(match table {
        "toolbox_links" => {
            "SELECT collaboration_id, toolbox_slug, note, outcome, updated_at FROM toolbox_links \
             WHERE collaboration_id IN ("
        }
        _ => {
            "SELECT collaboration_id, recommendation_code, status, note, evidence_url, reason, \
             created_at, updated_at FROM recommendation_links WHERE collaboration_id IN ("
        }
    });
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.bind(Bind::Uuid(*id));
    }
    if ids.is_empty() {
        q.push("NULL");
    }
    q.push(") ORDER BY collaboration_id");
    q
}

/// Reading the figures.
#[async_trait]
pub trait UptakeStore {
    /// Per recommendation and status.
    async fn uptake_status_counts(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        period: Option<Period>,
    ) -> StoreResult<Vec<StatusCount>>;
    /// Per recommendation, any status.
    async fn uptake_totals(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        period: Option<Period>,
    ) -> StoreResult<Vec<RecommendationTotal>>;
    /// The status history of one recommendation's visible links.
    async fn link_events(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        code: &str,
    ) -> StoreResult<Vec<LinkEvent>>;
    /// Toolbox links by outcome.
    async fn toolbox_outcomes(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
    ) -> StoreResult<Vec<OutcomeCount>>;
    /// Collaborations per municipality.
    async fn coverage(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
    ) -> StoreResult<Vec<MunicipalityCount>>;
    /// The recommendation links of several collaborations.
    async fn recommendation_links_of(
        &mut self,
        ids: &[Uuid],
    ) -> StoreResult<Vec<super::registry::RecommendationLinkRow>>;
    /// The toolbox links of several collaborations.
    async fn toolbox_links_of(
        &mut self,
        ids: &[Uuid],
    ) -> StoreResult<Vec<super::registry::ToolboxLinkRow>>;
}
