//! Request extractors that answer bad input with problems in the caller's language.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde::de::DeserializeOwned;

use crate::error::{AppError, field_error_from_serde};
use crate::i18n::Locale;

/// Name of the cookie that keeps a chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The language of the current request, shared between the problem middleware and the
/// extractors: the auth extractor refines it with the user's own setting.
#[derive(Clone, Default)]
pub struct LocaleCell(Arc<Mutex<Locale>>);

impl LocaleCell {
    /// Sets the request's language.
    pub fn set(&self, locale: Locale) {
        if let Ok(mut l) = self.0.lock() {
            *l = locale;
        }
    }

    /// The request's language.
    pub fn get(&self) -> Locale {
        self.0.lock().map(|l| *l).unwrap_or_default()
    }
}

/// Whether the request says its language itself (`?lang=`, the cookie or `Accept-Language`),
/// which then wins over a logged-in user's stored setting.
pub fn explicit_locale(headers: &HeaderMap, query: Option<&str>) -> Option<Locale> {
    let from_query = query.and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Locale::parse(v))
    });
    let from_cookie = || {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == LANG_COOKIE)
            .and_then(|(_, v)| Locale::parse(v))
    };
    let from_header = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Locale::from_accept_language)
    };
    from_query.or_else(from_cookie).or_else(from_header)
}

/// The language for a request before the user is known: explicit choice, else Danish.
pub fn request_locale(headers: &HeaderMap, query: Option<&str>) -> Locale {
    explicit_locale(headers, query).unwrap_or_default()
}

/// The caller's language.
#[derive(Debug, Clone, Copy)]
pub struct Lang(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let locale = parts
            .extensions
            .get::<LocaleCell>()
            .map(LocaleCell::get)
            .unwrap_or_else(|| request_locale(&parts.headers, parts.uri.query()));
        Ok(Lang(locale))
    }
}

/// A JSON body: `application/json`, within the size limit, every field known and well typed.
/// Errors name the field (`errors: [{field, message}]`).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                let mime = ct.split(';').next().unwrap_or("").trim();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(AppError::BadRequest("problem-not-json"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("problem-body-unreadable")
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Query parameters: every parameter known and well typed; errors name the parameter (422).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(query));
        serde_path_to_error::deserialize::<_, T>(de)
            .map(ApiQuery)
            .map_err(|err| {
                let path = err.path().to_string();
                AppError::Validation(vec![field_error_from_serde(
                    &path,
                    &err.into_inner().to_string(),
                )])
            })
    }
}

fn form_urlencoded_parse(query: &str) -> url::form_urlencoded::Parse<'_> {
    url::form_urlencoded::parse(query.as_bytes())
}

/// Parses a JSON body, naming the offending field on failure.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(v) => Ok(v),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                return Err(AppError::BadRequest("problem-malformed-json"));
            }
            Err(AppError::Validation(vec![field_error_from_serde(
                &path,
                &inner.to_string(),
            )]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        count: Option<u32>,
    }

    fn field_of(json: &str) -> String {
        match parse_json::<Body>(json.as_bytes()) {
            Err(AppError::Validation(errors)) => errors[0].field.clone(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn serde_errors_name_the_field() {
        assert_eq!(field_of(r#"{"name":"a","colour":1}"#), "colour");
        assert_eq!(field_of(r#"{"count":1}"#), "name");
        assert_eq!(field_of(r#"{"name":"a","count":"x"}"#), "count");
        assert!(matches!(
            parse_json::<Body>(b"{"),
            Err(AppError::BadRequest(_))
        ));
    }
}
