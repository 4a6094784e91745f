//! Collaborations through the API: register, read, edit, publish, link, list, import, history.

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::extract::{CurrentUser, MaybeUser};
use crate::domain::MunicipalityCode;
use crate::domain::vocab::{CollaborationStatus, LinkStatus, OrganisationModel, TownSize};
use crate::error::{AppError, FieldError, Validator};
use crate::http::extract::{ApiJson, ApiQuery, Lang};
use crate::registry::collaborations::{
    self, CollaborationDetail, CollaborationPatch, NewCollaboration,
};
use crate::registry::links::{self, RecommendationLinkInput, ToolboxLinkInput};
use crate::registry::{etag, import, version_from_if_match, viewer_of};
use crate::search::run::matching_collaborations;
use crate::store::Tx;
use crate::store::registry::{CollaborationRow, RecommendationLinkRow, ToolboxLinkRow};
use crate::store::scope::{CollaborationFilter, PopulationBand};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_collaboration))
        .routes(routes!(import_collaborations))
        .routes(routes!(list_collaborations))
        .routes(routes!(
            get_collaboration,
            update_collaboration,
            delete_collaboration
        ))
        .routes(routes!(publish_collaboration))
        .routes(routes!(unpublish_collaboration))
        .routes(routes!(confirm_collaboration))
        .routes(routes!(put_recommendation_link, delete_recommendation_link))
        .routes(routes!(put_toolbox_link, delete_toolbox_link))
        .routes(routes!(collaboration_history))
}

/// An id in a path; a malformed one names nothing, so it is a 404 like any unknown id.
pub fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw).map_err(|_| AppError::NotFound)
}

/// The version named by `If-Match`, if the header is there.
pub fn if_match(headers: &HeaderMap) -> Result<Option<i64>, AppError> {
    match headers.get(header::IF_MATCH) {
        None => Ok(None),
        Some(v) => version_from_if_match(
            v.to_str()
                .map_err(|_| AppError::BadRequest("problem-bad-if-match"))?,
        ),
    }
}

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A recommendation link in a collaboration.
#[derive(Serialize, ToSchema)]
pub struct RecommendationLink {
    /// Recommendation code.
    code: String,
    /// Status.
    status: String,
    /// Note.
    note: String,
    /// Evidence URL.
    evidence_url: Option<String>,
    /// Why it was abandoned.
    reason: Option<String>,
    /// Last change.
    updated_at: DateTime<Utc>,
}

impl From<RecommendationLinkRow> for RecommendationLink {
    fn from(l: RecommendationLinkRow) -> Self {
        RecommendationLink {
            code: l.recommendation_code,
            status: l.status,
            note: l.note,
            evidence_url: l.evidence_url,
            reason: l.reason,
            updated_at: l.updated_at,
        }
    }
}

/// A toolbox link in a collaboration.
#[derive(Serialize, ToSchema)]
pub struct ToolboxLink {
    /// Toolbox entry slug.
    slug: String,
    /// Note.
    note: String,
    /// helped, neutral, did_not_help.
    outcome: Option<String>,
}

impl From<ToolboxLinkRow> for ToolboxLink {
    fn from(l: ToolboxLinkRow) -> Self {
        ToolboxLink {
            slug: l.toolbox_slug,
            note: l.note,
            outcome: l.outcome,
        }
    }
}

