//! Who may see which collaborations, and the filters on them: one definition, written once in
//! SQL both dialects share, used by every list, count, facet, figure and export.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::uptake::Period;

/// Who is looking.
#[derive(Debug, Clone, Copy, Default)]
pub struct Viewer {
    /// The logged-in user, if any.
    pub user: Option<Uuid>,
    /// Platform admins see every published record, whatever its visibility.
    pub admin: bool,
}

impl Viewer {
    /// Someone not logged in.
    pub fn anonymous() -> Self {
        Viewer::default()
    }
}

/// A band of town sizes, by inhabitants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PopulationBand {
    /// Inclusive lower bound.
    pub min: Option<i64>,
    /// Exclusive upper bound.
    pub max: Option<i64>,
}

/// The town size bands people search by: under 4,000; 4,000-20,000; 20,000-50,000; over
/// 50,000 inhabitants. A town with no population given is in none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SizeBand {
    /// Fewer than 4,000 inhabitants.
    Under4000,
    /// 4,000 to 19,999.
    From4000To20000,
    /// 20,000 to 49,999.
    From20000To50000,
    /// 50,000 or more.
    Over50000,
}

impl SizeBand {
    /// Every band, smallest first.
    pub const ALL: [SizeBand; 4] = [
        SizeBand::Under4000,
        SizeBand::From4000To20000,
        SizeBand::From20000To50000,
        SizeBand::Over50000,
    ];

    /// The name used in the API and in facet counts.
    pub fn code(self) -> &'static str {
        match self {
            SizeBand::Under4000 => "under_4000",
            SizeBand::From4000To20000 => "4000_20000",
            SizeBand::From20000To50000 => "20000_50000",
            SizeBand::Over50000 => "over_50000",
        }
    }

    /// The band's bounds.
    pub fn band(self) -> PopulationBand {
        let (min, max) = match self {
            SizeBand::Under4000 => (None, Some(4_000)),
            SizeBand::From4000To20000 => (Some(4_000), Some(20_000)),
            SizeBand::From20000To50000 => (Some(20_000), Some(50_000)),
            SizeBand::Over50000 => (Some(50_000), None),
        };
        PopulationBand { min, max }
    }

    /// The band a town of `population` is in.
    pub fn of(population: i64) -> SizeBand {
        SizeBand::ALL
            .into_iter()
            .find(|b| b.band().max.is_none_or(|max| population < max))
            .unwrap_or(SizeBand::Over50000)
    }
}

/// SQL for the size band code of collaboration `alias` (NULL without a population), from the
/// same bounds as [`SizeBand::band`].
pub fn size_band_sql(alias: &str) -> String {
    let mut sql = String::from("CASE");
    for band in SizeBand::ALL {
        match band.band().max {
            Some(max) => sql.push_str(&format!(
                " WHEN {alias}.town_population < {max} THEN '{}'",
                band.code()
            )),
            None => sql.push_str(&format!(
                " WHEN {alias}.town_population IS NOT NULL THEN '{}'",
                band.code()
            )),
        }
    }
    sql.push_str(" END");
    sql
}

/// Filters on the experiences a search finds (their collaboration's filters apply as well).
#[derive(Debug, Clone, Copy, Default)]
pub struct ExperienceFilter {
    /// Only lessons from something that failed.
    pub setbacks_only: bool,
}

/// Filters on collaborations. Every value has been checked against the catalogue before it
/// gets here; unknown values never reach SQL.
#[derive(Debug, Clone, Default)]
pub struct CollaborationFilter {
    /// Municipality code.
    pub municipality: Option<String>,
    /// Region code.
    pub region: Option<String>,
    /// Theme code.
    pub theme: Option<String>,
    /// Recommendation code (any link status).
    pub recommendation: Option<String>,
    /// Recommendation link status, with `recommendation`.
    pub recommendation_status: Option<String>,
    /// With `recommendation`: the link as it stood at the end of this period (read from the
    /// status history, as the uptake figures for a period are), not as it is now.
    pub recommendation_period: Option<Period>,
    /// Toolbox entry slug.
    pub toolbox: Option<String>,
    /// With `toolbox`: only links that reported this outcome.
    pub toolbox_outcome: Option<OutcomeFilter>,
    /// Organisation model.
    pub organisation_model: Option<String>,
    /// Collaboration status.
    pub status: Option<String>,
    /// Owning organisation.
    pub organisation: Option<Uuid>,
    /// Town size band.
    pub population: Option<PopulationBand>,
    /// Also the caller's own drafts (when a member of the owning organisation).
    pub include_drafts: bool,
    /// Only these collaborations (those whose text matched the list's `q`).
    pub ids: Option<Vec<Uuid>>,
}

