//! Running a search: the words are analysed, typo alternatives looked up, and the page of
//! results, their facet counts and their details read, all through [`crate::store::scope`] so
//! that only what the caller may see is returned or counted.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::analyze::{self, QueryTerm};
use super::params::{CheckedSearch, encode_cursor};
use super::snippet::{Snippet, snippet};
use crate::error::AppError;
use crate::store::Tx;
use crate::store::scope::{CollaborationFilter, ExperienceFilter, SizeBand, Viewer};
use crate::store::search::{
    ExperienceTitle, Kinds, SearchCursor, SearchItemRow, SearchRequest, SearchSort, points,
};

/// Vocabulary stems read per query word when looking for typo alternatives.
const FUZZY_CANDIDATES: i64 = 20;

/// Query words looked up for typos, at most.
const FUZZY_WORDS: usize = 4;

/// A word being typed is searched for by its completions when the vocabulary holds at most
/// this many (term, stem) pairs it starts, else by prefix.
const COMPLETIONS: i64 = 64;

/// Lessons shown with a collaboration found, at most.
const LESSONS: usize = 3;

/// Collaborations the list's `q` narrows to, at most (the best matches).
const LIST_MATCHES: i64 = 1000;

/// The facets every answer counts, each present even when empty.
pub const FACETS: [&str; 9] = [
    "type",
    "region",
    "municipality",
    "theme",
    "recommendation",
    "toolbox",
    "organisation_model",
    "status",
    "size",
];

/// A result.
#[derive(Debug, Clone)]
pub struct Found {
    /// collaboration or experience.
    pub kind: String,
    /// Its id.
    pub id: Uuid,
    /// The collaboration (itself for a collaboration).
    pub collaboration_id: Uuid,
    /// Its title.
    pub title: String,
    /// The collaboration's title.
    pub collaboration_title: String,
    /// Where the words are, marked.
    pub snippet: Snippet,
    /// How well it matches, 0 to 1 (0 without words).
    pub score: f64,
    /// Town.
    pub town: String,
    /// Inhabitants.
    pub town_population: Option<i64>,
    /// The town's size band.
    pub size: Option<SizeBand>,
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
    /// Published.
    pub published_at: Option<DateTime<Utc>>,
    /// For a collaboration: its recommendations and their status.
    pub recommendations: Vec<(String, String)>,
    /// For a collaboration: its newest experiences the caller may read.
    pub lessons: Vec<ExperienceTitle>,
}

/// A page of results with the counts of all of them.
#[derive(Debug, Clone)]
pub struct Results {
    /// This page.
    pub items: Vec<Found>,
    /// Per facet, results per value.
    pub facets: BTreeMap<&'static str, BTreeMap<String, i64>>,
    /// All results.
    pub total: i64,
    /// The cursor of the next page.
    pub next_cursor: Option<String>,
    /// The words searched for (analysed; empty when listing by filters).
    pub terms: Vec<QueryTerm>,
}

/// The query's words, each with its typo alternatives from the vocabulary, and a word being
/// typed with its completions where the store keeps their vocabulary (SQLite; see
/// [`analyze::completions`]): a prefix search of a longer word merged the postings of every
/// term it starts, and the word's stem finds most of them already ("tomme butikker" as typed
/// took a fifth longer on SQLite than "tomme butikker ").
pub async fn terms(tx: &mut dyn Tx, q: &str) -> Result<Vec<QueryTerm>, AppError> {
    let mut terms = analyze::query_terms(q);
    for term in terms
        .iter_mut()
        .filter(|t| t.wants_fuzzy())
        .take(FUZZY_WORDS)
    {
        let candidates = tx.similar_terms(&term.stem, FUZZY_CANDIDATES).await?;
        term.fuzzy = analyze::pick_fuzzy(term, &candidates);
    }
    for term in terms
        .iter_mut()
        .filter(|t| t.prefix && t.word.chars().count() >= analyze::COMPLETE_FROM_CHARS)
    {
        if let Some(vocabulary) = tx.search_words_from(&term.word, COMPLETIONS + 1).await?
            && vocabulary.len() <= COMPLETIONS as usize
        {
            term.completions = Some(analyze::completions(term, &vocabulary));
        }
    }
    Ok(terms)
}

