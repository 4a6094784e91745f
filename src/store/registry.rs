//! Collaborations, their links to the catalogue, experiences, comments and reports.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::StoreResult;
use super::scope::{CollaborationFilter, Viewer};

/// A collaboration as stored, with its organisation, region and vocabularies.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CollaborationRow {
    /// Id.
    pub id: Uuid,
    /// Owning organisation.
    pub organisation_id: Uuid,
    /// Its name.
    pub organisation_name: String,
    /// Its slug.
    pub organisation_slug: String,
    /// Title.
    pub title: String,
    /// Slug, unique within the organisation.
    pub slug: String,
    /// Short summary.
    pub summary: String,
    /// Description as written (Markdown).
    pub description_md: String,
    /// Description as sanitised HTML.
    pub description_html: String,
    /// Town.
    pub town: String,
    /// Inhabitants of the town.
    pub town_population: Option<i64>,
    /// Municipality code.
    pub municipality_code: String,
    /// Municipality name.
    pub municipality_name: String,
    /// Region code.
    pub region_code: String,
    /// One of the four organisation models.
    pub organisation_model: String,
    /// Start date.
    pub started_on: Option<NaiveDate>,
    /// End date.
    pub ended_on: Option<NaiveDate>,
    /// planned, active, paused, ended.
    pub status: String,
    /// Website.
    pub website: Option<String>,
    /// Contact (a role address).
    pub contact: Option<String>,
    /// public, members, private.
    pub visibility: String,
    /// draft or published.
    pub state: String,
    /// Optimistic concurrency version.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// First published.
    pub first_published_at: Option<DateTime<Utc>>,
    /// Last published.
    pub published_at: Option<DateTime<Utc>>,
    /// Last confirmed current by an editor.
    pub confirmed_at: DateTime<Utc>,
    /// Theme codes, comma-separated.
    pub themes: String,
    /// Fee bases, comma-separated.
    pub fee_bases: String,
    /// Partner kinds, comma-separated.
    pub partner_kinds: String,
}

/// The editable fields of a collaboration, already checked.
#[derive(Debug, Clone)]
pub struct CollaborationFields {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Markdown.
    pub description_md: String,
    /// Sanitised HTML of the Markdown.
    pub description_html: String,
    /// Plain text of the Markdown, for search.
    pub description_text: String,
    /// Town.
    pub town: String,
    /// Inhabitants.
    pub town_population: Option<i64>,
    /// Municipality code.
    pub municipality_code: String,
    /// Organisation model.
    pub organisation_model: String,
    /// Start.
    pub started_on: Option<NaiveDate>,
    /// End.
    pub ended_on: Option<NaiveDate>,
    /// Status.
    pub status: String,
    /// Website.
    pub website: Option<String>,
    /// Contact.
    pub contact: Option<String>,
    /// Visibility.
    pub visibility: String,
    /// Theme codes.
    pub themes: Vec<String>,
    /// Fee bases.
    pub fee_bases: Vec<String>,
    /// Partner kinds.
    pub partner_kinds: Vec<String>,
}

/// A link from a collaboration to a recommendation.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct RecommendationLinkRow {
    /// Collaboration.
    pub collaboration_id: Uuid,
    /// Recommendation code.
    pub recommendation_code: String,
    /// Status.
    pub status: String,
    /// Note.
    pub note: String,
    /// Evidence URL.
    pub evidence_url: Option<String>,
    /// Reason, for abandoned.
    pub reason: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A link from a collaboration to a toolbox entry.
#[derive(Debug, Clone, sqlx::FromRow, serde::Deserialize)]
pub struct ToolboxLinkRow {
    /// Collaboration.
    pub collaboration_id: Uuid,
    /// Toolbox slug.
    pub toolbox_slug: String,
    /// Note.
    pub note: String,
    /// helped, neutral, did_not_help.
    pub outcome: Option<String>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// An audit entry with the actor's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryRow {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (none when erased or the system).
    pub actor_id: Option<Uuid>,
    /// Their name.
    pub actor_name: Option<String>,
    /// What happened.
    pub action: String,
    /// Details, JSON text.
    pub details: String,
    /// Whether the public history may show it.
    pub public: bool,
}

