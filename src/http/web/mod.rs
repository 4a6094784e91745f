//! The HTML pages, server-rendered from `templates/`, in Danish and English. Every page works
//! without JavaScript; forms are CSRF-checked.

pub mod assets;
pub mod catalogue;
pub mod csrf;
pub mod error_page;
pub mod form;
mod home;
pub mod language;
mod notifications;
pub mod page;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;

/// Every page route, each area's routes merged in one place.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(language::router())
        .merge(notifications::router())
        .merge(catalogue::recommendations::router())
        .merge(catalogue::toolbox::router())
        .merge(catalogue::themes::router())
        .merge(catalogue::places::router())
        .route("/static/{*path}", get(assets::serve))
}
