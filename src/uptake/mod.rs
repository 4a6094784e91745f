//! How the recommendations are taken up. Each figure is defined here once — what counts and for
//! whom — and every page, download and API answer uses these functions:
//!
//! - a collaboration *works on* a recommendation when it has a link to it (any status);
//! - counts are of published collaborations the viewer may see (`store::scope`);
//! - *municipalities* are the distinct municipalities of those collaborations;
//! - over time, a collaboration counts in the status its link had at the end of each period
//!   (read from the link history, Europe/Copenhagen calendar).

pub mod open_data;
pub mod tables;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;
use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::MunicipalityCode;
use crate::domain::vocab::{LinkStatus, OrganisationModel, ToolOutcome, TownSize};
use crate::error::{AppError, FieldError, Validator};
use crate::i18n::Locale;
use crate::store::Tx;
use crate::store::scope::{CollaborationFilter, PopulationBand, Viewer};
use crate::store::uptake::Period;

/// Filters every uptake figure takes.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UptakeQuery {
    /// Region code, e.g. 1085.
    pub region: Option<String>,
    /// Municipality code, e.g. 370.
    pub municipality: Option<String>,
    /// Town size band.
    pub size: Option<TownSize>,
    /// Organisation model.
    pub organisation_model: Option<OrganisationModel>,
    /// Start of the period (YYYY-MM-DD): only links whose status was set on or after it.
    pub from: Option<NaiveDate>,
    /// End of the period (YYYY-MM-DD): each collaboration counts in the status it had then.
    pub to: Option<NaiveDate>,
}

/// The checked filters.
#[derive(Debug, Clone, Default)]
pub struct UptakeFilter {
    /// Which collaborations.
    pub collaborations: CollaborationFilter,
    /// Which moment, if not now.
    pub period: Option<Period>,
    /// The dates as asked.
    pub from: Option<NaiveDate>,
    /// The dates as asked.
    pub to: Option<NaiveDate>,
}

/// Midnight at the start of `date` in Copenhagen, as UTC.
pub fn start_of(date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    Copenhagen
        .from_local_datetime(&midnight)
        .earliest()
        .map_or_else(
            || Utc.from_utc_datetime(&midnight),
            |t| t.with_timezone(&Utc),
        )
}

/// The last instant of `date` in Copenhagen, as UTC.
pub fn end_of(date: NaiveDate) -> DateTime<Utc> {
    start_of(date.succ_opt().unwrap_or(date)) - chrono::Duration::microseconds(1)
}

/// Checks the filters against the catalogue; unknown values and a reversed period are named.
pub async fn check(
    tx: &mut dyn Tx,
    q: &UptakeQuery,
    now: DateTime<Utc>,
) -> Result<UptakeFilter, AppError> {
    let mut v = Validator::new();
    let mut f = CollaborationFilter::default();
    if let Some(r) = &q.region {
        let code = MunicipalityCode::parse(r)
            .map(|c| c.to_string())
            .unwrap_or_default();
        if tx.regions().await?.iter().any(|x| x.code == code) {
            f.region = Some(code);
        } else {
            v.push(FieldError::new("region", "field-region-unknown"));
        }
    }
    if let Some(m) = &q.municipality {
        match MunicipalityCode::parse(m) {
            Some(code) if tx.municipality(&code.to_string()).await?.is_some() => {
                f.municipality = Some(code.to_string())
            }
            _ => v.push(FieldError::new(
                "municipality",
                "field-municipality-unknown",
            )),
        }
    }
    f.population = q.size.map(|s| {
        let (min, max) = s.bounds();
        PopulationBand { min, max }
    });
    f.organisation_model = q.organisation_model.map(|m| m.as_str().to_owned());
    if let (Some(from), Some(to)) = (q.from, q.to)
        && from > to
    {
        v.push(FieldError::new("from", "field-period-order"));
    }
    v.finish()?;
    let period = match (q.from, q.to) {
        (None, None) => None,
        (from, to) => Some(Period {
            from: from.map(start_of),
            to: to.map_or(now, end_of),
        }),
    };
    Ok(UptakeFilter {
        collaborations: f,
        period,
        from: q.from,
        to: q.to,
    })
}

