//! Uptake of the recommendations as JSON, CSV or Excel: the same numbers every way.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::auth::extract::MaybeUser;
use crate::domain::vocab::{OrganisationModel, TownSize};
use crate::error::AppError;
use crate::http::extract::{ApiQuery, Lang};
use crate::registry::viewer_of;
use crate::uptake::tables::{self, Table};
use crate::uptake::{
    self, Coverage, Interval, RecommendationUptake, TimelinePoint, ToolUptake, UptakeQuery,
};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(recommendation_uptake))
        .routes(routes!(recommendation_timeline))
        .routes(routes!(toolbox_uptake))
        .routes(routes!(coverage))
}

/// How to answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// JSON (default).
    #[default]
    Json,
    /// CSV, UTF-8.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// The filters of every uptake figure, and the format.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FigureQuery {
    /// Region code, e.g. 1085.
    pub region: Option<String>,
    /// Municipality code, e.g. 370.
    pub municipality: Option<String>,
    /// Town size band.
    pub size: Option<TownSize>,
    /// Organisation model.
    pub organisation_model: Option<OrganisationModel>,
    /// Start of the period (YYYY-MM-DD).
    pub from: Option<chrono::NaiveDate>,
    /// End of the period (YYYY-MM-DD).
    pub to: Option<chrono::NaiveDate>,
    /// For timelines: month, quarter (default) or year.
    pub interval: Option<Interval>,
    /// json (default), csv or xlsx.
    pub format: Option<Format>,
}

impl FigureQuery {
    fn filters(&self) -> UptakeQuery {
        UptakeQuery {
            region: self.region.clone(),
            municipality: self.municipality.clone(),
            size: self.size,
            organisation_model: self.organisation_model,
            from: self.from,
            to: self.to,
        }
    }
}

fn download(table: &Table, format: Format, stem: &str) -> Result<Response, AppError> {
    let (bytes, content_type, ext) = match format {
        Format::Csv => (table.to_csv()?, "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (
            table.to_xlsx()?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        Format::Json => return Err(AppError::NotFound),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{stem}.{ext}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// For each recommendation: collaborations and municipalities working on it, by status.
/// Counts are of the published collaborations the caller may see.
#[utoipa::path(get, path = "/api/v1/uptake/recommendations", tag = "uptake", params(FigureQuery),
    responses((status = 200, body = [RecommendationUptake], description = "JSON, or CSV/XLSX with format"),
        (status = 422, description = "Unknown filter value or reversed period, named")))]
async fn recommendation_uptake(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Lang(locale): Lang,
    ApiQuery(q): ApiQuery<FigureQuery>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let f = uptake::check(&mut *tx, &q.filters(), state.clock.now()).await?;
    let rows = uptake::recommendations(&mut *tx, &viewer_of(user.as_ref()), &f, locale).await?;
    match q.format.unwrap_or_default() {
        Format::Json => Ok(Json(rows).into_response()),
        format => download(
            &tables::recommendations(&rows, locale),
            format,
            "uptake-recommendations",
        ),
    }
}

/// Status counts per month, quarter or year for one recommendation: each collaboration counts
/// in the status it had at the end of each period.
#[utoipa::path(get, path = "/api/v1/uptake/recommendations/{code}/timeline", tag = "uptake",
    params(("code" = String, Path, description = "Recommendation code"), FigureQuery),
    responses((status = 200, body = [TimelinePoint]), (status = 404, description = "No such recommendation"),
        (status = 422, description = "Bad interval, filter or period")))]
async fn recommendation_timeline(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Lang(locale): Lang,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<FigureQuery>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let now = state.clock.now();
    let f = uptake::check(&mut *tx, &q.filters(), now).await?;
    let points = uptake::timeline(
        &mut *tx,
        &viewer_of(user.as_ref()),
        &f,
        &code,
        q.interval.unwrap_or_default(),
        now,
    )
    .await?;
    match q.format.unwrap_or_default() {
        Format::Json => Ok(Json(points).into_response()),
        format => download(
            &tables::timeline(&code, &points, locale),
            format,
            &format!("uptake-{code}-timeline"),
        ),
    }
}

/// How often each tool is linked, and the outcomes reported.
#[utoipa::path(get, path = "/api/v1/uptake/toolbox", tag = "uptake", params(FigureQuery),
    responses((status = 200, body = [ToolUptake])))]
async fn toolbox_uptake(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Lang(locale): Lang,
    ApiQuery(q): ApiQuery<FigureQuery>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let f = uptake::check(&mut *tx, &q.filters(), state.clock.now()).await?;
    let rows = uptake::toolbox(&mut *tx, &viewer_of(user.as_ref()), &f, locale).await?;
    match q.format.unwrap_or_default() {
        Format::Json => Ok(Json(rows).into_response()),
        format => download(&tables::toolbox(&rows, locale), format, "uptake-toolbox"),
    }
}

/// Which municipalities and regions have registered collaborations, and which have none.
#[utoipa::path(get, path = "/api/v1/uptake/coverage", tag = "uptake", params(FigureQuery),
    responses((status = 200, body = Coverage)))]
async fn coverage(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Lang(locale): Lang,
    ApiQuery(q): ApiQuery<FigureQuery>,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let f = uptake::check(&mut *tx, &q.filters(), state.clock.now()).await?;
    let c = uptake::coverage(&mut *tx, &viewer_of(user.as_ref()), &f).await?;
    match q.format.unwrap_or_default() {
        Format::Json => Ok(Json(c).into_response()),
        format => download(&tables::coverage(&c, locale), format, "uptake-coverage"),
    }
}
