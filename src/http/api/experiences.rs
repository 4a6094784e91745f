//! Experiences, comments and moderation through the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::collaborations::{if_match, parse_id};
use crate::app::AppState;
use crate::auth::extract::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::http::extract::ApiJson;
use crate::registry::experiences::{self, ExperiencePatch, NewComment, NewExperience};
use crate::registry::moderation::{self, HideInput, NewReport, ReportTarget};
use crate::registry::{etag, viewer_of};
use crate::store::registry::{CommentRow, ExperienceRow, ReportRow};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_experience, list_experiences))
        .routes(routes!(
            get_experience,
            update_experience,
            delete_experience
        ))
        .routes(routes!(publish_experience))
        .routes(routes!(unpublish_experience))
        .routes(routes!(create_comment, list_comments))
        .routes(routes!(create_report))
        .routes(routes!(list_reports))
        .routes(routes!(hide_content))
        .routes(routes!(restore_content))
}

/// An experience.
#[derive(Serialize, ToSchema)]
pub struct Experience {
    /// Id.
    id: Uuid,
    /// The collaboration.
    collaboration_id: Uuid,
    /// Title.
    title: String,
    /// What was done (Markdown).
    body: String,
    /// The same as sanitised HTML.
    body_html: String,
    /// What worked.
    what_worked: String,
    /// What did not.
    what_did_not: String,
    /// Advice to peers.
    advice: String,
    /// A lesson from something that failed.
    is_setback: bool,
    /// Theme codes.
    themes: Vec<String>,
    /// draft or published.
    state: String,
    /// Version, also the ETag.
    version: i64,
    /// The author's name.
    author_name: Option<String>,
    /// Hidden by a moderator.
    hidden: bool,
    /// Created.
    created_at: DateTime<Utc>,
    /// Last changed.
    updated_at: DateTime<Utc>,
    /// Published.
    published_at: Option<DateTime<Utc>>,
}

impl From<ExperienceRow> for Experience {
    fn from(e: ExperienceRow) -> Self {
        Experience {
            id: e.id,
            collaboration_id: e.collaboration_id,
            title: e.title,
            body: e.body_md,
            body_html: e.body_html,
            what_worked: e.what_worked,
            what_did_not: e.what_did_not,
            advice: e.advice,
            is_setback: e.is_setback,
            themes: e
                .themes
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            state: e.state,
            version: e.version,
            author_name: e.author_name,
            hidden: e.hidden_at.is_some(),
            created_at: e.created_at,
            updated_at: e.updated_at,
            published_at: e.published_at,
        }
    }
}

/// A comment, question or answer.
#[derive(Serialize, ToSchema)]
pub struct Comment {
    /// Id.
    id: Uuid,
    /// The experience.
    experience_id: Uuid,
    /// comment, question or answer.
    kind: String,
    /// Text.
    body: String,
    /// The author's name.
    author_name: Option<String>,
    /// The question an answer answers.
    answer_to: Option<Uuid>,
    /// Hidden by a moderator (only admins see hidden ones).
    hidden: bool,
    /// Written.
    created_at: DateTime<Utc>,
}

impl From<CommentRow> for Comment {
    fn from(c: CommentRow) -> Self {
        Comment {
            id: c.id,
            experience_id: c.experience_id,
            kind: c.kind,
            body: c.body,
            author_name: c.author_name,
            answer_to: c.parent_id,
            hidden: c.hidden_at.is_some(),
            created_at: c.created_at,
        }
    }
}

/// A report in the moderation queue.
#[derive(Serialize, ToSchema)]
pub struct Report {
    /// Id.
    id: Uuid,
    /// comment or experience.
    target_type: String,
    /// The reported record.
    target_id: Uuid,
    /// Why.
    reason: String,
    /// When.
    created_at: DateTime<Utc>,
}

impl From<ReportRow> for Report {
    fn from(r: ReportRow) -> Self {
        Report {
            id: r.id,
            target_type: r.target_type,
            target_id: r.target_id,
            reason: r.reason,
            created_at: r.created_at,
        }
    }
}

fn with_etag(status: StatusCode, row: ExperienceRow) -> Response {
    let version = row.version;
    let mut response = (status, Json(Experience::from(row))).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

/// Writes a draft experience on a collaboration (its organisation's editors and owners).
#[utoipa::path(post, path = "/api/v1/collaborations/{id}/experiences", tag = "experiences",
    params(("id" = Uuid, Path, description = "Collaboration id")), request_body = NewExperience,
    security(("bearer" = [])), responses((status = 201, body = Experience), (status = 422, description = "Invalid fields")))]
async fn create_experience(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewExperience>,
) -> Result<Response, AppError> {
    let row = experiences::create(&state, &user, parse_id(&id)?, body).await?;
    Ok(with_etag(StatusCode::CREATED, row))
}

/// The experiences of a collaboration the caller may read, newest first.
#[utoipa::path(get, path = "/api/v1/collaborations/{id}/experiences", tag = "experiences",
    params(("id" = Uuid, Path, description = "Collaboration id")),
    responses((status = 200, body = [Experience])))]
async fn list_experiences(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Experience>>, AppError> {
    let id = parse_id(&id)?;
    let viewer = viewer_of(user.as_ref());
    let mut tx = state.store.read().await?;
    tx.collaboration(id, &viewer)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = tx.experiences_of(id, &viewer).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// One experience.
#[utoipa::path(get, path = "/api/v1/experiences/{id}", tag = "experiences",
    params(("id" = Uuid, Path, description = "Experience id")),
    responses((status = 200, body = Experience), (status = 404, description = "None the caller may see")))]
