//! What a search asks for, as the API and saved searches take it, and its checking: every
//! filter value is checked against the catalogue and unknown ones are named (422).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::vocab::{CollaborationStatus, OrganisationModel};
use crate::error::{AppError, FieldError, Validator};
use crate::http::api::collaborations::{ListQuery, check_filter};
use crate::store::Tx;
use crate::store::scope::{CollaborationFilter, ExperienceFilter, SizeBand};
use crate::store::search::{Kinds, SearchCursor, SearchSort};

/// A town size band, by inhabitants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
pub enum Size {
    /// Fewer than 4,000.
    #[serde(rename = "under_4000")]
    Under4000,
    /// 4,000 to 19,999.
    #[serde(rename = "4000_20000")]
    From4000To20000,
    /// 20,000 to 49,999.
    #[serde(rename = "20000_50000")]
    From20000To50000,
    /// 50,000 or more.
    #[serde(rename = "over_50000")]
    Over50000,
}

impl From<Size> for SizeBand {
    fn from(s: Size) -> Self {
        match s {
            Size::Under4000 => SizeBand::Under4000,
            Size::From4000To20000 => SizeBand::From4000To20000,
            Size::From20000To50000 => SizeBand::From20000To50000,
            Size::Over50000 => SizeBand::Over50000,
        }
    }
}

/// Which records a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResultType {
    /// Collaborations.
    Collaboration,
    /// Experiences.
    Experience,
}

/// The order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first (the default with words to search for).
    Relevance,
    /// Newest record first (the default without).
    Newest,
}

/// A search: words, the collaboration list's filters, and more.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    /// Words to search for, in Danish (or English); the last one may be unfinished. Empty:
    /// everything that matches the filters, newest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Municipality code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    /// Region code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Theme code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Recommendation code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    /// Toolbox entry slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toolbox: Option<String>,
    /// Organisation model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation_model: Option<OrganisationModel>,
    /// Collaboration status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<CollaborationStatus>,
    /// Town size band: under_4000, 4000_20000, 20000_50000 or over_50000 inhabitants.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[param(value_type = Option<Size>)]
    pub size: Option<Size>,
    /// Only experiences that are setbacks (lessons from something that failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setbacks: Option<bool>,
    /// Only collaborations or only experiences.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[param(rename = "type", value_type = Option<ResultType>)]
    pub kind: Option<ResultType>,
    /// relevance or newest.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[param(value_type = Option<Sort>)]
    pub sort: Option<Sort>,
    /// Page size, 1-100 (default 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

impl SearchParams {
    /// The search alone, without order and paging: what a saved search keeps.
    pub fn search_only(&self) -> SearchParams {
        SearchParams {
            q: self
                .q
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_owned),
            setbacks: self.setbacks.filter(|s| *s),
            sort: None,
            limit: None,
            cursor: None,
            ..self.clone()
        }
    }

    /// As a query string, parameters in a fixed order.
    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

/// A search, checked.
#[derive(Debug, Clone)]
pub struct CheckedSearch {
    /// The words as typed (may be empty).
    pub q: String,
    /// Collaboration filters.
    pub filter: CollaborationFilter,
    /// Experience filters.
    pub experiences: ExperienceFilter,
    /// Which kinds of record.
    pub kinds: Kinds,
    /// The order asked for, if any.
    pub sort: Option<SearchSort>,
    /// Page size.
    pub limit: i64,
    /// Where the page starts.
    pub after: Option<SearchCursor>,
}

/// Checks a search; every unknown or bad value is named in one 422.
pub async fn check(tx: &mut dyn Tx, p: &SearchParams) -> Result<CheckedSearch, AppError> {
    let list = ListQuery {
        municipality: p.municipality.clone(),
        region: p.region.clone(),
        theme: p.theme.clone(),
        recommendation: p.recommendation.clone(),
        toolbox: p.toolbox.clone(),
        organisation_model: p.organisation_model,
        status: p.status,
        ..ListQuery::default()
    };
    let mut errors = Vec::new();
    let mut filter = match check_filter(tx, &list).await {
        Ok(f) => f,
        Err(AppError::Validation(e)) => {
            errors.extend(e);
            CollaborationFilter::default()
        }
        Err(other) => return Err(other),
    };
    filter.population = p.size.map(|s| SizeBand::from(s).band());
    let mut v = Validator::new();
    let limit = p.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        v.push(
            FieldError::new("limit", "field-number-range")
                .arg("min", 1)
                .arg("max", 100),
        );
    }
    let sort = p.sort.map(|s| match s {
        Sort::Relevance => SearchSort::Relevance,
        Sort::Newest => SearchSort::Newest,
    });
    let after = match p.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => {
            let decoded = decode_cursor(c);
            if decoded.is_none() {
                v.push(FieldError::new("cursor", "field-cursor-invalid"));
            }
            decoded
        }
    };
    errors.extend(v.finish().err().into_iter().flat_map(|e| match e {
        AppError::Validation(e) => e,
        _ => Vec::new(),
    }));
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(CheckedSearch {
        q: p.q.clone().unwrap_or_default(),
        filter,
        experiences: ExperienceFilter {
            setbacks_only: p.setbacks.unwrap_or(false),
        },
        kinds: match p.kind {
            None => Kinds::All,
            Some(ResultType::Collaboration) => Kinds::Collaborations,
            Some(ResultType::Experience) => Kinds::Experiences,
        },
        sort,
        limit,
        after,
    })
}

/// The opaque cursor of a page that ends at `at`.
pub fn encode_cursor(at: SearchCursor) -> String {
    let mut bytes = Vec::with_capacity(24);
    bytes.extend_from_slice(&at.score.to_be_bytes());
    bytes.extend_from_slice(at.record_id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

fn decode_cursor(raw: &str) -> Option<SearchCursor> {
    let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
    if bytes.len() != 24 {
        return None;
    }
    let (score, id) = bytes.split_at(8);
    Some(SearchCursor {
        score: i64::from_be_bytes(score.try_into().ok()?),
        record_id: Uuid::from_slice(id).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let at = SearchCursor {
            score: 14,
            record_id: Uuid::now_v7(),
        };
        assert_eq!(decode_cursor(&encode_cursor(at)), Some(at));
        assert_eq!(decode_cursor("not a cursor"), None);
        assert_eq!(decode_cursor(""), None);
    }

    #[test]
    fn a_saved_search_keeps_its_parameters_in_one_order() {
        let p = SearchParams {
            size: Some(Size::From4000To20000),
            q: Some("  tomme butikker ".into()),
            kind: Some(ResultType::Experience),
            limit: Some(5),
            setbacks: Some(false),
            ..SearchParams::default()
        };
        assert_eq!(
            p.search_only().to_query_string(),
            "q=tomme+butikker&size=4000_20000&type=experience"
        );
    }
}
