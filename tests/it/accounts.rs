//! Accounts: register, verify, log in, refresh, log out, change and reset a password — as a
//! person does it through the API, with the emails that arrive.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestBackend, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    a_known_address_gets_the_same_answer_and_a_reminder_instead_of_an_account,
    a_forgotten_password_is_reset_by_email_and_every_session_ends,
    a_password_change_needs_the_current_password_and_ends_every_session,
    refresh_tokens_rotate_and_a_reused_one_ends_the_session,
    logout_ends_one_session_and_logout_everywhere_ends_them_all,
    email_links_that_are_forged_used_or_expired_change_nothing,
    bad_input_names_each_field_in_danish_and_in_english,
    a_person_changes_name_language_and_email_frequency,
    emails_follow_the_readers_language,
);

const NEW_PASSWORD: &str = "blå tog over storebælt";

fn codes(reply: &Value) -> Vec<String> {
    reply["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn a_known_address_gets_the_same_answer_and_a_reminder_instead_of_an_account(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    app.signup("lone@ribe.dk", "Lone Madsen").await;
    let before = app.emails_to("lone@ribe.dk").await.len();

    let again = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "Lone@Ribe.dk", "password": "et helt andet kodeord", "name": "Imposter"}),
        )
        .await;
    let fresh = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "ny@ribe.dk", "password": PASSWORD, "name": "Ny"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    assert_eq!(again.status, fresh.status);
    assert_eq!(again.text, fresh.text);

    let emails = app.emails_to("lone@ribe.dk").await;
    assert_eq!(emails.len(), before + 1);
    let reminder = emails.last().expect("reminder");
    assert_eq!(reminder.subject, "Du har allerede en konto hos bymidter");
    assert!(
        reminder.text.contains("Hej Lone Madsen"),
        "{}",
        reminder.text
    );
    assert!(reminder.text.contains(&format!("{}/login", app.base)));
    // Nothing changed: the old password still works, the other one does not.
    assert_eq!(
        app.login("lone@ribe.dk", PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login("lone@ribe.dk", "et helt andet kodeord")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

async fn a_forgotten_password_is_reset_by_email_and_every_session_ends(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let mette = app.signup("mette@vejle.dk", "Mette").await;
    let laptop = app.login_as("mette@vejle.dk").await;

    let asked = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": "mette@vejle.dk"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": "ingen@vejle.dk"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    assert_eq!(
        (asked.status, asked.text.clone()),
        (unknown.status, unknown.text)
    );
    assert!(app.emails_to("ingen@vejle.dk").await.is_empty());

    let reset = app.last_email_to("mette@vejle.dk").await;
    assert_eq!(reset.subject, "Vælg en ny adgangskode til bymidter");
    assert!(reset.text.contains("30 minutter"), "{}", reset.text);
    let link = reset.link_with_token();
    assert!(
        link.starts_with(&format!("{}/reset-password?token=", app.base)),
        "{link}"
    );

    // A weak password is refused and the link still works afterwards.
    let weak = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": reset.token(), "new_password": "password1234"}),
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&weak.json()), ["new_password"]);

    let done = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": reset.token(), "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.text);

    // Every session has ended.
    for user in [&mette, &laptop] {
        assert_eq!(
            app.get_as("/api/v1/me", &user.token).await.status,
            StatusCode::UNAUTHORIZED
        );
        let refreshed = app
            .post(
                "/api/v1/auth/refresh",
                None,
                &json!({"refresh_token": user.refresh_token}),
            )
            .await;
        assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        app.login("mette@vejle.dk", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("mette@vejle.dk", NEW_PASSWORD).await.status,
        StatusCode::OK
    );

    // The link works once.
    let reused = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": reset.token(), "new_password": "endnu et nyt kodeord"}),
        )
        .await;
    assert_eq!(reused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.login("mette@vejle.dk", NEW_PASSWORD).await.status,
        StatusCode::OK
    );

    let notice = app.last_email_to("mette@vejle.dk").await;
    assert_eq!(notice.subject, "Din adgangskode til bymidter er ændret");
}