/// The outcome a toolbox link reported, as a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeFilter {
    /// `helped`, `neutral` or `did_not_help`.
    Reported(String),
    /// No outcome given.
    NotReported,
}

/// A value to bind to a placeholder.
#[derive(Debug, Clone)]
pub enum Bind {
    /// A UUID.
    Uuid(Uuid),
    /// Text.
    Text(String),
    /// An integer.
    Int(i64),
    /// An instant.
    Time(DateTime<Utc>),
}

/// SQL text with numbered placeholders and the values that go with them.
#[derive(Debug, Clone, Default)]
pub struct SqlParts {
    /// The SQL so far.
    pub sql: String,
    /// Values for `$1`, `$2`, ...
    pub binds: Vec<Bind>,
}

impl SqlParts {
    /// Starts with `sql`.
    pub fn new(sql: &str) -> Self {
        SqlParts {
            sql: sql.to_owned(),
            binds: Vec::new(),
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: Bind) -> &mut Self {
        self.binds.push(value);
        self.sql.push_str(&format!("${}", self.binds.len()));
        self
    }

    /// Appends a placeholder for a text value.
    pub fn text(&mut self, value: &str) -> &mut Self {
        self.bind(Bind::Text(value.to_owned()))
    }
}

/// Appends "`organisation` (a column) is an organisation `user` belongs to".
pub fn push_member_of(q: &mut SqlParts, organisation: &str, user: Uuid) {
    q.push(&format!(
        "{organisation} IN (SELECT organisation_id FROM memberships WHERE user_id = "
    ))
    .bind(Bind::Uuid(user))
    .push(")");
}

/// Appends the condition "the viewer may read collaboration `c`": published and visible to
/// them, or (when `drafts`) owned by an organisation they belong to. Deleted ones never.
pub fn push_visible(q: &mut SqlParts, viewer: &Viewer, alias: &str, drafts: bool) {
    q.push(&format!("{alias}.deleted_at IS NULL AND ("));
    q.push(&format!("({alias}.state = 'published'"));
    match (viewer.user, viewer.admin) {
        (_, true) => {}
        (None, false) => {
            q.push(&format!(" AND {alias}.visibility = 'public'"));
        }
        (Some(user), false) => {
            q.push(&format!(
                " AND ({alias}.visibility IN ('public', 'members') OR "
            ));
            push_member_of(q, &format!("{alias}.organisation_id"), user);
            q.push(")");
        }
    }
    q.push(")");
    if drafts && let Some(user) = viewer.user {
        q.push(" OR ");
        push_member_of(q, &format!("{alias}.organisation_id"), user);
    }
    q.push(")");
}

/// Appends "experience `e` is out for readers": published, not hidden by a moderator, not
/// deleted, and matching `filter`. Its collaboration's visibility is a separate condition.
pub fn push_experience_listed(q: &mut SqlParts, filter: &ExperienceFilter, alias: &str) {
    q.push(&format!(
        "{alias}.deleted_at IS NULL AND {alias}.state = 'published' AND {alias}.hidden_at IS NULL"
    ));
    if filter.setbacks_only {
        q.push(&format!(" AND {alias}.is_setback"));
    }
}

/// Appends "the viewer may read experience `e` of collaboration `c`". Without `drafts`: the
/// collaboration is published and visible to them and the experience is listed (see
/// [`push_experience_listed`]). With `drafts` (reading one record or a collaboration's page):
/// also the drafts and hidden experiences of the viewer's own organisations, and every
/// experience of a visible collaboration for admins.
pub fn push_experience_visible(q: &mut SqlParts, viewer: &Viewer, drafts: bool) {
    push_visible(q, viewer, "c", drafts);
    if !drafts {
        q.push(" AND ");
        push_experience_listed(q, &ExperienceFilter::default(), "e");
        return;
    }
    q.push(" AND e.deleted_at IS NULL");
    if viewer.admin {
        return;
    }
    q.push(" AND ((e.state = 'published' AND e.hidden_at IS NULL)");
    if let Some(user) = viewer.user {
        q.push(" OR ");
        push_member_of(q, "c.organisation_id", user);
    }
    q.push(")");
}

/// Appends the filters as `AND ...` conditions on collaboration `c`.
pub fn push_filters(q: &mut SqlParts, filter: &CollaborationFilter, alias: &str) {
    push_filters_on(q, filter, alias, &format!("{alias}.id"));
}

/// Appends the filters as `AND ...` conditions on `alias`, a row with a collaboration's
/// municipality, organisation model, status, organisation and town population under their
/// names, whose collaboration's id is `id` (a search document's `collaboration_id`).
pub fn push_filters_on(q: &mut SqlParts, filter: &CollaborationFilter, alias: &str, id: &str) {
    if let Some(ids) = &filter.ids {
        if ids.is_empty() {
            q.push(" AND 1 = 0");
        } else {
            q.push(&format!(" AND {id} IN ("));
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.bind(Bind::Uuid(*id));
            }
            q.push(")");
        }
    }
    if let Some(m) = &filter.municipality {
        q.push(&format!(" AND {alias}.municipality_code = "))
            .text(m);
    }
    if let Some(r) = &filter.region {
        q.push(&format!(
            " AND {alias}.municipality_code IN (SELECT code FROM municipalities WHERE region_code = "
        ))
        .text(r)
        .push(")");
    }
    if let Some(t) = &filter.theme {
        q.push(&format!(
            " AND EXISTS (SELECT 1 FROM collaboration_themes ct WHERE ct.collaboration_id = {id} AND ct.theme_code = "
        ))
        .text(t)
        .push(")");
    }
    if let Some(r) = &filter.recommendation {
        match filter.recommendation_period {
            None => {
                q.push(&format!(
                    " AND EXISTS (SELECT 1 FROM recommendation_links rl WHERE rl.collaboration_id = {id} AND rl.recommendation_code = "
                ))
                .text(r);
                if let Some(s) = &filter.recommendation_status {
                    q.push(" AND rl.status = ").text(s);
                }
                q.push(")");
            }
            Some(period) => push_link_as_of(q, id, r, filter, period),
        }
    }
    if let Some(t) = &filter.toolbox {
        q.push(&format!(
            " AND EXISTS (SELECT 1 FROM toolbox_links tl WHERE tl.collaboration_id = {id} AND tl.toolbox_slug = "
        ))
        .text(t);
        match &filter.toolbox_outcome {
            None => {}
            Some(OutcomeFilter::Reported(o)) => {
                q.push(" AND tl.outcome = ").text(o);
            }
            Some(OutcomeFilter::NotReported) => {
                q.push(" AND tl.outcome IS NULL");
            }
        }
        q.push(")");
    }
    if let Some(m) = &filter.organisation_model {
        q.push(&format!(" AND {alias}.organisation_model = "))
            .text(m);
    }
    if let Some(s) = &filter.status {
        q.push(&format!(" AND {alias}.status = ")).text(s);
    }
    if let Some(o) = filter.organisation {
        q.push(&format!(" AND {alias}.organisation_id = "))
            .bind(Bind::Uuid(o));
    }
    if let Some(band) = filter.population {
        if let Some(min) = band.min {
            q.push(&format!(" AND {alias}.town_population >= "))
                .bind(Bind::Int(min));
        }
        if let Some(max) = band.max {
            q.push(&format!(" AND {alias}.town_population < "))
                .bind(Bind::Int(max));
        }
    }
}

