//! Registration, email verification, login, refresh, logout and password reset.
//!
//! No account enumeration: register, resend-verification, login and password-reset answer the
//! same status and body whether or not the address has an account, and take as long: argon2
//! runs on both paths of register and login, and all four answer no sooner than
//! `auth.min_response_ms`, which is longer than the work that differs.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::organisations::join_by_invitation;
use crate::app::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::extract::CurrentUser;
use crate::auth::password::Verdict;
use crate::auth::rate_limit::{self, Action};
use crate::auth::session::{TokenPair, issue_pair, uniformly};
use crate::auth::tokens::{hash_token, random_token};
use crate::domain::{Email, Password};
use crate::error::{AppError, FieldError, Validator};
use crate::http::extract::{ApiJson, Lang};
use crate::i18n::Locale;
use crate::mail::templates::{AccountExists, PasswordChanged, PasswordReset, VerifyEmail};
use crate::mail::{self, Queued, link};
use crate::store::accounts::{NewUser, UserRow};
use crate::store::sessions::{NewEmailToken, TokenPurpose};
use crate::store::{StoreError, Tx};

/// Longest display name, in characters.
pub const NAME_MAX: usize = 100;

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
    email: String,
    /// 12 to 128 characters; common passwords are refused.
    password: String,
    /// Display name, 1 to 100 characters.
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
    email: String,
}

/// Credentials.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Email address.
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
    new_password: String,
}

/// Whether an email was confirmed.
#[derive(Serialize, ToSchema)]
pub struct Verified {
    /// `email_verified`.
    status: &'static str,
}

/// A display name: trimmed, 1 to 100 characters.
pub fn display_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 || len > NAME_MAX || name.chars().any(char::is_control) {
        return Err(FieldError::new(field, "field-name-length").arg("max", NAME_MAX));
    }
    Ok(name.to_owned())
}

fn accepted(status: &'static str) -> (StatusCode, Json<Accepted>) {
    (StatusCode::ACCEPTED, Json(Accepted { status }))
}

/// Creates a verification token and queues the email that carries it.
pub(super) async fn send_verification(
    state: &AppState,
    tx: &mut dyn Tx,
    user: &UserRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let token = random_token(32);
    let id = Uuid::now_v7();
    let hours = state.config.auth.verification_ttl_hours;
    tx.insert_email_token(&NewEmailToken {
        id,
        user_id: user.id,
        purpose: TokenPurpose::VerifyEmail,
        token_hash: hash_token(&token),
        created_at: now,
        expires_at: now + TimeDelta::hours(i64::try_from(hours).unwrap_or(48)),
    })
    .await?;
    let email = VerifyEmail {
        locale: user.locale.parse().unwrap_or_default(),
        name: user.name.clone(),
        link: link(&state.config, "verify-email", Some(&token)),
        hours,
    };
    mail::enqueue(
        tx,
        &state.config,
        Queued {
            idempotency_key: format!("verify:{id}"),
            to: &user.email,
            email: &email,
            headers: json!({}),
        },
        now,
    )
    .await?;
    Ok(())
}

/// Queues the "your password was changed" email.
pub(super) async fn send_password_changed(
    state: &AppState,
    tx: &mut dyn Tx,
    user: &UserRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let email = PasswordChanged {
        locale: user.locale.parse().unwrap_or_default(),
        name: user.name.clone(),
        reset_link: link(&state.config, "forgot-password", None),
    };
    mail::enqueue(
        tx,
        &state.config,
        Queued {
            idempotency_key: format!("password-changed:{}", Uuid::now_v7()),
            to: &user.email,
            email: &email,
            headers: json!({}),
        },
        now,
    )
    .await?;
    Ok(())
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
    ClientIp(ip): ClientIp,
    Lang(lang): Lang,
    ApiJson(body): ApiJson<RegisterRequest>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    uniformly(&state, create_account(&state, &ip, lang, body)).await?;
    Ok(accepted("verification_sent"))
}

