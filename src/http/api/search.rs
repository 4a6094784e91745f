//! Search through the API: full-text search with facets, collaborations like one, towns like a
//! municipality's, and saved searches.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::collaborations::{CollaborationSummary, parse_id};
use crate::app::AppState;
use crate::auth::extract::{CurrentUser, MaybeUser};
use crate::domain::vocab::{CollaborationStatus, OrganisationModel};
use crate::error::{AppError, FieldError};
use crate::http::extract::{ApiJson, ApiQuery, Lang};
use crate::registry::input;
use crate::registry::viewer_of;
use crate::search::params::{self, ResultType, SearchParams, Size};
use crate::search::run::{self, Found};
use crate::search::saved::{self, SavedSearch};
use crate::search::similar::{self, Alike};

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search))
        .routes(routes!(similar_collaborations))
        .routes(routes!(municipality_peers))
        .routes(routes!(save_search, list_saved_searches))
        .routes(routes!(delete_saved_search))
}

/// A recommendation a collaboration found follows, and how far it has come.
#[derive(Serialize, ToSchema)]
pub struct FollowedRecommendation {
    /// Recommendation code.
    code: String,
    /// Link status.
    status: String,
}

/// An experience of a collaboration found: what they learned.
#[derive(Serialize, ToSchema)]
pub struct Lesson {
    /// Id.
    id: Uuid,
    /// Title.
    title: String,
    /// A lesson from something that failed.
    is_setback: bool,
    /// Where to read it in the API.
    url: String,
}

/// A search result.
#[derive(Serialize, ToSchema)]
pub struct SearchItem {
    /// collaboration or experience.
    #[serde(rename = "type")]
    kind: String,
    /// Its id.
    id: Uuid,
    /// Its title.
    title: String,
    /// Where the words are: HTML-safe text (escaped) with `<mark>` around each matching word,
    /// `…` where it is cut. Without words, the start of the text.
    snippet: String,
    /// The same snippet as plain text, unmarked.
    snippet_text: String,
    /// How well it matches, 0 to 1: per word, the field it is in (title, then summary and
    /// place, then the rest; half for a typo match), over a title match of every word. 0 when
    /// listing without words.
    score: f64,
    /// The collaboration (its own id for a collaboration).
    collaboration_id: Uuid,
    /// The collaboration's title.
    collaboration_title: String,
    /// Town.
    town: String,
    /// Inhabitants of the town.
    town_population: Option<i64>,
    /// The town's size band (under_4000, 4000_20000, 20000_50000, over_50000).
    size: Option<String>,
    /// Municipality code.
    municipality_code: String,
    /// Municipality name.
    municipality_name: String,
    /// Region code.
    region_code: String,
    /// The collaboration's organisation model.
    organisation_model: String,
    /// The collaboration's status.
    status: String,
    /// For an experience: a lesson from something that failed.
    is_setback: Option<bool>,
    /// When it was published.
    published_at: Option<DateTime<Utc>>,
    /// Where to read it in the API.
    url: String,
    /// For a collaboration: the recommendations it follows (empty for an experience).
    recommendations: Vec<FollowedRecommendation>,
    /// For a collaboration: its newest experiences (at most 3) the caller may read.
    lessons: Vec<Lesson>,
}

fn api_url(kind: &str, id: Uuid) -> String {
    match kind {
        "experience" => format!("/api/v1/experiences/{id}"),
        _ => format!("/api/v1/collaborations/{id}"),
    }
}

