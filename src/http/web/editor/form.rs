//! The collaboration form: what it holds (the person's input as typed, or the stored record),
//! its fields with labels and explanations, and the way from the posted form to the registry's
//! input. The checks themselves are the registry's (`registry::collaborations::check`); the
//! form only says when a date, a number or a choice cannot be read at all.

use chrono::NaiveDate;
use strum::IntoEnumIterator;

use crate::domain::vocab::{
    CollaborationStatus, FeeBasis, OrganisationModel, PartnerKind, Visibility,
};
use crate::error::{AppError, FieldError};
use crate::http::web::catalogue::organisation_model_name;
use crate::http::web::collaborations::{collaboration_status_label, vocab_label};
use crate::http::web::fields;
use crate::http::web::form::{CheckedForm, Field, FormView};
use crate::http::web::page::PageContext;
use crate::registry::collaborations::{self, CollaborationPatch, NewCollaboration};
use crate::store::Tx;
use crate::store::catalogue::{ThemeRow, ToolboxEntryRow};
use crate::store::registry::CollaborationRow;

/// What the collaboration form holds, every value as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Description (Markdown).
    pub description: String,
    /// Town.
    pub town: String,
    /// Inhabitants, as typed.
    pub town_population: String,
    /// Municipality code.
    pub municipality_code: String,
    /// Organisation model.
    pub organisation_model: String,
    /// Fee bases.
    pub fee_bases: Vec<String>,
    /// Partner kinds.
    pub partner_kinds: Vec<String>,
    /// Theme codes.
    pub themes: Vec<String>,
    /// Start date, `YYYY-MM-DD`.
    pub started_on: String,
    /// End date.
    pub ended_on: String,
    /// Status.
    pub status: String,
    /// Website.
    pub website: String,
    /// Contact address.
    pub contact: String,
    /// Visibility.
    pub visibility: String,
}

