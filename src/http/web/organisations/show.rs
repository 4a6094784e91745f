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
use crate::registry::{viewer_of, writes};
use crate::store::scope::CollaborationFilter;
use crate::uptake::open_data::page_path;

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/organisationer/{slug}", get(show))
}

/// One of the organisation's collaborations as its page lists it.
struct OwnCollaboration {
    title: String,
    href: String,
    draft: bool,
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
    /// Its collaborations the visitor may see (drafts too, for its members).
    collaborations: Vec<OwnCollaboration>,
    /// The visitor edits for it: the ways to register and edit collaborations.
    editor: bool,
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
    let stored_role = match &ctx.user {
        Some(user) => tx.member_role(org.id, user.id).await?,
        None => None,
    };
    let editor = writes(stored_role.as_deref().and_then(|r| r.parse().ok()));
    let role = stored_role.map(|r| role_in_sentence(&ctx, &r));
    let filter = CollaborationFilter {
        organisation: Some(org.id),
        include_drafts: true,
        ..CollaborationFilter::default()
    };
    let collaborations = tx
        .list_collaborations(&viewer_of(ctx.user.as_ref()), &filter, None, 200)
        .await?
        .iter()
        .map(|row| OwnCollaboration {
            title: row.title.clone(),
            href: page_path(row),
            draft: row.state != "published",
        })
        .collect();
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
        collaborations,
        editor,
    }))
}
