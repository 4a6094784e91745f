//! `/samarbejder`: the published collaborations the visitor may see, newest first, filtered by
//! place, town size, theme, recommendation (and its status, then or now), tool (and its
//! outcome), organisation model and status; a page at a time. Words to search for (the front
//! page's search box) narrow the list to the collaborations whose text matches them, exactly as
//! the API's `q` does.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::CollaborationCard;
use super::filters::{
    self, DateInput, LIST_KEYS, Params, Select, link_status_select, model_select,
    municipality_select, outcome_select, recommendation_select, region_select, size_select,
    status_select, theme_select, toolbox_select,
};
use crate::app::AppState;
use crate::error::{AppError, FieldError};
use crate::http::api::collaborations::{cursor, paging};
use crate::http::web::form::SummaryItem;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::i18n::Locale;
use crate::registry::{collaborations, viewer_of};
use crate::search::run::matching_collaborations;
use crate::uptake::{self, UptakeFilter};

/// How many collaborations a page of the list shows.
const PAGE_SIZE: i64 = 20;

/// The filter form, each control filled from the query.
pub struct FilterForm {
    region: Select,
    municipality: Select,
    size: Select,
    theme: Select,
    recommendation: Select,
    recommendation_status: Select,
    from: DateInput,
    to: DateInput,
    toolbox: Select,
    toolbox_outcome: Select,
    organisation_model: Select,
    status: Select,
}

/// A filter in force, with the link that lifts it.
pub struct ActiveFilter {
    label: String,
    remove_href: String,
}

/// What the filters found.
pub struct Results {
    count: i64,
    municipalities: i64,
    heading: String,
    cards: Vec<CollaborationCard>,
    next_href: Option<String>,
    first_href: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/collaborations.html", whitespace = "minimize")]
struct ListPage {
    chrome: Chrome,
    form: FilterForm,
    summary: Vec<SummaryItem>,
    /// The words searched for.
    words: String,
    active: Vec<ActiveFilter>,
    clear_href: String,
    results: Option<Results>,
}

/// The filters that go when `name` is lifted: a recommendation takes its status and period
/// with it, a tool its outcome.
fn lifted_with(name: &str) -> Vec<&str> {
    match name {
        "recommendation" => vec!["recommendation", "recommendation_status", "from", "to"],
        "toolbox" => vec!["toolbox", "toolbox_outcome"],
        other => vec![other],
    }
}

fn active_filters(params: &Params, form: &FilterForm, l: Locale) -> Vec<ActiveFilter> {
    let selects = [
        &form.region,
        &form.municipality,
        &form.size,
        &form.theme,
        &form.recommendation,
        &form.recommendation_status,
        &form.toolbox,
        &form.toolbox_outcome,
        &form.organisation_model,
        &form.status,
    ];
    let mut out = Vec::new();
    for name in LIST_KEYS {
        let Some(value) = params.get(name) else {
            continue;
        };
        let (label, shown) = match selects.iter().find(|s| s.name == name) {
            Some(s) => (
                s.label.clone(),
                s.chosen_label().unwrap_or(value.to_owned()),
            ),
            None if name == "from" => (form.from.label.clone(), value.to_owned()),
            None => (form.to.label.clone(), value.to_owned()),
        };
        let mut lifted = lifted_with(name);
        lifted.push("cursor");
        out.push(ActiveFilter {
            label: l.text_with("filter-active", &[("filter", label), ("value", shown)]),
            remove_href: params.without(&lifted).href("/samarbejder", &LIST_KEYS),
        });
    }
    out
}

/// `GET /samarbejder`.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let mut known: Vec<&str> = LIST_KEYS.to_vec();
    known.extend(["cursor", "q"]);
    let params = Params::parse(query.as_deref(), &known);
    let l = ctx.locale;
    let viewer = viewer_of(ctx.user.as_ref());
    let mut tx = state.store.read().await?;
    let checked = filters::check(&mut *tx, &params, state.clock.now()).await?;
    let mut errors: Vec<FieldError> = match &checked {
        Ok(_) => Vec::new(),
        Err(e) => e.clone(),
    };
    let paging = paging(Some(PAGE_SIZE), params.get("cursor"));
    if let Err(AppError::Validation(e)) = &paging {
        errors.extend(e.iter().cloned());
    }
    // The summary lists the problems in the order of the form.
    errors.sort_by_key(|e| LIST_KEYS.iter().position(|k| *k == e.field));

