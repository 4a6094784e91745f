//! Following things, and the email preferences, as the API and the pages both use them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Kind, TargetType};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::MunicipalityCode;
use crate::domain::vocab::EmailFrequency;
use crate::error::{AppError, FieldError};
use crate::registry::viewer_of;
use crate::store::Tx;
use crate::store::notify::FollowRow;

/// Follows `target_type`/`target_id`; 404 when it does not exist or the user may not see it.
/// Returns the follow and whether it is new.
pub async fn follow(
    state: &AppState,
    user: &CurrentUser,
    target_type: TargetType,
    target_id: &str,
) -> Result<(FollowRow, bool), AppError> {
    let mut tx = state.store.write().await?;
    let canonical = resolve(&mut *tx, user, target_type, target_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = FollowRow {
        id: Uuid::now_v7(),
        user_id: user.id,
        target_type: target_type.as_str().to_owned(),
        target_id: canonical,
        created_at: state.clock.now(),
    };
    let followed = tx.follow(&row).await?;
    tx.commit().await?;
    Ok(followed)
}

/// The canonical id of a target the user may see, if it exists.
async fn resolve(
    tx: &mut dyn Tx,
    user: &CurrentUser,
    target_type: TargetType,
    raw: &str,
) -> Result<Option<String>, AppError> {
    let raw = raw.trim();
    Ok(match target_type {
        TargetType::Recommendation => tx.recommendation(raw).await?.map(|r| r.code),
        TargetType::ToolboxEntry => tx.toolbox_entry(raw).await?.map(|t| t.slug),
        TargetType::Theme => tx
            .themes()
            .await?
            .into_iter()
            .find(|t| t.code == raw)
            .map(|t| t.code),
        TargetType::Municipality => match MunicipalityCode::parse(raw) {
            Some(code) => tx.municipality(&code.to_string()).await?.map(|m| m.code),
            None => None,
        },
        TargetType::Region => {
            let code = MunicipalityCode::parse(raw).map(|c| c.to_string());
            tx.regions()
                .await?
                .into_iter()
                .find(|r| Some(&r.code) == code.as_ref())
                .map(|r| r.code)
        }
        TargetType::Organization => match Uuid::parse_str(raw) {
            Ok(id) => tx.organisation(id).await?.map(|o| o.id.to_string()),
            Err(_) => None,
        },
        TargetType::Collaboration => match Uuid::parse_str(raw) {
            Ok(id) => tx
                .collaboration(id, &viewer_of(Some(user)))
                .await?
                .map(|c| c.id.to_string()),
            Err(_) => None,
        },
        // Only the user's own saved searches.
        TargetType::SavedSearch => match Uuid::parse_str(raw) {
            Ok(id) => tx
                .saved_searches(user.id)
                .await?
                .into_iter()
                .find(|s| s.id == id)
                .map(|s| s.id.to_string()),
            Err(_) => None,
        },
    })
}

/// A user's email settings: how often in general, and per kind where they chose otherwise.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Preferences {
    /// immediate, daily (the default), weekly or off.
    pub email_frequency: EmailFrequency,
    /// Per kind of notification: its own frequency (kinds left out follow `email_frequency`).
    #[serde(default)]
    pub kinds: BTreeMap<Kind, EmailFrequency>,
}

/// The user's preferences.
pub async fn preferences(tx: &mut dyn Tx, user: Uuid) -> Result<Preferences, AppError> {
    let account = tx.user(user).await?.ok_or(AppError::NotFound)?;
    let kinds = tx
        .preferences(user)
        .await?
        .into_iter()
        .filter_map(|(k, f)| Some((k.parse().ok()?, f.parse().ok()?)))
        .collect();
    Ok(Preferences {
        email_frequency: account
            .email_frequency
            .parse()
            .unwrap_or(EmailFrequency::Daily),
        kinds,
    })
}

/// Replaces the user's preferences.
pub async fn save_preferences(
    state: &AppState,
    user: Uuid,
    p: &Preferences,
) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    tx.set_email_frequency(user, p.email_frequency.as_str(), state.clock.now())
        .await?;
    for kind in Kind::iter() {
        let chosen = p.kinds.get(&kind).map(|f| f.as_str());
        tx.set_preference(user, kind.as_str(), chosen).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stops one kind of email (`digest`: every digest) for a user, as an unsubscribe link does.
pub async fn unsubscribe(state: &AppState, user: Uuid, kind: &str) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    if kind == "digest" {
        tx.set_email_frequency(user, EmailFrequency::Off.as_str(), state.clock.now())
            .await?;
    } else {
        let kind: Kind = kind
            .parse()
            .map_err(|_| AppError::field("kind", "field-target-unknown"))?;
        tx.set_preference(user, kind.as_str(), Some(EmailFrequency::Off.as_str()))
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A field error for an unknown target type, naming the allowed ones.
pub fn unknown_target_type() -> FieldError {
    FieldError::new("target_type", "field-unknown-value").arg(
        "allowed",
        "recommendation, toolbox_entry, theme, municipality, region, organization, collaboration, \
         saved_search",
    )
}