async fn create_account(
    state: &AppState,
    ip: &str,
    lang: Locale,
    body: RegisterRequest,
) -> Result<(), AppError> {
    rate_limit::check(state, Action::Register, Some(ip), Some(&body.email)).await?;
    let mut v = Validator::new();
    let email = v.check(Email::parse("email", &body.email));
    let password = v.check(Password::new("password", &body.password));
    let name = v.check(display_name("name", &body.name));
    v.finish()?;
    let (Some(email), Some(password), Some(name)) = (email, password, name) else {
        return Err(AppError::BadRequest("problem-bad-request"));
    };
    let locale = body.locale.unwrap_or(lang);
    let now = Utc::now();
    // The invitation is judged first, so that its answer does not depend on the account.
    let invitation = match body.invitation_token.as_deref() {
        None => None,
        Some(token) => {
            let found = state
                .store
                .read()
                .await?
                .invitation_by_hash(&hash_token(token))
                .await?
                .filter(|i| i.is_open(now))
                .ok_or(AppError::BadRequest("problem-invitation-invalid"))?;
            if found.email_normalized != email.normalized() {
                return Err(AppError::field(
                    "invitation_token",
                    "field-invitation-other-email",
                ));
            }
            Some(found)
        }
    };
    // Hashed on both paths: a known address costs what an unknown one does.
    let password_hash = state.hasher.hash(password.expose()).await?;
    let mut tx = state.store.write().await?;
    match tx.user_by_email(&email.normalized()).await? {
        Some(existing) => {
            let reminder = AccountExists {
                locale: existing.locale.parse().unwrap_or(locale),
                name: existing.name.clone(),
                login_link: link(&state.config, "login", None),
                reset_link: link(&state.config, "forgot-password", None),
            };
            mail::enqueue(
                &mut *tx,
                &state.config,
                Queued {
                    idempotency_key: format!("account-exists:{}", Uuid::now_v7()),
                    to: &existing.email,
                    email: &reminder,
                    headers: json!({}),
                },
                now,
            )
            .await?;
        }
        None => {
            let inserted = tx
                .insert_user(&NewUser {
                    id: Uuid::now_v7(),
                    email: email.as_str().to_owned(),
                    name,
                    password_hash,
                    locale: locale.code().to_owned(),
                    now,
                })
                .await;
            let user = match inserted {
                Ok(user) => user,
                // Registered by a request running at the same moment, which sends the email;
                // this one answers as for any known address.
                Err(StoreError::Conflict { .. }) => return Ok(()),
                Err(e) => return Err(e.into()),
            };
            match invitation {
                Some(invitation) => {
                    // The invitation link reached this address: it is confirmed.
                    tx.set_user_verified(user.id, now).await?;
                    join_by_invitation(&mut *tx, &invitation, user.id, now).await?;
                }
                None => send_verification(state, &mut *tx, &user, now).await?,
            }
        }
    }
    tx.commit().await?;
    Ok(())
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
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    let user = tx
        .use_email_token(TokenPurpose::VerifyEmail, &hash_token(&body.token), now)
        .await?
        .ok_or(AppError::BadRequest("problem-verify-token-invalid"))?;
    tx.set_user_verified(user, now).await?;
    tx.commit().await?;
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
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    uniformly(&state, resend(&state, &ip, &body)).await?;
    Ok(accepted("verification_sent"))
}

async fn resend(state: &AppState, ip: &str, body: &EmailRequest) -> Result<(), AppError> {
    rate_limit::check(
        state,
        Action::ResendVerification,
        Some(ip),
        Some(&body.email),
    )
    .await?;
    let email = Email::parse("email", &body.email).map_err(|e| AppError::Validation(vec![e]))?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    if let Some(user) = tx.user_by_email(&email.normalized()).await?
        && user.email_verified_at.is_none()
    {
        send_verification(state, &mut *tx, &user, now).await?;
    }
    tx.commit().await?;
    Ok(())
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
    uniformly(&state, authenticate(&state, &ip, &body))
        .await
        .map(Json)
}

