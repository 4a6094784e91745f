//! The middleware stack every response passes through, errors included.

use std::any::Any;
use std::time::Duration;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self as axum_mw, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use super::extract::{LocaleCell, request_locale};
use super::web::{error_page, session};
use crate::app::AppState;
use crate::error::Problem;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Wraps `routes` in the stack, outermost first: metrics (so every answer is counted), security
/// headers (so every response has them),
/// metrics, request id, trace, the pages' sliding session, problem rendering (so timeouts and panics
/// are put into words too), timeout, panic catcher, body limit, compression.
pub fn stack(routes: Router<AppState>, state: AppState) -> Router<AppState> {
    let https = state.config.http.public_url.scheme() == "https";
    let timeout = Duration::from_secs(state.config.http.request_timeout_secs);
    let body_limit = state.config.http.body_limit_bytes;
    let request_id = HeaderName::from_static("x-request-id");

    let security = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            https.then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
        ));

    routes
        .layer(CompressionLayer::new())
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(axum_mw::from_fn_with_state(state.clone(), render_problems))
        // Outside the problem rendering, so an error page also sees the renewed session.
        .layer(axum_mw::from_fn_with_state(state, session::sliding_refresh))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", method = %req.method(), route, request_id = id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .layer(security)
        .layer(axum_mw::from_fn(crate::monitoring::record_request))
}

/// Puts every error into words in the caller's language: problems raised by handlers are
/// re-rendered for the request's locale, and bare error statuses from the framework (405, 413,
/// 408, ...) become problems too, keeping their headers (`Allow`, `Retry-After`). A browser
/// asking for a page gets the error as an HTML page instead, with the same status.
async fn render_problems(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let cell = LocaleCell::default();
    let locale = request_locale(req.headers(), req.uri().query());
    cell.set(locale);
    req.extensions_mut().insert(cell.clone());
    let page_request =
        error_page::wants_html(req.uri().path(), req.headers()).then(|| error_page::ErrorRequest {
            path: req.uri().path().to_owned(),
            query: req.uri().query().map(str::to_owned),
            headers: req.headers().clone(),
            request_id: req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
        });
    let mut response = next.run(req).await;
    let locale = cell.get();
    let base = state.config.http.public_url.as_str();
    let status = response.status();
    let problem = response.extensions_mut().remove::<Problem>();
    // Only the framework's bare answers (no body type, or plain text) are replaced; a handler
    // that answers an error status with a body of its own keeps it.
    let bare = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|ct| ct.as_bytes().starts_with(b"text/plain"));
    let problem = match problem {
        Some(problem) => problem,
        None if (status.is_client_error() || status.is_server_error()) && bare => {
            Problem::for_status(status)
        }
        None => return response,
    };
    let mut rendered = match &page_request {
        Some(req) => {
            let user = crate::auth::extract::cookie_user(&state, &req.headers).await;
            error_page::render(&state, &problem, locale, req, user)
        }
        None => problem.render(locale, Some(base)),
    };
    carry_headers(&response, &mut rendered);
    rendered
}

fn carry_headers(from: &Response, to: &mut Response) {
    for name in [
        header::ALLOW,
        header::RETRY_AFTER,
        header::ETAG,
        header::WWW_AUTHENTICATE,
    ] {
        if let Some(v) = from.headers().get(&name) {
            to.headers_mut().insert(name, v.clone());
        }
    }
}

fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response {
    let message = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request handler panicked");
    Problem::for_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        self.render(crate::i18n::Locale::Da, None)
    }
}
