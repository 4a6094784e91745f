//! The catalogue, read by anyone, in the caller's language.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::extract::MaybeUser;
use crate::error::AppError;
use crate::http::extract::Lang;
use crate::i18n::Locale;
use crate::registry::viewer_of;
use crate::store::catalogue::{MunicipalityRow, RecommendationRow, ThemeRow, ToolboxEntryRow};
use crate::store::scope::CollaborationFilter;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_themes))
        .routes(routes!(list_recommendations))
        .routes(routes!(get_recommendation))
        .routes(routes!(list_toolbox))
        .routes(routes!(get_toolbox_entry))
        .routes(routes!(list_municipalities))
        .routes(routes!(list_regions))
}

/// A theme of the partnership.
#[derive(Serialize, ToSchema)]
pub struct Theme {
    /// Code, e.g. `3.1`.
    code: String,
    /// Name in the caller's language.
    name: String,
    /// Summary in the caller's language.
    summary: String,
    /// Parent theme code.
    parent: Option<String>,
}

impl Theme {
    fn new(row: ThemeRow, l: Locale) -> Self {
        Theme {
            name: l.pick(&row.name_da, &row.name_en).to_owned(),
            summary: l.pick(&row.summary_da, &row.summary_en).to_owned(),
            code: row.code,
            parent: row.parent,
        }
    }
}

/// A recommendation of the partnership.
#[derive(Serialize, ToSchema)]
pub struct Recommendation {
    /// Code, e.g. `P3`.
    code: String,
    /// Title in the caller's language.
    title: String,
    /// Summary in the caller's language.
    summary: String,
    /// Theme codes.
    themes: Vec<String>,
    /// Who it is addressed to (`staten`, `kommunerne`, `erhvervslivet`).
    addressees: Vec<String>,
    /// Not the partnership's official wording yet.
    provisional: bool,
    /// No longer offered for new links; existing links still resolve.
    retired: bool,
    /// The code that replaces a retired recommendation.
    replaced_by: Option<String>,
}

impl Recommendation {
    /// The caller's view of a stored recommendation.
    pub fn new(row: RecommendationRow, l: Locale) -> Self {
        Recommendation {
            title: l.pick(&row.title_da, &row.title_en).to_owned(),
            summary: l.pick(&row.summary_da, &row.summary_en).to_owned(),
            themes: split_codes(&row.themes),
            addressees: serde_json::from_str(&row.addressees).unwrap_or_default(),
            code: row.code,
            provisional: row.provisional,
            retired: row.retired,
            replaced_by: row.replaced_by,
        }
    }
}

/// A recommendation with how many collaborations the caller may see link to it.
#[derive(Serialize, ToSchema)]
pub struct RecommendationDetail {
    #[serde(flatten)]
    recommendation: Recommendation,
    /// Published collaborations the caller may see that link to it.
    linked_collaborations: i64,
}

/// A toolbox entry.
#[derive(Serialize, ToSchema)]
pub struct ToolboxEntry {
    /// Slug.
    slug: String,
    /// Section slug.
    section: String,
    /// Title in the caller's language.
    title: String,
    /// Summary in the caller's language.
    summary: String,
    /// Theme codes.
    themes: Vec<String>,
    /// The organisation model this entry describes, for the four organisation entries.
    organisation_model: Option<String>,
    /// No longer offered for new links.
    retired: bool,
}

impl ToolboxEntry {
    fn new(row: ToolboxEntryRow, l: Locale) -> Self {
        ToolboxEntry {
            title: l.pick(&row.title_da, &row.title_en).to_owned(),
            summary: l.pick(&row.summary_da, &row.summary_en).to_owned(),
            themes: split_codes(&row.themes),
            slug: row.slug,
            section: row.section,
            organisation_model: row.organisation_model,
            retired: row.retired,
        }
    }
}

/// A municipality with its region.
#[derive(Serialize, ToSchema)]
pub struct Municipality {
    /// Code without zero padding, e.g. `329`.
    code: String,
    /// Name.
    name: String,
    /// Region code, e.g. `1085`.
    region_code: String,
    /// Region name.
    region_name: String,
}

impl From<MunicipalityRow> for Municipality {
    fn from(m: MunicipalityRow) -> Self {
        Municipality {
            code: m.code,
            name: m.name,
            region_code: m.region_code,
            region_name: m.region_name,
        }
    }
}

/// A region.
#[derive(Serialize, ToSchema)]
pub struct Region {
    /// Code, e.g. `1085`.
    code: String,
    /// Name.
    name: String,
}

