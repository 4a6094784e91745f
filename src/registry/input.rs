//! Checks shared by every registry form and body: lengths, URLs, catalogue codes. Each names
//! the field and says the limit.

use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer};

use crate::domain::{Email, MunicipalityCode};
use crate::error::{FieldError, Validator};
use crate::store::Tx;

/// Limits on what users write, in characters.
pub mod limits {
    /// Titles.
    pub const TITLE: usize = 200;
    /// Summaries.
    pub const SUMMARY: usize = 500;
    /// Long Markdown texts.
    pub const BODY: usize = 20_000;
    /// Town names.
    pub const TOWN: usize = 100;
    /// URLs.
    pub const URL: usize = 500;
    /// Notes on links.
    pub const NOTE: usize = 2_000;
    /// Sections of an experience (what worked, what did not, advice).
    pub const SECTION: usize = 5_000;
    /// Comments.
    pub const COMMENT: usize = 5_000;
    /// Largest town population accepted.
    pub const POPULATION: i64 = 2_000_000;
}

/// Deserialises a field that may be absent (`None`), `null` (`Some(None)`) or a value.
pub fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// Accepts a code written as a string (`"329"`) or a number (`329`).
pub fn code_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Code::deserialize(d).map(String::from)
}

/// Like [`code_string`], for an optional field: `null` is no code, as for the other optional
/// fields.
pub fn optional_code_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<Code>::deserialize(d).map(|code| code.map(String::from))
}

/// A code as clients send it: text, or a number for the numeric ones.
#[derive(Deserialize)]
#[serde(untagged)]
enum Code {
    Text(String),
    Number(u64),
}

impl From<Code> for String {
    fn from(code: Code) -> String {
        match code {
            Code::Text(s) => s,
            Code::Number(n) => n.to_string(),
        }
    }
}

/// A required text: trimmed, not empty, at most `max` characters.
pub fn required_text(v: &mut Validator, field: &str, value: &str, max: usize) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        v.push(FieldError::new(field, "field-required"));
        None
    } else {
        limited(v, field, value, max)
    }
}

/// An optional text: trimmed, at most `max` characters (empty is fine).
pub fn optional_text(v: &mut Validator, field: &str, value: &str, max: usize) -> Option<String> {
    limited(v, field, value.trim(), max)
}

fn limited(v: &mut Validator, field: &str, value: &str, max: usize) -> Option<String> {
    if value.chars().count() > max {
        v.push(FieldError::new(field, "field-too-long").arg("max", max));
        None
    } else {
        Some(value.to_owned())
    }
}

/// An http(s) URL, at most [`limits::URL`] characters.
pub fn web_url(v: &mut Validator, field: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.chars().count() > limits::URL {
        v.push(FieldError::new(field, "field-too-long").arg("max", limits::URL));
        return None;
    }
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Some(u.to_string())
        }
        _ => {
            v.push(FieldError::new(field, "field-url-invalid"));
            None
        }
    }
}

/// A contact address.
pub fn contact(v: &mut Validator, field: &str, value: &str) -> Option<String> {
    v.check(Email::parse(field, value))
        .map(|e| e.as_str().to_owned())
}

/// A municipality that exists; returns its canonical code.
pub async fn municipality(
    tx: &mut dyn Tx,
    v: &mut Validator,
    field: &str,
    raw: &str,
) -> Result<Option<String>, crate::error::AppError> {
    let Some(code) = MunicipalityCode::parse(raw) else {
        v.push(FieldError::new(field, "field-municipality-unknown"));
        return Ok(None);
    };
    let code = code.to_string();
    if tx.municipality(&code).await?.is_some() {
        Ok(Some(code))
    } else {
        v.push(FieldError::new(field, "field-municipality-unknown"));
        Ok(None)
    }
}

/// Theme codes that exist and are not retired, without duplicates.
pub async fn themes(
    tx: &mut dyn Tx,
    v: &mut Validator,
    field: &str,
    codes: &[String],
) -> Result<Vec<String>, crate::error::AppError> {
    let known: BTreeSet<String> = tx
        .themes()
        .await?
        .into_iter()
        .filter(|t| !t.retired)
        .map(|t| t.code)
        .collect();
    let mut out = BTreeSet::new();
    for code in codes {
        if known.contains(code) {
            out.insert(code.clone());
        } else {
            v.push(FieldError::new(field, "field-theme-unknown").arg("value", code));
        }
    }
    Ok(out.into_iter().collect())
}

/// A population within bounds.
pub fn population(v: &mut Validator, field: &str, value: Option<i64>) -> Option<i64> {
    match value {
        Some(n) if !(1..=limits::POPULATION).contains(&n) => {
            v.push(
                FieldError::new(field, "field-number-range")
                    .arg("min", 1)
                    .arg("max", limits::POPULATION),
            );
            None
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "optional_code_string")]
        code: Option<String>,
    }

    #[test]
    fn a_code_is_text_or_a_number_and_null_is_none() {
        let read = |json: &str| serde_json::from_str::<Patch>(json).map(|p| p.code).ok();
        assert_eq!(read(r#"{"code": "0370"}"#), Some(Some("0370".into())));
        assert_eq!(read(r#"{"code": 370}"#), Some(Some("370".into())));
        assert_eq!(read(r#"{"code": null}"#), Some(None));
        assert_eq!(read("{}"), Some(None));
        assert_eq!(read(r#"{"code": [370]}"#), None);
    }
}