/// "The collaboration `id` had a link to `code` (in the filter's status) at the end of `period`":
/// its last history entry up to the end is a status, set within the period when it has a
/// start. The same reading of the history as the uptake figures for a period.
fn push_link_as_of(
    q: &mut SqlParts,
    id: &str,
    code: &str,
    filter: &CollaborationFilter,
    period: Period,
) {
    q.push(&format!(
        " AND EXISTS (SELECT 1 FROM recommendation_link_history h WHERE h.collaboration_id = {id} AND h.recommendation_code = "
    ))
    .text(code)
    .push(" AND h.status IS NOT NULL");
    if let Some(s) = &filter.recommendation_status {
        q.push(" AND h.status = ").text(s);
    }
    if let Some(from) = period.from {
        q.push(" AND h.at >= ").bind(Bind::Time(from));
    }
    q.push(" AND h.at <= ").bind(Bind::Time(period.to));
    q.push(
        " AND NOT EXISTS (SELECT 1 FROM recommendation_link_history later \
         WHERE later.collaboration_id = h.collaboration_id \
         AND later.recommendation_code = h.recommendation_code AND later.at <= ",
    )
    .bind(Bind::Time(period.to))
    .push(" AND (later.at > h.at OR (later.at = h.at AND later.id > h.id))))");
}