fn split(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl Values {
    /// A new collaboration's starting point: planned and public.
    pub fn fresh() -> Values {
        Values {
            status: CollaborationStatus::Planned.as_str().to_owned(),
            visibility: Visibility::Public.as_str().to_owned(),
            ..Values::default()
        }
    }

    /// What the person sent.
    pub fn from_form(form: &CheckedForm) -> Values {
        let all = |name: &str| form.all(name).into_iter().map(str::to_owned).collect();
        Values {
            title: form.value("title"),
            summary: form.value("summary"),
            description: form.value("description"),
            town: form.value("town"),
            town_population: form.value("town_population").trim().to_owned(),
            municipality_code: form.value("municipality_code"),
            organisation_model: form.value("organisation_model"),
            fee_bases: all("fee_bases"),
            partner_kinds: all("partner_kinds"),
            themes: all("themes"),
            started_on: form.value("started_on").trim().to_owned(),
            ended_on: form.value("ended_on").trim().to_owned(),
            status: form.value("status"),
            website: form.value("website"),
            contact: form.value("contact"),
            visibility: form.value("visibility"),
        }
    }

    /// The stored record.
    pub fn from_row(row: &CollaborationRow) -> Values {
        Values {
            title: row.title.clone(),
            summary: row.summary.clone(),
            description: row.description_md.clone(),
            town: row.town.clone(),
            town_population: row
                .town_population
                .map(|p| p.to_string())
                .unwrap_or_default(),
            municipality_code: row.municipality_code.clone(),
            organisation_model: row.organisation_model.clone(),
            fee_bases: split(&row.fee_bases),
            partner_kinds: split(&row.partner_kinds),
            themes: split(&row.themes),
            started_on: date_text(row.started_on),
            ended_on: date_text(row.ended_on),
            status: row.status.clone(),
            website: row.website.clone().unwrap_or_default(),
            contact: row.contact.clone().unwrap_or_default(),
            visibility: row.visibility.clone(),
        }
    }

    /// The registry's input, and what could not be read at all (a date that is no date, a
    /// number that is no number, a choice that is not one of the choices).
    fn parse(&self) -> (NewCollaboration, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut choice = |field: &str, value: &str| -> Option<String> {
            if value.is_empty() {
                errors.push(FieldError::new(field, "field-required"));
                None
            } else {
                Some(value.to_owned())
            }
        };
        let model = choice("organisation_model", &self.organisation_model)
            .and_then(|m| m.parse::<OrganisationModel>().ok());
        let visibility =
            choice("visibility", &self.visibility).and_then(|v| v.parse::<Visibility>().ok());
        let mut unknown = |field: &str, ok: bool| {
            if !ok {
                errors.push(FieldError::new(field, "editor-choice-unknown"));
            }
        };
        unknown(
            "organisation_model",
            self.organisation_model.is_empty() || model.is_some(),
        );
        unknown(
            "visibility",
            self.visibility.is_empty() || visibility.is_some(),
        );
        let status = self.status.parse::<CollaborationStatus>().ok();
        unknown("status", self.status.is_empty() || status.is_some());
        let fee_bases: Vec<FeeBasis> = self
            .fee_bases
            .iter()
            .filter_map(|f| f.parse().ok())
            .collect();
        unknown("fee_bases", fee_bases.len() == self.fee_bases.len());
        let partner_kinds: Vec<PartnerKind> = self
            .partner_kinds
            .iter()
            .filter_map(|p| p.parse().ok())
            .collect();
        unknown(
            "partner_kinds",
            partner_kinds.len() == self.partner_kinds.len(),
        );
        if self.municipality_code.trim().is_empty() {
            errors.push(FieldError::new(
                "municipality_code",
                "editor-municipality-choose",
            ));
        }
        let town_population = if self.town_population.is_empty() {
            None
        } else {
            let digits: String = self
                .town_population
                .chars()
                .filter(|c| !matches!(c, '.' | ',' | ' '))
                .collect();
            let parsed = digits.parse::<i64>().ok();
            if parsed.is_none() {
                errors.push(FieldError::new("town_population", "editor-number-invalid"));
            }
            parsed
        };
        let mut date = |field: &str, value: &str| -> Option<NaiveDate> {
            if value.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.push(FieldError::new(field, "editor-date-invalid"));
            }
            parsed
        };
        let started_on = date("started_on", &self.started_on);
        let ended_on = date("ended_on", &self.ended_on);
        let optional = |s: &str| Some(s.to_owned()).filter(|s| !s.trim().is_empty());
        let input = NewCollaboration {
            title: self.title.clone(),
            summary: self.summary.clone(),
            municipality_code: self.municipality_code.clone(),
            town: self.town.clone(),
            organisation_model: model.unwrap_or(OrganisationModel::InformalPrivate),
            themes: self.themes.clone(),
            visibility: visibility.unwrap_or(Visibility::Private),
            description: Some(self.description.clone()),
            town_population,
            fee_bases,
            partner_kinds,
            started_on,
            ended_on,
            status,
            website: optional(&self.website),
            contact: optional(&self.contact),
        };
        (input, errors)
    }

    /// The registry's input when every value can be read and `extra` (errors in the page's
    /// own fields) is empty; otherwise every error there is, the registry's checks included,
    /// so the person sees them all at once.
    pub async fn input(
        &self,
        tx: &mut dyn Tx,
        extra: Vec<FieldError>,
    ) -> Result<NewCollaboration, AppError> {
        let (input, parse_errors) = self.parse();
        let mut errors = extra;
        errors.extend(parse_errors);
        if errors.is_empty() {
            return Ok(input);
        }
        match collaborations::check(tx, &input).await {
            Err(AppError::Validation(more)) => {
                let more: Vec<FieldError> = more
                    .into_iter()
                    .filter(|m| !errors.iter().any(|e| e.field == m.field))
                    .collect();
                errors.extend(more);
            }
            Err(other) => return Err(other),
            Ok(_) => {}
        }
        Err(AppError::Validation(errors))
    }

    /// The same values as a full patch at `version`.
    pub fn patch(input: NewCollaboration, version: i64) -> CollaborationPatch {
        CollaborationPatch {
            title: Some(input.title),
            summary: Some(input.summary),
            municipality_code: Some(input.municipality_code),
            town: Some(input.town),
            organisation_model: Some(input.organisation_model),
            themes: Some(input.themes),
            visibility: Some(input.visibility),
            description: Some(input.description),
            town_population: Some(input.town_population),
            fee_bases: Some(input.fee_bases),
            partner_kinds: Some(input.partner_kinds),
            started_on: Some(input.started_on),
            ended_on: Some(input.ended_on),
            status: input.status,
            website: Some(input.website),
            contact: Some(input.contact),
            version: Some(version),
        }
    }
}

