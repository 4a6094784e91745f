//! The registry's pages: the collaboration list with its filters, a collaboration with its
//! links, experiences and history, and an experience with its comments. Every page reads
//! through `registry` and `store::scope`, so a visitor sees exactly what the API shows them.

pub mod detail;
pub mod experience;
pub mod filters;
pub mod list;

use axum::Router;
use axum::routing::get;

use super::catalogue::{ThemeLink, municipality_href, organisation_model_name, theme_links};
use crate::app::AppState;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::store::Tx;
use crate::store::catalogue::{RegionRow, ThemeRow};
use crate::store::registry::CollaborationRow;
use crate::store::scope::{CollaborationFilter, Viewer};
use crate::uptake::open_data::page_path;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/samarbejder", get(list::list))
        .route("/samarbejder/{org}/{slug}", get(detail::collaboration))
        .route("/samarbejder/{org}/{slug}/historik", get(detail::history))
        .route(
            "/samarbejder/{org}/{slug}/erfaringer/{id}",
            get(experience::experience),
        )
}

/// The words for a value of a vocabulary: the Fluent key `{prefix}-{value}` with `_` as `-`;
/// an unknown value as it is stored.
pub fn vocab_label(prefix: &str, value: &str, l: Locale) -> String {
    let key = format!("{prefix}-{}", value.replace('_', "-"));
    let text = l.text(&key);
    if text.starts_with("Unknown localization") || text == key {
        value.to_owned()
    } else {
        text
    }
}

/// A recommendation link's status in words.
pub fn link_status_label(status: &str, l: Locale) -> String {
    vocab_label("status", status, l)
}

/// A toolbox outcome in words (`not_reported` too).
pub fn outcome_label(outcome: &str, l: Locale) -> String {
    vocab_label("outcome", outcome, l)
}

/// A collaboration's own status in words.
pub fn collaboration_status_label(status: &str, l: Locale) -> String {
    vocab_label("collaboration-status", status, l)
}

fn split(s: &str) -> Vec<&str> {
    s.split(',').filter(|x| !x.is_empty()).collect()
}

/// A collaboration as a list shows it.
#[derive(Debug, Clone)]
pub struct CollaborationCard {
    /// Title.
    pub title: String,
    /// Its page.
    pub href: String,
    /// Summary.
    pub summary: String,
    /// The organisation that registered it.
    pub organisation: String,
    /// Town.
    pub town: String,
    /// Municipality name.
    pub municipality: String,
    /// The municipality's page.
    pub municipality_href: String,
    /// Region name.
    pub region: String,
    /// Its status (planned, active, ...).
    pub status: String,
    /// The status in words.
    pub status_label: String,
    /// The organisation model in words.
    pub model: String,
    /// Its themes.
    pub themes: Vec<ThemeLink>,
    /// Not public: who may read it, in words.
    pub visibility_note: Option<String>,
    /// Only its organisation sees it yet.
    pub draft: bool,
    /// What the list is about, for this one (a link's status, a tool's outcome), in words.
    pub detail: Option<String>,
}

impl CollaborationCard {
    /// The card of a stored collaboration.
    pub fn new(
        row: &CollaborationRow,
        themes: &[ThemeRow],
        regions: &[RegionRow],
        l: Locale,
    ) -> CollaborationCard {
        CollaborationCard {
            title: row.title.clone(),
            href: page_path(row),
            summary: row.summary.clone(),
            organisation: row.organisation_name.clone(),
            town: row.town.clone(),
            municipality: row.municipality_name.clone(),
            municipality_href: municipality_href(&row.municipality_code),
            region: regions
                .iter()
                .find(|r| r.code == row.region_code)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            status: row.status.clone(),
            status_label: collaboration_status_label(&row.status, l),
            model: organisation_model_name(&row.organisation_model, l),
            themes: theme_links(&row.themes, themes, l),
            visibility_note: (row.visibility != "public")
                .then(|| vocab_label("visibility-note", &row.visibility, l)),
            draft: row.state != "published",
            detail: None,
        }
    }
}

/// A few of the collaborations behind a catalogue page, their number, and the way to all.
#[derive(Debug, Clone)]
pub struct CollaborationTeaser {
    /// How many the visitor may see.
    pub count: i64,
    /// That number in words ("3 samarbejder").
    pub count_text: String,
    /// The newest few.
    pub cards: Vec<CollaborationCard>,
    /// Whether there are more than those.
    pub more: bool,
    /// The list of all of them.
    pub all_href: String,
}

/// How many collaborations a catalogue page shows before linking to the list.
const TEASER_SIZE: i64 = 6;

/// The collaborations matching `filter` as `viewer` sees them, for a catalogue page;
/// `list_query` is the list page's query for the same filter.
pub async fn teaser(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    filter: &CollaborationFilter,
    list_query: &str,
    l: Locale,
) -> Result<(CollaborationTeaser, Vec<CollaborationRow>), AppError> {
    let count = tx.count_collaborations(viewer, filter).await?;
    let rows = tx
        .list_collaborations(viewer, filter, None, TEASER_SIZE)
        .await?;
    let themes = tx.themes().await?;
    let regions = tx.regions().await?;
    let cards: Vec<CollaborationCard> = rows
        .iter()
        .map(|r| CollaborationCard::new(r, &themes, &regions, l))
        .collect();
    Ok((
        CollaborationTeaser {
            more: count > cards.len() as i64,
            count,
            count_text: l.text_count("collaborations-count", count),
            cards,
            all_href: format!("/samarbejder?{list_query}"),
        },
        rows,
    ))
}

/// The list of the partner kinds, fee bases, ... stored comma-separated, in words.
pub fn vocab_list(prefix: &str, stored: &str, l: Locale) -> Vec<String> {
    split(stored)
        .into_iter()
        .map(|v| vocab_label(prefix, v, l))
        .collect()
}
