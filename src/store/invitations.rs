//! Invitations to join an organisation, sent by email.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreResult;

/// An invitation (its token is stored only as a hash).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    /// Id.
    pub id: Uuid,
    /// The organisation.
    pub organisation_id: Uuid,
    /// Who is invited, as typed.
    pub email: String,
    /// Lowercased address.
    pub email_normalized: String,
    /// The role on joining.
    pub role: String,
    /// Who invited.
    pub invited_by: Option<Uuid>,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// When accepted.
    pub accepted_at: Option<DateTime<Utc>>,
    /// When withdrawn (by an owner, or by a newer invitation to the same address).
    pub revoked_at: Option<DateTime<Utc>>,
}

impl InvitationRow {
    /// Whether it can still be accepted at `now`.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

/// An invitation to store.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    /// Id.
    pub id: Uuid,
    /// The organisation.
    pub organisation_id: Uuid,
    /// Who is invited, as typed.
    pub email: String,
    /// The role on joining.
    pub role: String,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Who invited.
    pub invited_by: Uuid,
    /// Sent.
    pub created_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
}

/// Invitations.
#[async_trait]
pub trait InvitationStore {
    /// Stores an invitation, withdrawing any open one to the same address in the organisation.
    async fn insert_invitation(&mut self, invitation: &NewInvitation) -> StoreResult<()>;
    /// The invitation with this token hash, in whatever state.
    async fn invitation_by_hash(&mut self, hash: &str) -> StoreResult<Option<InvitationRow>>;
    /// Marks an open invitation accepted; `false` when it was no longer open.
    async fn accept_invitation(
        &mut self,
        id: Uuid,
        user: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// The open invitations of an organisation, newest first.
    async fn open_invitations(
        &mut self,
        org: Uuid,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<InvitationRow>>;
    /// Withdraws an open invitation of `org`; `false` when there was none.
    async fn revoke_invitation(
        &mut self,
        org: Uuid,
        id: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}
