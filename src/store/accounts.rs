//! People, organisations, memberships and the audit trail.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreResult;

/// A user account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    /// Id.
    pub id: Uuid,
    /// Email as typed.
    pub email: String,
    /// Lowercased email.
    pub email_normalized: String,
    /// Display name.
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// `da` or `en`.
    pub locale: String,
    /// When the email was verified.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// `none`, `analyst` or `admin`.
    pub platform_role: String,
    /// `immediate`, `daily`, `weekly` or `off`.
    pub email_frequency: String,
    /// Access tokens issued before this are refused.
    pub tokens_valid_after: DateTime<Utc>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Id.
    pub id: Uuid,
    /// Email as typed.
    pub email: String,
    /// Display name.
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// `da` or `en`.
    pub locale: String,
    /// When it was created.
    pub now: DateTime<Utc>,
}

/// An organisation (a tenant).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Unique slug.
    pub slug: String,
    /// Kind (see `OrganisationKind`).
    pub kind: String,
    /// Municipality code; none only for the ministry.
    pub municipality_code: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A user's membership of an organisation.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    /// The organisation.
    pub organisation_id: Uuid,
    /// Its name.
    pub organisation_name: String,
    /// The role (`owner`, `editor`, `viewer`).
    pub role: String,
}

/// A member of an organisation, as the other members see them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    /// The user.
    pub user_id: Uuid,
    /// Their name.
    pub name: String,
    /// Their email.
    pub email: String,
    /// Their role.
    pub role: String,
    /// When they joined.
    pub joined_at: DateTime<Utc>,
}

/// An organisation the user belongs to, with their role.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnOrganisationRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// Kind.
    pub kind: String,
    /// Municipality code.
    pub municipality_code: Option<String>,
    /// The user's role.
    pub role: String,
}

/// Changes to a profile; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct ProfileChange {
    /// Display name.
    pub name: Option<String>,
    /// `da` or `en`.
    pub locale: Option<String>,
    /// `immediate`, `daily`, `weekly` or `off`.
    pub email_frequency: Option<String>,
}

/// A line of the audit trail.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// Who acted (none for the system).
    pub actor_id: Option<Uuid>,
    /// The organisation concerned.
    pub organisation_id: Option<Uuid>,
    /// What kind of record, e.g. `collaboration`.
    pub entity_type: &'static str,
    /// Which record.
    pub entity_id: Uuid,
    /// What happened, e.g. `published`.
    pub action: &'static str,
    /// Details, a JSON object.
    pub details: serde_json::Value,
    /// Whether the public revision history may show it.
    pub public: bool,
    /// When.
    pub at: DateTime<Utc>,
}

/// Accounts.
#[async_trait]
pub trait AccountStore {
    /// Creates an account; a taken email is a conflict on `email`.
    async fn insert_user(&mut self, user: &NewUser) -> StoreResult<UserRow>;
    /// One account.
    async fn user(&mut self, id: Uuid) -> StoreResult<Option<UserRow>>;
    /// One account by lowercased email.
    async fn user_by_email(&mut self, email_normalized: &str) -> StoreResult<Option<UserRow>>;
    /// Marks the email verified.
    async fn set_user_verified(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// Sets the platform role.
    async fn set_platform_role(
        &mut self,
        id: Uuid,
        role: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Stores a new password hash.
    async fn set_password_hash(
        &mut self,
        id: Uuid,
        password_hash: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Changes the profile and answers the account as it now is.
    async fn update_profile(
        &mut self,
        id: Uuid,
        change: &ProfileChange,
        at: DateTime<Utc>,
    ) -> StoreResult<UserRow>;
    /// The accounts with a platform role other than `none`, by role and then email.
    async fn users_with_platform_role(&mut self) -> StoreResult<Vec<UserRow>>;
}

/// Organisations and memberships.
#[async_trait]
pub trait OrganisationStore {
    /// Creates an organisation; a taken slug is a conflict on `slug`.
    async fn insert_organisation(&mut self, org: &OrganisationRow) -> StoreResult<()>;
    /// One organisation.
    async fn organisation(&mut self, id: Uuid) -> StoreResult<Option<OrganisationRow>>;
    /// One organisation by its slug.
    async fn organisation_by_slug(&mut self, slug: &str) -> StoreResult<Option<OrganisationRow>>;
    /// Whether a slug is taken.
    async fn organisation_slug_taken(&mut self, slug: &str) -> StoreResult<bool>;
    /// Adds a member (or changes the role of an existing one).
    async fn put_member(
        &mut self,
        org: Uuid,
        user: Uuid,
        role: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The user's role in the organisation, if a member.
    async fn member_role(&mut self, org: Uuid, user: Uuid) -> StoreResult<Option<String>>;
    /// The user's memberships, by organisation name.
    async fn memberships_of(&mut self, user: Uuid) -> StoreResult<Vec<MembershipRow>>;
    /// The organisations the user belongs to, by name.
    async fn organisations_of(&mut self, user: Uuid) -> StoreResult<Vec<OwnOrganisationRow>>;
    /// Holds the organisation's membership rules still until the transaction ends (PostgreSQL
    /// locks the row; SQLite's write transaction is exclusive already), so that two owners
    /// leaving at once cannot leave it without one.
    async fn lock_organisation(&mut self, org: Uuid) -> StoreResult<()>;
    /// The members of `org`, by name, if `actor` is one of them; empty otherwise.
    async fn members_seen_by(&mut self, org: Uuid, actor: Uuid) -> StoreResult<Vec<MemberRow>>;
    /// How many owners the organisation has.
    async fn owner_count(&mut self, org: Uuid) -> StoreResult<i64>;
    /// Removes a member; `false` when they were not one.
    async fn remove_member(&mut self, org: Uuid, user: Uuid) -> StoreResult<bool>;
}

/// The audit trail.
#[async_trait]
pub trait AuditStore {
    /// Appends an entry.
    async fn record_audit(&mut self, entry: &AuditEntry) -> StoreResult<()>;
}
