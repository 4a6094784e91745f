//! The administrators' pages: the catalogue (import, edit a recommendation, retire one), dead
//! emails, and platform roles. To anyone who is not a platform admin they do not exist (404).

mod catalogue;
mod outbox;
mod roles;

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::mail::outbox as mail_outbox;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(overview))
        .merge(catalogue::router())
        .merge(outbox::router())
        .merge(roles::router())
}

/// The platform admin visiting, or 404: the admin pages do not exist for anyone else.
fn admin(ctx: &PageContext) -> Result<&CurrentUser, AppError> {
    ctx.user
        .as_ref()
        .filter(|u| u.is_admin())
        .ok_or(AppError::NotFound)
}

/// The layout for an admin page titled `title` at `href`, under "Administration".
fn admin_chrome(ctx: &PageContext, title: String, description: String, href: &str) -> Chrome {
    let mut trail = vec![("/admin".to_owned(), ctx.t("admin-title"))];
    if href != "/admin" {
        trail.push((href.to_owned(), title.clone()));
    }
    ctx.chrome(Section::Other, title, description)
        .with_breadcrumbs(trail)
}

#[derive(Template)]
#[template(path = "pages/admin/index.html", whitespace = "minimize")]
struct OverviewPage {
    chrome: Chrome,
    dead_emails: usize,
    open_reports: usize,
}

async fn overview(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let user = admin(&ctx)?;
    let open_reports = crate::registry::moderation::open_reports(&state, user)
        .await?
        .len();
    let dead_emails = mail_outbox::list(&state.store, Some("dead"), 500)
        .await?
        .len();
    let chrome = admin_chrome(
        &ctx,
        ctx.t("admin-title"),
        ctx.t("admin-description"),
        "/admin",
    );
    Ok(ctx.render(&OverviewPage {
        chrome,
        dead_emails,
        open_reports,
    }))
}
