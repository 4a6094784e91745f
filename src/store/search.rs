//! Search: the index of collaborations and experiences, the vocabulary for typos, the profiles
//! compared by "collaborations like this one", and saved searches.
//!
//! The index is kept by the store itself: every store method that changes what a record is
//! found by (its texts, place, links and their notes) calls [`reindex_collaboration`] or
//! [`reindex_experience`] in the same transaction. Whether a record may be seen is never in the
//! index; every search applies [`super::scope`] to the records themselves, so publishing,
//! unpublishing, hiding and deleting show at once.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::StoreResult;
use super::registry::CollaborationRow;
use super::scope::{
    Bind, CollaborationFilter, ExperienceFilter, SqlParts, Viewer, push_filters_on, push_member_of,
    size_band_sql,
};
use crate::search::analyze::{self, QueryTerm};

/// What a collaboration is indexed and profiled from, read whatever its state.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CollaborationSource {
    /// Id.
    pub id: Uuid,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// The description's plain text.
    pub description_text: String,
    /// Town.
    pub town: String,
    /// Inhabitants.
    pub town_population: Option<i64>,
    /// Municipality code.
    pub municipality_code: String,
    /// Municipality name.
    pub municipality_name: String,
    /// Organisation model.
    pub organisation_model: String,
    /// The notes on its recommendation and toolbox links, joined.
    pub notes: String,
    /// Recommendation codes, comma-separated.
    pub recommendations: String,
    /// Toolbox slugs, comma-separated.
    pub toolbox: String,
    /// Theme codes, comma-separated.
    pub themes: String,
}

/// What an experience is indexed from.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExperienceSource {
    /// Id.
    pub id: Uuid,
    /// Its collaboration.
    pub collaboration_id: Uuid,
    /// Title.
    pub title: String,
    /// Plain text of the body and its sections.
    pub body_text: String,
}

/// What a search document is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A collaboration.
    Collaboration,
    /// An experience.
    Experience,
}

impl DocKind {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Collaboration => "collaboration",
            DocKind::Experience => "experience",
        }
    }
}

/// One record's entry in the index: analysed terms per field.
#[derive(Debug, Clone)]
pub struct SearchDocument {
    /// The collaboration's or experience's id.
    pub record_id: Uuid,
    /// Which it is.
    pub kind: DocKind,
    /// The collaboration (itself, or the experience's).
    pub collaboration_id: Uuid,
    /// Title terms.
    pub title: Vec<String>,
    /// Summary and place terms.
    pub lead: Vec<String>,
    /// Everything else.
    pub body: Vec<String>,
}

/// What "collaborations like this one" compares.
#[derive(Debug, Clone, PartialEq)]
pub struct CollaborationProfile {
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// Linked recommendation codes, sorted.
    pub recommendations: Vec<String>,
    /// Linked toolbox slugs, sorted.
    pub toolbox: Vec<String>,
    /// Theme codes, sorted.
    pub themes: Vec<String>,
    /// Organisation model.
    pub organisation_model: String,
    /// Inhabitants of the town.
    pub town_population: Option<i64>,
    /// Municipality code.
    pub municipality_code: String,
    /// Distinct stems of its title, summary and description.
    pub signature: Vec<String>,
}

/// A profile as stored (code lists as `,a,b,`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProfileRow {
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// `,P3,P5,`.
    pub recommendations: String,
    /// `,slug,slug,`.
    pub toolbox: String,
    /// `,2,5,`.
    pub themes: String,
    /// Organisation model.
    pub organisation_model: String,
    /// Inhabitants.
    pub town_population: Option<i64>,
    /// Municipality code.
    pub municipality_code: String,
    /// Space-separated stems.
    pub signature: String,
}

/// A list as stored in a profile: `,a,b,` (`,` when empty).
pub fn code_list(codes: &[String]) -> String {
    format!(
        ",{}",
        codes.iter().map(|c| format!("{c},")).collect::<String>()
    )
}

