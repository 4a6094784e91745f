//! The account, organisation and admin pages in a real headless Chromium: a city manager
//! registers, opens the confirmation link from the email that arrived on the SMTP server, logs
//! in, creates her organisation and logs out, in Danish and again in English; every new page
//! type passes axe-core logged in and out; the log-in form works with the keyboard alone.
//! Screenshots go to `target/screenshots/`.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::chromium::{self, axe_violations, eval, press, screenshot};
use crate::helpers::{PASSWORD, TestApp, TestBackend, spawn_app, spawn_app_with};

pub(crate) async fn fill(client: &Client, css: &str, text: &str) {
    let field = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.expect("cleared");
    field.send_keys(text).await.expect("typed");
}

pub(crate) async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

/// Waits until the page's path is `path`.
pub(crate) async fn wait_for_path(client: &Client, path: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let url = client.current_url().await.expect("url");
        if url.path() == path {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still at {url}, waiting for {path}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) async fn text_of(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .expect("text")
}

/// Runs axe on the open page, saves a screenshot, and collects what axe found.
pub(crate) async fn check(client: &Client, axe: &str, shot: &str, found: &mut Vec<String>) {
    let url = client.current_url().await.expect("url");
    found.extend(
        axe_violations(client, axe)
            .await
            .into_iter()
            .map(|v| format!("{shot} ({url}): {v}")),
    );
    screenshot(client, shot, 1280).await;
}

/// The texts a story expects in its language.
pub(crate) struct Words {
    pub(crate) lang: &'static str,
    check_email: &'static str,
    confirmed: &'static str,
    my_page: &'static str,
    pub(crate) logged_out: &'static str,
    log_in: &'static str,
}

pub(crate) const DANISH: Words = Words {
    lang: "da",
    check_email: "Tjek din e-mail",
    confirmed: "Din e-mailadresse er bekræftet.",
    my_page: "Min side",
    logged_out: "Du er logget ud.",
    log_in: "Log ind",
};

pub(crate) const ENGLISH: Words = Words {
    lang: "en",
    check_email: "Check your email",
    confirmed: "Your email address is confirmed.",
    my_page: "My page",
    logged_out: "You are logged out.",
    log_in: "Log in",
};

/// Register -> the link from the email -> log in -> create an organisation; the story ends
/// on the new organisation's page, logged in. What axe found goes into `found`.
pub(crate) async fn register_and_create_organisation(
    client: &Client,
    app: &TestApp,
    (axe, w): (&str, &Words),
    (name, email, organisation, municipality): (&str, &str, &str, &str),
    found: &mut Vec<String>,
) {
    let lang = w.lang;
    client
        .goto(&app.url(&format!("/opret-konto?lang={lang}")))
        .await
        .expect("register page");
    check(client, axe, &format!("story-register-{lang}"), found).await;
    fill(client, "#name", name).await;
    fill(client, "#email", email).await;
    fill(client, "#password", PASSWORD).await;
    click(client, "main form button[type=submit]").await;
    wait_for_path(client, "/opret-konto/tjek-din-email").await;
    assert_eq!(text_of(client, "h1").await, w.check_email);
    check(client, axe, &format!("story-check-email-{lang}"), found).await;

    // The email arrived on the SMTP server; its link opens the confirmation page.
    let link = app.last_email_to(email).await.link_with_token();
    client.goto(&link).await.expect("link opens");
    check(client, axe, &format!("story-verify-{lang}"), found).await;
    click(client, "main form button[type=submit]").await;
    wait_for_path(client, "/log-ind").await;
    assert_eq!(text_of(client, ".notice-success").await, w.confirmed);
    check(client, axe, &format!("story-login-{lang}"), found).await;

    fill(client, "#email", email).await;
    fill(client, "#password", PASSWORD).await;
    click(client, "main form button[type=submit]").await;
    wait_for_path(client, "/min-side").await;
    assert_eq!(text_of(client, "h1").await, w.my_page);
    assert_eq!(text_of(client, ".account-who-name").await, name);
    check(client, axe, &format!("story-my-page-{lang}"), found).await;

    click(client, "main a[href=\"/organisationer/ny\"]").await;
    wait_for_path(client, "/organisationer/ny").await;
    check(
        client,
        axe,
        &format!("story-organisation-new-{lang}"),
        found,
    )
    .await;
    fill(client, "#name", organisation).await;
    click(client, "#kind-town_partnership").await;
    client
        .find(Locator::Css("#municipality-code"))
        .await
        .expect("the municipality list")
        .select_by_value(municipality)
        .await
        .expect("a municipality chosen");
    click(client, "main form button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css(".notice-success"))
        .await
        .expect("created");
    assert_eq!(text_of(client, "h1").await, organisation);
    check(client, axe, &format!("story-organisation-{lang}"), found).await;
}

/// Register -> the link from the email -> log in -> create an organisation -> log out.
async fn registration_story(
    client: &Client,
    app: &TestApp,
    axe: &str,
    w: &Words,
    person: (&str, &str, &str, &str),
) -> Vec<String> {
    let mut found = Vec::new();
    let lang = w.lang;
    register_and_create_organisation(client, app, (axe, w), person, &mut found).await;

    click(client, "main .notice a").await;
    client
        .wait()
        .for_element(Locator::Css("#members-list"))
        .await
        .expect("the members page");
    check(client, axe, &format!("story-members-{lang}"), &mut found).await;

    click(client, ".logout-form button").await;
    wait_for_path(client, "/").await;
    assert_eq!(text_of(client, ".notice-success").await, w.logged_out);
    assert_eq!(
        text_of(client, ".account-links a[href^=\"/log-ind\"]").await,
        w.log_in
    );
    screenshot(client, &format!("story-logged-out-{lang}"), 1280).await;
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_manager_registers_and_creates_her_partnership_in_danish() {
    let test = "a_city_manager_registers_and_creates_her_partnership_in_danish";
    let Some(axe) = chromium::axe_source(test) else {
        return;
    };
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    browser
        .run(|client| async move {
            let found = registration_story(
                &client,
                &app,
                &axe,
                &DANISH,
                (
                    "Mette Sørensen",
                    "mette@naestved-city.dk",
                    "Næstved City",
                    "370",
                ),
            )
            .await;
            assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_registers_and_creates_an_organisation_in_english() {
    let test = "a_planner_registers_and_creates_an_organisation_in_english";
    let Some(axe) = chromium::axe_source(test) else {
        return;
    };
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    browser
        .run(|client| async move {
            let found = registration_story(
                &client,
                &app,
                &axe,
                &ENGLISH,
                ("Sam Carter", "sam@aarhus.dk", "Aarhus Planning", "751"),
            )
            .await;
            assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_in_form_is_filled_and_sent_with_the_keyboard_alone() {
    let test = "the_log_in_form_is_filled_and_sent_with_the_keyboard_alone";
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    app.signup("tastatur@randers.dk", "Tastatur").await;
    browser
        .run(|client| async move {
            client
                .goto(&app.url("/log-ind"))
                .await
                .expect("log-in page");
            // Tab from the top of the page to the email field, in the order of the page.
            let mut stops = Vec::new();
            for _ in 0..40 {
                press(&client, Key::Tab).await;
                let id = eval(&client, "return document.activeElement.id;").await;
                stops.push(id.clone());
                if id == "email" {
                    break;
                }
            }
            assert_eq!(
                stops.last(),
                Some(&Value::from("email")),
                "the email field is reached with Tab: {stops:?}"
            );
            let visible_focus = eval(
                &client,
                "const s = getComputedStyle(document.activeElement);
                 return s.outlineStyle !== 'none' || s.boxShadow !== 'none';",
            )
            .await;
            assert_eq!(visible_focus, Value::Bool(true), "focus is visible");
            client
                .active_element()
                .await
                .expect("focused")
                .send_keys("tastatur@randers.dk")
                .await
                .expect("typed");
            press(&client, Key::Tab).await;
            assert_eq!(
                eval(&client, "return document.activeElement.id;").await,
                Value::from("password"),
                "the password field comes next"
            );
            client
                .active_element()
                .await
                .expect("focused")
                .send_keys(PASSWORD)
                .await
                .expect("typed");
            screenshot(&client, "keyboard-login-filled", 1280).await;
            press(&client, Key::Enter).await;
            wait_for_path(&client, "/min-side").await;
            assert_eq!(text_of(&client, ".account-who-name").await, "Tastatur");

            // A wrong password: the error summary takes focus, and its link leads to the field.
            client
                .find(Locator::Css(".logout-form button"))
                .await
                .expect("log out")
                .click()
                .await
                .expect("clicked");
            wait_for_path(&client, "/").await;
            client
                .goto(&app.url("/log-ind"))
                .await
                .expect("log-in page");
            let email = client.find(Locator::Css("#email")).await.expect("email");
            email.send_keys("tastatur@randers.dk").await.expect("typed");
            press(&client, Key::Tab).await;
            client
                .active_element()
                .await
                .expect("focused")
                .send_keys("forkert adgangskode")
                .await
                .expect("typed");
            press(&client, Key::Enter).await;
            client
                .wait()
                .for_element(Locator::Css(".error-summary"))
                .await
                .expect("an error summary");
            let focused = eval(
                &client,
                "return document.activeElement.classList.contains('error-summary');",
            )
            .await;
            assert_eq!(focused, Value::Bool(true), "the summary takes focus");
            press(&client, Key::Tab).await;
            press(&client, Key::Enter).await;
            let landed = eval(&client, "return document.activeElement.id;").await;
            assert_eq!(
                landed,
                Value::from("password"),
                "the summary's link leads to the field"
            );
            screenshot(&client, "keyboard-login-error", 1280).await;
        })
        .await;
}

/// The pages of every new type, with what they need: an organisation with an open invitation,
/// a dead email, an admin who owns the organisation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_account_page_type_passes_axe_logged_in_and_out() {
    let test = "every_account_page_type_passes_axe_logged_in_and_out";
    let Some(axe) = chromium::axe_source(test) else {
        return;
    };
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app_with(TestBackend::Sqlite, "[outbox]\nmax_attempts = 1\n").await;
    let owner = app.signup("drift@bymidter.dk", "Drift Ejer").await;
    app.grant(&owner.email, "admin").await;
    let org = app
        .create_org(&owner, "city_management", "Viborg Citymanagement", "791")
        .await;
    app.invite_and_join(&owner, &org, "kollega@viborg.dk", "editor")
        .await;
    let invited = app
        .post_as(
            &format!("/api/v1/organizations/{org}/invitations"),
            &owner.token,
            &serde_json::json!({"email": "ny@viborg.dk", "role": "viewer"}),
        )
        .await;
    assert!(invited.status.is_success(), "{}", invited.text);
    let invitation = app.last_email_to("ny@viborg.dk").await.token();
    app.smtp.stop().await;
    app.post(
        "/api/v1/auth/register",
        None,
        &serde_json::json!({"email": "uheldig@viborg.dk", "password": PASSWORD, "name": "Uheldig"}),
    )
    .await;
    assert_eq!(app.run_outbox_once().await.dead, 1);
    app.smtp.restart();

    let logged_out: Vec<(&str, String)> = vec![
        ("login", "/log-ind".into()),
        ("register", "/opret-konto".into()),
        (
            "register-invited",
            format!("/opret-konto?invitation={invitation}"),
        ),
        ("check-email", "/opret-konto/tjek-din-email".into()),
        ("resend", "/opret-konto/nyt-link".into()),
        ("verify", "/verify-email?token=abc".into()),
        ("verify-incomplete", "/verify-email".into()),
        ("forgot", "/glemt-adgangskode".into()),
        ("forgot-sent", "/glemt-adgangskode/sendt".into()),
        ("reset", "/reset-password?token=abc".into()),
        ("reset-incomplete", "/reset-password".into()),
        (
            "invitation-out",
            format!("/invitations/accept?token={invitation}"),
        ),
        ("invitation-invalid", "/invitations/accept?token=abc".into()),
        (
            "organisation-out",
            "/organisationer/viborg-citymanagement".into(),
        ),
    ];
    let logged_in: Vec<(&str, String)> = vec![
        ("front-in", "/".into()),
        ("my-page", "/min-side".into()),
        ("settings", "/min-side/indstillinger".into()),
        ("change-password", "/min-side/adgangskode".into()),
        ("organisation-new", "/organisationer/ny".into()),
        (
            "organisation-in",
            "/organisationer/viborg-citymanagement".into(),
        ),
        (
            "members",
            "/organisationer/viborg-citymanagement/medlemmer".into(),
        ),
        (
            "invitation-other",
            format!("/invitations/accept?token={invitation}"),
        ),
        ("admin", "/admin".into()),
        ("admin-catalogue", "/admin/katalog".into()),
        ("admin-edit", "/admin/katalog/anbefalinger/P3".into()),
        (
            "admin-retire",
            "/admin/katalog/anbefalinger/P3/tilbagetraek".into(),
        ),
        ("admin-emails", "/admin/e-mails".into()),
        ("admin-roles", "/admin/roller".into()),
        ("not-found-in", "/organisationer/findes-ikke".into()),
    ];
    browser
        .run(|client| async move {
            let mut found = Vec::new();
            let open = |path: &str, lang: &str| {
                let sep = if path.contains('?') { '&' } else { '?' };
                app.url(&format!("{path}{sep}lang={lang}"))
            };
            for lang in ["da", "en"] {
                for (name, path) in &logged_out {
                    client.goto(&open(path, lang)).await.expect("page opens");
                    check(&client, &axe, &format!("{name}-{lang}"), &mut found).await;
                }
                // A form sent back with errors.
                client
                    .goto(&open("/opret-konto", lang))
                    .await
                    .expect("page");
                click(&client, "main form button[type=submit]").await;
                client
                    .wait()
                    .for_element(Locator::Css(".error-summary"))
                    .await
                    .expect("errors");
                check(
                    &client,
                    &axe,
                    &format!("register-errors-{lang}"),
                    &mut found,
                )
                .await;

                // Logged in, as the admin who owns the organisation.
                client.goto(&open("/log-ind", lang)).await.expect("page");
                fill(&client, "#email", "drift@bymidter.dk").await;
                fill(&client, "#password", PASSWORD).await;
                click(&client, "main form button[type=submit]").await;
                wait_for_path(&client, "/min-side").await;
                for (name, path) in &logged_in {
                    client.goto(&open(path, lang)).await.expect("page opens");
                    check(&client, &axe, &format!("{name}-{lang}"), &mut found).await;
                }
                client
                    .goto(&open("/organisationer/ny", lang))
                    .await
                    .expect("page");
                click(&client, "main form button[type=submit]").await;
                client
                    .wait()
                    .for_element(Locator::Css(".error-summary"))
                    .await
                    .expect("errors");
                check(
                    &client,
                    &axe,
                    &format!("organisation-new-errors-{lang}"),
                    &mut found,
                )
                .await;
                // The last owner tries to leave: the page says why not.
                client
                    .goto(&open(
                        "/organisationer/viborg-citymanagement/medlemmer",
                        lang,
                    ))
                    .await
                    .expect("page");
                click(&client, "#members-leave ~ form button").await;
                client
                    .wait()
                    .for_element(Locator::Css(".error-summary"))
                    .await
                    .expect("the last-owner error");
                check(
                    &client,
                    &axe,
                    &format!("members-last-owner-{lang}"),
                    &mut found,
                )
                .await;
                click(&client, ".logout-form button").await;
                wait_for_path(&client, "/").await;
            }
            // Small screens: the header with the account links, and the members table.
            client
                .goto(&app.url("/log-ind?lang=da"))
                .await
                .expect("page");
            screenshot(&client, "login-da-mobile", 390).await;
            assert!(
                found.is_empty(),
                "axe found {} violations:\n{}",
                found.len(),
                found.join("\n")
            );
        })
        .await;
}
