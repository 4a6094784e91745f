//! An organisation's members: who they are, their roles, removing and leaving.

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

use super::{audit, require_owner, role_in};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::vocab::Role;
use crate::error::AppError;
use crate::store::accounts::MemberRow;

/// The members of `org`, by name, for its members only (404 for anyone else).
pub async fn list(state: &AppState, org: Uuid, user: Uuid) -> Result<Vec<MemberRow>, AppError> {
    let rows = state.store.read().await?.members_seen_by(org, user).await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(rows)
}

/// Changes a member's role; owners only (403). The last owner cannot be demoted (409).
/// Answers the member as they now are.
pub async fn change_role(
    state: &AppState,
    actor: &CurrentUser,
    org: Uuid,
    member: Uuid,
    role: Role,
) -> Result<MemberRow, AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    tx.lock_organisation(org).await?;
    require_owner(role_in(&mut *tx, org, actor.id).await?)?;
    let current = role_in(&mut *tx, org, member).await?;
    if current == Role::Owner && role != Role::Owner && tx.owner_count(org).await? <= 1 {
        return Err(AppError::Conflict {
            field: None,
            key: "problem-last-owner",
        });
    }
    if current != role {
        tx.put_member(org, member, role.as_str(), now).await?;
        tx.record_audit(&audit(
            Some(actor.id),
            org,
            "membership",
            member,
            "role_changed",
            json!({"user_id": member, "from": current.as_str(), "to": role.as_str()}),
            now,
        ))
        .await?;
        let organisation = tx.organisation(org).await?.ok_or(AppError::NotFound)?;
        let event = crate::notify::event(
            crate::notify::Kind::RoleChanged,
            Some(actor.id),
            json!({"organisation": organisation.name, "role": role.as_str()}),
            format!("/organisationer/{}", organisation.slug),
            now,
        );
        tx.notify(
            &event,
            &crate::store::notify::Audience::Users(vec![member]),
            crate::store::notify::Delivery::AsPreferred,
        )
        .await?;
    }
    let view = tx
        .members_seen_by(org, actor.id)
        .await?
        .into_iter()
        .find(|m| m.user_id == member)
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(view)
}

/// Removes a member (owners), or leaves (any member, themself). The last owner cannot leave
/// or be removed (409).
pub async fn remove(
    state: &AppState,
    actor: &CurrentUser,
    org: Uuid,
    member: Uuid,
) -> Result<(), AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    tx.lock_organisation(org).await?;
    let mine = role_in(&mut *tx, org, actor.id).await?;
    let leaving = member == actor.id;
    if !leaving {
        require_owner(mine)?;
    }
    let current = role_in(&mut *tx, org, member).await?;
    if current == Role::Owner && tx.owner_count(org).await? <= 1 {
        return Err(AppError::Conflict {
            field: None,
            key: "problem-last-owner",
        });
    }
    tx.remove_member(org, member).await?;
    tx.record_audit(&audit(
        Some(actor.id),
        org,
        "membership",
        member,
        if leaving {
            "member_left"
        } else {
            "member_removed"
        },
        json!({"user_id": member, "role": current.as_str()}),
        now,
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}