fn split_codes(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

impl From<ProfileRow> for CollaborationProfile {
    fn from(r: ProfileRow) -> Self {
        CollaborationProfile {
            collaboration_id: r.collaboration_id,
            recommendations: split_codes(&r.recommendations),
            toolbox: split_codes(&r.toolbox),
            themes: split_codes(&r.themes),
            organisation_model: r.organisation_model,
            town_population: r.town_population,
            municipality_code: r.municipality_code,
            signature: r
                .signature
                .split(' ')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// Which kinds of record a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kinds {
    /// Collaborations and experiences.
    #[default]
    All,
    /// Collaborations only.
    Collaborations,
    /// Experiences only.
    Experiences,
}

/// The order of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchSort {
    /// Best match first, newest first among equals.
    #[default]
    Relevance,
    /// Newest record first.
    Newest,
}

/// What to search for and where; the same for the results and their facet counts.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Analysed query words (with their typo alternatives); none lists by the filters alone.
    pub terms: Vec<QueryTerm>,
    /// Filters on the collaboration (an experience is filtered by its collaboration).
    pub filter: CollaborationFilter,
    /// Filters on experiences.
    pub experiences: ExperienceFilter,
    /// Which kinds of record.
    pub kinds: Kinds,
}

/// Appends who may see search document `d` and the request's filters, read from the
/// document's own copies of its record's values (migration 0012): listed records only, kept to
/// the viewer as [`super::scope::push_visible`] keeps collaborations. Used for results, facet
/// counts and the results' details. The same SQL in both dialects but for a theme,
/// recommendation or toolbox filter (see [`push_document_filters`]).
pub fn push_search_scope(
    q: &mut SqlParts,
    viewer: &Viewer,
    request: &SearchRequest,
    find_in_lists: Option<&str>,
) {
    match (viewer.user, viewer.admin) {
        (_, true) => {
            q.push("d.visibility IS NOT NULL");
        }
        (None, false) => {
            q.push("d.visibility = 'public'");
        }
        (Some(user), false) => {
            q.push("(d.visibility IN ('public', 'members') OR (d.visibility IS NOT NULL AND ");
            push_member_of(q, "d.organisation_id", user);
            q.push("))");
        }
    }
    push_document_filters(q, &request.filter, find_in_lists);
    let setbacks = request.experiences.setbacks_only;
    match request.kinds {
        // Setbacks are experiences: asking for collaborations that are setbacks finds none.
        Kinds::Collaborations if setbacks => {
            q.push(" AND 1 = 0");
        }
        Kinds::Collaborations => {
            q.push(" AND d.kind = 'collaboration'");
        }
        Kinds::All if !setbacks => {}
        Kinds::All | Kinds::Experiences => {
            q.push(" AND d.kind = 'experience'");
            if setbacks {
                q.push(" AND d.is_setback");
            }
        }
    }
}

/// Appends the filters. With `find_in_lists` (SQLite's `instr`), a theme, recommendation or
/// toolbox entry is found in the document's own lists, `,a,b,`: SQLite looks a link up once per
/// match, and a theme and a recommendation filter made a search for a common word half as slow
/// again. Without (PostgreSQL), the link tables are read: PostgreSQL's planner can start from
/// them when they hold fewer than the words match, and it cannot tell how many a list holds.
/// A recommendation's link status (or as it stood in a period) and a toolbox entry's outcome
/// are only in the link tables, and are read there in both.
fn push_document_filters(
    q: &mut SqlParts,
    filter: &CollaborationFilter,
    find_in_lists: Option<&str>,
) {
    let Some(find) = find_in_lists else {
        push_filters_on(q, filter, "d", "d.collaboration_id");
        return;
    };
    let mut rest = filter.clone();
    let mut listed = |list: &str, code: String| {
        q.push(&format!(" AND {find}(',' || d.{list} || ',', "))
            .text(&format!(",{code},"))
            .push(") > 0");
    };
    if let Some(theme) = rest.theme.take() {
        listed("themes", theme);
    }
    if rest.recommendation_status.is_none()
        && rest.recommendation_period.is_none()
        && let Some(code) = rest.recommendation.take()
    {
        listed("recommendations", code);
    }
    if rest.toolbox_outcome.is_none()
        && let Some(slug) = rest.toolbox.take()
    {
        listed("toolbox", slug);
    }
    push_filters_on(q, &rest, "d", "d.collaboration_id");
}

/// What a matching document is counted under, as one line: its kind, region, municipality,
/// organisation model, status, size band, and its collaboration's themes, recommendations and
/// toolbox entries (comma-separated). The lines of all matches are joined with
/// `string_agg(..., ';')` (both dialects have it) and counted by [`facet_counts`]: one pass over
/// the matches, where a `GROUP BY` per facet sorted them nine times.
pub fn facet_line_sql() -> String {
    format!(
        "d.kind || ' ' || d.region_code || ' ' || d.municipality_code || ' ' || \
         d.organisation_model || ' ' || d.status || ' ' || COALESCE({}, '') || ' ' || d.themes || \
         ' ' || d.recommendations || ' ' || d.toolbox",
        size_band_sql("d")
    )
}

/// The facets of a line of [`facet_line_sql`], in its order; the last three are lists.
const FACET_COLUMNS: [&str; 9] = [
    "type",
    "region",
    "municipality",
    "organisation_model",
    "status",
    "size",
    "theme",
    "recommendation",
    "toolbox",
];

/// Counts per facet value from the lines of [`facet_line_sql`] (none when nothing matched).
/// Each field is counted whole first (a list such as `P3,P5` recurs in many lines) and split
/// into its values once per distinct field.
///
/// A search for a common word can have 100,000 lines, 9 MB: they are read in one pass over
/// their bytes (the separators are ASCII, so every field is a whole `str`) and counted in maps
/// with foldhash, which hashes short keys several times faster than the standard library's
/// SipHash. Its lack of resistance to chosen collisions does not matter here: the keys are
/// catalogue codes and the registry's own values, never text a user typed. Splitting line by
/// line and hashing with SipHash took 47 ms for 94,739 lines, this takes 15 (bench/README.md,
/// "eleventh").
pub fn facet_counts(keys: Option<&str>) -> Vec<FacetCount> {
    type Counts<K> = HashMap<K, i64, foldhash::fast::RandomState>;
    let mut fields: [Counts<&str>; FACET_COLUMNS.len()] = Default::default();
    let keys = keys.unwrap_or_default();
    let (mut start, mut column) = (0, 0);
    let ends = keys
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b' ' | b';'));
    for (end, separator) in ends.chain([(keys.len(), b';')]) {
        if let Some(counts) = fields.get_mut(column) {
            *counts.entry(&keys[start..end]).or_default() += 1;
        }
        start = end + 1;
        column = if separator == b';' { 0 } else { column + 1 };
    }
    let mut counts: Counts<(&'static str, &str)> = Counts::default();
    for (facet, fields) in FACET_COLUMNS.iter().zip(fields) {
        for (field, n) in fields {
            for value in field.split(',').filter(|v| !v.is_empty()) {
                *counts.entry((facet, value)).or_default() += n;
            }
        }
    }
    counts
        .into_iter()
        .map(|((facet, value), count)| FacetCount {
            facet: facet.to_owned(),
            value: value.to_owned(),
            count,
        })
        .collect()
}

