//! `/invitations/accept?token=...`, where an invitation email leads: someone logged in with the
//! invited address accepts with one press; someone else logs in first, or registers from here
//! (the address is then confirmed and they join at once).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::logged_in_to;
use crate::app::AppState;
use crate::error::{AppError, FieldError};
use crate::http::web::form::{CheckedForm, FormView};
use crate::http::web::notice;
use crate::http::web::organisations::role_in_sentence;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::organisations::invitations;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/invitations/accept", get(show).post(accept))
}

/// What the page knows of the invitation.
struct InvitationView {
    organisation: String,
    role: String,
}

#[derive(Template)]
#[template(path = "pages/account/invitation.html", whitespace = "minimize")]
struct InvitationPage {
    chrome: Chrome,
    form: FormView,
    token: String,
    invitation: Option<InvitationView>,
    /// Logged in with another address than the invited one.
    other_account: bool,
    logged_in: bool,
    login_href: String,
    register_href: String,
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

fn encoded(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes()).collect()
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    token: &str,
    errors: &[FieldError],
) -> Result<(StatusCode, InvitationPage), AppError> {
    let found = if token.is_empty() {
        None
    } else {
        invitations::by_token(state, token).await?
    };
    // An invitation that cannot be used is told by the page itself, not as a form error.
    let (status, errors) = if found.is_none() {
        (StatusCode::BAD_REQUEST, Vec::new())
    } else {
        (StatusCode::OK, errors.to_vec())
    };
    let other_account = match (&found, &ctx.user) {
        (Some((i, _)), Some(u)) => i.email_normalized != u.email.to_lowercase(),
        _ => false,
    };
    let form = FormView::new(Vec::new()).with_errors(&errors, ctx.locale);
    let title = match &found {
        Some((_, org)) => ctx.t1("invitation-title", "organisation", &org.name),
        None => ctx.t("invitation-invalid-title"),
    };
    let chrome = ctx.chrome(Section::Other, title, ctx.t("invitation-description"));
    let here = format!("/invitations/accept?token={}", encoded(token));
    Ok((
        status,
        InvitationPage {
            chrome,
            form,
            token: token.to_owned(),
            invitation: found.map(|(i, org)| InvitationView {
                organisation: org.name,
                role: role_in_sentence(ctx, &i.role),
            }),
            other_account,
            logged_in: ctx.user.is_some(),
            login_href: format!("/log-ind?next={}", encoded(&here)),
            register_href: format!("/opret-konto?invitation={}", encoded(token)),
        },
    ))
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let token = q.token.unwrap_or_default();
    let (status, page) = page(&state, &ctx, &token, &[]).await?;
    Ok(ctx.render_with(status, &page))
}

async fn accept(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let token = form.value("token");
    let back = format!("/invitations/accept?token={}", encoded(&token));
    let user = match logged_in_to(&ctx, &back) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    match invitations::accept(&state, user, &token).await {
        Ok((org_id, _role)) => {
            let org = state
                .store
                .read()
                .await?
                .organisation(org_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let to = format!("/organisationer/{}", org.slug);
            Ok(notice::redirect(&to, "invitation-accepted").into_response())
        }
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            let (_, page) = page(&state, &ctx, &token, &refusal.errors).await?;
            Ok(refusal.render(&ctx, &page))
        }
    }
}
