//! The link forms on the edit page: a recommendation with its status (abandoned needs a
//! reason), note and evidence; a tool with its note and outcome. Choosing a linked one again
//! changes it; each link can be removed. The checks and the status history are the
//! registry's (`registry::links`).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use strum::IntoEnumIterator;

use super::edit::{EditState, render};
use super::{Editing, editable};
use crate::app::AppState;
use crate::domain::vocab::{LinkStatus, ToolOutcome};
use crate::error::{AppError, FieldError};
use crate::http::web::collaborations::{link_status_label, outcome_label};
use crate::http::web::fields::{OptionGroup, option};
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::notice;
use crate::http::web::page::PageContext;
use crate::http::web::refusal::Refusal;
use crate::registry::collaborations::CollaborationDetail;
use crate::registry::links::{self, RecommendationLinkInput, ToolboxLinkInput};
use crate::store::Tx;
use crate::uptake::open_data::page_path;

/// What the recommendation link form holds.
#[derive(Debug, Clone, Default)]
pub(super) struct RecommendationValues {
    code: String,
    status: String,
    note: String,
    evidence_url: String,
    reason: String,
}

/// What the toolbox link form holds.
#[derive(Debug, Clone, Default)]
pub(super) struct ToolValues {
    slug: String,
    note: String,
    outcome: String,
}

/// The link forms' input and what is wrong with it.
#[derive(Debug, Clone, Default)]
pub(super) struct LinkInputs {
    recommendation: RecommendationValues,
    recommendation_errors: Vec<FieldError>,
    tool: ToolValues,
    tool_errors: Vec<FieldError>,
}

impl LinkInputs {
    /// The forms filled with the link a query names (`anbefaling=CODE`, `vaerktoej=SLUG`).
    pub fn chosen(d: &CollaborationDetail, query: Option<&str>) -> LinkInputs {
        let mut inputs = LinkInputs::default();
        for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            if k == "anbefaling"
                && let Some(l) = d
                    .recommendations
                    .iter()
                    .find(|l| l.recommendation_code == v)
            {
                inputs.recommendation = RecommendationValues {
                    code: l.recommendation_code.clone(),
                    status: l.status.clone(),
                    note: l.note.clone(),
                    evidence_url: l.evidence_url.clone().unwrap_or_default(),
                    reason: l.reason.clone().unwrap_or_default(),
                };
            }
            if k == "vaerktoej"
                && let Some(l) = d.toolbox.iter().find(|l| l.toolbox_slug == v)
            {
                inputs.tool = ToolValues {
                    slug: l.toolbox_slug.clone(),
                    note: l.note.clone(),
                    outcome: l.outcome.clone().unwrap_or_default(),
                };
            }
        }
        inputs
    }
}

/// A linked recommendation as the edit page lists it.
pub(super) struct LinkedRecommendation {
    pub(super) code: String,
    pub(super) title: String,
    pub(super) status_label: String,
    pub(super) note: String,
    pub(super) change_href: String,
    pub(super) remove_action: String,
}

/// A linked tool as the edit page lists it.
pub(super) struct LinkedTool {
    pub(super) title: String,
    pub(super) outcome_label: String,
    pub(super) note: String,
    pub(super) change_href: String,
    pub(super) remove_action: String,
}

/// The links section of the edit page.
pub(super) struct LinksView {
    pub(super) recommendations: Vec<LinkedRecommendation>,
    pub(super) tools: Vec<LinkedTool>,
    /// The recommendation link form.
    pub(super) recommendation_form: FormView,
    pub(super) recommendation_options: Vec<OptionGroup>,
    pub(super) status_options: Vec<OptionGroup>,
    pub(super) recommendation_action: String,
    /// The toolbox link form.
    pub(super) tool_form: FormView,
    pub(super) tool_options: Vec<OptionGroup>,
    pub(super) outcome_options: Vec<OptionGroup>,
    pub(super) tool_action: String,
}

/// Errors of the registry named as the form names its fields.
fn renamed(errors: &[FieldError], names: &[(&str, &str)]) -> Vec<FieldError> {
    errors
        .iter()
        .cloned()
        .map(|mut e| {
            if let Some((_, to)) = names.iter().find(|(from, _)| *from == e.field) {
                e.field = (*to).to_owned();
            }
            e
        })
        .collect()
}

fn textarea(name: &str, label: String, value: &str) -> Field {
    Field::text(name, label).value(value)
}

