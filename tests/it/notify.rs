//! A planner follows what interests her and hears of it: once, in her language, as often as
//! she chose, with a working one-click unsubscribe; nothing is lost when the mail server is down.

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{ReceivedEmail, TestApp, TestBackend, TestUser, spawn_app};
use crate::on_both_backends;
use crate::registry::{Partnership, naestved, partnership, register};

on_both_backends!(
    a_follower_of_p3_gets_one_email_when_a_linked_collaboration_is_published,
    a_daily_digest_gathers_the_days_events_in_one_email_once,
    one_click_unsubscribe_stops_the_next_email_and_forged_links_change_nothing,
    the_preferences_page_works_from_the_email_without_logging_in,
    authors_hear_of_comments_answers_and_hidden_content,
    following_checks_what_is_followed_and_lists_notifications,
    nothing_is_lost_while_the_mail_server_is_down_and_nothing_is_sent_twice,
    editors_are_asked_yearly_whether_a_record_is_still_right,
    a_planner_follows_from_the_pages_and_reads_her_notifications_on_min_side,
    members_hear_of_invitations_and_role_changes,
    a_followed_saved_search_tells_of_collaborations_it_finds,
);

async fn notify(app: &TestApp) {
    bymidter::notify::worker::run_once(&app.state, app.state.clock.now())
        .await
        .expect("notification round");
}

