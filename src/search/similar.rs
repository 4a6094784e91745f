//! "Collaborations like this one" and "towns like ours": collaborations ranked by what they
//! share with a collaboration (or with a municipality's own), each with its reasons.
//!
//! Points for a collaboration like another: 3 per shared recommendation, 2 per shared toolbox
//! entry, 1 per shared theme, 2 for a town of similar size (within a factor of 1.5), 1 for the
//! same organisation model, and up to 4 for a similar description (the share of distinctive
//! words they have in common). For towns like a municipality's: 4 for a town within a factor of
//! 1.5 of its size, 2 within a factor of 2, then 2 per recommendation, 1 per toolbox entry and
//! 1 per theme its own collaborations share; its own collaborations are left out. The score is
//! the points over the most there could be. Only published collaborations the caller may see are
//! ever ranked.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::auth::extract::CurrentUser;
use crate::error::{AppError, FieldError};
use crate::i18n::Locale;
use crate::registry::viewer_of;
use crate::store::Tx;
use crate::store::registry::CollaborationRow;
use crate::store::scope::{CollaborationFilter, Viewer};
use crate::store::search::{CollaborationProfile, ProfileQuery, SizeTier};

/// Candidates read per round, and rounds at most, while looking for visible ones.
const BATCH: i64 = 200;
const ROUNDS: usize = 5;

/// Visible candidates re-ranked with text similarity.
const RERANK: usize = 50;

/// A reason a collaboration is like another.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// shared_recommendations, shared_toolbox, shared_themes, similar_town_size,
    /// same_organisation_model or similar_description.
    pub kind: &'static str,
    /// What is shared: codes, slugs, the population, the model, the similarity.
    pub values: Vec<String>,
    /// The reason in the caller's language.
    pub text: String,
}

/// A collaboration like the one asked about.
#[derive(Debug, Clone)]
pub struct Alike {
    /// The collaboration.
    pub collaboration: CollaborationRow,
    /// 0 to 1.
    pub score: f64,
    /// Why, most weighty first.
    pub reasons: Vec<Reason>,
}

impl Alike {
    /// The reasons as one sentence ("also works on P3 and P5; town of similar size").
    pub fn explanation(&self) -> String {
        self.reasons
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The population range within `factor_tenths / 10` of `population`, inclusive.
fn within(population: i64, factor_tenths: i64) -> (i64, i64) {
    let min = (population * 10 + factor_tenths - 1) / factor_tenths;
    let max = population * factor_tenths / 10;
    (min, max)
}

fn shared(a: &[String], b: &[String]) -> Vec<String> {
    a.iter().filter(|x| b.contains(x)).cloned().collect()
}

/// Cosine similarity of two sets of stems (sorted).
fn text_similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    common as f64 / ((a.len() * b.len()) as f64).sqrt()
}

/// Points for a similar description, 0 to 4.
fn text_points(similarity: f64) -> i64 {
    (similarity * 8.0).round().clamp(0.0, 4.0) as i64
}

/// Names in the caller's language, for the reasons.
struct Names {
    themes: HashMap<String, String>,
    toolbox: HashMap<String, String>,
}

impl Names {
    async fn load(tx: &mut dyn Tx, locale: Locale) -> Result<Names, AppError> {
        Ok(Names {
            themes: tx
                .themes()
                .await?
                .into_iter()
                .map(|t| (t.code, locale.pick(&t.name_da, &t.name_en).to_owned()))
                .collect(),
            toolbox: tx
                .toolbox_entries()
                .await?
                .into_iter()
                .map(|t| (t.slug, locale.pick(&t.title_da, &t.title_en).to_owned()))
                .collect(),
        })
    }
}

/// "a, b and c" in the caller's language.
fn list(locale: Locale, items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!(
            "{} {} {last}",
            rest.join(", "),
            locale.text("search-list-and")
        ),
    }
}