async fn authenticate(
    state: &AppState,
    ip: &str,
    body: &LoginRequest,
) -> Result<TokenPair, AppError> {
    rate_limit::check(state, Action::Login, Some(ip), Some(&body.email)).await?;
    let email = Email::parse("email", &body.email).map_err(|e| AppError::Validation(vec![e]))?;
    let user = state
        .store
        .read()
        .await?
        .user_by_email(&email.normalized())
        .await?;
    // An unknown address is checked against a dummy hash: the same work, the same time.
    let verdict = state
        .hasher
        .verify(
            user.as_ref().map(|u| u.password_hash.as_str()),
            &body.password,
        )
        .await?;
    let user = match (user, verdict) {
        (Some(user), Verdict::Right | Verdict::RightButRehash) => user,
        _ => return Err(AppError::Unauthorized("problem-login-failed")),
    };
    let rehash = if verdict == Verdict::RightButRehash {
        Some(state.hasher.hash(&body.password).await?)
    } else {
        None
    };
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    if let Some(hash) = rehash {
        tx.set_password_hash(user.id, &hash, now).await?;
    }
    let pair = issue_pair(state, &mut *tx, user.id, Uuid::now_v7(), now).await?;
    tx.commit().await?;
    Ok(pair)
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
    let invalid = || AppError::Unauthorized("problem-refresh-invalid");
    rate_limit::check(&state, Action::Refresh, Some(&ip), None).await?;
    let hash = hash_token(&body.refresh_token);
    let row = state
        .store
        .read()
        .await?
        .refresh_token_by_hash(&hash)
        .await?
        .ok_or_else(invalid)?;
    rate_limit::check(
        &state,
        Action::Refresh,
        None,
        Some(&row.user_id.to_string()),
    )
    .await?;
    let now = Utc::now();
    if row.expires_at <= now || row.revoked_at.is_some() {
        return Err(invalid());
    }
    let mut tx = state.store.write().await?;
    if !tx.spend_refresh_token(row.id, now).await? {
        // Spent or revoked already: whoever holds this copy may not be its owner.
        tx.revoke_refresh_family(row.family_id, now).await?;
        tx.commit().await?;
        tracing::warn!(user = %row.user_id, "a spent refresh token was presented; its session is ended");
        return Err(invalid());
    }
    let pair = issue_pair(&state, &mut *tx, row.user_id, row.family_id, now).await?;
    tx.commit().await?;
    Ok(Json(pair))
}

/// Ends the session the refresh token belongs to. Always 204.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", request_body = RefreshRequest,
    responses((status = 204, description = "The session is ended")))]
async fn logout(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RefreshRequest>,
) -> Result<StatusCode, AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    if let Some(row) = tx
        .refresh_token_by_hash(&hash_token(&body.refresh_token))
        .await?
    {
        tx.revoke_refresh_family(row.family_id, now).await?;
    }
    tx.commit().await?;
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
    let mut tx = state.store.write().await?;
    tx.revoke_all_sessions(user.id, Utc::now()).await?;
    tx.commit().await?;
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
    ClientIp(ip): ClientIp,
    ApiJson(body): ApiJson<EmailRequest>,
) -> Result<(StatusCode, Json<Accepted>), AppError> {
    uniformly(&state, send_reset_link(&state, &ip, &body)).await?;
    Ok(accepted("password_reset_sent"))
}

async fn send_reset_link(state: &AppState, ip: &str, body: &EmailRequest) -> Result<(), AppError> {
    rate_limit::check(state, Action::PasswordReset, Some(ip), Some(&body.email)).await?;
    let email = Email::parse("email", &body.email).map_err(|e| AppError::Validation(vec![e]))?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    if let Some(user) = tx.user_by_email(&email.normalized()).await? {
        let token = random_token(32);
        let id = Uuid::now_v7();
        let minutes = state.config.auth.reset_ttl_minutes;
        tx.insert_email_token(&NewEmailToken {
            id,
            user_id: user.id,
            purpose: TokenPurpose::PasswordReset,
            token_hash: hash_token(&token),
            created_at: now,
            expires_at: now + TimeDelta::minutes(i64::try_from(minutes).unwrap_or(30)),
        })
        .await?;
        let email = PasswordReset {
            locale: user.locale.parse().unwrap_or_default(),
            name: user.name.clone(),
            link: link(&state.config, "reset-password", Some(&token)),
            minutes,
        };
        mail::enqueue(
            &mut *tx,
            &state.config,
            Queued {
                idempotency_key: format!("password-reset:{id}"),
                to: &user.email,
                email: &email,
                headers: json!({}),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
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
    let password = Password::new("new_password", &body.new_password)
        .map_err(|e| AppError::Validation(vec![e]))?;
    let password_hash = state.hasher.hash(password.expose()).await?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    let user_id = tx
        .use_email_token(TokenPurpose::PasswordReset, &hash_token(&body.token), now)
        .await?
        .ok_or(AppError::BadRequest("problem-reset-token-invalid"))?;
    let user = tx.user(user_id).await?.ok_or(AppError::NotFound)?;
    tx.set_password_hash(user_id, &password_hash, now).await?;
    tx.set_user_verified(user_id, now).await?;
    tx.revoke_all_sessions(user_id, now).await?;
    tx.expire_email_tokens(user_id, TokenPurpose::PasswordReset, now)
        .await?;
    send_password_changed(&state, &mut *tx, &user, now).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