/// Appends the cursor, order and limit of a page to a statement over matches `x` (with columns
/// `record_id` and `score`).
fn push_page(q: &mut SqlParts, sort: SearchSort, after: Option<SearchCursor>, limit: i64) {
    match (after, sort) {
        (None, _) => {}
        (Some(a), SearchSort::Relevance) => {
            q.push(" WHERE (x.score < ")
                .bind(Bind::Int(a.score))
                .push(" OR (x.score = ")
                .bind(Bind::Int(a.score))
                .push(" AND x.record_id < ")
                .bind(Bind::Uuid(a.record_id))
                .push("))");
        }
        (Some(a), SearchSort::Newest) => {
            q.push(" WHERE x.record_id < ")
                .bind(Bind::Uuid(a.record_id));
        }
    }
    match sort {
        SearchSort::Relevance => q.push(" ORDER BY x.score DESC, x.record_id DESC LIMIT "),
        SearchSort::Newest => q.push(" ORDER BY x.record_id DESC LIMIT "),
    };
    q.bind(Bind::Int(limit));
}

/// Appends `SELECT kind, record_id, collaboration_id, score` (and with `line`, the facet line
/// of [`facet_line_sql`]) of the matches: `score` appends the dialect's score of document `d`,
/// `from_where` its `FROM ... WHERE ...` of what the viewer may see that matches.
fn push_matches(
    q: &mut SqlParts,
    score: impl FnOnce(&mut SqlParts),
    from_where: impl FnOnce(&mut SqlParts),
    line: bool,
) {
    q.push(
        "SELECT d.kind AS kind, d.record_id AS record_id, d.collaboration_id AS collaboration_id, ",
    );
    score(q);
    q.push(" AS score");
    if line {
        q.push(&format!(", {} AS line", facet_line_sql()));
    }
    from_where(q);
}

/// The statement of [`SearchStore::search_hits`], from the dialect's parts (see
/// [`push_matches`]).
pub fn hits_sql(
    score: impl FnOnce(&mut SqlParts),
    from_where: impl FnOnce(&mut SqlParts),
    sort: SearchSort,
    after: Option<SearchCursor>,
    limit: i64,
) -> SqlParts {
    let mut q = SqlParts::new("SELECT x.kind, x.record_id, x.collaboration_id, x.score FROM (");
    push_matches(&mut q, score, from_where, false);
    q.push(") x");
    push_page(&mut q, sort, after, limit);
    q
}