impl From<Found> for SearchItem {
    fn from(f: Found) -> Self {
        SearchItem {
            url: api_url(&f.kind, f.id),
            kind: f.kind,
            id: f.id,
            title: f.title,
            snippet: f.snippet.html,
            snippet_text: f.snippet.text,
            score: f.score,
            collaboration_id: f.collaboration_id,
            collaboration_title: f.collaboration_title,
            town: f.town,
            town_population: f.town_population,
            size: f.size.map(|s| s.code().to_owned()),
            municipality_code: f.municipality_code,
            municipality_name: f.municipality_name,
            region_code: f.region_code,
            organisation_model: f.organisation_model,
            status: f.status,
            is_setback: f.is_setback,
            published_at: f.published_at,
            recommendations: f
                .recommendations
                .into_iter()
                .map(|(code, status)| FollowedRecommendation { code, status })
                .collect(),
            lessons: f
                .lessons
                .into_iter()
                .map(|l| Lesson {
                    url: api_url("experience", l.id),
                    id: l.id,
                    title: l.title,
                    is_setback: l.is_setback,
                })
                .collect(),
        }
    }
}

/// Results per facet value, over all results (not only this page). An experience counts under
/// its collaboration's values.
#[derive(Serialize, ToSchema, Default)]
pub struct Facets {
    /// collaboration, experience.
    #[serde(rename = "type")]
    kind: BTreeMap<String, i64>,
    /// By region code.
    region: BTreeMap<String, i64>,
    /// By municipality code.
    municipality: BTreeMap<String, i64>,
    /// By theme code.
    theme: BTreeMap<String, i64>,
    /// By recommendation code.
    recommendation: BTreeMap<String, i64>,
    /// By toolbox slug.
    toolbox: BTreeMap<String, i64>,
    /// By organisation model.
    organisation_model: BTreeMap<String, i64>,
    /// By collaboration status.
    status: BTreeMap<String, i64>,
    /// By town size band.
    size: BTreeMap<String, i64>,
}

/// A page of search results.
#[derive(Serialize, ToSchema)]
pub struct SearchPage {
    /// The results.
    items: Vec<SearchItem>,
    /// Counts over all results.
    facets: Facets,
    /// All results.
    total: i64,
    /// Pass as `cursor` for the next page; null on the last.
    next_cursor: Option<String>,
}

/// Searches the published collaborations and experiences the caller may see, in Danish: every
/// word must match, in any inflection ("tomme butikker" finds "tom butik" and "butikkerne"),
/// with æ/ø/å or ae/oe/aa, with a typo in a longer word, and the last word as a prefix while
/// it is being typed. Nothing in `q` is syntax. Without words: everything matching the filters,
/// newest first. Facet counts count only what the caller may see.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses((status = 200, body = SearchPage),
        (status = 422, description = "An unknown parameter or filter value, named")))]
async fn search(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    ApiQuery(q): ApiQuery<SearchParams>,
) -> Result<Json<SearchPage>, AppError> {
    let mut tx = state.store.read().await?;
    let checked = params::check(&mut *tx, &q).await?;
    let results = run::search(&mut *tx, &viewer_of(user.as_ref()), &checked).await?;
    let mut facets = Facets::default();
    for (name, values) in results.facets {
        let slot = match name {
            "type" => &mut facets.kind,
            "region" => &mut facets.region,
            "municipality" => &mut facets.municipality,
            "theme" => &mut facets.theme,
            "recommendation" => &mut facets.recommendation,
            "toolbox" => &mut facets.toolbox,
            "organisation_model" => &mut facets.organisation_model,
            "status" => &mut facets.status,
            _ => &mut facets.size,
        };
        *slot = values;
    }
    Ok(Json(SearchPage {
        items: results.items.into_iter().map(Into::into).collect(),
        facets,
        total: results.total,
        next_cursor: results.next_cursor,
    }))
}

/// Why a collaboration is like another.
#[derive(Serialize, ToSchema)]
pub struct SimilarReason {
    /// shared_recommendations, shared_toolbox, shared_themes, similar_town_size,
    /// same_organisation_model or similar_description.
    kind: String,
    /// What is shared: recommendation codes, toolbox slugs, theme codes, the town's
    /// population, the model, or the description's similarity (0-1).
    values: Vec<String>,
    /// The reason in the caller's language.
    text: String,
}

