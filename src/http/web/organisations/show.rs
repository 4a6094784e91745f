//! `/organisationer/{slug}`: an organisation's public page: name, kind, municipality and
//! region; for its members, their role and the way to the members page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

use super::{kind_name, organisation_href, role_in_sentence};
use crate::app::AppState;
use crate::error::AppError;
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::organisations;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/organisationer/{slug}", get(show))
}

/// Where the organisation is.
struct Place {
    municipality: String,
    municipality_href: String,
    region: String,
    region_href: String,
}

#[derive(Template)]
#[template(path = "pages/organisations/show.html", whitespace = "minimize")]
struct OrganisationPage {
    chrome: Chrome,
    name: String,
    kind: String,
    place: Option<Place>,
    /// The visitor's role, when they are a member.
    role: Option<String>,
    members_href: String,
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = organisations::by_slug(&state, &slug).await?;
    let mut tx = state.store.read().await?;
    let place = match &org.municipality_code {
        Some(code) => tx.municipality(code).await?.map(|m| Place {
            municipality_href: format!("/kommuner/{}", m.code),
            region_href: format!("/regioner/{}", m.region_code),
            municipality: m.name,
            region: m.region_name,
        }),
        None => None,
    };
    let role = match &ctx.user {
        Some(user) => tx
            .member_role(org.id, user.id)
            .await?
            .map(|r| role_in_sentence(&ctx, &r)),
        None => None,
    };
    let kind = kind_name(&ctx, &org.kind);
    let description = match &place {
        Some(p) => ctx.locale.text_with(
            "organisation-description-in",
            &[
                ("name", org.name.clone()),
                ("kind", kind.clone()),
                ("municipality", p.municipality.clone()),
            ],
        ),
        None => ctx.locale.text_with(
            "organisation-description",
            &[("name", org.name.clone()), ("kind", kind.clone())],
        ),
    };
    let href = organisation_href(&org.slug);
    let chrome = ctx
        .chrome(Section::Other, org.name.clone(), description)
        .with_breadcrumbs(vec![(href.clone(), org.name.clone())]);
    Ok(ctx.render(&OrganisationPage {
        chrome,
        name: org.name,
        kind,
        place,
        role,
        members_href: format!("{href}/medlemmer"),
    }))
}
