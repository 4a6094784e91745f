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
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::vocab::{OrganisationKind, Role};
use crate::error::AppError;
use crate::http::extract::ApiJson;
use crate::organisations::{self, NewOrganisation, invitations, members};
use crate::store::accounts::{MemberRow, OrganisationRow, OwnOrganisationRow};
use crate::store::invitations::InvitationRow;

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
    let input = NewOrganisation {
        name: body.name,
        kind: Some(body.kind),
        municipality_code: body.municipality_code,
    };
    let org = organisations::create(&state, &user, input).await?;
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
    let rows = members::list(&state, id, user.id).await?;
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
    let view = members::change_role(&state, &user, org, member, body.role).await?;
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
    members::remove(&state, &user, org, member).await?;
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
    let invitation =
        invitations::invite(&state, &user, org_id, &body.email, Some(body.role)).await?;
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
    let rows = invitations::open(&state, &user, org).await?;
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
    invitations::withdraw(&state, &user, org, invitation).await?;
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
    let (organization_id, role) = invitations::accept(&state, &user, &body.token).await?;
    Ok(Json(Accepted {
        organization_id,
        role,
    }))
}