/// The links section for `d`, its forms filled from `inputs`.
pub(super) async fn view(
    tx: &mut dyn Tx,
    ctx: &PageContext,
    d: &CollaborationDetail,
    inputs: &LinkInputs,
) -> Result<LinksView, AppError> {
    let l = ctx.locale;
    let base = page_path(&d.row);
    let recommendations = tx.recommendations().await?;
    let sections = tx.toolbox_sections().await?;
    let entries = tx.toolbox_entries().await?;
    let recommendation_title = |code: &str| {
        recommendations
            .iter()
            .find(|r| r.code == code)
            .map(|r| l.pick(&r.title_da, &r.title_en).to_owned())
            .unwrap_or_default()
    };
    let linked: Vec<LinkedRecommendation> = d
        .recommendations
        .iter()
        .map(|link| LinkedRecommendation {
            code: link.recommendation_code.clone(),
            title: recommendation_title(&link.recommendation_code),
            status_label: link_status_label(&link.status, l),
            note: link.note.clone(),
            change_href: format!(
                "{base}/rediger?anbefaling={}#anbefaling-form",
                link.recommendation_code
            ),
            remove_action: format!("{base}/anbefalinger/{}/fjern", link.recommendation_code),
        })
        .collect();
    let tool_title = |slug: &str| {
        entries
            .iter()
            .find(|e| e.slug == slug)
            .map(|e| l.pick(&e.title_da, &e.title_en).to_owned())
            .unwrap_or_else(|| slug.to_owned())
    };
    let tools: Vec<LinkedTool> = d
        .toolbox
        .iter()
        .map(|link| LinkedTool {
            title: tool_title(&link.toolbox_slug),
            outcome_label: outcome_label(link.outcome.as_deref().unwrap_or("not_reported"), l),
            note: link.note.clone(),
            change_href: format!(
                "{base}/rediger?vaerktoej={}#vaerktoej-form",
                link.toolbox_slug
            ),
            remove_action: format!("{base}/vaerktoejer/{}/fjern", link.toolbox_slug),
        })
        .collect();

    let mut recommendation_choices = vec![option("", ctx.t("editor-link-recommendation-choose"))];
    recommendation_choices.extend(
        recommendations
            .iter()
            .filter(|r| {
                !r.retired
                    || d.recommendations
                        .iter()
                        .any(|link| link.recommendation_code == r.code)
            })
            .map(|r| {
                option(
                    &r.code,
                    format!("{} {}", r.code, l.pick(&r.title_da, &r.title_en)),
                )
            }),
    );
    let mut statuses = vec![option("", ctx.t("editor-link-status-choose"))];
    statuses
        .extend(LinkStatus::iter().map(|s| option(s.as_str(), link_status_label(s.as_str(), l))));
    let mut tool_groups = vec![OptionGroup {
        label: None,
        options: vec![option("", ctx.t("editor-link-tool-choose"))],
    }];
    for section in &sections {
        let options: Vec<_> = entries
            .iter()
            .filter(|e| e.section == section.slug)
            .filter(|e| !e.retired || d.toolbox.iter().any(|link| link.toolbox_slug == e.slug))
            .map(|e| option(&e.slug, l.pick(&e.title_da, &e.title_en).to_owned()))
            .collect();
        if !options.is_empty() {
            tool_groups.push(OptionGroup {
                label: Some(l.pick(&section.name_da, &section.name_en).to_owned()),
                options,
            });
        }
    }
    let mut outcomes = vec![option("", outcome_label("not_reported", l))];
    outcomes.extend(ToolOutcome::iter().map(|o| option(o.as_str(), outcome_label(o.as_str(), l))));

    let r = &inputs.recommendation;
    let recommendation_form = FormView::new(vec![
        Field::text("recommendation", ctx.t("editor-link-recommendation"))
            .hint(ctx.t("editor-link-recommendation-hint"))
            .value(r.code.clone()),
        Field::text("rec_status", ctx.t("editor-link-status"))
            .hint(ctx.t("editor-link-status-hint"))
            .value(r.status.clone()),
        textarea("reason", ctx.t("editor-link-reason"), &r.reason)
            .hint(ctx.t("editor-link-reason-hint")),
        textarea("rec_note", ctx.t("editor-link-note"), &r.note),
        Field::text("evidence_url", ctx.t("editor-link-evidence"))
            .input_type("url")
            .hint(ctx.t("editor-link-evidence-hint"))
            .value(r.evidence_url.clone()),
    ])
    .with_errors(
        &renamed(
            &inputs.recommendation_errors,
            &[("status", "rec_status"), ("note", "rec_note")],
        ),
        l,
    );
    let t = &inputs.tool;
    let tool_form = FormView::new(vec![
        Field::text("toolbox", ctx.t("editor-link-tool")).value(t.slug.clone()),
        Field::text("outcome", ctx.t("editor-link-outcome"))
            .hint(ctx.t("editor-link-outcome-hint"))
            .value(t.outcome.clone()),
        textarea("tool_note", ctx.t("editor-link-note"), &t.note),
    ])
    .with_errors(&renamed(&inputs.tool_errors, &[("note", "tool_note")]), l);
    Ok(LinksView {
        recommendations: linked,
        tools,
        recommendation_form,
        recommendation_options: vec![OptionGroup {
            label: None,
            options: recommendation_choices,
        }],
        status_options: vec![OptionGroup {
            label: None,
            options: statuses,
        }],
        recommendation_action: format!("{base}/anbefalinger"),
        tool_form,
        tool_options: tool_groups,
        outcome_options: vec![OptionGroup {
            label: None,
            options: outcomes,
        }],
        tool_action: format!("{base}/vaerktoejer"),
    })
}