/// Whether to include retired entries.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RetiredQuery {
    /// Include retired entries (default false).
    #[serde(default)]
    include_retired: bool,
}

fn split_codes(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The themes.
#[utoipa::path(get, path = "/api/v1/themes", tag = "catalogue",
    responses((status = 200, body = [Theme])))]
async fn list_themes(
    State(state): State<AppState>,
    Lang(l): Lang,
) -> Result<Json<Vec<Theme>>, AppError> {
    let rows = state.store.read().await?.themes().await?;
    Ok(Json(
        rows.into_iter()
            .filter(|t| !t.retired)
            .map(|t| Theme::new(t, l))
            .collect(),
    ))
}

/// The recommendations, in catalogue order.
#[utoipa::path(get, path = "/api/v1/recommendations", tag = "catalogue", params(RetiredQuery),
    responses((status = 200, body = [Recommendation])))]
async fn list_recommendations(
    State(state): State<AppState>,
    Lang(l): Lang,
    Query(q): Query<RetiredQuery>,
) -> Result<Json<Vec<Recommendation>>, AppError> {
    let rows = state.store.read().await?.recommendations().await?;
    Ok(Json(
        rows.into_iter()
            .filter(|r| q.include_retired || !r.retired)
            .map(|r| Recommendation::new(r, l))
            .collect(),
    ))
}

/// One recommendation; retired ones stay resolvable.
#[utoipa::path(get, path = "/api/v1/recommendations/{code}", tag = "catalogue",
    params(("code" = String, Path, description = "Recommendation code, e.g. P3")),
    responses((status = 200, body = RecommendationDetail), (status = 404, content_type = "application/problem+json")))]
async fn get_recommendation(
    State(state): State<AppState>,
    Lang(l): Lang,
    MaybeUser(user): MaybeUser,
    Path(code): Path<String>,
) -> Result<Json<RecommendationDetail>, AppError> {
    let mut tx = state.store.read().await?;
    let row = tx.recommendation(&code).await?.ok_or(AppError::NotFound)?;
    let filter = CollaborationFilter {
        recommendation: Some(row.code.clone()),
        ..Default::default()
    };
    let linked_collaborations = tx
        .count_collaborations(&viewer_of(user.as_ref()), &filter)
        .await?;
    Ok(Json(RecommendationDetail {
        recommendation: Recommendation::new(row, l),
        linked_collaborations,
    }))
}

/// The toolbox, in catalogue order.
#[utoipa::path(get, path = "/api/v1/toolbox", tag = "catalogue", params(RetiredQuery),
    responses((status = 200, body = [ToolboxEntry])))]
async fn list_toolbox(
    State(state): State<AppState>,
    Lang(l): Lang,
    Query(q): Query<RetiredQuery>,
) -> Result<Json<Vec<ToolboxEntry>>, AppError> {
    let rows = state.store.read().await?.toolbox_entries().await?;
    Ok(Json(
        rows.into_iter()
            .filter(|t| q.include_retired || !t.retired)
            .map(|t| ToolboxEntry::new(t, l))
            .collect(),
    ))
}

/// One toolbox entry.
#[utoipa::path(get, path = "/api/v1/toolbox/{slug}", tag = "catalogue",
    params(("slug" = String, Path, description = "Toolbox entry slug")),
    responses((status = 200, body = ToolboxEntry), (status = 404, content_type = "application/problem+json")))]
async fn get_toolbox_entry(
    State(state): State<AppState>,
    Lang(l): Lang,
    Path(slug): Path<String>,
) -> Result<Json<ToolboxEntry>, AppError> {
    let row = state.store.read().await?.toolbox_entry(&slug).await?;
    row.map(|t| Json(ToolboxEntry::new(t, l)))
        .ok_or(AppError::NotFound)
}

/// All 98 municipalities with their regions.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "catalogue",
    responses((status = 200, body = [Municipality])))]
async fn list_municipalities(
    State(state): State<AppState>,
) -> Result<Json<Vec<Municipality>>, AppError> {
    let rows = state.store.read().await?.municipalities().await?;
    Ok(Json(rows.into_iter().map(Municipality::from).collect()))
}

/// The five regions.
#[utoipa::path(get, path = "/api/v1/regions", tag = "catalogue",
    responses((status = 200, body = [Region])))]
async fn list_regions(State(state): State<AppState>) -> Result<Json<Vec<Region>>, AppError> {
    let rows = state.store.read().await?.regions().await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| Region {
                code: r.code,
                name: r.name,
            })
            .collect(),
    ))
}