/// A collaboration with its links.
#[derive(Serialize, ToSchema)]
pub struct Collaboration {
    /// Id.
    id: Uuid,
    /// Slug, unique within the organisation.
    slug: String,
    /// Owning organisation.
    organization_id: Uuid,
    /// Its name.
    organization_name: String,
    /// Title.
    title: String,
    /// Summary.
    summary: String,
    /// Description as written (Markdown).
    description: String,
    /// Description as sanitised HTML.
    description_html: String,
    /// Town.
    town: String,
    /// Inhabitants.
    town_population: Option<i64>,
    /// Municipality code.
    municipality_code: String,
    /// Municipality name.
    municipality_name: String,
    /// Region code.
    region_code: String,
    /// Organisation model.
    organisation_model: String,
    /// Theme codes.
    themes: Vec<String>,
    /// Fee bases.
    fee_bases: Vec<String>,
    /// Partner kinds.
    partner_kinds: Vec<String>,
    /// Start date.
    started_on: Option<NaiveDate>,
    /// End date.
    ended_on: Option<NaiveDate>,
    /// Status.
    status: String,
    /// Website.
    website: Option<String>,
    /// Contact address; only for logged-in readers.
    contact: Option<String>,
    /// public, members, private.
    visibility: String,
    /// draft or published.
    state: String,
    /// Version, also the ETag.
    version: i64,
    /// Links to recommendations.
    recommendations: Vec<RecommendationLink>,
    /// Links to toolbox entries.
    toolbox: Vec<ToolboxLink>,
    /// Whether the caller may edit it.
    can_edit: bool,
    /// Created.
    created_at: DateTime<Utc>,
    /// Last changed.
    updated_at: DateTime<Utc>,
    /// Last published.
    published_at: Option<DateTime<Utc>>,
}

impl From<CollaborationDetail> for Collaboration {
    fn from(d: CollaborationDetail) -> Self {
        let r = d.row;
        Collaboration {
            id: r.id,
            slug: r.slug,
            organization_id: r.organisation_id,
            organization_name: r.organisation_name,
            title: r.title,
            summary: r.summary,
            description: r.description_md,
            description_html: r.description_html,
            town: r.town,
            town_population: r.town_population,
            municipality_code: r.municipality_code,
            municipality_name: r.municipality_name,
            region_code: r.region_code,
            organisation_model: r.organisation_model,
            themes: split(&r.themes),
            fee_bases: split(&r.fee_bases),
            partner_kinds: split(&r.partner_kinds),
            started_on: r.started_on,
            ended_on: r.ended_on,
            status: r.status,
            website: r.website,
            contact: if d.show_contact { r.contact } else { None },
            visibility: r.visibility,
            state: r.state,
            version: r.version,
            recommendations: d.recommendations.into_iter().map(Into::into).collect(),
            toolbox: d.toolbox.into_iter().map(Into::into).collect(),
            can_edit: d.can_edit,
            created_at: r.created_at,
            updated_at: r.updated_at,
            published_at: r.published_at,
        }
    }
}

/// A collaboration in a list.
#[derive(Serialize, ToSchema)]
pub struct CollaborationSummary {
    /// Id.
    pub id: Uuid,
    /// Slug.
    pub slug: String,
    /// Owning organisation.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Town.
    pub town: String,
    /// Inhabitants.
    pub town_population: Option<i64>,
    /// Municipality code.
    pub municipality_code: String,
    /// Municipality name.
    pub municipality_name: String,
    /// Region code.
    pub region_code: String,
    /// Organisation model.
    pub organisation_model: String,
    /// Status.
    pub status: String,
    /// Theme codes.
    pub themes: Vec<String>,
    /// public, members, private.
    pub visibility: String,
    /// draft or published.
    pub state: String,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Last published.
    pub published_at: Option<DateTime<Utc>>,
}

impl From<CollaborationRow> for CollaborationSummary {
    fn from(r: CollaborationRow) -> Self {
        CollaborationSummary {
            id: r.id,
            slug: r.slug,
            organization_id: r.organisation_id,
            organization_name: r.organisation_name,
            title: r.title,
            summary: r.summary,
            town: r.town,
            town_population: r.town_population,
            municipality_code: r.municipality_code,
            municipality_name: r.municipality_name,
            region_code: r.region_code,
            organisation_model: r.organisation_model,
            status: r.status,
            themes: split(&r.themes),
            visibility: r.visibility,
            state: r.state,
            updated_at: r.updated_at,
            published_at: r.published_at,
        }
    }
}