/// What a missing field's message says, by field: which field it is, not only that one is
/// missing, so the error summary reads on its own.
const MISSING: [(&str, &str); 5] = [
    ("title", "editor-title-required"),
    ("summary", "editor-summary-required"),
    ("town", "editor-town-required"),
    ("organisation_model", "editor-model-required"),
    ("visibility", "editor-visibility-required"),
];

/// `errors` with each "required" message naming its field.
pub fn specific(errors: &[FieldError]) -> Vec<FieldError> {
    errors
        .iter()
        .cloned()
        .map(|mut e| {
            if e.key == "field-required"
                && let Some((_, key)) = MISSING.iter().find(|(f, _)| *f == e.field)
            {
                e.key = key;
            }
            e
        })
        .collect()
}

/// A group of checkboxes; the chosen values are kept comma-separated in the field's value.
fn checkboxes(
    name: &str,
    legend: String,
    options: Vec<(String, String)>,
    chosen: &[String],
) -> Field {
    Field::radios(name, legend, options)
        .input_type("checkbox")
        .value(chosen.join(","))
}

/// The catalogue the form offers choices from.
pub struct Choices<'a> {
    /// Themes (retired ones are left out).
    pub themes: &'a [ThemeRow],
    /// Toolbox entries (the four organisation models explain the model choice).
    pub entries: &'a [ToolboxEntryRow],
}

/// The form's fields, in the order of the page, filled with `v`.
pub fn fields(ctx: &PageContext, v: &Values, choices: &Choices<'_>) -> FormView {
    let l = ctx.locale;
    let models = OrganisationModel::iter()
        .map(|m| {
            let hint = choices
                .entries
                .iter()
                .find(|e| e.organisation_model.as_deref() == Some(m.as_str()))
                .map(|e| l.pick(&e.summary_da, &e.summary_en).to_owned());
            (
                m.as_str().to_owned(),
                organisation_model_name(m.as_str(), l),
                hint,
            )
        })
        .collect();
    let visibilities = Visibility::iter()
        .map(|vis| {
            let key = format!("editor-visibility-{}", vis.as_str());
            (
                vis.as_str().to_owned(),
                ctx.t(&key),
                Some(ctx.t(&format!("{key}-hint"))),
            )
        })
        .collect();
    let statuses = CollaborationStatus::iter()
        .map(|s| {
            (
                s.as_str().to_owned(),
                collaboration_status_label(s.as_str(), l),
            )
        })
        .collect();
    let themes = choices
        .themes
        .iter()
        .filter(|t| !t.retired)
        .map(|t| {
            (
                t.code.clone(),
                format!("{} {}", t.code, l.pick(&t.name_da, &t.name_en)),
            )
        })
        .collect();
    let fee_bases = FeeBasis::iter()
        .map(|f| {
            (
                f.as_str().to_owned(),
                vocab_label("fee-basis", f.as_str(), l),
            )
        })
        .collect();
    let partner_kinds = PartnerKind::iter()
        .map(|p| {
            (
                p.as_str().to_owned(),
                vocab_label("partner-kind", p.as_str(), l),
            )
        })
        .collect();
    FormView::new(vec![
        Field::text("title", ctx.t("editor-field-title"))
            .hint(ctx.t("editor-field-title-hint"))
            .value(v.title.clone()),
        Field::text("summary", ctx.t("editor-field-summary"))
            .hint(ctx.t("editor-field-summary-hint"))
            .value(v.summary.clone()),
        Field::text("description", ctx.t("editor-field-description"))
            .hint(ctx.t("editor-field-description-hint"))
            .value(v.description.clone()),
        Field::text("municipality_code", ctx.t("editor-field-municipality"))
            .value(v.municipality_code.clone()),
        Field::text("town", ctx.t("editor-field-town")).value(v.town.clone()),
        Field::text("town_population", ctx.t("editor-field-town-population"))
            .hint(ctx.t("editor-field-town-population-hint"))
            .value(v.town_population.clone()),
        fields::radios_with_hints(
            "organisation_model",
            ctx.t("editor-field-organisation-model"),
            models,
        )
        .hint(ctx.t("editor-field-organisation-model-hint"))
        .value(v.organisation_model.clone()),
        checkboxes("themes", ctx.t("editor-field-themes"), themes, &v.themes)
            .hint(ctx.t("editor-field-themes-hint")),
        checkboxes(
            "partner_kinds",
            ctx.t("editor-field-partner-kinds"),
            partner_kinds,
            &v.partner_kinds,
        ),
        checkboxes(
            "fee_bases",
            ctx.t("editor-field-fee-bases"),
            fee_bases,
            &v.fee_bases,
        ),
        Field::radios("status", ctx.t("editor-field-status"), statuses).value(v.status.clone()),
        Field::text("started_on", ctx.t("editor-field-started-on"))
            .input_type("date")
            .hint(ctx.t("editor-field-date-hint"))
            .value(v.started_on.clone()),
        Field::text("ended_on", ctx.t("editor-field-ended-on"))
            .input_type("date")
            .hint(ctx.t("editor-field-ended-on-hint"))
            .value(v.ended_on.clone()),
        Field::text("website", ctx.t("editor-field-website"))
            .input_type("url")
            .hint(ctx.t("editor-field-website-hint"))
            .value(v.website.clone()),
        fields::email("contact", ctx.t("editor-field-contact"))
            .hint(ctx.t("editor-field-contact-hint"))
            .value(v.contact.clone()),
        fields::radios_with_hints("visibility", ctx.t("editor-field-visibility"), visibilities)
            .value(v.visibility.clone()),
    ])
}

