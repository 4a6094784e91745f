//! The caller's own account: profile, memberships, password.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::account::{self, ProfileEdit};
use crate::auth::client_ip::ClientIp;
use crate::auth::extract::CurrentUser;
use crate::domain::vocab::EmailFrequency;
use crate::error::AppError;
use crate::http::extract::ApiJson;
use crate::i18n::Locale;
use crate::store::accounts::{MembershipRow, UserRow};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_me, patch_me))
        .routes(routes!(change_password))
}

/// The caller's account.
#[derive(Serialize, ToSchema)]
pub struct Me {
    /// Id.
    id: Uuid,
    /// Email address.
    email: String,
    /// Display name.
    name: String,
    /// `da` or `en`.
    locale: String,
    /// Whether the address is confirmed.
    email_verified: bool,
    /// `none`, `analyst` or `admin`.
    platform_role: String,
    /// `immediate`, `daily`, `weekly` or `off`.
    email_frequency: String,
    /// The organisations the caller belongs to.
    memberships: Vec<Membership>,
}

/// A membership.
#[derive(Serialize, ToSchema)]
pub struct Membership {
    /// The organisation.
    organization_id: Uuid,
    /// Its name.
    organization_name: String,
    /// `owner`, `editor` or `viewer`.
    role: String,
}

impl Me {
    fn new(user: UserRow, memberships: Vec<MembershipRow>) -> Self {
        Me {
            id: user.id,
            email: user.email,
            name: user.name,
            locale: user.locale,
            email_verified: user.email_verified_at.is_some(),
            platform_role: user.platform_role,
            email_frequency: user.email_frequency,
            memberships: memberships
                .into_iter()
                .map(|m| Membership {
                    organization_id: m.organisation_id,
                    organization_name: m.organisation_name,
                    role: m.role,
                })
                .collect(),
        }
    }
}

/// Changes to the profile; what is left out stays.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeChange {
    /// Display name, 1 to 100 characters.
    #[serde(default)]
    name: Option<String>,
    /// `da` or `en`.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "en")]
    locale: Option<Locale>,
    /// `immediate`, `daily`, `weekly` or `off`.
    #[serde(default)]
    email_frequency: Option<EmailFrequency>,
}

/// A password change.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now.
    current_password: String,
    /// 12 to 128 characters; common passwords are refused.
    #[schema(min_length = 12, max_length = 128)]
    new_password: String,
}

async fn load(state: &AppState, id: Uuid) -> Result<Me, AppError> {
    let mut tx = state.store.read().await?;
    let user = tx.user(id).await?.ok_or(AppError::NotFound)?;
    let memberships = tx.memberships_of(id).await?;
    Ok(Me::new(user, memberships))
}

/// The caller's account and memberships.
#[utoipa::path(get, path = "/api/v1/me", tag = "me", security(("bearer" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
    ))]
async fn get_me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>, AppError> {
    Ok(Json(load(&state, user.id).await?))
}

/// Changes the caller's name, language or email frequency.
#[utoipa::path(patch, path = "/api/v1/me", tag = "me", security(("bearer" = [])), request_body = MeChange,
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", content_type = "application/problem+json"),
    ))]
async fn patch_me(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<MeChange>,
) -> Result<Json<Me>, AppError> {
    let edit = ProfileEdit {
        name: body.name,
        locale: body.locale,
        email_frequency: body.email_frequency,
    };
    account::update_profile(&state, user.id, edit).await?;
    Ok(Json(load(&state, user.id).await?))
}

/// Changes the caller's password. Every session ends, this one included: log in again.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me", security(("bearer" = [])), request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; every session is ended"),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong, or the new one is not accepted", content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", content_type = "application/problem+json"),
    ))]
async fn change_password(
    State(state): State<AppState>,
    ip: ClientIp,
    user: CurrentUser,
    ApiJson(body): ApiJson<PasswordChange>,
) -> Result<StatusCode, AppError> {
    account::change_password(
        &state,
        &ip,
        &user,
        &body.current_password,
        &body.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
