//! `/log-ind` and `/log-ud`: a session in cookies, started with the same login as the API's
//! (rate limits, the same answer and time for unknown addresses and wrong passwords) and ended
//! by revoking its refresh token.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::session;
use crate::error::AppError;
use crate::http::web::fields;
use crate::http::web::form::{CheckedForm, FormView};
use crate::http::web::language::local_path;
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext, Section, cookie};
use crate::http::web::refusal::Refusal;
use crate::http::web::session::{REFRESH_COOKIE, cleared_cookies, session_cookies, with_cookies};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/log-ind", get(show).post(log_in))
        .route("/log-ud", post(log_out))
        // The address the account emails link to.
        .route("/login", get(|| async { Redirect::permanent("/log-ind") }))
}

#[derive(Template)]
#[template(path = "pages/account/login.html", whitespace = "minimize")]
struct LoginPage {
    chrome: Chrome,
    form: FormView,
    next: String,
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

/// Where to go after logging in: a page on this site, else "Min side".
fn next_page(raw: Option<&str>) -> String {
    match raw.filter(|n| !n.is_empty()) {
        Some(n) => local_path(Some(n)),
        None => "/min-side".to_owned(),
    }
}

fn page(ctx: &PageContext, form: FormView, next: String) -> LoginPage {
    let title = fields::title(ctx, ctx.t("login-title"), form.has_errors());
    let chrome = ctx
        .chrome(Section::Other, title, ctx.t("login-description"))
        .with_breadcrumbs(vec![("/log-ind".into(), ctx.t("login-title"))]);
    LoginPage { chrome, form, next }
}

fn login_form(ctx: &PageContext, email: &str) -> FormView {
    FormView::new(vec![
        fields::email("email", ctx.t("field-label-email")).value(email),
        fields::password(
            "password",
            ctx.t("field-label-password"),
            "current-password",
        ),
    ])
}

async fn show(ctx: PageContext, Query(q): Query<NextQuery>) -> Response {
    let next = next_page(q.next.as_deref());
    if ctx.user.is_some() {
        return Redirect::to(&next).into_response();
    }
    ctx.render(&page(&ctx, login_form(&ctx, ""), next))
}

async fn log_in(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientIp(ip): ClientIp,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let next = next_page(form.get("next"));
    let email = form.value("email");
    match session::log_in(&state, &ip, &email, &form.value("password")).await {
        Ok(pair) => Ok(with_cookies(
            Redirect::to(&next).into_response(),
            session_cookies(&state.config, &pair),
        )),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let view = login_form(&ctx, &email).with_errors(&refusal.errors, ctx.locale);
            Ok(refusal.render(&ctx, &page(&ctx, view, next)))
        }
    }
}

async fn log_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    _checked: CheckedForm,
) -> Result<Response, AppError> {
    // The refresh token names the session; the sliding refresh handed the current one on.
    if let Some(token) = cookie(&headers, REFRESH_COOKIE).filter(|t| !t.is_empty()) {
        session::log_out(&state, token).await?;
    }
    Ok(with_cookies(
        notice::redirect("/", "logged-out").into_response(),
        cleared_cookies(&state.config),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_logging_in_the_person_goes_back_or_to_min_side() {
        assert_eq!(next_page(None), "/min-side");
        assert_eq!(next_page(Some("")), "/min-side");
        assert_eq!(next_page(Some("/organisationer/ny")), "/organisationer/ny");
        assert_eq!(next_page(Some("https://evil.example/")), "/");
    }
}
