//! `/organisationer/{slug}/medlemmer`: the members and, for owners, the open invitations, with
//! the forms to invite, withdraw, change roles, remove and leave. To anyone who is not a member
//! the page does not exist (404), as in the API. The last owner's refusal is shown on the page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use strum::IntoEnumIterator;
use uuid::Uuid;

use super::{organisation_href, role_name};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::vocab::Role;
use crate::error::{AppError, FieldError};
use crate::http::web::account::{logged_in, logged_in_to};
use crate::http::web::fields;
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::http::web::refusal::Refusal;
use crate::organisations::{self, invitations, members};
use crate::store::accounts::OrganisationRow;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/organisationer/{slug}/medlemmer", get(show))
        .route("/organisationer/{slug}/invitationer", post(invite))
        .route(
            "/organisationer/{slug}/invitationer/{id}/tilbagetraek",
            post(withdraw),
        )
        .route(
            "/organisationer/{slug}/medlemmer/{user_id}/rolle",
            post(change_role),
        )
        .route(
            "/organisationer/{slug}/medlemmer/{user_id}/fjern",
            post(remove),
        )
        .route("/organisationer/{slug}/forlad", post(leave))
}

/// A member as the page lists them.
struct MemberView {
    id: String,
    name: String,
    email: String,
    role: String,
    role_label: String,
    is_me: bool,
}

/// An open invitation as the page lists it.
struct InvitationView {
    id: String,
    email: String,
    role_label: String,
    expires: String,
}

#[derive(Template)]
#[template(path = "pages/organisations/members.html", whitespace = "minimize")]
struct MembersPage {
    chrome: Chrome,
    organisation: String,
    base: String,
    members: Vec<MemberView>,
    invitations: Vec<InvitationView>,
    is_owner: bool,
    my_role: String,
    roles: Vec<(String, String)>,
    /// The invitation form, and errors of the other forms (general).
    form: FormView,
}

fn members_path(slug: &str) -> String {
    format!("{}/medlemmer", organisation_href(slug))
}

fn invite_form(ctx: &PageContext, email: &str, role: &str) -> FormView {
    let roles = Role::iter()
        .map(|r| {
            (
                r.as_str().to_owned(),
                role_name(ctx, r.as_str()),
                Some(ctx.t(&format!("role-{}-hint", r.as_str()))),
            )
        })
        .collect();
    FormView::new(vec![
        Field::text("email", ctx.t("members-invite-email"))
            .input_type("email")
            .hint(ctx.t("members-invite-email-hint"))
            .value(email),
        fields::radios_with_hints("role", ctx.t("members-invite-role"), roles).value(role),
    ])
}