/// The statuses in the order of the work.
pub fn statuses() -> Vec<&'static str> {
    LinkStatus::iter().map(LinkStatus::as_str).collect()
}

fn zeroed() -> BTreeMap<String, i64> {
    statuses().into_iter().map(|s| (s.to_owned(), 0)).collect()
}

/// Uptake of one recommendation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecommendationUptake {
    /// Code.
    pub code: String,
    /// Title in the caller's language.
    pub title: String,
    /// Retired from the catalogue.
    pub retired: bool,
    /// Collaborations working on it.
    pub collaborations: i64,
    /// Distinct municipalities of those collaborations.
    pub municipalities: i64,
    /// Collaborations per status (every status present).
    pub by_status: BTreeMap<String, i64>,
    /// Distinct municipalities per status.
    pub municipalities_by_status: BTreeMap<String, i64>,
}

/// Every current recommendation (and retired ones still linked), with its uptake.
pub async fn recommendations(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    f: &UptakeFilter,
    locale: Locale,
) -> Result<Vec<RecommendationUptake>, AppError> {
    let counts = tx
        .uptake_status_counts(viewer, &f.collaborations, f.period)
        .await?;
    let totals: HashMap<String, (i64, i64)> = tx
        .uptake_totals(viewer, &f.collaborations, f.period)
        .await?
        .into_iter()
        .map(|t| (t.code, (t.collaborations, t.municipalities)))
        .collect();
    let mut out = Vec::new();
    for r in tx.recommendations().await? {
        let (collaborations, municipalities) = totals.get(&r.code).copied().unwrap_or((0, 0));
        if r.retired && collaborations == 0 {
            continue;
        }
        let mut by_status = zeroed();
        let mut municipalities_by_status = zeroed();
        for c in counts.iter().filter(|c| c.code == r.code) {
            by_status.insert(c.status.clone(), c.collaborations);
            municipalities_by_status.insert(c.status.clone(), c.municipalities);
        }
        out.push(RecommendationUptake {
            title: locale.pick(&r.title_da, &r.title_en).to_owned(),
            code: r.code,
            retired: r.retired,
            collaborations,
            municipalities,
            by_status,
            municipalities_by_status,
        });
    }
    Ok(out)
}

/// Periods of a timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Interval {
    /// Calendar months.
    Month,
    /// Quarters.
    #[default]
    Quarter,
    /// Years.
    Year,
}

/// Status counts at the end of one period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelinePoint {
    /// `2026-03`, `2026-Q1` or `2026`.
    pub period: String,
    /// Collaborations per status at the end of the period.
    pub by_status: BTreeMap<String, i64>,
}

fn period_start(date: NaiveDate, interval: Interval) -> NaiveDate {
    let month = match interval {
        Interval::Month => date.month(),
        Interval::Quarter => (date.month() - 1) / 3 * 3 + 1,
        Interval::Year => 1,
    };
    NaiveDate::from_ymd_opt(date.year(), month, 1).unwrap_or(date)
}

fn next_period(start: NaiveDate, interval: Interval) -> NaiveDate {
    let months = match interval {
        Interval::Month => 1,
        Interval::Quarter => 3,
        Interval::Year => 12,
    };
    start
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(start)
}

fn label(start: NaiveDate, interval: Interval) -> String {
    match interval {
        Interval::Month => format!("{}-{:02}", start.year(), start.month()),
        Interval::Quarter => format!("{}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
        Interval::Year => start.year().to_string(),
    }
}

/// The calendar date of `now` in Copenhagen, the day the figures count to by default.
pub fn local_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&Copenhagen).date_naive()
}

