//! Running bymidter in production: the operator watches it through /metrics, backs it up and
//! restores it, moves it from SQLite to PostgreSQL, and answers a person's request to see or
//! erase their data.

use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, ScratchDatabase, TestApp, TestBackend, postgres_enabled};
use crate::helpers::{spawn_app, spawn_app_with};
use crate::on_both_backends;
use crate::operators::{bymidter, try_bymidter};
use crate::registry::{naestved, partnership, register};

on_both_backends!(
    an_operator_watches_requests_outbox_and_pool_on_the_metrics_listener,
    a_person_gets_their_data_and_is_erased_while_the_organisation_keeps_its_records,
);

/// The value of the sample of `name` whose labels include every one of `labels`.
fn sample(scrape: &str, name: &str, labels: &[&str]) -> Option<f64> {
    scrape
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| {
            l.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
        })
        .find(|l| labels.iter().all(|want| l.contains(want)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

async fn an_operator_watches_requests_outbox_and_pool_on_the_metrics_listener(
    backend: TestBackend,
) {
    let app = spawn_app_with(backend, "[metrics]\naddr = \"127.0.0.1:0\"\n").await;
    let metrics = app.metrics.clone().expect("a metrics listener");
    for _ in 0..3 {
        assert_eq!(app.get("/health").await.status, StatusCode::OK);
    }
    let unknown = format!("/api/v1/collaborations/{}", uuid::Uuid::now_v7());
    assert_eq!(app.get(&unknown).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/no-such-page").await.status, StatusCode::NOT_FOUND);
    // A registration queues its verification email; the worker has not sent it yet.
    let registered = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "ny@faxe.dk", "password": PASSWORD, "name": "Ny"}),
        )
        .await;
    assert_eq!(registered.status, StatusCode::ACCEPTED);

    let reply = app
        .client
        .get(format!("{metrics}/metrics"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(reply.status(), StatusCode::OK);
    let content_type = reply
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let scrape = reply.text().await.expect("body");

    let requests = "bymidter_http_requests_total";
    assert!(
        sample(
            &scrape,
            requests,
            &["method=\"GET\"", "route=\"/health\"", "status=\"200\""]
        )
        .is_some_and(|n| n >= 3.0),
        "{scrape}"
    );
    // By the route's template, never the raw path.
    assert!(
        sample(
            &scrape,
            requests,
            &["route=\"/api/v1/collaborations/{id}\"", "status=\"404\""]
        )
        .is_some_and(|n| n >= 1.0),
        "{scrape}"
    );
    assert!(
        sample(
            &scrape,
            requests,
            &["route=\"unmatched\"", "status=\"404\""]
        )
        .is_some(),
        "{scrape}"
    );
    assert!(
        sample(
            &scrape,
            requests,
            &["route=\"/api/v1/auth/register\"", "status=\"202\""]
        )
        .is_some()
    );
    assert!(!scrape.contains(&unknown), "raw paths are not labels");
    assert!(scrape.contains("# TYPE bymidter_http_request_duration_seconds histogram"));
    assert!(
        sample(
            &scrape,
            "bymidter_http_request_duration_seconds_bucket",
            &["route=\"/health\"", "le=\"+Inf\""]
        )
        .is_some_and(|n| n >= 3.0),
        "{scrape}"
    );
    assert_eq!(sample(&scrape, "bymidter_outbox_pending", &[]), Some(1.0));
    assert_eq!(sample(&scrape, "bymidter_outbox_dead", &[]), Some(0.0));
    assert_eq!(sample(&scrape, "bymidter_database_up", &[]), Some(1.0));
    assert_eq!(
        sample(&scrape, "bymidter_db_pool_max_connections", &[]),
        Some(5.0)
    );
    assert!(sample(&scrape, "bymidter_db_pool_connections", &["state=\"idle\""]).is_some());
    assert!(
        sample(
            &scrape,
            "bymidter_db_pool_connections",
            &["state=\"in_use\""]
        )
        .is_some()
    );

    // Sent, the email leaves the count; the public side never shows the metrics.
    app.run_outbox_once().await;
    let scrape = app
        .client
        .get(format!("{metrics}/metrics"))
        .send()
        .await
        .expect("scrape")
        .text()
        .await
        .expect("body");
    assert_eq!(sample(&scrape, "bymidter_outbox_pending", &[]), Some(0.0));
    assert_eq!(app.get("/metrics").await.status, StatusCode::NOT_FOUND);
}

/// Publishes a collaboration of `p` with an experience; answers (collaboration, experience).
async fn published_with_experience(
    app: &TestApp,
    p: &crate::registry::Partnership,
    title: &str,
) -> (String, String) {
    let (id, _) = register(app, p, &naestved(title)).await;
    let base = format!("/api/v1/collaborations/{id}");
    let link = app
        .put_as(
            &format!("{base}/recommendations/P3"),
            &p.owner.token,
            &json!({"status": "planned", "note": "Vi samler ejendomsejerne."}),
        )
        .await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.text);
    let published = app
        .post_as(&format!("{base}/publish"), &p.owner.token, &json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    let experience = write_experience(app, &p.owner.token, &id, "Pop-up butikker").await;
    (id, experience)
}

async fn write_experience(app: &TestApp, token: &str, collaboration: &str, title: &str) -> String {
    let created = app
        .post_as(
            &format!("/api/v1/collaborations/{collaboration}/experiences"),
            token,
            &json!({
                "title": title,
                "body": "Vi lånte **tre tomme butikker** af ejerne i seks måneder.",
                "what_worked": "Ejerne sagde ja.",
                "themes": ["5"]
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json()["id"].as_str().expect("id").to_owned();
    let published = app
        .post_as(
            &format!("/api/v1/experiences/{id}/publish"),
            token,
            &json!({}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    id
}

async fn a_person_gets_their_data_and_is_erased_while_the_organisation_keeps_its_records(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (collaboration, _) = published_with_experience(&app, &p, "Bymidten i Næstved").await;
    let editor = app
        .invite_and_join(&p.owner, &p.org, "jonas@naestved.dk", "editor")
        .await;
    let written = write_experience(&app, &editor.token, &collaboration, "Julebelysning").await;
    let question = app
        .post_as(
            &format!("/api/v1/experiences/{written}/comments"),
            &editor.token,
            &json!({"body": "Hvem betalte strømmen?", "kind": "question"}),
        )
        .await;
    assert_eq!(question.status, StatusCode::CREATED, "{}", question.text);
    let followed = app
        .post_as(
            "/api/v1/me/follows",
            &editor.token,
            &json!({"target_type": "recommendation", "target_id": "P3"}),
        )
        .await;
    assert_eq!(followed.status, StatusCode::CREATED, "{}", followed.text);

    // Access: everything about the person, as JSON, and nothing secret.
    let out = bymidter(&app, &["user", "export", "Jonas@Naestved.dk"]).await;
    let export: Value = serde_json::from_str(&out).expect("the export is JSON");
    assert_eq!(export["account"]["email"], "jonas@naestved.dk");
    assert_eq!(export["memberships"][0]["organisation"], "Næstved Bymidte");
    assert_eq!(export["memberships"][0]["role"], "editor");
    assert_eq!(export["experiences"][0]["title"], "Julebelysning");
    assert_eq!(export["comments"][0]["body"], "Hvem betalte strømmen?");
    assert_eq!(export["follows"][0]["target_id"], "P3");
    assert!(export["sessions"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(export["notifications"].is_array());
    assert!(!out.contains("argon2"), "no password hash in an export");

    // The last owner cannot be erased until the organisation is handed over.
    let (ok, _, err) = try_bymidter(&app, &["user", "erase", "mette@naestved.dk"]).await;
    assert!(!ok);
    assert!(
        err.contains("last owner") && err.contains("Næstved Bymidte") && err.contains("owner"),
        "{err}"
    );
    assert_eq!(
        app.login("mette@naestved.dk", PASSWORD).await.status,
        StatusCode::OK
    );
    let (ok, _, err) = try_bymidter(&app, &["user", "erase", "ingen@naestved.dk"]).await;
    assert!(!ok);
    assert!(err.contains("no account has the email address"), "{err}");

    // Erasure: the person is gone, what they wrote stays with the organisation.
    let out = bymidter(&app, &["user", "erase", "jonas@naestved.dk"]).await;
    assert!(out.contains("erased"), "{out}");
    assert_eq!(
        app.login("jonas@naestved.dk", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get_as("/api/v1/me", &editor.token).await.status,
        StatusCode::UNAUTHORIZED,
        "their access token no longer works"
    );
    let experience = app.get(&format!("/api/v1/experiences/{written}")).await;
    assert_eq!(experience.status, StatusCode::OK, "{}", experience.text);
    assert_eq!(experience.json()["title"], "Julebelysning");
    assert_eq!(experience.json()["author_name"], "slettet bruger");
    let comments = app
        .get(&format!("/api/v1/experiences/{written}/comments"))
        .await;
    assert!(comments.text.contains("Hvem betalte strømmen?"));
    assert!(comments.text.contains("slettet bruger"));
    assert!(!comments.text.contains("jonas"));
    let members = app
        .get_as(
            &format!("/api/v1/organizations/{}/members", p.org),
            &p.owner.token,
        )
        .await;
    assert!(!members.text.contains("jonas"), "{}", members.text);
    assert_eq!(
        app.get(&format!("/api/v1/collaborations/{collaboration}"))
            .await
            .json()["title"],
        "Bymidten i Næstved"
    );
    let (ok, _, err) = try_bymidter(&app, &["user", "export", "jonas@naestved.dk"]).await;
    assert!(!ok);
    assert!(err.contains("no account"), "{err}");
    // The address is free again.
    let again = app.signup("jonas@naestved.dk", "Jonas igen").await;
    assert_eq!(again.name, "Jonas igen");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_taken_during_writes_restores_whole() {
    let app = spawn_app(TestBackend::Sqlite).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (first, _) = published_with_experience(&app, &p, "Bymidten i Næstved").await;

    // Editors keep writing while the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (base, token, org, stop) = (
            app.base.clone(),
            p.owner.token.clone(),
            p.org.clone(),
            stop.clone(),
        );
        let client = app.client.clone();
        tokio::spawn(async move {
            let mut written = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) || written < 5 {
                let reply = client
                    .post(format!("{base}/api/v1/organizations/{org}/collaborations"))
                    .bearer_auth(&token)
                    .json(&naestved(&format!("Samarbejde nummer {written}")))
                    .send()
                    .await
                    .expect("write");
                assert_eq!(reply.status(), StatusCode::CREATED);
                written += 1;
            }
            written
        })
    };
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("bymidter-backup.db");
    let target = file.display().to_string();
    let out = bymidter(&app, &["backup", &target]).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.expect("writer");
    assert!(out.contains("integrity_check: ok"), "{out}");
    let (ok, _, err) = try_bymidter(&app, &["backup", &target]).await;
    assert!(!ok);
    assert!(err.contains("exists already"), "{err}");

    // Restore: the service runs on the copy.
    let restored = spawn_app_with(
        TestBackend::Sqlite,
        &format!("database_url = \"sqlite://{target}\"\n"),
    )
    .await;
    let owner = restored.login_as("mette@naestved.dk").await;
    let collaboration = restored
        .get(&format!("/api/v1/collaborations/{first}"))
        .await;
    assert_eq!(collaboration.status, StatusCode::OK);
    assert_eq!(collaboration.json()["title"], "Bymidten i Næstved");
    let listed = restored
        .get_as(
            &format!("/api/v1/collaborations?organization={}&limit=100", p.org),
            &owner.token,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let kept = listed.json()["items"].as_array().map_or(0, Vec::len);
    assert!(
        (1..=written as usize + 1).contains(&kept),
        "{kept} of {written} kept"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_database_is_dumped_and_restored_with_pg_dump() {
    if !postgres_enabled() {
        return;
    }
    if std::process::Command::new("pg_dump")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: pg_dump is not installed");
        return;
    }
    let app = spawn_app(TestBackend::Postgres).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (id, _) = published_with_experience(&app, &p, "Bymidten i Næstved").await;
    let dir = tempfile::tempdir().expect("dir");
    let dump = dir.path().join("bymidter.dump");

    let (ok, _, err) = try_bymidter(&app, &["backup", "/tmp/never-written.db"]).await;
    assert!(!ok);
    assert!(err.contains("pg_dump"), "{err}");

    // The procedure in the README.
    let url = app.state.config.database_url.expose_secret().to_owned();
    let dumped = tokio::process::Command::new("pg_dump")
        .args(["--format=custom", "--file"])
        .arg(&dump)
        .arg(&url)
        .output()
        .await
        .expect("pg_dump runs");
    assert!(
        dumped.status.success(),
        "{}",
        String::from_utf8_lossy(&dumped.stderr)
    );
    let fresh = ScratchDatabase::create().await;
    let restored = tokio::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&fresh.url)
        .arg(&dump)
        .output()
        .await
        .expect("pg_restore runs");
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );

    let back = spawn_app_with(
        TestBackend::Sqlite,
        &format!("database_url = \"{}\"\n", fresh.url),
    )
    .await;
    back.login_as("mette@naestved.dk").await;
    let collaboration = back.get(&format!("/api/v1/collaborations/{id}")).await;
    assert_eq!(collaboration.status, StatusCode::OK);
    assert_eq!(collaboration.json()["title"], "Bymidten i Næstved");
    let experiences = back
        .get(&format!("/api/v1/collaborations/{id}/experiences"))
        .await;
    assert!(experiences.text.contains("Pop-up butikker"));
    drop(back);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everything_moves_from_sqlite_to_postgres_verified_by_counts_and_checksums() {
    if !postgres_enabled() {
        return;
    }
    let app = spawn_app(TestBackend::Sqlite).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (id, experience) = published_with_experience(&app, &p, "Bymidten i Næstved").await;
    let planner = app.signup("planlaegger@faxe.dk", "Planlægger").await;
    for (kind, target) in [("recommendation", "P3"), ("organization", p.org.as_str())] {
        let reply = app
            .post_as(
                "/api/v1/me/follows",
                &planner.token,
                &json!({"target_type": kind, "target_id": target}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }
    let question = app
        .post_as(
            &format!("/api/v1/experiences/{experience}/comments"),
            &planner.token,
            &json!({"body": "Hvad betalte I i forbrug?", "kind": "question"}),
        )
        .await;
    assert_eq!(question.status, StatusCode::CREATED, "{}", question.text);
    let before = app
        .get(&format!("/api/v1/collaborations/{id}"))
        .await
        .json();
    let sqlite = app.state.config.database_url.expose_secret().to_owned();

    let target = ScratchDatabase::create().await;
    let out = bymidter(
        &app,
        &["migrate-data", "--from", &sqlite, "--to", &target.url],
    )
    .await;
    assert!(
        out.contains("counts and checksums match the source"),
        "{out}"
    );
    for table in [
        "users",
        "organisations",
        "collaborations",
        "experiences",
        "follows",
        "outbox",
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(table) && !l.contains(" 0 rows")),
            "{table} copied: {out}"
        );
    }
    // A target with data is refused, unless the operator says to replace it.
    let (ok, _, err) = try_bymidter(
        &app,
        &["migrate-data", "--from", &sqlite, "--to", &target.url],
    )
    .await;
    assert!(!ok);
    assert!(
        err.contains("not empty") && err.contains("--replace"),
        "{err}"
    );
    let (ok, _, err) = try_bymidter(
        &app,
        &["migrate-data", "--from", &target.url, "--to", &target.url],
    )
    .await;
    assert!(!ok);
    assert!(err.contains("--from must be a sqlite"), "{err}");
    bymidter(
        &app,
        &[
            "migrate-data",
            "--from",
            &sqlite,
            "--to",
            &target.url,
            "--replace",
        ],
    )
    .await;

    // The service on PostgreSQL serves the same data.
    let moved = spawn_app_with(
        TestBackend::Sqlite,
        &format!("database_url = \"{}\"\n", target.url),
    )
    .await;
    let after = moved.get(&format!("/api/v1/collaborations/{id}")).await;
    assert_eq!(after.status, StatusCode::OK, "{}", after.text);
    let after = after.json();
    for field in [
        "title",
        "slug",
        "state",
        "version",
        "themes",
        "fee_bases",
        "contact",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
    let links = |c: &Value| {
        c["recommendations"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|r| (r["code"].to_string(), r["status"].to_string()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert_eq!(links(&after), links(&before));
    assert!(!links(&after).is_empty());
    let planner = moved.login_as("planlaegger@faxe.dk").await;
    let follows = moved.get_as("/api/v1/me/follows", &planner.token).await;
    assert_eq!(follows.json().as_array().map(Vec::len), Some(2));
    let comments = moved
        .get(&format!("/api/v1/experiences/{experience}/comments"))
        .await;
    assert!(comments.text.contains("Hvad betalte I i forbrug?"));
    assert!(comments.text.contains("Planlægger"));
    let found = moved.get("/api/v1/search?q=tomme%20butikker").await;
    assert!(found.text.contains("Bymidten i Næstved"), "{}", found.text);
    moved.login_as("mette@naestved.dk").await;
}
