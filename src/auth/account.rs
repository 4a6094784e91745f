//! A person's account: registering, confirming the address, resending the link, resetting and
//! changing the password, and the profile. What the API and the pages both call.
//!
//! No account enumeration: [`register`], [`resend_verification`] and
//! [`request_password_reset`] do the same visible thing whether or not the address has an
//! account, and answer no sooner than `auth.min_response_ms` (with [`log_in`], the four that
//! take an address from anyone).
//!
//! [`log_in`]: crate::auth::session::log_in

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::extract::CurrentUser;
use crate::auth::password::Verdict;
use crate::auth::rate_limit::{self, Action};
use crate::auth::session::uniformly;
use crate::auth::tokens::{hash_token, random_token};
use crate::domain::vocab::EmailFrequency;
use crate::domain::{Email, Password};
use crate::error::{AppError, FieldError, Validator};
use crate::i18n::Locale;
use crate::mail::templates::{AccountExists, PasswordChanged, PasswordReset, VerifyEmail};
use crate::mail::{self, Queued, link};
use crate::organisations::invitations::join_by_invitation;
use crate::store::accounts::{NewUser, ProfileChange, UserRow};
use crate::store::sessions::{NewEmailToken, TokenPurpose};
use crate::store::{StoreError, Tx};

/// Longest display name, in characters.
pub const NAME_MAX: usize = 100;

/// The page a password-reset link is asked for on (also linked from emails).
pub const FORGOT_PASSWORD_PATH: &str = "forgot-password";
/// The log-in page (linked from emails).
pub const LOGIN_PATH: &str = "login";

/// A display name: trimmed, 1 to 100 characters.
pub fn display_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    let len = name.chars().count();
    if len == 0 || len > NAME_MAX || name.chars().any(char::is_control) {
        return Err(FieldError::new(field, "field-name-length").arg("max", NAME_MAX));
    }
    Ok(name.to_owned())
}

/// What a person gives to register.
#[derive(Debug, Clone)]
pub struct Registration {
    /// Email address; a link to confirm it is sent there.
    pub email: String,
    /// 12 to 128 characters; common passwords are refused.
    pub password: String,
    /// Display name.
    pub name: String,
    /// The account's language.
    pub locale: Locale,
    /// The token of an invitation link: with one for this address the address counts as
    /// confirmed and the person joins the organisation at once.
    pub invitation_token: Option<String>,
}

/// Registers an account. For an address that has one already nothing is created and that
/// person gets a "you already have an account" email instead; the answer is the same.
pub async fn register(
    state: &AppState,
    ClientIp(ip): &ClientIp,
    registration: Registration,
) -> Result<(), AppError> {
    uniformly(state, create_account(state, ip, registration)).await
}