async fn a_password_change_needs_the_current_password_and_ends_every_session(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let user = app.signup("ole@odense.dk", "Ole").await;
    let other = app.login_as("ole@odense.dk").await;

    let wrong = app
        .post(
            "/api/v1/me/password",
            Some(&user.token),
            &json!({"current_password": "ikke mit kodeord", "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&wrong.json()), ["current_password"]);
    assert_eq!(
        app.get_as("/api/v1/me", &user.token).await.status,
        StatusCode::OK
    );

    let changed = app
        .post(
            "/api/v1/me/password",
            Some(&user.token),
            &json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.text);
    for session in [&user, &other] {
        assert_eq!(
            app.get_as("/api/v1/me", &session.token).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login("ole@odense.dk", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("ole@odense.dk", NEW_PASSWORD).await.status,
        StatusCode::OK
    );
    let notice = app.last_email_to("ole@odense.dk").await;
    assert_eq!(notice.subject, "Din adgangskode til bymidter er ændret");
}

async fn refresh_tokens_rotate_and_a_reused_one_ends_the_session(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let phone = app.signup("anna@aarhus.dk", "Anna").await;
    let laptop = app.login_as("anna@aarhus.dk").await;

    let refresh = |token: String| {
        let app = &app;
        async move {
            app.post(
                "/api/v1/auth/refresh",
                None,
                &json!({"refresh_token": token}),
            )
            .await
        }
    };
    let first = refresh(phone.refresh_token.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let first = first.json();
    assert_eq!(first["token_type"], "Bearer");
    assert!(first["expires_in"].as_i64().unwrap_or(0) <= 900);
    let second_token = first["refresh_token"].as_str().expect("rt").to_owned();
    assert_ne!(second_token, phone.refresh_token);
    assert_eq!(second_token.len(), 43, "256 bits, base64url");
    let access = first["access_token"].as_str().expect("at").to_owned();
    assert_eq!(
        app.get_as("/api/v1/me", &access).await.status,
        StatusCode::OK
    );

    let second = refresh(second_token.clone()).await;
    assert_eq!(second.status, StatusCode::OK);
    let third_token = second.json()["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();

    // The first token again: someone has a copy. The whole chain ends.
    let reuse = refresh(phone.refresh_token.clone()).await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        reuse.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(refresh(third_token).await.status, StatusCode::UNAUTHORIZED);
    // The laptop's session is another family and lives on.
    assert_eq!(
        refresh(laptop.refresh_token.clone()).await.status,
        StatusCode::OK
    );
    // Nonsense is refused too.
    assert_eq!(
        refresh("not-a-token".into()).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn logout_ends_one_session_and_logout_everywhere_ends_them_all(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let phone = app.signup("bo@kolding.dk", "Bo").await;
    let laptop = app.login_as("bo@kolding.dk").await;
    let tablet = app.login_as("bo@kolding.dk").await;

    let out = app
        .post(
            "/api/v1/auth/logout",
            None,
            &json!({"refresh_token": phone.refresh_token}),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let dead = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": phone.refresh_token}),
        )
        .await;
    assert_eq!(dead.status, StatusCode::UNAUTHORIZED);
    let alive = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": laptop.refresh_token}),
        )
        .await;
    assert_eq!(alive.status, StatusCode::OK);
    let laptop_refresh = alive.json()["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();

    let anonymous = app
        .post("/api/v1/auth/logout-everywhere", None, &json!({}))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let everywhere = app
        .post(
            "/api/v1/auth/logout-everywhere",
            Some(&tablet.token),
            &json!({}),
        )
        .await;
    assert_eq!(everywhere.status, StatusCode::NO_CONTENT);
    for token in [&laptop.token, &tablet.token] {
        let me = app.get_as("/api/v1/me", token).await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    }
    for rt in [laptop_refresh, tablet.refresh_token.clone()] {
        let r = app
            .post("/api/v1/auth/refresh", None, &json!({"refresh_token": rt}))
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Logging in again works.
    let again = app.login_as("bo@kolding.dk").await;
    assert_eq!(
        app.get_as("/api/v1/me", &again.token).await.status,
        StatusCode::OK
    );
}

async fn email_links_that_are_forged_used_or_expired_change_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let owner = app.signup("ejer@horsens.dk", "Ejer").await;
    let org = app
        .create_org(&owner, "trade_association", "Horsens Handel", "615")
        .await;

    let forged = "A".repeat(43);
    for path in ["/api/v1/auth/verify-email"] {
        let r = app.post(path, None, &json!({"token": forged})).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
    }
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": forged, "new_password": NEW_PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let title = r.json()["detail"].as_str().unwrap_or_default().to_owned();
    assert!(title.contains("ugyldigt"), "{title}");
    assert_eq!(
        app.login("ejer@horsens.dk", PASSWORD).await.status,
        StatusCode::OK
    );
    let r = app
        .post(
            "/api/v1/invitations/accept",
            Some(&owner.token),
            &json!({"token": forged}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "x@horsens.dk", "password": PASSWORD, "name": "X", "invitation_token": forged}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        app.login("x@horsens.dk", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A used verification link.
    app.post(
        "/api/v1/auth/register",
        None,
        &json!({"email": "ny@horsens.dk", "password": PASSWORD, "name": "Ny"}),
    )
    .await;
    let link = app.last_email_to("ny@horsens.dk").await;
    let ok = app
        .post(
            "/api/v1/auth/verify-email",
            None,
            &json!({"token": link.token()}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let used = app
        .post(
            "/api/v1/auth/verify-email",
            None,
            &json!({"token": link.token()}),
        )
        .await;
    assert_eq!(used.status, StatusCode::BAD_REQUEST);

    // An invitation sent to someone else cannot be taken by a logged-in stranger.
    app.post(
        &format!("/api/v1/organizations/{org}/invitations"),
        Some(&owner.token),
        &json!({"email": "inviteret@horsens.dk", "role": "viewer"}),
    )
    .await;
    let invitation = app.last_email_to("inviteret@horsens.dk").await;
    let stranger = app.login_as("ny@horsens.dk").await;
    let taken = app
        .post(
            "/api/v1/invitations/accept",
            Some(&stranger.token),
            &json!({"token": invitation.token()}),
        )
        .await;
    assert_eq!(taken.status, StatusCode::FORBIDDEN);
    let other_address = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "tredje@horsens.dk", "password": PASSWORD, "name": "T", "invitation_token": invitation.token()}),
        )
        .await;
    assert_eq!(other_address.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(codes(&other_address.json()), ["invitation_token"]);
    let members = app
        .get_as(
            &format!("/api/v1/organizations/{org}/members"),
            &owner.token,
        )
        .await
        .json();
    assert_eq!(members.as_array().map(Vec::len), Some(1));

    // Expired links: an app whose links expire at once.
    let app = spawn_app_with(
        backend,
        "[auth]\nverification_ttl_hours = 0\ninvitation_ttl_days = 0\n",
    )
    .await;
    app.post(
        "/api/v1/auth/register",
        None,
        &json!({"email": "sen@horsens.dk", "password": PASSWORD, "name": "Sen"}),
    )
    .await;
    let late = app.last_email_to("sen@horsens.dk").await;
    let expired = app
        .post(
            "/api/v1/auth/verify-email",
            None,
            &json!({"token": late.token()}),
        )
        .await;
    assert_eq!(expired.status, StatusCode::BAD_REQUEST);
    let me = app.login_as("sen@horsens.dk").await;
    let me = app.get_as("/api/v1/me", &me.token).await.json();
    assert_eq!(me["email_verified"], false);
}

async fn bad_input_names_each_field_in_danish_and_in_english(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let body = json!({"email": "ikke en adresse", "password": "kort", "name": "  "});
    let danish = app.post("/api/v1/auth/register", None, &body).await;
    assert_eq!(danish.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        danish.header("content-type"),
        Some("application/problem+json")
    );
    let d = danish.json();
    assert_eq!(codes(&d), ["email", "password", "name"]);
    assert_eq!(d["title"], "Nogle felter er ikke udfyldt korrekt");
    assert!(
        d["errors"][1]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("mindst 12 tegn"),
        "{d}"
    );

    let english = app
        .call(
            reqwest::Method::POST,
            "/api/v1/auth/register",
            None,
            Some(&body),
            &[("accept-language", "en")],
        )
        .await
        .json();
    assert_eq!(codes(&english), ["email", "password", "name"]);
    assert_eq!(english["title"], "Some fields are not filled in correctly");
    assert!(
        english["errors"][1]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("at least 12 characters"),
        "{english}"
    );

    let cases = [
        (
            json!({"email": "a@b.dk", "password": "x".repeat(129), "name": "A"}),
            "password",
            "at most 128",
        ),
        (
            json!({"email": "a@b.dk", "password": "password1234", "name": "A"}),
            "password",
            "too common",
        ),
        (
            json!({"email": "a@b.dk", "password": PASSWORD, "name": "A", "admin": true}),
            "admin",
            "does not exist",
        ),
        (
            json!({"email": "a@b.dk", "password": PASSWORD, "name": 5}),
            "name",
            "wrong type",
        ),
        (
            json!({"email": "a@b.dk", "password": PASSWORD}),
            "name",
            "required",
        ),
        (
            json!({"email": "a@b.dk", "password": PASSWORD, "name": "A", "locale": "de"}),
            "locale",
            "not one of",
        ),
    ];
    for (body, field, message) in cases {
        let reply = app
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/register",
                None,
                Some(&body),
                &[("accept-language", "en")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let reply = reply.json();
        assert_eq!(codes(&reply), [field], "{body}: {reply}");
        let text = reply["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{body}: {text}");
    }
    assert_eq!(
        app.login("a@b.dk", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Login, reset and resend refuse a malformed address the same way.
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/password-reset",
        "/api/v1/auth/resend-verification",
    ] {
        let body = if path.ends_with("login") {
            json!({"email": "nope", "password": "x"})
        } else {
            json!({"email": "nope"})
        };
        let reply = app.post(path, None, &body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(codes(&reply.json()), ["email"], "{path}");
    }

    // Organisations.
    let user = app.signup("test@fredericia.dk", "Test").await;
    let org_cases = [
        (
            json!({"name": "X", "kind": "castle", "municipality_code": "607"}),
            vec!["kind"],
        ),
        (
            json!({"name": "X", "kind": "municipality", "municipality_code": "9999"}),
            vec!["municipality_code"],
        ),
        (
            json!({"name": "X", "kind": "municipality", "municipality_code": "12345"}),
            vec!["municipality_code"],
        ),
        (
            json!({"name": "X", "kind": "town_partnership"}),
            vec!["municipality_code"],
        ),
        (
            json!({"name": "", "kind": "other", "municipality_code": "607"}),
            vec!["name"],
        ),
        (
            json!({"name": "", "kind": "other"}),
            vec!["name", "municipality_code"],
        ),
    ];
    for (body, fields) in org_cases {
        let reply = app
            .post("/api/v1/organizations", Some(&user.token), &body)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.text
        );
        assert_eq!(codes(&reply.json()), fields, "{body}");
    }
    let not_json = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("email=a")
        .send()
        .await
        .expect("sent");
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    let mine = app
        .get_as("/api/v1/organizations", &user.token)
        .await
        .json();
    assert_eq!(mine["items"], json!([]), "nothing was created");
}

async fn a_person_changes_name_language_and_email_frequency(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let user = app.signup("sofie@aalborg.dk", "Sofie").await;
    let me = app.get_as("/api/v1/me", &user.token).await.json();
    assert_eq!(me["locale"], "da");
    assert_eq!(me["email_frequency"], "daily");
    assert_eq!(me["platform_role"], "none");
    assert_eq!(me["email_verified"], true);
    assert_eq!(me["memberships"], json!([]));

    let changed = app
        .patch(
            "/api/v1/me",
            Some(&user.token),
            &json!({"name": "Sofie Krag", "locale": "en", "email_frequency": "weekly"}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    let me = changed.json();
    assert_eq!(
        (
            me["name"].clone(),
            me["locale"].clone(),
            me["email_frequency"].clone()
        ),
        (json!("Sofie Krag"), json!("en"), json!("weekly"))
    );
    // Errors now speak the user's language.
    let bad = app
        .patch(
            "/api/v1/me",
            Some(&user.token),
            &json!({"email_frequency": "hourly", "name": ""}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.json()["title"],
        "Some fields are not filled in correctly"
    );
    let unchanged = app.get_as("/api/v1/me", &user.token).await.json();
    assert_eq!(unchanged["email_frequency"], "weekly");
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
}

async fn emails_follow_the_readers_language(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let reply = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "emma@esbjerg.dk", "password": PASSWORD, "name": "Emma", "locale": "en"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    let email = app.last_email_to("emma@esbjerg.dk").await;
    assert_eq!(email.subject, "Confirm your email address at bymidter");
    assert!(email.text.starts_with("Hello Emma"), "{}", email.text);
    assert!(email.html.contains("<html lang=\"en\">"));
    assert!(
        email
            .header("message-id")
            .is_some_and(|id| id.ends_with("@bymidter.test>"))
    );
    assert!(
        email
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("multipart/alternative"))
    );

    // An Accept-Language of English makes an English account, too.
    app.call(
        reqwest::Method::POST,
        "/api/v1/auth/register",
        None,
        Some(&json!({"email": "liam@esbjerg.dk", "password": PASSWORD, "name": "Liam"})),
        &[("accept-language", "en-GB")],
    )
    .await;
    let email = app.last_email_to("liam@esbjerg.dk").await;
    assert_eq!(email.subject, "Confirm your email address at bymidter");
}
