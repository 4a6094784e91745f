//! Registering and keeping a collaboration: create, read, edit, publish, unpublish, delete,
//! list, history.

use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::input::{self, limits, nullable};
use super::{
    audit_collaboration, editable_collaboration, markdown, require_editor, role_in, viewer_of,
    writes,
};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::Slug;
use crate::domain::vocab::{
    CollaborationStatus, FeeBasis, OrganisationModel, PartnerKind, Visibility,
};
use crate::error::{AppError, FieldError, Validator};
use crate::store::Tx;
use crate::store::registry::{
    CollaborationFields, CollaborationRow, CollaborationWithLinks, HistoryRow,
    RecommendationLinkRow, ToolboxLinkRow,
};
use crate::store::scope::{CollaborationFilter, Viewer};

/// What a client sends to register a collaboration.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCollaboration {
    /// Title (at most 200 characters).
    pub title: String,
    /// Short summary (at most 500 characters).
    pub summary: String,
    /// Municipality code, e.g. "370"; "0370" is the same.
    #[serde(deserialize_with = "input::code_string")]
    pub municipality_code: String,
    /// Town (at most 100 characters).
    pub town: String,
    /// One of the toolbox's four organisation models.
    pub organisation_model: OrganisationModel,
    /// Theme codes (at least one).
    pub themes: Vec<String>,
    /// Who may read it once published.
    pub visibility: Visibility,
    /// Description in Markdown (at most 20,000 characters); HTML in it is sanitised.
    #[serde(default)]
    pub description: Option<String>,
    /// Inhabitants of the town.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 2_000_000)]
    pub town_population: Option<i64>,
    /// How members pay.
    #[serde(default)]
    pub fee_bases: Vec<FeeBasis>,
    /// Kinds of partner taking part.
    #[serde(default)]
    pub partner_kinds: Vec<PartnerKind>,
    /// Start date.
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    /// End date, not before the start.
    #[serde(default)]
    pub ended_on: Option<NaiveDate>,
    /// planned (default), active, paused, ended.
    #[serde(default)]
    pub status: Option<CollaborationStatus>,
    /// Website, http or https.
    #[serde(default)]
    pub website: Option<String>,
    /// A role address for contact, shown to logged-in users.
    #[serde(default)]
    pub contact: Option<String>,
}

/// A partial update: absent fields stay; `null` clears an optional one.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CollaborationPatch {
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Municipality code.
    #[serde(default, deserialize_with = "input::optional_code_string")]
    pub municipality_code: Option<String>,
    /// Town.
    pub town: Option<String>,
    /// Organisation model.
    pub organisation_model: Option<OrganisationModel>,
    /// Theme codes.
    pub themes: Option<Vec<String>>,
    /// Visibility.
    pub visibility: Option<Visibility>,
    /// Description (Markdown).
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// Inhabitants.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 2_000_000)]
    pub town_population: Option<Option<i64>>,
    /// Fee bases.
    pub fee_bases: Option<Vec<FeeBasis>>,
    /// Partner kinds.
    pub partner_kinds: Option<Vec<PartnerKind>>,
    /// Start date.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub started_on: Option<Option<NaiveDate>>,
    /// End date.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub ended_on: Option<Option<NaiveDate>>,
    /// Status.
    pub status: Option<CollaborationStatus>,
    /// Website.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub website: Option<Option<String>>,
    /// Contact.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact: Option<Option<String>>,
    /// The version the client read; a newer stored version answers 412 instead of overwriting.
    pub version: Option<i64>,
}

impl NewCollaboration {
    fn from_row(row: &CollaborationRow) -> Self {
        let split = |s: &str| -> Vec<String> {
            s.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect()
        };
        NewCollaboration {
            title: row.title.clone(),
            summary: row.summary.clone(),
            municipality_code: row.municipality_code.clone(),
            town: row.town.clone(),
            organisation_model: row
                .organisation_model
                .parse()
                .unwrap_or(OrganisationModel::InformalPrivate),
            themes: split(&row.themes),
            visibility: row.visibility.parse().unwrap_or(Visibility::Private),
            description: Some(row.description_md.clone()),
            town_population: row.town_population,
            fee_bases: split(&row.fee_bases)
                .iter()
                .filter_map(|f| f.parse().ok())
                .collect(),
            partner_kinds: split(&row.partner_kinds)
                .iter()
                .filter_map(|p| p.parse().ok())
                .collect(),
            started_on: row.started_on,
            ended_on: row.ended_on,
            status: row.status.parse().ok(),
            website: row.website.clone(),
            contact: row.contact.clone(),
        }
    }

