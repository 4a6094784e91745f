//! Forms: a CSRF-checked body (`CheckedForm`), and the views the form partials render: fields
//! with label, hint, error and the user's input, and the error summary at the top of the page
//! (the pattern of Det Fælles Designsystem and GOV.UK).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};

use super::csrf::{CSRF_COOKIE, CSRF_FIELD, Csrf};
use super::page::cookie;
use crate::app::AppState;
use crate::error::{AppError, FieldError};
use crate::i18n::Locale;

/// A posted form whose CSRF token was checked; the fields as the browser sent them.
#[derive(Debug, Default)]
pub struct CheckedForm {
    pairs: Vec<(String, String)>,
}

impl CheckedForm {
    /// The first value of `name`, if sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name` (checkboxes, multiple selects).
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The value of `name`, or empty.
    pub fn value(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_owned()
    }
}

impl FromRequest<AppState> for CheckedForm {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let headers = req.headers().clone();
        if headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site")
        {
            return Err(AppError::Forbidden("problem-csrf"));
        }
        let is_form = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|ct| ct.split(';').next())
            .is_some_and(|mime| mime.trim() == "application/x-www-form-urlencoded");
        if !is_form {
            return Err(AppError::BadRequest("problem-not-form"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("problem-body-unreadable")
            }
        })?;
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let form = CheckedForm { pairs };
        let token = form.get(CSRF_FIELD).unwrap_or_default();
        if !Csrf::verify(&state.config, cookie(&headers, CSRF_COOKIE), token) {
            return Err(AppError::Forbidden("problem-csrf"));
        }
        Ok(form)
    }
}

/// One line of the error summary: a message that links to its field.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    /// `#` and the id of the field to fix.
    pub href: String,
    /// What is wrong, in the page's language.
    pub message: String,
}

/// A form field as the partials render it.
#[derive(Debug, Clone)]
pub struct Field {
    /// The name the browser sends.
    pub name: String,
    /// The id of the input (or of the first option of a group).
    pub id: String,
    /// The label or legend.
    pub label: String,
    /// Help under the label, if any.
    pub hint: Option<String>,
    /// What the user typed or chose.
    pub value: String,
    /// What is wrong with it, if anything.
    pub error: Option<String>,
    /// The input type for text fields (`text`, `email`, `search`, ...).
    pub input_type: &'static str,
    /// The `autocomplete` token, if any.
    pub autocomplete: Option<&'static str>,
    /// The options of a radio group or select.
    pub options: Vec<Choice>,
}

/// One option of a radio group.
#[derive(Debug, Clone)]
pub struct Choice {
    /// The value sent.
    pub value: String,
    /// The id of its input.
    pub id: String,
    /// What it says.
    pub label: String,
    /// The language of the label, when it differs from the page's.
    pub lang: Option<&'static str>,
    /// A hint for this option.
    pub hint: Option<String>,
}

impl Field {
    /// A text input.
    pub fn text(name: &str, label: String) -> Field {
        Field {
            name: name.to_owned(),
            id: name.replace(['.', '_'], "-"),
            label,
            hint: None,
            value: String::new(),
            error: None,
            input_type: "text",
            autocomplete: None,
            options: Vec::new(),
        }
    }

    /// A radio group; the first option's id is the field's id, so the summary links to it.
    pub fn radios(name: &str, legend: String, options: Vec<(String, String)>) -> Field {
        let base = name.replace(['.', '_'], "-");
        let options: Vec<Choice> = options
            .into_iter()
            .map(|(value, label)| Choice {
                id: format!("{base}-{value}"),
                value,
                label,
                lang: None,
                hint: None,
            })
            .collect();
        let id = options.first().map(|o| o.id.clone()).unwrap_or(base);
        Field {
            id,
            options,
            input_type: "radio",
            ..Field::text(name, legend)
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: String) -> Field {
        self.hint = Some(hint);
        self
    }

    /// Sets the input type.
    pub fn input_type(mut self, input_type: &'static str) -> Field {
        self.input_type = input_type;
        self
    }

    /// Sets the value shown (the user's input, or the stored value).
    pub fn value(mut self, value: impl Into<String>) -> Field {
        self.value = value.into();
        self
    }

    /// The id of the hint element.
    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.name.replace(['.', '_'], "-"))
    }

    /// The id of the error message element.
    pub fn error_id(&self) -> String {
        format!("{}-error", self.name.replace(['.', '_'], "-"))
    }

    /// The `aria-describedby` value: the hint and the error, whichever there are.
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

    /// Whether option `value` is the chosen one.
    pub fn is_chosen(&self, value: &str) -> bool {
        self.value == value
    }

    /// Whether option `value` is among the chosen ones of a checkbox group (kept
    /// comma-separated).
    pub fn is_among(&self, value: &str) -> bool {
        self.value.split(',').any(|v| v == value)
    }
}

/// The fields of a form together, to attach errors and build the summary in field order.
#[derive(Debug, Clone, Default)]
pub struct FormView {
    /// The fields in the order they appear.
    pub fields: Vec<Field>,
    /// Errors that belong to no field.
    pub general: Vec<String>,
}

impl FormView {
    /// A form of `fields`.
    pub fn new(fields: Vec<Field>) -> FormView {
        FormView {
            fields,
            general: Vec::new(),
        }
    }

    /// Attaches each error to its field, in `locale`; errors for unknown fields become general.
    pub fn with_errors(mut self, errors: &[FieldError], locale: Locale) -> FormView {
        for error in errors {
            let message = error.message(locale);
            match self.fields.iter_mut().find(|f| f.name == error.field) {
                Some(field) if field.error.is_none() => field.error = Some(message),
                Some(_) => {}
                None => self.general.push(message),
            }
        }
        self
    }

    /// The field named `name` (a template asks for each by name).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Whether anything is wrong.
    pub fn has_errors(&self) -> bool {
        !self.general.is_empty() || self.fields.iter().any(|f| f.error.is_some())
    }

    /// The error summary, field errors linking to their fields.
    pub fn summary(&self) -> Vec<SummaryItem> {
        let fields = self.fields.iter().filter_map(|f| {
            f.error.as_ref().map(|m| SummaryItem {
                href: format!("#{}", f.id),
                message: m.clone(),
            })
        });
        let general = self.general.iter().map(|m| SummaryItem {
            href: String::new(),
            message: m.clone(),
        });
        fields.chain(general).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_go_next_to_their_fields_and_into_the_summary_in_order() {
        let form = FormView::new(vec![
            Field::text("name", "Navn".into()).hint("Som på skiltet".into()),
            Field::radios(
                "lang",
                "Sprog".into(),
                vec![
                    ("da".into(), "Dansk".into()),
                    ("en".into(), "English".into()),
                ],
            ),
        ])
        .with_errors(
            &[
                FieldError::new("lang", "field-required"),
                FieldError::new("name", "field-required"),
                FieldError::new("other", "field-unknown"),
            ],
            Locale::Da,
        );
        assert!(form.has_errors());
        let summary = form.summary();
        let hrefs: Vec<&str> = summary.iter().map(|s| s.href.as_str()).collect();
        assert_eq!(hrefs, ["#name", "#lang-da", ""]);
        let name = form.field("name").expect("name");
        assert_eq!(name.described_by(), "name-hint name-error");
        let lang = form.field("lang").expect("lang");
        assert_eq!(lang.described_by(), "lang-error");
    }
}
