//! Invitations: an owner invites someone by email with a role; the link lets a person with an
//! account accept, and a person without one register and join at once.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;
use uuid::Uuid;

use super::{audit, require_owner, role_in};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::auth::tokens::{hash_token, random_token};
use crate::domain::Email;
use crate::domain::vocab::Role;
use crate::error::{AppError, FieldError, Validator};
use crate::mail::templates::Invitation as InvitationEmail;
use crate::mail::{self, Queued, link};
use crate::store::Tx;
use crate::store::accounts::OrganisationRow;
use crate::store::invitations::{InvitationRow, NewInvitation};

/// Invites `email` to `org` as `role` (`None`: not chosen, an error on `role`); owners only.
/// The email carries a link with a token; the person may have no account yet. A member
/// already is a conflict on `email` (409).
pub async fn invite(
    state: &AppState,
    actor: &CurrentUser,
    org_id: Uuid,
    email: &str,
    role: Option<Role>,
) -> Result<NewInvitation, AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    require_owner(role_in(&mut *tx, org_id, actor.id).await?)?;
    let mut v = Validator::new();
    let email = v.check(Email::parse("email", email));
    if role.is_none() {
        v.push(FieldError::new("role", "field-role-choose"));
    }
    v.finish()?;
    let (Some(email), Some(role)) = (email, role) else {
        return Err(AppError::BadRequest("problem-bad-request"));
    };
    let org = tx.organisation(org_id).await?.ok_or(AppError::NotFound)?;
    let invitee = tx.user_by_email(&email.normalized()).await?;
    if let Some(invitee) = &invitee
        && tx.member_role(org_id, invitee.id).await?.is_some()
    {
        return Err(AppError::Conflict {
            field: Some("email"),
            key: "problem-already-member",
        });
    }
    let token = random_token(32);
    let days = state.config.auth.invitation_ttl_days;
    let invitation = NewInvitation {
        id: Uuid::now_v7(),
        organisation_id: org_id,
        email: email.as_str().to_owned(),
        role: role.as_str().to_owned(),
        token_hash: hash_token(&token),
        invited_by: actor.id,
        created_at: now,
        expires_at: now + TimeDelta::days(i64::try_from(days).unwrap_or(14)),
    };
    tx.insert_invitation(&invitation).await?;
    tx.record_audit(&audit(
        Some(actor.id),
        org_id,
        "invitation",
        invitation.id,
        "invitation_sent",
        json!({"role": invitation.role}),
        now,
    ))
    .await?;
    let message = InvitationEmail {
        locale: invitee
            .as_ref()
            .and_then(|u| u.locale.parse().ok())
            .unwrap_or(actor.locale),
        organisation: org.name.clone(),
        inviter: actor.name.clone(),
        role: invitation.role.clone(),
        link: link(&state.config, "invitations/accept", Some(&token)),
        days,
    };
    mail::enqueue(
        &mut *tx,
        &state.config,
        Queued {
            idempotency_key: format!("invitation:{}", invitation.id),
            to: email.as_str(),
            email: &message,
            headers: json!({}),
        },
        now,
    )
    .await?;
    // Someone with an account also sees it in the app; the email above is its email.
    if let Some(invitee) = &invitee {
        let event = crate::notify::event(
            crate::notify::Kind::Invited,
            Some(actor.id),
            json!({"organisation": org.name, "role": invitation.role}),
            "/min-side".to_owned(),
            now,
        );
        tx.notify(
            &event,
            &crate::store::notify::Audience::Users(vec![invitee.id]),
            crate::store::notify::Delivery::AppOnly,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(invitation)
}

/// The open invitations of `org`; owners only.
pub async fn open(
    state: &AppState,
    actor: &CurrentUser,
    org: Uuid,
) -> Result<Vec<InvitationRow>, AppError> {
    let mut tx = state.store.read().await?;
    require_owner(role_in(&mut *tx, org, actor.id).await?)?;
    Ok(tx.open_invitations(org, Utc::now()).await?)
}

/// Withdraws an open invitation; owners only. Its link stops working.
pub async fn withdraw(
    state: &AppState,
    actor: &CurrentUser,
    org: Uuid,
    invitation: Uuid,
) -> Result<(), AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    require_owner(role_in(&mut *tx, org, actor.id).await?)?;
    if !tx.revoke_invitation(org, invitation, now).await? {
        return Err(AppError::NotFound);
    }
    tx.record_audit(&audit(
        Some(actor.id),
        org,
        "invitation",
        invitation,
        "invitation_withdrawn",
        json!({}),
        now,
    ))
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The open invitation a link's token belongs to, with its organisation (`None` for a token
/// that is unknown, used, withdrawn or expired). Only the holder of the token learns this.
pub async fn by_token(
    state: &AppState,
    token: &str,
) -> Result<Option<(InvitationRow, OrganisationRow)>, AppError> {
    let now = Utc::now();
    let mut tx = state.store.read().await?;
    let Some(invitation) = tx
        .invitation_by_hash(&hash_token(token))
        .await?
        .filter(|i| i.is_open(now))
    else {
        return Ok(None);
    };
    let org = tx
        .organisation(invitation.organisation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Some((invitation, org)))
}

/// Accepts an invitation as the logged-in person it was sent to (403 for another address);
/// the address counts as confirmed. Answers the organisation and the role the caller now has.
pub async fn accept(
    state: &AppState,
    user: &CurrentUser,
    token: &str,
) -> Result<(Uuid, String), AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    let invitation = tx
        .invitation_by_hash(&hash_token(token))
        .await?
        .filter(|i| i.is_open(now))
        .ok_or(AppError::BadRequest("problem-invitation-invalid"))?;
    if invitation.email_normalized != user.email.to_lowercase() {
        return Err(AppError::Forbidden("problem-invitation-other-email"));
    }
    let role = join_by_invitation(&mut *tx, &invitation, user.id, now).await?;
    // The link reached this address: it is confirmed.
    tx.set_user_verified(user.id, now).await?;
    tx.commit().await?;
    Ok((invitation.organisation_id, role))
}

/// Makes `user` a member by an open invitation, in the caller's transaction; an existing member
/// keeps their role. Answers the role they now have.
pub async fn join_by_invitation(
    tx: &mut dyn Tx,
    invitation: &InvitationRow,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if !tx.accept_invitation(invitation.id, user, now).await? {
        return Err(AppError::BadRequest("problem-invitation-invalid"));
    }
    let org = invitation.organisation_id;
    if let Some(existing) = tx.member_role(org, user).await? {
        return Ok(existing);
    }
    tx.put_member(org, user, &invitation.role, now).await?;
    tx.record_audit(&audit(
        Some(user),
        org,
        "membership",
        user,
        "member_added",
        json!({"user_id": user, "role": invitation.role, "via": "invitation", "invitation_id": invitation.id}),
        now,
    ))
    .await?;
    Ok(invitation.role.clone())
}