    let regions = tx.regions().await?;
    let municipalities = tx.municipalities().await?;
    let themes = tx.themes().await?;
    let recommendations = tx.recommendations().await?;
    let sections = tx.toolbox_sections().await?;
    let entries = tx.toolbox_entries().await?;
    let fill = |s: Select| s.filled(&params, &errors, l);
    let form = FilterForm {
        region: fill(region_select(&regions, l)),
        municipality: fill(municipality_select(&regions, &municipalities, l)),
        size: fill(size_select(l)),
        theme: fill(theme_select(&themes, l)),
        recommendation: fill(recommendation_select(
            &recommendations,
            &params.value("recommendation"),
            l,
        )),
        recommendation_status: fill(link_status_select(l)),
        from: DateInput::new("from", l.text("filter-from"), &params, &errors, l),
        to: DateInput::new("to", l.text("filter-to"), &params, &errors, l),
        toolbox: fill(toolbox_select(
            &sections,
            &entries,
            &params.value("toolbox"),
            l,
        )),
        toolbox_outcome: fill(outcome_select(l)),
        organisation_model: fill(model_select(l)),
        status: fill(status_select(l)),
    };

    let words = params
        .get("q")
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(str::to_owned);
    let results = match (&checked, &paging) {
        (Ok(filter), Ok((limit, after))) => {
            let mut filter = filter.clone();
            if let Some(words) = &words {
                filter.ids =
                    Some(matching_collaborations(&mut *tx, &viewer, words, &filter).await?);
            }
            let filter = &filter;
            let page = collaborations::list(&mut *tx, &viewer, filter, *after, *limit).await?;
            // The same figures as the uptake page: what a number there counts, this list shows.
            let coverage = uptake::coverage(
                &mut *tx,
                &viewer,
                &UptakeFilter {
                    collaborations: filter.clone(),
                    ..UptakeFilter::default()
                },
            )
            .await?;
            let count: i64 = coverage
                .municipalities
                .iter()
                .map(|m| m.collaborations)
                .sum();
            let in_municipalities = coverage
                .municipalities
                .iter()
                .filter(|m| m.collaborations > 0)
                .count() as i64;
            let heading = match (&words, count) {
                (Some(words), 0) => {
                    l.text_with("collaborations-search-none", &[("text", words.clone())])
                }
                (Some(words), _) => format!(
                    "{} {}",
                    l.text_count("collaborations-count", count),
                    l.text_with("collaborations-search-matching", &[("text", words.clone())])
                ),
                (None, 0) => l.text("collaborations-none-found"),
                (None, _) => {
                    format!(
                        "{} {}",
                        l.text_count("collaborations-count", count),
                        l.text_count("collaborations-in-municipalities", in_municipalities)
                    )
                }
            };
            Some(Results {
                count,
                municipalities: in_municipalities,
                heading,
                cards: page
                    .items
                    .iter()
                    .map(|r| CollaborationCard::new(r, &themes, &regions, l))
                    .collect(),
                next_href: page.next.map(|id| {
                    params
                        .with("cursor", &cursor(id))
                        .href("/samarbejder", &LIST_KEYS)
                }),
                first_href: after
                    .is_some()
                    .then(|| params.without(&["cursor"]).href("/samarbejder", &LIST_KEYS)),
            })
        }
        _ => None,
    };

    let summary = errors
        .iter()
        .map(|e| SummaryItem {
            href: format!("#filter-{}", e.field.replace('_', "-")),
            message: e.message(l),
        })
        .collect::<Vec<_>>();
    let title = ctx.t("collaborations-title");
    let mut chrome = ctx
        .chrome(
            Section::Collaborations,
            title.clone(),
            ctx.t("collaborations-description"),
        )
        .with_breadcrumbs(vec![("/samarbejder".into(), title)]);
    if !summary.is_empty() {
        chrome.title = ctx.t1("title-with-errors", "title", &chrome.title);
    }
    let status = if summary.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let active = active_filters(&params, &form, l);
    Ok(ctx.render_with(
        status,
        &ListPage {
            chrome,
            active,
            clear_href: "/samarbejder".into(),
            words: words.unwrap_or_default(),
            summary,
            form,
            results,
        },
    ))
}
