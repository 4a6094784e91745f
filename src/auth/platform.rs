//! Platform roles (`admin`, `analyst`), granted and revoked by an operator from the command
//! line (`bymidter user grant|revoke ROLE EMAIL`, also how the first admin is made) or by an
//! admin on the roles page; both take this one path.

use std::sync::Arc;

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use crate::domain::vocab::PlatformRole;
use crate::store::accounts::AuditEntry;
use crate::store::{Store, StoreError};

/// What a grant or revoke changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    /// The role was set.
    Changed,
    /// The account had that role already (grant) or did not have it (revoke).
    Unchanged,
}

/// Why a role could not be given or taken.
#[derive(Debug, thiserror::Error)]
pub enum RoleError {
    /// Not `admin` or `analyst`.
    #[error("unknown role `{0}`: use `admin` or `analyst`")]
    UnknownRole(String),
    /// No account has the address.
    #[error("no account has the email address {0}; the person must register first")]
    UnknownAccount(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Parses `admin` or `analyst`.
pub fn parse_role(role: &str) -> Result<PlatformRole, RoleError> {
    match role.parse::<PlatformRole>() {
        Ok(PlatformRole::None) | Err(_) => Err(RoleError::UnknownRole(role.to_owned())),
        Ok(r) => Ok(r),
    }
}

/// Gives the account with `email` the platform role `role` (`admin` or `analyst`), as an
/// operator on the command line. The account must exist: the person registers first.
pub async fn grant(
    store: &Arc<dyn Store>,
    role: &str,
    email: &str,
) -> Result<RoleChange, RoleError> {
    grant_by(store, None, role, email).await
}

/// Takes the platform role `role` from the account with `email` (it becomes an ordinary user),
/// as an operator on the command line.
pub async fn revoke(
    store: &Arc<dyn Store>,
    role: &str,
    email: &str,
) -> Result<RoleChange, RoleError> {
    revoke_by(store, None, role, email).await
}

/// [`grant`], recorded in the audit trail as done by `actor` (an admin; none: the command line).
pub async fn grant_by(
    store: &Arc<dyn Store>,
    actor: Option<Uuid>,
    role: &str,
    email: &str,
) -> Result<RoleChange, RoleError> {
    let role = parse_role(role)?;
    set(store, actor, email, |current| {
        (current != role).then_some(role)
    })
    .await
}

/// [`revoke`], recorded in the audit trail as done by `actor`.
pub async fn revoke_by(
    store: &Arc<dyn Store>,
    actor: Option<Uuid>,
    role: &str,
    email: &str,
) -> Result<RoleChange, RoleError> {
    let role = parse_role(role)?;
    set(store, actor, email, |current| {
        (current == role).then_some(PlatformRole::None)
    })
    .await
}

async fn set(
    store: &Arc<dyn Store>,
    actor: Option<Uuid>,
    email: &str,
    decide: impl FnOnce(PlatformRole) -> Option<PlatformRole>,
) -> Result<RoleChange, RoleError> {
    let now = Utc::now();
    let mut tx = store.write().await?;
    let user = tx
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .ok_or_else(|| RoleError::UnknownAccount(email.trim().to_owned()))?;
    let current = user.platform_role.parse().unwrap_or(PlatformRole::None);
    let Some(new) = decide(current) else {
        return Ok(RoleChange::Unchanged);
    };
    tx.set_platform_role(user.id, new.as_str(), now).await?;
    tx.record_audit(&AuditEntry {
        actor_id: actor,
        organisation_id: None,
        entity_type: "user",
        entity_id: user.id,
        action: "platform_role_changed",
        details: json!({"from": current.as_str(), "to": new.as_str()}),
        public: false,
        at: now,
    })
    .await?;
    tx.commit().await?;
    Ok(RoleChange::Changed)
}
