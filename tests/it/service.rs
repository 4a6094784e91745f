//! The service answers: health, readiness, errors as problems, headers, the API document.

use reqwest::{Method, StatusCode};

use crate::helpers::{TestBackend, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    health_and_readiness_answer_and_readiness_follows_the_database,
    every_response_carries_the_security_headers,
    errors_are_problems_in_the_callers_language,
    the_api_is_documented_from_the_code,
);

async fn health_and_readiness_answer_and_readiness_follows_the_database(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let health = app.get("/health").await;
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.json(), serde_json::json!({"status": "ok"}));
    assert_eq!(app.get("/ready").await.status, StatusCode::OK);

    // The database goes away: readiness says so, liveness does not.
    app.state.store.close().await;
    let ready = app.get("/ready").await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        ready.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(app.get("/health").await.status, StatusCode::OK);
}

async fn every_response_carries_the_security_headers(backend: TestBackend) {
    let app = spawn_app(backend).await;
    for path in [
        "/health",
        "/api/v1/recommendations",
        "/no/such/page",
        "/api/docs",
    ] {
        let reply = app.get(path).await;
        assert_eq!(
            reply.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            reply.header("referrer-policy"),
            Some("same-origin"),
            "{path}"
        );
        assert_eq!(reply.header("x-frame-options"), Some("DENY"), "{path}");
        let csp = reply.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(reply.header("x-request-id").is_some(), "{path}");
        // Served over plain http here, so no HSTS.
        assert!(
            reply.header("strict-transport-security").is_none(),
            "{path}"
        );
    }
}

async fn errors_are_problems_in_the_callers_language(backend: TestBackend) {
    let app = spawn_app(backend).await;

    let missing = app.get("/api/v1/nothing-here").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.header("content-type"),
        Some("application/problem+json")
    );
    let body = missing.json();
    assert_eq!(body["status"], 404);
    assert_eq!(body["title"], "Ikke fundet");
    assert!(
        body["type"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/problems/not-found")
    );

    let english = app
        .get_with(
            "/api/v1/nothing-here",
            &[("accept-language", "en-GB,en;q=0.9")],
        )
        .await;
    assert_eq!(english.json()["title"], "Not found");

    let wrong_method = app.call(Method::DELETE, "/health", None, None, &[]).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.header("allow"), Some("GET,HEAD"));
    assert_eq!(wrong_method.json()["status"], 405);

    // A body over a small limit, small enough to be written whole before the answer comes
    // (a large one can meet a closed connection while still being sent).
    let small_limit = spawn_app_with(backend, "[http]\nbody_limit_bytes = 1024").await;
    let huge = "x".repeat(4096);
    let too_large = small_limit
        .client
        .post(small_limit.url("/api/v1/recommendations"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("sent");
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        too_large
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
}

async fn the_api_is_documented_from_the_code(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let doc = app.get("/api/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.1")
    );
    assert!(doc["paths"]["/api/v1/recommendations/{code}"]["get"].is_object());
    // The catalogue's codes are named where a parameter or a field takes one.
    let values = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|c| c.as_str().unwrap_or("null").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let params = &doc["paths"]["/api/v1/collaborations"]["get"]["parameters"];
    let param = |name: &str| {
        let found = params
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["name"] == name));
        values(&found.expect("the parameter is documented")["schema"]["enum"])
    };
    let municipalities = param("municipality");
    assert_eq!(municipalities.len(), 98);
    assert!(municipalities.contains(&"370".to_owned()));
    assert_eq!(param("region").len(), 5);
    assert!(param("recommendation").contains(&"P3".to_owned()));
    let schemas = &doc["components"]["schemas"];
    let themes = values(&schemas["NewCollaboration"]["properties"]["themes"]["items"]["enum"]);
    assert!(!themes.is_empty() && themes.iter().all(|t| !t.is_empty()));
    let saved = values(&schemas["NewSavedSearch"]["properties"]["municipality"]["enum"]);
    assert_eq!(saved.len(), 99, "the 98 codes and null");
    let peers = &doc["paths"]["/api/v1/municipalities/{code}/peers"]["get"]["parameters"][0];
    assert_eq!(values(&peers["schema"]["enum"]), municipalities);

    let page = app
        .get_with("/api/docs", &[("accept-language", "da")])
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<html lang=\"da\">"));
    assert!(page.text.contains("/api/v1/recommendations/{code}"));
    for attribute in ["src=\"", "href=\""] {
        for link in page.text.split(attribute).skip(1) {
            let own = link.starts_with(&app.base);
            assert!(
                own || (!link.starts_with("http") && !link.starts_with("//")),
                "the reference page loads nothing from elsewhere: {attribute}{}",
                &link[..link.len().min(60)]
            );
        }
    }
}

/// The contract clients build on: any change to it shows up here in review.
#[tokio::test]
async fn the_openapi_document_matches_its_snapshot() {
    let app = spawn_app(TestBackend::Sqlite).await;
    let doc = app.get("/api/openapi.json").await.json();
    insta::assert_json_snapshot!("openapi", doc);
}

/// Both migration trees carry the same versions, so both dialects mean the same schema.
#[test]
fn both_migration_trees_have_the_same_versions() {
    let versions = |dir: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations dir")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        v.sort();
        v
    };
    let sqlite = versions("migrations/sqlite");
    let postgres = versions("migrations/postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}
