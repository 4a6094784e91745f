//! The pages over plain HTTP: what a visitor reads, in Danish and English, and how the site
//! answers wrong addresses, old addresses and forms.

use reqwest::StatusCode;

use crate::helpers::{Reply, TestApp, TestBackend, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_visitor_reads_the_front_page_in_danish_or_english,
    every_page_is_complete_in_both_languages,
    a_visitor_reads_the_recommendations_and_a_retired_one_still_resolves,
    a_visitor_browses_the_toolbox_and_its_four_organisation_models,
    a_visitor_follows_a_theme_to_its_recommendations_and_tools,
    a_visitor_finds_municipalities_by_region_and_old_codes_redirect,
    a_browser_gets_error_pages_in_its_language_and_the_api_keeps_problems,
    a_visitor_chooses_english_with_the_language_form,
    a_forged_or_broken_language_form_changes_nothing,
    static_files_are_served_with_their_types_and_cache_headers,
);

const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// A page as a Danish (`da`) or English (`en`) browser asks for it.
async fn page(app: &TestApp, path: &str, lang: &str) -> Reply {
    app.get_with(
        path,
        &[("accept", BROWSER_ACCEPT), ("accept-language", lang)],
    )
    .await
}

fn title(reply: &Reply) -> &str {
    reply
        .text
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(t, _)| t)
        .unwrap_or_default()
}

/// The value of the first `name="..." value="..."` hidden input.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split_once(&marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| v.to_owned())
        .unwrap_or_default()
}

