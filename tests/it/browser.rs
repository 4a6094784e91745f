//! The pages in a real headless Chromium: every page type passes axe-core (WCAG 2.1 A and AA)
//! in Danish and English, a keyboard user can skip to the content, and the language switch
//! works. Screenshots of each page go to `target/screenshots/`.

use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

use crate::chromium::{self, axe_violations, eval, press, screenshot};
use crate::helpers::{TestBackend, spawn_app};

/// Every page type, by name and path.
const PAGES: [(&str, &str); 14] = [
    ("front", "/"),
    ("recommendations", "/anbefalinger"),
    ("recommendation", "/anbefalinger/P3"),
    ("toolbox", "/vaerktoejer"),
    (
        "toolbox-entry",
        "/vaerktoejer/formel-offentlig-organisering",
    ),
    ("themes", "/temaer"),
    ("theme", "/temaer/3"),
    ("municipalities", "/kommuner"),
    ("municipality", "/kommuner/370"),
    ("regions", "/regioner"),
    ("region", "/regioner/1085"),
    ("language", "/sprog"),
    ("not-found", "/anbefalinger/P99"),
    ("api-docs", "/api/docs"),
];

/// A new edition of the catalogue in which P3 is replaced, so retired pages can be checked.
const NEW_EDITION: &str = r#"
version = 2
source = "browser test"

[[themes]]
code = "2"
name_da = "Partnerskaber"
name_en = "Partnerships"
summary_da = "Samarbejder."
summary_en = "Collaborations."

[[recommendations]]
code = "A1"
themes = ["2"]
addressees = ["kommunerne"]
title_da = "Officiel anbefaling 1"
title_en = "Official recommendation 1"
summary_da = "Tekst."
summary_en = "Text."
replaces = ["P3"]

[[toolbox_sections]]
slug = "samarbejdet"
name_da = "Samarbejdet om bymidten"
name_en = "Working together on the town centre"

