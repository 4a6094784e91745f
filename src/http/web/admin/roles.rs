//! `/admin/roller`: who holds a platform role, and giving or taking `admin` and `analyst` by
//! email address, the same path as `bymidter user grant|revoke`.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{admin, admin_chrome};
use crate::app::AppState;
use crate::auth::platform::{self, RoleChange, RoleError};
use crate::domain::vocab::PlatformRole;
use crate::error::{AppError, FieldError};
use crate::http::web::fields;
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::notice;
use crate::http::web::page::{Chrome, PageContext};
use crate::http::web::refusal::Refusal;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/admin/roller", get(show).post(change))
}

/// Someone with a platform role.
struct Holder {
    name: String,
    email: String,
    role: String,
    role_label: String,
    is_me: bool,
}

#[derive(Template)]
#[template(path = "pages/admin/roles.html", whitespace = "minimize")]
struct RolesPage {
    chrome: Chrome,
    holders: Vec<Holder>,
    form: FormView,
}

fn platform_role_name(ctx: &PageContext, role: &str) -> String {
    ctx.t(&format!("platform-role-{role}"))
}

fn grant_form(ctx: &PageContext, email: &str, role: &str) -> FormView {
    let roles = [PlatformRole::Analyst, PlatformRole::Admin]
        .iter()
        .map(|r| {
            (
                r.as_str().to_owned(),
                platform_role_name(ctx, r.as_str()),
                Some(ctx.t(&format!("platform-role-{}-hint", r.as_str()))),
            )
        })
        .collect();
    FormView::new(vec![
        Field::text("email", ctx.t("admin-roles-email"))
            .input_type("email")
            .hint(ctx.t("admin-roles-email-hint"))
            .value(email),
        fields::radios_with_hints("role", ctx.t("admin-roles-role"), roles).value(role),
    ])
}

async fn roles_page(
    state: &AppState,
    ctx: &PageContext,
    form: FormView,
) -> Result<RolesPage, AppError> {
    let me = ctx.user.as_ref().map(|u| u.id);
    let holders = state
        .store
        .read()
        .await?
        .users_with_platform_role()
        .await?
        .into_iter()
        .map(|u| Holder {
            is_me: Some(u.id) == me,
            role_label: platform_role_name(ctx, &u.platform_role),
            role: u.platform_role,
            name: u.name,
            email: u.email,
        })
        .collect();
    let title = fields::title(ctx, ctx.t("admin-roles-title"), form.has_errors());
    let chrome = admin_chrome(
        ctx,
        title,
        ctx.t("admin-roles-description"),
        "/admin/roller",
    );
    Ok(RolesPage {
        chrome,
        holders,
        form,
    })
}

async fn show(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    admin(&ctx)?;
    let page = roles_page(&state, &ctx, grant_form(&ctx, "", "")).await?;
    Ok(ctx.render(&page))
}

async fn change(
    State(state): State<AppState>,
    ctx: PageContext,
    form: CheckedForm,
) -> Result<Response, AppError> {
    let me = admin(&ctx)?;
    let (email, role, action) = (
        form.value("email"),
        form.value("role"),
        form.value("action"),
    );
    let result = if action == "revoke" {
        // An admin keeps the platform reachable: their own admin role is given up from the
        // command line or by another admin, never by accident here.
        if role == PlatformRole::Admin.as_str() && email.trim().eq_ignore_ascii_case(&me.email) {
            Err(Ok(FieldError::new("", "admin-roles-not-yourself")))
        } else {
            platform::revoke_by(&state.store, Some(me.id), &role, &email)
                .await
                .map_err(role_error)
        }
    } else {
        platform::grant_by(&state.store, Some(me.id), &role, &email)
            .await
            .map_err(role_error)
    };
    match result {
        Ok(change) => {
            let done = match (change, action.as_str()) {
                (RoleChange::Unchanged, _) => "role-unchanged",
                (RoleChange::Changed, "revoke") => "role-revoked",
                (RoleChange::Changed, _) => "role-granted",
            };
            Ok(notice::redirect("/admin/roller", done).into_response())
        }
        Err(Ok(error)) => {
            let refusal = Refusal::new(vec![error]);
            let view = grant_form(&ctx, &email, &role).with_errors(&refusal.errors, ctx.locale);
            Ok(refusal.render(&ctx, &roles_page(&state, &ctx, view).await?))
        }
        Err(Err(fault)) => Err(fault),
    }
}

/// A role change's refusal as a form error, or the fault it is.
fn role_error(err: RoleError) -> Result<FieldError, AppError> {
    match err {
        RoleError::UnknownRole(_) => Ok(FieldError::new("role", "admin-roles-role-choose")),
        RoleError::UnknownAccount(_) => Ok(FieldError::new("email", "admin-roles-no-account")),
        RoleError::Store(e) => Err(e.into()),
    }
}