/// The statement of [`SearchStore::search_page`], from the dialect's parts (see
/// [`push_matches`]): the rows of the page, then one row whose `facets` holds the facet lines of
/// all the matches, joined (the others' are null). With `words`, the matches are made once, as
/// a materialised common table expression read by both. Without, the filters are cheap and an
/// index in record order can give the newest page without reading every match, so each part
/// reads the documents itself.
pub fn page_sql(
    score: impl FnOnce(&mut SqlParts),
    from_where: impl FnOnce(&mut SqlParts),
    words: bool,
    sort: SearchSort,
    after: Option<SearchCursor>,
    limit: i64,
) -> SqlParts {
    let mut q = SqlParts::new(if words {
        "WITH m AS MATERIALIZED ("
    } else {
        "WITH m AS NOT MATERIALIZED ("
    });
    push_matches(&mut q, score, from_where, true);
    q.push(
        ") SELECT * FROM (SELECT x.kind, x.record_id, x.collaboration_id, x.score, \
         NULL AS facets FROM m x",
    );
    push_page(&mut q, sort, after, limit);
    q.push(
        ") p UNION ALL SELECT NULL, NULL, NULL, NULL, \
         (SELECT string_agg(m.line, ';') FROM m)",
    );
    q
}

/// A row of [`page_sql`].
#[derive(Debug, sqlx::FromRow)]
pub struct PageRow {
    kind: Option<String>,
    record_id: Option<Uuid>,
    collaboration_id: Option<Uuid>,
    score: Option<i64>,
    facets: Option<String>,
}

/// The hits and facet counts of the rows of [`page_sql`].
pub fn page_of(rows: Vec<PageRow>) -> (Vec<SearchHit>, Vec<FacetCount>) {
    let mut hits = Vec::new();
    let mut keys = None;
    for row in rows {
        match (row.kind, row.record_id, row.collaboration_id) {
            (Some(kind), Some(record_id), Some(collaboration_id)) => hits.push(SearchHit {
                kind,
                record_id,
                collaboration_id,
                score: row.score.unwrap_or_default(),
            }),
            _ => keys = keys.or(row.facets),
        }
    }
    (hits, facet_counts(keys.as_deref()))
}

/// Points a document gets per query word for the field the word is found in; a word found only
/// through a typo alternative gets half. The score of a document is the sum over the words.
pub mod points {
    /// In the title.
    pub const TITLE: i64 = 6;
    /// In the summary or place.
    pub const LEAD: i64 = 4;
    /// Elsewhere.
    pub const BODY: i64 = 2;
}

/// Where a page of results starts: after this score and record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchCursor {
    /// The last score seen (0 when sorting by newest).
    pub score: i64,
    /// The last record seen.
    pub record_id: Uuid,
}

/// A search result before its details are read.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchHit {
    /// collaboration or experience.
    pub kind: String,
    /// Its id.
    pub record_id: Uuid,
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// Points (see [`points`]).
    pub score: i64,
}

/// How many results have a value of a facet.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FacetCount {
    /// The facet (type, region, municipality, theme, recommendation, toolbox,
    /// organisation_model, status, size).
    pub facet: String,
    /// The value.
    pub value: String,
    /// Results with it.
    pub count: i64,
}

/// What a result shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SearchItemRow {
    /// collaboration or experience.
    pub kind: String,
    /// Its id.
    pub record_id: Uuid,
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// The collaboration's title.
    pub collaboration_title: String,
    /// The experience's title.
    pub experience_title: Option<String>,
    /// The collaboration's summary.
    pub summary: String,
    /// The collaboration's description, plain text.
    pub description_text: String,
    /// The experience's text.
    pub body_text: Option<String>,
    /// Town.
    pub town: String,
    /// Inhabitants.
    pub town_population: Option<i64>,
    /// Municipality code.
    pub municipality_code: String,
    /// Municipality name.
    pub municipality_name: String,
    /// Region code.
    pub region_code: String,
    /// Organisation model.
    pub organisation_model: String,
    /// Collaboration status.
    pub status: String,
    /// For an experience: a setback.
    pub is_setback: Option<bool>,
    /// When the record was published.
    pub published_at: Option<DateTime<Utc>>,
}

/// A collaboration's recommendation and the status of its link.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkCode {
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// Recommendation code.
    pub code: String,
    /// Link status.
    pub status: String,
}

/// A listed experience of a collaboration, for "what they learned".
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExperienceTitle {
    /// Id.
    pub id: Uuid,
    /// The collaboration.
    pub collaboration_id: Uuid,
    /// Title.
    pub title: String,
    /// A setback.
    pub is_setback: bool,
}

/// Points for a town within a range of sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeTier {
    /// Smallest population, inclusive.
    pub min: i64,
    /// Largest population, inclusive.
    pub max: i64,
    /// Points.
    pub points: i64,
}

/// Which collaborations to rank by profile, and the points for what they share.
#[derive(Debug, Clone, Default)]
pub struct ProfileQuery {
    /// Leave this collaboration out (the one compared with).
    pub exclude_collaboration: Option<Uuid>,
    /// Leave this municipality's collaborations out (for "towns like ours").
    pub exclude_municipality: Option<String>,
    /// Recommendation codes to share, and the points for each.
    pub recommendations: (Vec<String>, i64),
    /// Toolbox slugs to share, and the points for each.
    pub toolbox: (Vec<String>, i64),
    /// Theme codes to share, and the points for each.
    pub themes: (Vec<String>, i64),
    /// The organisation model to share, and the points for it.
    pub organisation_model: Option<(String, i64)>,
    /// Town size ranges, best first; the first that holds counts.
    pub size: Vec<SizeTier>,
}

