//! The HTML pages, server-rendered from `templates/`, in Danish and English. Every page works
//! without JavaScript; forms are CSRF-checked.

pub mod account;
mod admin;
pub mod assets;
pub mod catalogue;
pub mod collaborations;
pub mod csrf;
mod editor;
pub mod error_page;
pub mod fields;
pub mod following;
pub mod form;
mod home;
pub mod language;
pub mod moderation;
pub mod notice;
mod notifications;
pub mod open_data;
pub mod organisations;
pub mod page;
pub mod refusal;
pub mod session;
pub mod uptake;

use axum::Router;
use axum::routing::get;

use crate::app::AppState;

/// Every page route, each area's routes merged in one place.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(language::router())
        .merge(notifications::router())
        .merge(following::router())
        .merge(catalogue::recommendations::router())
        .merge(catalogue::toolbox::router())
        .merge(catalogue::themes::router())
        .merge(catalogue::places::router())
        .merge(collaborations::router())
        .merge(editor::router())
        .merge(uptake::router())
        .merge(open_data::router())
        .merge(moderation::router())
        .merge(account::router())
        .merge(organisations::router())
        .merge(admin::router())
        .route("/static/{*path}", get(assets::serve))
}