/// One field where the stored version and the person's differ, each as the page shows it.
#[derive(Debug, Clone)]
pub struct Difference {
    /// The field's label.
    pub label: String,
    /// The stored value (someone else's save).
    pub theirs: String,
    /// What the person sent.
    pub yours: String,
}

/// The fields where `theirs` and `yours` differ, in the form's order, with the values in words.
pub fn differences(
    form: &FormView,
    theirs: &Values,
    yours: &Values,
    municipality: impl Fn(&str) -> String,
) -> Vec<Difference> {
    let text = |v: &Values, name: &str| -> String {
        match name {
            "title" => v.title.clone(),
            "summary" => v.summary.clone(),
            "description" => v.description.clone(),
            "municipality_code" => municipality(&v.municipality_code),
            "town" => v.town.clone(),
            "town_population" => v.town_population.clone(),
            "organisation_model" => v.organisation_model.clone(),
            "themes" => v.themes.join(","),
            "partner_kinds" => v.partner_kinds.join(","),
            "fee_bases" => v.fee_bases.join(","),
            "status" => v.status.clone(),
            "started_on" => v.started_on.clone(),
            "ended_on" => v.ended_on.clone(),
            "website" => v.website.clone(),
            "contact" => v.contact.clone(),
            "visibility" => v.visibility.clone(),
            _ => String::new(),
        }
    };
    // Choices are shown by their labels, as the form shows them.
    let shown = |field: &Field, raw: String| -> String {
        if field.options.is_empty() {
            return raw;
        }
        raw.split(',')
            .filter(|s| !s.is_empty())
            .map(|value| {
                field
                    .options
                    .iter()
                    .find(|o| o.value == value)
                    .map(|o| o.label.clone())
                    .unwrap_or_else(|| value.to_owned())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    form.fields
        .iter()
        .filter_map(|field| {
            let (a, b) = (text(theirs, &field.name), text(yours, &field.name));
            (a.trim() != b.trim()).then(|| Difference {
                label: field.label.clone(),
                theirs: shown(field, a),
                yours: shown(field, b),
            })
        })
        .collect()
}
