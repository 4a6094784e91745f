//! `/kommuner` and `/regioner`: the 98 municipalities by region, one page each.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use super::{municipality_href, region_href};
use crate::app::AppState;
use crate::domain::MunicipalityCode;
use crate::error::AppError;
use crate::http::web::collaborations::filters::{LIST_KEYS, Params};
use crate::http::web::collaborations::{CollaborationTeaser, teaser};
use crate::http::web::page::{Chrome, PageContext, Section};
use crate::registry::viewer_of;
use crate::store::catalogue::{MunicipalityRow, RegionRow};
use crate::store::scope::CollaborationFilter;

pub(in crate::http::web) fn router() -> Router<AppState> {
    Router::new()
        .route("/kommuner", get(municipalities))
        .route("/kommuner/{code}", get(municipality))
        .route("/regioner", get(regions))
        .route("/regioner/{code}", get(region))
}

/// A link to a municipality or region.
struct Place {
    code: String,
    name: String,
    href: String,
}

/// A region and its municipalities.
struct RegionGroup {
    region: Place,
    municipalities: Vec<Place>,
}

fn municipality_place(m: &MunicipalityRow) -> Place {
    Place {
        code: m.code.clone(),
        name: m.name.clone(),
        href: municipality_href(&m.code),
    }
}

fn region_place(r: &RegionRow) -> Place {
    Place {
        code: r.code.clone(),
        name: r.name.clone(),
        href: region_href(&r.code),
    }
}

fn groups(regions: &[RegionRow], municipalities: &[MunicipalityRow]) -> Vec<RegionGroup> {
    regions
        .iter()
        .map(|r| {
            let mut members: Vec<Place> = municipalities
                .iter()
                .filter(|m| m.region_code == r.code)
                .map(municipality_place)
                .collect();
            members.sort_by(|a, b| a.name.cmp(&b.name));
            RegionGroup {
                region: region_place(r),
                municipalities: members,
            }
        })
        .collect()
}

/// How a code in a path relates to the stored codes.
enum PathCode {
    /// The code as stored.
    Exact(String),
    /// Another spelling of a code (`0329` for `329`): redirect to the stored one.
    Respelled(String),
    /// Not a code at all.
    Invalid,
}

fn path_code(raw: &str) -> PathCode {
    match MunicipalityCode::parse(raw) {
        None => PathCode::Invalid,
        Some(code) if code.to_string() != raw => PathCode::Respelled(code.to_string()),
        Some(code) => PathCode::Exact(code.to_string()),
    }
}

#[derive(Template)]
#[template(path = "pages/municipalities.html", whitespace = "minimize")]
struct MunicipalitiesPage {
    chrome: Chrome,
    groups: Vec<RegionGroup>,
    total: usize,
}

async fn municipalities(
    State(state): State<AppState>,
    ctx: PageContext,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let regions = tx.regions().await?;
    let all = tx.municipalities().await?;
    let chrome = ctx
        .chrome(
            Section::Places,
            ctx.t("municipalities-title"),
            ctx.t("municipalities-description"),
        )
        .with_breadcrumbs(vec![("/kommuner".into(), ctx.t("municipalities-title"))]);
    Ok(ctx.render(&MunicipalitiesPage {
        chrome,
        groups: groups(&regions, &all),
        total: all.len(),
    }))
}

#[derive(Template)]
#[template(path = "pages/municipality.html", whitespace = "minimize")]
struct MunicipalityPage {
    chrome: Chrome,
    municipality: Place,
    region: Place,
    neighbours: Vec<Place>,
    collaborations: CollaborationTeaser,
}

