//! The registry's pages in a real headless Chromium: every page type passes axe-core (WCAG 2.1
//! A and AA) in Danish and English, logged out and in, with screenshots in
//! `target/screenshots/`; and a planner finds a published collaboration through the list's
//! filters and opens it.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::chromium::{self, axe_violations, eval, screenshot};
use crate::helpers::{TestApp, TestBackend, spawn_app};
use crate::registry::partnership;
use crate::registry_pages::{at, body, collaboration, link, org_slug, page_path, tool};

/// What the seeded registry holds, by page.
struct Seeded {
    collaboration: String,
    experience: String,
    admin_token: String,
}

/// A registry with a history worth drawing: collaborations in several regions whose links
/// moved through 2025, tools with outcomes, an experience with a question, an answer and a
/// reported comment.
async fn seed(app: &TestApp) -> Seeded {
    let p = partnership(app, "mette@naestved.dk", "Næstved Bymidte").await;
    let org = org_slug(app, &p).await;
    app.state.clock.set(Some(at(2025, 1, 15)));
    let places = [
        ("Næstved Bymidte", "370", 43_000, "formal_private"),
        ("Faxe Handel", "320", 3_500, "informal_private"),
        ("Odense City", "461", 180_000, "formal_public"),
        ("Aarhus Midtby", "751", 290_000, "formal_private"),
        ("Holbæk By", "316", 28_000, "informal_public"),
        ("Viborg Centrum", "791", 40_000, "formal_private"),
        ("Tønder Handel", "550", 7_500, "informal_private"),
    ];
    let mut all = Vec::new();
    for (title, municipality, population, model) in places {
        let c = collaboration(
            app,
            &p,
            body(
                title,
                municipality,
                json!({"town": title.split(' ').next().unwrap_or(title), "town_population": population, "organisation_model": model}),
            ),
            true,
        )
        .await;
        all.push(c);
    }
    let script: [(u32, usize, &str, &str); 14] = [
        (1, 0, "P3", "planned"),
        (1, 1, "P3", "considered"),
        (2, 2, "P3", "planned"),
        (2, 3, "P4", "in_progress"),
        (4, 0, "P3", "in_progress"),
        (5, 4, "P1", "planned"),
        (6, 2, "P3", "implemented"),
        (7, 5, "P3", "planned"),
        (8, 0, "P3", "implemented"),
        (9, 6, "P5", "considered"),
        (10, 3, "P4", "implemented"),
        (11, 1, "P3", "abandoned"),
        (11, 5, "P2", "in_progress"),
        (12, 2, "P3", "evaluated"),
    ];
    for (month, i, code, status) in script {
        app.state.clock.set(Some(at(2025, month, 20)));
        link(app, &p, &all[i], code, status).await;
    }
    app.state.clock.set(Some(at(2026, 2, 10)));
    for (i, outcome) in [
        (0, json!("helped")),
        (1, json!("did_not_help")),
        (2, json!("helped")),
        (3, json!("neutral")),
        (5, Value::Null),
    ] {
        tool(app, &p, &all[i], "foranalyser", outcome).await;
    }
    tool(app, &p, &all[0], "oekonomi", json!("helped")).await;
    collaboration(
        app,
        &p,
        body("Lukket Kreds", "370", json!({"visibility": "private"})),
        true,
    )
    .await;

    let naestved = &all[0];
    let id = naestved["id"].as_str().expect("id");
    app.patch_as(
        &format!("/api/v1/collaborations/{id}"),
        &p.owner.token,
        &json!({"summary": "Handlende, ejendomsejere og kommunen gør bymidten levende sammen."}),
    )
    .await;
    let exp = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({
                "title": "Pop-up i tomme butikker",
                "body": "Vi lånte **tre** tomme butikker af ejerne og lod lokale iværksættere prøve dem af i tre måneder.",
                "what_worked": "Ejerne sagde ja, fordi de slap for tomme vinduer.",
                "what_did_not": "Tre måneder var for kort til at finde faste lejere.",
                "advice": "Aftal fra start, hvad der sker bagefter.",
                "themes": ["5"]
            }),
        )
        .await
        .json();
    let exp_id = exp["id"].as_str().expect("id").to_owned();
    app.post_as(
        &format!("/api/v1/experiences/{exp_id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    let peer = app.signup("per@faxe.dk", "Per Planlægger").await;
    let question = app
        .post_as(
            &format!("/api/v1/experiences/{exp_id}/comments"),
            &peer.token,
            &json!({"body": "Hvordan fandt I iværksætterne?", "kind": "question"}),
        )
        .await
        .json();
    app.post_as(
        &format!("/api/v1/experiences/{exp_id}/comments"),
        &p.owner.token,
        &json!({"body": "Gennem erhvervsskolen og et opslag i avisen.", "answer_to": question["id"]}),
    )
    .await;
    let spam = app
        .post_as(
            &format!("/api/v1/experiences/{exp_id}/comments"),
            &peer.token,
            &json!({"body": "Se mine tilbud på ure!"}),
        )
        .await
        .json();
    app.post_as(
        "/api/v1/reports",
        &p.owner.token,
        &json!({"target_type": "comment", "target_id": spam["id"], "reason": "Reklame"}),
    )
    .await;

    app.signup("drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;
    let admin = app.login_as("drift@bymidter.dk").await;
    let path = page_path(naestved, &org);
    Seeded {
        experience: format!("{path}/erfaringer/{exp_id}"),
        collaboration: path,
        admin_token: admin.token,
    }
}

async fn html_lang(client: &fantoccini::Client) -> String {
    eval(client, "return document.documentElement.lang;")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Opens `url`, checks its language, runs axe and saves a screenshot; returns the violations.
async fn check_page(
    client: &fantoccini::Client,
    axe: &str,
    url: &str,
    lang: &str,
    shot: &str,
) -> Vec<String> {
    client.goto(url).await.expect("page opens");
    assert_eq!(html_lang(client).await, lang, "{url}");
    let title = client.title().await.expect("title");
    assert!(title.contains("bymidter"), "{url}: title {title:?}");
    let found = axe_violations(client, axe).await;
    screenshot(client, shot, 1280).await;
    found.into_iter().map(|v| format!("{url}: {v}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_registry_page_type_passes_axe_in_danish_and_english() {
    let test = "every_registry_page_type_passes_axe_in_danish_and_english";
    let Some(axe) = chromium::axe_source(test) else {
        return;
    };
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    let seeded = seed(&app).await;
    browser
        .run(|client| async move {
            let public: Vec<(&str, String)> = vec![
                ("collaborations", "/samarbejder".into()),
                (
                    "collaborations-filtered",
                    "/samarbejder?region=1085&recommendation=P3&recommendation_status=implemented"
                        .into(),
                ),
                (
                    "collaborations-errors",
                    "/samarbejder?region=9&from=maj".into(),
                ),
                (
                    "collaborations-free-text",
                    "/samarbejder?q=tomme+butikker".into(),
                ),
                ("collaboration", seeded.collaboration.clone()),
                (
                    "collaboration-history",
                    format!("{}/historik", seeded.collaboration),
                ),
                ("experience", seeded.experience.clone()),
                ("uptake", "/udbredelse".into()),
                (
                    "uptake-filtered",
                    "/udbredelse?region=1085&to=2025-09-30".into(),
                ),
                ("uptake-timeline", "/udbredelse/P3?interval=quarter".into()),
                (
                    "uptake-timeline-months",
                    "/udbredelse/P3?interval=month".into(),
                ),
                ("open-data", "/aabne-data".into()),
                (
                    "recommendation-with-collaborations",
                    "/anbefalinger/P3".into(),
                ),
                (
                    "toolbox-entry-with-collaborations",
                    "/vaerktoejer/foranalyser".into(),
                ),
                ("municipality-with-collaborations", "/kommuner/370".into()),
                ("region-with-collaborations", "/regioner/1085".into()),
                ("theme-with-collaborations", "/temaer/2".into()),
            ];
            let mut violations = Vec::new();
            for lang in ["da", "en"] {
                for (name, path) in &public {
                    let sep = if path.contains('?') { '&' } else { '?' };
                    let url = app.url(&format!("{path}{sep}lang={lang}"));
                    violations.extend(
                        check_page(&client, &axe, &url, lang, &format!("{name}-{lang}")).await,
                    );
                }
            }
            for (name, path) in [
                ("collaborations", "/samarbejder?lang=da"),
                ("uptake", "/udbredelse?lang=da"),
                (
                    "collaboration",
                    &format!("{}?lang=da", seeded.collaboration),
                ),
            ] {
                client.goto(&app.url(path)).await.expect("page opens");
                screenshot(&client, &format!("{name}-da-mobile"), 390).await;
            }

            // Logged in as an admin: the moderation queue, and what logged-in readers see.
            client.goto(&app.url("/")).await.expect("page opens");
            // Until the login pages set it, the access token goes in as the cookie they will set.
            eval(
                &client,
                &format!(
                    "document.cookie = 'bymidter_access={}; path=/; samesite=lax'; return true;",
                    seeded.admin_token
                ),
            )
            .await;
            for lang in ["da", "en"] {
                for (name, path) in [
                    ("moderation", "/admin/moderering".to_owned()),
                    ("collaboration-logged-in", seeded.collaboration.clone()),
                    ("experience-logged-in", seeded.experience.clone()),
                ] {
                    let url = app.url(&format!("{path}?lang={lang}"));
                    violations.extend(
                        check_page(&client, &axe, &url, lang, &format!("{name}-{lang}")).await,
                    );
                }
            }
            client
                .goto(&app.url("/admin/moderering?lang=da"))
                .await
                .expect("queue opens");
            let text = client
                .find(Locator::Css("main"))
                .await
                .expect("main")
                .text()
                .await
                .expect("text");
            assert!(text.contains("Se mine tilbud på ure!"), "{text}");
            assert!(text.contains("Reklame"));

            assert!(
                violations.is_empty(),
                "axe found {} violations:\n{}",
                violations.len(),
                violations.join("\n")
            );
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_finds_a_published_collaboration_through_the_filters_and_opens_it() {
    let test = "a_planner_finds_a_published_collaboration_through_the_filters_and_opens_it";
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let naestved = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let faxe = collaboration(
        &app,
        &p,
        body("Faxe Handel", "320", json!({"town": "Faxe"})),
        true,
    )
    .await;
    let odense = collaboration(
        &app,
        &p,
        body("Odense City", "461", json!({"town": "Odense"})),
        true,
    )
    .await;
    let private = collaboration(
        &app,
        &p,
        body("Lukket Kreds", "370", json!({"visibility": "private"})),
        true,
    )
    .await;
    link(&app, &p, &naestved, "P3", "implemented").await;
    link(&app, &p, &faxe, "P3", "planned").await;
    link(&app, &p, &odense, "P3", "implemented").await;
    link(&app, &p, &private, "P3", "implemented").await;
    browser
        .run(|client| async move {
            client
                .goto(&app.url("/samarbejder"))
                .await
                .expect("the list opens");
            for (select, value) in [
                ("#filter-region", "1085"),
                ("#filter-recommendation", "P3"),
                ("#filter-recommendation-status", "implemented"),
            ] {
                client
                    .find(Locator::Css(select))
                    .await
                    .expect("the filter")
                    .select_by_value(value)
                    .await
                    .expect("chosen");
            }
            client
                .find(Locator::Css("form.filters button[type=submit]"))
                .await
                .expect("the button")
                .click()
                .await
                .expect("sent");
            client
                .wait()
                .for_element(Locator::Css(".chips"))
                .await
                .expect("the filtered list");
            let url = client.current_url().await.expect("url");
            assert!(url.as_str().contains("region=1085"), "{url}");
            let count = client
                .find(Locator::Css(".result-count"))
                .await
                .expect("the count")
                .text()
                .await
                .expect("text");
            assert_eq!(count, "1 samarbejde i 1 kommune");
            screenshot(&client, "story-filtered-list", 1280).await;

            client
                .find(Locator::LinkText("Næstved Bymidte"))
                .await
                .expect("the collaboration in the list")
                .click()
                .await
                .expect("opened");
            client
                .wait()
                .for_element(Locator::Css(".link-rows"))
                .await
                .expect("the collaboration page");
            let heading = client
                .find(Locator::Css("h1"))
                .await
                .expect("h1")
                .text()
                .await
                .expect("text");
            assert_eq!(heading, "Næstved Bymidte");
            let status = client
                .find(Locator::Css(".badge-link-implemented"))
                .await
                .expect("the link's status")
                .text()
                .await
                .expect("text");
            assert_eq!(status.to_lowercase(), "gennemført");
            screenshot(&client, "story-collaboration", 1280).await;
        })
        .await;
}
