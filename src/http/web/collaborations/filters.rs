//! The filters of the collaboration list (and the uptake page's), as a browser sends them in
//! the query: read, checked with the API's own checks, and shown as form controls.

use chrono::{DateTime, NaiveDate, Utc};
use strum::IntoEnumIterator;

use super::{collaboration_status_label, link_status_label, outcome_label, vocab_label};
use crate::domain::vocab::{
    CollaborationStatus, LinkStatus, OrganisationModel, ToolOutcome, TownSize,
};
use crate::error::{AppError, FieldError};
use crate::http::api::collaborations::{ListQuery, check_filter};
use crate::http::web::catalogue::organisation_model_name;
use crate::i18n::Locale;
use crate::store::Tx;
use crate::store::catalogue::{
    MunicipalityRow, RecommendationRow, RegionRow, ThemeRow, ToolboxEntryRow, ToolboxSectionRow,
};
use crate::store::scope::{CollaborationFilter, OutcomeFilter};
use crate::uptake::{self, UptakeQuery};

/// The query parameters the list understands, in the order links are written with.
pub const LIST_KEYS: [&str; 12] = [
    "region",
    "municipality",
    "size",
    "theme",
    "recommendation",
    "recommendation_status",
    "from",
    "to",
    "toolbox",
    "toolbox_outcome",
    "organisation_model",
    "status",
];

/// Query parameters as sent: the known ones, trimmed, empty ones left out (an unchosen
/// select sends an empty value). Anything else (`lang`, ...) is not a filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Reads a raw query string, keeping the first value of each name in `known`.
    pub fn parse(query: Option<&str>, known: &[&str]) -> Params {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (k, v) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let v = v.trim();
            if known.contains(&k.as_ref()) && !v.is_empty() && !pairs.iter().any(|(n, _)| *n == k) {
                pairs.push((k.into_owned(), v.to_owned()));
            }
        }
        Params { pairs }
    }

    /// Parameters from name-value pairs (for links built by pages).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Params {
        Params {
            pairs: pairs
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
        }
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `name`, or empty.
    pub fn value(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }

    /// These parameters with `name` set to `value` (or left out when empty).
    pub fn with(&self, name: &str, value: &str) -> Params {
        let mut pairs: Vec<(String, String)> = self
            .pairs
            .iter()
            .filter(|(k, _)| k != name)
            .cloned()
            .collect();
        if !value.is_empty() {
            pairs.push((name.to_owned(), value.to_owned()));
        }
        Params { pairs }
    }

    /// These parameters without `names`.
    pub fn without(&self, names: &[&str]) -> Params {
        Params {
            pairs: self
                .pairs
                .iter()
                .filter(|(k, _)| !names.contains(&k.as_str()))
                .cloned()
                .collect(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The names that are set.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }

    /// The query string, in the order of `order` (names not in it last).
    pub fn query(&self, order: &[&str]) -> String {
        let mut pairs: Vec<&(String, String)> = self.pairs.iter().collect();
        pairs.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(order.len()));
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            out.append_pair(k, v);
        }
        out.finish()
    }

    /// `path` with these parameters as its query.
    pub fn href(&self, path: &str, order: &[&str]) -> String {
        let query = self.query(order);
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }
}

/// Parses a date as `YYYY-MM-DD`, recording an error for `field` when it is not one.
pub fn date(params: &Params, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let raw = params.get(field)?;
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::new(field, "filter-date-invalid"));
            None
        }
    }
}

fn town_size(raw: &str) -> Option<TownSize> {
    TownSize::iter().find(|s| s.as_str() == raw)
}

/// Parses a vocabulary value, recording an error for `field` when it is not one.
fn vocab<T: std::str::FromStr>(
    params: &Params,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let raw = params.get(field)?;
    match raw.parse() {
        Ok(v) => Some(v),
        Err(_) => {
            errors.push(FieldError::new(field, "filter-value-unknown"));
            None
        }
    }
}