/// The full condition for a list: visible to the viewer and matching the filters.
pub fn push_collaboration_scope(
    q: &mut SqlParts,
    viewer: &Viewer,
    filter: &CollaborationFilter,
    alias: &str,
) {
    push_visible(q, viewer, alias, filter.include_drafts);
    push_filters(q, filter, alias);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_viewers_see_only_public_published_records() {
        let mut q = SqlParts::new("WHERE ");
        push_visible(&mut q, &Viewer::anonymous(), "c", true);
        assert_eq!(
            q.sql,
            "WHERE c.deleted_at IS NULL AND ((c.state = 'published' AND c.visibility = 'public'))"
        );
        assert!(q.binds.is_empty());
    }

    #[test]
    fn size_bands_cover_every_population_once() {
        assert_eq!(SizeBand::of(1), SizeBand::Under4000);
        assert_eq!(SizeBand::of(3_999), SizeBand::Under4000);
        assert_eq!(SizeBand::of(4_000), SizeBand::From4000To20000);
        assert_eq!(SizeBand::of(9_000), SizeBand::From4000To20000);
        assert_eq!(SizeBand::of(20_000), SizeBand::From20000To50000);
        assert_eq!(SizeBand::of(50_000), SizeBand::Over50000);
        assert_eq!(
            size_band_sql("c"),
            "CASE WHEN c.town_population < 4000 THEN 'under_4000' \
             WHEN c.town_population < 20000 THEN '4000_20000' \
             WHEN c.town_population < 50000 THEN '20000_50000' \
             WHEN c.town_population IS NOT NULL THEN 'over_50000' END"
        );
    }

    #[test]
    fn listed_experiences_are_published_and_not_hidden() {
        let mut q = SqlParts::new("");
        push_experience_visible(&mut q, &Viewer::anonymous(), false);
        assert!(
            q.sql.ends_with(
                "e.deleted_at IS NULL AND e.state = 'published' AND e.hidden_at IS NULL"
            )
        );
        let mut q = SqlParts::new("");
        push_experience_listed(
            &mut q,
            &ExperienceFilter {
                setbacks_only: true,
            },
            "e",
        );
        assert!(q.sql.ends_with("AND e.is_setback"));
    }

    #[test]
    fn members_see_their_drafts_and_filters_bind_in_order() {
        let user = Uuid::now_v7();
        let viewer = Viewer {
            user: Some(user),
            admin: false,
        };
        let filter = CollaborationFilter {
            municipality: Some("370".into()),
            theme: Some("2".into()),
            include_drafts: true,
            ..Default::default()
        };
        let mut q = SqlParts::new("");
        push_collaboration_scope(&mut q, &viewer, &filter, "c");
        assert!(q.sql.contains("user_id = $1"));
        assert!(q.sql.contains("user_id = $2"));
        assert!(q.sql.contains("municipality_code = $3"));
        assert!(q.sql.contains("theme_code = $4"));
        assert_eq!(q.binds.len(), 4);
    }
}
