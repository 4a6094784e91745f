//! `/anbefalinger`: the partnership's recommendations, one page each.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::{RecommendationItem, ToolboxItem, case_variant, recommendation_href};
use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::collaborations::filters::{LIST_KEYS, Params};
use crate::http::web::collaborations::{CollaborationTeaser, link_status_label, teaser};
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::registry::viewer_of;
use crate::store::scope::CollaborationFilter;
use crate::uptake::{self, UptakeFilter};

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
    collaborations: CollaborationTeaser,
    status_counts: Vec<StatusCount>,
    timeline_href: String,
}

/// How many collaborations stand at one status, and the list of them.
pub struct StatusCount {
    label: String,
    value: i64,
    href: String,
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
    // Who works on it, and how far they are: the uptake figures' one definition.
    let viewer = viewer_of(ctx.user.as_ref());
    let figures = uptake::recommendations(&mut *tx, &viewer, &UptakeFilter::default(), l)
        .await?
        .into_iter()
        .find(|r| r.code == item.code);
    let list = Params::from_pairs([("recommendation", item.code.as_str())]);
    let status_counts = uptake::statuses()
        .into_iter()
        .map(|s| StatusCount {
            label: link_status_label(s, l),
            value: figures
                .as_ref()
                .and_then(|f| f.by_status.get(s).copied())
                .unwrap_or(0),
            href: list
                .with("recommendation_status", s)
                .href("/samarbejder", &LIST_KEYS),
        })
        .collect();
    let filter = CollaborationFilter {
        recommendation: Some(item.code.clone()),
        ..CollaborationFilter::default()
    };
    let (mut collaborations, rows) =
        teaser(&mut *tx, &viewer, &filter, &list.query(&LIST_KEYS), l).await?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let links = tx.recommendation_links_of(&ids).await?;
    for (card, row) in collaborations.cards.iter_mut().zip(&rows) {
        card.detail = links
            .iter()
            .find(|k| k.collaboration_id == row.id && k.recommendation_code == item.code)
            .map(|k| {
                l.text_with(
                    "card-detail-status",
                    &[("status", link_status_label(&k.status, l))],
                )
            });
    }
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
        timeline_href: format!("/udbredelse/{}", item.code),
        item,
        replacement,
        replaces,
        related_recommendations,
        related_tools,
        collaborations,
        status_counts,
    }))
}