    fn apply(mut self, p: CollaborationPatch) -> Self {
        if let Some(v) = p.title {
            self.title = v;
        }
        if let Some(v) = p.summary {
            self.summary = v;
        }
        if let Some(v) = p.municipality_code {
            self.municipality_code = v;
        }
        if let Some(v) = p.town {
            self.town = v;
        }
        if let Some(v) = p.organisation_model {
            self.organisation_model = v;
        }
        if let Some(v) = p.themes {
            self.themes = v;
        }
        if let Some(v) = p.visibility {
            self.visibility = v;
        }
        if let Some(v) = p.description {
            self.description = v;
        }
        if let Some(v) = p.town_population {
            self.town_population = v;
        }
        if let Some(v) = p.fee_bases {
            self.fee_bases = v;
        }
        if let Some(v) = p.partner_kinds {
            self.partner_kinds = v;
        }
        if let Some(v) = p.started_on {
            self.started_on = v;
        }
        if let Some(v) = p.ended_on {
            self.ended_on = v;
        }
        if let Some(v) = p.status {
            self.status = Some(v);
        }
        if let Some(v) = p.website {
            self.website = v;
        }
        if let Some(v) = p.contact {
            self.contact = v;
        }
        self
    }
}

/// Checks every field at once and turns the input into what is stored.
pub async fn check(
    tx: &mut dyn Tx,
    input: &NewCollaboration,
) -> Result<CollaborationFields, AppError> {
    let mut v = Validator::new();
    let title = input::required_text(&mut v, "title", &input.title, limits::TITLE);
    let summary = input::required_text(&mut v, "summary", &input.summary, limits::SUMMARY);
    let town = input::required_text(&mut v, "town", &input.town, limits::TOWN);
    let description = input::optional_text(
        &mut v,
        "description",
        input.description.as_deref().unwrap_or(""),
        limits::BODY,
    );
    let municipality =
        input::municipality(tx, &mut v, "municipality_code", &input.municipality_code).await?;
    if input.themes.is_empty() {
        v.push(FieldError::new("themes", "field-themes-required"));
    }
    let themes = input::themes(tx, &mut v, "themes", &input.themes).await?;
    let population = input::population(&mut v, "town_population", input.town_population);
    if let (Some(start), Some(end)) = (input.started_on, input.ended_on)
        && end < start
    {
        v.push(FieldError::new("ended_on", "field-ended-before-started"));
    }
    let website = match input.website.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(url) => input::web_url(&mut v, "website", url),
    };
    let contact = match input.contact.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => input::contact(&mut v, "contact", c),
    };
    v.finish()?;
    let description = description.unwrap_or_default();
    let rendered = markdown::render(&description);
    let mut fee_bases: Vec<String> = input
        .fee_bases
        .iter()
        .map(|f| f.as_str().to_owned())
        .collect();
    fee_bases.sort();
    fee_bases.dedup();
    let mut partner_kinds: Vec<String> = input
        .partner_kinds
        .iter()
        .map(|p| p.as_str().to_owned())
        .collect();
    partner_kinds.sort();
    partner_kinds.dedup();
    Ok(CollaborationFields {
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        description_md: description,
        description_html: rendered.html,
        description_text: rendered.text,
        town: town.unwrap_or_default(),
        town_population: population,
        municipality_code: municipality.unwrap_or_default(),
        organisation_model: input.organisation_model.as_str().to_owned(),
        started_on: input.started_on,
        ended_on: input.ended_on,
        status: input
            .status
            .unwrap_or(CollaborationStatus::Planned)
            .as_str()
            .to_owned(),
        website,
        contact,
        visibility: input.visibility.as_str().to_owned(),
        themes,
        fee_bases,
        partner_kinds,
    })
}

/// A free slug for `title` in the organisation.
async fn free_slug(tx: &mut dyn Tx, organisation: Uuid, title: &str) -> Result<String, AppError> {
    let base = Slug::from_title(title, 80);
    if !tx
        .collaboration_slug_taken(organisation, base.as_str())
        .await?
    {
        return Ok(base.to_string());
    }
    for n in 2..1000 {
        let candidate = base.with_suffix(n);
        if !tx
            .collaboration_slug_taken(organisation, candidate.as_str())
            .await?
        {
            return Ok(candidate.to_string());
        }
    }
    Err(AppError::field("title", "field-collaboration-slug-taken"))
}

/// A collaboration with its links, as the viewer may see it.
#[derive(Debug, Clone)]
pub struct CollaborationDetail {
    /// The record.
    pub row: CollaborationRow,
    /// Links to recommendations.
    pub recommendations: Vec<RecommendationLinkRow>,
    /// Links to toolbox entries.
    pub toolbox: Vec<ToolboxLinkRow>,
    /// Whether the viewer may edit it.
    pub can_edit: bool,
    /// Whether the viewer may see the contact address.
    pub show_contact: bool,
}