/// The place, size and organisation model filters shared with the uptake page.
pub fn uptake_query(params: &Params, errors: &mut Vec<FieldError>) -> UptakeQuery {
    let size = params.get("size").and_then(|raw| {
        let size = town_size(raw);
        if size.is_none() {
            errors.push(FieldError::new("size", "filter-value-unknown"));
        }
        size
    });
    UptakeQuery {
        region: params.get("region").map(str::to_owned),
        municipality: params.get("municipality").map(str::to_owned),
        size,
        organisation_model: vocab::<OrganisationModel>(params, "organisation_model", errors),
        from: date(params, "from", errors),
        to: date(params, "to", errors),
    }
}

/// The list's filters checked the way the API checks them (`check_filter`, and for a period
/// `uptake::check`): the filter, or every problem found, each naming its parameter.
pub async fn check(
    tx: &mut dyn Tx,
    params: &Params,
    now: DateTime<Utc>,
) -> Result<Result<CollaborationFilter, Vec<FieldError>>, AppError> {
    let mut errors = Vec::new();
    let shared = uptake_query(params, &mut errors);
    let recommendation = params.get("recommendation").map(str::to_owned);
    let toolbox = params.get("toolbox").map(str::to_owned);
    let mut recommendation_status =
        vocab::<LinkStatus>(params, "recommendation_status", &mut errors);
    if recommendation_status.is_some() && recommendation.is_none() {
        errors.push(FieldError::new(
            "recommendation_status",
            "filter-needs-recommendation",
        ));
        recommendation_status = None;
    }
    let outcome = match params.get("toolbox_outcome") {
        None => None,
        Some("not_reported") => Some(OutcomeFilter::NotReported),
        Some(raw) => match raw.parse::<ToolOutcome>() {
            Ok(o) => Some(OutcomeFilter::Reported(o.as_str().to_owned())),
            Err(_) => {
                errors.push(FieldError::new("toolbox_outcome", "filter-value-unknown"));
                None
            }
        },
    };
    if outcome.is_some() && toolbox.is_none() {
        errors.push(FieldError::new("toolbox_outcome", "filter-needs-toolbox"));
    }
    let period_asked = shared.from.is_some() || shared.to.is_some();
    if period_asked && recommendation.is_none() {
        let field = if shared.from.is_some() { "from" } else { "to" };
        errors.push(FieldError::new(field, "filter-period-needs-recommendation"));
    }
    let query = ListQuery {
        municipality: shared.municipality.clone(),
        region: shared.region.clone(),
        theme: params.get("theme").map(str::to_owned),
        recommendation,
        recommendation_status,
        size: shared.size,
        toolbox,
        organisation_model: shared.organisation_model,
        status: vocab::<CollaborationStatus>(params, "status", &mut errors),
        ..ListQuery::default()
    };
    let mut filter = match check_filter(tx, &query).await {
        Ok(filter) => filter,
        Err(AppError::Validation(found)) => {
            errors.extend(found);
            CollaborationFilter::default()
        }
        Err(e) => return Err(e),
    };
    if period_asked && filter.recommendation.is_some() {
        let period_only = UptakeQuery {
            from: shared.from,
            to: shared.to,
            ..UptakeQuery::default()
        };
        match uptake::check(tx, &period_only, now).await {
            Ok(f) => filter.recommendation_period = f.period,
            Err(AppError::Validation(found)) => errors.extend(found),
            Err(e) => return Err(e),
        }
    }
    filter.toolbox_outcome = outcome;
    if errors.is_empty() {
        Ok(Ok(filter))
    } else {
        Ok(Err(errors))
    }
}

/// One choice of a select.
#[derive(Debug, Clone)]
pub struct SelectOption {
    /// The value sent.
    pub value: String,
    /// What it says.
    pub label: String,
}

/// Choices under a heading (`optgroup`), or without one.
#[derive(Debug, Clone)]
pub struct OptionGroup {
    /// The heading.
    pub label: Option<String>,
    /// The choices.
    pub options: Vec<SelectOption>,
}

/// A select with an "any" choice first, as the filter forms render it.
#[derive(Debug, Clone)]
pub struct Select {
    /// The name sent.
    pub name: String,
    /// The id of the control.
    pub id: String,
    /// The label.
    pub label: String,
    /// Help under the label.
    pub hint: Option<String>,
    /// What is wrong with the value, if anything.
    pub error: Option<String>,
    /// The chosen value.
    pub value: String,
    /// The words of the empty choice.
    pub any_label: String,
    /// The choices.
    pub groups: Vec<OptionGroup>,
}

