//! Following, in-app notifications and email preferences of the caller.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::collaborations::{cursor, paging, parse_id};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::http::extract::{ApiJson, ApiQuery, Lang};
use crate::notify::follows::{self, Preferences, unknown_target_type};
use crate::notify::{TargetType, title};
use crate::store::notify::FollowRow;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_follow, list_follows))
        .routes(routes!(delete_follow))
        .routes(routes!(list_notifications))
        .routes(routes!(mark_notifications_read))
        .routes(routes!(get_preferences, put_preferences))
}

/// What to follow.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewFollow {
    /// recommendation, toolbox_entry, theme, municipality, region, organization or collaboration.
    pub target_type: String,
    /// The code, slug or id.
    pub target_id: String,
}

/// Something the caller follows.
#[derive(Serialize, ToSchema)]
pub struct Follow {
    /// Id.
    id: Uuid,
    /// What kind of thing.
    target_type: String,
    /// Its code, slug or id.
    target_id: String,
    /// Since.
    created_at: DateTime<Utc>,
}

impl From<FollowRow> for Follow {
    fn from(f: FollowRow) -> Self {
        Follow {
            id: f.id,
            target_type: f.target_type,
            target_id: f.target_id,
            created_at: f.created_at,
        }
    }
}

/// Follows something: news about it reaches the caller in the app and by email. 201 when new,
/// 200 when already followed.
#[utoipa::path(post, path = "/api/v1/me/follows", tag = "following", request_body = NewFollow,
    security(("bearer" = [])),
    responses((status = 201, body = Follow), (status = 200, body = Follow, description = "Already followed"),
        (status = 404, description = "No such thing the caller may see"), (status = 422, description = "Unknown target_type")))]
async fn create_follow(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewFollow>,
) -> Result<(StatusCode, Json<Follow>), AppError> {
    let target: TargetType = body
        .target_type
        .parse()
        .map_err(|_| AppError::Validation(vec![unknown_target_type()]))?;
    let (row, new) = follows::follow(&state, &user, target, &body.target_id).await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(row.into())))
}

/// What the caller follows, newest first.
#[utoipa::path(get, path = "/api/v1/me/follows", tag = "following", security(("bearer" = [])),
    responses((status = 200, body = [Follow])))]
async fn list_follows(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<Follow>>, AppError> {
    let rows = state.store.read().await?.follows_of(user.id).await?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Stops following.
#[utoipa::path(delete, path = "/api/v1/me/follows/{id}", tag = "following",
    params(("id" = Uuid, Path, description = "Follow id")), security(("bearer" = [])),
    responses((status = 204, description = "No longer followed"), (status = 404, description = "No such follow of the caller")))]
async fn delete_follow(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let id = parse_id(&id)?;
    let mut tx = state.store.write().await?;
    if !tx.unfollow(user.id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which notifications to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only unread ones.
    pub unread: Option<bool>,
    /// Page size, 1-100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor`.
    pub cursor: Option<String>,
}

/// A notification.
#[derive(Serialize, ToSchema)]
pub struct Notification {
    /// Id (pass to the read endpoint).
    id: Uuid,
    /// Kind.
    kind: String,
    /// What happened, in the caller's language.
    title: String,
    /// The page it is about.
    url: String,
    /// When.
    created_at: DateTime<Utc>,
    /// When read; null while unread.
    read_at: Option<DateTime<Utc>>,
}

/// A page of notifications.
#[derive(Serialize, ToSchema)]
pub struct NotificationPage {
    /// Newest first.
    items: Vec<Notification>,
    /// For the next page; null on the last.
    next_cursor: Option<String>,
}

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "following", params(NotificationQuery),
    security(("bearer" = [])), responses((status = 200, body = NotificationPage)))]
async fn list_notifications(
    State(state): State<AppState>,
    user: CurrentUser,
    Lang(locale): Lang,
    ApiQuery(q): ApiQuery<NotificationQuery>,
) -> Result<Json<NotificationPage>, AppError> {
    let (limit, after) = paging(q.limit, q.cursor.as_deref())?;
    let mut rows = state
        .store
        .read()
        .await?
        .notifications_of(user.id, q.unread.unwrap_or(false), after, limit + 1)
        .await?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(|r| cursor(r.event_id))
    } else {
        None
    };
    Ok(Json(NotificationPage {
        items: rows
            .into_iter()
            .map(|n| Notification {
                title: title(locale, &n.kind, &n.data),
                id: n.event_id,
                kind: n.kind,
                url: n.url,
                created_at: n.created_at,
                read_at: n.read_at,
            })
            .collect(),
        next_cursor: next,
    }))
}

/// Which notifications to mark read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// These.
    #[serde(default)]
    pub ids: Option<Vec<Uuid>>,
    /// Or all of them.
    #[serde(default)]
    pub all: Option<bool>,
}

/// Marks notifications read.
#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "following", request_body = MarkRead,
    security(("bearer" = [])), responses((status = 204, description = "Marked"), (status = 422, description = "Neither ids nor all")))]
async fn mark_notifications_read(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<MarkRead>,
) -> Result<StatusCode, AppError> {
    let ids = match (body.ids, body.all) {
        (_, Some(true)) => None,
        (Some(ids), _) => Some(ids),
        _ => return Err(AppError::field("ids", "field-required")),
    };
    let mut tx = state.store.write().await?;
    tx.mark_read(user.id, ids.as_deref(), state.clock.now())
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How often email comes, in general and per kind of notification.
#[utoipa::path(get, path = "/api/v1/me/notification-preferences", tag = "following",
    security(("bearer" = [])), responses((status = 200, body = Preferences)))]
async fn get_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Preferences>, AppError> {
    let mut tx = state.store.read().await?;
    Ok(Json(follows::preferences(&mut *tx, user.id).await?))
}

/// Replaces the email preferences.
#[utoipa::path(put, path = "/api/v1/me/notification-preferences", tag = "following",
    request_body = Preferences, security(("bearer" = [])), responses((status = 200, body = Preferences)))]
async fn put_preferences(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<Preferences>,
) -> Result<Json<Preferences>, AppError> {
    follows::save_preferences(&state, user.id, &body).await?;
    let mut tx = state.store.read().await?;
    Ok(Json(follows::preferences(&mut *tx, user.id).await?))
}
