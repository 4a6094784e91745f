//! The front page: what bymidter is, the search box, the way into the catalogue.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::catalogue::RecommendationItem;
use super::form::Field;
use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::error::AppError;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/", get(front_page))
}

#[derive(Template)]
#[template(path = "pages/home.html", whitespace = "minimize")]
struct HomePage {
    chrome: Chrome,
    search: Field,
    recommendations: Vec<RecommendationItem>,
    toolbox_count: usize,
    theme_count: usize,
    municipality_count: usize,
    region_count: usize,
}

async fn front_page(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let themes = tx.themes().await?;
    let recommendations = tx
        .recommendations()
        .await?
        .iter()
        .filter(|r| !r.retired)
        .map(|r| RecommendationItem::new(r, &themes, ctx.locale))
        .collect();
    let toolbox_count = tx
        .toolbox_entries()
        .await?
        .iter()
        .filter(|t| !t.retired)
        .count();
    let municipality_count = tx.municipalities().await?.len();
    let region_count = tx.regions().await?.len();
    let search = Field::text("q", ctx.t("home-search-label"))
        .hint(ctx.t("home-search-hint"))
        .input_type("search");
    let chrome = ctx.chrome(
        Section::Home,
        ctx.t("home-title"),
        ctx.t("home-description"),
    );
    Ok(ctx.render(&HomePage {
        chrome,
        search,
        recommendations,
        toolbox_count,
        theme_count: themes.iter().filter(|t| !t.retired).count(),
        municipality_count,
        region_count,
    }))
}