async fn get_experience(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let row = state
        .store
        .read()
        .await?
        .experience(parse_id(&id)?, &viewer_of(user.as_ref()))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(with_etag(StatusCode::OK, row))
}

/// Edits an experience (its author or the organisation's editors); a stale version is 412.
#[utoipa::path(patch, path = "/api/v1/experiences/{id}", tag = "experiences",
    params(("id" = Uuid, Path, description = "Experience id"), ("If-Match" = Option<String>, Header, description = "The ETag you read, e.g. `\"3\"`", pattern = r#"^(W/)?"?[0-9]{1,18}"?$|^\*$"#)),
    request_body = ExperiencePatch, security(("bearer" = [])),
    responses((status = 200, body = Experience), (status = 412, description = "Stale version")))]
async fn update_experience(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(patch): ApiJson<ExperiencePatch>,
) -> Result<Response, AppError> {
    let row =
        experiences::update(&state, &user, parse_id(&id)?, if_match(&headers)?, patch).await?;
    Ok(with_etag(StatusCode::OK, row))
}

/// Deletes an experience.
#[utoipa::path(delete, path = "/api/v1/experiences/{id}", tag = "experiences",
    params(("id" = Uuid, Path, description = "Experience id")), security(("bearer" = [])),
    responses((status = 204, description = "Deleted")))]
async fn delete_experience(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    experiences::delete(&state, &user, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Publishes an experience.
#[utoipa::path(post, path = "/api/v1/experiences/{id}/publish", tag = "experiences",
    params(("id" = Uuid, Path, description = "Experience id")), security(("bearer" = [])),
    responses((status = 200, body = Experience)))]
async fn publish_experience(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let row = experiences::set_published(&state, &user, parse_id(&id)?, if_match(&headers)?, true)
        .await?;
    Ok(with_etag(StatusCode::OK, row))
}

/// Takes an experience back to draft.
#[utoipa::path(post, path = "/api/v1/experiences/{id}/unpublish", tag = "experiences",
    params(("id" = Uuid, Path, description = "Experience id")), security(("bearer" = [])),
    responses((status = 200, body = Experience)))]
async fn unpublish_experience(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let row = experiences::set_published(&state, &user, parse_id(&id)?, if_match(&headers)?, false)
        .await?;
    Ok(with_etag(StatusCode::OK, row))
}

/// Comments on, asks about or (authors) answers a question on a published experience.
#[utoipa::path(post, path = "/api/v1/experiences/{id}/comments", tag = "experiences",
    params(("id" = Uuid, Path, description = "Experience id")), request_body = NewComment,
    security(("bearer" = [])), responses((status = 201, body = Comment), (status = 403, description = "Email not verified, or not allowed to answer"),
        (status = 409, description = "The experience is not published (a draft, or hidden by a moderator)", content_type = "application/problem+json")))]
async fn create_comment(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<Comment>), AppError> {
    let row = experiences::comment(&state, &user, parse_id(&id)?, body).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// The comments on an experience, oldest first.
#[utoipa::path(get, path = "/api/v1/experiences/{id}/comments", tag = "experiences",
    params(("id" = Uuid, Path, description = "Experience id")),
    responses((status = 200, body = [Comment])))]
async fn list_comments(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<Comment>>, AppError> {
    let mut tx = state.store.read().await?;
    let rows = experiences::comments(&mut *tx, user.as_ref(), parse_id(&id)?).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Reports a comment or experience as inappropriate.
#[utoipa::path(post, path = "/api/v1/reports", tag = "moderation", request_body = NewReport,
    security(("bearer" = [])), responses((status = 201, body = Report)))]
async fn create_report(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewReport>,
) -> Result<(StatusCode, Json<Report>), AppError> {
    let row = moderation::report(&state, &user, body).await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}

/// The moderation queue (admins).
#[utoipa::path(get, path = "/api/v1/admin/reports", tag = "moderation", security(("bearer" = [])),
    responses((status = 200, body = [Report]), (status = 403, description = "Admins only")))]
async fn list_reports(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Report>>, AppError> {
    let rows = moderation::open_reports(&state, &user).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

fn target(kind: &str) -> Result<ReportTarget, AppError> {
    match kind {
        "comments" => Ok(ReportTarget::Comment),
        "experiences" => Ok(ReportTarget::Experience),
        _ => Err(AppError::NotFound),
    }
}

/// Hides a comment or experience (admins); the author is told why.
#[utoipa::path(post, path = "/api/v1/admin/{kind}/{id}/hide", tag = "moderation",
    params(("kind" = String, Path, description = "comments or experiences"), ("id" = Uuid, Path, description = "Its id")),
    request_body = HideInput, security(("bearer" = [])), responses((status = 204, description = "Hidden")))]
async fn hide_content(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<HideInput>,
) -> Result<StatusCode, AppError> {
    moderation::set_hidden(&state, &user, target(&kind)?, parse_id(&id)?, Some(body)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Restores a hidden comment or experience (admins).
#[utoipa::path(post, path = "/api/v1/admin/{kind}/{id}/restore", tag = "moderation",
    params(("kind" = String, Path, description = "comments or experiences"), ("id" = Uuid, Path, description = "Its id")),
    security(("bearer" = [])), responses((status = 204, description = "Restored")))]
async fn restore_content(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    moderation::set_hidden(&state, &user, target(&kind)?, parse_id(&id)?, None).await?;
    Ok(StatusCode::NO_CONTENT)
}