/// A catalogue entry's bit in a profile's mask: the profile column of its list, its code, the
/// bit.
pub type EntryBit = (String, String, i64);

/// The catalogue lists a profile query compares: its column of code lists, its column of bits
/// (migration 0013), and the catalogue table and key the bits are read from.
const PROFILE_LISTS: [(&str, &str, &str, &str); 3] = [
    (
        "recommendations",
        "recommendation_bits",
        "recommendations",
        "code",
    ),
    ("toolbox", "toolbox_bits", "toolbox_entries", "slug"),
    ("themes", "theme_bits", "themes", "code"),
];

/// How a dialect writes what [`ProfileQuery::candidates_sql`] needs.
#[derive(Debug)]
pub struct ProfileDialect {
    /// The position of a string in another, 0 when absent (SQLite's `instr`, PostgreSQL's
    /// `strpos`).
    pub find: &'static str,
    /// What a profile's mask, an integer, is cast to for `bit_count` (PostgreSQL's counts the
    /// bits of a bit string: `::bit(64)`; SQLite's, the service's own, of an integer: none).
    pub bits: &'static str,
    /// What ends a subquery so that it is not merged into the statement around it, where
    /// merging would work out the points again for every place that names them (SQLite's
    /// `LIMIT -1`); empty where working them out twice costs no more than keeping them apart.
    pub fence: &'static str,
}

impl ProfileDialect {
    /// How many bits of `mask` are set in profile `p`'s `column` too.
    pub fn shared_bits(&self, column: &str, mask: i64) -> String {
        format!("bit_count((p.{column} & {mask}){})", self.bits)
    }
}

impl ProfileQuery {
    fn lists(&self) -> [(&[String], i64); 3] {
        [
            (&self.recommendations.0, self.recommendations.1),
            (&self.toolbox.0, self.toolbox.1),
            (&self.themes.0, self.themes.1),
        ]
    }

    /// The statement reading the bits of the catalogue entries this query names, as rows of
    /// (profile column, code, bit); only bits that go in a mask (0 to 62). None when the
    /// query names no entry.
    pub fn bits_sql(&self) -> Option<SqlParts> {
        let mut q = SqlParts::new("");
        let mut any = false;
        for ((column, _, table, key), (codes, _)) in PROFILE_LISTS.iter().zip(self.lists()) {
            if codes.is_empty() {
                continue;
            }
            if any {
                q.push(" UNION ALL ");
            }
            any = true;
            q.push(&format!(
                "SELECT '{column}' AS list, {key} AS code, bit \
                 FROM {table} WHERE bit < 63 AND {key} IN ("
            ));
            for (i, code) in codes.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.text(code);
            }
            q.push(")");
        }
        any.then_some(q)
    }

    /// The statement ranking profiles by points, most first (ties: newest), after `after`.
    /// The entries of a list that have a bit (`bits` holds the rows of
    /// [`ProfileQuery::bits_sql`]) are counted at once, as the bits the profile's mask shares
    /// with the query's; one without a bit is found in the text list with the dialect's
    /// `find`. The points are worked out in a subquery ended by the dialect's `fence`.
    pub fn candidates_sql(
        &self,
        bits: &[EntryBit],
        dialect: &ProfileDialect,
        after: Option<(i64, Uuid)>,
        limit: i64,
    ) -> SqlParts {
        let mut q = SqlParts::new(
            "SELECT x.collaboration_id, x.points FROM (SELECT p.collaboration_id AS \
             collaboration_id, CAST((0",
        );
        for ((column, mask_column, _, _), (codes, pts)) in PROFILE_LISTS.iter().zip(self.lists()) {
            let mut mask = 0_i64;
            for code in codes {
                // The entry's place in the mask: bits 0 to 62, so that the mask stays positive.
                let bit = bits
                    .iter()
                    .find(|(list, c, _)| list == column && c == code)
                    .and_then(|b| u32::try_from(b.2).ok())
                    .and_then(|b| 1_i64.checked_shl(b))
                    .filter(|b| *b > 0);
                match bit {
                    Some(bit) => mask |= bit,
                    None => {
                        q.push(&format!(" + (CASE WHEN {}(p.{column}, ", dialect.find))
                            .text(&format!(",{code},"))
                            .push(") > 0 THEN ")
                            .bind(Bind::Int(pts))
                            .push(" ELSE 0 END)");
                    }
                }
            }
            if mask != 0 {
                q.push(" + ")
                    .bind(Bind::Int(pts))
                    .push(&format!(" * {}", dialect.shared_bits(mask_column, mask)));
            }
        }
        if let Some((model, pts)) = &self.organisation_model {
            q.push(" + (CASE WHEN p.organisation_model = ")
                .text(model)
                .push(" THEN ")
                .bind(Bind::Int(*pts))
                .push(" ELSE 0 END)");
        }
        if !self.size.is_empty() {
            q.push(" + (CASE");
            for tier in &self.size {
                q.push(" WHEN p.town_population BETWEEN ")
                    .bind(Bind::Int(tier.min))
                    .push(" AND ")
                    .bind(Bind::Int(tier.max))
                    .push(" THEN ")
                    .bind(Bind::Int(tier.points));
            }
            q.push(" ELSE 0 END)");
        }
        q.push(") AS bigint) AS points FROM collaboration_profiles p WHERE 1 = 1");
        if let Some(id) = self.exclude_collaboration {
            q.push(" AND p.collaboration_id <> ").bind(Bind::Uuid(id));
        }
        if let Some(code) = &self.exclude_municipality {
            q.push(" AND p.municipality_code <> ").text(code);
        }
        q.push(dialect.fence);
        q.push(") x WHERE x.points > 0");
        if let Some((points, id)) = after {
            q.push(" AND (x.points < ")
                .bind(Bind::Int(points))
                .push(" OR (x.points = ")
                .bind(Bind::Int(points))
                .push(" AND x.collaboration_id < ")
                .bind(Bind::Uuid(id))
                .push("))");
        }
        q.push(" ORDER BY x.points DESC, x.collaboration_id DESC LIMIT ")
            .bind(Bind::Int(limit));
        q
    }
}