/// An experience with its author and themes.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExperienceRow {
    /// Id.
    pub id: Uuid,
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// The collaboration's organisation.
    pub organisation_id: Uuid,
    /// Author.
    pub author_id: Option<Uuid>,
    /// Author's name.
    pub author_name: Option<String>,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body_md: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// What worked.
    pub what_worked: String,
    /// What did not.
    pub what_did_not: String,
    /// Advice to peers.
    pub advice: String,
    /// A lesson from something that failed.
    pub is_setback: bool,
    /// draft or published.
    pub state: String,
    /// Version.
    pub version: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Published.
    pub published_at: Option<DateTime<Utc>>,
    /// Hidden by a moderator.
    pub hidden_at: Option<DateTime<Utc>>,
    /// Theme codes, comma-separated.
    pub themes: String,
}

/// The editable fields of an experience, already checked.
#[derive(Debug, Clone)]
pub struct ExperienceFields {
    /// Title.
    pub title: String,
    /// Markdown.
    pub body_md: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// Plain text.
    pub body_text: String,
    /// What worked.
    pub what_worked: String,
    /// What did not.
    pub what_did_not: String,
    /// Advice.
    pub advice: String,
    /// Setback.
    pub is_setback: bool,
    /// Theme codes.
    pub themes: Vec<String>,
}

/// A comment, question or answer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CommentRow {
    /// Id.
    pub id: Uuid,
    /// The experience.
    pub experience_id: Uuid,
    /// Author.
    pub author_id: Option<Uuid>,
    /// Author's name.
    pub author_name: Option<String>,
    /// The question this answers.
    pub parent_id: Option<Uuid>,
    /// comment, question or answer.
    pub kind: String,
    /// Text.
    pub body: String,
    /// Written.
    pub created_at: DateTime<Utc>,
    /// Hidden by a moderator.
    pub hidden_at: Option<DateTime<Utc>>,
}

/// A report of inappropriate content.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportRow {
    /// Id.
    pub id: Uuid,
    /// comment or experience.
    pub target_type: String,
    /// The reported record.
    pub target_id: Uuid,
    /// Who reported.
    pub reporter_id: Option<Uuid>,
    /// Why.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When handled.
    pub resolved_at: Option<DateTime<Utc>>,
    /// hidden or dismissed.
    pub resolution: Option<String>,
}

/// A collaboration with its links, as its page and the API show it.
#[derive(Debug, Clone)]
pub struct CollaborationWithLinks {
    /// The collaboration.
    pub row: CollaborationRow,
    /// Its recommendation links, as [`CollaborationStore::recommendation_links`] orders them.
    pub recommendations: Vec<RecommendationLinkRow>,
    /// Its toolbox links, as [`CollaborationStore::toolbox_links`] orders them.
    pub toolbox: Vec<ToolboxLinkRow>,
}

