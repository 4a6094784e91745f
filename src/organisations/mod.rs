//! Organisations (the tenants): creating one, its members and its invitations. What the API
//! and the pages both call.
//!
//! Who may do what: anyone reads an organisation's public card; members read its members;
//! owners invite, change roles and remove members; a member may leave. Someone who is not a
//! member gets 404 for members and invitations, exactly as for an organisation that does not
//! exist. Platform roles (admin, analyst) give no rights inside an organisation. The last owner
//! can neither leave nor be demoted (409).

pub mod invitations;
pub mod members;

use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::vocab::{OrganisationKind, Role};
use crate::domain::{MunicipalityCode, Slug};
use crate::error::{AppError, FieldError, Validator};
use crate::store::Tx;
use crate::store::accounts::{AuditEntry, OrganisationRow};

/// Longest organisation name, in characters.
pub const NAME_MAX: usize = 200;

/// Slugs that name pages of their own under `/organisationer/`, never an organisation.
const RESERVED_SLUGS: [&str; 1] = ["ny"];

/// What a person gives to create an organisation.
#[derive(Debug, Clone)]
pub struct NewOrganisation {
    /// Name, 1 to 200 characters.
    pub name: String,
    /// What kind of body it is (`None`: not chosen, an error on `kind`).
    pub kind: Option<OrganisationKind>,
    /// One of the 98 municipality codes; required but for the ministry.
    pub municipality_code: Option<String>,
}

/// Creates an organisation with a unique slug made from its name; the caller becomes its
/// owner. Needs a confirmed email address (403).
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    input: NewOrganisation,
) -> Result<OrganisationRow, AppError> {
    user.require_verified()?;
    let mut v = Validator::new();
    let name = input.name.trim().to_owned();
    let len = name.chars().count();
    if len == 0 || len > NAME_MAX || name.chars().any(char::is_control) {
        v.push(FieldError::new("name", "field-name-length").arg("max", NAME_MAX));
    }
    if input.kind.is_none() {
        v.push(FieldError::new("kind", "field-organisation-kind-choose"));
    }
    let code = match (&input.municipality_code, input.kind) {
        (Some(raw), _) if !raw.trim().is_empty() => {
            v.check(MunicipalityCode::parse_field("municipality_code", raw))
        }
        (_, Some(OrganisationKind::Ministry) | None) => None,
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
    let Some(kind) = input.kind else {
        return Err(AppError::field("kind", "field-organisation-kind-choose"));
    };
    let base = Slug::from_title(&name, 80);
    let mut slug = base.clone();
    let mut n = 1;
    while RESERVED_SLUGS.contains(&slug.as_str())
        || tx.organisation_slug_taken(slug.as_str()).await?
    {
        n += 1;
        slug = base.with_suffix(n);
    }
    let org = OrganisationRow {
        id: Uuid::now_v7(),
        name,
        slug: slug.to_string(),
        kind: kind.as_str().to_owned(),
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
    Ok(org)
}

/// The organisation with `slug` (404 when there is none).
pub async fn by_slug(state: &AppState, slug: &str) -> Result<OrganisationRow, AppError> {
    state
        .store
        .read()
        .await?
        .organisation_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The caller's role in `org`; 404 when not a member (as for no organisation at all).
pub(crate) async fn role_in(tx: &mut dyn Tx, org: Uuid, user: Uuid) -> Result<Role, AppError> {
    let role = tx.member_role(org, user).await?.ok_or(AppError::NotFound)?;
    role.parse()
        .map_err(|_| AppError::Internal(anyhow::anyhow!("unknown stored role {role}")))
}

/// 403 unless `role` is owner.
pub(crate) fn require_owner(role: Role) -> Result<(), AppError> {
    if role == Role::Owner {
        Ok(())
    } else {
        Err(AppError::Forbidden("problem-owner-only"))
    }
}

/// An audit row about organisation `org`.
pub(crate) fn audit(
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