/// The search index and what is searched with it.
#[async_trait]
pub trait SearchStore {
    /// What a collaboration is indexed from (none when it is gone for good).
    async fn collaboration_source(&mut self, id: Uuid) -> StoreResult<Option<CollaborationSource>>;
    /// What a collaboration's experiences are indexed from.
    async fn experience_sources(
        &mut self,
        collaboration: Uuid,
    ) -> StoreResult<Vec<ExperienceSource>>;
    /// What one experience is indexed from (none when it is gone for good).
    async fn experience_source(&mut self, id: Uuid) -> StoreResult<Option<ExperienceSource>>;
    /// Stores or replaces a record's index entry.
    async fn put_search_document(&mut self, doc: &SearchDocument) -> StoreResult<()>;
    /// Stores or replaces a collaboration's profile.
    async fn put_collaboration_profile(
        &mut self,
        profile: &CollaborationProfile,
    ) -> StoreResult<()>;
    /// Adds stems to the vocabulary typos are matched against.
    async fn add_search_terms(&mut self, stems: &[String]) -> StoreResult<()>;
    /// Adds (term, stem) pairs to the vocabulary a word being typed is completed from (none
    /// where a word being typed is searched for by prefix).
    async fn add_search_words(&mut self, words: &[(String, String)]) -> StoreResult<()>;
    /// The (term, stem) pairs of the vocabulary whose term starts with `prefix`, in term
    /// order, at most `limit`; None where a word being typed is searched for by prefix
    /// (PostgreSQL: see its migration 0014).
    async fn search_words_from(
        &mut self,
        prefix: &str,
        limit: i64,
    ) -> StoreResult<Option<Vec<(String, String)>>>;
    /// Compacts the index after it was rebuilt (SQLite merges each FTS5 index into one segment;
    /// PostgreSQL gathers the documents' statistics afresh).
    async fn compact_search_index(&mut self) -> StoreResult<()>;
    /// The analyzer version the index was built with.
    async fn search_index_version(&mut self) -> StoreResult<Option<i64>>;
    /// Records the analyzer version the index is built with.
    async fn set_search_index_version(&mut self, version: i64) -> StoreResult<()>;
    /// Collaboration ids (all, in any state) after `after`, in id order: for a rebuild.
    async fn collaboration_ids(
        &mut self,
        after: Option<Uuid>,
        limit: i64,
    ) -> StoreResult<Vec<Uuid>>;

