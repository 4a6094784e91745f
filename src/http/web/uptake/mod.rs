//! `/udbredelse`: how the recommendations are taken up, for the ministry and everyone, and
//! `/udbredelse/{code}`, one recommendation over time. Every figure comes from `crate::uptake`
//! (the API's numbers); every number links to the collaboration list behind it, and every
//! chart has its numbers in a table beside it.

pub mod charts;

use askama::Template;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use strum::IntoEnumIterator;

use self::charts::{BarChart, DataRow, Series};
use super::catalogue::{municipality_href, recommendation_href, region_href, toolbox_href};
use super::collaborations::filters::{
    self, DateInput, LIST_KEYS, OptionGroup, Params, Select, SelectOption, model_select,
    municipality_select, region_select, size_select,
};
use super::collaborations::{link_status_label, outcome_label};
use super::form::SummaryItem;
use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::domain::vocab::ToolOutcome;
use crate::error::{AppError, FieldError};
use crate::i18n::Locale;
use crate::registry::viewer_of;
use crate::uptake::{self, Interval, UptakeFilter};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/udbredelse", get(overview))
        .route("/udbredelse/{code}", get(timeline))
}

/// The filters of the uptake pages, in the order links are written with.
const UPTAKE_KEYS: [&str; 7] = [
    "region",
    "municipality",
    "size",
    "organisation_model",
    "from",
    "to",
    "interval",
];

/// The filters that choose collaborations (not the period).
const PLACE_KEYS: [&str; 4] = ["region", "municipality", "size", "organisation_model"];

/// A number in a table: its value, the key the chart's segment carries, and the list behind
/// it (none for zero).
pub struct Figure {
    value: i64,
    key: String,
    href: Option<String>,
    /// What the number counts, for screen readers following the link.
    context: String,
}

impl Figure {
    fn new(value: i64, key: String, list: &Params, context: String) -> Figure {
        Figure {
            value,
            key,
            href: (value > 0).then(|| list.href("/samarbejder", &LIST_KEYS)),
            context,
        }
    }
}

/// A column heading of a status or outcome.
pub struct Heading {
    label: String,
}

/// The filter form of the uptake pages.
pub struct UptakeForm {
    region: Select,
    municipality: Select,
    size: Select,
    organisation_model: Select,
    from: DateInput,
    to: DateInput,
}

impl UptakeForm {
    async fn new(
        tx: &mut dyn crate::store::Tx,
        params: &Params,
        errors: &[FieldError],
        l: Locale,
    ) -> Result<UptakeForm, AppError> {
        let regions = tx.regions().await?;
        let municipalities = tx.municipalities().await?;
        Ok(UptakeForm {
            region: region_select(&regions, l).filled(params, errors, l),
            municipality: municipality_select(&regions, &municipalities, l)
                .filled(params, errors, l),
            size: size_select(l).filled(params, errors, l),
            organisation_model: model_select(l).filled(params, errors, l),
            from: DateInput::new("from", l.text("uptake-filter-from"), params, errors, l),
            to: DateInput::new("to", l.text("uptake-filter-to"), params, errors, l),
        })
    }
}

/// Links to a table as CSV and as an Excel workbook.
pub struct Downloads {
    csv: String,
    xlsx: String,
}

impl Downloads {
    fn new(path: &str, params: &Params) -> Downloads {
        let link = |format: &str| params.with("format", format).href(path, &UPTAKE_KEYS);
        Downloads {
            csv: link("csv"),
            xlsx: link("xlsx"),
        }
    }
}

/// A recommendation's row in the uptake tables.
pub struct RecommendationFigures {
    code: String,
    title: String,
    retired: bool,
    timeline_href: String,
    page_href: String,
    collaborations: Figure,
    municipalities: Figure,
    by_status: Vec<Figure>,
    municipalities_by_status: Vec<Figure>,
}

/// A tool's row.
pub struct ToolFigures {
    title: String,
    href: String,
    collaborations: Figure,
    outcomes: Vec<Figure>,
}

/// A region's row in the coverage table.
pub struct RegionFigures {
    name: String,
    href: String,
    collaborations: Figure,
    municipalities_with: i64,
    municipalities_total: i64,
}

/// A municipality's tile.
pub struct Tile {
    name: String,
    count: i64,
    count_text: String,
    href: String,
    level: usize,
}

/// The tiles of one region.
pub struct TileGroup {
    name: String,
    tiles: Vec<Tile>,
    without: Vec<String>,
}

