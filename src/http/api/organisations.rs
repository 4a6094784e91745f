//! Organisations (the tenants), their members and invitations.
//!
//! Who may do what: anyone reads an organisation's public card; members read its members;
//! owners invite, change roles and remove members; a member may leave. Someone who is not a
//! member gets 404 for members and invitations, exactly as for an organisation that does not
//! exist. Platform roles (admin, analyst) give no rights inside an organisation. The last owner
//! can neither leave nor be demoted (409).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::auth::tokens::{hash_token, random_token};
use crate::domain::vocab::{OrganisationKind, Role};
use crate::domain::{Email, MunicipalityCode, Slug};
use crate::error::{AppError, FieldError, Validator};
use crate::http::extract::ApiJson;
use crate::mail::templates::Invitation as InvitationEmail;
use crate::mail::{self, Queued, link};
use crate::store::Tx;
use crate::store::accounts::{AuditEntry, MemberRow, OrganisationRow, OwnOrganisationRow};
use crate::store::invitations::{InvitationRow, NewInvitation};

/// Longest organisation name, in characters.
const ORG_NAME_MAX: usize = 200;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_organisation, list_own_organisations))
        .routes(routes!(get_organisation))
        .routes(routes!(list_members))
        .routes(routes!(change_member_role, remove_member))
        .routes(routes!(invite, list_invitations))
        .routes(routes!(withdraw_invitation))
        .routes(routes!(accept_invitation))
}

/// An organisation's public card.
#[derive(Serialize, ToSchema)]
pub struct Organisation {
    /// Id.
    id: Uuid,
    /// Unique slug made from the name.
    slug: String,
    /// Name.
    name: String,
    /// `municipality`, `town_partnership`, `trade_association`, `city_management`, `ministry`
    /// or `other`.
    kind: String,
    /// Municipality code; none for the ministry.
    municipality_code: Option<String>,
}

impl From<OrganisationRow> for Organisation {
    fn from(o: OrganisationRow) -> Self {
        Organisation {
            id: o.id,
            slug: o.slug,
            name: o.name,
            kind: o.kind,
            municipality_code: o.municipality_code,
        }
    }
}

/// An organisation the caller belongs to.
#[derive(Serialize, ToSchema)]
pub struct OwnOrganisation {
    /// Id.
    id: Uuid,
    /// Slug.
    slug: String,
    /// Name.
    name: String,
    /// Kind.
    kind: String,
    /// Municipality code.
    municipality_code: Option<String>,
    /// The caller's role.
    role: String,
}

impl From<OwnOrganisationRow> for OwnOrganisation {
    fn from(o: OwnOrganisationRow) -> Self {
        OwnOrganisation {
            id: o.id,
            slug: o.slug,
            name: o.name,
            kind: o.kind,
            municipality_code: o.municipality_code,
            role: o.role,
        }
    }
}

/// The caller's organisations.
#[derive(Serialize, ToSchema)]
pub struct OwnOrganisationList {
    /// The organisations, by name.
    items: Vec<OwnOrganisation>,
    /// Always null: the list is whole.
    next_cursor: Option<String>,
}

/// A member.
#[derive(Serialize, ToSchema)]
pub struct Member {
    /// The user.
    user_id: Uuid,
    /// Name.
    name: String,
    /// Email address.
    email: String,
    /// `owner`, `editor` or `viewer`.
    role: String,
}

impl From<MemberRow> for Member {
    fn from(m: MemberRow) -> Self {
        Member {
            user_id: m.user_id,
            name: m.name,
            email: m.email,
            role: m.role,
        }
    }
}

/// An open invitation (its token went only to the invited address).
#[derive(Serialize, ToSchema)]
pub struct Invitation {
    /// Id.
    id: Uuid,
    /// The invited address.
    email: String,
    /// The role on joining.
    role: String,
    /// Sent.
    created_at: DateTime<Utc>,
    /// Expires.
    expires_at: DateTime<Utc>,
}

impl From<InvitationRow> for Invitation {
    fn from(i: InvitationRow) -> Self {
        Invitation {
            id: i.id,
            email: i.email,
            role: i.role,
            created_at: i.created_at,
            expires_at: i.expires_at,
        }
    }
}

