//! `/opret-konto`: registering (also from an invitation), the "check your email" page, a new
//! confirmation link, and `/verify-email`, where the link in the email leads.
//!
//! The link's page asks for one press of a button before the address is confirmed: mail
//! scanners that open every link in an email must not confirm an address for someone who never
//! saw the email.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::app::AppState;
use crate::auth::account::{self, Registration};
use crate::auth::client_ip::ClientIp;
use crate::error::AppError;
use crate::http::web::fields;
use crate::http::web::form::{CheckedForm, FormView};
use crate::http::web::notice;
use crate::http::web::organisations::role_in_sentence;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::organisations::invitations;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/opret-konto", get(show).post(register))
        .route("/opret-konto/tjek-din-email", get(check_email))
        .route("/opret-konto/nyt-link", get(show_resend).post(resend))
        .route("/verify-email", get(show_verify).post(verify))
}

/// The invitation a registration comes from, as the page tells it.
struct InvitationView {
    organisation: String,
    role: String,
}

#[derive(Template)]
#[template(path = "pages/account/register.html", whitespace = "minimize")]
struct RegisterPage {
    chrome: Chrome,
    form: FormView,
    invitation_token: String,
    invitation: Option<InvitationView>,
}

#[derive(Deserialize)]
struct RegisterQuery {
    invitation: Option<String>,
}

fn register_form(ctx: &PageContext, name: &str, email: &str) -> FormView {
    FormView::new(vec![
        fields::text("name", ctx.t("field-label-name"), "name")
            .hint(ctx.t("field-hint-name"))
            .value(name),
        fields::email("email", ctx.t("field-label-email"))
            .hint(ctx.t("register-email-hint"))
            .value(email),
        fields::password("password", ctx.t("field-label-password"), "new-password")
            .hint(ctx.t("field-hint-new-password")),
    ])
}