/// A step of the tile colours.
pub struct Level {
    level: usize,
    label: String,
}

/// How many collaborations make a tile's colour step.
fn level(count: i64) -> usize {
    match count {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=9 => 3,
        _ => 4,
    }
}

fn status_series(l: Locale) -> Vec<Series> {
    uptake::statuses()
        .into_iter()
        .enumerate()
        .map(|(i, s)| Series {
            key: s.to_owned(),
            label: link_status_label(s, l),
            pattern: i,
        })
        .collect()
}

fn outcome_keys() -> Vec<&'static str> {
    ToolOutcome::iter()
        .map(ToolOutcome::as_str)
        .chain(std::iter::once("not_reported"))
        .collect()
}

fn outcome_series(l: Locale) -> Vec<Series> {
    outcome_keys()
        .into_iter()
        .enumerate()
        .map(|(i, o)| Series {
            key: o.to_owned(),
            label: outcome_label(o, l),
            pattern: [0, 2, 4, 5][i % 4],
        })
        .collect()
}

/// Everything the overview shows for its filters.
pub struct Overview {
    statuses: Vec<Heading>,
    recommendations: Vec<RecommendationFigures>,
    recommendation_chart: BarChart,
    recommendation_downloads: Downloads,
    outcomes: Vec<Heading>,
    tools: Vec<ToolFigures>,
    tool_chart: BarChart,
    tool_downloads: Downloads,
    regions: Vec<RegionFigures>,
    tiles: Vec<TileGroup>,
    levels: Vec<Level>,
    covered: i64,
    uncovered: i64,
    coverage_downloads: Downloads,
}

#[derive(Template)]
#[template(path = "pages/uptake.html", whitespace = "minimize")]
struct OverviewPage {
    chrome: Chrome,
    form: UptakeForm,
    summary: Vec<SummaryItem>,
    period: Option<String>,
    figures: Option<Overview>,
}

fn summary(errors: &[FieldError], l: Locale) -> Vec<SummaryItem> {
    let mut errors: Vec<&FieldError> = errors.iter().collect();
    // In the order of the form, the interval first.
    errors.sort_by_key(|e| {
        ["interval"]
            .iter()
            .chain(UPTAKE_KEYS.iter())
            .position(|k| *k == e.field)
    });
    errors
        .into_iter()
        .map(|e| SummaryItem {
            href: format!("#filter-{}", e.field.replace('_', "-")),
            message: e.message(l),
        })
        .collect()
}

