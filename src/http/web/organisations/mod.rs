//! The organisation pages: creating one, its public page, and its members and invitations.
//! Each calls the same service functions as the API (`crate::organisations`).

mod members;
mod new;
mod show;

pub(in crate::http::web) use new::municipality_groups;

use axum::Router;

use super::page::PageContext;
use crate::app::AppState;
use crate::domain::vocab::{OrganisationKind, Role};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .merge(new::router())
        .merge(show::router())
        .merge(members::router())
}

/// An organisation kind's name as a page shows it.
pub(in crate::http::web) fn kind_name(ctx: &PageContext, kind: &str) -> String {
    match kind.parse::<OrganisationKind>() {
        Ok(k) => ctx.t(&format!(
            "organisation-kind-{}",
            k.as_str().replace('_', "-")
        )),
        Err(_) => kind.to_owned(),
    }
}

/// A role's name as a page shows it.
pub(in crate::http::web) fn role_name(ctx: &PageContext, role: &str) -> String {
    match role.parse::<Role>() {
        Ok(r) => ctx.t(&format!("role-label-{}", r.as_str())),
        Err(_) => role.to_owned(),
    }
}

/// A role's name inside a sentence ("You are editor in ...").
pub(in crate::http::web) fn role_in_sentence(ctx: &PageContext, role: &str) -> String {
    match role.parse::<Role>() {
        Ok(r) => ctx.t(&format!("role-{}", r.as_str())),
        Err(_) => role.to_owned(),
    }
}

/// The page of the organisation with `slug`.
pub(in crate::http::web) fn organisation_href(slug: &str) -> String {
    format!("/organisationer/{slug}")
}