/// The answer to a link form: back to the edit page with a notice when `saved`, else the edit
/// page again with the form's input (`inputs` given the errors), answered with the refusal's
/// status.
async fn answer(
    state: &AppState,
    ctx: &PageContext,
    d: &CollaborationDetail,
    saved: Result<(), AppError>,
    inputs: impl FnOnce(Vec<FieldError>) -> LinkInputs,
) -> Result<Response, AppError> {
    match saved {
        Ok(()) => Ok(
            notice::redirect(&format!("{}/rediger", page_path(&d.row)), "link-saved")
                .into_response(),
        ),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let mut s = EditState::stored(d);
            s.links = inputs(refusal.errors);
            render(state, ctx, d, s, refusal.status).await
        }
    }
}

/// `POST /samarbejder/{org}/{slug}/anbefalinger`: links a recommendation, or changes its link.
pub(super) async fn put_recommendation(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "/rediger").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let values = RecommendationValues {
        code: form.value("recommendation"),
        status: form.value("rec_status"),
        note: form.value("rec_note"),
        evidence_url: form.value("evidence_url"),
        reason: form.value("reason"),
    };
    let mut errors = Vec::new();
    let known = state
        .store
        .read()
        .await?
        .recommendation(&values.code)
        .await?
        .is_some();
    if values.code.is_empty() {
        errors.push(FieldError::new(
            "recommendation",
            "editor-link-recommendation-required",
        ));
    } else if !known {
        errors.push(
            FieldError::new("recommendation", "field-recommendation-unknown")
                .arg("value", &values.code),
        );
    }
    let status = values.status.parse::<LinkStatus>().ok();
    if status.is_none() {
        errors.push(FieldError::new("status", "editor-link-status-required"));
    }
    let saved = match status {
        Some(status) if errors.is_empty() => {
            let optional = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
            links::put_recommendation(
                &state,
                &user,
                d.row.id,
                &values.code,
                RecommendationLinkInput {
                    status,
                    note: optional(&values.note),
                    evidence_url: optional(&values.evidence_url),
                    reason: optional(&values.reason),
                },
            )
            .await
            .map(|_| ())
        }
        _ => Err(AppError::Validation(errors)),
    };
    answer(&state, &ctx, &d, saved, |errors| LinkInputs {
        recommendation: values,
        recommendation_errors: errors,
        ..LinkInputs::default()
    })
    .await
}

/// `POST /samarbejder/{org}/{slug}/anbefalinger/{code}/fjern`.
pub(super) async fn remove_recommendation(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug, code)): Path<(String, String, String)>,
    _form: CheckedForm,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "/rediger").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    links::delete_recommendation(&state, &user, d.row.id, &code).await?;
    Ok(notice::redirect(&format!("{}/rediger", page_path(&d.row)), "link-removed").into_response())
}

/// `POST /samarbejder/{org}/{slug}/vaerktoejer`: links a tool, or changes its link.
pub(super) async fn put_tool(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "/rediger").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let values = ToolValues {
        slug: form.value("toolbox"),
        note: form.value("tool_note"),
        outcome: form.value("outcome"),
    };
    let mut errors = Vec::new();
    let known = state
        .store
        .read()
        .await?
        .toolbox_entry(&values.slug)
        .await?
        .is_some();
    if values.slug.is_empty() {
        errors.push(FieldError::new("toolbox", "editor-link-tool-required"));
    } else if !known {
        errors.push(FieldError::new("toolbox", "field-toolbox-unknown").arg("value", &values.slug));
    }
    let outcome = values.outcome.parse::<ToolOutcome>().ok();
    if !values.outcome.is_empty() && outcome.is_none() {
        errors.push(FieldError::new("outcome", "editor-choice-unknown"));
    }
    let saved = if errors.is_empty() {
        links::put_toolbox(
            &state,
            &user,
            d.row.id,
            &values.slug,
            ToolboxLinkInput {
                note: Some(values.note.clone()).filter(|n| !n.trim().is_empty()),
                outcome,
            },
        )
        .await
        .map(|_| ())
    } else {
        Err(AppError::Validation(errors))
    };
    answer(&state, &ctx, &d, saved, |errors| LinkInputs {
        tool: values,
        tool_errors: errors,
        ..LinkInputs::default()
    })
    .await
}

/// `POST /samarbejder/{org}/{slug}/vaerktoejer/{tool}/fjern`.
pub(super) async fn remove_tool(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug, tool)): Path<(String, String, String)>,
    _form: CheckedForm,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "/rediger").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    links::delete_toolbox(&state, &user, d.row.id, &tool).await?;
    Ok(notice::redirect(&format!("{}/rediger", page_path(&d.row)), "link-removed").into_response())
}