/// A page of collaborations.
#[derive(Serialize, ToSchema)]
pub struct CollaborationPage {
    /// The collaborations.
    items: Vec<CollaborationSummary>,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

/// Filters and paging for the collaboration list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Municipality code.
    pub municipality: Option<String>,
    /// Region code.
    pub region: Option<String>,
    /// Theme code.
    pub theme: Option<String>,
    /// Recommendation code.
    pub recommendation: Option<String>,
    /// With `recommendation`: only links in this status (drill-down from uptake figures).
    pub recommendation_status: Option<LinkStatus>,
    /// Town size band.
    pub size: Option<TownSize>,
    /// Toolbox entry slug.
    pub toolbox: Option<String>,
    /// Organisation model.
    pub organisation_model: Option<OrganisationModel>,
    /// Collaboration status.
    pub status: Option<CollaborationStatus>,
    /// Organisation id; its members also see its drafts.
    #[param(value_type = Option<Uuid>)]
    pub organization: Option<String>,
    /// Words: only collaborations whose text matches them (still newest first; for results
    /// ranked by relevance, with snippets and facets, use /api/v1/search).
    pub q: Option<String>,
    /// Page size, 1-100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Checks list filters against the catalogue; unknown values are named (422).
pub async fn check_filter(tx: &mut dyn Tx, q: &ListQuery) -> Result<CollaborationFilter, AppError> {
    let mut v = Validator::new();
    let mut filter = CollaborationFilter::default();
    if let Some(m) = &q.municipality {
        match MunicipalityCode::parse(m) {
            Some(code) if tx.municipality(&code.to_string()).await?.is_some() => {
                filter.municipality = Some(code.to_string());
            }
            _ => v.push(FieldError::new(
                "municipality",
                "field-municipality-unknown",
            )),
        }
    }
    if let Some(r) = &q.region {
        let code = MunicipalityCode::parse(r)
            .map(|c| c.to_string())
            .unwrap_or_default();
        if tx.regions().await?.iter().any(|x| x.code == code) {
            filter.region = Some(code);
        } else {
            v.push(FieldError::new("region", "field-region-unknown"));
        }
    }
    if let Some(t) = &q.theme {
        if tx.themes().await?.iter().any(|x| &x.code == t) {
            filter.theme = Some(t.clone());
        } else {
            v.push(FieldError::new("theme", "field-theme-unknown").arg("value", t));
        }
    }
    if let Some(r) = &q.recommendation {
        if tx.recommendation(r).await?.is_some() {
            filter.recommendation = Some(r.clone());
        } else {
            v.push(
                FieldError::new("recommendation", "field-recommendation-unknown").arg("value", r),
            );
        }
    }
    if let Some(t) = &q.toolbox {
        if tx.toolbox_entry(t).await?.is_some() {
            filter.toolbox = Some(t.clone());
        } else {
            v.push(FieldError::new("toolbox", "field-toolbox-unknown").arg("value", t));
        }
    }
    if let Some(status) = q.recommendation_status {
        if q.recommendation.is_none() {
            v.push(
                FieldError::new("recommendation_status", "field-requires")
                    .arg("other", "recommendation"),
            );
        }
        filter.recommendation_status = Some(status.as_str().to_owned());
    }
    filter.population = q.size.map(|s| {
        let (min, max) = s.bounds();
        PopulationBand { min, max }
    });
    filter.organisation_model = q.organisation_model.map(|m| m.as_str().to_owned());
    filter.status = q.status.map(|s| s.as_str().to_owned());
    if let Some(o) = &q.organization {
        match Uuid::parse_str(o) {
            Ok(id) => {
                filter.organisation = Some(id);
                filter.include_drafts = true;
            }
            Err(_) => v.push(FieldError::new(
                "organization",
                "field-organisation-unknown",
            )),
        }
    }
    v.finish()?;
    Ok(filter)
}

/// Reads `limit` (1-100, default 20) and `cursor`.
pub fn paging(limit: Option<i64>, cursor: Option<&str>) -> Result<(i64, Option<Uuid>), AppError> {
    let mut v = Validator::new();
    let limit = limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        v.push(
            FieldError::new("limit", "field-number-range")
                .arg("min", 1)
                .arg("max", 100),
        );
    }
    let after = match cursor {
        None | Some("") => None,
        Some(c) => match URL_SAFE_NO_PAD
            .decode(c)
            .ok()
            .and_then(|b| Uuid::from_slice(&b).ok())
        {
            Some(id) => Some(id),
            None => {
                v.push(FieldError::new("cursor", "field-cursor-invalid"));
                None
            }
        },
    };
    v.finish()?;
    Ok((limit, after))
}

