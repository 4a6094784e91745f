//! The pages' login session: the same tokens as the API's, the access token (a JWT, at most 15
//! minutes) and the refresh token in HttpOnly cookies, `SameSite=Lax`, `Path=/`, `Secure` when
//! the site is served over https.
//!
//! The session slides: a page request that comes without a valid access token but with a
//! refresh token has the refresh token rotated on the way in ([`sliding_refresh`]), exactly as
//! `POST /api/v1/auth/refresh` does, so reuse of a spent refresh token still ends the whole
//! session. Only navigations (requests that ask for HTML) refresh: the page's images and
//! stylesheet never race it with the same token.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::error_page::wants_html;
use super::page::cookie;
use crate::app::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::extract::ACCESS_COOKIE;
use crate::auth::session::{self, TokenPair};
use crate::config::Config;
use crate::error::AppError;

/// The cookie that carries the refresh token for the pages.
pub const REFRESH_COOKIE: &str = "bymidter_refresh";

fn secure(config: &Config) -> bool {
    config.http.public_url.scheme() == "https"
}

fn set_cookie(config: &Config, name: &str, value: &str, max_age: i64) -> String {
    format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{}",
        if secure(config) { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` values that hold a session: the access token for as long as it is valid
/// (the browser then drops it and the next page refreshes), the refresh token for its lifetime.
pub fn session_cookies(config: &Config, pair: &TokenPair) -> [String; 2] {
    let refresh_days = i64::try_from(config.auth.refresh_token_ttl_days).unwrap_or(30);
    [
        set_cookie(config, ACCESS_COOKIE, &pair.access_token, pair.expires_in),
        set_cookie(
            config,
            REFRESH_COOKIE,
            &pair.refresh_token,
            refresh_days * 86_400,
        ),
    ]
}

/// The `Set-Cookie` values that end the session in the browser.
pub fn cleared_cookies(config: &Config) -> [String; 2] {
    [
        set_cookie(config, ACCESS_COOKIE, "", 0),
        set_cookie(config, REFRESH_COOKIE, "", 0),
    ]
}

/// Adds `cookies` to `response`.
pub fn with_cookies(mut response: Response, cookies: impl IntoIterator<Item = String>) -> Response {
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

/// Whether `response` sets one of the session cookies itself (log in, log out, password
/// change): then it decides, not the sliding refresh.
fn sets_session(response: &Response) -> bool {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.starts_with(&format!("{ACCESS_COOKIE}="))
                || v.starts_with(&format!("{REFRESH_COOKIE}="))
        })
}

/// Rewrites the request's cookies so that the handlers see `pair` as the session (or none).
fn replace_session(headers: &mut HeaderMap, pair: Option<&TokenPair>) {
    let mut kept: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|c| {
            !c.is_empty()
                && !c.starts_with(&format!("{ACCESS_COOKIE}="))
                && !c.starts_with(&format!("{REFRESH_COOKIE}="))
        })
        .map(str::to_owned)
        .collect();
    if let Some(pair) = pair {
        kept.push(format!("{ACCESS_COOKIE}={}", pair.access_token));
        kept.push(format!("{REFRESH_COOKIE}={}", pair.refresh_token));
    }
    headers.remove(header::COOKIE);
    if !kept.is_empty()
        && let Ok(v) = HeaderValue::from_str(&kept.join("; "))
    {
        headers.insert(header::COOKIE, v);
    }
}

/// Middleware: renews the session of a page request whose access cookie has run out, using its
/// refresh cookie; the new cookies go out with the response. A refresh token that is refused
/// (spent, expired, revoked) ends the session in the browser; a refusal for the moment (rate
/// limit, database away) leaves the cookies for the next request.
pub async fn sliding_refresh(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if !wants_html(req.uri().path(), req.headers()) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let Some(refresh) = cookie(headers, REFRESH_COOKIE)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
    else {
        return next.run(req).await;
    };
    let access_valid =
        cookie(headers, ACCESS_COOKIE).is_some_and(|t| state.jwt.verify(t).is_some());
    if access_valid {
        return next.run(req).await;
    }
    let ip = ClientIp::of(&state, req.headers(), req.extensions());
    let cookies: Vec<String> = match session::rotate(&state, &ip.0, &refresh).await {
        Ok(pair) => {
            replace_session(req.headers_mut(), Some(&pair));
            session_cookies(&state.config, &pair).into()
        }
        Err(AppError::Unauthorized(_)) => {
            replace_session(req.headers_mut(), None);
            cleared_cookies(&state.config).into()
        }
        Err(e) => {
            tracing::warn!(error = %e, "the page session could not be renewed now");
            replace_session(req.headers_mut(), None);
            Vec::new()
        }
    };
    let response = next.run(req).await;
    if sets_session(&response) {
        return response;
    }
    with_cookies(response, cookies)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(public_url: &str) -> Config {
        let mut config = Config::from_toml("").expect("config");
        config.http.public_url = public_url.parse().expect("url");
        config
    }

    #[test]
    fn session_cookies_are_http_only_lax_and_secure_over_https() {
        let pair = TokenPair {
            access_token: "a.b.c".into(),
            token_type: "Bearer",
            expires_in: 900,
            refresh_token: "r".into(),
        };
        let [access, refresh] = session_cookies(&config("https://bymidter.dk"), &pair);
        assert_eq!(
            access,
            "bymidter_access=a.b.c; Path=/; Max-Age=900; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(refresh.starts_with("bymidter_refresh=r; Path=/; Max-Age=2592000; HttpOnly"));
        let [access, _] = session_cookies(&config("http://127.0.0.1:8080"), &pair);
        assert!(!access.contains("Secure"));
        let [gone, _] = cleared_cookies(&config("http://127.0.0.1:8080"));
        assert!(gone.starts_with("bymidter_access=; Path=/; Max-Age=0;"));
    }

    #[test]
    fn the_request_carries_the_renewed_session_and_keeps_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("lang=en; bymidter_access=old; bymidter_refresh=spent"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("bymidter_csrf=n"));
        let pair = TokenPair {
            access_token: "new".into(),
            token_type: "Bearer",
            expires_in: 900,
            refresh_token: "fresh".into(),
        };
        replace_session(&mut headers, Some(&pair));
        assert_eq!(
            headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
            Some("lang=en; bymidter_csrf=n; bymidter_access=new; bymidter_refresh=fresh")
        );
        replace_session(&mut headers, None);
        assert_eq!(
            headers.get(header::COOKIE).and_then(|v| v.to_str().ok()),
            Some("lang=en; bymidter_csrf=n")
        );
    }
}
