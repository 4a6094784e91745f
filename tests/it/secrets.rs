//! Secrets never reach the logs: the real binary, started with a canary value for every secret
//! and debug logging, goes through registration, logins right and wrong, token refresh and
//! reuse, forged tokens, a password reset and an SMTP server that refuses it; then everything
//! it wrote, and what `config check` prints, is searched for the canaries.

use std::process::Stdio;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ScratchDatabase, SmtpSink, TestBackend};
use crate::on_both_backends;

on_both_backends!(canary_secrets_never_appear_in_the_logs);

const JWT_SECRET: &str = "canary-jwt-7f3a9c1e-canary-jwt-7f3a9c1e-canary";
const SMTP_PASSWORD: &str = "canary-smtp-5b2d8e";
const DB_PASSWORD: &str = "canary-db-9e4f1a";
const USER_PASSWORD: &str = "canary user password 4c8e";
const WRONG_PASSWORD: &str = "canary wrong password 1d7b";

struct Binary {
    env: Vec<(String, String)>,
    base: String,
}

impl Binary {
    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bymidter"));
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }
}

async fn post(client: &reqwest::Client, url: String, body: Value) -> reqwest::Response {
    client.post(url).json(&body).send().await.expect("sent")
}

async fn canary_secrets_never_appear_in_the_logs(backend: TestBackend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let smtp = SmtpSink::start();
    let (database_url, pg) = match backend {
        TestBackend::Sqlite => (format!("sqlite://{}/canary.db", dir.path().display()), None),
        TestBackend::Postgres => {
            let scratch = ScratchDatabase::create().await;
            // Trust authentication on the test server ignores the password, so it can be a
            // canary.
            let mut url = url::Url::parse(&scratch.url).expect("url");
            url.set_password(Some(DB_PASSWORD)).expect("password");
            (url.to_string(), Some(scratch))
        }
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let pairs = [
        ("DATABASE_URL", database_url.as_str()),
        ("BYMIDTER__DATA_DIR", &dir.path().display().to_string()),
        ("BYMIDTER__HTTP__ADDR", &format!("127.0.0.1:{port}")),
        ("BYMIDTER__HTTP__PUBLIC_URL", &base),
        ("BYMIDTER__AUTH__JWT_SECRET", JWT_SECRET),
        ("BYMIDTER__AUTH__MIN_RESPONSE_MS", "0"),
        ("BYMIDTER__MAIL__TRANSPORT", "smtp"),
        ("BYMIDTER__MAIL__SMTP_HOST", "127.0.0.1"),
        ("BYMIDTER__MAIL__SMTP_PORT", &smtp.port.to_string()),
        ("BYMIDTER__MAIL__SMTP_TLS", "none"),
        ("BYMIDTER__MAIL__SMTP_USERNAME", "bymidter"),
        ("BYMIDTER__MAIL__SMTP_PASSWORD", SMTP_PASSWORD),
        ("BYMIDTER__OUTBOX__POLL_INTERVAL_MS", "100"),
        ("BYMIDTER__OUTBOX__RETRY_BASE_SECS", "1"),
        ("BYMIDTER__LOG__LEVEL", "debug"),
    ];
    let binary = Binary {
        env: pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        base,
    };
    let log_path = dir.path().join("service.log");
    let log = std::fs::File::create(&log_path).expect("log file");
    let mut child = binary
        .command(&["serve"])
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .expect("start bymidter");

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let url = |path: &str| format!("{}{path}", binary.base);
    let mut ready = false;
    for _ in 0..600 {
        if client
            .get(url("/ready"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        ready,
        "bymidter did not start:\n{}",
        std::fs::read_to_string(&log_path).unwrap_or_default()
    );

    let email = "kanariefugl@roskilde.dk";
    let registered = post(
        &client,
        url("/api/v1/auth/register"),
        json!({"email": email, "password": USER_PASSWORD, "name": "Kanariefugl"}),
    )
    .await;
    assert_eq!(registered.status(), StatusCode::ACCEPTED);
    let wrong = post(
        &client,
        url("/api/v1/auth/login"),
        json!({"email": email, "password": WRONG_PASSWORD}),
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let login: Value = post(
        &client,
        url("/api/v1/auth/login"),
        json!({"email": email, "password": USER_PASSWORD}),
    )
    .await
    .json()
    .await
    .expect("tokens");
    let access = login["access_token"].as_str().expect("access").to_owned();
    let refresh = login["refresh_token"].as_str().expect("refresh").to_owned();
    let me = client
        .get(url("/api/v1/me"))
        .bearer_auth(&access)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::OK);
    let forged = format!("{}x", &access[..access.len() - 1]);
    let refused = client
        .get(url("/api/v1/me"))
        .bearer_auth(&forged)
        .send()
        .await
        .expect("me");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let renewed: Value = post(
        &client,
        url("/api/v1/auth/refresh"),
        json!({"refresh_token": refresh}),
    )
    .await
    .json()
    .await
    .expect("renewed");
    let second_refresh = renewed["refresh_token"].as_str().unwrap_or_default();
    let reused = post(
        &client,
        url("/api/v1/auth/refresh"),
        json!({"refresh_token": refresh}),
    )
    .await;
    assert_eq!(reused.status(), StatusCode::UNAUTHORIZED);
    let reset = post(
        &client,
        url("/api/v1/auth/password-reset"),
        json!({"email": email}),
    )
    .await;
    assert_eq!(reset.status(), StatusCode::ACCEPTED);
    let form = client
        .post(url("/log-ind"))
        .form(&[("email", email), ("password", USER_PASSWORD)])
        .send()
        .await
        .expect("form");
    assert!(!form.status().is_server_error());
    // The SMTP server offers no authentication, so every attempt fails and is logged; give the
    // worker a few rounds.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let check = binary
        .command(&["config", "check"])
        .stdin(Stdio::null())
        .output()
        .expect("config check");

    let _ = std::process::Command::new("kill")
        .args(["-s", "TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    drop(pg);

    let logged = std::fs::read_to_string(&log_path).expect("log");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        logged.contains("email not sent"),
        "the failing SMTP was logged:\n{logged}"
    );
    assert!(printed.contains("[redacted]"), "{printed}");
    for (name, secret) in [
        ("the JWT key", JWT_SECRET),
        ("the SMTP password", SMTP_PASSWORD),
        ("the database password", DB_PASSWORD),
        ("a user's password", USER_PASSWORD),
        ("a wrong password", WRONG_PASSWORD),
        ("an access token", access.as_str()),
        ("a forged token", forged.as_str()),
        ("a refresh token", refresh.as_str()),
        ("a renewed refresh token", second_refresh),
    ] {
        assert!(!secret.is_empty(), "{name}");
        assert!(!logged.contains(secret), "{name} is in the log");
        assert!(!printed.contains(secret), "{name} is in `config check`");
    }
}