/// Collaborations and their links.
#[async_trait]
pub trait CollaborationStore {
    /// Stores a new draft.
    async fn insert_collaboration(
        &mut self,
        id: Uuid,
        organisation: Uuid,
        slug: &str,
        fields: &CollaborationFields,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// One collaboration the viewer may read (published and visible, or their organisation's).
    async fn collaboration(
        &mut self,
        id: Uuid,
        viewer: &Viewer,
    ) -> StoreResult<Option<CollaborationRow>>;
    /// [`Self::collaboration`] with its links, in one statement.
    async fn collaboration_with_links(
        &mut self,
        id: Uuid,
        viewer: &Viewer,
    ) -> StoreResult<Option<CollaborationWithLinks>>;
    /// Finds a collaboration by organisation slug and slug (old slugs too): its id and whether
    /// the slug is its current one.
    async fn collaboration_by_slug(
        &mut self,
        organisation_slug: &str,
        slug: &str,
    ) -> StoreResult<Option<(Uuid, bool)>>;
    /// Whether `slug` is taken in the organisation (now or before).
    async fn collaboration_slug_taken(
        &mut self,
        organisation: Uuid,
        slug: &str,
    ) -> StoreResult<bool>;
    /// Replaces the fields; with `expected_version`, only if it is current. Returns the new version.
    async fn update_collaboration(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        slug: &str,
        fields: &CollaborationFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Keeps an old slug so links to it still lead here.
    async fn keep_old_slug(&mut self, organisation: Uuid, slug: &str, id: Uuid) -> StoreResult<()>;
    /// Publishes or unpublishes; returns the new version.
    async fn set_collaboration_state(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        state: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Bumps the version after a link changed; returns the new version.
    async fn touch_collaboration(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<i64>;
    /// Marks the record as still right today.
    async fn confirm_collaboration(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// Deletes: softly when it was ever published, for good when it never was.
    async fn delete_collaboration(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// The visible collaborations matching `filter`, newest first, after the cursor id.
    async fn list_collaborations(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<CollaborationRow>>;
    /// How many visible collaborations match `filter`.
    async fn count_collaborations(
        &mut self,
        viewer: &Viewer,
        filter: &CollaborationFilter,
    ) -> StoreResult<i64>;

    /// The collaboration's recommendation links, by code.
    async fn recommendation_links(
        &mut self,
        collaboration: Uuid,
    ) -> StoreResult<Vec<RecommendationLinkRow>>;
    /// Inserts or replaces a recommendation link.
    async fn put_recommendation_link(
        &mut self,
        link: &RecommendationLinkRow,
        actor: Uuid,
    ) -> StoreResult<()>;
    /// Removes a recommendation link; false when there was none.
    async fn delete_recommendation_link(
        &mut self,
        collaboration: Uuid,
        code: &str,
    ) -> StoreResult<bool>;
    /// Appends to the status history (status none = removed).
    async fn record_link_history(
        &mut self,
        collaboration: Uuid,
        code: &str,
        status: Option<&str>,
        reason: Option<&str>,
        actor: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The collaboration's toolbox links, by slug.
    async fn toolbox_links(&mut self, collaboration: Uuid) -> StoreResult<Vec<ToolboxLinkRow>>;
    /// Inserts or replaces a toolbox link.
    async fn put_toolbox_link(&mut self, link: &ToolboxLinkRow, actor: Uuid) -> StoreResult<()>;
    /// Removes a toolbox link; false when there was none.
    async fn delete_toolbox_link(&mut self, collaboration: Uuid, slug: &str) -> StoreResult<bool>;
    /// The audit trail of a record, oldest first.
    async fn history(&mut self, entity_type: &str, id: Uuid) -> StoreResult<Vec<HistoryRow>>;
}

/// Experiences, comments and moderation.
#[async_trait]
pub trait ExperienceStore {
    /// Stores a new draft experience.
    async fn insert_experience(
        &mut self,
        id: Uuid,
        collaboration: Uuid,
        author: Uuid,
        fields: &ExperienceFields,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// One experience the viewer may read: its collaboration is readable, and it is published
    /// and not hidden, or the viewer's organisation's, or the viewer is an admin.
    async fn experience(&mut self, id: Uuid, viewer: &Viewer)
    -> StoreResult<Option<ExperienceRow>>;
    /// The experiences of a collaboration the viewer may read, newest first.
    async fn experiences_of(
        &mut self,
        collaboration: Uuid,
        viewer: &Viewer,
    ) -> StoreResult<Vec<ExperienceRow>>;
    /// Replaces the fields; returns the new version.
    async fn update_experience(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        fields: &ExperienceFields,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Publishes or unpublishes; returns the new version.
    async fn set_experience_state(
        &mut self,
        id: Uuid,
        expected_version: Option<i64>,
        state: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<i64>;
    /// Deletes: softly when published, for good when a draft.
    async fn delete_experience(&mut self, id: Uuid, at: DateTime<Utc>) -> StoreResult<()>;
    /// Hides (with a reason) or restores (`None`) an experience.
    async fn set_experience_hidden(
        &mut self,
        id: Uuid,
        hidden: Option<(DateTime<Utc>, &str)>,
    ) -> StoreResult<()>;

    /// Stores a comment, question or answer.
    async fn insert_comment(&mut self, comment: &CommentRow) -> StoreResult<()>;
    /// One comment.
    async fn comment(&mut self, id: Uuid) -> StoreResult<Option<CommentRow>>;
    /// The comments on an experience, oldest first; hidden ones only when `include_hidden`.
    async fn comments_of(
        &mut self,
        experience: Uuid,
        include_hidden: bool,
    ) -> StoreResult<Vec<CommentRow>>;
    /// Hides (with a reason) or restores (`None`) a comment.
    async fn set_comment_hidden(
        &mut self,
        id: Uuid,
        hidden: Option<(DateTime<Utc>, &str)>,
    ) -> StoreResult<()>;

    /// Files a report.
    async fn insert_report(&mut self, report: &ReportRow) -> StoreResult<()>;
    /// Reports not yet handled, oldest first.
    async fn open_reports(&mut self) -> StoreResult<Vec<ReportRow>>;
    /// Marks every open report on a target as handled.
    async fn resolve_reports(
        &mut self,
        target_type: &str,
        target: Uuid,
        resolution: &str,
        by: Uuid,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;
}
