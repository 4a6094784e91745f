//! Bulk import of collaborations from CSV: a dry run reports every bad row by line and field;
//! the apply is all or nothing.
//!
//! Columns (a header row, names as in the API): `title`, `summary`, `municipality_code`, `town`,
//! `organisation_model`, `themes`, `visibility`, and optionally `description`,
//! `town_population`, `fee_bases`, `partner_kinds`, `started_on`, `ended_on`, `status`,
//! `website`, `contact`. Lists (`themes`, `fee_bases`, `partner_kinds`) are separated by `;`.

use std::collections::HashMap;

use serde_json::json;
use uuid::Uuid;

use super::collaborations::{self, NewCollaboration};
use super::{audit_collaboration, require_editor};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::domain::Slug;
use crate::error::{AppError, FieldError, field_error_from_serde};
use crate::i18n::Locale;

/// A problem with one row.
#[derive(Debug, Clone)]
pub struct RowError {
    /// Line in the file (the header is line 1).
    pub line: usize,
    /// What is wrong, naming the column.
    pub error: FieldError,
}

impl RowError {
    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        self.error.message(locale)
    }
}

/// What an import found and did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Data rows read.
    pub rows: usize,
    /// Every problem found; when there is any, nothing was saved.
    pub errors: Vec<RowError>,
    /// The drafts created (empty on a dry run or when there were errors).
    pub created: Vec<Uuid>,
}

const REQUIRED: [&str; 7] = [
    "title",
    "summary",
    "municipality_code",
    "town",
    "organisation_model",
    "themes",
    "visibility",
];
const OPTIONAL: [&str; 9] = [
    "description",
    "town_population",
    "fee_bases",
    "partner_kinds",
    "started_on",
    "ended_on",
    "status",
    "website",
    "contact",
];

fn list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Turns a CSV record into the JSON the API takes, so that both share one set of checks.
fn record_to_input(
    header: &[String],
    record: &csv::StringRecord,
) -> Result<NewCollaboration, FieldError> {
    let mut object = serde_json::Map::new();
    for (name, value) in header.iter().zip(record.iter()) {
        let value = value.trim();
        let json_value = match name.as_str() {
            "themes" | "fee_bases" | "partner_kinds" => json!(list(value)),
            _ if value.is_empty() => continue,
            "town_population" => match value.replace(['.', ' '], "").parse::<i64>() {
                Ok(n) => json!(n),
                Err(_) => return Err(FieldError::new(name.clone(), "field-wrong-type")),
            },
            _ => json!(value),
        };
        object.insert(name.clone(), json_value);
    }
    serde_path_to_error::deserialize::<_, NewCollaboration>(serde_json::Value::Object(object))
        .map_err(|e| field_error_from_serde(&e.path().to_string(), &e.into_inner().to_string()))
}

/// Reads and checks every row; with `apply` and no errors, saves them all as drafts in one
/// transaction. `actor` is the user importing (none when an operator runs the CLI).
pub async fn import_collaborations(
    state: &AppState,
    actor: Option<&CurrentUser>,
    organisation: Uuid,
    csv_text: &str,
    apply: bool,
) -> Result<ImportReport, AppError> {
    let mut tx = if apply {
        state.store.write().await?
    } else {
        state.store.read().await?
    };
    if tx.organisation(organisation).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if let Some(user) = actor {
        user.require_verified()?;
        require_editor(&mut *tx, organisation, user.id).await?;
    }
    let mut report = ImportReport::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::Headers)
        .from_reader(csv_text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim_start_matches('\u{feff}').to_lowercase())
            .collect(),
        Err(_) => {
            return Err(AppError::field("file", "field-csv-unreadable"));
        }
    };
    for name in &header {
        if !REQUIRED.contains(&name.as_str()) && !OPTIONAL.contains(&name.as_str()) {
            report.errors.push(RowError {
                line: 1,
                error: FieldError::new(name.clone(), "field-csv-unknown-column"),
            });
        }
    }
    for name in REQUIRED {
        if !header.iter().any(|h| h == name) {
            report.errors.push(RowError {
                line: 1,
                error: FieldError::new(name, "field-csv-missing-column"),
            });
        }
    }
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let mut checked = Vec::new();
    let mut titles: HashMap<String, usize> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        report.rows += 1;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                report.errors.push(RowError {
                    line,
                    error: FieldError::new("", "field-csv-bad-row"),
                });
                continue;
            }
        };
        let input = match record_to_input(&header, &record) {
            Ok(input) => input,
            Err(error) => {
                report.errors.push(RowError { line, error });
                continue;
            }
        };
        match collaborations::check(&mut *tx, &input).await {
            Ok(fields) => {
                let slug = Slug::from_title(&fields.title, 80).to_string();
                if let Some(first) = titles.insert(slug, line) {
                    report.errors.push(RowError {
                        line,
                        error: FieldError::new("title", "field-csv-duplicate-title")
                            .arg("line", first),
                    });
                }
                checked.push(fields);
            }
            Err(AppError::Validation(errors)) => {
                report
                    .errors
                    .extend(errors.into_iter().map(|error| RowError { line, error }));
            }
            Err(other) => return Err(other),
        }
    }
    if !apply || !report.errors.is_empty() {
        return Ok(report);
    }
    let now = state.clock.now();
    for fields in checked {
        let id = Uuid::now_v7();
        let base = Slug::from_title(&fields.title, 80);
        let mut slug = base.to_string();
        let mut n = 2;
        while tx.collaboration_slug_taken(organisation, &slug).await? {
            slug = base.with_suffix(n).to_string();
            n += 1;
        }
        tx.insert_collaboration(id, organisation, &slug, &fields, now)
            .await?;
        let details = json!({"title": fields.title, "imported": true});
        audit_collaboration(
            &mut *tx,
            now,
            actor.map(|u| u.id),
            (organisation, id),
            "created",
            details,
            false,
        )
        .await?;
        report.created.push(id);
    }
    tx.commit().await?;
    Ok(report)
}
