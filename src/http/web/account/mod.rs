//! The account pages: log in and out, register, confirm the address, forgotten and changed
//! passwords, "Min side" with the settings, and accepting an invitation. Each calls the same
//! service functions as the API (`crate::auth`, `crate::organisations`).

mod invitation;
mod login;
mod my_page;
mod password;
mod register;

use axum::Router;
use axum::response::Redirect;

use super::page::PageContext;
use crate::app::AppState;
use crate::auth::extract::CurrentUser;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .merge(login::router())
        .merge(register::router())
        .merge(password::router())
        .merge(my_page::router())
        .merge(invitation::router())
}

/// The logged-in visitor, or a redirect to the log-in page that comes back to this page.
pub fn logged_in(ctx: &PageContext) -> Result<&CurrentUser, Redirect> {
    ctx.user
        .as_ref()
        .ok_or_else(|| Redirect::to(&ctx.login_href()))
}

/// The logged-in visitor sending a form, or a redirect to the log-in page that comes back to
/// `page` (the form's page; the form itself is sent again by the person).
pub fn logged_in_to<'a>(ctx: &'a PageContext, page: &str) -> Result<&'a CurrentUser, Redirect> {
    ctx.user.as_ref().ok_or_else(|| {
        let next: String = url::form_urlencoded::byte_serialize(page.as_bytes()).collect();
        Redirect::to(&format!("/log-ind?next={next}"))
    })
}