async fn a_visitor_reads_the_front_page_in_danish_or_english(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let danish = page(&app, "/", "da").await;
    assert_eq!(danish.status, StatusCode::OK);
    assert_eq!(
        danish.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(danish.text.contains("<html lang=\"da\">"));
    assert_eq!(
        title(&danish),
        "bymidter – registret over danske bysamarbejder"
    );
    assert!(
        danish
            .text
            .contains("Find og del erfaringer fra bysamarbejder")
    );
    assert!(
        danish
            .text
            .contains("<form class=\"search-form\" method=\"get\" action=\"/samarbejder\"")
    );
    assert!(danish.text.contains("name=\"q\""));
    assert!(
        danish
            .text
            .contains("<label class=\"form-label\" for=\"q\">Søg efter samarbejder</label>")
    );
    assert!(danish.text.contains("href=\"/anbefalinger/P3\""));
    // The canonical URL comes from the configured address, never the Host header.
    let spoofed = app
        .get_with("/", &[("accept", BROWSER_ACCEPT), ("host", "evil.example")])
        .await;
    assert!(
        spoofed
            .text
            .contains(&format!("<link rel=\"canonical\" href=\"{}/\">", app.base)),
        "canonical from public_url"
    );
    assert!(!spoofed.text.contains("evil.example"));

    let english = page(&app, "/", "en-GB,en;q=0.9").await;
    assert!(english.text.contains("<html lang=\"en\">"));
    assert_eq!(english.header("content-language"), Some("en"));
    assert!(
        english
            .text
            .contains("Find and share what town-centre collaborations have learnt")
    );
    assert!(english.text.contains(&format!(
        "<link rel=\"canonical\" href=\"{}/?lang=en\">",
        app.base
    )));
    // An explicit ?lang= wins over the browser's language.
    let asked = page(&app, "/?lang=en", "da").await;
    assert!(asked.text.contains("<html lang=\"en\">"));
}

async fn every_page_is_complete_in_both_languages(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let paths = [
        "/",
        "/anbefalinger",
        "/anbefalinger/P1",
        "/vaerktoejer",
        "/vaerktoejer/uformel-privat-organisering",
        "/vaerktoejer/foranalyser",
        "/temaer",
        "/temaer/3.1",
        "/kommuner",
        "/kommuner/101",
        "/regioner",
        "/regioner/1084",
        "/sprog",
        "/api/docs",
    ];
    for lang in ["da", "en"] {
        for path in paths {
            let reply = page(&app, path, lang).await;
            assert_eq!(reply.status, StatusCode::OK, "{path} ({lang})");
            let html = &reply.text;
            assert!(
                html.contains(&format!("<html lang=\"{lang}\">")),
                "{path} ({lang})"
            );
            assert!(
                !html.contains("Unknown localization"),
                "{path} ({lang}) uses a text that is not in locales/"
            );
            assert!(title(&reply).ends_with("bymidter") || path == "/", "{path}");
            assert!(
                !html.contains("<meta name=\"description\" content=\"\">"),
                "{path} has a description"
            );
            assert!(
                html.contains(&format!(
                    "<link rel=\"canonical\" href=\"{}{path}",
                    app.base
                )),
                "{path} ({lang}) has a canonical URL"
            );
            assert!(
                html.contains("<a class=\"skip-link\" href=\"#main\">"),
                "{path}"
            );
            assert!(html.contains("<main id=\"main\""), "{path}");
            // The CSP forbids inline style and script; the pages need neither.
            assert!(!html.contains("style=\""), "{path} has inline style");
            assert!(!html.contains("<script"), "{path} has a script");
            assert!(!html.contains("<style"), "{path} has a style element");
            assert_eq!(reply.header("cache-control"), Some("private, no-cache"));
            assert!(
                reply
                    .header("content-security-policy")
                    .is_some_and(|csp| csp.contains("style-src 'self'")),
                "{path}"
            );
        }
    }
}

async fn a_visitor_reads_the_recommendations_and_a_retired_one_still_resolves(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let list = page(&app, "/anbefalinger", "da").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(title(&list), "Anbefalinger – bymidter");
    for code in ["P1", "P2", "P3", "P4", "P5", "P6"] {
        assert!(
            list.text
                .contains(&format!("href=\"/anbefalinger/{code}\"")),
            "{code}"
        );
    }
    assert!(
        list.text
            .contains("Styrk de lokalt forankrede bymidtesamarbejder")
    );
    assert!(list.text.contains("Foreløbig"), "provisional ones say so");
    assert!(list.text.contains("aria-current=\"page\">Anbefalinger</a>"));

    let p3 = page(&app, "/anbefalinger/P3", "da").await;
    assert_eq!(p3.status, StatusCode::OK);
    assert_eq!(
        title(&p3),
        "P3: Styrk de lokalt forankrede bymidtesamarbejder – bymidter"
    );
    assert!(p3.text.contains("kommunerne, erhvervslivet"));
    assert!(p3.text.contains("href=\"/temaer/3.1\""));
    assert!(
        p3.text
            .contains("<meta name=\"description\" content=\"Få ejendomsejere")
    );
    let english = page(&app, "/anbefalinger/P3", "en").await;
    assert!(
        english
            .text
            .contains("<h1>Strengthen locally rooted town-centre collaborations</h1>")
    );
    assert!(english.text.contains("the municipalities, business"));

    let lower = app.get("/anbefalinger/p3").await;
    assert_eq!(lower.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(lower.header("location"), Some("/anbefalinger/P3"));

    // A new edition replaces P3 with A1: P3 still answers, and says so.
    bymidter::catalogue::import(&app.state.store, crate::catalogue::OFFICIAL)
        .await
        .expect("imports");
    let retired = page(&app, "/anbefalinger/P3", "da").await;
    assert_eq!(retired.status, StatusCode::OK);
    assert!(retired.text.contains("Anbefalingen er udgået"));
    assert!(retired.text.contains("href=\"/anbefalinger/A1\""));
    let retired_en = page(&app, "/anbefalinger/P3", "en").await;
    assert!(retired_en.text.contains("This recommendation is retired"));
    let a1 = page(&app, "/anbefalinger/A1", "da").await;
    assert!(
        a1.text.contains("Erstatter"),
        "the new one names what it replaces"
    );
    let list = page(&app, "/anbefalinger", "da").await;
    assert!(list.text.contains("Udgåede anbefalinger"));
    assert!(list.text.contains("erstattet af A1"));
}

async fn a_visitor_browses_the_toolbox_and_its_four_organisation_models(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let toolbox = page(&app, "/vaerktoejer", "da").await;
    assert_eq!(toolbox.status, StatusCode::OK);
    for section in [
        "Samarbejdet om bymidten",
        "Udviklingsplaner og aktiviteter",
        "Viden, data og evaluering",
    ] {
        assert!(toolbox.text.contains(section), "{section}");
    }
    assert!(toolbox.text.contains("De fire organiseringsmodeller"));
    for slug in [
        "uformel-privat-organisering",
        "formel-privat-organisering",
        "uformel-offentlig-organisering",
        "formel-offentlig-organisering",
    ] {
        assert!(
            toolbox
                .text
                .contains(&format!("href=\"/vaerktoejer/{slug}\"")),
            "{slug}"
        );
    }
    let english = page(&app, "/vaerktoejer", "en").await;
    assert!(english.text.contains("The four organisation models"));
    assert!(english.text.contains("Led privately"));

    let model = page(&app, "/vaerktoejer/formel-privat-organisering", "da").await;
    assert_eq!(model.status, StatusCode::OK);
    assert!(model.text.contains("<h1>Formel privat organisering</h1>"));
    assert!(model.text.contains("En af de fire organiseringsmodeller"));
    assert!(model.text.contains("De andre organiseringsmodeller"));
    let tool = page(&app, "/vaerktoejer/midlertidige-afproevninger", "en").await;
    assert!(tool.text.contains("<h1>Temporary trials</h1>"));
    assert!(
        tool.text.contains("href=\"/anbefalinger/P5\""),
        "related recommendation"
    );
    assert_eq!(
        page(&app, "/vaerktoejer/nope", "da").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_visitor_follows_a_theme_to_its_recommendations_and_tools(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let themes = page(&app, "/temaer", "da").await;
    assert_eq!(themes.status, StatusCode::OK);
    assert!(themes.text.contains("Vidensgrundlaget"));
    assert!(themes.text.contains("href=\"/temaer/3.2\""));

    let sub = page(&app, "/temaer/3.1", "da").await;
    assert_eq!(sub.status, StatusCode::OK);
    assert!(sub.text.contains("<h1>Byledelse uden for rådhuset</h1>"));
    assert!(sub.text.contains("href=\"/temaer/3\""), "links its parent");
    assert!(sub.text.contains("href=\"/anbefalinger/P3\""));
    assert!(
        sub.text
            .contains("href=\"/vaerktoejer/uformel-offentlig-organisering\"")
    );

    let parent = page(&app, "/temaer/3", "en").await;
    assert!(parent.text.contains("Sub-themes"));
    assert!(
        parent.text.contains("href=\"/anbefalinger/P4\""),
        "a sub-theme's recommendation"
    );
    assert_eq!(
        page(&app, "/temaer/9", "da").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_visitor_finds_municipalities_by_region_and_old_codes_redirect(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let list = page(&app, "/kommuner", "da").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.text.matches("href=\"/kommuner/").count(), 98);
    for region in [
        "Region Hovedstaden",
        "Region Sjælland",
        "Region Syddanmark",
        "Region Midtjylland",
        "Region Nordjylland",
    ] {
        assert!(list.text.contains(region), "{region}");
    }

    let padded = app.get("/kommuner/0329").await;
    assert_eq!(padded.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(padded.header("location"), Some("/kommuner/329"));
    let ringsted = page(&app, "/kommuner/329", "da").await;
    assert_eq!(ringsted.status, StatusCode::OK);
    assert!(ringsted.text.contains("<h1>Ringsted</h1>"));
    assert!(ringsted.text.contains("href=\"/regioner/1085\""));
    assert!(
        ringsted.text.contains("href=\"/kommuner/370\""),
        "a neighbour"
    );
    let english = page(&app, "/kommuner/329", "en").await;
    assert!(english.text.contains("Municipality code"));

    for missing in ["/kommuner/9999", "/kommuner/abc", "/regioner/42"] {
        assert_eq!(
            page(&app, missing, "da").await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }

    let region = page(&app, "/regioner/1085", "da").await;
    assert_eq!(region.status, StatusCode::OK);
    assert!(region.text.contains("<h1>Region Sjælland</h1>"));
    assert!(region.text.contains("Næstved"));
    let regions = page(&app, "/regioner", "en").await;
    assert_eq!(regions.text.matches("href=\"/regioner/").count(), 5);
}

async fn a_browser_gets_error_pages_in_its_language_and_the_api_keeps_problems(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let danish = page(&app, "/anbefalinger/P99", "da").await;
    assert_eq!(danish.status, StatusCode::NOT_FOUND);
    assert_eq!(
        danish.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(danish.text.contains("<html lang=\"da\">"));
    assert_eq!(title(&danish), "Ikke fundet – bymidter");
    assert!(danish.text.contains("Siden findes ikke."));
    assert!(danish.text.contains("href=\"/anbefalinger\""));

    let english = page(&app, "/no/such/page", "en").await;
    assert_eq!(english.status, StatusCode::NOT_FOUND);
    assert!(english.text.contains("<html lang=\"en\">"));
    assert!(english.text.contains("The page does not exist."));

    // Clients that do not ask for HTML, and everything under /api, keep problem+json.
    let machine = app.get("/anbefalinger/P99").await;
    assert_eq!(machine.status, StatusCode::NOT_FOUND);
    assert_eq!(
        machine.header("content-type"),
        Some("application/problem+json")
    );
    let api = page(&app, "/api/v1/recommendations/P99", "da").await;
    assert_eq!(api.header("content-type"), Some("application/problem+json"));

    // A method the page does not take: 405 with Allow, as a page.
    let wrong = app
        .client
        .delete(app.url("/anbefalinger"))
        .header("accept", BROWSER_ACCEPT)
        .send()
        .await
        .expect("sent");
    assert_eq!(wrong.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong.headers().get("allow").is_some());
    assert!(
        wrong
            .text()
            .await
            .expect("body")
            .contains("<html lang=\"da\">")
    );

    // The database goes away: a 503 page that says so, in the caller's language.
    app.state.store.close().await;
    let down = page(&app, "/anbefalinger", "en").await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(down.text.contains("<html lang=\"en\">"));
    assert!(down.text.contains("temporarily unavailable"));
    assert!(
        down.text.contains("Quote this reference"),
        "a request id to quote"
    );
}

async fn a_visitor_chooses_english_with_the_language_form(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let form = page(&app, "/sprog?next=/anbefalinger", "da").await;
    assert_eq!(form.status, StatusCode::OK);
    let set_cookie = form.header("set-cookie").unwrap_or_default();
    assert!(set_cookie.starts_with("bymidter_csrf="), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    let html = &form.text;
    assert!(html.contains("<legend class=\"form-legend\">Hvilket sprog vil du bruge?</legend>"));
    assert!(html.contains("aria-describedby=\"lang-hint\""));
    assert!(html.contains("id=\"lang-da\" name=\"lang\" value=\"da\" checked"));
    assert!(
        html.contains("<label class=\"radio-label\" for=\"lang-en\" lang=\"en\">English</label>")
    );
    let token = hidden(html, "csrf_token");
    assert!(!token.is_empty());
    let main = html.split_once("<main").map(|(_, m)| m).unwrap_or_default();
    assert_eq!(hidden(main, "next"), "/anbefalinger");

    let chosen = app
        .client
        .post(app.url("/sprog"))
        .header("accept", BROWSER_ACCEPT)
        .form(&[
            ("csrf_token", token.as_str()),
            ("next", "/anbefalinger"),
            ("lang", "en"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(chosen.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        chosen
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/anbefalinger")
    );
    // The cookie is kept, so the next page is English even for a Danish browser.
    let after = page(&app, "/anbefalinger", "da").await;
    assert!(after.text.contains("<html lang=\"en\">"));
    assert!(after.text.contains("<h1>Recommendations</h1>"));
}

async fn a_forged_or_broken_language_form_changes_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let form = page(&app, "/sprog", "da").await;
    let token = hidden(&form.text, "csrf_token");

    let post = |fields: Vec<(&'static str, String)>,
                extra: Option<(&'static str, &'static str)>| {
        let mut req = app
            .client
            .post(app.url("/sprog"))
            .header("accept", BROWSER_ACCEPT)
            .header("accept-language", "da")
            .form(&fields);
        if let Some((k, v)) = extra {
            req = req.header(k, v);
        }
        req.send()
    };

    // No token, a wrong token, or a post from another site: 403, nothing kept.
    for (fields, extra) in [
        (vec![("lang", "en".to_owned())], None),
        (
            vec![("lang", "en".to_owned()), ("csrf_token", "x".repeat(43))],
            None,
        ),
        (
            vec![("lang", "en".to_owned()), ("csrf_token", token.clone())],
            Some(("sec-fetch-site", "cross-site")),
        ),
    ] {
        let refused = post(fields, extra).await.expect("sent");
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert!(
            refused
                .headers()
                .get("set-cookie")
                .is_none_or(|c| { !c.to_str().unwrap_or_default().starts_with("lang=") })
        );
        let body = refused.text().await.expect("body");
        assert!(body.contains("Formularen kunne ikke godkendes"), "{body}");
    }
    let still = page(&app, "/", "da").await;
    assert!(still.text.contains("<html lang=\"da\">"), "nothing changed");

    // A value that is no language: the form again, with the error at the field and on top.
    let wrong = post(
        vec![
            ("lang", "fr".to_owned()),
            ("csrf_token", token.clone()),
            ("next", "/temaer".to_owned()),
        ],
        None,
    )
    .await
    .expect("sent");
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = wrong.text().await.expect("body");
    assert!(html.contains("<title>Fejl: Sprog – bymidter</title>"));
    assert!(html.contains("class=\"error-summary\""));
    assert!(html.contains("<a href=\"#lang-da\">Vælg dansk eller engelsk.</a>"));
    assert!(html.contains("aria-describedby=\"lang-hint lang-error\""));
    assert!(html.contains("id=\"lang-error\""));
    assert!(
        html.contains("name=\"next\" value=\"/temaer\""),
        "the input is kept"
    );

    // Only paths on this site are returned to.
    let away = post(
        vec![
            ("lang", "da".to_owned()),
            ("csrf_token", token),
            ("next", "//evil.example/".to_owned()),
        ],
        None,
    )
    .await
    .expect("sent");
    assert_eq!(away.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        away.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/")
    );
}

async fn static_files_are_served_with_their_types_and_cache_headers(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let front = page(&app, "/", "da").await;
    let css = front
        .text
        .split_once("<link rel=\"stylesheet\" href=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(href, _)| href.to_owned())
        .expect("a stylesheet link");
    assert!(css.starts_with("/static/site.css?v="), "{css}");
    let sheet = app.get(&css).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert_eq!(
        sheet.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        sheet.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert!(sheet.text.contains(":focus-visible"));
    let etag = sheet.header("etag").expect("an ETag").to_owned();
    let again = app.get_with(&css, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    let plain = app.get("/static/site.css").await;
    assert_eq!(plain.header("cache-control"), Some("public, max-age=3600"));
    let logo = app.get("/static/logo.svg").await;
    assert_eq!(
        logo.header("content-type"),
        Some("image/svg+xml; charset=utf-8")
    );
    assert_eq!(logo.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        app.get("/static/nope.css").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/static/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
}
