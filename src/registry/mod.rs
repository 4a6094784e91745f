//! The registry: collaborations, their links to the catalogue, experiences and comments. The
//! functions here are what the API and the pages both call; each write runs in one transaction
//! with its audit row.

pub mod collaborations;
pub mod experiences;
pub mod import;
pub mod input;
pub mod links;
pub mod markdown;
pub mod moderation;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::auth::extract::CurrentUser;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::store::Tx;
use crate::store::accounts::AuditEntry;
use crate::store::registry::CollaborationRow;
use crate::store::scope::Viewer;

/// The viewer a request reads as.
pub fn viewer_of(user: Option<&CurrentUser>) -> Viewer {
    Viewer {
        user: user.map(|u| u.id),
        admin: user.is_some_and(CurrentUser::is_admin),
    }
}

/// The caller's role in an organisation, if a member.
pub async fn role_in(
    tx: &mut dyn Tx,
    organisation: Uuid,
    user: Uuid,
) -> Result<Option<Role>, AppError> {
    Ok(tx
        .member_role(organisation, user)
        .await?
        .and_then(|r| r.parse().ok()))
}

/// Whether a role may write the organisation's records.
pub fn writes(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Owner | Role::Editor))
}

/// Nothing unless the user edits for the organisation: 404 when not a member, 403 when not an
/// editor or owner.
pub async fn require_editor(
    tx: &mut dyn Tx,
    organisation: Uuid,
    user: Uuid,
) -> Result<(), AppError> {
    match role_in(tx, organisation, user).await? {
        None => Err(AppError::NotFound),
        role if !writes(role) => Err(AppError::Forbidden("problem-not-editor")),
        _ => Ok(()),
    }
}

/// A collaboration the caller may edit: 404 when they cannot see it, 403 when they can see it
/// but are not an editor or owner of its organisation.
pub async fn editable_collaboration(
    tx: &mut dyn Tx,
    user: &CurrentUser,
    id: Uuid,
) -> Result<CollaborationRow, AppError> {
    let row = tx
        .collaboration(id, &viewer_of(Some(user)))
        .await?
        .ok_or(AppError::NotFound)?;
    if writes(role_in(tx, row.organisation_id, user.id).await?) {
        Ok(row)
    } else {
        Err(AppError::Forbidden("problem-not-editor"))
    }
}

/// Appends an audit row for collaboration `id` of `organisation` in the current transaction
/// (`actor` none: an operator's command).
pub async fn audit_collaboration(
    tx: &mut dyn Tx,
    at: DateTime<Utc>,
    actor: Option<Uuid>,
    (organisation, id): (Uuid, Uuid),
    action: &'static str,
    details: serde_json::Value,
    public: bool,
) -> Result<(), AppError> {
    tx.record_audit(&AuditEntry {
        actor_id: actor,
        organisation_id: Some(organisation),
        entity_type: "collaboration",
        entity_id: id,
        action,
        details,
        public,
        at,
    })
    .await?;
    Ok(())
}

/// Parses an `If-Match` header value (`"3"`, `W/"3"` or `*`) into the version it names.
pub fn version_from_if_match(value: &str) -> Result<Option<i64>, AppError> {
    let v = value.trim();
    if v == "*" {
        return Ok(None);
    }
    let v = v.trim_start_matches("W/").trim_matches('"');
    v.parse::<i64>()
        .map(Some)
        .map_err(|_| AppError::BadRequest("problem-bad-if-match"))
}

/// The ETag of a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_values_name_a_version() {
        assert_eq!(version_from_if_match("\"3\"").ok(), Some(Some(3)));
        assert_eq!(version_from_if_match("W/\"12\"").ok(), Some(Some(12)));
        assert_eq!(version_from_if_match("*").ok(), Some(None));
        assert!(version_from_if_match("\"abc\"").is_err());
        assert_eq!(etag(4), "\"4\"");
    }
}