/// A new organisation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisation {
    /// Name, 1 to 200 characters.
    name: String,
    /// What kind of body it is.
    kind: OrganisationKind,
    /// One of the 98 municipality codes (`"329"` or `"0329"`); required but for the ministry.
    #[serde(default)]
    municipality_code: Option<String>,
}

/// An invitation to send.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    /// Who to invite; they need no account yet.
    email: String,
    /// The role on joining.
    role: Role,
}

/// A new role.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    /// `owner`, `editor` or `viewer`.
    role: Role,
}

/// The token of an invitation link.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptRequest {
    /// The `token` query parameter of the link.
    token: String,
}

/// The membership an invitation gave.
#[derive(Serialize, ToSchema)]
pub struct Accepted {
    /// The organisation joined.
    organization_id: Uuid,
    /// The caller's role in it.
    role: String,
}

fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// The caller's role in `org`; 404 when not a member (as for no organisation at all).
async fn role_in(tx: &mut dyn Tx, org: Uuid, user: Uuid) -> Result<Role, AppError> {
    let role = tx.member_role(org, user).await?.ok_or(AppError::NotFound)?;
    role.parse()
        .map_err(|_| AppError::Internal(anyhow::anyhow!("unknown stored role {role}")))
}

fn require_owner(role: Role) -> Result<(), AppError> {
    if role == Role::Owner {
        Ok(())
    } else {
        Err(AppError::Forbidden("problem-owner-only"))
    }
}

fn audit(
    actor: Option<Uuid>,
    org: Uuid,
    entity_type: &'static str,
    entity_id: Uuid,
    action: &'static str,
    details: serde_json::Value,
    at: DateTime<Utc>,
) -> AuditEntry {
    AuditEntry {
        actor_id: actor,
        organisation_id: Some(org),
        entity_type,
        entity_id,
        action,
        details,
        public: false,
        at,
    }
}

/// Makes `user` a member by an open invitation, in the caller's transaction; an existing member
/// keeps their role. Answers the role they now have.
pub(super) async fn join_by_invitation(
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

/// Creates an organisation; the caller becomes its owner. Needs a confirmed email address.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "organisations", security(("bearer" = [])),
    request_body = CreateOrganisation,
    responses(
        (status = 201, description = "Created; the caller is its owner", body = Organisation),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "The email address is not confirmed yet", content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", content_type = "application/problem+json"),
    ))]
async fn create_organisation(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateOrganisation>,
) -> Result<impl IntoResponse, AppError> {
    user.require_verified()?;
    let mut v = Validator::new();
    let name = body.name.trim().to_owned();
    let len = name.chars().count();
    if len == 0 || len > ORG_NAME_MAX || name.chars().any(char::is_control) {
        v.push(FieldError::new("name", "field-name-length").arg("max", ORG_NAME_MAX));
    }
    let code = match (&body.municipality_code, body.kind) {
        (Some(raw), _) if !raw.trim().is_empty() => {
            v.check(MunicipalityCode::parse_field("municipality_code", raw))
        }
        (_, OrganisationKind::Ministry) => None,
        _ => {
            v.push(FieldError::new(
                "municipality_code",
                "field-municipality-required",
            ));
            None
        }
    };
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    if let Some(code) = code
        && tx.municipality(&code.to_string()).await?.is_none()
    {
        v.push(FieldError::new(
            "municipality_code",
            "field-municipality-unknown",
        ));
    }
    v.finish()?;
    let base = Slug::from_title(&name, 80);
    let mut slug = base.clone();
    let mut n = 1;
    while tx.organisation_slug_taken(slug.as_str()).await? {
        n += 1;
        slug = base.with_suffix(n);
    }
    let org = OrganisationRow {
        id: Uuid::now_v7(),
        name,
        slug: slug.to_string(),
        kind: body.kind.as_str().to_owned(),
        municipality_code: code.map(|c| c.to_string()),
        created_at: now,
        updated_at: now,
    };
    tx.insert_organisation(&org).await?;
    tx.put_member(org.id, user.id, Role::Owner.as_str(), now)
        .await?;
    tx.record_audit(&audit(
        Some(user.id),
        org.id,
        "organisation",
        org.id,
        "created",
        json!({"name": org.name, "kind": org.kind, "municipality_code": org.municipality_code}),
        now,
    ))
    .await?;
    tx.record_audit(&audit(
        Some(user.id),
        org.id,
        "membership",
        user.id,
        "member_added",
        json!({"user_id": user.id, "role": "owner", "via": "creation"}),
        now,
    ))
    .await?;
    tx.commit().await?;
    let location = format!("/api/v1/organizations/{}", org.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Organisation::from(org)),
    ))
}

