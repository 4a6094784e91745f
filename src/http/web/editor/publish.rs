//! Publishing, unpublishing and deleting a collaboration: buttons that post, and for delete a
//! page that asks first.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::{Editing, editable};
use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::form::CheckedForm;
use crate::http::web::notice;
use crate::http::web::organisations::organisation_href;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::registry::collaborations;
use crate::uptake::open_data::page_path;

/// `POST /samarbejder/{org}/{slug}/offentliggoer`.
pub(super) async fn publish(
    state: State<AppState>,
    ctx: PageContext,
    path: Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    set_published(state, ctx, path, form, true).await
}

/// `POST /samarbejder/{org}/{slug}/tilbagetraek`.
pub(super) async fn unpublish(
    state: State<AppState>,
    ctx: PageContext,
    path: Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    set_published(state, ctx, path, form, false).await
}

async fn set_published(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
    _form: CheckedForm,
    publish: bool,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let done = collaborations::set_published(&state, &user, d.row.id, None, publish).await?;
    let name = if publish {
        "collaboration-published"
    } else {
        "collaboration-unpublished"
    };
    Ok(notice::redirect(&page_path(&done.row), name).into_response())
}

#[derive(Template)]
#[template(path = "pages/editor/delete.html", whitespace = "minimize")]
struct DeletePage {
    chrome: Chrome,
    title: String,
    base: String,
    published: bool,
}

/// `GET /samarbejder/{org}/{slug}/slet`: are you sure?
pub(super) async fn confirm_delete(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let d = match editable(&state, &ctx, (&org, &slug), "/slet").await? {
        Editing::Here(d, _) => d,
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    let base = page_path(&d.row);
    let title = ctx.t1("editor-delete-title", "title", &d.row.title);
    let chrome = ctx
        .chrome(Section::Collaborations, title.clone(), title.clone())
        .with_breadcrumbs(vec![
            ("/samarbejder".into(), ctx.t("collaborations-title")),
            (base.clone(), d.row.title.clone()),
            (format!("{base}/slet"), ctx.t("editor-delete-crumb")),
        ]);
    Ok(ctx.render(&DeletePage {
        chrome,
        title,
        published: d.row.first_published_at.is_some(),
        base,
    }))
}

/// `POST /samarbejder/{org}/{slug}/slet`.
pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((org, slug)): Path<(String, String)>,
    _form: CheckedForm,
) -> Result<Response, AppError> {
    let (d, user) = match editable(&state, &ctx, (&org, &slug), "/slet").await? {
        Editing::Here(d, user) => (d, user),
        Editing::Elsewhere(answer) => return Ok(answer),
    };
    collaborations::delete(&state, &user, d.row.id).await?;
    Ok(notice::redirect(
        &organisation_href(&d.row.organisation_slug),
        "collaboration-deleted",
    )
    .into_response())
}