/// A collaboration like another, with why.
#[derive(Serialize, ToSchema)]
pub struct SimilarCollaboration {
    /// The collaboration.
    collaboration: CollaborationSummary,
    /// 0 to 1: its points over the most there could be.
    score: f64,
    /// Why, most weighty first.
    reasons: Vec<SimilarReason>,
    /// The reasons as one sentence in the caller's language ("also works on P3 and P5; town
    /// of similar size (9,500 inhabitants)").
    explanation: String,
}

impl From<Alike> for SimilarCollaboration {
    fn from(a: Alike) -> Self {
        SimilarCollaboration {
            explanation: a.explanation(),
            collaboration: a.collaboration.into(),
            score: a.score,
            reasons: a
                .reasons
                .into_iter()
                .map(|r| SimilarReason {
                    kind: r.kind.to_owned(),
                    values: r.values,
                    text: r.text,
                })
                .collect(),
        }
    }
}

/// How many to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SimilarQuery {
    /// 1-20 (default 5).
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<i64>,
}

fn small_limit(limit: Option<i64>) -> Result<usize, AppError> {
    let limit = limit.unwrap_or(5);
    if (1..=20).contains(&limit) {
        Ok(usize::try_from(limit).unwrap_or(5))
    } else {
        Err(AppError::Validation(vec![
            FieldError::new("limit", "field-number-range")
                .arg("min", 1)
                .arg("max", 20),
        ]))
    }
}

/// Collaborations like this one, ranked by shared recommendations (3 points each), toolbox
/// entries (2) and themes (1), a town within a factor of 1.5 in size (2), the same
/// organisation model (1) and a similar description (up to 4); each with its reasons in the
/// caller's language. Only published collaborations the caller may see.
#[utoipa::path(get, path = "/api/v1/collaborations/{id}/similar", tag = "search",
    params(("id" = Uuid, Path, description = "Collaboration id"), SimilarQuery),
    responses((status = 200, body = [SimilarCollaboration]),
        (status = 404, description = "None the caller may see")))]
async fn similar_collaborations(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Lang(locale): Lang,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<SimilarQuery>,
) -> Result<Json<Vec<SimilarCollaboration>>, AppError> {
    let limit = small_limit(q.limit)?;
    let mut tx = state.store.read().await?;
    let alike = similar::similar(&mut *tx, user.as_ref(), locale, parse_id(&id)?, limit).await?;
    Ok(Json(alike.into_iter().map(Into::into).collect()))
}

/// The town to compare with.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeersQuery {
    /// Inhabitants of your town; without it, the median of the municipality's own registered
    /// collaborations' towns.
    #[param(minimum = 1, maximum = 2_000_000)]
    pub town_population: Option<i64>,
    /// 1-20 (default 5).
    #[param(minimum = 1, maximum = 20)]
    pub limit: Option<i64>,
}

/// Towns like ours: collaborations in other municipalities' towns of a similar size (within a
/// factor of 1.5: 4 points, of 2: 2), working on the recommendations (2 each), toolbox entries
/// and themes (1 each) that this municipality's own collaborations work on; the municipality's
/// own are left out. Each comes with its reasons.
#[utoipa::path(get, path = "/api/v1/municipalities/{code}/peers", tag = "search",
    params(("code" = String, Path, description = "Municipality code, e.g. 370"), PeersQuery),
    responses((status = 200, body = [SimilarCollaboration]),
        (status = 404, description = "No such municipality"),
        (status = 422, description = "No town size given and none to derive")))]
async fn municipality_peers(
    State(state): State<AppState>,
    MaybeUser(user): MaybeUser,
    Lang(locale): Lang,
    Path(code): Path<String>,
    ApiQuery(q): ApiQuery<PeersQuery>,
) -> Result<Json<Vec<SimilarCollaboration>>, AppError> {
    let limit = small_limit(q.limit)?;
    let mut v = crate::error::Validator::new();
    let population = input::population(&mut v, "town_population", q.town_population);
    v.finish()?;
    let mut tx = state.store.read().await?;
    let alike = similar::peers(&mut *tx, user.as_ref(), locale, &code, population, limit).await?;
    Ok(Json(alike.into_iter().map(Into::into).collect()))
}