/// The last day of the timeline period labelled `label` (`2026-03`, `2026-Q1` or `2026`), but
/// not after `last` (the end of the timeline): the counts of a period are those at the end of
/// this day.
pub fn period_last_day(label: &str, last: NaiveDate) -> Option<NaiveDate> {
    let (start, interval) = if let Some((year, quarter)) = label.split_once("-Q") {
        let q: u32 = quarter.parse().ok().filter(|q| (1..=4).contains(q))?;
        (
            NaiveDate::from_ymd_opt(year.parse().ok()?, (q - 1) * 3 + 1, 1)?,
            Interval::Quarter,
        )
    } else if let Some((year, month)) = label.split_once('-') {
        (
            NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?,
            Interval::Month,
        )
    } else {
        (
            NaiveDate::from_ymd_opt(label.parse().ok()?, 1, 1)?,
            Interval::Year,
        )
    };
    let end = next_period(start, interval).pred_opt()?;
    Some(end.min(last))
}

/// Counts per status at the end of each period from `from` (default: the first change) to `to`
/// (default: today), from the link history.
pub async fn timeline(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    f: &UptakeFilter,
    code: &str,
    interval: Interval,
    now: DateTime<Utc>,
) -> Result<Vec<TimelinePoint>, AppError> {
    if tx.recommendation(code).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let events = tx.link_events(viewer, &f.collaborations, code).await?;
    let last = f.to.unwrap_or(local_date(now));
    let first = f
        .from
        .or_else(|| {
            events
                .first()
                .map(|e| e.at.with_timezone(&Copenhagen).date_naive())
        })
        .unwrap_or(last);
    let mut points = Vec::new();
    let mut current: HashMap<Uuid, String> = HashMap::new();
    let mut pending = events.iter().peekable();
    let mut start = period_start(first, interval);
    while start <= last && points.len() < 1200 {
        let next = next_period(start, interval);
        let end = start_of(next).min(end_of(last) + chrono::Duration::microseconds(1));
        while let Some(e) = pending.next_if(|e| e.at < end) {
            match &e.status {
                Some(s) => current.insert(e.collaboration_id, s.clone()),
                None => current.remove(&e.collaboration_id),
            };
        }
        let mut by_status = zeroed();
        for status in current.values() {
            *by_status.entry(status.clone()).or_default() += 1;
        }
        points.push(TimelinePoint {
            period: label(start, interval),
            by_status,
        });
        start = next;
    }
    Ok(points)
}

/// How often a tool is used and what it brought.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ToolUptake {
    /// Slug.
    pub slug: String,
    /// Title in the caller's language.
    pub title: String,
    /// Collaborations linking it.
    pub collaborations: i64,
    /// Links per outcome: helped, neutral, did_not_help, not_reported.
    pub outcomes: BTreeMap<String, i64>,
}

/// Every toolbox entry with its use.
pub async fn toolbox(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    f: &UptakeFilter,
    locale: Locale,
) -> Result<Vec<ToolUptake>, AppError> {
    let counts = tx.toolbox_outcomes(viewer, &f.collaborations).await?;
    let mut out = Vec::new();
    for t in tx.toolbox_entries().await? {
        let mut outcomes: BTreeMap<String, i64> = ToolOutcome::iter()
            .map(|o| (o.as_str().to_owned(), 0))
            .chain(std::iter::once(("not_reported".to_owned(), 0)))
            .collect();
        let mut total = 0;
        for c in counts.iter().filter(|c| c.slug == t.slug) {
            let key = c.outcome.clone().unwrap_or_else(|| "not_reported".into());
            *outcomes.entry(key).or_default() += c.links;
            total += c.links;
        }
        if t.retired && total == 0 {
            continue;
        }
        out.push(ToolUptake {
            title: locale.pick(&t.title_da, &t.title_en).to_owned(),
            slug: t.slug,
            collaborations: total,
            outcomes,
        });
    }
    Ok(out)
}