impl Select {
    fn new(name: &str, label: String, any_label: String, groups: Vec<OptionGroup>) -> Select {
        Select {
            name: name.to_owned(),
            id: format!("filter-{}", name.replace('_', "-")),
            label,
            hint: None,
            error: None,
            value: String::new(),
            any_label,
            groups,
        }
    }

    fn flat(name: &str, label: String, any: String, options: Vec<(String, String)>) -> Select {
        let options = options
            .into_iter()
            .map(|(value, label)| SelectOption { value, label })
            .collect();
        Select::new(
            name,
            label,
            any,
            vec![OptionGroup {
                label: None,
                options,
            }],
        )
    }

    /// With the chosen value from `params` and its error from `errors`.
    pub fn filled(mut self, params: &Params, errors: &[FieldError], l: Locale) -> Select {
        self.value = params.value(&self.name);
        self.error = errors
            .iter()
            .find(|e| e.field == self.name)
            .map(|e| e.message(l));
        self
    }

    /// With a hint.
    pub fn hint(mut self, hint: String) -> Select {
        self.hint = Some(hint);
        self
    }

    /// Whether `value` is the chosen one.
    pub fn is_chosen(&self, value: &str) -> bool {
        self.value == value
    }

    /// The id of the hint.
    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }

    /// The id of the error message.
    pub fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    /// The `aria-describedby` value.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(self.hint_id());
        }
        if self.error.is_some() {
            ids.push(self.error_id());
        }
        ids.join(" ")
    }

    /// The words of the chosen value, if one is chosen and known.
    pub fn chosen_label(&self) -> Option<String> {
        self.groups
            .iter()
            .flat_map(|g| g.options.iter())
            .find(|o| o.value == self.value)
            .map(|o| o.label.clone())
    }
}

/// A date input of a filter form.
#[derive(Debug, Clone)]
pub struct DateInput {
    /// The name sent.
    pub name: String,
    /// The id.
    pub id: String,
    /// The label.
    pub label: String,
    /// The value as typed.
    pub value: String,
    /// What is wrong with it.
    pub error: Option<String>,
}

impl DateInput {
    /// A date input named `name`, filled from `params`.
    pub fn new(
        name: &str,
        label: String,
        params: &Params,
        errors: &[FieldError],
        l: Locale,
    ) -> DateInput {
        DateInput {
            name: name.to_owned(),
            id: format!("filter-{name}"),
            label,
            value: params.value(name),
            error: errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message(l)),
        }
    }

    /// The id of the error message.
    pub fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }
}

/// The region select.
pub fn region_select(regions: &[RegionRow], l: Locale) -> Select {
    Select::flat(
        "region",
        l.text("filter-region"),
        l.text("filter-any-region"),
        regions
            .iter()
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
    )
}

/// The municipality select, grouped by region.
pub fn municipality_select(
    regions: &[RegionRow],
    municipalities: &[MunicipalityRow],
    l: Locale,
) -> Select {
    let groups = regions
        .iter()
        .map(|r| {
            let mut options: Vec<SelectOption> = municipalities
                .iter()
                .filter(|m| m.region_code == r.code)
                .map(|m| SelectOption {
                    value: m.code.clone(),
                    label: m.name.clone(),
                })
                .collect();
            options.sort_by(|a, b| a.label.cmp(&b.label));
            OptionGroup {
                label: Some(r.name.clone()),
                options,
            }
        })
        .collect();
    Select::new(
        "municipality",
        l.text("filter-municipality"),
        l.text("filter-any-municipality"),
        groups,
    )
}

/// The town size select.
pub fn size_select(l: Locale) -> Select {
    Select::flat(
        "size",
        l.text("filter-size"),
        l.text("filter-any-size"),
        TownSize::iter()
            .map(|s| (s.as_str().to_owned(), vocab_label("size", s.as_str(), l)))
            .collect(),
    )
}

/// The organisation model select.
pub fn model_select(l: Locale) -> Select {
    Select::flat(
        "organisation_model",
        l.text("filter-organisation-model"),
        l.text("filter-any-organisation-model"),
        OrganisationModel::iter()
            .map(|m| {
                (
                    m.as_str().to_owned(),
                    organisation_model_name(m.as_str(), l),
                )
            })
            .collect(),
    )
}