/// Loads what a viewer sees of a collaboration (404 when nothing).
pub async fn detail(
    tx: &mut dyn Tx,
    user: Option<&CurrentUser>,
    id: Uuid,
) -> Result<CollaborationDetail, AppError> {
    let CollaborationWithLinks {
        row,
        recommendations,
        toolbox,
    } = tx
        .collaboration_with_links(id, &viewer_of(user))
        .await?
        .ok_or(AppError::NotFound)?;
    let can_edit = match user {
        Some(u) => writes(role_in(tx, row.organisation_id, u.id).await?),
        None => false,
    };
    Ok(CollaborationDetail {
        show_contact: user.is_some(),
        row,
        recommendations,
        toolbox,
        can_edit,
    })
}

/// Registers a draft collaboration for an organisation the caller edits for.
pub async fn create(
    state: &AppState,
    user: &CurrentUser,
    organisation: Uuid,
    input: NewCollaboration,
) -> Result<CollaborationDetail, AppError> {
    user.require_verified()?;
    // Writers take turns, so what needs no lock is done before the turn: the checks against the
    // catalogue and the Markdown here, reading the new record back after the commit. The write
    // itself shares a transaction with the other creates waiting (group commit).
    let fields = {
        let mut tx = state.store.read().await?;
        require_editor(&mut *tx, organisation, user.id).await?;
        check(&mut *tx, &input).await?
    };
    let id = Uuid::now_v7();
    let (at, actor) = (state.clock.now(), user.id);
    state
        .grouped_writes
        .write(move |tx| {
            Box::pin(async move {
                // Again inside the transaction: the membership may have changed in between.
                require_editor(tx, organisation, actor).await?;
                let slug = free_slug(tx, organisation, &fields.title).await?;
                tx.insert_collaboration(id, organisation, &slug, &fields, at)
                    .await?;
                audit_collaboration(
                    tx,
                    at,
                    Some(actor),
                    (organisation, id),
                    "created",
                    json!({"title": fields.title}),
                    false,
                )
                .await
            })
        })
        .await?;
    detail(&mut *state.store.read().await?, Some(user), id).await
}

/// Field names whose values differ between the stored row and the new fields.
fn changed_fields(row: &CollaborationRow, f: &CollaborationFields) -> Vec<&'static str> {
    let join = |v: &[String]| v.join(",");
    let mut changed = Vec::new();
    let mut diff = |name, differs: bool| {
        if differs {
            changed.push(name);
        }
    };
    diff("title", row.title != f.title);
    diff("summary", row.summary != f.summary);
    diff("description", row.description_md != f.description_md);
    diff("town", row.town != f.town);
    diff("town_population", row.town_population != f.town_population);
    diff(
        "municipality_code",
        row.municipality_code != f.municipality_code,
    );
    diff(
        "organisation_model",
        row.organisation_model != f.organisation_model,
    );
    diff("started_on", row.started_on != f.started_on);
    diff("ended_on", row.ended_on != f.ended_on);
    diff("status", row.status != f.status);
    diff("website", row.website != f.website);
    diff("contact", row.contact != f.contact);
    diff("visibility", row.visibility != f.visibility);
    diff("themes", row.themes != join(&f.themes));
    diff("fee_bases", row.fee_bases != join(&f.fee_bases));
    diff("partner_kinds", row.partner_kinds != join(&f.partner_kinds));
    changed
}

