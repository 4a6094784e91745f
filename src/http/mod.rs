//! The HTTP surface: JSON API under `/api`, pages elsewhere, one middleware stack for both.

pub mod api;
pub mod extract;
mod middleware;
pub mod openapi;
pub mod web;

use axum::Router;
use axum::extract::DefaultBodyLimit;

use crate::app::AppState;
use crate::error::AppError;

/// The whole route table with its middleware.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router().split_for_parts();
    let routes = Router::new()
        .merge(api)
        .merge(openapi::router(openapi))
        .merge(web::router())
        .fallback(|| async { AppError::NotFound })
        .layer(DefaultBodyLimit::max(state.config.http.body_limit_bytes));
    middleware::stack(routes, state.clone()).with_state(state)
}