/// The organisations the caller belongs to, with the caller's role.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "organisations", security(("bearer" = [])),
    responses(
        (status = 200, body = OwnOrganisationList),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
    ))]
async fn list_own_organisations(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<OwnOrganisationList>, AppError> {
    let rows = state.store.read().await?.organisations_of(user.id).await?;
    Ok(Json(OwnOrganisationList {
        items: rows.into_iter().map(OwnOrganisation::from).collect(),
        next_cursor: None,
    }))
}

/// An organisation's public card: name, kind, municipality.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "organisations",
    params(("id" = String, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = Organisation),
        (status = 404, content_type = "application/problem+json"),
    ))]
async fn get_organisation(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Organisation>, AppError> {
    let id = parse_id(&id)?;
    let org = state
        .store
        .read()
        .await?
        .organisation(id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(org.into()))
}

/// The members, for members only (404 for anyone else).
#[utoipa::path(get, path = "/api/v1/organizations/{id}/members", tag = "organisations", security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = [Member]),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 404, description = "No such organisation, or the caller is not a member", content_type = "application/problem+json"),
    ))]
async fn list_members(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Member>>, AppError> {
    let id = parse_id(&id)?;
    let rows = state
        .store
        .read()
        .await?
        .members_seen_by(id, user.id)
        .await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(Json(rows.into_iter().map(Member::from).collect()))
}

/// Changes a member's role; owners only. The last owner cannot be demoted (409).
#[utoipa::path(patch, path = "/api/v1/organizations/{id}/members/{user_id}", tag = "organisations",
    security(("bearer" = [])), request_body = RoleChange,
    params(("id" = String, Path, description = "The organisation's id"),
           ("user_id" = String, Path, description = "The member's user id")),
    responses(
        (status = 200, body = Member),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "Not an owner", content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member visible to the caller", content_type = "application/problem+json"),
        (status = 409, description = "That would leave the organisation without an owner", content_type = "application/problem+json"),
    ))]
async fn change_member_role(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member)): Path<(String, String)>,
    ApiJson(body): ApiJson<RoleChange>,
) -> Result<Json<Member>, AppError> {
    let org = parse_id(&id)?;
    let member = parse_id(&member)?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    tx.lock_organisation(org).await?;
    require_owner(role_in(&mut *tx, org, user.id).await?)?;
    let current = role_in(&mut *tx, org, member).await?;
    if current == Role::Owner && body.role != Role::Owner && tx.owner_count(org).await? <= 1 {
        return Err(AppError::Conflict {
            field: None,
            key: "problem-last-owner",
        });
    }
    if current != body.role {
        tx.put_member(org, member, body.role.as_str(), now).await?;
        tx.record_audit(&audit(
            Some(user.id),
            org,
            "membership",
            member,
            "role_changed",
            json!({"user_id": member, "from": current.as_str(), "to": body.role.as_str()}),
            now,
        ))
        .await?;
    }
    let view = tx
        .members_seen_by(org, user.id)
        .await?
        .into_iter()
        .find(|m| m.user_id == member)
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(Json(view.into()))
}

/// Removes a member (owners), or leaves (any member, themself). The last owner cannot leave
/// (409).
#[utoipa::path(delete, path = "/api/v1/organizations/{id}/members/{user_id}", tag = "organisations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's id"),
           ("user_id" = String, Path, description = "The member's user id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "Not an owner, and not the member themself", content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member visible to the caller", content_type = "application/problem+json"),
        (status = 409, description = "That would leave the organisation without an owner", content_type = "application/problem+json"),
    ))]
async fn remove_member(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, member)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let org = parse_id(&id)?;
    let member = parse_id(&member)?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    tx.lock_organisation(org).await?;
    let mine = role_in(&mut *tx, org, user.id).await?;
    let leaving = member == user.id;
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
        Some(user.id),
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
    Ok(StatusCode::NO_CONTENT)
}

