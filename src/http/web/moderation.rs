//! `/admin/moderering`: the platform admins' queue of reported comments and experiences, each
//! with the reported content, to hide with a reason or keep. For anyone else the page does not
//! exist (404).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use uuid::Uuid;

use super::collaborations::detail::long_day;
use super::collaborations::vocab_label;
use super::form::CheckedForm;
use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::registry::moderation::{self, HideInput, ReportTarget};
use crate::registry::viewer_of;
use crate::store::Tx;
use crate::store::registry::ReportRow;
use crate::uptake::open_data::page_path;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/moderering", get(queue))
        .route("/admin/moderering/{target}/{id}", post(decide))
}

/// The admin looking, or 404 for everyone else.
fn admin(ctx: &PageContext) -> Result<CurrentUser, AppError> {
    ctx.user
        .clone()
        .filter(CurrentUser::is_admin)
        .ok_or(AppError::NotFound)
}

/// A reported record with every open report on it.
pub struct Case {
    id: String,
    target: String,
    kind_label: String,
    title: String,
    body: Vec<String>,
    author: String,
    href: Option<String>,
    hidden: bool,
    reasons: Vec<(String, String)>,
    action: String,
}

fn excerpt(text: &str) -> Vec<String> {
    let short: String = text.chars().take(600).collect();
    let short = if short.len() < text.len() {
        format!("{}…", short.trim_end())
    } else {
        short
    };
    short
        .split("\n\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The reported records, oldest report first, with what they say and where they are.
async fn cases(
    tx: &mut dyn Tx,
    user: &CurrentUser,
    reports: Vec<ReportRow>,
    l: Locale,
) -> Result<Vec<Case>, AppError> {
    let viewer = viewer_of(Some(user));
    let mut out: Vec<Case> = Vec::new();
    for report in reports {
        let reason = (long_day(report.created_at, l), report.reason.clone());
        if let Some(case) = out
            .iter_mut()
            .find(|c| c.id == report.target_id.to_string() && c.target == report.target_type)
        {
            case.reasons.push(reason);
            continue;
        }
        let comment = if report.target_type == "comment" {
            match tx.comment(report.target_id).await? {
                Some(c) => Some(c),
                None => continue,
            }
        } else {
            None
        };
        let experience_id = comment
            .as_ref()
            .map_or(report.target_id, |c| c.experience_id);
        let Some(experience) = tx.experience(experience_id, &viewer).await? else {
            continue;
        };
        let href = tx
            .collaboration(experience.collaboration_id, &viewer)
            .await?
            .map(|c| format!("{}/erfaringer/{}", page_path(&c), experience.id));
        let (kind_label, title, body, author, hidden) = match &comment {
            Some(c) => (
                vocab_label("comment-kind", &c.kind, l),
                l.text_with(
                    "moderation-comment-on",
                    &[("title", experience.title.clone())],
                ),
                c.body.as_str(),
                c.author_name.clone(),
                c.hidden_at.is_some(),
            ),
            None => (
                l.text("moderation-kind-experience"),
                experience.title.clone(),
                experience.body_md.as_str(),
                experience.author_name.clone(),
                experience.hidden_at.is_some(),
            ),
        };
        out.push(Case {
            id: report.target_id.to_string(),
            target: report.target_type.clone(),
            kind_label,
            title,
            body: excerpt(body),
            author: author.unwrap_or_else(|| l.text("comment-author-gone")),
            href,
            hidden,
            reasons: vec![reason],
            action: format!(
                "/admin/moderering/{}/{}",
                report.target_type, report.target_id
            ),
        });
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "pages/moderation.html", whitespace = "minimize")]
struct QueuePage {
    chrome: Chrome,
    cases: Vec<Case>,
    done: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize)]
struct QueueQuery {
    handled: Option<String>,
}

async fn render_queue(
    state: &AppState,
    ctx: &PageContext,
    user: &CurrentUser,
    done: Option<String>,
    error: Option<String>,
) -> Result<Response, AppError> {
    let reports = moderation::open_reports(state, user).await?;
    let mut tx = state.store.read().await?;
    let cases = cases(&mut *tx, user, reports, ctx.locale).await?;
    let title = ctx.t("moderation-title");
    let mut chrome = ctx
        .chrome(
            Section::Other,
            title.clone(),
            ctx.t("moderation-description"),
        )
        .with_breadcrumbs(vec![
            ("/admin".into(), ctx.t("admin-title")),
            ("/admin/moderering".into(), title),
        ]);
    let status = if error.is_some() {
        chrome.title = ctx.t1("title-with-errors", "title", &chrome.title);
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(ctx.render_with(
        status,
        &QueuePage {
            chrome,
            cases,
            done,
            error,
        },
    ))
}

/// `GET /admin/moderering`.
async fn queue(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let user = admin(&ctx)?;
    let done = match q.handled.as_deref() {
        Some("hidden") => Some(ctx.t("moderation-done-hidden")),
        Some("restored") => Some(ctx.t("moderation-done-restored")),
        _ => None,
    };
    render_queue(&state, &ctx, &user, done, None).await
}

/// `POST /admin/moderering/{target}/{id}`: `action` hide (with `reason`) or restore.
async fn decide(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((target, id)): Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let user = admin(&ctx)?;
    let target = match target.as_str() {
        "comment" => ReportTarget::Comment,
        "experience" => ReportTarget::Experience,
        _ => return Err(AppError::NotFound),
    };
    let id = Uuid::parse_str(&id).map_err(|_| AppError::NotFound)?;
    let reason = form.value("reason").trim().to_owned();
    let hide = match form.get("action") {
        Some("hide") if reason.is_empty() => {
            let error = ctx.t("moderation-reason-required");
            return render_queue(&state, &ctx, &user, None, Some(error)).await;
        }
        Some("hide") => Some(HideInput {
            reason: Some(reason),
        }),
        Some("restore") => None,
        _ => return Err(AppError::BadRequest("problem-bad-request")),
    };
    let handled = if hide.is_some() { "hidden" } else { "restored" };
    match moderation::set_hidden(&state, &user, target, id, hide).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/moderering?handled={handled}")).into_response()),
        Err(AppError::Validation(errors)) => {
            let error = errors
                .iter()
                .map(|e| e.message(ctx.locale))
                .collect::<Vec<_>>()
                .join(" ");
            render_queue(&state, &ctx, &user, None, Some(error)).await
        }
        Err(e) => Err(e),
    }
}
