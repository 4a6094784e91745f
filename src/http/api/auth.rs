//! Registration, email verification, login, refresh, logout and password reset.
//!
//! No account enumeration: register, resend-verification, login and password-reset answer the
//! same status and body whether or not the address has an account, and take as long: argon2
//! runs on both paths of register and login, and all four answer no sooner than
//! `auth.min_response_ms`, which is longer than the work that differs.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::account::{self, Registration};
use crate::auth::client_ip::ClientIp;
use crate::auth::extract::CurrentUser;
use crate::auth::session::{self, TokenPair};
use crate::error::AppError;
use crate::http::extract::{ApiJson, Lang};
use crate::i18n::Locale;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(logout_everywhere))
        .routes(routes!(password_reset))
        .routes(routes!(password_reset_confirm))
}

/// A new account.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// Email address; a link to confirm it is sent there.
    #[schema(format = Email)]
    email: String,
    /// 12 to 128 characters; common passwords are refused.
    #[schema(min_length = 12, max_length = 128)]
    password: String,
    /// Display name, 1 to 100 characters.
    #[schema(min_length = 1, max_length = 100)]
    name: String,
    /// `da` or `en`; default: the request's language.
    #[serde(default)]
    #[schema(value_type = Option<String>, example = "da")]
    locale: Option<Locale>,
    /// The token of an invitation link. With one for this address the address counts as
    /// confirmed and the person joins the organisation at once.
    #[serde(default)]
    invitation_token: Option<String>,
}

/// An answer that says what happens next, the same whatever the address.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// `verification_sent` or `password_reset_sent`.
    status: &'static str,
}

/// A token from an email link.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The `token` query parameter of the link.
    token: String,
}

/// An email address.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailRequest {
    /// Email address.
    #[schema(format = Email)]
    email: String,
}

/// Credentials.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Email address.
    #[schema(format = Email)]
    email: String,
    /// Password.
    password: String,
}

/// A refresh token.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token of the last pair.
    refresh_token: String,
}

/// A new password from a reset link.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirmRequest {
    /// The `token` query parameter of the reset link.
    token: String,
    /// 12 to 128 characters; common passwords are refused.
    #[schema(min_length = 12, max_length = 128)]
    new_password: String,
}

/// Whether an email was confirmed.
#[derive(Serialize, ToSchema)]
pub struct Verified {
    /// `email_verified`.
    status: &'static str,
}

fn accepted(status: &'static str) -> (StatusCode, Json<Accepted>) {
    (StatusCode::ACCEPTED, Json(Accepted { status }))
}

/// Register. The answer is the same for an address that has an account; that person gets a
/// "you already have an account" email instead of a verification link.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 202, description = "A link is on its way (or, for a known address, a reminder)", body = Accepted),
        (status = 400, description = "The invitation token is invalid", content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", content_type = "application/problem+json"),
    ))]
async fn register(
    State(state): State<AppState>,
    ip: ClientIp,
    Lang(lang): Lang,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    let registration = Registration {
        email: body.email,
        password: body.password,
        name: body.name,
        locale: body.locale.unwrap_or(lang),
        invitation_token: body.invitation_token,
    };
    account::register(&state, &ip, registration).await?;
    Ok(accepted("verification_sent"))
}

/// Confirms an email address with the token from the verification link.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = TokenRequest,
    responses(
        (status = 200, description = "The address is confirmed", body = Verified),
        (status = 400, description = "The link is invalid, expired or used", content_type = "application/problem+json"),
    ))]
async fn verify_email(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<Json<Verified>, AppError> {
    account::verify_email(&state, &body.token).await?;
    Ok(Json(Verified {
        status: "email_verified",
    }))
}

/// Sends a new verification link to an unconfirmed account. Always 202.
#[utoipa::path(post, path = "/api/v1/auth/resend-verification", tag = "auth", request_body = EmailRequest,
    responses(
        (status = 202, description = "If the address has an unconfirmed account, a link is on its way", body = Accepted),
        (status = 422, description = "Not an email address", content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", content_type = "application/problem+json"),
    ))]
async fn resend_verification(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    account::resend_verification(&state, &ip, &body.email).await?;
    Ok(accepted("verification_sent"))
}

/// Logs in. A wrong email and a wrong password get the same 401. An unconfirmed account may
/// log in, but may not create organisations or content until it is confirmed.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "An access token and a refresh token", body = TokenPair),
        (status = 401, description = "Wrong email or password", content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", content_type = "application/problem+json"),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<TokenPair>, AppError> {
    session::log_in(&state, &ip, &body.email, &body.password)
        .await
        .map(Json)
}

/// Exchanges a refresh token for a new pair. Each refresh token works once; presenting a
/// spent one again ends its whole session (someone else has a copy).
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair; the old refresh token is spent", body = TokenPair),
        (status = 401, description = "Unknown, expired, revoked or spent (the session is then ended)", content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", content_type = "application/problem+json"),
    ))]
async fn refresh(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<Json<TokenPair>, AppError> {
    session::rotate(&state, &ip, &body.refresh_token)
        .await
        .map(Json)
}

/// Ends the session the refresh token belongs to. Always 204.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204, description = "The session is ended")))]
async fn logout(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<StatusCode, AppError> {
    session::log_out(&state, &body.refresh_token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every session of the caller, on every device: refresh tokens revoked, access tokens
/// refused from now on.
#[utoipa::path(post, path = "/api/v1/auth/logout-everywhere", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session is ended"),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
    ))]
async fn logout_everywhere(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<StatusCode, AppError> {
    session::log_out_everywhere(&state, user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a link to choose a new password (valid at most 30 minutes). Always 202.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = EmailRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way", body = Accepted),
        (status = 422, description = "Not an email address", content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see Retry-After", content_type = "application/problem+json"),
    ))]
async fn password_reset(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(body): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    account::request_password_reset(&state, &ip, &body.email).await?;
    Ok(accepted("password_reset_sent"))
}

/// Sets a new password with the token from the reset link. Every session of the account ends;
/// the address counts as confirmed.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = ResetConfirmRequest,
    responses(
        (status = 204, description = "The password is changed; log in again"),
        (status = 400, description = "The link is invalid, expired or used", content_type = "application/problem+json"),
        (status = 422, description = "The new password is not accepted", content_type = "application/problem+json"),
    ))]
async fn password_reset_confirm(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<ResetConfirmRequest>,
) -> Result<StatusCode, AppError> {
    account::reset_password(&state, &body.token, &body.new_password).await?;
    Ok(StatusCode::NO_CONTENT)
}
