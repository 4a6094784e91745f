//! What an attacker tries: forged access tokens, guessing passwords, probing which addresses
//! have accounts.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, TestBackend, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    access_tokens_that_are_forged_expired_or_incomplete_are_refused,
    too_many_attempts_answer_429_with_retry_after,
    the_client_address_comes_from_the_proxy_only_when_trusted,
    known_and_unknown_addresses_get_the_same_answer_in_the_same_time,
);

fn sign(alg: Algorithm, key: &[u8], claims: &Value) -> String {
    jsonwebtoken::encode(&Header::new(alg), claims, &EncodingKey::from_secret(key)).expect("encode")
}

async fn access_tokens_that_are_forged_expired_or_incomplete_are_refused(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let user = app.signup("sikker@viborg.dk", "Sikker").await;
    let key = app
        .state
        .config
        .auth
        .jwt_secret
        .expose_secret()
        .as_bytes()
        .to_vec();
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "iss": "bymidter", "aud": "bymidter-api", "sub": user.id,
        "exp": now + 600, "iat": now, "jti": uuid::Uuid::now_v7(),
    });
    let with = |change: &dyn Fn(&mut Value)| {
        let mut c = claims.clone();
        change(&mut c);
        c
    };
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );

    let valid = sign(Algorithm::HS256, &key, &claims);
    assert_eq!(
        app.get_as("/api/v1/me", &valid).await.status,
        StatusCode::OK
    );

    let cases: Vec<(&str, String)> = vec![
        ("alg none", unsigned),
        ("HS512", sign(Algorithm::HS512, &key, &claims)),
        ("HS384", sign(Algorithm::HS384, &key, &claims)),
        ("another key", sign(Algorithm::HS256, &[7u8; 32], &claims)),
        (
            "wrong audience",
            sign(
                Algorithm::HS256,
                &key,
                &with(&|c| c["aud"] = json!("someone-else")),
            ),
        ),
        (
            "wrong issuer",
            sign(Algorithm::HS256, &key, &with(&|c| c["iss"] = json!("evil"))),
        ),
        (
            "expired",
            sign(
                Algorithm::HS256,
                &key,
                &with(&|c| {
                    c["exp"] = json!(now - 120);
                    c["iat"] = json!(now - 1000);
                }),
            ),
        ),
        (
            "issued in the future",
            sign(
                Algorithm::HS256,
                &key,
                &with(&|c| c["iat"] = json!(now + 3600)),
            ),
        ),
        (
            "unknown user",
            sign(
                Algorithm::HS256,
                &key,
                &with(&|c| c["sub"] = json!(uuid::Uuid::now_v7())),
            ),
        ),
        (
            "not a uuid",
            sign(
                Algorithm::HS256,
                &key,
                &with(&|c| c["sub"] = json!("admin")),
            ),
        ),
        ("garbage", "not.a.token".to_owned()),
        ("tampered", format!("{}x", &valid[..valid.len() - 1])),
    ];
    let mut cases = cases;
    for missing in ["iss", "aud", "sub", "exp", "iat", "jti"] {
        let token = sign(
            Algorithm::HS256,
            &key,
            &with(&|c| {
                if let Some(o) = c.as_object_mut() {
                    o.remove(missing);
                }
            }),
        );
        cases.push((missing, token));
    }
    for (name, token) in cases {
        let reply = app.get_as("/api/v1/me", &token).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json"),
            "{name}"
        );
        assert_eq!(reply.header("www-authenticate"), Some("Bearer"), "{name}");
    }
}

