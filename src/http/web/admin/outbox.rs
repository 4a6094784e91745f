//! `/admin/e-mails`: the emails that failed their last attempt, each sent again with one press
//! (as `bymidter outbox retry ID`).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use uuid::Uuid;

use super::{admin, admin_chrome};
use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::form::CheckedForm;
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext};
use crate::mail::outbox;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/e-mails", get(list))
        .route("/admin/e-mails/{id}/send-igen", post(retry))
}

/// A dead email as the page lists it.
struct DeadEmail {
    id: String,
    created: String,
    kind: String,
    recipient: String,
    subject: String,
    attempts: i64,
    last_error: String,
}

#[derive(Template)]
#[template(path = "pages/admin/emails.html", whitespace = "minimize")]
struct EmailsPage {
    chrome: Chrome,
    emails: Vec<DeadEmail>,
}

async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    admin(&ctx)?;
    let emails = outbox::list(&state.store, Some("dead"), 200)
        .await?
        .into_iter()
        .map(|r| DeadEmail {
            id: r.id.to_string(),
            created: r.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            kind: r.kind,
            recipient: r.recipient,
            subject: r.subject,
            attempts: r.attempts,
            last_error: r.last_error.unwrap_or_default(),
        })
        .collect();
    let chrome = admin_chrome(
        &ctx,
        ctx.t("admin-emails-title"),
        ctx.t("admin-emails-description"),
        "/admin/e-mails",
    );
    Ok(ctx.render(&EmailsPage { chrome, emails }))
}

async fn retry(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(id): Path<String>,
    _checked: CheckedForm,
) -> Result<Response, AppError> {
    admin(&ctx)?;
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    if !outbox::retry(&state.store, id, Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(notice::redirect("/admin/e-mails", "email-requeued").into_response())
}