/// Checks the filters of an uptake page: the checked filter, or the problems.
async fn checked(
    tx: &mut dyn crate::store::Tx,
    params: &Params,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Result<UptakeFilter, Vec<FieldError>>, AppError> {
    let mut errors = Vec::new();
    let query = filters::uptake_query(params, &mut errors);
    match uptake::check(tx, &query, now).await {
        Ok(f) if errors.is_empty() => Ok(Ok(f)),
        Ok(_) => Ok(Err(errors)),
        Err(AppError::Validation(found)) => {
            errors.extend(found);
            Ok(Err(errors))
        }
        Err(e) => Err(e),
    }
}

/// The period in words, when one is chosen.
fn period_text(params: &Params, l: Locale) -> Option<String> {
    match (params.get("from"), params.get("to")) {
        (None, None) => None,
        (from, to) => Some(l.text_with(
            "uptake-period-note",
            &[
                ("from", from.unwrap_or("…").to_owned()),
                (
                    "to",
                    to.map_or_else(|| l.text("uptake-period-today"), str::to_owned),
                ),
            ],
        )),
    }
}

/// `GET /udbredelse`.
async fn overview(
    State(state): State<AppState>,
    ctx: PageContext,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let params = Params::parse(query.as_deref(), &UPTAKE_KEYS[..6]);
    let l = ctx.locale;
    let viewer = viewer_of(ctx.user.as_ref());
    let mut tx = state.store.read().await?;
    let result = checked(&mut *tx, &params, state.clock.now()).await?;
    let errors = result.as_ref().err().cloned().unwrap_or_default();
    let form = UptakeForm::new(&mut *tx, &params, &errors, l).await?;
    let figures = match &result {
        Err(_) => None,
        Ok(f) => {
            let place = params.without(&["from", "to"]);
            let recs = uptake::recommendations(&mut *tx, &viewer, f, l).await?;
            let tools = uptake::toolbox(&mut *tx, &viewer, f, l).await?;
            let coverage = uptake::coverage(&mut *tx, &viewer, f).await?;
            Some(build_overview(&params, &place, recs, tools, coverage, l))
        }
    };
    let summary = summary(&errors, l);
    let title = ctx.t("uptake-title");
    let mut chrome = ctx
        .chrome(Section::Uptake, title.clone(), ctx.t("uptake-description"))
        .with_breadcrumbs(vec![("/udbredelse".into(), title)]);
    let status = if summary.is_empty() {
        StatusCode::OK
    } else {
        chrome.title = ctx.t1("title-with-errors", "title", &chrome.title);
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(ctx.render_with(
        status,
        &OverviewPage {
            chrome,
            form,
            period: period_text(&params, l),
            summary,
            figures,
        },
    ))
}

fn build_overview(
    params: &Params,
    place: &Params,
    recs: Vec<uptake::RecommendationUptake>,
    tools: Vec<uptake::ToolUptake>,
    coverage: uptake::Coverage,
    l: Locale,
) -> Overview {
    let statuses = uptake::statuses();
    let recommendations: Vec<RecommendationFigures> = recs
        .iter()
        .map(|r| {
            let list = params.with("recommendation", &r.code);
            let by = |counts: &std::collections::BTreeMap<String, i64>, prefix: &str| {
                statuses
                    .iter()
                    .map(|s| {
                        Figure::new(
                            counts.get(*s).copied().unwrap_or(0),
                            format!("{prefix}{}/{s}", r.code),
                            &list.with("recommendation_status", s),
                            format!("{}, {}", r.code, link_status_label(s, l)),
                        )
                    })
                    .collect()
            };
            RecommendationFigures {
                code: r.code.clone(),
                title: r.title.clone(),
                retired: r.retired,
                timeline_href: place.href(&format!("/udbredelse/{}", r.code), &UPTAKE_KEYS),
                page_href: recommendation_href(&r.code),
                collaborations: Figure::new(
                    r.collaborations,
                    format!("{}/total", r.code),
                    &list,
                    format!("{}, {}", r.code, l.text("uptake-total")),
                ),
                municipalities: Figure::new(
                    r.municipalities,
                    format!("m:{}/total", r.code),
                    &list,
                    format!("{}, {}", r.code, l.text("uptake-total")),
                ),
                by_status: by(&r.by_status, ""),
                municipalities_by_status: by(&r.municipalities_by_status, "m:"),
            }
        })
        .collect();
    let rec_rows: Vec<DataRow> = recs
        .iter()
        .map(|r| DataRow {
            label: format!("{} {}", r.code, r.title),
            key: r.code.clone(),
            values: statuses
                .iter()
                .map(|s| r.by_status.get(*s).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    let recommendation_chart = charts::horizontal(
        "chart-recommendations",
        l.text("uptake-chart-recommendations"),
        l.text("uptake-chart-recommendations-desc"),
        status_series(l),
        &rec_rows,
    );

    let outcomes = outcome_keys();
    let tool_rows: Vec<&uptake::ToolUptake> =
        tools.iter().filter(|t| t.collaborations > 0).collect();
    let tool_figures = tools
        .iter()
        .map(|t| {
            let list = place.with("toolbox", &t.slug);
            ToolFigures {
                title: t.title.clone(),
                href: toolbox_href(&t.slug),
                collaborations: Figure::new(
                    t.collaborations,
                    format!("{}/total", t.slug),
                    &list,
                    format!("{}, {}", t.title, l.text("uptake-total")),
                ),
                outcomes: outcomes
                    .iter()
                    .map(|o| {
                        Figure::new(
                            t.outcomes.get(*o).copied().unwrap_or(0),
                            format!("{}/{o}", t.slug),
                            &list.with("toolbox_outcome", o),
                            format!("{}, {}", t.title, outcome_label(o, l)),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let tool_chart = charts::horizontal(
        "chart-toolbox",
        l.text("uptake-chart-toolbox"),
        l.text("uptake-chart-toolbox-desc"),
        outcome_series(l),
        &tool_rows
            .iter()
            .map(|t| DataRow {
                label: t.title.clone(),
                key: t.slug.clone(),
                values: outcomes
                    .iter()
                    .map(|o| t.outcomes.get(*o).copied().unwrap_or(0))
                    .collect(),
            })
            .collect::<Vec<_>>(),
    );

    let regions = coverage
        .regions
        .iter()
        .map(|r| RegionFigures {
            name: r.name.clone(),
            href: region_href(&r.code),
            collaborations: Figure::new(
                r.collaborations,
                format!("region:{}", r.code),
                &place.with("region", &r.code),
                r.name.clone(),
            ),
            municipalities_with: r.municipalities_with,
            municipalities_total: r.municipalities_total,
        })
        .collect();
    let tiles = coverage
        .regions
        .iter()
        .map(|r| {
            let mut mine: Vec<&uptake::MunicipalityCoverage> = coverage
                .municipalities
                .iter()
                .filter(|m| m.region_code == r.code)
                .collect();
            mine.sort_by(|a, b| a.name.cmp(&b.name));
            TileGroup {
                name: r.name.clone(),
                without: mine
                    .iter()
                    .filter(|m| m.collaborations == 0)
                    .map(|m| m.name.clone())
                    .collect(),
                tiles: mine
                    .iter()
                    .map(|m| Tile {
                        name: m.name.clone(),
                        count: m.collaborations,
                        count_text: l.text_count("collaborations-count", m.collaborations),
                        href: if m.collaborations > 0 {
                            place
                                .with("municipality", &m.code)
                                .href("/samarbejder", &LIST_KEYS)
                        } else {
                            municipality_href(&m.code)
                        },
                        level: level(m.collaborations),
                    })
                    .collect(),
            }
        })
        .collect();
    let covered = coverage
        .municipalities
        .iter()
        .filter(|m| m.collaborations > 0)
        .count() as i64;
    Overview {
        statuses: statuses
            .iter()
            .map(|s| Heading {
                label: link_status_label(s, l),
            })
            .collect(),
        recommendations,
        recommendation_chart,
        recommendation_downloads: Downloads::new("/api/v1/uptake/recommendations", params),
        outcomes: outcomes
            .iter()
            .map(|o| Heading {
                label: outcome_label(o, l),
            })
            .collect(),
        tools: tool_figures,
        tool_chart,
        tool_downloads: Downloads::new("/api/v1/uptake/toolbox", place),
        regions,
        tiles,
        levels: (0..=4)
            .map(|i| Level {
                level: i,
                label: l.text(&format!("uptake-level-{i}")),
            })
            .collect(),
        uncovered: coverage.municipalities.len() as i64 - covered,
        covered,
        coverage_downloads: Downloads::new("/api/v1/uptake/coverage", place),
    }
}

/// One period's row of the timeline table.
pub struct PeriodFigures {
    period: String,
    cells: Vec<Figure>,
    total: Figure,
}

/// The timeline's chart, table and downloads.
pub struct TimelineFigures {
    statuses: Vec<Heading>,
    rows: Vec<PeriodFigures>,
    chart: BarChart,
    downloads: Downloads,
}

#[derive(Template)]
#[template(path = "pages/uptake_timeline.html", whitespace = "minimize")]
struct TimelinePage {
    chrome: Chrome,
    code: String,
    title: String,
    page_href: String,
    overview_href: String,
    form: UptakeForm,
    interval: Select,
    summary: Vec<SummaryItem>,
    figures: Option<TimelineFigures>,
}

fn interval_select(l: Locale) -> Select {
    let options = [Interval::Month, Interval::Quarter, Interval::Year]
        .iter()
        .map(|i| {
            let key = interval_name(*i);
            SelectOption {
                value: key.to_owned(),
                label: l.text(&format!("uptake-interval-{key}")),
            }
        })
        .collect();
    Select {
        name: "interval".into(),
        id: "filter-interval".into(),
        label: l.text("uptake-interval"),
        hint: None,
        error: None,
        value: "quarter".into(),
        any_label: String::new(),
        groups: vec![OptionGroup {
            label: None,
            options,
        }],
    }
}

fn interval_name(i: Interval) -> &'static str {
    match i {
        Interval::Month => "month",
        Interval::Quarter => "quarter",
        Interval::Year => "year",
    }
}

/// `GET /udbredelse/{code}`.
async fn timeline(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, AppError> {
    let mut tx = state.store.read().await?;
    let rows = tx.recommendations().await?;
    let Some(row) = rows.iter().find(|r| r.code == code) else {
        return match rows.iter().find(|r| r.code.eq_ignore_ascii_case(&code)) {
            Some(r) => {
                let q = query.map(|q| format!("?{q}")).unwrap_or_default();
                Ok(Redirect::permanent(&format!("/udbredelse/{}{q}", r.code)).into_response())
            }
            None => Err(AppError::NotFound),
        };
    };
    let params = Params::parse(query.as_deref(), &UPTAKE_KEYS);
    let l = ctx.locale;
    let now = state.clock.now();
    let result = checked(&mut *tx, &params, now).await?;
    let mut errors = result.as_ref().err().cloned().unwrap_or_default();
    let interval = match params.get("interval") {
        None | Some("quarter") => Some(Interval::Quarter),
        Some("month") => Some(Interval::Month),
        Some("year") => Some(Interval::Year),
        Some(_) => {
            errors.push(FieldError::new("interval", "filter-value-unknown"));
            None
        }
    };
    let form = UptakeForm::new(&mut *tx, &params, &errors, l).await?;
    let mut interval_field = interval_select(l).filled(&params, &errors, l);
    if interval_field.value.is_empty() {
        interval_field.value = "quarter".into();
    }
    let figures = match (result, interval) {
        (Ok(f), Some(interval)) if errors.is_empty() => {
            let viewer = viewer_of(ctx.user.as_ref());
            let points = uptake::timeline(&mut *tx, &viewer, &f, &row.code, interval, now).await?;
            let last = f.to.unwrap_or(uptake::local_date(now));
            Some(build_timeline(&params, &row.code, &points, last, l))
        }
        _ => None,
    };
    let title = l.pick(&row.title_da, &row.title_en).to_owned();
    let heading = ctx.t1("uptake-timeline-title", "code", &row.code);
    let summary = summary(&errors, l);
    let mut chrome = ctx
        .chrome(
            Section::Uptake,
            heading.clone(),
            ctx.t1("uptake-timeline-description", "code", &row.code),
        )
        .with_breadcrumbs(vec![
            ("/udbredelse".into(), ctx.t("uptake-title")),
            (format!("/udbredelse/{}", row.code), heading),
        ]);
    let status = if summary.is_empty() {
        StatusCode::OK
    } else {
        chrome.title = ctx.t1("title-with-errors", "title", &chrome.title);
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(ctx.render_with(
        status,
        &TimelinePage {
            chrome,
            code: row.code.clone(),
            title,
            page_href: recommendation_href(&row.code),
            overview_href: params
                .without(&["interval"])
                .href("/udbredelse", &UPTAKE_KEYS),
            form,
            interval: interval_field,
            summary,
            figures,
        },
    ))
}

fn build_timeline(
    params: &Params,
    code: &str,
    points: &[uptake::TimelinePoint],
    last: chrono::NaiveDate,
    l: Locale,
) -> TimelineFigures {
    let statuses = uptake::statuses();
    // A period's counts are those at the end of its last day: the list as it stood then.
    let place = Params::from_pairs(
        PLACE_KEYS
            .iter()
            .filter_map(|k| params.get(k).map(|v| (*k, v))),
    )
    .with("recommendation", code);
    let rows = points
        .iter()
        .map(|p| {
            let end = uptake::period_last_day(&p.period, last)
                .map(|d| d.to_string())
                .unwrap_or_default();
            let list = place.with("to", &end);
            PeriodFigures {
                period: p.period.clone(),
                cells: statuses
                    .iter()
                    .map(|s| {
                        Figure::new(
                            p.by_status.get(*s).copied().unwrap_or(0),
                            format!("{}/{s}", p.period),
                            &list.with("recommendation_status", s),
                            format!("{}, {}", p.period, link_status_label(s, l)),
                        )
                    })
                    .collect(),
                total: Figure::new(
                    p.by_status.values().sum(),
                    format!("{}/total", p.period),
                    &list,
                    format!("{}, {}", p.period, l.text("uptake-total")),
                ),
            }
        })
        .collect();
    let data: Vec<DataRow> = points
        .iter()
        .map(|p| DataRow {
            label: p.period.clone(),
            key: p.period.clone(),
            values: statuses
                .iter()
                .map(|s| p.by_status.get(*s).copied().unwrap_or(0))
                .collect(),
        })
        .collect();
    TimelineFigures {
        statuses: statuses
            .iter()
            .map(|s| Heading {
                label: link_status_label(s, l),
            })
            .collect(),
        rows,
        chart: charts::vertical(
            "chart-timeline",
            l.text_with("uptake-chart-timeline", &[("code", code.to_owned())]),
            l.text("uptake-chart-timeline-desc"),
            status_series(l),
            &data,
        ),
        downloads: Downloads::new(
            &format!("/api/v1/uptake/recommendations/{code}/timeline"),
            params,
        ),
    }
}
