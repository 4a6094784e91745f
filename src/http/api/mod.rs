//! The JSON API (`/api/v1`), with the OpenAPI document generated from the same annotations.

pub mod admin;
pub mod auth;
pub mod catalogue;
pub mod collaborations;
pub mod experiences;
pub mod exports;
pub mod follows;
pub mod me;
pub mod organisations;
pub mod search;
pub mod service;
pub mod uptake;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::app::AppState;
use crate::http::openapi::ApiDoc;

/// Every API route, each area's routes merged in one place.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(service::router())
        .merge(catalogue::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(organisations::router())
        .merge(admin::router())
        .merge(collaborations::router())
        .merge(experiences::router())
        .merge(uptake::router())
        .merge(exports::router())
        .merge(follows::router())
        .merge(search::router())
}