/// The opaque cursor for a page that ends at `id`.
pub fn cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

fn with_etag(status: StatusCode, detail: CollaborationDetail) -> Response {
    let version = detail.row.version;
    let mut response = (status, Json(Collaboration::from(detail))).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

/// Registers a collaboration as a draft (editors and owners of the organisation).
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/collaborations", tag = "collaborations",
    params(("org_id" = Uuid, Path, description = "Organisation id")),
    request_body = NewCollaboration, security(("bearer" = [])),
    responses((status = 201, body = Collaboration, description = "Created as a draft; ETag is the version"),
        (status = 403, description = "Not an editor, or email not verified"), (status = 404, description = "No such organisation among yours"),
        (status = 422, description = "Invalid fields, each named")))]
async fn create_collaboration(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(org_id): Path<String>,
    ApiJson(body): ApiJson<NewCollaboration>,
) -> Result<Response, AppError> {
    let detail = collaborations::create(&state, &user, parse_id(&org_id)?, body).await?;
    Ok(with_etag(StatusCode::CREATED, detail))
}

/// One collaboration as the caller may see it.
#[utoipa::path(get, path = "/api/v1/collaborations/{id}", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id")),
    responses((status = 200, body = Collaboration), (status = 404, description = "None the caller may see")))]
async fn get_collaboration(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let detail = collaborations::detail(&mut *tx, user.as_ref(), parse_id(&id)?).await?;
    Ok(with_etag(StatusCode::OK, detail))
}