/// Invites someone by email; owners only. The email carries a link with a token; the person
/// may have no account yet (the link lets them register and join).
#[utoipa::path(post, path = "/api/v1/organizations/{id}/invitations", tag = "organisations",
    security(("bearer" = [])), request_body = InviteRequest,
    params(("id" = String, Path, description = "The organisation's id")),
    responses(
        (status = 201, description = "The invitation is sent", body = Invitation),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "Not an owner", content_type = "application/problem+json"),
        (status = 404, description = "No such organisation visible to the caller", content_type = "application/problem+json"),
        (status = 409, description = "The person is a member already", content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", content_type = "application/problem+json"),
    ))]
async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<InviteRequest>,
) -> Result<(StatusCode, Json<Invitation>), AppError> {
    let org_id = parse_id(&id)?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    require_owner(role_in(&mut *tx, org_id, user.id).await?)?;
    let email = Email::parse("email", &body.email).map_err(|e| AppError::Validation(vec![e]))?;
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
        role: body.role.as_str().to_owned(),
        token_hash: hash_token(&token),
        invited_by: user.id,
        created_at: now,
        expires_at: now + TimeDelta::days(i64::try_from(days).unwrap_or(14)),
    };
    tx.insert_invitation(&invitation).await?;
    tx.record_audit(&audit(
        Some(user.id),
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
            .unwrap_or(user.locale),
        organisation: org.name.clone(),
        inviter: user.name.clone(),
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
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(Invitation {
            id: invitation.id,
            email: invitation.email,
            role: invitation.role,
            created_at: invitation.created_at,
            expires_at: invitation.expires_at,
        }),
    ))
}

/// The open invitations; owners only.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/invitations", tag = "organisations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's id")),
    responses(
        (status = 200, body = [Invitation]),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "Not an owner", content_type = "application/problem+json"),
        (status = 404, description = "No such organisation visible to the caller", content_type = "application/problem+json"),
    ))]
async fn list_invitations(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Invitation>>, AppError> {
    let org = parse_id(&id)?;
    let mut tx = state.store.read().await?;
    require_owner(role_in(&mut *tx, org, user.id).await?)?;
    let rows = tx.open_invitations(org, Utc::now()).await?;
    Ok(Json(rows.into_iter().map(Invitation::from).collect()))
}

/// Withdraws an open invitation; owners only. Its link stops working.
#[utoipa::path(delete, path = "/api/v1/organizations/{id}/invitations/{invitation_id}", tag = "organisations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The organisation's id"),
           ("invitation_id" = String, Path, description = "The invitation's id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "Not an owner", content_type = "application/problem+json"),
        (status = 404, description = "No such open invitation visible to the caller", content_type = "application/problem+json"),
    ))]
async fn withdraw_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, invitation)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let org = parse_id(&id)?;
    let invitation = parse_id(&invitation)?;
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    require_owner(role_in(&mut *tx, org, user.id).await?)?;
    if !tx.revoke_invitation(org, invitation, now).await? {
        return Err(AppError::NotFound);
    }
    tx.record_audit(&audit(
        Some(user.id),
        org,
        "invitation",
        invitation,
        "invitation_withdrawn",
        json!({}),
        now,
    ))
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accepts an invitation as the logged-in person it was sent to. (Someone without an account
/// registers instead, with the token as `invitation_token`.)
#[utoipa::path(post, path = "/api/v1/invitations/accept", tag = "organisations",
    security(("bearer" = [])), request_body = AcceptRequest,
    responses(
        (status = 200, body = Accepted),
        (status = 400, description = "The invitation is invalid, expired, withdrawn or used", content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "The invitation is for another address", content_type = "application/problem+json"),
    ))]
async fn accept_invitation(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<AcceptRequest>,
) -> Result<Json<Accepted>, AppError> {
    let now = Utc::now();
    let mut tx = state.store.write().await?;
    let invitation = tx
        .invitation_by_hash(&hash_token(&body.token))
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
    Ok(Json(Accepted {
        organization_id: invitation.organisation_id,
        role,
    }))
}