/// Collaborations in one municipality.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MunicipalityCoverage {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Region code.
    pub region_code: String,
    /// Collaborations registered there.
    pub collaborations: i64,
}

/// Collaborations and covered municipalities in one region.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionCoverage {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Collaborations in the region.
    pub collaborations: i64,
    /// Municipalities with at least one.
    pub municipalities_with: i64,
    /// Municipalities in the region.
    pub municipalities_total: i64,
}

/// Which municipalities and regions have collaborations, and which have none.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Coverage {
    /// Per region.
    pub regions: Vec<RegionCoverage>,
    /// Per municipality, all 98 (or those of the filtered region).
    pub municipalities: Vec<MunicipalityCoverage>,
}

/// Coverage of the country.
pub async fn coverage(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    f: &UptakeFilter,
) -> Result<Coverage, AppError> {
    let counts: HashMap<String, i64> = tx
        .coverage(viewer, &f.collaborations)
        .await?
        .into_iter()
        .map(|c| (c.municipality_code, c.collaborations))
        .collect();
    let municipalities: Vec<MunicipalityCoverage> = tx
        .municipalities()
        .await?
        .into_iter()
        .filter(|m| {
            f.collaborations
                .region
                .as_ref()
                .is_none_or(|r| *r == m.region_code)
        })
        .filter(|m| {
            f.collaborations
                .municipality
                .as_ref()
                .is_none_or(|c| *c == m.code)
        })
        .map(|m| MunicipalityCoverage {
            collaborations: counts.get(&m.code).copied().unwrap_or(0),
            code: m.code,
            name: m.name,
            region_code: m.region_code,
        })
        .collect();
    let regions = tx
        .regions()
        .await?
        .into_iter()
        .filter_map(|r| {
            let mine: Vec<&MunicipalityCoverage> = municipalities
                .iter()
                .filter(|m| m.region_code == r.code)
                .collect();
            (!mine.is_empty()).then(|| RegionCoverage {
                collaborations: mine.iter().map(|m| m.collaborations).sum(),
                municipalities_with: mine.iter().filter(|m| m.collaborations > 0).count() as i64,
                municipalities_total: mine.len() as i64,
                code: r.code,
                name: r.name,
            })
        })
        .collect();
    Ok(Coverage {
        regions,
        municipalities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_labelled_and_stepped() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 17).expect("date");
        assert_eq!(
            label(period_start(d, Interval::Quarter), Interval::Quarter),
            "2026-Q2"
        );
        assert_eq!(
            label(period_start(d, Interval::Month), Interval::Month),
            "2026-05"
        );
        assert_eq!(
            label(period_start(d, Interval::Year), Interval::Year),
            "2026"
        );
        assert_eq!(
            next_period(period_start(d, Interval::Quarter), Interval::Quarter),
            NaiveDate::from_ymd_opt(2026, 7, 1).expect("date")
        );
    }

    #[test]
    fn a_period_label_names_its_last_day() {
        let last = NaiveDate::from_ymd_opt(2026, 5, 17).expect("date");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(period_last_day("2025-Q4", last), day(2025, 12, 31));
        assert_eq!(period_last_day("2026-02", last), day(2026, 2, 28));
        assert_eq!(period_last_day("2025", last), day(2025, 12, 31));
        assert_eq!(
            period_last_day("2026-Q2", last),
            Some(last),
            "not after the end"
        );
        assert_eq!(period_last_day("2026-Q5", last), None);
        assert_eq!(period_last_day("soon", last), None);
    }

    #[test]
    fn days_end_at_copenhagen_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 15).expect("date");
        assert_eq!(start_of(d).to_rfc3339(), "2026-01-14T23:00:00+00:00");
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).expect("date");
        assert_eq!(start_of(summer).to_rfc3339(), "2026-06-30T22:00:00+00:00");
    }
}