[[toolbox]]
slug = "oekonomi"
section = "samarbejdet"
themes = ["2"]
title_da = "Økonomi"
title_en = "Funding"
summary_da = "Penge."
summary_en = "Money."
"#;

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
async fn every_page_type_passes_axe_in_danish_and_english() {
    let test = "every_page_type_passes_axe_in_danish_and_english";
    let Some(axe) = chromium::axe_source(test) else {
        return;
    };
    let Some(browser) = chromium::start(test).await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    browser
        .run(|client| async move {
            let mut violations = Vec::new();
            for lang in ["da", "en"] {
                for (name, path) in PAGES {
                    let sep = if path.contains('?') { '&' } else { '?' };
                    let url = app.url(&format!("{path}{sep}lang={lang}"));
                    let shot = format!("{name}-{lang}");
                    violations.extend(check_page(&client, &axe, &url, lang, &shot).await);
                }

                // A form sent back with an error: the summary, the field's message.
                client
                    .goto(&app.url(&format!("/sprog?lang={lang}")))
                    .await
                    .expect("language page");
                eval(
                    &client,
                    "document.querySelectorAll('input[name=lang]').forEach((r) => { r.checked = false; });",
                )
                .await;
                client
                    .find(Locator::Css("main button[type=submit]"))
                    .await
                    .expect("submit button")
                    .click()
                    .await
                    .expect("submitted");
                let summary = client
                    .wait()
                    .for_element(Locator::Css(".error-summary"))
                    .await
                    .expect("an error summary");
                let focused = eval(
                    &client,
                    "return document.activeElement && document.activeElement.classList.contains('error-summary');",
                )
                .await;
                assert_eq!(focused, Value::Bool(true), "the summary takes focus");
                let link = summary
                    .find(Locator::Css("a"))
                    .await
                    .expect("a link to the field");
                assert_eq!(link.attr("href").await.ok().flatten().as_deref(), Some("#lang-da"));
                violations.extend(
                    axe_violations(&client, &axe)
                        .await
                        .into_iter()
                        .map(|v| format!("language form with errors ({lang}): {v}")),
                );
                screenshot(&client, &format!("language-error-{lang}"), 1280).await;
            }

            // Small screens.
            for (name, path) in [("front", "/?lang=da"), ("recommendation", "/anbefalinger/P3?lang=da")] {
                client.goto(&app.url(path)).await.expect("page opens");
                screenshot(&client, &format!("{name}-da-mobile"), 390).await;
            }

            // A retired recommendation and the list that mentions it.
            bymidter::catalogue::import(&app.state.store, NEW_EDITION)
                .await
                .expect("a new edition imports");
            for lang in ["da", "en"] {
                for (name, path) in [
                    ("recommendation-retired", "/anbefalinger/P3"),
                    ("recommendations-with-retired", "/anbefalinger"),
                ] {
                    let url = app.url(&format!("{path}?lang={lang}"));
                    let shot = format!("{name}-{lang}");
                    violations.extend(check_page(&client, &axe, &url, lang, &shot).await);
                }
            }
            // The checker itself sees a fault when there is one: an image without a text.
            eval(
                &client,
                "document.getElementById('main').insertAdjacentHTML('beforeend', '<img src=\"/static/logo.svg\">');",
            )
            .await;
            let planted = axe_violations(&client, &axe).await;
            assert!(
                planted.iter().any(|v| v.starts_with("image-alt")),
                "axe did not see a planted fault: {planted:?}"
            );

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
async fn a_keyboard_user_skips_the_header_and_lands_in_the_content() {
    let Some(browser) =
        chromium::start("a_keyboard_user_skips_the_header_and_lands_in_the_content").await
    else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    browser
        .run(|client| async move {
            client
                .goto(&app.url("/anbefalinger"))
                .await
                .expect("page opens");
            press(&client, Key::Tab).await;
            let first = eval(
                &client,
                "const a = document.activeElement; const r = a.getBoundingClientRect();
                 return [a.className, a.getAttribute('href'), r.top >= 0 && r.height > 0];",
            )
            .await;
            assert_eq!(
                first,
                serde_json::json!(["skip-link", "#main", true]),
                "the skip link is the first tab stop, and visible when focused"
            );
            screenshot(&client, "skip-link-focused", 1280).await;

            press(&client, Key::Enter).await;
            let landed = eval(&client, "return document.activeElement.id;").await;
            assert_eq!(
                landed,
                Value::from("main"),
                "focus moves to the main content"
            );

            press(&client, Key::Tab).await;
            let inside = eval(
                &client,
                "return document.getElementById('main').contains(document.activeElement);",
            )
            .await;
            assert_eq!(
                inside,
                Value::Bool(true),
                "the next tab stop is in the content"
            );
            let visible_focus = eval(
                &client,
                "const s = getComputedStyle(document.activeElement);
                 return s.outlineStyle !== 'none' || s.boxShadow !== 'none';",
            )
            .await;
            assert_eq!(visible_focus, Value::Bool(true), "focus is visible");
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_switches_to_english_and_back() {
    let Some(browser) = chromium::start("a_visitor_switches_to_english_and_back").await else {
        return;
    };
    let app = spawn_app(TestBackend::Sqlite).await;
    browser
        .run(|client| async move {
            client
                .goto(&app.url("/anbefalinger/P3"))
                .await
                .expect("page opens");
            assert_eq!(
                html_lang(&client).await,
                "da",
                "a Danish browser gets Danish"
            );

            client
                .find(Locator::Css(".language-switch button"))
                .await
                .expect("the language switch")
                .click()
                .await
                .expect("clicked");
            // The switch posts and comes back to the same URL: wait for the English page, not
            // for the URL, which is already the one asked for.
            client
                .wait()
                .for_element(Locator::Css("html[lang='en']"))
                .await
                .expect("the page comes back in English");
            assert_eq!(
                client.current_url().await.expect("url").path(),
                "/anbefalinger/P3",
                "back on the same page"
            );
            assert_eq!(html_lang(&client).await, "en");
            let heading = client
                .find(Locator::Css("h1"))
                .await
                .expect("h1")
                .text()
                .await
                .expect("text");
            assert_eq!(
                heading,
                "Strengthen locally rooted town-centre collaborations"
            );

            // The choice is kept for the next page.
            client
                .goto(&app.url("/vaerktoejer"))
                .await
                .expect("page opens");
            assert_eq!(html_lang(&client).await, "en");

            client
                .find(Locator::Css(".language-switch button"))
                .await
                .expect("the language switch")
                .click()
                .await
                .expect("clicked");
            client
                .wait()
                .for_element(Locator::Css("html[lang=da]"))
                .await
                .expect("Danish again");
            let heading = client
                .find(Locator::Css("h1"))
                .await
                .expect("h1")
                .text()
                .await
                .expect("text");
            assert_eq!(heading, "Værktøjskassen");
        })
        .await;
}