async fn create_account(
    state: &AppState,
    ip: &str,
    registration: Registration,
) -> Result<(), AppError> {
    rate_limit::check(state, Action::Register, Some(ip), Some(&registration.email)).await?;
    let mut v = Validator::new();
    let email = v.check(Email::parse("email", &registration.email));
    let password = v.check(Password::new("password", &registration.password));
    let name = v.check(display_name("name", &registration.name));
    v.finish()?;
    let (Some(email), Some(password), Some(name)) = (email, password, name) else {
        return Err(AppError::BadRequest("problem-bad-request"));
    };
    let locale = registration.locale;
    let now = Utc::now();
    // The invitation is judged first, so that its answer does not depend on the account.
    let invitation = match registration.invitation_token.as_deref() {
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
                login_link: link(&state.config, LOGIN_PATH, None),
                reset_link: link(&state.config, FORGOT_PASSWORD_PATH, None),
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

/// Creates a verification token and queues the email that carries it.
pub async fn send_verification(
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
async fn send_password_changed(
    state: &AppState,
    tx: &mut dyn Tx,
    user: &UserRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let email = PasswordChanged {
        locale: user.locale.parse().unwrap_or_default(),
        name: user.name.clone(),
        reset_link: link(&state.config, FORGOT_PASSWORD_PATH, None),
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

/// Confirms an email address with the token from the verification link; answers the account.
pub async fn verify_email(state: &AppState, token: &str) -> Result<Uuid, AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    let user = tx
        .use_email_token(TokenPurpose::VerifyEmail, &hash_token(token), now)
        .await?
        .ok_or(AppError::BadRequest("problem-verify-token-invalid"))?;
    tx.set_user_verified(user, now).await?;
    tx.commit().await?;
    Ok(user)
}

/// Sends a new verification link if `email` has an unconfirmed account; otherwise nothing
/// happens, and the answer is the same.
pub async fn resend_verification(
    state: &AppState,
    ClientIp(ip): &ClientIp,
    email: &str,
) -> Result<(), AppError> {
    uniformly(state, resend(state, ip, email)).await
}

async fn resend(state: &AppState, ip: &str, email: &str) -> Result<(), AppError> {
    rate_limit::check(state, Action::ResendVerification, Some(ip), Some(email)).await?;
    let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
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

/// Sends a link to choose a new password (valid at most 30 minutes) if `email` has an
/// account; otherwise nothing happens, and the answer is the same.
pub async fn request_password_reset(
    state: &AppState,
    ClientIp(ip): &ClientIp,
    email: &str,
) -> Result<(), AppError> {
    uniformly(state, send_reset_link(state, ip, email)).await
}

async fn send_reset_link(state: &AppState, ip: &str, email: &str) -> Result<(), AppError> {
    rate_limit::check(state, Action::PasswordReset, Some(ip), Some(email)).await?;
    let email = Email::parse("email", email).map_err(|e| AppError::Validation(vec![e]))?;
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

/// Sets a new password with the token from a reset link. Every session of the account ends;
/// the address counts as confirmed. The new password is checked before the token is used, so
/// a refused password leaves the link working.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: &str,
) -> Result<(), AppError> {
    let password =
        Password::new("new_password", new_password).map_err(|e| AppError::Validation(vec![e]))?;
    let password_hash = state.hasher.hash(password.expose()).await?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    let user_id = tx
        .use_email_token(TokenPurpose::PasswordReset, &hash_token(token), now)
        .await?
        .ok_or(AppError::BadRequest("problem-reset-token-invalid"))?;
    let user = tx.user(user_id).await?.ok_or(AppError::NotFound)?;
    tx.set_password_hash(user_id, &password_hash, now).await?;
    tx.set_user_verified(user_id, now).await?;
    tx.revoke_all_sessions(user_id, now).await?;
    tx.expire_email_tokens(user_id, TokenPurpose::PasswordReset, now)
        .await?;
    send_password_changed(state, &mut *tx, &user, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes the caller's password after checking the current one (rate limited as a login).
/// Every session ends, the caller's included.
pub async fn change_password(
    state: &AppState,
    ClientIp(ip): &ClientIp,
    user: &CurrentUser,
    current_password: &str,
    new_password: &str,
) -> Result<(), AppError> {
    rate_limit::check(state, Action::Login, Some(ip), Some(&user.email)).await?;
    let new =
        Password::new("new_password", new_password).map_err(|e| AppError::Validation(vec![e]))?;
    let stored = state
        .store
        .read()
        .await?
        .user(user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let verdict = state
        .hasher
        .verify(Some(&stored.password_hash), current_password)
        .await?;
    if verdict == Verdict::Wrong {
        return Err(AppError::Validation(vec![FieldError::new(
            "current_password",
            "field-password-wrong",
        )]));
    }
    let hash = state.hasher.hash(new.expose()).await?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    tx.set_password_hash(user.id, &hash, now).await?;
    tx.revoke_all_sessions(user.id, now).await?;
    send_password_changed(state, &mut *tx, &stored, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Changes to a profile; `None` keeps what is stored.
#[derive(Debug, Clone, Default)]
pub struct ProfileEdit {
    /// Display name, 1 to 100 characters.
    pub name: Option<String>,
    /// The account's language (pages and emails).
    pub locale: Option<Locale>,
    /// How often notification emails come.
    pub email_frequency: Option<EmailFrequency>,
}

/// Changes the caller's name, language or email frequency; answers the account as it now is.
pub async fn update_profile(
    state: &AppState,
    user: Uuid,
    edit: ProfileEdit,
) -> Result<UserRow, AppError> {
    let mut v = Validator::new();
    let name = match edit.name.as_deref() {
        Some(raw) => v.check(display_name("name", raw)),
        None => None,
    };
    v.finish()?;
    let change = ProfileChange {
        name,
        locale: edit.locale.map(|l| l.code().to_owned()),
        email_frequency: edit.email_frequency.map(|f| f.as_str().to_owned()),
    };
    let mut tx = state.store.write().await?;
    let row = tx.update_profile(user, &change, Utc::now()).await?;
    tx.commit().await?;
    Ok(row)
}