async fn members_page(
    state: &AppState,
    ctx: &PageContext,
    org: &OrganisationRow,
    user: &CurrentUser,
    form: FormView,
) -> Result<MembersPage, AppError> {
    let rows = members::list(state, org.id, user.id).await?;
    let my_role = rows
        .iter()
        .find(|m| m.user_id == user.id)
        .map(|m| m.role.clone())
        .unwrap_or_default();
    let is_owner = my_role == Role::Owner.as_str();
    let invitations = if is_owner {
        invitations::open(state, user, org.id)
            .await?
            .into_iter()
            .map(|i| InvitationView {
                id: i.id.to_string(),
                email: i.email,
                role_label: role_name(ctx, &i.role),
                expires: i.expires_at.format("%Y-%m-%d").to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let members = rows
        .into_iter()
        .map(|m| MemberView {
            id: m.user_id.to_string(),
            is_me: m.user_id == user.id,
            role_label: role_name(ctx, &m.role),
            role: m.role,
            name: m.name,
            email: m.email,
        })
        .collect();
    let title = fields::title(
        ctx,
        ctx.t1("members-page-title", "organisation", &org.name),
        form.has_errors(),
    );
    let href = organisation_href(&org.slug);
    let chrome = ctx
        .chrome(
            Section::Other,
            title,
            ctx.t1("members-description", "organisation", &org.name),
        )
        .with_breadcrumbs(vec![
            (href.clone(), org.name.clone()),
            (members_path(&org.slug), ctx.t("members-title")),
        ]);
    Ok(MembersPage {
        chrome,
        organisation: org.name.clone(),
        base: href,
        members,
        invitations,
        is_owner,
        my_role: role_name(ctx, &my_role),
        roles: Role::iter()
            .map(|r| (r.as_str().to_owned(), role_name(ctx, r.as_str())))
            .collect(),
        form,
    })
}

fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let user = match logged_in(&ctx) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let org = organisations::by_slug(&state, &slug).await?;
    let page = members_page(&state, &ctx, &org, user, invite_form(&ctx, "", "")).await?;
    Ok(ctx.render(&page))
}

/// The members page again with `refusal` shown: on the invitation form when it is that form's,
/// otherwise in the error summary.
async fn refused(
    state: &AppState,
    ctx: &PageContext,
    org: &OrganisationRow,
    user: &CurrentUser,
    refusal: Refusal,
    invite: (&str, &str),
) -> Result<Response, AppError> {
    let form = invite_form(ctx, invite.0, invite.1).with_errors(&refusal.errors, ctx.locale);
    let page = members_page(state, ctx, org, user, form).await?;
    Ok(refusal.render(ctx, &page))
}

/// Runs an action's result: to the members page with `done` shown, or the page with the
/// refusal.
async fn finish(
    state: &AppState,
    ctx: &PageContext,
    org: &OrganisationRow,
    user: &CurrentUser,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, AppError> {
    match result {
        Ok(()) => Ok(notice::redirect(&members_path(&org.slug), done).into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            // Errors of these forms belong to no field of the invitation form.
            let refusal = Refusal {
                errors: refusal
                    .errors
                    .into_iter()
                    .map(|mut e| {
                        e.field = String::new();
                        e
                    })
                    .collect(),
                ..refusal
            };
            refused(state, ctx, org, user, refusal, ("", "")).await
        }
    }
}

async fn invite(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, &members_path(&slug)) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let org = organisations::by_slug(&state, &slug).await?;
    let (email, role) = (form.value("email"), form.value("role"));
    let chosen = role.parse::<Role>().ok();
    match invitations::invite(&state, user, org.id, &email, chosen).await {
        Ok(_) => Ok(notice::redirect(&members_path(&org.slug), "invitation-sent").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            refused(&state, &ctx, &org, user, refusal, (&email, &role)).await
        }
    }
}

async fn withdraw(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, String)>,
    _checked: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, &members_path(&slug)) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let org = organisations::by_slug(&state, &slug).await?;
    let id = parse_id(&id)?;
    let result = invitations::withdraw(&state, user, org.id, id).await;
    finish(&state, &ctx, &org, user, result, "invitation-withdrawn").await
}

async fn change_role(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, member)): Path<(String, String)>,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, &members_path(&slug)) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let org = organisations::by_slug(&state, &slug).await?;
    let member = parse_id(&member)?;
    let result = match form.value("role").parse::<Role>() {
        Ok(role) => members::change_role(&state, user, org.id, member, role)
            .await
            .map(|_| ()),
        Err(_) => Err(AppError::Validation(vec![FieldError::new(
            "",
            "field-role-choose",
        )])),
    };
    finish(&state, &ctx, &org, user, result, "role-changed").await
}

async fn remove(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, member)): Path<(String, String)>,
    _checked: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, &members_path(&slug)) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let org = organisations::by_slug(&state, &slug).await?;
    let member = parse_id(&member)?;
    let result = members::remove(&state, user, org.id, member).await;
    finish(&state, &ctx, &org, user, result, "member-removed").await
}

async fn leave(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    _checked: CheckedForm,
) -> Result<Response, AppError> {
    let user = match logged_in_to(&ctx, &members_path(&slug)) {
        Ok(user) => user,
        Err(login) => return Ok(login.into_response()),
    };
    let org = organisations::by_slug(&state, &slug).await?;
    match members::remove(&state, user, org.id, user.id).await {
        Ok(()) => Ok(notice::redirect("/min-side", "left-organisation").into_response()),
        Err(err) => {
            let refusal = Refusal::from_error(err)?;
            refused(&state, &ctx, &org, user, refusal, ("", "")).await
        }
    }
}
