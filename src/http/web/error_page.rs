//! Errors on pages: a browser asking for a page gets an HTML page in its language with the
//! error's status, instead of the API's problem+json.

use askama::Template;
use axum::http::{HeaderMap, header};
use axum::response::Response;

use super::page::{Chrome, PageContext, Section};
use crate::app::AppState;
use crate::auth::extract::CurrentUser;
use crate::error::Problem;
use crate::i18n::Locale;

/// Whether a request gets HTML errors: a page path (the API and the service probes keep their
/// problem+json) from a client that asks for HTML by name (`*/*` alone is not enough).
pub fn wants_html(path: &str, headers: &HeaderMap) -> bool {
    let api = path == "/api"
        || path.starts_with("/api/")
        || path == "/health"
        || path == "/ready"
        || path.starts_with("/static/");
    if api {
        return false;
    }
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|range| {
            let mut parts = range.split(';');
            let mime = parts.next().unwrap_or_default().trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (mime == "text/html" || mime == "application/xhtml+xml") && !refused
        })
}

/// What the middleware knows of the request when it must render an error page.
pub struct ErrorRequest {
    /// Its path.
    pub path: String,
    /// Its query.
    pub query: Option<String>,
    /// Its headers (cookies for the CSRF token of the language switch).
    pub headers: HeaderMap,
    /// Its request id, quoted on server errors so support can find the log line.
    pub request_id: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/error.html", whitespace = "minimize")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    detail: String,
    errors: Vec<String>,
    request_id: Option<String>,
    not_found: bool,
}

/// The HTML page for `problem` in `locale`, for `user` (the header shows who is logged in).
pub fn render(
    state: &AppState,
    problem: &Problem,
    locale: Locale,
    req: &ErrorRequest,
    user: Option<CurrentUser>,
) -> Response {
    let ctx = PageContext::new(
        state,
        locale,
        user,
        &req.headers,
        &req.path,
        req.query.as_deref(),
    );
    let json = problem.to_json(locale, None);
    let text = |k: &str| json[k].as_str().unwrap_or_default().to_owned();
    let title = text("title");
    let status = problem.status.as_u16();
    let detail = match status {
        404 => ctx.t("error-not-found-detail"),
        _ => text("detail"),
    };
    let chrome = ctx.chrome(Section::Other, title, detail.clone());
    let page = ErrorPage {
        chrome,
        status,
        detail,
        errors: problem.errors.iter().map(|e| e.message(locale)).collect(),
        request_id: req
            .request_id
            .clone()
            .filter(|_| problem.status.is_server_error()),
        not_found: status == 404,
    };
    ctx.render_with(problem.status, &page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, HeaderValue::from_str(v).expect("header"));
        h
    }

    #[test]
    fn browsers_get_html_and_the_api_keeps_its_problems() {
        let browser = accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assert!(wants_html("/anbefalinger/P99", &browser));
        assert!(!wants_html("/api/v1/recommendations/P99", &browser));
        assert!(!wants_html("/ready", &browser));
        assert!(!wants_html("/anbefalinger/P99", &accept("*/*")));
        assert!(!wants_html("/anbefalinger/P99", &accept("text/html;q=0")));
        assert!(!wants_html("/anbefalinger/P99", &HeaderMap::new()));
    }
}
