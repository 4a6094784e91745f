//! Reports of inappropriate comments and experiences, and the admins who hide or restore them.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::input::{self, limits};
use super::viewer_of;
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::{AppError, Validator};
use crate::store::accounts::AuditEntry;
use crate::store::registry::ReportRow;

/// What can be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportTarget {
    /// A comment, question or answer.
    Comment,
    /// An experience.
    Experience,
}

impl ReportTarget {
    fn as_str(self) -> &'static str {
        match self {
            ReportTarget::Comment => "comment",
            ReportTarget::Experience => "experience",
        }
    }
}

/// A report as a user files it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReport {
    /// comment or experience.
    pub target_type: ReportTarget,
    /// Its id.
    pub target_id: Uuid,
    /// Why it is inappropriate (at most 2,000 characters).
    pub reason: String,
}

/// A moderator's reason for hiding.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HideInput {
    /// Told to the author.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Any logged-in user reports something they can see.
pub async fn report(
    state: &AppState,
    user: &CurrentUser,
    input: NewReport,
) -> Result<ReportRow, AppError> {
    let mut v = Validator::new();
    let reason = input::required_text(&mut v, "reason", &input.reason, limits::NOTE);
    v.finish()?;
    let mut tx = state.store.write().await?;
    let viewer = viewer_of(Some(user));
    let visible = match input.target_type {
        ReportTarget::Experience => tx.experience(input.target_id, &viewer).await?.is_some(),
        ReportTarget::Comment => match tx.comment(input.target_id).await? {
            Some(c) if c.hidden_at.is_none() => {
                tx.experience(c.experience_id, &viewer).await?.is_some()
            }
            _ => false,
        },
    };
    if !visible {
        return Err(AppError::NotFound);
    }
    let row = ReportRow {
        id: Uuid::now_v7(),
        target_type: input.target_type.as_str().to_owned(),
        target_id: input.target_id,
        reporter_id: Some(user.id),
        reason: reason.unwrap_or_default(),
        created_at: state.clock.now(),
        resolved_at: None,
        resolution: None,
    };
    tx.insert_report(&row).await?;
    tx.commit().await?;
    Ok(row)
}

/// The moderation queue.
pub async fn open_reports(
    state: &AppState,
    user: &CurrentUser,
) -> Result<Vec<ReportRow>, AppError> {
    if !user.is_admin() {
        return Err(AppError::Forbidden("problem-admin-only"));
    }
    Ok(state.store.read().await?.open_reports().await?)
}

/// An admin hides (`hide` with a reason) or restores a comment or experience; open reports on
/// it are closed.
pub async fn set_hidden(
    state: &AppState,
    user: &CurrentUser,
    target: ReportTarget,
    id: Uuid,
    hide: Option<HideInput>,
) -> Result<(), AppError> {
    if !user.is_admin() {
        return Err(AppError::Forbidden("problem-admin-only"));
    }
    let mut v = Validator::new();
    let reason = hide
        .as_ref()
        .and_then(|h| {
            input::optional_text(
                &mut v,
                "reason",
                h.reason.as_deref().unwrap_or(""),
                limits::NOTE,
            )
        })
        .unwrap_or_default();
    v.finish()?;
    let now = state.clock.now();
    let mut tx = state.store.write().await?;
    let viewer = viewer_of(Some(user));
    let organisation = match target {
        ReportTarget::Experience => {
            let e = tx
                .experience(id, &viewer)
                .await?
                .ok_or(AppError::NotFound)?;
            tx.set_experience_hidden(id, hide.is_some().then_some((now, reason.as_str())))
                .await?;
            (e.organisation_id, e.author_id, e.title, e.id)
        }
        ReportTarget::Comment => {
            let c = tx.comment(id).await?.ok_or(AppError::NotFound)?;
            let e = tx
                .experience(c.experience_id, &viewer)
                .await?
                .ok_or(AppError::NotFound)?;
            tx.set_comment_hidden(id, hide.is_some().then_some((now, reason.as_str())))
                .await?;
            (e.organisation_id, c.author_id, e.title, e.id)
        }
    };
    let (organisation, author, title, experience) = organisation;
    // The author is told, with the moderator's reason.
    if hide.is_some()
        && let Some(author) = author
    {
        let event = crate::notify::event(
            crate::notify::Kind::ContentHidden,
            Some(user.id),
            json!({"experience": title, "reason": reason}),
            crate::notify::experience_path(experience),
            now,
        );
        tx.notify(
            &event,
            &crate::store::notify::Audience::Users(vec![author]),
            crate::store::notify::Delivery::AsPreferred,
        )
        .await?;
    }
    let resolution = if hide.is_some() { "hidden" } else { "restored" };
    tx.resolve_reports(target.as_str(), id, resolution, user.id, now)
        .await?;
    tx.record_audit(&AuditEntry {
        actor_id: Some(user.id),
        organisation_id: Some(organisation),
        entity_type: target.as_str(),
        entity_id: id,
        action: resolution,
        details: json!({"reason": reason}),
        public: false,
        at: now,
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