/// Edits a collaboration. Send `If-Match` (or `version` in the body) with the version you read:
/// a stale one answers 412 with the current version and changes nothing.
#[utoipa::path(patch, path = "/api/v1/collaborations/{id}", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id"),
        ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`", pattern = r#"^(W/)?"?[0-9]{1,18}"?$|^\*$"#)),
    request_body = CollaborationPatch, security(("bearer" = [])),
    responses((status = 200, body = Collaboration), (status = 412, description = "Stale version"),
        (status = 422, description = "Invalid fields")))]
async fn update_collaboration(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<CollaborationPatch>,
) -> Result<Response, AppError> {
    let detail =
        collaborations::update(&state, &user, parse_id(&id)?, if_match(&headers)?, patch).await?;
    Ok(with_etag(StatusCode::OK, detail))
}

/// Deletes a collaboration: a draft for good, a published one kept hidden.
#[utoipa::path(delete, path = "/api/v1/collaborations/{id}", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id")), security(("bearer" = [])),
    responses((status = 204, description = "Deleted")))]
async fn delete_collaboration(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    collaborations::delete(&state, &user, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publishes a collaboration: its readers per visibility now see it.
#[utoipa::path(post, path = "/api/v1/collaborations/{id}/publish", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id")), security(("bearer" = [])),
    responses((status = 200, body = Collaboration)))]
async fn publish_collaboration(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let detail =
        collaborations::set_published(&state, &user, parse_id(&id)?, if_match(&headers)?, true)
            .await?;
    Ok(with_etag(StatusCode::OK, detail))
}

/// Takes a collaboration back to draft.
#[utoipa::path(post, path = "/api/v1/collaborations/{id}/unpublish", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id")), security(("bearer" = [])),
    responses((status = 200, body = Collaboration)))]
async fn unpublish_collaboration(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let detail =
        collaborations::set_published(&state, &user, parse_id(&id)?, if_match(&headers)?, false)
            .await?;
    Ok(with_etag(StatusCode::OK, detail))
}

/// Confirms the record is still right (answers the yearly reminder).
#[utoipa::path(post, path = "/api/v1/collaborations/{id}/confirm", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id")), security(("bearer" = [])),
    responses((status = 204, description = "Confirmed")))]
async fn confirm_collaboration(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    collaborations::confirm_current(&state, &user, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The published collaborations the caller may see, newest first; with `organization`, also that
/// organisation's drafts for its members.
#[utoipa::path(get, path = "/api/v1/collaborations", tag = "collaborations", params(ListQuery),
    responses((status = 200, body = CollaborationPage), (status = 422, description = "Unknown filter value, named")))]
async fn list_collaborations(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<CollaborationPage>, AppError> {
    let mut tx = state.store.read().await?;
    let mut filter = check_filter(&mut *tx, &q).await?;
    let (limit, after) = paging(q.limit, q.cursor.as_deref())?;
    let viewer = viewer_of(user.as_ref());
    if let Some(words) = q.q.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        filter.ids = Some(matching_collaborations(&mut *tx, &viewer, words, &filter).await?);
    }
    let page = collaborations::list(&mut *tx, &viewer, &filter, after, limit).await?;
    Ok(Json(CollaborationPage {
        items: page.items.into_iter().map(Into::into).collect(),
        next_cursor: page.next.map(cursor),
    }))
}

/// Links the collaboration to a recommendation, or changes the link's status; every status
/// change is kept with its date and author.
#[utoipa::path(put, path = "/api/v1/collaborations/{id}/recommendations/{code}", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id"), ("code" = String, Path, description = "Recommendation code")),
    request_body = RecommendationLinkInput, security(("bearer" = [])),
    responses((status = 200, body = RecommendationLink), (status = 422, description = "Invalid status transition or fields")))]
async fn put_recommendation_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, code)): Path<(String, String)>,
    ApiJson(body): ApiJson<RecommendationLinkInput>,
) -> Result<Json<RecommendationLink>, AppError> {
    let link = links::put_recommendation(&state, &user, parse_id(&id)?, &code, body).await?;
    Ok(Json(link.into()))
}

/// Removes a recommendation link (kept in the history).
#[utoipa::path(delete, path = "/api/v1/collaborations/{id}/recommendations/{code}", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id"), ("code" = String, Path, description = "Recommendation code")),
    security(("bearer" = [])), responses((status = 204, description = "Removed")))]
async fn delete_recommendation_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, code)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    links::delete_recommendation(&state, &user, parse_id(&id)?, &code).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Links the collaboration to a toolbox entry, with a note and an outcome.
#[utoipa::path(put, path = "/api/v1/collaborations/{id}/toolbox/{slug}", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id"), ("slug" = String, Path, description = "Toolbox entry slug")),
    request_body = ToolboxLinkInput, security(("bearer" = [])),
    responses((status = 200, body = ToolboxLink)))]
async fn put_toolbox_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, slug)): Path<(String, String)>,
    ApiJson(body): ApiJson<ToolboxLinkInput>,
) -> Result<Json<ToolboxLink>, AppError> {
    let link = links::put_toolbox(&state, &user, parse_id(&id)?, &slug, body).await?;
    Ok(Json(link.into()))
}

/// Removes a toolbox link.
#[utoipa::path(delete, path = "/api/v1/collaborations/{id}/toolbox/{slug}", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id"), ("slug" = String, Path, description = "Toolbox entry slug")),
    security(("bearer" = [])), responses((status = 204, description = "Removed")))]
async fn delete_toolbox_link(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, slug)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    links::delete_toolbox(&state, &user, parse_id(&id)?, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A change in a collaboration's history.
#[derive(Serialize, ToSchema)]
pub struct HistoryItem {
    /// When.
    at: DateTime<Utc>,
    /// Who: a person for the organisation's members, the organisation for others.
    actor: String,
    /// What happened and its details.
    change: serde_json::Value,
}

/// Who changed what and when. The public sees the changes made while published, without
/// private fields; the organisation sees everything.
#[utoipa::path(get, path = "/api/v1/collaborations/{id}/history", tag = "collaborations",
    params(("id" = Uuid, Path, description = "Collaboration id")),
    responses((status = 200, body = [HistoryItem])))]
async fn collaboration_history(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<HistoryItem>>, AppError> {
    let mut tx = state.store.read().await?;
    let entries = collaborations::history(&mut *tx, user.as_ref(), parse_id(&id)?).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| {
                let mut change = serde_json::json!({"action": e.action});
                if let (Some(obj), Some(details)) = (change.as_object_mut(), e.details.as_object())
                {
                    obj.extend(details.clone());
                }
                HistoryItem {
                    at: e.at,
                    actor: e.actor,
                    change,
                }
            })
            .collect(),
    ))
}

/// Whether to save or only check.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// Only check and report (default true); false saves everything or nothing.
    pub dry_run: Option<bool>,
}

/// A problem in an imported row.
#[derive(Serialize, ToSchema)]
pub struct ImportRowError {
    /// Line in the file (the header is line 1).
    line: usize,
    /// The column.
    field: String,
    /// What is wrong, in the caller's language.
    message: String,
}

/// What an import found and did.
#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    /// Data rows read.
    rows: usize,
    /// Whether anything was saved.
    applied: bool,
    /// Every problem; when there is any, nothing was saved.
    errors: Vec<ImportRowError>,
    /// The drafts created.
    created: Vec<Uuid>,
}

/// Imports collaborations from a CSV file (multipart field `file`) as drafts. With
/// `dry_run=true` (the default) every bad row is reported by line and field; with
/// `dry_run=false` all rows are saved, or none when any is bad (422 problem, each error with its
/// line).
#[utoipa::path(post, path = "/api/v1/organizations/{org_id}/collaborations/import", tag = "collaborations",
    params(("org_id" = Uuid, Path, description = "Organisation id"), ImportQuery), security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", description = "A CSV file in the field `file`"),
    responses((status = 200, body = ImportResult), (status = 422, description = "Bad rows, each with line and field; nothing saved")))]
async fn import_collaborations(
    State(state): State<AppState>,
    user: CurrentUser,
    Lang(locale): Lang,
    Path(org_id): Path<String>,
    ApiQuery(q): ApiQuery<ImportQuery>,
    mut multipart: Multipart,
) -> Result<Json<ImportResult>, AppError> {
    let org = parse_id(&org_id)?;
    let mut csv_text = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest("problem-body-unreadable"))?
    {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::BadRequest("problem-body-unreadable"))?;
            csv_text = Some(
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| AppError::field("file", "field-csv-not-utf8"))?,
            );
        }
    }
    let csv_text = csv_text.ok_or_else(|| AppError::field("file", "field-required"))?;
    let apply = !q.dry_run.unwrap_or(true);
    let report = import::import_collaborations(&state, Some(&user), org, &csv_text, apply).await?;
    if apply && !report.errors.is_empty() {
        return Err(AppError::Validation(
            report
                .errors
                .into_iter()
                .map(|e| e.error.at_line(e.line))
                .collect(),
        ));
    }
    let result = ImportResult {
        rows: report.rows,
        applied: apply,
        errors: report
            .errors
            .iter()
            .map(|e| ImportRowError {
                line: e.line,
                field: e.error.field.clone(),
                message: e.message(locale),
            })
            .collect(),
        created: report.created,
    };
    Ok(Json(result))
}
