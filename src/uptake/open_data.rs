//! Open data: the public, published collaborations with their links, as CSV and JSON, read a
//! page at a time so a large registry streams without being held in memory.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::AppError;
use crate::store::Tx;
use crate::store::registry::CollaborationRow;
use crate::store::scope::{CollaborationFilter, Viewer};

/// The CSV columns, in order (documented on the open-data page and in the README).
pub const CSV_COLUMNS: [&str; 21] = [
    "id",
    "url",
    "title",
    "organisation",
    "municipality_code",
    "municipality",
    "region_code",
    "town",
    "town_population",
    "organisation_model",
    "status",
    "themes",
    "fee_bases",
    "partner_kinds",
    "started_on",
    "ended_on",
    "website",
    "recommendations",
    "toolbox",
    "published_at",
    "updated_at",
];

/// A recommendation link in the open data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenRecommendationLink {
    /// Recommendation code.
    pub code: String,
    /// Status.
    pub status: String,
    /// Note.
    pub note: String,
    /// Evidence URL.
    pub evidence_url: Option<String>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A toolbox link in the open data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenToolboxLink {
    /// Toolbox slug.
    pub slug: String,
    /// helped, neutral, did_not_help.
    pub outcome: Option<String>,
    /// Note.
    pub note: String,
}

/// One public collaboration.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenCollaboration {
    /// Id.
    pub id: Uuid,
    /// Its page.
    pub url: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Organisation name.
    pub organisation: String,
    /// Municipality code.
    pub municipality_code: String,
    /// Municipality name.
    pub municipality: String,
    /// Region code.
    pub region_code: String,
    /// Town.
    pub town: String,
    /// Inhabitants.
    pub town_population: Option<i64>,
    /// Organisation model.
    pub organisation_model: String,
    /// Status.
    pub status: String,
    /// Theme codes.
    pub themes: Vec<String>,
    /// Fee bases.
    pub fee_bases: Vec<String>,
    /// Partner kinds.
    pub partner_kinds: Vec<String>,
    /// Start.
    pub started_on: Option<NaiveDate>,
    /// End.
    pub ended_on: Option<NaiveDate>,
    /// Website.
    pub website: Option<String>,
    /// Links to recommendations.
    pub recommendations: Vec<OpenRecommendationLink>,
    /// Links to toolbox entries.
    pub toolbox: Vec<OpenToolboxLink>,
    /// Last published.
    pub published_at: Option<DateTime<Utc>>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

impl OpenCollaboration {
    /// The record as a CSV row, in [`CSV_COLUMNS`] order.
    pub fn csv_row(&self) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.id.to_string(),
            self.url.clone(),
            self.title.clone(),
            self.organisation.clone(),
            self.municipality_code.clone(),
            self.municipality.clone(),
            self.region_code.clone(),
            self.town.clone(),
            self.town_population
                .map(|p| p.to_string())
                .unwrap_or_default(),
            self.organisation_model.clone(),
            self.status.clone(),
            self.themes.join(";"),
            self.fee_bases.join(";"),
            self.partner_kinds.join(";"),
            self.started_on.map(|d| d.to_string()).unwrap_or_default(),
            self.ended_on.map(|d| d.to_string()).unwrap_or_default(),
            opt(&self.website),
            self.recommendations
                .iter()
                .map(|r| format!("{}={}", r.code, r.status))
                .collect::<Vec<_>>()
                .join(";"),
            self.toolbox
                .iter()
                .map(|t| format!("{}={}", t.slug, t.outcome.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(";"),
            self.published_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_default(),
            self.updated_at.to_rfc3339(),
        ]
    }
}

/// The path of a collaboration's page.
pub fn page_path(row: &CollaborationRow) -> String {
    format!("/samarbejder/{}/{}", row.organisation_slug, row.slug)
}

/// One page of the open data after `after`, and where the next starts.
pub async fn page(
    tx: &mut dyn Tx,
    base_url: &str,
    after: Option<Uuid>,
    limit: i64,
) -> Result<(Vec<OpenCollaboration>, Option<Uuid>), AppError> {
    // Open data is what the public sees, whoever downloads it.
    let rows = tx
        .list_collaborations(
            &Viewer::anonymous(),
            &CollaborationFilter::default(),
            after,
            limit,
        )
        .await?;
    let next = (rows.len() as i64 == limit)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut recs: HashMap<Uuid, Vec<OpenRecommendationLink>> = HashMap::new();
    for l in tx.recommendation_links_of(&ids).await? {
        recs.entry(l.collaboration_id)
            .or_default()
            .push(OpenRecommendationLink {
                code: l.recommendation_code,
                status: l.status,
                note: l.note,
                evidence_url: l.evidence_url,
                updated_at: l.updated_at,
            });
    }
    let mut tools: HashMap<Uuid, Vec<OpenToolboxLink>> = HashMap::new();
    for l in tx.toolbox_links_of(&ids).await? {
        tools
            .entry(l.collaboration_id)
            .or_default()
            .push(OpenToolboxLink {
                slug: l.toolbox_slug,
                outcome: l.outcome,
                note: l.note,
            });
    }
    let base = base_url.trim_end_matches('/');
    let records = rows
        .into_iter()
        .map(|r| {
            let mut recommendations = recs.remove(&r.id).unwrap_or_default();
            recommendations.sort_by(|a, b| a.code.cmp(&b.code));
            OpenCollaboration {
                url: format!("{base}{}", page_path(&r)),
                recommendations,
                toolbox: tools.remove(&r.id).unwrap_or_default(),
                themes: split(&r.themes),
                fee_bases: split(&r.fee_bases),
                partner_kinds: split(&r.partner_kinds),
                id: r.id,
                title: r.title,
                summary: r.summary,
                organisation: r.organisation_name,
                municipality_code: r.municipality_code,
                municipality: r.municipality_name,
                region_code: r.region_code,
                town: r.town,
                town_population: r.town_population,
                organisation_model: r.organisation_model,
                status: r.status,
                started_on: r.started_on,
                ended_on: r.ended_on,
                website: r.website,
                published_at: r.published_at,
                updated_at: r.updated_at,
            }
        })
        .collect();
    Ok((records, next))
}
