//! Every route, taken from the API document and the page table: what an attacker who walks
//! them all with no token, a forged token or a refresh token gets, and the headers every answer
//! carries.

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Reply, TestApp, TestBackend, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    every_operation_that_needs_a_login_refuses_a_missing_or_forged_token,
    every_route_answers_with_the_security_headers,
);

/// The pages of the README's tables, with made-up identifiers where they take one.
const PAGES: [&str; 33] = [
    "/",
    "/samarbejder",
    "/samarbejder/ingen/ingen",
    "/samarbejder/ingen/ingen/historik",
    "/udbredelse",
    "/udbredelse/P1",
    "/aabne-data",
    "/admin/moderering",
    "/anbefalinger",
    "/anbefalinger/P1",
    "/vaerktoejer",
    "/temaer",
    "/kommuner",
    "/kommuner/329",
    "/regioner",
    "/regioner/1085",
    "/sprog",
    "/api/docs",
    "/opret-konto",
    "/opret-konto/tjek-din-email",
    "/opret-konto/nyt-link",
    "/verify-email?token=x",
    "/log-ind",
    "/glemt-adgangskode",
    "/reset-password?token=x",
    "/min-side",
    "/invitations/accept?token=x",
    "/organisationer/ny",
    "/organisationer/ingen",
    "/admin",
    "/admin/e-mails",
    "/unsubscribe?token=x",
    "/static/site.css",
];

/// Every operation in `/api/openapi.json`: method, path with its parameters filled in, and
/// whether it declares a login.
async fn operations(app: &TestApp) -> Vec<(Method, String, bool)> {
    let doc = app.get("/api/openapi.json").await.json();
    let mut out = Vec::new();
    let paths = doc["paths"].as_object().expect("paths");
    for (template, ops) in paths {
        let path = fill(template);
        for (method, op) in ops.as_object().expect("operations") {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            out.push((method, path.clone(), secured));
        }
    }
    assert!(out.len() > 50, "the document lists the API: {}", out.len());
    out
}

/// A path template with made-up values for its parameters.
fn fill(template: &str) -> String {
    let mut path = String::new();
    for segment in template.split('/').skip(1) {
        path.push('/');
        match segment {
            "{code}" => path.push_str("P1"),
            "{slug}" => path.push_str("ingen"),
            "{kind}" => path.push_str("comment"),
            s if s.starts_with('{') => path.push_str(&uuid::Uuid::now_v7().to_string()),
            s => path.push_str(s),
        }
    }
    path
}

async fn send(app: &TestApp, method: &Method, path: &str, token: Option<&str>) -> Reply {
    let body = (*method != Method::GET && *method != Method::DELETE).then(|| json!({}));
    app.call(method.clone(), path, token, body.as_ref(), &[])
        .await
}

async fn every_operation_that_needs_a_login_refuses_a_missing_or_forged_token(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let user = app.signup("angriber@odense.dk", "Angriber").await;
    let now = chrono::Utc::now().timestamp();
    let forged = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &json!({
            "iss": "bymidter", "aud": "bymidter-api", "sub": user.id,
            "exp": now + 600, "iat": now, "jti": uuid::Uuid::now_v7(),
        }),
        &EncodingKey::from_secret(b"not-the-service-key-not-the-service-key"),
    )
    .expect("encode");
    let tokens: [(&str, Option<&str>); 3] = [
        ("no token", None),
        ("a token signed with another key", Some(&forged)),
        (
            "the refresh token as an access token",
            Some(&user.refresh_token),
        ),
    ];
    let mut checked = 0;
    for (method, path, secured) in operations(&app).await {
        for (what, token) in &tokens {
            let reply = send(&app, &method, &path, *token).await;
            assert!(
                !reply.status.is_server_error(),
                "{method} {path} with {what}: {} {}",
                reply.status,
                reply.text
            );
            if secured {
                assert_eq!(
                    reply.status,
                    StatusCode::UNAUTHORIZED,
                    "{method} {path} with {what}: {}",
                    reply.text
                );
                assert_eq!(
                    reply.header("content-type"),
                    Some("application/problem+json"),
                    "{method} {path}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked}");
}

fn assert_security_headers(what: &str, reply: &Reply) {
    assert_eq!(
        reply.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        reply.header("referrer-policy"),
        Some("same-origin"),
        "{what}"
    );
    assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{what}");
    let csp = reply.header("content-security-policy").unwrap_or_default();
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(reply.header("x-request-id").is_some(), "{what}");
}

async fn every_route_answers_with_the_security_headers(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let user = app.signup("vagt@aarhus.dk", "Vagt").await;
    let mut checked = 0;
    for (method, path, _) in operations(&app).await {
        for token in [None, Some(user.token.as_str())] {
            let reply = send(&app, &method, &path, token).await;
            let what = format!(
                "{method} {path} {}: {}",
                if token.is_some() { "with a token" } else { "" },
                reply.status
            );
            assert_security_headers(&what, &reply);
            checked += 1;
        }
    }
    for page in PAGES {
        for token in [None, Some(user.token.as_str())] {
            let reply = app
                .call(
                    Method::GET,
                    page,
                    token,
                    None,
                    &[("accept", crate::helpers::BROWSER_ACCEPT)],
                )
                .await;
            assert!(!reply.status.is_server_error(), "{page}: {}", reply.status);
            assert_security_headers(&format!("GET {page}: {}", reply.status), &reply);
            checked += 1;
        }
    }
    // A form sent without its CSRF token is refused, with the same headers.
    let reply = app
        .client
        .post(app.url("/log-ind"))
        .form(&[("email", "vagt@aarhus.dk"), ("password", "forkert")])
        .send()
        .await
        .expect("sent");
    let reply = Reply {
        status: reply.status(),
        headers: reply.headers().clone(),
        text: String::new(),
    };
    assert!(reply.status.is_client_error(), "{}", reply.status);
    assert_security_headers("POST /log-ind without CSRF", &reply);
    assert!(checked > 200, "{checked}");
}
