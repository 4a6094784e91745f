//! `/vaerktoejer`: the partnership's toolbox by section, the four organisation models, one page
//! per tool.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::{
    RecommendationItem, ToolboxItem, ToolboxSection, case_variant, organisation_model_name,
    toolbox_href,
};
use crate::app::AppState;
use crate::domain::vocab::OrganisationModel;
use crate::error::AppError;
use crate::http::web::collaborations::filters::{LIST_KEYS, Params};
use crate::http::web::collaborations::{CollaborationTeaser, outcome_label, teaser};
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::i18n::Locale;
use crate::registry::viewer_of;
use crate::store::scope::CollaborationFilter;
use crate::uptake::{self, UptakeFilter};

pub(in crate::http::web) fn router() -> Router<AppState> {
    Router::new()
        .route("/vaerktoejer", get(list))
        .route("/vaerktoejer/{slug}", get(detail))
}

/// One of the four models, with the toolbox entry that explains it, if the catalogue has one.
struct ModelCell {
    name: String,
    entry: Option<ToolboxItem>,
}

/// A row of the 2 x 2 model grid: informal or formal.
struct ModelRow {
    heading: String,
    hint: String,
    cells: Vec<ModelCell>,
}

fn model_grid(entries: &[ToolboxItem], l: Locale) -> Vec<ModelRow> {
    let cell = |model: OrganisationModel| ModelCell {
        name: organisation_model_name(model.as_str(), l),
        entry: entries
            .iter()
            .find(|e| e.organisation_model.as_deref() == Some(model.as_str()) && !e.retired)
            .cloned(),
    };
    vec![
        ModelRow {
            heading: l.text("models-informal"),
            hint: l.text("models-informal-hint"),
            cells: vec![
                cell(OrganisationModel::InformalPrivate),
                cell(OrganisationModel::InformalPublic),
            ],
        },
        ModelRow {
            heading: l.text("models-formal"),
            hint: l.text("models-formal-hint"),
            cells: vec![
                cell(OrganisationModel::FormalPrivate),
                cell(OrganisationModel::FormalPublic),
            ],
        },
    ]
}

#[derive(Template)]
#[template(path = "pages/toolbox.html", whitespace = "minimize")]
struct ListPage {
    chrome: Chrome,
    sections: Vec<ToolboxSection>,
    models: Vec<ModelRow>,
}

async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let themes = tx.themes().await?;
    let l = ctx.locale;
    let entries: Vec<ToolboxItem> = tx
        .toolbox_entries()
        .await?
        .iter()
        .map(|e| ToolboxItem::new(e, &themes, l))
        .collect();
    let sections = tx
        .toolbox_sections()
        .await?
        .iter()
        .map(|s| ToolboxSection::new(s, &entries, l))
        .filter(|s| !s.entries.is_empty())
        .collect();
    let chrome = ctx
        .chrome(
            Section::Toolbox,
            ctx.t("toolbox-title"),
            ctx.t("toolbox-description"),
        )
        .with_breadcrumbs(vec![("/vaerktoejer".into(), ctx.t("toolbox-title"))]);
    Ok(ctx.render(&ListPage {
        chrome,
        sections,
        models: model_grid(&entries, l),
    }))
}

#[derive(Template)]
#[template(path = "pages/toolbox_entry.html", whitespace = "minimize")]
struct DetailPage {
    chrome: Chrome,
    item: ToolboxItem,
    section: Option<ToolboxSection>,
    model_name: Option<String>,
    other_models: Vec<ToolboxItem>,
    related_recommendations: Vec<RecommendationItem>,
    collaborations: CollaborationTeaser,
    outcomes: Vec<OutcomeCount>,
}

/// How many users of the tool report one outcome, and the list of them.
pub struct OutcomeCount {
    label: String,
    value: i64,
    href: String,
}

async fn detail(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let rows = tx.toolbox_entries().await?;
    let Some(row) = rows.iter().find(|r| r.slug == slug) else {
        return match case_variant(&slug, rows.iter().map(|r| r.slug.as_str())) {
            Some(stored) => Ok(Redirect::permanent(&toolbox_href(stored)).into_response()),
            None => Err(AppError::NotFound),
        };
    };
    let themes = tx.themes().await?;
    let l = ctx.locale;
    let entries: Vec<ToolboxItem> = rows
        .iter()
        .map(|e| ToolboxItem::new(e, &themes, l))
        .collect();
    let item = ToolboxItem::new(row, &themes, l);
    let section = tx
        .toolbox_sections()
        .await?
        .iter()
        .find(|s| s.slug == item.section)
        .map(|s| ToolboxSection::new(s, &entries, l));
    let other_models = entries
        .iter()
        .filter(|e| e.organisation_model.is_some() && e.slug != item.slug && !e.retired)
        .cloned()
        .collect();
    let theme_codes: Vec<String> = item.themes.iter().map(|t| t.code.clone()).collect();
    let related_recommendations = tx
        .recommendations()
        .await?
        .iter()
        .map(|r| RecommendationItem::new(r, &themes, l))
        .filter(|r| !r.retired && r.shares_theme(&theme_codes))
        .collect();
    // Who used it and what it brought: the uptake figures' one definition.
    let viewer = viewer_of(ctx.user.as_ref());
    let use_of = uptake::toolbox(&mut *tx, &viewer, &UptakeFilter::default(), l)
        .await?
        .into_iter()
        .find(|t| t.slug == item.slug);
    let list = Params::from_pairs([("toolbox", item.slug.as_str())]);
    let outcomes = use_of
        .map(|t| {
            ["helped", "neutral", "did_not_help", "not_reported"]
                .iter()
                .map(|o| (*o, t.outcomes.get(*o).copied().unwrap_or(0)))
                .filter(|(_, n)| *n > 0)
                .map(|(o, n)| OutcomeCount {
                    label: outcome_label(o, l),
                    value: n,
                    href: list
                        .with("toolbox_outcome", o)
                        .href("/samarbejder", &LIST_KEYS),
                })
                .collect()
        })
        .unwrap_or_default();
    let filter = CollaborationFilter {
        toolbox: Some(item.slug.clone()),
        ..CollaborationFilter::default()
    };
    let (mut collaborations, rows) =
        teaser(&mut *tx, &viewer, &filter, &list.query(&LIST_KEYS), l).await?;
    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
    let links = tx.toolbox_links_of(&ids).await?;
    for (card, row) in collaborations.cards.iter_mut().zip(&rows) {
        card.detail = links
            .iter()
            .find(|k| k.collaboration_id == row.id && k.toolbox_slug == item.slug)
            .map(|k| {
                let outcome = outcome_label(k.outcome.as_deref().unwrap_or("not_reported"), l);
                l.text_with("card-detail-outcome", &[("outcome", outcome)])
            });
    }
    let mut trail = vec![("/vaerktoejer".to_owned(), ctx.t("toolbox-title"))];
    if let Some(s) = &section {
        trail.push((format!("/vaerktoejer#{}", s.slug), s.name.clone()));
    }
    trail.push((item.href.clone(), item.title.clone()));
    let chrome = ctx
        .chrome(Section::Toolbox, item.title.clone(), item.summary.clone())
        .with_breadcrumbs(trail);
    Ok(ctx.render(&DetailPage {
        chrome,
        model_name: item
            .organisation_model
            .as_deref()
            .map(|m| organisation_model_name(m, l)),
        item,
        section,
        other_models,
        related_recommendations,
        collaborations,
        outcomes,
    }))
}