    /// Vocabulary stems whose trigrams are like `stem`'s, most alike first (candidates for
    /// typo alternatives; the caller decides which are close enough).
    async fn similar_terms(&mut self, stem: &str, limit: i64) -> StoreResult<Vec<String>>;
    /// A page of what the viewer may see that matches, best or newest first, after `after`.
    async fn search_hits(
        &mut self,
        viewer: &Viewer,
        request: &SearchRequest,
        sort: SearchSort,
        after: Option<SearchCursor>,
        limit: i64,
    ) -> StoreResult<Vec<SearchHit>>;
    /// A page as [`SearchStore::search_hits`] gives it, with the counts per facet value of
    /// everything the viewer may see that matches (not only the page), in one statement (see
    /// [`page_sql`]: with words, the matches are found once, for both).
    async fn search_page(
        &mut self,
        viewer: &Viewer,
        request: &SearchRequest,
        sort: SearchSort,
        after: Option<SearchCursor>,
        limit: i64,
    ) -> StoreResult<(Vec<SearchHit>, Vec<FacetCount>)>;
    /// What the results with these ids show (those the viewer may still see).
    async fn search_items(
        &mut self,
        viewer: &Viewer,
        request: &SearchRequest,
        ids: &[Uuid],
    ) -> StoreResult<Vec<SearchItemRow>>;
    /// The recommendation links of these collaborations, in catalogue order.
    async fn recommendation_codes_of(
        &mut self,
        collaborations: &[Uuid],
    ) -> StoreResult<Vec<LinkCode>>;
    /// The listed experiences of these collaborations the viewer may read, newest first.
    async fn listed_experiences_of(
        &mut self,
        viewer: &Viewer,
        collaborations: &[Uuid],
    ) -> StoreResult<Vec<ExperienceTitle>>;

    /// The profiles of these collaborations.
    async fn collaboration_profiles(
        &mut self,
        ids: &[Uuid],
    ) -> StoreResult<Vec<CollaborationProfile>>;
    /// The bits of the catalogue entries `query` names (see [`ProfileQuery::bits_sql`]).
    async fn profile_bits(&mut self, query: &ProfileQuery) -> StoreResult<Vec<EntryBit>>;
    /// Collaborations sharing something with `query`, most points first (ties: newest), after
    /// `after`; `bits` are the query's [`SearchStore::profile_bits`]. Visibility is not applied
    /// here.
    async fn profile_candidates(
        &mut self,
        query: &ProfileQuery,
        bits: &[EntryBit],
        after: Option<(i64, Uuid)>,
        limit: i64,
    ) -> StoreResult<Vec<(Uuid, i64)>>;
    /// The ids of those of these collaborations that are published and visible to the viewer.
    async fn visible_collaboration_ids(
        &mut self,
        viewer: &Viewer,
        ids: &[Uuid],
    ) -> StoreResult<Vec<Uuid>>;
    /// Those of these collaborations that are published and visible to the viewer.
    async fn visible_collaborations(
        &mut self,
        viewer: &Viewer,
        ids: &[Uuid],
    ) -> StoreResult<Vec<CollaborationRow>>;
}

/// A saved search.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedSearchRow {
    /// Id.
    pub id: Uuid,
    /// Whose.
    pub user_id: Uuid,
    /// A name for it.
    pub name: String,
    /// The search's parameters as a canonical query string.
    pub query: String,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// Users' saved searches.
#[async_trait]
pub trait SavedSearchStore {
    /// Saves a search; the same query twice for a user is a conflict on `q`.
    async fn insert_saved_search(&mut self, row: &SavedSearchRow) -> StoreResult<()>;
    /// A user's saved searches, newest first.
    async fn saved_searches(&mut self, user: Uuid) -> StoreResult<Vec<SavedSearchRow>>;
    /// Deletes one of the user's saved searches; false when they have no such search.
    async fn delete_saved_search(&mut self, user: Uuid, id: Uuid) -> StoreResult<bool>;
}

fn split_list(s: &str) -> Vec<String> {
    let mut v = split_codes(s);
    v.sort();
    v.dedup();
    v
}

/// Rebuilds a collaboration's index entry and profile (and, with `experiences`, its
/// experiences' entries, which carry its place) from what is stored now. A collaboration gone
/// for good has nothing left to index: its entries went with it.
pub async fn reindex_collaboration<T>(tx: &mut T, id: Uuid, experiences: bool) -> StoreResult<()>
where
    T: SearchStore + Send + ?Sized,
{
    let Some(source) = tx.collaboration_source(id).await? else {
        return Ok(());
    };
    let place = format!("{} {}", source.town, source.municipality_name);
    let title = analyze::index(&source.title);
    let lead = analyze::index(&format!("{} {place}", source.summary));
    let body = analyze::index(&format!("{} {}", source.description_text, source.notes));
    let mut vocabulary: Vec<(String, String)> = [&title, &lead, &body]
        .iter()
        .flat_map(|f| f.words.iter().cloned())
        .collect();
    tx.put_search_document(&SearchDocument {
        record_id: id,
        kind: DocKind::Collaboration,
        collaboration_id: id,
        title: title.terms,
        lead: lead.terms,
        body: body.terms,
    })
    .await?;
    let mut signature = analyze::stems(&format!(
        "{} {} {}",
        source.title, source.summary, source.description_text
    ));
    signature.truncate(300);
    tx.put_collaboration_profile(&CollaborationProfile {
        collaboration_id: id,
        recommendations: split_list(&source.recommendations),
        toolbox: split_list(&source.toolbox),
        themes: split_list(&source.themes),
        organisation_model: source.organisation_model.clone(),
        town_population: source.town_population,
        municipality_code: source.municipality_code.clone(),
        signature,
    })
    .await?;
    if experiences {
        for e in tx.experience_sources(id).await? {
            vocabulary.extend(index_experience(tx, &e, &place).await?);
        }
    }
    add_vocabulary(tx, vocabulary).await
}

