//! `/temaer`: the themes the partnership worked through, and what belongs to each.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::{RecommendationItem, ThemeLink, ToolboxItem};
use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::collaborations::filters::{LIST_KEYS, Params};
use crate::http::web::collaborations::{CollaborationTeaser, teaser};
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::i18n::Locale;
use crate::registry::viewer_of;
use crate::store::catalogue::ThemeRow;
use crate::store::scope::CollaborationFilter;

pub(in crate::http::web) fn router() -> Router<AppState> {
    Router::new()
        .route("/temaer", get(list))
        .route("/temaer/{code}", get(detail))
}

/// A theme with its summary and sub-themes.
struct ThemeItem {
    link: ThemeLink,
    summary: String,
    retired: bool,
    children: Vec<ThemeItem>,
}

impl ThemeItem {
    fn new(row: &ThemeRow, all: &[ThemeRow], l: Locale) -> ThemeItem {
        ThemeItem {
            link: ThemeLink::new(row, l),
            summary: l.pick(&row.summary_da, &row.summary_en).to_owned(),
            retired: row.retired,
            children: all
                .iter()
                .filter(|c| c.parent.as_deref() == Some(row.code.as_str()) && !c.retired)
                .map(|c| ThemeItem::new(c, all, l))
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "pages/themes.html", whitespace = "minimize")]
struct ListPage {
    chrome: Chrome,
    themes: Vec<ThemeItem>,
}

async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let rows = state.store.read().await?.themes().await?;
    let themes = rows
        .iter()
        .filter(|t| t.parent.is_none() && !t.retired)
        .map(|t| ThemeItem::new(t, &rows, ctx.locale))
        .collect();
    let chrome = ctx
        .chrome(
            Section::Themes,
            ctx.t("themes-title"),
            ctx.t("themes-description"),
        )
        .with_breadcrumbs(vec![("/temaer".into(), ctx.t("themes-title"))]);
    Ok(ctx.render(&ListPage { chrome, themes }))
}

#[derive(Template)]
#[template(path = "pages/theme.html", whitespace = "minimize")]
struct DetailPage {
    chrome: Chrome,
    theme: ThemeItem,
    parent: Option<ThemeLink>,
    recommendations: Vec<RecommendationItem>,
    tools: Vec<ToolboxItem>,
    collaborations: CollaborationTeaser,
}

async fn detail(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let rows = tx.themes().await?;
    let row = rows
        .iter()
        .find(|t| t.code == code)
        .ok_or(AppError::NotFound)?;
    let l = ctx.locale;
    let theme = ThemeItem::new(row, &rows, l);
    let parent = row
        .parent
        .as_ref()
        .and_then(|p| rows.iter().find(|t| &t.code == p))
        .map(|t| ThemeLink::new(t, l));
    // A theme's own items and those of its sub-themes.
    let mut codes = vec![row.code.clone()];
    codes.extend(theme.children.iter().map(|c| c.link.code.clone()));
    let recommendations = tx
        .recommendations()
        .await?
        .iter()
        .map(|r| RecommendationItem::new(r, &rows, l))
        .filter(|r| !r.retired && r.shares_theme(&codes))
        .collect();
    let tools = tx
        .toolbox_entries()
        .await?
        .iter()
        .map(|t| ToolboxItem::new(t, &rows, l))
        .filter(|t| !t.retired && t.shares_theme(&codes))
        .collect();
    let filter = CollaborationFilter {
        theme: Some(row.code.clone()),
        ..CollaborationFilter::default()
    };
    let list = Params::from_pairs([("theme", row.code.as_str())]).query(&LIST_KEYS);
    let (collaborations, _) =
        teaser(&mut *tx, &viewer_of(ctx.user.as_ref()), &filter, &list, l).await?;
    let heading = l.text_with(
        "theme-heading",
        &[
            ("code", theme.link.code.clone()),
            ("name", theme.link.name.clone()),
        ],
    );
    let mut trail = vec![("/temaer".to_owned(), ctx.t("themes-title"))];
    if let Some(p) = &parent {
        trail.push((p.href.clone(), p.name.clone()));
    }
    trail.push((theme.link.href.clone(), theme.link.name.clone()));
    let chrome = ctx
        .chrome(Section::Themes, heading, theme.summary.clone())
        .with_breadcrumbs(trail);
    Ok(ctx.render(&DetailPage {
        chrome,
        theme,
        parent,
        recommendations,
        tools,
        collaborations,
    }))
}
