//! `CurrentUser` (rejects anonymous callers) and `MaybeUser` (accepts them, but still rejects a
//! malformed or revoked bearer token).

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use uuid::Uuid;

use crate::app::AppState;
use crate::domain::vocab::PlatformRole;
use crate::error::AppError;
use crate::http::extract::{LocaleCell, explicit_locale};
use crate::i18n::Locale;

/// The cookie that carries the access token for the pages.
pub const ACCESS_COOKIE: &str = "bymidter_access";

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// Id.
    pub id: Uuid,
    /// Email as typed.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Preferred language.
    pub locale: Locale,
    /// Platform role.
    pub platform_role: PlatformRole,
    /// Whether the email is verified.
    pub email_verified: bool,
}

impl CurrentUser {
    /// Creating organisations or content needs a verified email (403 otherwise).
    pub fn require_verified(&self) -> Result<(), AppError> {
        if self.email_verified {
            Ok(())
        } else {
            Err(AppError::Forbidden("problem-email-unverified"))
        }
    }

    /// Whether the caller operates the platform.
    pub fn is_admin(&self) -> bool {
        self.platform_role == PlatformRole::Admin
    }

    /// Whether the caller may read every uptake figure.
    pub fn is_analyst(&self) -> bool {
        matches!(
            self.platform_role,
            PlatformRole::Analyst | PlatformRole::Admin
        )
    }
}

/// The caller if logged in.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

enum Credential {
    Bearer(String),
    Cookie(String),
}

fn credential(parts: &Parts) -> Option<Credential> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let value = value.to_str().unwrap_or_default();
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .unwrap_or_default();
        return Some(Credential::Bearer(token.trim().to_owned()));
    }
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == ACCESS_COOKIE)
        .map(|(_, v)| Credential::Cookie(v.to_owned()))
}

/// Why an access token names no user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// Malformed, forged, expired, or for an account that is gone.
    Invalid,
    /// Issued before the account's sessions were ended (password change, log out everywhere).
    Revoked,
}

impl TokenRefusal {
    fn key(self) -> &'static str {
        match self {
            TokenRefusal::Invalid => "problem-token-invalid",
            TokenRefusal::Revoked => "problem-token-revoked",
        }
    }
}

/// The user an access token belongs to, if it is valid and not revoked.
pub async fn user_of_token(
    state: &AppState,
    token: &str,
) -> Result<Result<CurrentUser, TokenRefusal>, AppError> {
    let Some(claims) = state.jwt.verify(token) else {
        return Ok(Err(TokenRefusal::Invalid));
    };
    let Some(user) = state.store.read().await?.user(claims.sub).await? else {
        return Ok(Err(TokenRefusal::Invalid));
    };
    let issued_ms = claims
        .jti
        .get_timestamp()
        .map(|t| {
            let (secs, nanos) = t.to_unix();
            i64::try_from(secs).unwrap_or(i64::MAX) * 1000 + i64::from(nanos / 1_000_000)
        })
        .unwrap_or(claims.iat * 1000);
    if issued_ms < user.tokens_valid_after.timestamp_millis() {
        return Ok(Err(TokenRefusal::Revoked));
    }
    Ok(Ok(CurrentUser {
        id: user.id,
        email: user.email,
        name: user.name,
        locale: user.locale.parse().unwrap_or_default(),
        platform_role: user.platform_role.parse().unwrap_or(PlatformRole::None),
        email_verified: user.email_verified_at.is_some(),
    }))
}

/// The user logged in with the pages' access cookie in `headers`, if any (a stale cookie is
/// an anonymous visit). Error pages use it to show who is logged in.
pub async fn cookie_user(state: &AppState, headers: &axum::http::HeaderMap) -> Option<CurrentUser> {
    let token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == ACCESS_COOKIE)
        .map(|(_, v)| v.to_owned())?;
    user_of_token(state, &token).await.ok()?.ok()
}

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (token, from_header) = match credential(parts) {
            None => return Ok(MaybeUser(None)),
            Some(Credential::Bearer(t)) => (t, true),
            Some(Credential::Cookie(t)) => (t, false),
        };
        let user = match user_of_token(state, &token).await? {
            Ok(user) => user,
            // A bad bearer token is an error; a stale page cookie is just an anonymous visit.
            Err(refusal) if from_header => return Err(AppError::Unauthorized(refusal.key())),
            Err(_) => return Ok(MaybeUser(None)),
        };
        if let Some(cell) = parts.extensions.get::<LocaleCell>()
            && explicit_locale(&parts.headers, parts.uri.query()).is_none()
        {
            cell.set(user.locale);
        }
        Ok(MaybeUser(Some(user)))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        MaybeUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(AppError::Unauthorized("problem-login-required"))
    }
}