/// Adds the (term, stem) pairs of indexed texts to the vocabularies: all of them to the one a
/// word being typed is completed from, and the stems to the one typos are matched against.
/// That one leaves out stems with digits (years, numbers, codes such as "p3"), which are found
/// as typed and, near each other, mean different things; each new stem there costs a row of
/// trigrams, scattered across their index, in every write.
async fn add_vocabulary<T>(tx: &mut T, mut words: Vec<(String, String)>) -> StoreResult<()>
where
    T: SearchStore + Send + ?Sized,
{
    words.sort();
    words.dedup();
    tx.add_search_words(&words).await?;
    let stems: Vec<String> = words
        .into_iter()
        .filter(|(word, stem)| word == stem && !stem.chars().any(|c| c.is_ascii_digit()))
        .map(|(_, stem)| stem)
        .collect();
    tx.add_search_terms(&stems).await
}

/// Rebuilds one experience's index entry from what is stored now.
pub async fn reindex_experience<T>(tx: &mut T, id: Uuid) -> StoreResult<()>
where
    T: SearchStore + Send + ?Sized,
{
    let Some(e) = tx.experience_source(id).await? else {
        return Ok(());
    };
    let Some(source) = tx.collaboration_source(e.collaboration_id).await? else {
        return Ok(());
    };
    let place = format!("{} {}", source.town, source.municipality_name);
    let vocabulary = index_experience(tx, &e, &place).await?;
    add_vocabulary(tx, vocabulary).await
}

/// Indexes an experience; returns its (term, stem) pairs.
async fn index_experience<T>(
    tx: &mut T,
    e: &ExperienceSource,
    place: &str,
) -> StoreResult<Vec<(String, String)>>
where
    T: SearchStore + Send + ?Sized,
{
    let title = analyze::index(&e.title);
    let lead = analyze::index(place);
    let body = analyze::index(&e.body_text);
    let words: Vec<(String, String)> = [&title, &lead, &body]
        .iter()
        .flat_map(|f| f.words.iter().cloned())
        .collect();
    tx.put_search_document(&SearchDocument {
        record_id: e.id,
        kind: DocKind::Experience,
        collaboration_id: e.collaboration_id,
        title: title.terms,
        lead: lead.terms,
        body: body.terms,
    })
    .await?;
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_lines_count_each_value_and_each_code_of_a_list() {
        let keys = "collaboration 1082 370 formal_private active 4000_20000 1.1,3.2 P3 pop-up;\
                    experience 1082 370 formal_private active 4000_20000 1.1,3.2 P3 pop-up;\
                    experience 1085 101 informal_public ended   ";
        let mut counts: Vec<(String, String, i64)> = facet_counts(Some(keys))
            .into_iter()
            .map(|c| (c.facet, c.value, c.count))
            .collect();
        counts.sort();
        let count = |facet: &str, value: &str| {
            counts
                .iter()
                .find(|(f, v, _)| f == facet && v == value)
                .map(|c| c.2)
        };
        assert_eq!(count("type", "experience"), Some(2));
        assert_eq!(count("region", "1082"), Some(2));
        assert_eq!(count("municipality", "101"), Some(1));
        assert_eq!(count("status", "ended"), Some(1));
        assert_eq!(count("size", "4000_20000"), Some(2));
        assert_eq!(count("theme", "3.2"), Some(2));
        assert_eq!(count("recommendation", "P3"), Some(2));
        assert_eq!(count("toolbox", "pop-up"), Some(2));
        // No size, themes, recommendations or tools: nothing counted, not an empty value.
        assert!(counts.iter().all(|(_, v, _)| !v.is_empty()));
        assert_eq!(counts.len(), 15);
        assert!(facet_counts(None).is_empty());
        assert!(facet_counts(Some("")).is_empty());
    }

    #[test]
    fn code_lists_find_one_code_with_its_commas() {
        assert_eq!(code_list(&["P3".into(), "P5".into()]), ",P3,P5,");
        assert_eq!(code_list(&[]), ",");
        assert_eq!(split_list(",P5,P3,,"), ["P3", "P5"]);
    }
}