async fn register_page(
    state: &AppState,
    ctx: &PageContext,
    form: FormView,
    token: Option<&str>,
) -> Result<RegisterPage, AppError> {
    let invitation = match token {
        Some(token) => invitations::by_token(state, token)
            .await?
            .map(|(i, org)| InvitationView {
                organisation: org.name,
                role: role_in_sentence(ctx, &i.role),
            }),
        None => None,
    };
    let title = fields::title(ctx, ctx.t("register-title"), form.has_errors());
    let chrome = ctx
        .chrome(Section::Other, title, ctx.t("register-description"))
        .with_breadcrumbs(vec![("/opret-konto".into(), ctx.t("register-title"))]);
    Ok(RegisterPage {
        chrome,
        form,
        invitation_token: token.unwrap_or_default().to_owned(),
        invitation,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let token = q.invitation.filter(|t| !t.is_empty());
    // Someone invited registers with the invited address; it is filled in for them.
    let invited_email = match token.as_deref() {
        Some(t) => invitations::by_token(&state, t)
            .await?
            .map(|(i, _)| i.email)
            .unwrap_or_default(),
        None => String::new(),
    };
    let form = register_form(&ctx, "", &invited_email);
    let page = register_page(&state, &ctx, form, token.as_deref()).await?;
    Ok(ctx.render(&page))
}

async fn register(
    State(state): State<AppState>,
    ctx: PageContext,
    ip: ClientIp,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let token = form
        .get("invitation_token")
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    let registration = Registration {
        email: form.value("email"),
        password: form.value("password"),
        name: form.value("name"),
        locale: ctx.locale,
        invitation_token: token.clone(),
    };
    match account::register(&state, &ip, registration).await {
        // With an invitation a new account is confirmed and a member at once; an address that
        // had an account gets an email instead, as without one.
        Ok(()) if token.is_some() => Ok(notice::redirect(
            "/log-ind?next=/min-side",
            "invitation-registered",
        )
        .into_response()),
        Ok(()) => Ok(Redirect::to("/opret-konto/tjek-din-email").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let view = register_form(&ctx, &form.value("name"), &form.value("email"))
                .with_errors(&refusal.errors, ctx.locale);
            let page = register_page(&state, &ctx, view, token.as_deref()).await?;
            Ok(refusal.render(&ctx, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "pages/account/check_email.html", whitespace = "minimize")]
struct CheckEmailPage {
    chrome: Chrome,
    hours: u64,
}

async fn check_email(State(state): State<AppState>, ctx: PageContext) -> Response {
    let title = ctx.t("check-email-title");
    let chrome = ctx
        .chrome(
            Section::Other,
            title.clone(),
            ctx.t("check-email-description"),
        )
        .with_breadcrumbs(vec![
            ("/opret-konto".into(), ctx.t("register-title")),
            ("/opret-konto/tjek-din-email".into(), title),
        ]);
    ctx.render(&CheckEmailPage {
        chrome,
        hours: state.config.auth.verification_ttl_hours,
    })
}

#[derive(Template)]
#[template(path = "pages/account/resend.html", whitespace = "minimize")]
struct ResendPage {
    chrome: Chrome,
    form: FormView,
}

fn resend_page(ctx: &PageContext, email: &str, errors: &[crate::error::FieldError]) -> ResendPage {
    let form = FormView::new(vec![
        fields::email("email", ctx.t("field-label-email")).value(email),
    ])
    .with_errors(errors, ctx.locale);
    let title = fields::title(ctx, ctx.t("resend-title"), form.has_errors());
    let chrome = ctx
        .chrome(Section::Other, title, ctx.t("resend-description"))
        .with_breadcrumbs(vec![
            ("/opret-konto".into(), ctx.t("register-title")),
            ("/opret-konto/nyt-link".into(), ctx.t("resend-title")),
        ]);
    ResendPage { chrome, form }
}

async fn show_resend(ctx: PageContext) -> Response {
    let email = ctx
        .user
        .as_ref()
        .map(|u| u.email.clone())
        .unwrap_or_default();
    ctx.render(&resend_page(&ctx, &email, &[]))
}

async fn resend(
    State(state): State<AppState>,
    ctx: PageContext,
    ip: ClientIp,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let email = form.value("email");
    match account::resend_verification(&state, &ip, &email).await {
        Ok(()) => Ok(notice::redirect("/opret-konto/tjek-din-email", "link-sent").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            Ok(refusal.render(&ctx, &resend_page(&ctx, &email, &refusal.errors)))
        }
    }
}

#[derive(Template)]
#[template(path = "pages/account/verify_email.html", whitespace = "minimize")]
struct VerifyPage {
    chrome: Chrome,
    form: FormView,
    token: String,
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

fn verify_page(ctx: &PageContext, token: &str, errors: &[crate::error::FieldError]) -> VerifyPage {
    let form = FormView::new(Vec::new()).with_errors(errors, ctx.locale);
    let title = fields::title(ctx, ctx.t("verify-title"), form.has_errors());
    let chrome = ctx.chrome(Section::Other, title, ctx.t("verify-description"));
    VerifyPage {
        chrome,
        form,
        token: token.to_owned(),
    }
}

async fn show_verify(ctx: PageContext, Query(q): Query<TokenQuery>) -> Response {
    match q.token.filter(|t| !t.is_empty()) {
        Some(token) => ctx.render(&verify_page(&ctx, &token, &[])),
        None => {
            let errors = [crate::error::FieldError::new("", "field-link-incomplete")];
            ctx.render_with(StatusCode::BAD_REQUEST, &verify_page(&ctx, "", &errors))
        }
    }
}

async fn verify(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let token = form.value("token");
    match account::verify_email(&state, &token).await {
        Ok(_) => {
            let to = if ctx.user.is_some() {
                "/min-side"
            } else {
                "/log-ind?next=/min-side"
            };
            Ok(notice::redirect(to, "email-verified").into_response())
        }
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            Ok(refusal.render(&ctx, &verify_page(&ctx, &token, &refusal.errors)))
        }
    }
}
