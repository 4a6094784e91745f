//! The editors' pages in a real headless Chromium: a city manager registers, opens the
//! confirmation link from the email that arrived on the SMTP server, logs in, creates her
//! organisation, registers a collaboration in the form with two recommendation links,
//! previews and publishes it, logs out, finds it through the front page's search box and
//! opens it; in Danish, and again in English. Every editor page type passes axe-core logged
//! in, the form with errors too; screenshots go to `target/screenshots/`.

use fantoccini::{Client, Locator};

use crate::account_browser::{
    DANISH, ENGLISH, Words, check, click, fill, register_and_create_organisation, text_of,
    wait_for_path,
};
use crate::chromium::{self, screenshot};
use crate::helpers::{TestApp, TestBackend, spawn_app};

async fn choose(client: &Client, css: &str, value: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{css} = {value}: {e}"));
}

/// Submits a form with its button `css` and waits for the notice of the page that follows. The
/// page the form is on may show a notice of its own (from the step before), so this waits for
/// that page to be gone before it looks.
async fn submit(client: &Client, css: &str) {
    let before = client.find(Locator::Css(".notice-success")).await.ok();
    click(client, css).await;
    if let Some(old) = before {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while old.text().await.is_ok() {
            assert!(
                std::time::Instant::now() < deadline,
                "the page stayed after submitting {css}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    client
        .wait()
        .for_element(Locator::Css(".notice-success"))
        .await
        .expect("a notice");
}

/// The collaboration a story registers.
struct Story {
    person: (&'static str, &'static str, &'static str, &'static str),
    title: &'static str,
    summary: &'static str,
    town: &'static str,
    search: &'static str,
}

/// The story after the organisation exists: register -> link two recommendations ->
/// preview -> publish -> log out -> search -> open.
async fn collaboration_story(
    client: &Client,
    app: &TestApp,
    (axe, w): (&str, &Words),
    story: &Story,
) -> Vec<String> {
    let mut found = Vec::new();
    let lang = w.lang;
    register_and_create_organisation(client, app, (axe, w), story.person, &mut found).await;
    let municipality = story.person.3;

    click(client, "main a[href=\"/samarbejder/ny\"]").await;
    wait_for_path(client, "/samarbejder/ny").await;
    check(client, axe, &format!("editor-new-{lang}"), &mut found).await;

    // Sent half-filled: the errors are named, the input kept.
    fill(client, "#title", story.title).await;
    click(client, "main form button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css(".error-summary"))
        .await
        .expect("the error summary");
    check(
        client,
        axe,
        &format!("editor-new-errors-{lang}"),
        &mut found,
    )
    .await;
    let kept = client
        .find(Locator::Css("#title"))
        .await
        .expect("title")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(kept.as_deref(), Some(story.title));

    fill(client, "#summary", story.summary).await;
    fill(
        client,
        "#description",
        "Vi lejer **tomme butikker** ud til iværksættere.",
    )
    .await;
    choose(client, "#municipality-code", municipality).await;
    fill(client, "#town", story.town).await;
    fill(client, "#town-population", "43000").await;
    click(client, "#organisation-model-formal_private").await;
    click(client, "#themes-2").await;
    click(client, "#partner-kinds-retail").await;
    click(client, "#status-active").await;
    click(client, "#visibility-public").await;
    submit(client, "main form button[type=submit]").await;
    let edit = client.current_url().await.expect("url").path().to_owned();
    assert!(edit.ends_with("/rediger"), "{edit}");
    let base = edit.trim_end_matches("/rediger").to_owned();

    for (code, status) in [("P3", "planned"), ("P4", "in_progress")] {
        choose(client, "#recommendation", code).await;
        choose(client, "#rec-status", status).await;
        fill(client, "#rec-note", "Aftalt med kommunen.").await;
        submit(client, "#anbefaling-form button[type=submit]").await;
    }
    let linked = client
        .find_all(Locator::Css(".linked-recommendations .code"))
        .await
        .expect("links");
    assert_eq!(linked.len(), 2);
    check(client, axe, &format!("editor-edit-{lang}"), &mut found).await;

    click(client, "main button[value=preview]").await;
    client
        .wait()
        .for_element(Locator::Css("#preview-title"))
        .await
        .expect("the preview");
    assert_eq!(
        text_of(client, ".preview-box strong").await,
        "tomme butikker"
    );
    check(client, axe, &format!("editor-preview-{lang}"), &mut found).await;

    client
        .goto(&app.url(&format!("{base}/slet")))
        .await
        .expect("delete page");
    check(client, axe, &format!("editor-delete-{lang}"), &mut found).await;
    client
        .goto(&app.url(&format!("{base}/erfaringer/ny")))
        .await
        .expect("experience page");
    check(
        client,
        axe,
        &format!("editor-experience-new-{lang}"),
        &mut found,
    )
    .await;

    client.goto(&app.url(&edit)).await.expect("edit page");
    submit(client, ".editor-actions button[type=submit]").await;
    wait_for_path(client, &base).await;
    assert_eq!(text_of(client, "h1").await, story.title);
    check(client, axe, &format!("editor-published-{lang}"), &mut found).await;

    click(client, ".logout-form button").await;
    wait_for_path(client, "/").await;
    assert_eq!(text_of(client, ".notice-success").await, w.logged_out);
    fill(client, "#q", story.search).await;
    click(client, ".search-form button[type=submit]").await;
    wait_for_path(client, "/samarbejder").await;
    check(client, axe, &format!("editor-search-{lang}"), &mut found).await;
    click(client, &format!(".collab-results a[href=\"{base}\"]")).await;
    wait_for_path(client, &base).await;
    assert_eq!(text_of(client, "h1").await, story.title);
    let codes = client
        .find_all(Locator::Css(".link-rows .code"))
        .await
        .expect("links");
    assert_eq!(codes.len(), 2, "both recommendation links are shown");
    screenshot(client, &format!("editor-found-{lang}"), 1280).await;
    found
}

async fn run(test: &str, w: &'static Words, story: Story) {
    let Some(axe) = chromium::axe_source(test) else {
        return;
    };
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    browser
        .run(|client| async move {
            let found = collaboration_story(&client, &app, (&axe, w), &story).await;
            assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_manager_registers_publishes_and_finds_her_collaboration_in_danish() {
    run(
        "a_city_manager_registers_publishes_and_finds_her_collaboration_in_danish",
        &DANISH,
        Story {
            person: (
                "Mette Sørensen",
                "mette@naestved-city.dk",
                "Næstved City",
                "370",
            ),
            title: "Levende Næstved",
            summary: "Handlende og ejendomsejere fylder de tomme butikker med pop-up butikker.",
            town: "Næstved",
            search: "tomme butikker",
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_registers_publishes_and_finds_a_collaboration_in_english() {
    run(
        "a_planner_registers_publishes_and_finds_a_collaboration_in_english",
        &ENGLISH,
        Story {
            person: ("Sam Carter", "sam@aarhus.dk", "Aarhus Midtby", "751"),
            title: "Aarhus Latin Quarter",
            summary: "Shops and property owners bring pop-up shops to empty units.",
            town: "Aarhus",
            search: "Latin Quarter",
        },
    )
    .await;
}