/// Edits a collaboration. The version (from `If-Match` or the body) must be the stored one,
/// else 412 with the current version and nothing changes.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    if_match: Option<i64>,
    patch: CollaborationPatch,
) -> Result<CollaborationDetail, AppError> {
    let expected = if_match.or(patch.version);
    let mut tx = state.store.write().await?;
    let row = editable_collaboration(&mut *tx, user, id).await?;
    if let Some(expected) = expected
        && expected != row.version
    {
        return Err(AppError::PreconditionFailed {
            current_version: row.version,
        });
    }
    let merged = NewCollaboration::from_row(&row).apply(patch);
    let fields = check(&mut *tx, &merged).await?;
    let changed = changed_fields(&row, &fields);
    // The slug follows the title; once published, the old one is kept so links keep working.
    let slug =
        if row.title != fields.title && Slug::from_title(&fields.title, 80).as_str() != row.slug {
            if row.first_published_at.is_some() {
                tx.keep_old_slug(row.organisation_id, &row.slug, id).await?;
            }
            free_slug(&mut *tx, row.organisation_id, &fields.title).await?
        } else {
            row.slug.clone()
        };
    tx.update_collaboration(id, Some(row.version), &slug, &fields, state.clock.now())
        .await?;
    if !changed.is_empty() {
        audit_collaboration(
            &mut *tx,
            state.clock.now(),
            Some(user.id),
            (row.organisation_id, id),
            "updated",
            json!({"fields": changed}),
            row.state == "published",
        )
        .await?;
    }
    let detail = detail(&mut *tx, Some(user), id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Publishes or unpublishes.
pub async fn set_published(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    if_match: Option<i64>,
    publish: bool,
) -> Result<CollaborationDetail, AppError> {
    let mut tx = state.store.write().await?;
    let row = editable_collaboration(&mut *tx, user, id).await?;
    if let Some(expected) = if_match
        && expected != row.version
    {
        return Err(AppError::PreconditionFailed {
            current_version: row.version,
        });
    }
    let (state_name, action) = if publish {
        ("published", "published")
    } else {
        ("draft", "unpublished")
    };
    tx.set_collaboration_state(id, Some(row.version), state_name, state.clock.now())
        .await?;
    audit_collaboration(
        &mut *tx,
        state.clock.now(),
        Some(user.id),
        (row.organisation_id, id),
        action,
        json!({}),
        true,
    )
    .await?;
    let detail = detail(&mut *tx, Some(user), id).await?;
    if publish {
        crate::notify::collaboration_published(&mut *tx, user.id, &detail.row, state.clock.now())
            .await?;
    }
    tx.commit().await?;
    Ok(detail)
}

/// Deletes: a draft never published is gone; a published record is kept, hidden.
pub async fn delete(state: &AppState, user: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    let row = editable_collaboration(&mut *tx, user, id).await?;
    tx.delete_collaboration(id, state.clock.now()).await?;
    if row.first_published_at.is_some() {
        audit_collaboration(
            &mut *tx,
            state.clock.now(),
            Some(user.id),
            (row.organisation_id, id),
            "deleted",
            json!({}),
            true,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Confirms the record is still right (the yearly reminder's answer).
pub async fn confirm_current(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
) -> Result<(), AppError> {
    confirm_by(state, user.id, id).await
}

/// Confirms the record is still right for `user`, who must still edit for its organisation
/// (the reminder's signed link names the user; no login needed).
pub async fn confirm_by(state: &AppState, user: Uuid, id: Uuid) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    let viewer = Viewer {
        user: Some(user),
        admin: false,
    };
    let row = tx
        .collaboration(id, &viewer)
        .await?
        .ok_or(AppError::NotFound)?;
    if !writes(role_in(&mut *tx, row.organisation_id, user).await?) {
        return Err(AppError::Forbidden("problem-not-editor"));
    }
    tx.confirm_collaboration(id, state.clock.now()).await?;
    audit_collaboration(
        &mut *tx,
        state.clock.now(),
        Some(user),
        (row.organisation_id, id),
        "confirmed",
        json!({}),
        row.state == "published",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A page of a list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// Where the next page starts, if there is one.
    pub next: Option<Uuid>,
}

/// The visible collaborations matching `filter`, `limit` at a time after `after`.
pub async fn list(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    filter: &CollaborationFilter,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Page<CollaborationRow>, AppError> {
    let mut rows = tx
        .list_collaborations(viewer, filter, after, limit + 1)
        .await?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(Page { items: rows, next })
}

/// One entry of a record's history as a viewer may see it.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// When.
    pub at: chrono::DateTime<Utc>,
    /// Who: a person's name for the organisation's members, the organisation otherwise.
    pub actor: String,
    /// What happened.
    pub action: String,
    /// Details, private fields removed for outsiders.
    pub details: serde_json::Value,
}

/// Fields that only the organisation sees in the history.
const PRIVATE_FIELDS: [&str; 1] = ["contact"];

/// The history of a collaboration: everything for its organisation's members (and admins);
/// for everyone else the changes made while published, without private fields or names.
pub async fn history(
    tx: &mut dyn Tx,
    user: Option<&CurrentUser>,
    id: Uuid,
) -> Result<Vec<HistoryEntry>, AppError> {
    let row = tx
        .collaboration(id, &viewer_of(user))
        .await?
        .ok_or(AppError::NotFound)?;
    let insider = match user {
        Some(u) => u.is_admin() || role_in(tx, row.organisation_id, u.id).await?.is_some(),
        None => false,
    };
    let rows: Vec<HistoryRow> = tx.history("collaboration", id).await?;
    Ok(rows
        .into_iter()
        .filter(|h| insider || h.public)
        .filter_map(|h| {
            let mut details: serde_json::Value =
                serde_json::from_str(&h.details).unwrap_or(json!({}));
            if !insider
                && let Some(fields) = details.get_mut("fields").and_then(|f| f.as_array_mut())
            {
                fields.retain(|f| !PRIVATE_FIELDS.contains(&f.as_str().unwrap_or_default()));
                if fields.is_empty() {
                    return None;
                }
            }
            let actor = if insider {
                h.actor_name.unwrap_or_default()
            } else {
                row.organisation_name.clone()
            };
            Some(HistoryEntry {
                at: h.at,
                actor,
                action: h.action,
                details,
            })
        })
        .collect())
}