/// A search to save: a name and the search's words and filters (as for `GET /api/v1/search`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSavedSearch {
    /// A name for it (at most 100 characters); default: the words.
    #[serde(default)]
    pub name: Option<String>,
    /// Words.
    #[serde(default)]
    pub q: Option<String>,
    /// Municipality code.
    #[serde(default, deserialize_with = "input::optional_code_string")]
    pub municipality: Option<String>,
    /// Region code.
    #[serde(default, deserialize_with = "input::optional_code_string")]
    pub region: Option<String>,
    /// Theme code.
    #[serde(default)]
    pub theme: Option<String>,
    /// Recommendation code.
    #[serde(default)]
    pub recommendation: Option<String>,
    /// Toolbox entry slug.
    #[serde(default)]
    pub toolbox: Option<String>,
    /// Organisation model.
    #[serde(default)]
    pub organisation_model: Option<OrganisationModel>,
    /// Collaboration status.
    #[serde(default)]
    pub status: Option<CollaborationStatus>,
    /// Town size band.
    #[serde(default)]
    pub size: Option<Size>,
    /// Only setbacks.
    #[serde(default)]
    pub setbacks: Option<bool>,
    /// collaboration or experience.
    #[serde(default, rename = "type")]
    pub kind: Option<ResultType>,
}

/// A saved search.
#[derive(Serialize, ToSchema)]
pub struct SavedSearchItem {
    /// Id.
    id: Uuid,
    /// Its name.
    name: String,
    /// The search as a query string, parameters in a fixed order.
    query: String,
    /// The same as an object.
    #[schema(value_type = Object)]
    params: serde_json::Value,
    /// The search to run it again.
    search_url: String,
    /// Saved.
    created_at: DateTime<Utc>,
}

impl From<SavedSearch> for SavedSearchItem {
    fn from(s: SavedSearch) -> Self {
        SavedSearchItem {
            params: serde_json::to_value(s.params()).unwrap_or_default(),
            search_url: format!("/api/v1/search?{}", s.row.query),
            id: s.row.id,
            name: s.row.name,
            query: s.row.query,
            created_at: s.row.created_at,
        }
    }
}

/// Saves a search (words and filters) to run again or follow. Filter values are checked as in
/// a search (422, named); the same search twice is a conflict (409); at most 50.
#[utoipa::path(post, path = "/api/v1/me/saved-searches", tag = "search",
    request_body = NewSavedSearch, security(("bearer" = [])),
    responses((status = 201, body = SavedSearchItem), (status = 401, description = "Not logged in"),
        (status = 409, description = "Already saved"), (status = 422, description = "Unknown values, named")))]
async fn save_search(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<NewSavedSearch>,
) -> Result<(StatusCode, Json<SavedSearchItem>), AppError> {
    let search = SearchParams {
        q: body.q,
        municipality: body.municipality,
        region: body.region,
        theme: body.theme,
        recommendation: body.recommendation,
        toolbox: body.toolbox,
        organisation_model: body.organisation_model,
        status: body.status,
        size: body.size,
        setbacks: body.setbacks,
        kind: body.kind,
        ..SearchParams::default()
    };
    let saved = saved::save(&state, &user, body.name.as_deref(), &search).await?;
    Ok((StatusCode::CREATED, Json(saved.into())))
}

/// The caller's saved searches, newest first.
#[utoipa::path(get, path = "/api/v1/me/saved-searches", tag = "search", security(("bearer" = [])),
    responses((status = 200, body = [SavedSearchItem]), (status = 401, description = "Not logged in")))]
async fn list_saved_searches(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<SavedSearchItem>>, AppError> {
    let searches = saved::list(&state, &user).await?;
    Ok(Json(searches.into_iter().map(Into::into).collect()))
}

/// Deletes one of the caller's saved searches.
#[utoipa::path(delete, path = "/api/v1/me/saved-searches/{id}", tag = "search",
    params(("id" = Uuid, Path, description = "Saved search id")), security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 404, description = "None of yours")))]
async fn delete_saved_search(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    saved::delete(&state, &user, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