/// The theme select: each theme with its code, sub-themes after their parent.
pub fn theme_select(themes: &[ThemeRow], l: Locale) -> Select {
    let mut options = Vec::new();
    for top in themes.iter().filter(|t| t.parent.is_none() && !t.retired) {
        options.push((
            top.code.clone(),
            format!("{} {}", top.code, l.pick(&top.name_da, &top.name_en)),
        ));
        for child in themes
            .iter()
            .filter(|t| t.parent.as_deref() == Some(top.code.as_str()) && !t.retired)
        {
            options.push((
                child.code.clone(),
                format!("{} {}", child.code, l.pick(&child.name_da, &child.name_en)),
            ));
        }
    }
    Select::flat(
        "theme",
        l.text("filter-theme"),
        l.text("filter-any-theme"),
        options,
    )
}

/// The recommendation select: the current ones, and a retired one when it is chosen.
pub fn recommendation_select(rows: &[RecommendationRow], chosen: &str, l: Locale) -> Select {
    Select::flat(
        "recommendation",
        l.text("filter-recommendation"),
        l.text("filter-any-recommendation"),
        rows.iter()
            .filter(|r| !r.retired || r.code == chosen)
            .map(|r| {
                (
                    r.code.clone(),
                    format!("{} {}", r.code, l.pick(&r.title_da, &r.title_en)),
                )
            })
            .collect(),
    )
}

/// The recommendation status select.
pub fn link_status_select(l: Locale) -> Select {
    Select::flat(
        "recommendation_status",
        l.text("filter-recommendation-status"),
        l.text("filter-any-status"),
        LinkStatus::iter()
            .map(|s| (s.as_str().to_owned(), link_status_label(s.as_str(), l)))
            .collect(),
    )
    .hint(l.text("filter-recommendation-status-hint"))
}

/// The toolbox select, grouped by section.
pub fn toolbox_select(
    sections: &[ToolboxSectionRow],
    entries: &[ToolboxEntryRow],
    chosen: &str,
    l: Locale,
) -> Select {
    let groups = sections
        .iter()
        .map(|s| OptionGroup {
            label: Some(l.pick(&s.name_da, &s.name_en).to_owned()),
            options: entries
                .iter()
                .filter(|e| e.section == s.slug && (!e.retired || e.slug == chosen))
                .map(|e| SelectOption {
                    value: e.slug.clone(),
                    label: l.pick(&e.title_da, &e.title_en).to_owned(),
                })
                .collect(),
        })
        .filter(|g| !g.options.is_empty())
        .collect();
    Select::new(
        "toolbox",
        l.text("filter-toolbox"),
        l.text("filter-any-toolbox"),
        groups,
    )
}

/// The toolbox outcome select.
pub fn outcome_select(l: Locale) -> Select {
    Select::flat(
        "toolbox_outcome",
        l.text("filter-toolbox-outcome"),
        l.text("filter-any-outcome"),
        ToolOutcome::iter()
            .map(|o| o.as_str())
            .chain(std::iter::once("not_reported"))
            .map(|o| (o.to_owned(), outcome_label(o, l)))
            .collect(),
    )
}

/// The collaboration status select.
pub fn status_select(l: Locale) -> Select {
    Select::flat(
        "status",
        l.text("filter-status"),
        l.text("filter-any-status"),
        CollaborationStatus::iter()
            .map(|s| {
                (
                    s.as_str().to_owned(),
                    collaboration_status_label(s.as_str(), l),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_non_empty_parameters_count_and_links_keep_their_order() {
        let p = Params::parse(
            Some("lang=en&region=1085&theme=&recommendation=P3&region=1084&x=1"),
            &LIST_KEYS,
        );
        assert_eq!(p.get("region"), Some("1085"));
        assert_eq!(p.get("theme"), None);
        assert_eq!(p.get("lang"), None);
        let q = p.with("recommendation_status", "implemented");
        assert_eq!(
            q.href("/samarbejder", &LIST_KEYS),
            "/samarbejder?region=1085&recommendation=P3&recommendation_status=implemented"
        );
        assert_eq!(
            q.without(&["region", "recommendation", "recommendation_status"])
                .href("/samarbejder", &LIST_KEYS),
            "/samarbejder"
        );
    }
}
