//! Operators' view of the email outbox (the CLI has the same: `bymidter outbox ...`).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::AppError;
use crate::mail::outbox;
use crate::store::outbox::OutboxRow;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_outbox))
        .routes(routes!(retry_outbox))
}

/// An email in the outbox.
#[derive(Serialize, ToSchema)]
pub struct OutboxEmail {
    /// Id.
    id: Uuid,
    /// What kind of email.
    kind: String,
    /// The recipient.
    recipient: String,
    /// Subject.
    subject: String,
    /// `pending`, `sent` or `dead`.
    status: String,
    /// Attempts so far.
    attempts: i64,
    /// The last failure.
    last_error: Option<String>,
    /// Queued.
    created_at: DateTime<Utc>,
    /// When the next attempt is due (pending messages).
    next_attempt_at: DateTime<Utc>,
    /// When it was handed to the mail server.
    sent_at: Option<DateTime<Utc>>,
}

impl From<OutboxRow> for OutboxEmail {
    fn from(r: OutboxRow) -> Self {
        OutboxEmail {
            id: r.id,
            kind: r.kind,
            recipient: r.recipient,
            subject: r.subject,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            next_attempt_at: r.next_attempt_at,
            sent_at: r.sent_at,
        }
    }
}

/// Which messages to list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// `pending`, `sent` or `dead`; all when left out.
    #[serde(default)]
    status: Option<String>,
    /// At most this many, newest first (default 50, max 500).
    #[serde(default)]
    limit: Option<i64>,
}

fn require_admin(user: &CurrentUser) -> Result<(), AppError> {
    if user.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden("problem-admin-only"))
    }
}

/// The outbox, newest first: what waits, what went, and what died.
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", security(("bearer" = [])), params(OutboxQuery),
    responses(
        (status = 200, body = [OutboxEmail]),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", content_type = "application/problem+json"),
    ))]
async fn list_outbox(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<OutboxQuery>,
) -> Result<Json<Vec<OutboxEmail>>, AppError> {
    require_admin(&user)?;
    let limit = q.limit.unwrap_or(50).clamp(1, 500);
    let rows = outbox::list(&state.store, q.status.as_deref(), limit).await?;
    Ok(Json(rows.into_iter().map(OutboxEmail::from).collect()))
}

/// Puts a dead (or waiting) email back in the queue with fresh attempts.
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", tag = "admin", security(("bearer" = [])),
    params(("id" = String, Path, description = "The message id")),
    responses(
        (status = 204, description = "Queued again"),
        (status = 401, description = "Not logged in", content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", content_type = "application/problem+json"),
        (status = 404, description = "No such unsent message", content_type = "application/problem+json"),
    ))]
async fn retry_outbox(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    require_admin(&user)?;
    let id: Uuid = id.parse().map_err(|_| AppError::NotFound)?;
    if !outbox::retry(&state.store, id, Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(StatusCode::NO_CONTENT)
}