async fn municipality(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let code = match path_code(&raw) {
        PathCode::Exact(code) => code,
        PathCode::Respelled(code) => {
            return Ok(Redirect::permanent(&municipality_href(&code)).into_response());
        }
        PathCode::Invalid => return Err(AppError::NotFound),
    };
    let mut tx = state.store.read().await?;
    let row = tx.municipality(&code).await?.ok_or(AppError::NotFound)?;
    let mut neighbours: Vec<Place> = tx
        .municipalities()
        .await?
        .iter()
        .filter(|m| m.region_code == row.region_code && m.code != row.code)
        .map(municipality_place)
        .collect();
    neighbours.sort_by(|a, b| a.name.cmp(&b.name));
    let region = Place {
        code: row.region_code.clone(),
        name: row.region_name.clone(),
        href: region_href(&row.region_code),
    };
    let filter = CollaborationFilter {
        municipality: Some(row.code.clone()),
        ..CollaborationFilter::default()
    };
    let list = Params::from_pairs([("municipality", row.code.as_str())]).query(&LIST_KEYS);
    let (collaborations, _) = teaser(
        &mut *tx,
        &viewer_of(ctx.user.as_ref()),
        &filter,
        &list,
        ctx.locale,
    )
    .await?;
    let description = ctx.locale.text_with(
        "municipality-description",
        &[
            ("name", row.name.clone()),
            ("region", row.region_name.clone()),
        ],
    );
    let title = ctx.t1("municipality-heading", "name", &row.name);
    let chrome = ctx
        .chrome(Section::Places, title, description)
        .with_breadcrumbs(vec![
            ("/kommuner".into(), ctx.t("municipalities-title")),
            (region.href.clone(), region.name.clone()),
            (municipality_href(&row.code), row.name.clone()),
        ]);
    Ok(ctx.render(&MunicipalityPage {
        chrome,
        municipality: municipality_place(&row),
        region,
        neighbours,
        collaborations,
    }))
}

#[derive(Template)]
#[template(path = "pages/regions.html", whitespace = "minimize")]
struct RegionsPage {
    chrome: Chrome,
    groups: Vec<RegionGroup>,
}

async fn regions(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let regions = tx.regions().await?;
    let all = tx.municipalities().await?;
    let chrome = ctx
        .chrome(
            Section::Places,
            ctx.t("regions-title"),
            ctx.t("regions-description"),
        )
        .with_breadcrumbs(vec![("/regioner".into(), ctx.t("regions-title"))]);
    Ok(ctx.render(&RegionsPage {
        chrome,
        groups: groups(&regions, &all),
    }))
}

#[derive(Template)]
#[template(path = "pages/region.html", whitespace = "minimize")]
struct RegionPage {
    chrome: Chrome,
    group: RegionGroup,
    collaborations: CollaborationTeaser,
}

async fn region(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(raw): Path<String>,
) -> Result<Response, AppError> {
    let code = match path_code(&raw) {
        PathCode::Exact(code) => code,
        PathCode::Respelled(code) => {
            return Ok(Redirect::permanent(&region_href(&code)).into_response());
        }
        PathCode::Invalid => return Err(AppError::NotFound),
    };
    let mut tx = state.store.read().await?;
    let regions = tx.regions().await?;
    let row = regions
        .iter()
        .find(|r| r.code == code)
        .ok_or(AppError::NotFound)?;
    let all = tx.municipalities().await?;
    let group = groups(std::slice::from_ref(row), &all)
        .pop()
        .ok_or(AppError::NotFound)?;
    let filter = CollaborationFilter {
        region: Some(row.code.clone()),
        ..CollaborationFilter::default()
    };
    let list = Params::from_pairs([("region", row.code.as_str())]).query(&LIST_KEYS);
    let (collaborations, _) = teaser(
        &mut *tx,
        &viewer_of(ctx.user.as_ref()),
        &filter,
        &list,
        ctx.locale,
    )
    .await?;
    let description = ctx.locale.text_with(
        "region-description",
        &[
            ("name", row.name.clone()),
            ("count", group.municipalities.len().to_string()),
        ],
    );
    let chrome = ctx
        .chrome(Section::Places, row.name.clone(), description)
        .with_breadcrumbs(vec![
            ("/regioner".into(), ctx.t("regions-title")),
            (region_href(&row.code), row.name.clone()),
        ]);
    Ok(ctx.render(&RegionPage {
        chrome,
        group,
        collaborations,
    }))
}
