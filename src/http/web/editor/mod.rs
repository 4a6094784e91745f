//! The editors' pages: registering a collaboration, editing it (with a preview and a guard
//! against lost edits), publishing, unpublishing and deleting it, its links to the
//! recommendations and the toolbox, and writing experiences and answering on them. Every
//! write goes through `crate::registry`, exactly as the API's do.

mod edit;
mod experiences;
pub mod form;
mod links;
mod new;
mod publish;

use axum::Router;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::collaborations::detail::{Found, find};
use super::page::PageContext;
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::registry::collaborations::CollaborationDetail;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/samarbejder/ny", get(new::show).post(new::create))
        .route(
            "/samarbejder/{org}/{slug}/rediger",
            get(edit::show).post(edit::save),
        )
        .route(
            "/samarbejder/{org}/{slug}/offentliggoer",
            post(publish::publish),
        )
        .route(
            "/samarbejder/{org}/{slug}/tilbagetraek",
            post(publish::unpublish),
        )
        .route(
            "/samarbejder/{org}/{slug}/slet",
            get(publish::confirm_delete).post(publish::delete),
        )
        .route(
            "/samarbejder/{org}/{slug}/anbefalinger",
            post(links::put_recommendation),
        )
        .route(
            "/samarbejder/{org}/{slug}/anbefalinger/{code}/fjern",
            post(links::remove_recommendation),
        )
        .route(
            "/samarbejder/{org}/{slug}/vaerktoejer",
            post(links::put_tool),
        )
        .route(
            "/samarbejder/{org}/{slug}/vaerktoejer/{tool}/fjern",
            post(links::remove_tool),
        )
        .route(
            "/samarbejder/{org}/{slug}/erfaringer/ny",
            get(experiences::show_new).post(experiences::create),
        )
        .route(
            "/samarbejder/{org}/{slug}/erfaringer/{id}/offentliggoer",
            post(experiences::publish),
        )
        .route(
            "/samarbejder/{org}/{slug}/erfaringer/{id}/kommentarer",
            post(experiences::comment),
        )
        .route(
            "/samarbejder/{org}/{slug}/erfaringer/{id}/anmeld",
            post(experiences::report),
        )
}

/// What an editor's request finds: the collaboration they may edit, or the answer to give
/// instead (log in first, or its current address).
pub(super) enum Editing {
    /// The collaboration, with the editor.
    Here(Box<CollaborationDetail>, CurrentUser),
    /// Log in, or go to where it moved.
    Elsewhere(Response),
}

/// The collaboration at `/samarbejder/{org}/{slug}` for a logged-in editor of its
/// organisation: 404 when the visitor may not see it, 403 when they may see it but not edit.
pub(super) async fn editable(
    state: &AppState,
    ctx: &PageContext,
    (org, slug): (&str, &str),
    rest: &str,
) -> Result<Editing, AppError> {
    let Some(user) = ctx.user.clone() else {
        let page = format!("/samarbejder/{org}/{slug}{rest}");
        let next: String = url::form_urlencoded::byte_serialize(page.as_bytes()).collect();
        return Ok(Editing::Elsewhere(
            Redirect::to(&format!("/log-ind?next={next}")).into_response(),
        ));
    };
    let mut tx = state.store.read().await?;
    match find(&mut *tx, Some(&user), org, slug, rest).await? {
        Found::Moved(to) => Ok(Editing::Elsewhere(Redirect::to(&to).into_response())),
        Found::Here(d) if d.can_edit => Ok(Editing::Here(d, user)),
        Found::Here(_) => Err(AppError::Forbidden("problem-not-editor")),
    }
}
