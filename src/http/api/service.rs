//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::AppError;

/// The service's status.
#[derive(Serialize, ToSchema)]
pub struct Status {
    /// Always `ok` when answered.
    status: &'static str,
}

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(ready))
}

/// 200 while the process runs.
#[utoipa::path(get, path = "/health", tag = "service",
    responses((status = 200, description = "The process runs", body = Status)))]
async fn health() -> Json<Status> {
    Json(Status { status: "ok" })
}

/// 200 when the database answers, else 503.
#[utoipa::path(get, path = "/ready", tag = "service",
    responses(
        (status = 200, description = "Ready to serve", body = Status),
        (status = 503, description = "The database does not answer", content_type = "application/problem+json"),
    ))]
async fn ready(State(state): State<AppState>) -> Result<Json<Status>, AppError> {
    let ping = tokio::time::timeout(std::time::Duration::from_secs(3), state.store.ping()).await;
    match ping {
        Ok(Ok(())) => Ok(Json(Status { status: "ok" })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            Err(AppError::Unavailable)
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            Err(AppError::Unavailable)
        }
    }
}
