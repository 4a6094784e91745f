//! Platform roles (`admin`, `analyst`), granted and revoked by an operator from the command
//! line (`bymidter user grant|revoke ROLE EMAIL`); also how the first admin is made.

use std::sync::Arc;

use anyhow::{Context, bail};
use chrono::Utc;
use serde_json::json;

use crate::domain::vocab::PlatformRole;
use crate::store::Store;
use crate::store::accounts::AuditEntry;

/// What a grant or revoke changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleChange {
    /// The role was set.
    Changed,
    /// The account had that role already (grant) or did not have it (revoke).
    Unchanged,
}

fn parse_role(role: &str) -> anyhow::Result<PlatformRole> {
    match role.parse::<PlatformRole>() {
        Ok(PlatformRole::None) | Err(_) => {
            bail!("unknown role `{role}`: use `admin` or `analyst`")
        }
        Ok(r) => Ok(r),
    }
}

/// Gives the account with `email` the platform role `role` (`admin` or `analyst`). The account
/// must exist: the person registers first.
pub async fn grant(store: &Arc<dyn Store>, role: &str, email: &str) -> anyhow::Result<RoleChange> {
    let role = parse_role(role)?;
    set(store, email, |current| (current != role).then_some(role)).await
}

/// Takes the platform role `role` from the account with `email` (it becomes an ordinary user).
pub async fn revoke(store: &Arc<dyn Store>, role: &str, email: &str) -> anyhow::Result<RoleChange> {
    let role = parse_role(role)?;
    set(store, email, |current| {
        (current == role).then_some(PlatformRole::None)
    })
    .await
}

async fn set(
    store: &Arc<dyn Store>,
    email: &str,
    decide: impl FnOnce(PlatformRole) -> Option<PlatformRole>,
) -> anyhow::Result<RoleChange> {
    let now = Utc::now();
    let mut tx = store.write().await?;
    let user = tx
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .with_context(|| {
            format!("no account has the email address {email}; the person must register first")
        })?;
    let current = user.platform_role.parse().unwrap_or(PlatformRole::None);
    let Some(new) = decide(current) else {
        return Ok(RoleChange::Unchanged);
    };
    tx.set_platform_role(user.id, new.as_str(), now).await?;
    tx.record_audit(&AuditEntry {
        actor_id: None,
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
