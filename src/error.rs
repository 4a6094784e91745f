//! One error type for the HTTP layer, answered as `application/problem+json` (RFC 9457).
//!
//! An error carries message keys, not text: the problem middleware renders it in the caller's
//! language once the request's locale is known.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::i18n::Locale;
use crate::store::StoreError;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A field that failed validation, with the message key that explains why.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The field's name as the caller sent it (dotted for nested fields).
    pub field: String,
    /// The Fluent key of the message.
    pub key: &'static str,
    /// Arguments for the message.
    pub args: Vec<(&'static str, String)>,
    /// The line of an uploaded file the error is on, if it came from one.
    pub line: Option<usize>,
}

impl FieldError {
    /// A field error without arguments.
    pub fn new(field: impl Into<String>, key: &'static str) -> Self {
        FieldError {
            field: field.into(),
            key,
            args: Vec::new(),
            line: None,
        }
    }

    /// Places the error on a line of an uploaded file.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Adds an argument for the message.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        locale.text_with(self.key, &self.args)
    }
}

/// Names the field a serde error is about (`path` from serde_path_to_error) and says why.
pub fn field_error_from_serde(path: &str, message: &str) -> FieldError {
    let path = if path == "." { "" } else { path };
    let join = |name: &str| {
        if path.is_empty() {
            name.to_owned()
        } else if path == name || path.ends_with(&format!(".{name}")) {
            path.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    let quoted = |m: &str| m.split('`').nth(1).map(str::to_owned);
    if message.starts_with("unknown field") {
        let name = quoted(message).unwrap_or_default();
        FieldError::new(join(&name), "field-unknown")
    } else if message.starts_with("missing field") {
        let name = quoted(message).unwrap_or_default();
        FieldError::new(join(&name), "field-required")
    } else if message.starts_with("unknown variant") {
        let allowed = message
            .split("expected ")
            .nth(1)
            .and_then(|s| s.split(" at line").next())
            .unwrap_or_default()
            .replace('`', "");
        FieldError::new(path, "field-unknown-value").arg("allowed", allowed)
    } else {
        FieldError::new(path, "field-wrong-type")
    }
}

/// Collects field errors while a request body is parsed into domain types.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value of `result`, or records its error and returns `None`.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(e);
                None
            }
        }
    }

    /// Records an error.
    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// Whether nothing failed so far.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(())` when nothing failed, else the collected errors as a 422.
    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.errors))
        }
    }
}

/// Every way a request can fail.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// One or more fields are invalid (422).
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The request cannot be understood (400); the key names why.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// No valid credentials (401).
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// Valid credentials that may not do this (403).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Nothing there, or nothing the caller may see (404).
    #[error("not found")]
    NotFound,
    /// The state of the resource does not allow this (409).
    #[error("conflict: {key}")]
    Conflict {
        /// The field concerned, if any.
        field: Option<&'static str>,
        /// The message key.
        key: &'static str,
    },
    /// The caller's version is stale (412).
    #[error("stale version; current is {current_version}")]
    PreconditionFailed {
        /// The version now stored.
        current_version: i64,
    },
    /// The body is over the limit (413).
    #[error("payload too large")]
    PayloadTooLarge,
    /// Too many attempts (429).
    #[error("too many requests")]
    TooManyRequests {
        /// Seconds until the next attempt may succeed.
        retry_after: u64,
    },
    /// A dependency is down (503).
    #[error("service unavailable")]
    Unavailable,
    /// Anything else (500); the cause is logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A 422 for a single field.
    pub fn field(field: impl Into<String>, key: &'static str) -> Self {
        AppError::Validation(vec![FieldError::new(field, key)])
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem this error is answered with.
    pub fn problem(&self) -> Problem {
        let status = self.status();
        let mut problem = Problem::for_status(status);
        match self {
            AppError::Validation(errors) => {
                problem.kind = "validation";
                problem.title_key = "problem-validation";
                problem.errors = errors.clone();
            }
            AppError::BadRequest(key) | AppError::Unauthorized(key) | AppError::Forbidden(key) => {
                problem.detail_key = Some(key)
            }
            AppError::Conflict { field, key } => {
                problem.detail_key = Some(key);
                if let Some(field) = field {
                    problem.errors = vec![FieldError::new(*field, key)];
                }
            }
            AppError::PreconditionFailed { current_version } => {
                problem.kind = "stale-version";
                problem.detail_key = Some("problem-stale-version-detail");
                problem
                    .extra
                    .insert("current_version".into(), json!(current_version));
            }
            AppError::TooManyRequests { retry_after } => {
                problem
                    .extra
                    .insert("retry_after".into(), json!(retry_after));
            }
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "internal error");
            }
            AppError::NotFound | AppError::PayloadTooLarge | AppError::Unavailable => {}
        }
        problem
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { field, key } => AppError::Conflict {
                field: Some(field),
                key,
            },
            StoreError::Stale { current_version } => {
                AppError::PreconditionFailed { current_version }
            }
            StoreError::Unavailable(e) => {
                tracing::warn!(error = %e, "database unavailable");
                AppError::Unavailable
            }
            StoreError::Database(e) => AppError::Internal(anyhow::Error::new(e)),
            StoreError::Other(e) => AppError::Internal(e),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        let mut response = problem.render(Locale::Da, None);
        if let AppError::Unauthorized(_) = self {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let AppError::TooManyRequests { retry_after } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

/// An RFC 9457 problem, before it is put into words.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The HTTP status.
    pub status: StatusCode,
    /// The last part of the `type` URI.
    pub kind: &'static str,
    /// The Fluent key of the title.
    pub title_key: &'static str,
    /// The Fluent key of the detail, if any.
    pub detail_key: Option<&'static str>,
    /// Field errors.
    pub errors: Vec<FieldError>,
    /// Extension members.
    pub extra: Map<String, Value>,
}

