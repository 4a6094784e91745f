//! `/aabne-data`: what the open data downloads hold, every column, their stable addresses and
//! their licence.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::error::AppError;
use crate::store::scope::{CollaborationFilter, Viewer};
use crate::uptake::open_data::CSV_COLUMNS;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/aabne-data", get(page))
}

/// A column or field, documented.
struct Column {
    name: &'static str,
    description: String,
}

/// The fields of the JSON records beyond the CSV's columns.
const JSON_ONLY: [&str; 3] = ["summary", "recommendations[]", "toolbox[]"];

/// The fields of a JSON recommendation link and toolbox link.
const JSON_LINK_FIELDS: [&str; 8] = [
    "recommendations[].code",
    "recommendations[].status",
    "recommendations[].note",
    "recommendations[].evidence_url",
    "recommendations[].updated_at",
    "toolbox[].slug",
    "toolbox[].outcome",
    "toolbox[].note",
];

#[derive(Template)]
#[template(path = "pages/open_data.html", whitespace = "minimize")]
struct OpenDataPage {
    chrome: Chrome,
    csv_url: String,
    json_url: String,
    count_text: String,
    columns: Vec<Column>,
    json_fields: Vec<Column>,
    licence_url: &'static str,
}

fn describe(prefix: &str, name: &'static str, l: crate::i18n::Locale) -> Column {
    let key = name.replace("[]", "").replace(['.', '_'], "-");
    Column {
        name,
        description: l.text(&format!("{prefix}-{key}")),
    }
}

async fn page(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let l = ctx.locale;
    // The downloads hold what the public sees, whoever reads this page.
    let count = state
        .store
        .read()
        .await?
        .count_collaborations(&Viewer::anonymous(), &CollaborationFilter::default())
        .await?;
    let title = ctx.t("open-data-title");
    let chrome = ctx
        .chrome(
            Section::Other,
            title.clone(),
            ctx.t("open-data-description"),
        )
        .with_breadcrumbs(vec![("/aabne-data".into(), title)]);
    Ok(ctx.render(&OpenDataPage {
        chrome,
        csv_url: ctx.absolute("/api/v1/exports/collaborations.csv"),
        json_url: ctx.absolute("/api/v1/exports/collaborations.json"),
        count_text: l.text_count("open-data-count", count),
        columns: CSV_COLUMNS
            .iter()
            .map(|c| describe("open-data-col", c, l))
            .collect(),
        json_fields: JSON_ONLY
            .iter()
            .chain(JSON_LINK_FIELDS.iter())
            .map(|c| describe("open-data-json", c, l))
            .collect(),
        licence_url: match l {
            crate::i18n::Locale::Da => "https://creativecommons.org/licenses/by/4.0/deed.da",
            crate::i18n::Locale::En => "https://creativecommons.org/licenses/by/4.0/",
        },
    }))
}
