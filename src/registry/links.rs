//! Links from a collaboration to recommendations (with a status whose every change is kept) and
//! to toolbox entries (with an outcome).

use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::input::{self, limits};
use super::{audit_collaboration, editable_collaboration};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::vocab::{LinkStatus, ToolOutcome};
use crate::error::{AppError, FieldError, Validator};
use crate::store::registry::{RecommendationLinkRow, ToolboxLinkRow};

/// A recommendation link as a client sends it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationLinkInput {
    /// considered, planned, in_progress, implemented, evaluated or abandoned.
    pub status: LinkStatus,
    /// A note for peers (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// A link to evidence (http or https).
    #[serde(default)]
    pub evidence_url: Option<String>,
    /// Why it was abandoned; required with `abandoned`.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A toolbox link as a client sends it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ToolboxLinkInput {
    /// A note for peers (at most 2,000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// helped, neutral or did_not_help.
    #[serde(default)]
    pub outcome: Option<ToolOutcome>,
}

/// Where a status sits on the way from considered to evaluated.
fn stage(s: LinkStatus) -> u8 {
    match s {
        LinkStatus::Considered => 0,
        LinkStatus::Planned => 1,
        LinkStatus::InProgress => 2,
        LinkStatus::Implemented => 3,
        LinkStatus::Evaluated => 4,
        LinkStatus::Abandoned => 5,
    }
}

/// Whether a link may move from `from` to `to`: forward along considered -> planned ->
/// in_progress -> implemented -> evaluated (steps may be skipped), to abandoned from anywhere,
/// and from abandoned back to any stage (the work restarts). Staying put changes the note only.
pub fn transition_allowed(from: LinkStatus, to: LinkStatus) -> bool {
    from == to
        || to == LinkStatus::Abandoned
        || from == LinkStatus::Abandoned
        || stage(to) > stage(from)
}

/// Creates or changes a recommendation link; a new status goes into the history with its date
/// and author.
pub async fn put_recommendation(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    code: &str,
    input: RecommendationLinkInput,
) -> Result<RecommendationLinkRow, AppError> {
    let mut tx = state.store.write().await?;
    let row = editable_collaboration(&mut *tx, user, id).await?;
    let recommendation = tx.recommendation(code).await?.ok_or(AppError::NotFound)?;
    let existing = tx
        .recommendation_links(id)
        .await?
        .into_iter()
        .find(|l| l.recommendation_code == recommendation.code);
    let mut v = Validator::new();
    let from = existing
        .as_ref()
        .and_then(|l| l.status.parse::<LinkStatus>().ok());
    if existing.is_none() && recommendation.retired {
        v.push(
            FieldError::new("recommendation", "field-recommendation-retired").arg("value", code),
        );
    }
    if let Some(from) = from
        && !transition_allowed(from, input.status)
    {
        v.push(
            FieldError::new("status", "field-link-transition")
                .arg("from", from.as_str())
                .arg("to", input.status.as_str()),
        );
    }
    let note = input::optional_text(
        &mut v,
        "note",
        input.note.as_deref().unwrap_or(""),
        limits::NOTE,
    );
    let evidence_url = match input.evidence_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(u) => input::web_url(&mut v, "evidence_url", u),
    };
    let reason = input::optional_text(
        &mut v,
        "reason",
        input.reason.as_deref().unwrap_or(""),
        limits::NOTE,
    )
    .filter(|r| !r.is_empty());
    if input.status == LinkStatus::Abandoned && reason.is_none() && v.is_ok() {
        v.push(FieldError::new("reason", "field-reason-required"));
    }
    v.finish()?;
    let now = state.clock.now();
    let reason = if input.status == LinkStatus::Abandoned {
        reason
    } else {
        None
    };
    let link = RecommendationLinkRow {
        collaboration_id: id,
        recommendation_code: recommendation.code.clone(),
        status: input.status.as_str().to_owned(),
        note: note.unwrap_or_default(),
        evidence_url,
        reason: reason.clone(),
        created_at: existing.as_ref().map_or(now, |l| l.created_at),
        updated_at: now,
    };
    tx.put_recommendation_link(&link, user.id).await?;
    if from != Some(input.status) && row.state == "published" {
        crate::notify::status_changed(
            &mut *tx,
            user.id,
            &row,
            &link.recommendation_code,
            &link.status,
            now,
        )
        .await?;
    }
    if from != Some(input.status) {
        tx.record_link_history(
            id,
            &link.recommendation_code,
            Some(&link.status),
            reason.as_deref(),
            user.id,
            now,
        )
        .await?;
    }
    let action = match from {
        None => "recommendation_linked",
        Some(f) if f != input.status => "recommendation_status_changed",
        Some(_) => "recommendation_note_changed",
    };
    tx.touch_collaboration(id, now).await?;
    audit_collaboration(&mut *tx, state.clock.now(),
        Some(user.id),
        (row.organisation_id, id),
        action,
        json!({"recommendation": link.recommendation_code, "from": from.map(LinkStatus::as_str), "to": link.status}),
        row.state == "published",
    )
    .await?;
    tx.commit().await?;
    Ok(link)
}