async fn follow(app: &TestApp, user: &TestUser, target_type: &str, target_id: &str) -> String {
    let reply = app
        .post_as(
            "/api/v1/me/follows",
            &user.token,
            &json!({"target_type": target_type, "target_id": target_id}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["id"].as_str().expect("id").to_owned()
}

async fn set_frequency(app: &TestApp, user: &TestUser, frequency: &str) {
    let reply = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/me/notification-preferences",
            Some(&user.token),
            Some(&json!({"email_frequency": frequency})),
            &[],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

/// A collaboration linked to P3, published.
async fn publish_with_p3(app: &TestApp, p: &Partnership, title: &str, visibility: &str) -> String {
    let mut body = naestved(title);
    body["visibility"] = json!(visibility);
    let (id, _) = register(app, p, &body).await;
    app.put_as(
        &format!("/api/v1/collaborations/{id}/recommendations/P3"),
        &p.owner.token,
        &json!({"status": "planned"}),
    )
    .await;
    let published = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/publish"),
            &p.owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    id
}

fn notification_emails(emails: Vec<ReceivedEmail>) -> Vec<ReceivedEmail> {
    // Leave out the account emails (verification) every test user received.
    emails
        .into_iter()
        .filter(|e| e.header("List-Unsubscribe").is_some())
        .collect()
}

async fn a_follower_of_p3_gets_one_email_when_a_linked_collaboration_is_published(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let planner = app.signup("planner@vordingborg.dk", "Pia Planlægger").await;
    set_frequency(&app, &planner, "immediate").await;
    // Two follows match the same event; she still gets one notification.
    follow(&app, &planner, "recommendation", "P3").await;
    follow(&app, &planner, "region", "1085").await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    follow(&app, &p.owner, "recommendation", "P3").await;
    set_frequency(&app, &p.owner, "immediate").await;

    publish_with_p3(&app, &p, "Bymidtesamarbejdet i Næstved", "public").await;
    publish_with_p3(&app, &p, "Lukket samarbejde", "private").await;
    notify(&app).await;

    let emails = notification_emails(app.emails_to("planner@vordingborg.dk").await);
    assert_eq!(
        emails.len(),
        1,
        "one email for one event, none for the private one"
    );
    let email = &emails[0];
    assert!(
        email.subject.contains("Bymidtesamarbejdet i Næstved"),
        "{}",
        email.subject
    );
    assert!(email.subject.contains("Næstved Bymidte"));
    assert!(email.text.contains("Hej Pia Planlægger"));
    assert!(
        email
            .text
            .contains("/samarbejder/naestved-bymidte/bymidtesamarbejdet-i-naestved")
    );
    assert!(
        email
            .header("List-Unsubscribe")
            .unwrap_or_default()
            .contains("/unsubscribe?token=")
    );
    assert_eq!(
        email.header("List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(
        email.html.contains("/notifikationer?token="),
        "a preferences link in every email"
    );

    assert!(
        notification_emails(app.emails_to("mette@naestved.dk").await).is_empty(),
        "her own action does not notify her"
    );
    // Running again sends nothing more.
    notify(&app).await;
    assert_eq!(
        notification_emails(app.emails_to("planner@vordingborg.dk").await).len(),
        1
    );

    let listed = app
        .get_as("/api/v1/me/notifications", &planner.token)
        .await
        .json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["items"][0]["kind"], "collaboration_published");
}

async fn a_daily_digest_gathers_the_days_events_in_one_email_once(backend: TestBackend) {
    let app = spawn_app(backend).await;
    // 06:00 in Copenhagen, before the digest hour (07:00).
    app.state.clock.set(Some(
        Utc.with_ymd_and_hms(2026, 11, 30, 5, 0, 0)
            .single()
            .expect("time"),
    ));
    let planner = app.signup("planner@vordingborg.dk", "Pia").await;
    follow(&app, &planner, "recommendation", "P3").await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let id = publish_with_p3(&app, &p, "Bymidten i Næstved", "public").await;
    follow(&app, &planner, "collaboration", &id).await;
    let status = app
        .put_as(
            &format!("/api/v1/collaborations/{id}/recommendations/P3"),
            &p.owner.token,
            &json!({"status": "in_progress"}),
        )
        .await;
    assert_eq!(status.status, StatusCode::OK);
    let experience = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Pop-up butikker", "body": "Det virkede."}),
        )
        .await
        .json();
    let e = experience["id"].as_str().expect("id");
    app.post_as(
        &format!("/api/v1/experiences/{e}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;

    notify(&app).await;
    assert!(
        notification_emails(app.emails_to("planner@vordingborg.dk").await).is_empty(),
        "not before the hour"
    );

    app.state.clock.set(Some(
        Utc.with_ymd_and_hms(2026, 11, 30, 6, 30, 0)
            .single()
            .expect("time"),
    ));
    notify(&app).await;
    notify(&app).await;
    let emails = notification_emails(app.emails_to("planner@vordingborg.dk").await);
    assert_eq!(emails.len(), 1, "one digest");
    let digest = &emails[0];
    assert!(digest.subject.contains("3"), "{}", digest.subject);
    assert!(digest.text.contains("Nye samarbejder"));
    assert!(
        digest
            .text
            .contains("Bymidten i Næstved har sat P3 til I gang"),
        "{}",
        digest.text
    );
    assert!(digest.text.contains("Pop-up butikker"));

    // The next day brings nothing new: no empty digest.
    app.state.clock.set(Some(
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
            .single()
            .expect("time"),
    ));
    notify(&app).await;
    assert_eq!(
        notification_emails(app.emails_to("planner@vordingborg.dk").await).len(),
        1
    );
}

async fn one_click_unsubscribe_stops_the_next_email_and_forged_links_change_nothing(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let planner = app.signup("planner@vordingborg.dk", "Pia").await;
    set_frequency(&app, &planner, "immediate").await;
    follow(&app, &planner, "recommendation", "P3").await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    publish_with_p3(&app, &p, "Første", "public").await;
    notify(&app).await;
    let emails = notification_emails(app.emails_to("planner@vordingborg.dk").await);
    let header = emails[0]
        .header("List-Unsubscribe")
        .expect("header")
        .to_owned();
    let url = header
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned();

    // A forged token: 400, nothing changed.
    let forged = url.replace("token=", "token=x");
    let refused = app
        .client
        .post(&forged)
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("sent");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);

    // The mail client's one-click POST (RFC 8058): no cookie, no form token.
    let one_click = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("sent");
    assert_eq!(one_click.status(), StatusCode::OK);

    publish_with_p3(&app, &p, "Anden", "public").await;
    notify(&app).await;
    assert_eq!(
        notification_emails(app.emails_to("planner@vordingborg.dk").await).len(),
        1,
        "no email after unsubscribing"
    );
    let listed = app
        .get_as("/api/v1/me/notifications", &planner.token)
        .await
        .json();
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(2),
        "still told in the app"
    );
    let prefs = app
        .get_as("/api/v1/me/notification-preferences", &planner.token)
        .await
        .json();
    assert_eq!(prefs["kinds"]["collaboration_published"], "off");
}

async fn the_preferences_page_works_from_the_email_without_logging_in(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let planner = app.signup("planner@vordingborg.dk", "Pia").await;
    set_frequency(&app, &planner, "immediate").await;
    follow(&app, &planner, "recommendation", "P3").await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    publish_with_p3(&app, &p, "Første", "public").await;
    notify(&app).await;
    let email = notification_emails(app.emails_to("planner@vordingborg.dk").await).remove(0);
    let link = email
        .text
        .split_whitespace()
        .find(|w| w.contains("/notifikationer?token="))
        .expect("preferences link")
        .to_owned();

    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let page = browser
        .get(&link)
        .header("accept", "text/html")
        .send()
        .await
        .expect("sent");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("Dine e-mails fra bymidter"));
    let csrf = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf")
        .to_owned();
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let saved = browser
        .post(app.url("/notifikationer"))
        .header("accept", "text/html")
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("token", token.as_str()),
            ("email_frequency", "weekly"),
            ("kind_answer_received", "immediate"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(saved.status(), StatusCode::OK);
    assert!(
        saved
            .text()
            .await
            .expect("html")
            .contains("Dine valg er gemt")
    );
    let prefs = app
        .get_as("/api/v1/me/notification-preferences", &planner.token)
        .await
        .json();
    assert_eq!(
        prefs,
        json!({"email_frequency": "weekly", "kinds": {"answer_received": "immediate"}})
    );

    let forged = browser
        .get(app.url("/notifikationer?token=abc.def"))
        .header("accept", "text/html")
        .send()
        .await
        .expect("sent");
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
}

async fn authors_hear_of_comments_answers_and_hidden_content(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    set_frequency(&app, &p.owner, "immediate").await;
    let (id, _) = register(&app, &p, &naestved("Samarbejde")).await;
    app.post_as(
        &format!("/api/v1/collaborations/{id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    let experience = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Pop-up butikker", "body": "Tekst."}),
        )
        .await
        .json();
    let e = experience["id"].as_str().expect("id").to_owned();
    app.post_as(
        &format!("/api/v1/experiences/{e}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;

    let planner = app.signup("planner@vordingborg.dk", "Pia").await;
    set_frequency(&app, &planner, "immediate").await;
    let question = app
        .post_as(
            &format!("/api/v1/experiences/{e}/comments"),
            &planner.token,
            &json!({"body": "Hvad kostede det?", "kind": "question"}),
        )
        .await
        .json();
    notify(&app).await;
    let to_author = notification_emails(app.emails_to("mette@naestved.dk").await);
    assert_eq!(to_author.len(), 1);
    assert!(
        to_author[0].subject.contains("Nyt spørgsmål"),
        "{}",
        to_author[0].subject
    );

    app.post_as(
        &format!("/api/v1/experiences/{e}/comments"),
        &p.owner.token,
        &json!({"body": "2.000 kr.", "answer_to": question["id"]}),
    )
    .await;
    notify(&app).await;
    let to_asker = notification_emails(app.emails_to("planner@vordingborg.dk").await);
    assert_eq!(to_asker.len(), 1);
    assert!(
        to_asker[0].subject.contains("besvaret"),
        "{}",
        to_asker[0].subject
    );

    // A comment hidden by a moderator: its author is told why.
    let rude = app
        .post_as(
            &format!("/api/v1/experiences/{e}/comments"),
            &planner.token,
            &json!({"body": "Grimt."}),
        )
        .await
        .json();
    let admin = app.signup("drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;
    app.post_as(
        &format!(
            "/api/v1/admin/comments/{}/hide",
            rude["id"].as_str().expect("id")
        ),
        &admin.token,
        &json!({"reason": "Sproget"}),
    )
    .await;
    notify(&app).await;
    let hidden = notification_emails(app.emails_to("planner@vordingborg.dk").await);
    assert_eq!(hidden.len(), 2);
    assert!(
        hidden[1].subject.contains("Sproget"),
        "{}",
        hidden[1].subject
    );
}

async fn following_checks_what_is_followed_and_lists_notifications(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let planner = app.signup("planner@vordingborg.dk", "Pia").await;
    let other = partnership(&app, "ejer@vejle.dk", "Vejle City").await;
    let (draft, _) = register(&app, &other, &naestved("Kladde")).await;

    for (target_type, target_id, status) in [
        ("recommendation", "P99", StatusCode::NOT_FOUND),
        ("municipality", "9999", StatusCode::NOT_FOUND),
        ("collaboration", draft.as_str(), StatusCode::NOT_FOUND),
        ("galaxy", "1", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let reply = app
            .post_as(
                "/api/v1/me/follows",
                &planner.token,
                &json!({"target_type": target_type, "target_id": target_id}),
            )
            .await;
        assert_eq!(reply.status, status, "{target_type} {target_id}");
    }
    let first = follow(&app, &planner, "municipality", "0370").await;
    let again = app
        .post_as(
            "/api/v1/me/follows",
            &planner.token,
            &json!({"target_type": "municipality", "target_id": "370"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "already followed");
    assert_eq!(again.json()["id"], first.as_str());
    follow(&app, &planner, "theme", "3.1").await;
    let listed = app
        .get_as("/api/v1/me/follows", &planner.token)
        .await
        .json();
    let targets: Vec<(&str, &str)> = listed
        .as_array()
        .expect("follows")
        .iter()
        .map(|f| {
            (
                f["target_type"].as_str().unwrap_or_default(),
                f["target_id"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(targets, [("theme", "3.1"), ("municipality", "370")]);
    assert_eq!(
        app.delete_as(&format!("/api/v1/me/follows/{first}"), &planner.token)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete_as(&format!("/api/v1/me/follows/{first}"), &other.owner.token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Notifications: unread until read.
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    follow(&app, &planner, "organization", &p.org).await;
    publish_with_p3(&app, &p, "En", "public").await;
    publish_with_p3(&app, &p, "To", "members").await;
    let unread = app
        .get_as("/api/v1/me/notifications?unread=true", &planner.token)
        .await
        .json();
    let ids: Vec<Value> = unread["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|n| n["id"].clone())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(
        unread["items"][0]["title"]
            .as_str()
            .unwrap_or_default()
            .contains("To")
    );
    let read = app
        .post_as(
            "/api/v1/me/notifications/read",
            &planner.token,
            &json!({"ids": [ids[0]]}),
        )
        .await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    let unread = app
        .get_as("/api/v1/me/notifications?unread=true", &planner.token)
        .await
        .json();
    assert_eq!(unread["items"].as_array().map(Vec::len), Some(1));
    app.post_as(
        "/api/v1/me/notifications/read",
        &planner.token,
        &json!({"all": true}),
    )
    .await;
    let unread = app
        .get_as("/api/v1/me/notifications?unread=true", &planner.token)
        .await
        .json();
    assert_eq!(unread["items"].as_array().map(Vec::len), Some(0));
    let english = app
        .call(
            reqwest::Method::GET,
            "/api/v1/me/notifications",
            Some(&planner.token),
            None,
            &[("accept-language", "en")],
        )
        .await
        .json();
    assert!(
        english["items"][0]["title"]
            .as_str()
            .unwrap_or_default()
            .contains("published")
    );
}

async fn nothing_is_lost_while_the_mail_server_is_down_and_nothing_is_sent_twice(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let planner = app.signup("planner@vordingborg.dk", "Pia").await;
    set_frequency(&app, &planner, "immediate").await;
    follow(&app, &planner, "recommendation", "P3").await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;

    app.smtp.stop().await;
    publish_with_p3(&app, &p, "Et", "public").await;
    publish_with_p3(&app, &p, "To", "public").await;
    // Two rounds at once, as two processes would: each email is queued once.
    let (a, b) = tokio::join!(
        bymidter::notify::worker::run_once(&app.state, app.state.clock.now()),
        bymidter::notify::worker::run_once(&app.state, app.state.clock.now())
    );
    assert_eq!(a.expect("round").immediate + b.expect("round").immediate, 2);
    app.run_outbox_once().await;
    app.smtp.restart();
    app.run_outbox_after(std::time::Duration::from_secs(3600))
        .await;
    let emails = notification_emails(app.emails_to("planner@vordingborg.dk").await);
    let mut subjects: Vec<String> = emails.iter().map(|e| e.subject.clone()).collect();
    subjects.sort();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(
        subjects[0].contains("«Et»") && subjects[1].contains("«To»"),
        "{subjects:?}"
    );
}

async fn editors_are_asked_yearly_whether_a_record_is_still_right(backend: TestBackend) {
    let app = spawn_app(backend).await;
    app.state.clock.set(Some(
        Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0)
            .single()
            .expect("time"),
    ));
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (id, _) = register(&app, &p, &naestved("Bymidten")).await;
    app.post_as(
        &format!("/api/v1/collaborations/{id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;

    app.state.clock.set(Some(
        Utc.with_ymd_and_hms(2025, 12, 1, 9, 0, 0)
            .single()
            .expect("time"),
    ));
    notify(&app).await;
    assert!(
        notification_emails(app.emails_to("mette@naestved.dk").await).is_empty(),
        "not yet a year"
    );

    app.state.clock.set(Some(
        Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0)
            .single()
            .expect("time"),
    ));
    notify(&app).await;
    notify(&app).await;
    let emails = notification_emails(app.emails_to("mette@naestved.dk").await);
    assert_eq!(
        emails.len(),
        1,
        "one reminder, though her frequency is daily"
    );
    assert!(
        emails[0].subject.contains("stadig rigtige"),
        "{}",
        emails[0].subject
    );
    let link = emails[0]
        .text
        .split_whitespace()
        .find(|w| w.contains("/samarbejder/bekraeft?token="))
        .expect("confirm link")
        .to_owned();

    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let page = browser
        .get(&link)
        .header("accept", "text/html")
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Bymidten"));
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("csrf")
        .to_owned();
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let done = browser
        .post(app.url("/samarbejder/bekraeft"))
        .header("accept", "text/html")
        .form(&[("csrf_token", csrf.as_str()), ("token", token.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(done.status(), StatusCode::OK);
    let history = app
        .get_as(
            &format!("/api/v1/collaborations/{id}/history"),
            &p.owner.token,
        )
        .await
        .json();
    assert_eq!(
        history
            .as_array()
            .and_then(|h| h.last())
            .map(|h| h["change"]["action"].clone()),
        Some(json!("confirmed"))
    );

    // Confirmed: no reminder until another year has passed.
    app.state.clock.set(Some(
        Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0)
            .single()
            .expect("time"),
    ));
    notify(&app).await;
    assert_eq!(
        notification_emails(app.emails_to("mette@naestved.dk").await).len(),
        1
    );
}

async fn a_planner_follows_from_the_pages_and_reads_her_notifications_on_min_side(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    // Anonymous: the button leads to the log-in page, which comes back.
    let anonymous = app.page_client("da");
    let refused = anonymous
        .post_form(
            "/foelg",
            &[
                ("target_type", "recommendation"),
                ("target_id", "P3"),
                ("next", "/anbefalinger/P3"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(crate::helpers::PageClient::location(&refused).starts_with("/log-ind?next="));

    let browser =
        crate::account_pages::registered(&app, "planner@vordingborg.dk", "Pia Planlægger").await;
    let followed = browser
        .post_form(
            "/foelg",
            &[
                ("target_type", "recommendation"),
                ("target_id", "P3"),
                ("next", "/anbefalinger/P3"),
            ],
        )
        .await;
    assert_eq!(followed.status, StatusCode::SEE_OTHER, "{}", followed.text);
    let back = browser.follow(&followed).await;
    assert!(back.text.contains("Du følger det nu"), "the page says so");

    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    publish_with_p3(&app, &p, "Bymidten i Næstved", "public").await;

    let mine = browser.get("/min-side").await;
    assert!(mine.text.contains("Det følger du"));
    assert!(
        mine.text
            .contains("P3 Styrk de lokalt forankrede bymidtesamarbejder")
    );
    assert!(
        mine.text
            .contains("Næstved Bymidte har offentliggjort «Bymidten i Næstved»"),
        "the notification is listed"
    );
    assert!(mine.text.contains("1 ulæste"));
    assert!(
        mine.text.contains("/notifikationer?token="),
        "a link to the email preferences"
    );

    let read = browser
        .post_form("/min-side/notifikationer/laest", &[])
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    let mine = browser.get("/min-side").await;
    assert!(!mine.text.contains("ulæste"));

    let id = crate::helpers::hidden(
        mine.text.split("/foelg/stop").nth(1).unwrap_or_default(),
        "id",
    );
    let stopped = browser
        .post_form("/foelg/stop", &[("id", &id), ("next", "/min-side")])
        .await;
    assert_eq!(stopped.status, StatusCode::SEE_OTHER);
    let mine = browser.get("/min-side").await;
    assert!(mine.text.contains("Du følger ikke noget endnu"));
}

async fn members_hear_of_invitations_and_role_changes(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let colleague = app.signup("ole@naestved.dk", "Ole").await;
    let invited = app
        .post_as(
            &format!("/api/v1/organizations/{}/invitations", p.org),
            &p.owner.token,
            &json!({"email": "ole@naestved.dk", "role": "viewer"}),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.text);
    let listed = app
        .get_as("/api/v1/me/notifications", &colleague.token)
        .await
        .json();
    assert_eq!(listed["items"][0]["kind"], "invited");
    assert!(
        listed["items"][0]["title"]
            .as_str()
            .unwrap_or_default()
            .contains("Næstved Bymidte")
    );
    notify(&app).await;
    assert!(
        notification_emails(app.emails_to("ole@naestved.dk").await).is_empty(),
        "the invitation email is the only email"
    );

    let token = app.last_email_to("ole@naestved.dk").await.token();
    let accepted = app
        .post_as(
            "/api/v1/invitations/accept",
            &colleague.token,
            &json!({"token": token}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    set_frequency(&app, &colleague, "immediate").await;
    let changed = app
        .patch_as(
            &format!("/api/v1/organizations/{}/members/{}", p.org, colleague.id),
            &p.owner.token,
            &json!({"role": "editor"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    notify(&app).await;
    let emails = notification_emails(app.emails_to("ole@naestved.dk").await);
    assert_eq!(emails.len(), 1);
    assert!(
        emails[0].subject.contains("redaktør"),
        "{}",
        emails[0].subject
    );
}

async fn a_followed_saved_search_tells_of_collaborations_it_finds(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let planner = app.signup("planner@faaborg.dk", "Pia Planlægger").await;
    set_frequency(&app, &planner, "immediate").await;
    // She saves "tomme butikker" in towns of 20,000-50,000 and follows it.
    let saved = app
        .post_as(
            "/api/v1/me/saved-searches",
            &planner.token,
            &json!({"name": "Tomme butikker", "q": "tomme butikker", "size": "20000_50000"}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    let search_id = saved.json()["id"].as_str().expect("id").to_owned();
    follow(&app, &planner, "saved_search", &search_id).await;

    // Someone else's saved search cannot be followed.
    let other = app.signup("other@vejle.dk", "Otto Anden").await;
    let refused = app
        .post_as(
            "/api/v1/me/follows",
            &other.token,
            &json!({"target_type": "saved_search", "target_id": search_id}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "{}", refused.text);

    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    // Næstved (43,000 inhabitants) wrote about empty shops: found. A small town's is not, nor is
    // a private one she may not see, nor a text about something else.
    publish_with_p3(&app, &p, "Tomme butikker bliver til pop-up", "public").await;
    let mut small = naestved("Butikker i Fensmark");
    small["town_population"] = json!(2800);
    let (id, _) = register(&app, &p, &small).await;
    app.post_as(
        &format!("/api/v1/collaborations/{id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    publish_with_p3(&app, &p, "Lukket samarbejde om butikker", "private").await;
    let mut other_subject = naestved("Grønne byrum");
    other_subject["summary"] = json!("Træer og bænke på torvet.");
    other_subject["description"] = json!("Vi plantede træer.");
    let (id, _) = register(&app, &p, &other_subject).await;
    app.post_as(
        &format!("/api/v1/collaborations/{id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    notify(&app).await;

    let emails = notification_emails(app.emails_to("planner@faaborg.dk").await);
    assert_eq!(
        emails.len(),
        1,
        "{:?}",
        emails.iter().map(|e| &e.subject).collect::<Vec<_>>()
    );
    assert!(
        emails[0]
            .subject
            .contains("Tomme butikker bliver til pop-up"),
        "{}",
        emails[0].subject
    );

    // Min side lists the followed search by its name, linking to its results.
    let pages = app.page_client("da");
    pages
        .log_in("planner@faaborg.dk", crate::helpers::PASSWORD)
        .await;
    let mine = pages.get("/min-side").await;
    assert!(mine.text.contains("Gemt søgning"), "{}", mine.text);
    assert!(mine.text.contains("href=\"/samarbejder?q=tomme+butikker\""));

    // Deleting the saved search ends the follow: nothing more comes.
    let deleted = app
        .delete_as(
            &format!("/api/v1/me/saved-searches/{search_id}"),
            &planner.token,
        )
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{}", deleted.text);
    let follows = app
        .get_as("/api/v1/me/follows", &planner.token)
        .await
        .json();
    assert_eq!(follows.as_array().map(Vec::len), Some(0), "{follows}");
    publish_with_p3(&app, &p, "Flere tomme butikker", "public").await;
    notify(&app).await;
    assert_eq!(
        notification_emails(app.emails_to("planner@faaborg.dk").await).len(),
        1
    );
}
