//! The operator's command line, run as the real binary against the test's database.

use reqwest::StatusCode;

use crate::helpers::{TestApp, TestBackend, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    an_operator_grants_and_revokes_platform_roles_from_the_command_line,
    an_operator_imports_collaborations_from_csv_all_or_nothing,
);

/// Runs `bymidter ARGS` on the app's database; answers its standard output, or panics with
/// its standard error when it fails.
pub async fn bymidter(app: &TestApp, args: &[&str]) -> String {
    let (ok, out, err) = try_bymidter(app, args).await;
    assert!(ok, "bymidter {args:?} failed: {err}");
    out
}

/// Runs `bymidter ARGS`; answers (success, stdout, stderr).
pub async fn try_bymidter(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    use secrecy::ExposeSecret;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("bymidter.toml");
    let settings = format!(
        "database_url = \"{}\"\ndata_dir = \"{}\"\n[log]\nlevel = \"warn\"\n",
        app.state.config.database_url.expose_secret(),
        dir.path().display()
    );
    std::fs::write(&config, settings).expect("config file");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_bymidter"))
        .arg("--config")
        .arg(&config)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("BYMIDTER_CONFIG")
        .output()
        .await
        .expect("bymidter runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

async fn an_operator_grants_and_revokes_platform_roles_from_the_command_line(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let first = app.signup("drift@bymidter.dk", "Drift").await;
    let role = |token: String| {
        let app = &app;
        async move { app.get_as("/api/v1/me", &token).await.json()["platform_role"].clone() }
    };
    assert_eq!(role(first.token.clone()).await, "none");
    assert_eq!(
        app.get_as("/api/v1/admin/outbox", &first.token)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // The first admin is made the same way as any other.
    let out = bymidter(&app, &["user", "grant", "admin", "Drift@Bymidter.dk"]).await;
    assert!(out.contains("admin granted"), "{out}");
    assert_eq!(role(first.token.clone()).await, "admin");
    assert_eq!(
        app.get_as("/api/v1/admin/outbox", &first.token)
            .await
            .status,
        StatusCode::OK
    );

    let analyst = app.signup("analytiker@sm.dk", "Analytiker").await;
    bymidter(&app, &["user", "grant", "analyst", "analytiker@sm.dk"]).await;
    assert_eq!(role(analyst.token.clone()).await, "analyst");
    // Revoking a role the account does not have changes nothing.
    let out = bymidter(&app, &["user", "revoke", "admin", "analytiker@sm.dk"]).await;
    assert!(out.contains("nothing to change"), "{out}");
    assert_eq!(role(analyst.token.clone()).await, "analyst");
    bymidter(&app, &["user", "revoke", "analyst", "analytiker@sm.dk"]).await;
    assert_eq!(role(analyst.token.clone()).await, "none");

    let (ok, _, err) = try_bymidter(&app, &["user", "grant", "admin", "ingen@bymidter.dk"]).await;
    assert!(!ok);
    assert!(err.contains("must register first"), "{err}");
    let (ok, _, err) = try_bymidter(&app, &["user", "grant", "king", "drift@bymidter.dk"]).await;
    assert!(!ok);
    assert!(err.contains("admin") && err.contains("analyst"), "{err}");
    assert_eq!(role(first.token.clone()).await, "admin");
}

async fn an_operator_imports_collaborations_from_csv_all_or_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = crate::registry::partnership(&app, "ejer@faxe.dk", "Faxe Handel").await;
    let dir = tempfile::tempdir().expect("dir");
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("csv");
        path.display().to_string()
    };
    let good = write(
        "good.csv",
        "title,summary,municipality_code,town,organisation_model,themes,visibility\n\
         Bysamarbejdet i Faxe,Handel og kommune,320,Faxe,informal_public,2;5,public\n",
    );
    let bad = write(
        "bad.csv",
        "title,summary,municipality_code,town,organisation_model,themes,visibility\n\
         Godt,Fint,320,Faxe,informal_public,2,public\n\
         Forkert,Kode findes ikke,9999,Faxe,informal_public,2,public\n",
    );
    let listing = format!("/api/v1/collaborations?organization={}", p.org);
    let count = |v: serde_json::Value| v["items"].as_array().map_or(0, Vec::len);

    let (ok, _, err) = try_bymidter(
        &app,
        &["import", "collaborations", "--organization", &p.org, &bad],
    )
    .await;
    assert!(!ok, "a bad row fails the import");
    assert!(err.contains("line 3, municipality_code"), "{err}");
    assert_eq!(
        count(app.get_as(&listing, &p.owner.token).await.json()),
        0,
        "nothing saved"
    );

    let out = bymidter(
        &app,
        &[
            "import",
            "collaborations",
            "--organization",
            &p.org,
            "--dry-run",
            &good,
        ],
    )
    .await;
    assert!(out.contains("1 row(s) checked"), "{out}");
    assert_eq!(
        count(app.get_as(&listing, &p.owner.token).await.json()),
        0,
        "a dry run saves nothing"
    );

    let out = bymidter(
        &app,
        &["import", "collaborations", "--organization", &p.org, &good],
    )
    .await;
    assert!(out.contains("1 collaboration(s) imported"), "{out}");
    let listed = app.get_as(&listing, &p.owner.token).await.json();
    assert_eq!(listed["items"][0]["title"], "Bysamarbejdet i Faxe");
    assert_eq!(listed["items"][0]["state"], "draft");
}