/// A population as the caller writes numbers (9.500 in Danish, 9,500 in English).
fn number(locale: Locale, n: i64) -> String {
    let digits = n.abs().to_string();
    let sep = match locale {
        Locale::Da => '.',
        Locale::En => ',',
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn reason(
    locale: Locale,
    kind: &'static str,
    key: &str,
    values: Vec<String>,
    shown: &[String],
) -> Reason {
    Reason {
        kind,
        text: locale.text_with(key, &[("list", list(locale, shown))]),
        values,
    }
}

/// What two profiles share that counts, as reasons, with their points.
struct Comparison {
    points: i64,
    reasons: Vec<Reason>,
}

struct Weights {
    recommendation: i64,
    toolbox: i64,
    theme: i64,
    model: i64,
    text: bool,
}

fn compare(
    source: &CollaborationProfile,
    other: &CollaborationProfile,
    weights: &Weights,
    size: &[SizeTier],
    names: &Names,
    locale: Locale,
) -> Comparison {
    let mut points = 0;
    let mut reasons = Vec::new();
    let recs = shared(&source.recommendations, &other.recommendations);
    if !recs.is_empty() && weights.recommendation > 0 {
        points += weights.recommendation * recs.len() as i64;
        reasons.push(reason(
            locale,
            "shared_recommendations",
            "search-reason-recommendations",
            recs.clone(),
            &recs,
        ));
    }
    let tools = shared(&source.toolbox, &other.toolbox);
    if !tools.is_empty() && weights.toolbox > 0 {
        points += weights.toolbox * tools.len() as i64;
        let shown: Vec<String> = tools
            .iter()
            .map(|t| names.toolbox.get(t).cloned().unwrap_or_else(|| t.clone()))
            .collect();
        reasons.push(reason(
            locale,
            "shared_toolbox",
            "search-reason-toolbox",
            tools,
            &shown,
        ));
    }
    if let Some(population) = other.town_population
        && let Some(tier) = size.iter().find(|t| (t.min..=t.max).contains(&population))
    {
        points += tier.points;
        reasons.push(Reason {
            kind: "similar_town_size",
            values: vec![population.to_string()],
            text: locale.text_with(
                "search-reason-size",
                &[("population", number(locale, population))],
            ),
        });
    }
    let themes = shared(&source.themes, &other.themes);
    if !themes.is_empty() && weights.theme > 0 {
        points += weights.theme * themes.len() as i64;
        let shown: Vec<String> = themes
            .iter()
            .map(|t| names.themes.get(t).cloned().unwrap_or_else(|| t.clone()))
            .collect();
        reasons.push(reason(
            locale,
            "shared_themes",
            "search-reason-themes",
            themes,
            &shown,
        ));
    }
    if weights.model > 0 && source.organisation_model == other.organisation_model {
        points += weights.model;
        reasons.push(Reason {
            kind: "same_organisation_model",
            values: vec![other.organisation_model.clone()],
            text: locale.text("search-reason-model"),
        });
    }
    if weights.text {
        let similarity = text_similarity(&source.signature, &other.signature);
        let pts = text_points(similarity);
        if pts > 0 {
            points += pts;
            reasons.push(Reason {
                kind: "similar_description",
                values: vec![format!("{:.2}", similarity)],
                text: locale.text("search-reason-text"),
            });
        }
    }
    Comparison { points, reasons }
}

/// Ranks the visible collaborations that share something with `source`.
#[allow(clippy::too_many_arguments)]
async fn rank(
    tx: &mut dyn Tx,
    viewer: &Viewer,
    locale: Locale,
    source: &CollaborationProfile,
    query: ProfileQuery,
    weights: Weights,
    most: i64,
    limit: usize,
) -> Result<Vec<Alike>, AppError> {
    let mut visible: Vec<Uuid> = Vec::new();
    let mut after = None;
    let bits = tx.profile_bits(&query).await?;
    for _ in 0..ROUNDS {
        let batch = tx.profile_candidates(&query, &bits, after, BATCH).await?;
        after = batch.last().map(|(id, pts)| (*pts, *id));
        let ids: Vec<Uuid> = batch.iter().map(|(id, _)| *id).collect();
        let seen: HashSet<Uuid> = tx
            .visible_collaboration_ids(viewer, &ids)
            .await?
            .into_iter()
            .collect();
        visible.extend(ids.into_iter().filter(|id| seen.contains(id)));
        if visible.len() >= RERANK || (batch.len() as i64) < BATCH {
            break;
        }
    }
    visible.truncate(RERANK);
    let names = Names::load(tx, locale).await?;
    let mut ranked: Vec<(i64, Uuid, Comparison)> = tx
        .collaboration_profiles(&visible)
        .await?
        .into_iter()
        .map(|profile| {
            let c = compare(source, &profile, &weights, &query.size, &names, locale);
            (c.points, profile.collaboration_id, c)
        })
        .filter(|(points, _, _)| *points > 0)
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    ranked.truncate(limit);
    let ids: Vec<Uuid> = ranked.iter().map(|(_, id, _)| *id).collect();
    let mut rows: HashMap<Uuid, CollaborationRow> = tx
        .visible_collaborations(viewer, &ids)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    Ok(ranked
        .into_iter()
        .filter_map(|(points, id, c)| {
            Some(Alike {
                collaboration: rows.remove(&id)?,
                score: ((points as f64 / most.max(1) as f64).min(1.0) * 1000.0).round() / 1000.0,
                reasons: c.reasons,
            })
        })
        .collect())
}

/// Collaborations like collaboration `id` (which the caller must be able to see).
pub async fn similar(
    tx: &mut dyn Tx,
    user: Option<&CurrentUser>,
    locale: Locale,
    id: Uuid,
    limit: usize,
) -> Result<Vec<Alike>, AppError> {
    let viewer = viewer_of(user);
    tx.collaboration(id, &viewer)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(source) = tx.collaboration_profiles(&[id]).await?.pop() else {
        return Ok(Vec::new());
    };
    let weights = Weights {
        recommendation: 3,
        toolbox: 2,
        theme: 1,
        model: 1,
        text: true,
    };
    let size: Vec<SizeTier> = source
        .town_population
        .map(|p| {
            let (min, max) = within(p, 15);
            vec![SizeTier {
                min,
                max,
                points: 2,
            }]
        })
        .unwrap_or_default();
    let most = weights.recommendation * source.recommendations.len() as i64
        + weights.toolbox * source.toolbox.len() as i64
        + weights.theme * source.themes.len() as i64
        + size.first().map_or(0, |t| t.points)
        + weights.model
        + 4;
    let query = ProfileQuery {
        exclude_collaboration: Some(id),
        exclude_municipality: None,
        recommendations: (source.recommendations.clone(), weights.recommendation),
        toolbox: (source.toolbox.clone(), weights.toolbox),
        themes: (source.themes.clone(), weights.theme),
        organisation_model: Some((source.organisation_model.clone(), weights.model)),
        size,
    };
    rank(tx, &viewer, locale, &source, query, weights, most, limit).await
}

/// Collaborations in towns like a municipality's: of a similar size (`population`, else the
/// median of its own visible collaborations' towns) and working on what its own collaborations
/// work on; its own are left out. 404 for an unknown municipality; 422 on `town_population`
/// when no size is given and none can be derived.
pub async fn peers(
    tx: &mut dyn Tx,
    user: Option<&CurrentUser>,
    locale: Locale,
    municipality: &str,
    population: Option<i64>,
    limit: usize,
) -> Result<Vec<Alike>, AppError> {
    let viewer = viewer_of(user);
    let code = crate::domain::MunicipalityCode::parse(municipality)
        .map(|c| c.to_string())
        .ok_or(AppError::NotFound)?;
    if tx.municipality(&code).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let filter = CollaborationFilter {
        municipality: Some(code.clone()),
        ..CollaborationFilter::default()
    };
    let own = tx.list_collaborations(&viewer, &filter, None, 200).await?;
    let ids: Vec<Uuid> = own.iter().map(|c| c.id).collect();
    let profiles = tx.collaboration_profiles(&ids).await?;
    let union = |pick: fn(&CollaborationProfile) -> &Vec<String>| -> Vec<String> {
        let mut all: Vec<String> = profiles.iter().flat_map(|p| pick(p).clone()).collect();
        all.sort();
        all.dedup();
        all
    };
    let population = match population {
        Some(p) => Some(p),
        None => {
            let mut sizes: Vec<i64> = own.iter().filter_map(|c| c.town_population).collect();
            sizes.sort_unstable();
            sizes.get(sizes.len() / 2).copied()
        }
    };
    let Some(population) = population else {
        return Err(AppError::Validation(vec![FieldError::new(
            "town_population",
            "field-town-population-needed",
        )]));
    };
    let source = CollaborationProfile {
        collaboration_id: Uuid::nil(),
        recommendations: union(|p| &p.recommendations),
        toolbox: union(|p| &p.toolbox),
        themes: union(|p| &p.themes),
        organisation_model: String::new(),
        town_population: Some(population),
        municipality_code: code.clone(),
        signature: Vec::new(),
    };
    let weights = Weights {
        recommendation: 2,
        toolbox: 1,
        theme: 1,
        model: 0,
        text: false,
    };
    let (min15, max15) = within(population, 15);
    let (min20, max20) = within(population, 20);
    let size = vec![
        SizeTier {
            min: min15,
            max: max15,
            points: 4,
        },
        SizeTier {
            min: min20,
            max: max20,
            points: 2,
        },
    ];
    let most = 4
        + weights.recommendation * source.recommendations.len() as i64
        + weights.toolbox * source.toolbox.len() as i64
        + weights.theme * source.themes.len() as i64;
    let query = ProfileQuery {
        exclude_collaboration: None,
        exclude_municipality: Some(code),
        recommendations: (source.recommendations.clone(), weights.recommendation),
        toolbox: (source.toolbox.clone(), weights.toolbox),
        themes: (source.themes.clone(), weights.theme),
        organisation_model: None,
        size,
    };
    rank(tx, &viewer, locale, &source, query, weights, most, limit).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_size_is_within_a_factor_either_way() {
        assert_eq!(within(9_000, 15), (6_000, 13_500));
        assert_eq!(within(10, 15), (7, 15));
        assert_eq!(within(9_000, 20), (4_500, 18_000));
    }

    #[test]
    fn numbers_and_lists_read_as_the_caller_writes_them() {
        assert_eq!(number(Locale::Da, 9_500), "9.500");
        assert_eq!(number(Locale::En, 43_000), "43,000");
        assert_eq!(number(Locale::En, 950), "950");
        assert_eq!(number(Locale::Da, 1_234_567), "1.234.567");
        let three = ["P3".to_owned(), "P4".to_owned(), "P5".to_owned()];
        assert_eq!(list(Locale::Da, &three), "P3, P4 og P5");
        assert_eq!(list(Locale::En, &three[..2]), "P3 and P4");
    }

    #[test]
    fn a_shared_description_counts_up_to_four_points() {
        let a: Vec<String> = ["butik", "tom", "torv"].map(String::from).to_vec();
        assert_eq!(text_points(text_similarity(&a, &a)), 4);
        assert_eq!(text_points(text_similarity(&a, &[])), 0);
    }
}
