//! The email pipeline: every email is queued with the change that causes it, goes out over a
//! real SMTP connection, survives the mail server being down, goes out once, and dies visibly
//! when it keeps failing.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use bymidter::i18n::Locale;
use bymidter::mail::outbox::RoundReport;
use bymidter::mail::templates::VerifyEmail;
use bymidter::mail::{Mailer, OutboxWorker, Queued};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, TestBackend, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    emails_wait_while_smtp_is_down_and_go_out_once_when_it_returns,
    a_message_that_keeps_failing_dies_and_an_operator_sends_it_again,
    the_same_message_is_queued_once_and_carries_its_extra_headers,
    several_workers_send_each_email_once,
    in_development_emails_are_written_as_files,
    the_service_sends_email_in_the_background_by_itself,
);

async fn register(app: &TestApp, email: &str) {
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": email, "password": PASSWORD, "name": "Test"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text);
}

async fn emails_wait_while_smtp_is_down_and_go_out_once_when_it_returns(backend: TestBackend) {
    let app = spawn_app(backend).await;
    app.smtp.stop().await;
    for i in 0..3 {
        register(&app, &format!("ventende{i}@naestved.dk")).await;
    }
    let down = app.run_outbox_once().await;
    assert_eq!(
        down,
        RoundReport {
            sent: 0,
            retrying: 3,
            dead: 0
        }
    );
    // Nothing is due again before the backoff has passed.
    assert_eq!(app.run_outbox_once().await, RoundReport::default());
    assert!(app.smtp.messages().is_empty());

    app.smtp.restart();
    let up = app.run_outbox_after(Duration::from_secs(3600)).await;
    assert_eq!(up.sent, 3);
    assert_eq!(
        app.run_outbox_after(Duration::from_secs(7200)).await,
        RoundReport::default()
    );

    let messages = app.smtp.messages();
    assert_eq!(messages.len(), 3, "none lost, none doubled");
    let recipients: BTreeSet<String> = messages
        .iter()
        .flat_map(|m| m.envelope_to.clone())
        .collect();
    assert_eq!(recipients.len(), 3);
    let ids: BTreeSet<String> = messages
        .iter()
        .filter_map(|m| m.header("message-id").map(str::to_owned))
        .collect();
    assert_eq!(ids.len(), 3, "each message has its own Message-ID");
    // The links in them work.
    for m in &messages {
        let r = app
            .post(
                "/api/v1/auth/verify-email",
                None,
                &json!({"token": m.token()}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
}

async fn a_message_that_keeps_failing_dies_and_an_operator_sends_it_again(backend: TestBackend) {
    let app = spawn_app_with(backend, "[outbox]\nmax_attempts = 2\nretry_base_secs = 1\n").await;
    let admin = app.signup("drift@bymidter.dk", "Drift").await;
    app.grant(&admin.email, "admin").await;
    let user = app.signup("almindelig@bymidter.dk", "Almindelig").await;

    app.smtp.stop().await;
    register(&app, "uheldig@slagelse.dk").await;
    assert_eq!(app.run_outbox_once().await.retrying, 1);
    assert_eq!(app.run_outbox_after(Duration::from_secs(60)).await.dead, 1);
    assert_eq!(
        app.run_outbox_after(Duration::from_secs(86_400)).await,
        RoundReport::default()
    );

    let dead = app
        .get_as("/api/v1/admin/outbox?status=dead", &admin.token)
        .await;
    assert_eq!(dead.status, StatusCode::OK, "{}", dead.text);
    let dead = dead.json();
    assert_eq!(dead.as_array().map(Vec::len), Some(1));
    assert_eq!(dead[0]["recipient"], "uheldig@slagelse.dk");
    assert_eq!(dead[0]["kind"], "verify");
    assert_eq!(dead[0]["attempts"], 2);
    assert!(
        dead[0]["last_error"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
    );
    let id = dead[0]["id"].as_str().expect("id").to_owned();
    let forbidden = app
        .get_as("/api/v1/admin/outbox?status=dead", &user.token)
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    // The operator sees it from the command line and queues it again.
    let listed = crate::operators::bymidter(&app, &["outbox", "list", "--dead"]).await;
    assert!(listed.contains(&id), "{listed}");
    assert!(listed.contains("uheldig@slagelse.dk"), "{listed}");
    app.smtp.restart();
    let retried = crate::operators::bymidter(&app, &["outbox", "retry", &id]).await;
    assert!(retried.contains("queued again"), "{retried}");
    assert_eq!(app.run_outbox_once().await.sent, 1);
    let arrived = app.emails_to("uheldig@slagelse.dk").await;
    assert_eq!(arrived.len(), 1);
    let none_dead = app
        .get_as("/api/v1/admin/outbox?status=dead", &admin.token)
        .await
        .json();
    assert_eq!(none_dead, json!([]));
    let missing = app
        .post(
            &format!("/api/v1/admin/outbox/{}/retry", uuid::Uuid::now_v7()),
            Some(&admin.token),
            &json!({}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn the_same_message_is_queued_once_and_carries_its_extra_headers(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let email = VerifyEmail {
        locale: Locale::Da,
        name: "Modtager".into(),
        link: format!("{}/verify-email?token=abc", app.base),
        hours: 48,
    };
    let unsubscribe = format!("<{}/unsubscribe?token=xyz>", app.base);
    let now = chrono::Utc::now();
    let mut tx = app.state.store.write().await.expect("tx");
    let mut queued = Vec::new();
    for _ in 0..2 {
        let headers = json!({
            "List-Unsubscribe": unsubscribe,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        });
        let q = Queued {
            idempotency_key: "digest:2026-11-27:modtager".into(),
            to: "modtager@aabenraa.dk",
            email: &email,
            headers,
        };
        queued.push(
            bymidter::mail::enqueue(&mut *tx, &app.state.config, q, now)
                .await
                .expect("enqueue"),
        );
    }
    tx.commit().await.expect("commit");
    assert_eq!(queued, [true, false]);

    let arrived = app.emails_to("modtager@aabenraa.dk").await;
    assert_eq!(arrived.len(), 1);
    let m = &arrived[0];
    assert_eq!(m.header("list-unsubscribe"), Some(unsubscribe.as_str()));
    assert_eq!(
        m.header("list-unsubscribe-post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert_eq!(m.header("from"), Some("bymidter@bymidter.test"));
    assert_eq!(m.envelope_from, "bymidter@bymidter.test");
    assert!(m.raw.contains("MIME-Version: 1.0"), "{}", m.raw);
    assert!(m.html.contains("Modtager"));
}

async fn several_workers_send_each_email_once(backend: TestBackend) {
    let app = spawn_app_with(backend, "[outbox]\nbatch_size = 3\n").await;
    let email = VerifyEmail {
        locale: Locale::En,
        name: "Many".into(),
        link: format!("{}/verify-email?token=abc", app.base),
        hours: 48,
    };
    let now = chrono::Utc::now();
    let mut tx = app.state.store.write().await.expect("tx");
    for i in 0..24 {
        let q = Queued {
            idempotency_key: format!("many:{i}"),
            to: &format!("modtager{i}@example.dk"),
            email: &email,
            headers: json!({}),
        };
        bymidter::mail::enqueue(&mut *tx, &app.state.config, q, now)
            .await
            .expect("enqueue");
    }
    tx.commit().await.expect("commit");

    // Three workers, as in three processes, each with its own connection to the mail server.
    let mut handles = Vec::new();
    for _ in 0..3 {
        let mailer = Arc::new(Mailer::from_config(&app.state.config).expect("mailer"));
        let worker = OutboxWorker::new(app.state.store.clone(), mailer, app.state.config.clone());
        handles.push(tokio::spawn(async move {
            worker.run_once(chrono::Utc::now()).await
        }));
    }
    let mut sent = 0;
    for h in handles {
        sent += h.await.expect("joined").expect("round").sent;
    }
    assert_eq!(sent, 24);
    let messages = app.smtp.messages();
    assert_eq!(messages.len(), 24);
    let recipients: BTreeSet<String> = messages
        .iter()
        .flat_map(|m| m.envelope_to.clone())
        .collect();
    assert_eq!(recipients.len(), 24, "each email exactly once");
}

async fn in_development_emails_are_written_as_files(backend: TestBackend) {
    let app = spawn_app_with(backend, "[mail]\ntransport = \"file\"\n").await;
    register(&app, "fil@odder.dk").await;
    assert_eq!(app.run_outbox_once().await.sent, 1);
    let dir = app.state.config.data_dir.join("mail");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("mail dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1);
    assert!(files[0].extension().is_some_and(|e| e == "eml"));
    let raw = std::fs::read_to_string(&files[0]).expect("read");
    assert!(raw.contains("To: fil@odder.dk"), "{raw}");
    assert!(raw.contains("Message-ID: <"), "{raw}");
    assert!(app.smtp.messages().is_empty());
}

async fn the_service_sends_email_in_the_background_by_itself(backend: TestBackend) {
    // The one test that lets the worker inside `serve` do the sending; it waits at most 20 s.
    let app = spawn_app_with(backend, "[outbox]\npoll_interval_ms = 50\n").await;
    register(&app, "baggrund@ringsted.dk").await;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while app.smtp.messages().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let messages = app.smtp.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].envelope_to, ["baggrund@ringsted.dk"]);

    // Its housekeeping (old rate-limit counters and expired tokens) runs on both dialects.
    let later = chrono::Utc::now() + chrono::TimeDelta::days(400);
    let mut tx = app.state.store.write().await.expect("tx");
    tx.prune_rate_limits(later).await.expect("prune counters");
    assert!(tx.prune_expired_tokens(later).await.expect("prune tokens") >= 1);
    tx.commit().await.expect("commit");
}
