//! `/anbefalinger`: the partnership's recommendations, one page each.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::{RecommendationItem, ToolboxItem, case_variant, recommendation_href};
use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::page::{Chrome, PageContext, Section};

pub(in crate::http::web) fn router() -> Router<AppState> {
    Router::new()
        .route("/anbefalinger", get(list))
        .route("/anbefalinger/{code}", get(detail))
}

#[derive(Template)]
#[template(path = "pages/recommendations.html", whitespace = "minimize")]
struct ListPage {
    chrome: Chrome,
    current: Vec<RecommendationItem>,
    retired: Vec<RecommendationItem>,
    any_provisional: bool,
}

async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let themes = tx.themes().await?;
    let rows = tx.recommendations().await?;
    let l = ctx.locale;
    let (current, retired): (Vec<_>, Vec<_>) = rows
        .iter()
        .map(|r| RecommendationItem::new(r, &themes, l))
        .partition(|r| !r.retired);
    let chrome = ctx
        .chrome(
            Section::Recommendations,
            ctx.t("recommendations-title"),
            ctx.t("recommendations-description"),
        )
        .with_breadcrumbs(vec![(
            "/anbefalinger".into(),
            ctx.t("recommendations-title"),
        )]);
    Ok(ctx.render(&ListPage {
        chrome,
        any_provisional: current.iter().any(|r| r.provisional),
        current,
        retired,
    }))
}

#[derive(Template)]
#[template(path = "pages/recommendation.html", whitespace = "minimize")]
struct DetailPage {
    chrome: Chrome,
    item: RecommendationItem,
    replacement: Option<RecommendationItem>,
    replaces: Vec<RecommendationItem>,
    related_recommendations: Vec<RecommendationItem>,
    related_tools: Vec<ToolboxItem>,
}

async fn detail(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let rows = tx.recommendations().await?;
    let Some(row) = rows.iter().find(|r| r.code == code) else {
        return match case_variant(&code, rows.iter().map(|r| r.code.as_str())) {
            Some(stored) => Ok(Redirect::permanent(&recommendation_href(stored)).into_response()),
            None => Err(AppError::NotFound),
        };
    };
    let themes = tx.themes().await?;
    let l = ctx.locale;
    let item = RecommendationItem::new(row, &themes, l);
    let all: Vec<RecommendationItem> = rows
        .iter()
        .map(|r| RecommendationItem::new(r, &themes, l))
        .collect();
    let theme_codes: Vec<String> = item.themes.iter().map(|t| t.code.clone()).collect();
    let replacement = item
        .replaced_by
        .as_ref()
        .and_then(|c| all.iter().find(|r| &r.code == c).cloned());
    let replaces = all
        .iter()
        .filter(|r| r.replaced_by.as_deref() == Some(item.code.as_str()))
        .cloned()
        .collect();
    let related_recommendations = all
        .iter()
        .filter(|r| r.code != item.code && !r.retired && r.shares_theme(&theme_codes))
        .cloned()
        .collect();
    let related_tools = tx
        .toolbox_entries()
        .await?
        .iter()
        .map(|t| ToolboxItem::new(t, &themes, l))
        .filter(|t| !t.retired && t.shares_theme(&theme_codes))
        .collect();
    let heading = ctx.locale.text_with(
        "recommendation-heading",
        &[("code", item.code.clone()), ("title", item.title.clone())],
    );
    let chrome = ctx
        .chrome(Section::Recommendations, heading, item.summary.clone())
        .with_breadcrumbs(vec![
            ("/anbefalinger".into(), ctx.t("recommendations-title")),
            (item.href.clone(), item.code.clone()),
        ]);
    Ok(ctx.render(&DetailPage {
        chrome,
        item,
        replacement,
        replaces,
        related_recommendations,
        related_tools,
    }))
}
