//! Follows and notifications: what happened reaches the people who follow it — once each,
//! never about their own actions, only what they may see — in the app, and by email as often as
//! they chose (immediately, a daily or weekly digest, or never).
//!
//! An event is recorded, and fanned out to notifications, in the same transaction as the change
//! that causes it; the notification worker then turns due notifications into emails in the
//! outbox, again in one transaction each, so nothing is lost and nothing is sent twice.

pub mod follows;
pub mod tokens;
pub mod worker;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::AppError;
use crate::i18n::Locale;
use crate::store::Tx;
use crate::store::notify::{Audience, Delivery, NewEvent};
use crate::store::registry::CollaborationRow;
use crate::uptake::open_data::page_path;

/// The kinds of notification; each can have its own email frequency.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Kind {
    /// A collaboration matching something followed was published.
    CollaborationPublished,
    /// A followed collaboration published an experience.
    ExperiencePublished,
    /// A followed collaboration changed a recommendation's status.
    RecommendationStatusChanged,
    /// Someone commented on the reader's experience.
    CommentReceived,
    /// Someone asked about the reader's experience.
    QuestionReceived,
    /// Someone answered the reader's question.
    AnswerReceived,
    /// The reader was invited to an organisation.
    Invited,
    /// The reader's role in an organisation changed.
    RoleChanged,
    /// A moderator hid the reader's content.
    ContentHidden,
    /// A record the reader edits has not been touched for a year.
    RecordReview,
}

impl Kind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What can be followed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    Display,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TargetType {
    /// A recommendation (its code).
    Recommendation,
    /// A toolbox entry (its slug).
    ToolboxEntry,
    /// A theme (its code).
    Theme,
    /// A municipality (its code).
    Municipality,
    /// A region (its code).
    Region,
    /// An organisation (its id).
    Organization,
    /// A collaboration (its id).
    Collaboration,
    /// One of the user's saved searches (its id): collaborations it finds when published.
    SavedSearch,
}

impl TargetType {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// An event of `kind` caused by `actor`, about the page at `url`, told with `data`.
pub fn event(
    kind: Kind,
    actor: Option<Uuid>,
    data: Value,
    url: String,
    now: DateTime<Utc>,
) -> NewEvent {
    NewEvent {
        id: Uuid::now_v7(),
        kind: kind.as_str(),
        actor_id: actor,
        data,
        url,
        created_at: now,
    }
}

/// A collaboration was published: followers of it, its organisation, municipality, region,
/// themes, recommendations and tools hear of it.
pub async fn collaboration_published(
    tx: &mut dyn Tx,
    actor: Uuid,
    row: &CollaborationRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut targets: Vec<(&'static str, String)> = vec![
        (TargetType::Collaboration.as_str(), row.id.to_string()),
        (
            TargetType::Organization.as_str(),
            row.organisation_id.to_string(),
        ),
        (
            TargetType::Municipality.as_str(),
            row.municipality_code.clone(),
        ),
        (TargetType::Region.as_str(), row.region_code.clone()),
    ];
    targets.extend(
        row.themes
            .split(',')
            .filter(|t| !t.is_empty())
            .map(|t| (TargetType::Theme.as_str(), t.to_owned())),
    );
    for link in tx.recommendation_links(row.id).await? {
        targets.push((
            TargetType::Recommendation.as_str(),
            link.recommendation_code,
        ));
    }
    for link in tx.toolbox_links(row.id).await? {
        targets.push((TargetType::ToolboxEntry.as_str(), link.toolbox_slug));
    }
    let e = event(
        Kind::CollaborationPublished,
        Some(actor),
        json!({"collaboration": row.title, "organisation": row.organisation_name, "town": row.town}),
        page_path(row),
        now,
    );
    let also = crate::search::saved::followers_finding(tx, row.id).await?;
    tx.notify(
        &e,
        &Audience::Followers {
            targets,
            also,
            collaboration: row.id,
        },
        Delivery::AsPreferred,
    )
    .await?;
    Ok(())
}

/// A collaboration published an experience: its followers hear of it.
pub async fn experience_published(
    tx: &mut dyn Tx,
    actor: Uuid,
    row: &CollaborationRow,
    experience: Uuid,
    title: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let e = event(
        Kind::ExperiencePublished,
        Some(actor),
        json!({"collaboration": row.title, "experience": title}),
        experience_path(experience),
        now,
    );
    let targets = vec![
        (TargetType::Collaboration.as_str(), row.id.to_string()),
        (
            TargetType::Organization.as_str(),
            row.organisation_id.to_string(),
        ),
    ];
    tx.notify(
        &e,
        &Audience::Followers {
            targets,
            also: Vec::new(),
            collaboration: row.id,
        },
        Delivery::AsPreferred,
    )
    .await?;
    Ok(())
}

/// A published collaboration changed a recommendation's status: its followers hear of it.
pub async fn status_changed(
    tx: &mut dyn Tx,
    actor: Uuid,
    row: &CollaborationRow,
    code: &str,
    status: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let e = event(
        Kind::RecommendationStatusChanged,
        Some(actor),
        json!({"collaboration": row.title, "recommendation": code, "status": status}),
        page_path(row),
        now,
    );
    let targets = vec![(TargetType::Collaboration.as_str(), row.id.to_string())];
    tx.notify(
        &e,
        &Audience::Followers {
            targets,
            also: Vec::new(),
            collaboration: row.id,
        },
        Delivery::AsPreferred,
    )
    .await?;
    Ok(())
}

/// The page of an experience.
pub fn experience_path(id: Uuid) -> String {
    format!("/erfaringer/{id}")
}

/// A notification's title in the reader's language, from its kind and the event's data.
pub fn title(locale: Locale, kind: &str, data: &str) -> String {
    let data: Value = serde_json::from_str(data).unwrap_or(Value::Null);
    let mut args: Vec<(&str, String)> = Vec::new();
    if let Some(object) = data.as_object() {
        for (k, v) in object {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Null => String::new(),
                other => other.to_string(),
            };
            let text = match k.as_str() {
                "status" => locale.text(&format!("status-{}", text.replace('_', "-"))),
                "role" => locale.text(&format!("role-{text}")),
                _ => text,
            };
            let key: &str = match k.as_str() {
                "collaboration" => "collaboration",
                "organisation" => "organisation",
                "town" => "town",
                "experience" => "experience",
                "recommendation" => "recommendation",
                "status" => "status",
                "role" => "role",
                "reason" => "reason",
                _ => continue,
            };
            args.push((key, text));
        }
    }
    locale.text_with(&format!("notification-{}", kind.replace('_', "-")), &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_well_in_both_languages() {
        let data =
            r#"{"collaboration":"Bymidten i Faxe","recommendation":"P3","status":"in_progress"}"#;
        assert_eq!(
            title(Locale::Da, "recommendation_status_changed", data),
            "Bymidten i Faxe har sat P3 til I gang"
        );
        assert_eq!(
            title(Locale::En, "recommendation_status_changed", data),
            "Bymidten i Faxe set P3 to In progress"
        );
    }
}
