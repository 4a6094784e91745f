//! A person's rights over their data (GDPR articles 15 and 17), exercised by an operator on
//! request: `bymidter user export EMAIL` gives everything the service holds about them as
//! JSON; `bymidter user erase EMAIL` removes it. What they wrote for an organisation
//! (experiences, comments, link changes) stays, attributed to an anonymous "slettet bruger",
//! so that the organisation's records stay whole.

use std::sync::Arc;

use crate::store::accounts::{AuditEntry, UserRow};
use crate::store::privacy::{Erased, ErasedIdentity};
use crate::store::{Store, StoreError, Tx};
use base64::Engine;
use chrono::Utc;
use serde_json::{Value, json};

/// The name an erased account goes by.
pub const ERASED_NAME: &str = "slettet bruger";

/// Why an export or erasure cannot be done.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    /// No account has the address.
    #[error("no account has the email address {0}")]
    UnknownAccount(String),
    /// Erasing would leave organisations without an owner.
    #[error(
        "{email} is the last owner of {}; nothing was erased. An owner must hand the \
         organisation over first: make another member owner (the organisation's members page, \
         or PATCH /api/v1/organizations/ID/members/USER_ID with role `owner`), then erase again",
        .organisations.join(", ")
    )]
    LastOwner {
        /// The address asked for.
        email: String,
        /// The organisations, as `name (slug)`.
        organisations: Vec<String>,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

async fn account(tx: &mut dyn Tx, email: &str) -> Result<UserRow, PrivacyError> {
    let email = email.trim();
    tx.user_by_email(&email.to_lowercase())
        .await?
        .ok_or_else(|| PrivacyError::UnknownAccount(email.to_owned()))
}

/// Everything the service holds about the person with `email`, as one JSON document.
pub async fn export(store: &Arc<dyn Store>, email: &str) -> Result<Value, PrivacyError> {
    let mut tx = store.read().await?;
    let user = account(&mut *tx, email).await?;
    let memberships: Vec<Value> = tx
        .memberships_of(user.id)
        .await?
        .into_iter()
        .map(|m| {
            json!({
                "organisation_id": m.organisation_id,
                "organisation": m.organisation_name,
                "role": m.role,
            })
        })
        .collect();
    Ok(json!({
        "exported_at": Utc::now(),
        "account": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "locale": user.locale,
            "email_verified_at": user.email_verified_at,
            "platform_role": user.platform_role,
            "email_frequency": user.email_frequency,
            "created_at": user.created_at,
            "updated_at": user.updated_at,
        },
        "memberships": memberships,
        "sessions": tx.sessions_of(user.id).await?,
        "experiences": tx.experiences_by(user.id).await?,
        "comments": tx.comments_by(user.id).await?,
        "follows": tx.follows_to_export(user.id).await?,
        "saved_searches": tx.saved_searches_of(user.id).await?,
        "notifications": tx.notifications_to_export(user.id).await?,
    }))
}

/// Erases the person with `email`: their name, address, password, sessions, links, follows,
/// notifications, saved searches, invitations and email (sent or waiting) go; what they wrote
/// stays under [`ERASED_NAME`]. Refused, changing nothing, while they are the last owner of an
/// organisation. Recorded in the audit trail without anything that names them.
pub async fn erase(store: &Arc<dyn Store>, email: &str) -> Result<Erased, PrivacyError> {
    let now = Utc::now();
    let mut tx = store.write().await?;
    let user = account(&mut *tx, email).await?;
    let mut sole = Vec::new();
    for m in tx.organisations_of(user.id).await? {
        if m.role != "owner" {
            continue;
        }
        tx.lock_organisation(m.id).await?;
        if tx.owner_count(m.id).await? <= 1 {
            sole.push(format!("{} ({})", m.name, m.slug));
        }
    }
    if !sole.is_empty() {
        return Err(PrivacyError::LastOwner {
            email: email.trim().to_owned(),
            organisations: sole,
        });
    }
    let identity = ErasedIdentity {
        email: format!("slettet-{}@invalid", user.id.simple()),
        name: ERASED_NAME.to_owned(),
        password_hash: unmatchable_hash(),
    };
    let erased = tx
        .erase_user(user.id, &user.email_normalized, &identity, now)
        .await?;
    tx.record_audit(&AuditEntry {
        actor_id: None,
        organisation_id: None,
        entity_type: "user",
        entity_id: user.id,
        action: "erased",
        details: serde_json::to_value(erased).unwrap_or_default(),
        public: false,
        at: now,
    })
    .await?;
    tx.commit().await?;
    Ok(erased)
}

/// A well-formed argon2id hash of nothing: random bytes where the digest goes, so that no
/// password verifies against it (and a login attempt is refused, not an error).
fn unmatchable_hash() -> String {
    let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
    let mut salt = [0u8; 16];
    let mut digest = [0u8; 32];
    rand::fill(&mut salt[..]);
    rand::fill(&mut digest[..]);
    format!(
        "$argon2id$v=19$m=19456,t=2,p=1${}${}",
        b64.encode(salt),
        b64.encode(digest)
    )
}