/// The collaborations `viewer` may see whose text matches `q` and `filter`, best first: what
/// the collaboration list's `q` narrows to.
pub async fn matching_collaborations(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    q: &str,
    filter: &CollaborationFilter,
) -> Result<Vec<Uuid>, AppError> {
    let request = SearchRequest {
        terms: terms(tx, q).await?,
        filter: filter.clone(),
        experiences: ExperienceFilter::default(),
        kinds: Kinds::Collaborations,
    };
    let hits = tx
        .search_hits(viewer, &request, SearchSort::Relevance, None, LIST_MATCHES)
        .await?;
    Ok(hits.into_iter().map(|h| h.record_id).collect())
}

/// Searches as `viewer`.
pub async fn search(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    search: &CheckedSearch,
) -> Result<Results, AppError> {
    let terms = terms(tx, &search.q).await?;
    let sort = match search.sort {
        Some(s) => s,
        None if terms.is_empty() => SearchSort::Newest,
        None => SearchSort::Relevance,
    };
    let request = SearchRequest {
        terms: terms.clone(),
        filter: search.filter.clone(),
        experiences: search.experiences,
        kinds: search.kinds,
    };
    let (mut hits, counts) = tx
        .search_page(viewer, &request, sort, search.after, search.limit + 1)
        .await?;
    let next_cursor = if hits.len() as i64 > search.limit {
        hits.truncate(usize::try_from(search.limit).unwrap_or(0));
        hits.last().map(|h| {
            encode_cursor(SearchCursor {
                score: h.score,
                record_id: h.record_id,
            })
        })
    } else {
        None
    };
    let mut facets: BTreeMap<&'static str, BTreeMap<String, i64>> =
        FACETS.iter().map(|f| (*f, BTreeMap::new())).collect();
    for count in counts {
        if let Some(values) = FACETS
            .iter()
            .find(|f| **f == count.facet)
            .and_then(|f| facets.get_mut(f))
        {
            values.insert(count.value, count.count);
        }
    }
    let total = facets.get("type").map_or(0, |t| t.values().sum());

    let ids: Vec<Uuid> = hits.iter().map(|h| h.record_id).collect();
    let mut rows: HashMap<Uuid, SearchItemRow> = tx
        .search_items(viewer, &request, &ids)
        .await?
        .into_iter()
        .map(|r| (r.record_id, r))
        .collect();
    let collaborations: Vec<Uuid> = hits
        .iter()
        .filter(|h| h.kind == "collaboration")
        .map(|h| h.record_id)
        .collect();
    let mut links: HashMap<Uuid, Vec<(String, String)>> = HashMap::new();
    for l in tx.recommendation_codes_of(&collaborations).await? {
        links
            .entry(l.collaboration_id)
            .or_default()
            .push((l.code, l.status));
    }
    let mut lessons: HashMap<Uuid, Vec<ExperienceTitle>> = HashMap::new();
    for e in tx.listed_experiences_of(viewer, &collaborations).await? {
        let list = lessons.entry(e.collaboration_id).or_default();
        if list.len() < LESSONS {
            list.push(e);
        }
    }
    let best = points::TITLE * i64::try_from(terms.len()).unwrap_or(i64::MAX);
    let items = hits
        .into_iter()
        .filter_map(|h| {
            // A record unpublished between the two reads is left out.
            let row = rows.remove(&h.record_id)?;
            let is_collaboration = row.kind == "collaboration";
            let text = if is_collaboration {
                format!("{} {}", row.summary, row.description_text)
            } else {
                row.body_text.clone().unwrap_or_default()
            };
            Some(Found {
                snippet: snippet(&text, &terms),
                score: if best > 0 {
                    (h.score as f64 / best as f64 * 1000.0).round() / 1000.0
                } else {
                    0.0
                },
                id: row.record_id,
                collaboration_id: row.collaboration_id,
                title: row
                    .experience_title
                    .clone()
                    .filter(|_| !is_collaboration)
                    .unwrap_or_else(|| row.collaboration_title.clone()),
                collaboration_title: row.collaboration_title,
                town: row.town,
                size: row.town_population.map(SizeBand::of),
                town_population: row.town_population,
                municipality_code: row.municipality_code,
                municipality_name: row.municipality_name,
                region_code: row.region_code,
                organisation_model: row.organisation_model,
                status: row.status,
                is_setback: row.is_setback.filter(|_| !is_collaboration),
                published_at: row.published_at,
                recommendations: links.remove(&row.record_id).unwrap_or_default(),
                lessons: lessons.remove(&row.record_id).unwrap_or_default(),
                kind: row.kind,
            })
        })
        .collect();
    Ok(Results {
        items,
        facets,
        total,
        next_cursor,
        terms,
    })
}
