//! Passwords: `/glemt-adgangskode` asks for a link, `/reset-password` (where the link leads)
//! sets a new one, `/min-side/adgangskode` changes it with the current one. A new password ends
//! every session, this browser's too: the person logs in again.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use super::{logged_in, logged_in_to};
use crate::app::AppState;
use crate::auth::account;
use crate::auth::client_ip::ClientIp;
use crate::error::{AppError, FieldError};
use crate::http::web::fields;
use crate::http::web::form::{CheckedForm, FormView};
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::http::web::session::{cleared_cookies, with_cookies};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/glemt-adgangskode", get(show_forgot).post(forgot))
        .route("/glemt-adgangskode/sendt", get(sent))
        .route("/reset-password", get(show_reset).post(reset))
        .route("/min-side/adgangskode", get(show_change).post(change))
        // The address the account emails link to.
        .route(
            "/forgot-password",
            get(|| async { Redirect::permanent("/glemt-adgangskode") }),
        )
}

#[derive(Template)]
#[template(path = "pages/account/forgot_password.html", whitespace = "minimize")]
struct ForgotPage {
    chrome: Chrome,
    form: FormView,
}

fn forgot_page(ctx: &PageContext, email: &str, errors: &[FieldError]) -> ForgotPage {
    let form = FormView::new(vec![
        fields::email("email", ctx.t("field-label-email")).value(email),
    ])
    .with_errors(errors, ctx.locale);
    let title = fields::title(ctx, ctx.t("forgot-title"), form.has_errors());
    let chrome = ctx
        .chrome(Section::Other, title, ctx.t("forgot-description"))
        .with_breadcrumbs(vec![
            ("/log-ind".into(), ctx.t("login-title")),
            ("/glemt-adgangskode".into(), ctx.t("forgot-title")),
        ]);
    ForgotPage { chrome, form }
}

async fn show_forgot(ctx: PageContext) -> Response {
    ctx.render(&forgot_page(&ctx, "", &[]))
}

async fn forgot(
    State(state): State<AppState>,
    ctx: PageContext,
    ip: ClientIp,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let email = form.value("email");
    match account::request_password_reset(&state, &ip, &email).await {
        Ok(()) => Ok(Redirect::to("/glemt-adgangskode/sendt").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            Ok(refusal.render(&ctx, &forgot_page(&ctx, &email, &refusal.errors)))
        }
    }
}

#[derive(Template)]
#[template(path = "pages/account/reset_sent.html", whitespace = "minimize")]
struct SentPage {
    chrome: Chrome,
    minutes: u64,
}

async fn sent(State(state): State<AppState>, ctx: PageContext) -> Response {
    let title = ctx.t("reset-sent-title");
    let chrome = ctx
        .chrome(
            Section::Other,
            title.clone(),
            ctx.t("reset-sent-description"),
        )
        .with_breadcrumbs(vec![
            ("/glemt-adgangskode".into(), ctx.t("forgot-title")),
            ("/glemt-adgangskode/sendt".into(), title),
        ]);
    ctx.render(&SentPage {
        chrome,
        minutes: state.config.auth.reset_ttl_minutes,
    })
}

#[derive(Template)]
#[template(path = "pages/account/reset_password.html", whitespace = "minimize")]
struct ResetPage {
    chrome: Chrome,
    form: FormView,
    token: String,
    /// Whether the link itself is at fault (a new one is needed, not another password).
    link_refused: bool,
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

fn reset_page(ctx: &PageContext, token: &str, errors: &[FieldError]) -> ResetPage {
    let form = FormView::new(vec![
        fields::password(
            "new_password",
            ctx.t("field-label-new-password"),
            "new-password",
        )
        .hint(ctx.t("field-hint-new-password")),
    ])
    .with_errors(errors, ctx.locale);
    let title = fields::title(ctx, ctx.t("reset-title"), form.has_errors());
    let chrome = ctx.chrome(Section::Other, title, ctx.t("reset-description"));
    ResetPage {
        chrome,
        link_refused: token.is_empty() || errors.iter().any(|e| e.field.is_empty()),
        form,
        token: token.to_owned(),
    }
}

async fn show_reset(ctx: PageContext, Query(q): Query<TokenQuery>) -> Response {
    match q.token.filter(|t| !t.is_empty()) {
        Some(token) => ctx.render(&reset_page(&ctx, &token, &[])),
        None => {
            let errors = [FieldError::new("", "field-link-incomplete")];
            ctx.render_with(StatusCode::BAD_REQUEST, &reset_page(&ctx, "", &errors))
        }
    }
}

async fn reset(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let token = form.value("token");
    match account::reset_password(&state, &token, &form.value("new_password")).await {
        Ok(()) => Ok(with_cookies(
            notice::redirect("/log-ind?next=/min-side", "password-reset").into_response(),
            cleared_cookies(&state.config),
        )),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            Ok(refusal.render(&ctx, &reset_page(&ctx, &token, &refusal.errors)))
        }
    }
}

#[derive(Template)]
#[template(path = "pages/account/change_password.html", whitespace = "minimize")]
struct ChangePage {
    chrome: Chrome,
    form: FormView,
}

fn change_page(ctx: &PageContext, errors: &[FieldError]) -> ChangePage {
    let form = FormView::new(vec![
        fields::password(
            "current_password",
            ctx.t("field-label-current-password"),
            "current-password",
        ),
        fields::password(
            "new_password",
            ctx.t("field-label-new-password"),
            "new-password",
        )
        .hint(ctx.t("field-hint-new-password")),
    ])
    .with_errors(errors, ctx.locale);
    let title = fields::title(ctx, ctx.t("change-password-title"), form.has_errors());
    let chrome = ctx
        .chrome(Section::Other, title, ctx.t("change-password-description"))
        .with_breadcrumbs(vec![
            ("/min-side".into(), ctx.t("my-page-title")),
            (
                "/min-side/adgangskode".into(),
                ctx.t("change-password-title"),
            ),
        ]);
    ChangePage { chrome, form }
}

async fn show_change(ctx: PageContext) -> Response {
    if let Err(login) = logged_in(&ctx) {
        return login.into_response();
    }
    ctx.render(&change_page(&ctx, &[]))
}

async fn change(
    State(state): State<AppState>,
    ctx: PageContext,
    ip: ClientIp,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, "/min-side/adgangskode") {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let changed = account::change_password(
        &state,
        &ip,
        user,
        &form.value("current_password"),
        &form.value("new_password"),
    )
    .await;
    match changed {
        Ok(()) => Ok(with_cookies(
            notice::redirect("/log-ind?next=/min-side", "password-changed").into_response(),
            cleared_cookies(&state.config),
        )),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            Ok(refusal.render(&ctx, &change_page(&ctx, &refusal.errors)))
        }
    }
}