async fn too_many_attempts_answer_429_with_retry_after(backend: TestBackend) {
    let app = spawn_app_with(
        backend,
        "[rate_limits]\nper_ip = 1000\nper_account = 3\nwindow_secs = 600\n",
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            app.login("gaet@holbaek.dk", "forkert").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let limited = app.login("Gaet@Holbaek.dk", "forkert").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        limited.header("content-type"),
        Some("application/problem+json")
    );
    let retry: u64 = limited
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=600).contains(&retry), "{retry}");
    // Further attempts in the window are refused as well, with the same end of the window.
    for _ in 0..3 {
        let again = app.login("gaet@holbaek.dk", "forkert").await;
        assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = again
            .header("retry-after")
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert!(wait <= retry && wait + 5 >= retry, "{wait} vs {retry}");
    }
    // Another account is not held up by it.
    assert_eq!(
        app.login("anden@holbaek.dk", "forkert").await.status,
        StatusCode::UNAUTHORIZED
    );

    let endpoints = [
        (
            "/api/v1/auth/register",
            json!({"email": "ny@holbaek.dk", "password": PASSWORD, "name": "Ny"}),
        ),
        (
            "/api/v1/auth/password-reset",
            json!({"email": "ny@holbaek.dk"}),
        ),
        (
            "/api/v1/auth/resend-verification",
            json!({"email": "ny@holbaek.dk"}),
        ),
    ];
    for (path, body) in endpoints {
        for _ in 0..3 {
            let r = app.post(path, None, &body).await;
            assert_eq!(r.status, StatusCode::ACCEPTED, "{path}: {}", r.text);
        }
        let r = app.post(path, None, &body).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert!(r.header("retry-after").is_some(), "{path}");
    }

    // Per client address.
    let app = spawn_app_with(backend, "[rate_limits]\nper_ip = 3\nper_account = 1000\n").await;
    for i in 0..3 {
        let r = app.login(&format!("p{i}@holbaek.dk"), "forkert").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app.login("p9@holbaek.dk", "forkert").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    for _ in 0..3 {
        let r = app
            .post(
                "/api/v1/auth/refresh",
                None,
                &json!({"refresh_token": "nope"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": "nope"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.header("retry-after").is_some());
}

async fn login_from(app: &TestApp, ip: &str) -> StatusCode {
    app.call(
        reqwest::Method::POST,
        "/api/v1/auth/login",
        None,
        Some(&json!({"email": format!("{ip}@proxy.dk"), "password": "forkert"})),
        &[("x-forwarded-for", ip)],
    )
    .await
    .status
}

async fn the_client_address_comes_from_the_proxy_only_when_trusted(backend: TestBackend) {
    let trusted = spawn_app_with(
        backend,
        "[http]\ntrust_proxy = true\n[rate_limits]\nper_ip = 1\nper_account = 1000\n",
    )
    .await;
    assert_eq!(
        login_from(&trusted, "203.0.113.1").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_from(&trusted, "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        login_from(&trusted, "203.0.113.2").await,
        StatusCode::UNAUTHORIZED
    );

    // Not trusted: the header is ignored, and both come from the same socket address.
    let direct = spawn_app_with(backend, "[rate_limits]\nper_ip = 1\nper_account = 1000\n").await;
    assert_eq!(
        login_from(&direct, "203.0.113.1").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_from(&direct, "203.0.113.2").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

/// The timing variants run one at a time, so that they do not measure each other.
static ALONE: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn body_for(path: &str, known: bool, i: usize) -> Value {
    let unknown = format!("ukendt{i}-{}@example.dk", path.len());
    match path {
        "/api/v1/auth/register" => json!({
            "email": if known { "kendt@example.dk".to_owned() } else { format!("ny{i}@example.dk") },
            "password": PASSWORD, "name": "Prøve",
        }),
        "/api/v1/auth/login" => json!({
            "email": if known { "kendt@example.dk".to_owned() } else { unknown },
            "password": "et forkert kodeord",
        }),
        "/api/v1/auth/resend-verification" => json!({
            "email": if known { "ubekraeftet@example.dk".to_owned() } else { unknown },
        }),
        _ => json!({"email": if known { "kendt@example.dk".to_owned() } else { unknown }}),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn known_and_unknown_addresses_get_the_same_answer_in_the_same_time(backend: TestBackend) {
    let _alone = ALONE.lock().await;
    // The shipped minimum answer time (the other tests run without it).
    let app = spawn_app_with(backend, "[auth]\nmin_response_ms = 250\n").await;
    app.signup("kendt@example.dk", "Kendt").await;
    app.post(
        "/api/v1/auth/register",
        None,
        &json!({"email": "ubekraeftet@example.dk", "password": PASSWORD, "name": "U"}),
    )
    .await;
    let mut n = 0;
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/resend-verification",
        "/api/v1/auth/password-reset",
    ] {
        n += 1;
        let known = app.post(path, None, &body_for(path, true, n)).await;
        let unknown = app.post(path, None, &body_for(path, false, n)).await;
        assert_eq!(known.status, unknown.status, "{path}");
        assert_eq!(known.text, unknown.text, "{path}");

        // Medians of interleaved calls. A real difference shows in every round; a busy machine
        // rarely in three rounds running, so the check passes if one round is within 10%.
        let mut rounds = Vec::new();
        for _ in 0..3 {
            let (mut k, mut u) = (Vec::new(), Vec::new());
            for pair in 0..9 {
                for first_known in [pair % 2 == 0, pair % 2 != 0] {
                    n += 1;
                    let body = body_for(path, first_known, n);
                    let started = Instant::now();
                    let reply = app.post(path, None, &body).await;
                    let took = started.elapsed();
                    assert_eq!(reply.status, known.status, "{path}");
                    if first_known {
                        k.push(took)
                    } else {
                        u.push(took)
                    }
                }
            }
            let (mk, mu) = (median(k), median(u));
            let ratio = mk.max(mu).as_secs_f64() / mk.min(mu).as_secs_f64();
            rounds.push((mk, mu, ratio));
            if ratio <= 1.10 {
                break;
            }
        }
        eprintln!("{path}: known/unknown medians per round: {rounds:?}");
        assert!(
            rounds.iter().any(|(_, _, r)| *r <= 1.10),
            "{path}: known and unknown addresses differ by more than 10%: {rounds:?}"
        );
    }
}