/// Removes a recommendation link (404 when there is none); the removal is kept in the history.
pub async fn delete_recommendation(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    code: &str,
) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    let row = editable_collaboration(&mut *tx, user, id).await?;
    if !tx.delete_recommendation_link(id, code).await? {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now();
    tx.record_link_history(id, code, None, None, user.id, now)
        .await?;
    tx.touch_collaboration(id, now).await?;
    audit_collaboration(
        &mut *tx,
        state.clock.now(),
        Some(user.id),
        (row.organisation_id, id),
        "recommendation_unlinked",
        json!({"recommendation": code}),
        row.state == "published",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Creates or changes a toolbox link.
pub async fn put_toolbox(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    slug: &str,
    input: ToolboxLinkInput,
) -> Result<ToolboxLinkRow, AppError> {
    let mut tx = state.store.write().await?;
    let row = editable_collaboration(&mut *tx, user, id).await?;
    let entry = tx.toolbox_entry(slug).await?.ok_or(AppError::NotFound)?;
    let existing = tx
        .toolbox_links(id)
        .await?
        .into_iter()
        .any(|l| l.toolbox_slug == entry.slug);
    let mut v = Validator::new();
    if !existing && entry.retired {
        v.push(FieldError::new("toolbox", "field-toolbox-retired").arg("value", slug));
    }
    let note = input::optional_text(
        &mut v,
        "note",
        input.note.as_deref().unwrap_or(""),
        limits::NOTE,
    );
    v.finish()?;
    let now = state.clock.now();
    let link = ToolboxLinkRow {
        collaboration_id: id,
        toolbox_slug: entry.slug.clone(),
        note: note.unwrap_or_default(),
        outcome: input.outcome.map(|o| o.as_str().to_owned()),
        updated_at: now,
    };
    tx.put_toolbox_link(&link, user.id).await?;
    tx.touch_collaboration(id, now).await?;
    audit_collaboration(
        &mut *tx,
        state.clock.now(),
        Some(user.id),
        (row.organisation_id, id),
        if existing {
            "toolbox_changed"
        } else {
            "toolbox_linked"
        },
        json!({"toolbox": link.toolbox_slug, "outcome": link.outcome}),
        row.state == "published",
    )
    .await?;
    tx.commit().await?;
    Ok(link)
}

/// Removes a toolbox link (404 when there is none).
pub async fn delete_toolbox(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    slug: &str,
) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    let row = editable_collaboration(&mut *tx, user, id).await?;
    if !tx.delete_toolbox_link(id, slug).await? {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now();
    tx.touch_collaboration(id, now).await?;
    audit_collaboration(
        &mut *tx,
        state.clock.now(),
        Some(user.id),
        (row.organisation_id, id),
        "toolbox_unlinked",
        json!({"toolbox": slug}),
        row.state == "published",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use LinkStatus::*;

    #[test]
    fn links_move_forward_or_are_abandoned() {
        assert!(transition_allowed(Planned, InProgress));
        assert!(transition_allowed(Considered, Implemented));
        assert!(transition_allowed(Implemented, Abandoned));
        assert!(transition_allowed(Abandoned, Planned));
        assert!(transition_allowed(InProgress, InProgress));
        assert!(!transition_allowed(Implemented, Planned));
        assert!(!transition_allowed(Evaluated, InProgress));
    }
}
