//! The stylesheet and images, embedded in the binary and served under `/static/`.
//!
//! Pages link each file with its content hash (`/static/site.css?v=…`): such a request may be
//! cached for a year, since a changed file gets a new link; anything else is cached briefly.

use axum::extract::{Path, RawQuery};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use crate::error::AppError;

#[derive(RustEmbed)]
#[folder = "static/"]
struct Files;

/// The first characters of a file's SHA-256, as used in its link and ETag.
fn fingerprint(hash: [u8; 32]) -> String {
    hex::encode(&hash[..8])
}

/// The link to an embedded file, with its fingerprint; a missing file links plainly (and 404s).
pub fn url(name: &str) -> String {
    match Files::get(name) {
        Some(file) => format!(
            "/static/{name}?v={}",
            fingerprint(file.metadata.sha256_hash())
        ),
        None => format!("/static/{name}"),
    }
}

fn content_type(name: &str) -> String {
    let mime = mime_guess::from_path(name).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || mime.subtype() == mime_guess::mime::SVG
        || mime.subtype() == mime_guess::mime::JAVASCRIPT;
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// `GET /static/{*path}`.
pub async fn serve(
    Path(path): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let file = Files::get(&path).ok_or(AppError::NotFound)?;
    let print = fingerprint(file.metadata.sha256_hash());
    let etag = format!("\"{print}\"");
    let pinned = query
        .as_deref()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("v=")))
        .is_some_and(|v| v == print);
    let cache = if pinned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        file.data.into_owned().into_response()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type(&path)) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_say_their_charset() {
        assert_eq!(content_type("site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
    }

    #[test]
    fn links_carry_the_fingerprint() {
        let link = url("site.css");
        assert!(link.starts_with("/static/site.css?v="), "{link}");
        assert_eq!(link.len(), "/static/site.css?v=".len() + 16);
    }
}