impl Problem {
    /// The generic problem for a status code.
    pub fn for_status(status: StatusCode) -> Problem {
        let (kind, title_key) = match status.as_u16() {
            400 => ("bad-request", "problem-bad-request"),
            401 => ("unauthorized", "problem-unauthorized"),
            403 => ("forbidden", "problem-forbidden"),
            404 => ("not-found", "problem-not-found"),
            405 => ("method-not-allowed", "problem-method-not-allowed"),
            408 => ("timeout", "problem-timeout"),
            409 => ("conflict", "problem-conflict"),
            412 => ("precondition-failed", "problem-precondition-failed"),
            413 => ("payload-too-large", "problem-payload-too-large"),
            415 => ("unsupported-media-type", "problem-unsupported-media-type"),
            422 => ("validation", "problem-validation"),
            429 => ("too-many-requests", "problem-too-many-requests"),
            503 => ("unavailable", "problem-unavailable"),
            _ if status.is_client_error() => ("bad-request", "problem-bad-request"),
            _ => ("internal", "problem-internal"),
        };
        Problem {
            status,
            kind,
            title_key,
            detail_key: None,
            errors: Vec::new(),
            extra: Map::new(),
        }
    }

    /// The problem as JSON in `locale`; `base` makes the `type` URI absolute.
    pub fn to_json(&self, locale: Locale, base: Option<&str>) -> Value {
        let base = base.unwrap_or("").trim_end_matches('/');
        let mut body = Map::new();
        body.insert(
            "type".into(),
            json!(format!("{base}/problems/{}", self.kind)),
        );
        body.insert("title".into(), json!(locale.text(self.title_key)));
        body.insert("status".into(), json!(self.status.as_u16()));
        let detail = match self.detail_key {
            Some(key) => locale.text(key),
            None if !self.errors.is_empty() => locale.text("problem-validation-detail"),
            None => locale.text(&format!("{}-detail", self.title_key)),
        };
        body.insert("detail".into(), json!(detail));
        if !self.errors.is_empty() {
            let errors: Vec<Value> = self
                .errors
                .iter()
                .map(|e| match e.line {
                    Some(line) => {
                        json!({"field": e.field, "message": e.message(locale), "line": line})
                    }
                    None => json!({"field": e.field, "message": e.message(locale)}),
                })
                .collect();
            body.insert("errors".into(), Value::Array(errors));
        }
        for (k, v) in &self.extra {
            body.insert(k.clone(), v.clone());
        }
        Value::Object(body)
    }

    /// The full response in `locale`, with the problem kept for later re-rendering.
    pub fn render(self, locale: Locale, base: Option<&str>) -> Response {
        let body = self.to_json(locale, base).to_string();
        let mut response = (self.status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response.headers_mut().insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(locale.code()),
        );
        response.extensions_mut().insert(self);
        response
    }
}
