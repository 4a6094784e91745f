//! The registry's pages over plain HTTP: a planner finds collaborations through the list's
//! filters and reads one; the ministry reads the uptake pages, whose every number is the API's
//! and leads to a list of that length; nobody sees what they may not; admins moderate.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Reply, TestApp, TestBackend, spawn_app};
use crate::on_both_backends;
use crate::registry::{Partnership, naestved, partnership, register};

on_both_backends!(
    every_registry_page_is_complete_in_both_languages,
    a_planner_finds_collaborations_through_the_filters,
    the_list_pages_with_its_cursor,
    bad_filters_are_named_and_the_search_box_searches,
    a_collaboration_page_shows_its_links_experiences_and_contact,
    an_experience_page_shows_comments_questions_and_answers,
    an_old_slug_redirects_to_the_current_page,
    the_public_history_has_no_private_fields_or_names,
    private_and_draft_collaborations_never_show_to_outsiders,
    the_catalogue_pages_list_their_collaborations_with_counts,
    the_uptake_page_shows_the_api_numbers_and_each_leads_to_its_list,
    the_timeline_page_follows_the_history_and_its_numbers_lead_to_lists,
    the_open_data_page_documents_every_column_and_the_licence,
    only_admins_see_the_moderation_queue_and_they_hide_with_a_reason,
);

const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// A browser of its own: its own cookies, logged in (the `bymidter_access` cookie) when given
/// a token.
fn browser(app: &TestApp, token: Option<&str>) -> reqwest::Client {
    let jar = reqwest::cookie::Jar::default();
    if let Some(token) = token {
        let url = url::Url::parse(&app.base).expect("base url");
        jar.add_cookie_str(&format!("bymidter_access={token}; Path=/"), &url);
    }
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(Arc::new(jar))
        .build()
        .expect("client")
}

/// A page as a Danish browser asks for it.
async fn open(app: &TestApp, client: &reqwest::Client, path: &str) -> Reply {
    let resp = client
        .get(app.url(path))
        .header("accept", BROWSER_ACCEPT)
        .header("accept-language", "da")
        .send()
        .await
        .expect("sent");
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    Reply {
        status,
        headers,
        text,
    }
}

/// A page as an anonymous Danish visitor sees it.
async fn visit(app: &TestApp, path: &str) -> Reply {
    open(app, &browser(app, None), path).await
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside)
        .unwrap_or_default()
}

/// The value of attribute `name` at the start of `html`'s first tag that has it.
fn attr(html: &str, name: &str) -> Option<String> {
    let marker = format!("{name}=\"");
    html.split_once(&marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| unescape(v))
}

/// The numbers of a table of figures: key -> (value, the link on it).
fn table(html: &str, id: &str) -> BTreeMap<String, (i64, Option<String>)> {
    let body = between(html, &format!("id=\"{id}\""), "</table>");
    let mut out = BTreeMap::new();
    for cell in body.split("<td ").skip(1) {
        let cell = cell.split("</td>").next().unwrap_or_default();
        let Some(key) = attr(cell, "data-key") else {
            continue;
        };
        let value: i64 = attr(cell, "data-value")
            .and_then(|v| v.parse().ok())
            .expect("a number");
        let href = cell
            .split_once("<a href=\"")
            .and_then(|(_, r)| r.split_once('"'))
            .map(|(h, _)| unescape(h));
        out.insert(key, (value, href));
    }
    out
}

/// The numbers a chart draws: segment key -> value.
fn chart(html: &str, id: &str) -> BTreeMap<String, i64> {
    let svg = between(html, &format!("aria-labelledby=\"{id}-title"), "</svg>");
    assert!(!svg.is_empty(), "chart {id} is on the page");
    svg.split("<rect class=\"chart-segment\"")
        .skip(1)
        .map(|seg| {
            let key = attr(seg, "data-key").expect("key");
            let value = attr(seg, "data-value")
                .and_then(|v| v.parse().ok())
                .expect("value");
            (key, value)
        })
        .collect()
}

/// The list page's count of collaborations and of their municipalities.
fn list_count(reply: &Reply) -> (i64, i64) {
    let found = between(&reply.text, "<span class=\"result-count\"", ">");
    let n = |name| {
        attr(found, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} on the list: {}", reply.text))
    };
    (n("data-count"), n("data-municipalities"))
}

/// The titles of the collaboration cards on a page.
fn titles(html: &str) -> Vec<String> {
    html.split("<li class=\"card collab-card\">")
        .skip(1)
        .map(|card| {
            let title = between(card, "<h3 class=\"card-title\"><a href=\"", "</a>");
            unescape(title.split_once("\">").map_or("", |(_, t)| t))
        })
        .collect()
}

pub(crate) fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .expect("date")
}

/// Registers, optionally publishes, and returns the collaboration as the API shows it.
pub(crate) async fn collaboration(
    app: &TestApp,
    p: &Partnership,
    body: Value,
    publish: bool,
) -> Value {
    let (id, created) = register(app, p, &body).await;
    if !publish {
        return created;
    }
    let reply = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/publish"),
            &p.owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

pub(crate) fn body(title: &str, municipality: &str, extra: Value) -> Value {
    let mut b = naestved(title);
    b["municipality_code"] = json!(municipality);
    if let (Some(b), Some(e)) = (b.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    b
}

pub(crate) async fn link(app: &TestApp, p: &Partnership, c: &Value, code: &str, status: &str) {
    let mut body = json!({"status": status});
    if status == "abandoned" {
        body["reason"] = json!("Kommunen trak midlerne tilbage");
    }
    let reply = app
        .put_as(
            &format!(
                "/api/v1/collaborations/{}/recommendations/{code}",
                c["id"].as_str().expect("id")
            ),
            &p.owner.token,
            &body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

pub(crate) async fn tool(app: &TestApp, p: &Partnership, c: &Value, slug: &str, outcome: Value) {
    let reply = app
        .put_as(
            &format!(
                "/api/v1/collaborations/{}/toolbox/{slug}",
                c["id"].as_str().expect("id")
            ),
            &p.owner.token,
            &json!({"outcome": outcome, "note": "Analysen samlede handlende og kommunen."}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

pub(crate) fn page_path(c: &Value, org_slug: &str) -> String {
    format!(
        "/samarbejder/{org_slug}/{}",
        c["slug"].as_str().expect("slug")
    )
}

pub(crate) async fn org_slug(app: &TestApp, p: &Partnership) -> String {
    app.get_as(&format!("/api/v1/organizations/{}", p.org), &p.owner.token)
        .await
        .json()["slug"]
        .as_str()
        .expect("slug")
        .to_owned()
}

async fn every_registry_page_is_complete_in_both_languages(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = uptake_data(&app).await;
    let org = org_slug(&app, &p).await;
    let listed = app.get("/api/v1/collaborations?limit=1").await.json();
    let slug = listed["items"][0]["slug"]
        .as_str()
        .expect("slug")
        .to_owned();
    let id = listed["items"][0]["id"].as_str().expect("id").to_owned();
    let exp = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Erfaring", "body": "Tekst."}),
        )
        .await
        .json();
    let exp_id = exp["id"].as_str().expect("id");
    app.post_as(
        &format!("/api/v1/experiences/{exp_id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    let base = format!("/samarbejder/{org}/{slug}");
    let paths = [
        "/samarbejder".to_owned(),
        "/samarbejder?region=1085&recommendation=P3".to_owned(),
        base.clone(),
        format!("{base}/historik"),
        format!("{base}/erfaringer/{exp_id}"),
        "/udbredelse".to_owned(),
        "/udbredelse/P3".to_owned(),
        "/aabne-data".to_owned(),
    ];
    for lang in ["da", "en"] {
        for path in &paths {
            let reply = app
                .get_with(
                    path,
                    &[("accept", BROWSER_ACCEPT), ("accept-language", lang)],
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{path} ({lang})");
            let html = &reply.text;
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{path}");
            assert!(!html.contains("Unknown localization"), "{path} ({lang})");
            assert!(
                !html.contains("<meta name=\"description\" content=\"\">"),
                "{path}"
            );
            let canonical = path.split('?').next().unwrap_or(path);
            assert!(
                html.contains(&format!(
                    "<link rel=\"canonical\" href=\"{}{canonical}",
                    app.base
                )),
                "{path} ({lang}) has a canonical URL"
            );
            assert!(html.contains("<main id=\"main\""), "{path}");
            // The CSP forbids inline style and script; the pages and their charts need neither.
            assert!(!html.contains("style=\""), "{path} has inline style");
            assert!(!html.contains("<script"), "{path} has a script");
            assert!(!html.contains("<style"), "{path} has a style element");
            assert_eq!(html.matches("<h1").count(), 1, "{path} has one h1");
        }
    }
}

async fn a_planner_finds_collaborations_through_the_filters(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let naestved_c = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let odense = collaboration(
        &app,
        &p,
        body(
            "Odense City",
            "461",
            json!({"town": "Odense", "town_population": 180000, "organisation_model": "formal_public", "themes": ["3"], "status": "planned"}),
        ),
        true,
    )
    .await;
    let faxe = collaboration(
        &app,
        &p,
        body(
            "Faxe Handel",
            "320",
            json!({"town": "Faxe", "town_population": 3500}),
        ),
        true,
    )
    .await;
    link(&app, &p, &naestved_c, "P3", "implemented").await;
    link(&app, &p, &faxe, "P3", "planned").await;
    link(&app, &p, &odense, "P4", "in_progress").await;
    tool(&app, &p, &naestved_c, "foranalyser", json!("helped")).await;
    tool(&app, &p, &faxe, "foranalyser", Value::Null).await;

    let all = visit(&app, "/samarbejder").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(list_count(&all), (3, 3));
    assert_eq!(
        titles(&all.text),
        ["Faxe Handel", "Odense City", "Næstved Bymidte"],
        "newest first"
    );
    assert!(
        all.text
            .contains("<select class=\"form-select\" id=\"filter-region\" name=\"region\">")
    );
    assert!(all.text.contains(
        "<label class=\"form-label filter-label\" for=\"filter-municipality\">Kommune</label>"
    ));
    assert!(all.text.contains("<optgroup label=\"Region Sjælland\">"));

    for (query, expected) in [
        ("region=1085", vec!["Faxe Handel", "Næstved Bymidte"]),
        ("municipality=461", vec!["Odense City"]),
        ("municipality=0461", vec!["Odense City"]),
        ("size=over_50000", vec!["Odense City"]),
        ("size=under_4000", vec!["Faxe Handel"]),
        ("theme=3", vec!["Odense City"]),
        ("recommendation=P3", vec!["Faxe Handel", "Næstved Bymidte"]),
        (
            "recommendation=P3&recommendation_status=implemented",
            vec!["Næstved Bymidte"],
        ),
        (
            "toolbox=foranalyser",
            vec!["Faxe Handel", "Næstved Bymidte"],
        ),
        (
            "toolbox=foranalyser&toolbox_outcome=helped",
            vec!["Næstved Bymidte"],
        ),
        (
            "toolbox=foranalyser&toolbox_outcome=not_reported",
            vec!["Faxe Handel"],
        ),
        ("organisation_model=formal_public", vec!["Odense City"]),
        ("status=planned", vec!["Odense City"]),
        ("region=1085&status=planned", vec![]),
        (
            "region=&theme=&lang=da",
            vec!["Faxe Handel", "Odense City", "Næstved Bymidte"],
        ),
    ] {
        let reply = visit(&app, &format!("/samarbejder?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text);
        assert_eq!(titles(&reply.text), expected, "{query}");
        assert_eq!(list_count(&reply).0, expected.len() as i64, "{query}");
    }

    // The chosen filters stay chosen, and each can be lifted on its own.
    let chosen = visit(
        &app,
        "/samarbejder?region=1085&recommendation=P3&recommendation_status=implemented",
    )
    .await;
    assert!(
        chosen
            .text
            .contains("<option value=\"1085\" selected>Region Sjælland</option>")
    );
    assert!(
        chosen
            .text
            .contains("<option value=\"implemented\" selected>Gennemført</option>")
    );
    assert!(chosen.text.contains("Region: Region Sjælland"));
    assert!(
        chosen.text.contains(
            "href=\"/samarbejder?recommendation=P3&#38;recommendation_status=implemented\""
        ),
        "lifting the region keeps the rest"
    );
    assert!(
        chosen.text.contains("href=\"/samarbejder?region=1085\""),
        "lifting the recommendation lifts its status too"
    );

    // In English, the same list.
    let english = app
        .get_with(
            "/samarbejder?region=1085&lang=en",
            &[("accept", BROWSER_ACCEPT)],
        )
        .await;
    assert!(english.text.contains("<html lang=\"en\">"));
    assert!(
        english
            .text
            .contains("2 collaborations in 2 municipalities")
    );
    assert!(!english.text.contains("Unknown localization"));
}

async fn the_list_pages_with_its_cursor(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    for i in 0..23 {
        collaboration(
            &app,
            &p,
            body(&format!("Samarbejde {i:02}"), "370", json!({})),
            true,
        )
        .await;
    }
    let first = visit(&app, "/samarbejder?region=1085").await;
    assert_eq!(list_count(&first), (23, 1));
    let shown = titles(&first.text);
    assert_eq!(shown.len(), 20);
    assert_eq!(shown[0], "Samarbejde 22");
    let next = attr(
        between(&first.text, "<nav class=\"pager\"", "</nav>"),
        "href",
    )
    .expect("a next link");
    assert!(
        next.starts_with("/samarbejder?region=1085&cursor="),
        "{next}"
    );
    let second = visit(&app, &next).await;
    assert_eq!(
        titles(&second.text),
        ["Samarbejde 02", "Samarbejde 01", "Samarbejde 00"]
    );
    assert!(second.text.contains("Første side"));
    assert!(!second.text.contains("rel=\"next\""));
}

async fn bad_filters_are_named_and_the_search_box_searches(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;

    let bad = visit(
        &app,
        "/samarbejder?region=9999&recommendation_status=planned&from=juni",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text
            .contains("<title>Fejl: Samarbejder – bymidter</title>")
    );
    assert!(bad.text.contains("class=\"error-summary\""));
    assert!(bad.text.contains("href=\"#filter-region\""));
    assert!(bad.text.contains("href=\"#filter-recommendation-status\""));
    assert!(bad.text.contains("href=\"#filter-from\""));
    let summary = between(&bad.text, "class=\"error-summary-list\"", "</ul>");
    let at = |id: &str| summary.find(id).unwrap_or(usize::MAX);
    assert!(
        at("#filter-region") < at("#filter-recommendation-status")
            && at("#filter-recommendation-status") < at("#filter-from"),
        "the summary follows the form: {summary}"
    );
    assert!(bad.text.contains("aria-invalid=\"true\""));
    assert!(bad.text.contains("Regionskoden findes ikke"));
    assert!(
        titles(&bad.text).is_empty(),
        "no list for filters that do not hold"
    );

    let reversed = visit(
        &app,
        "/samarbejder?recommendation=P3&from=2025-06-01&to=2025-01-01",
    )
    .await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reversed
            .text
            .contains("Periodens start skal ligge før dens slutning.")
    );

    // The front page's search box asks with q=: a full-text search, with the filters.
    collaboration(
        &app,
        &p,
        body(
            "Faxe Handel",
            "320",
            json!({"summary": "Handelsforeningen samler butikkerne om julebelysning."}),
        ),
        true,
    )
    .await;
    let searched = visit(&app, "/samarbejder?q=julebelysning").await;
    assert_eq!(searched.status, StatusCode::OK);
    assert!(
        searched
            .text
            .contains("1 samarbejde matcher »julebelysning«")
    );
    assert!(
        searched
            .text
            .contains("id=\"filter-q\" name=\"q\" value=\"julebelysning\"")
    );
    assert_eq!(titles(&searched.text), ["Faxe Handel"]);
    let filtered = visit(&app, "/samarbejder?q=butikker&municipality=370").await;
    assert_eq!(titles(&filtered.text), ["Næstved Bymidte"]);
    let nothing = visit(&app, "/samarbejder?q=vindmøller").await;
    assert!(
        nothing
            .text
            .contains("Ingen samarbejder matcher »vindmøller«")
    );
    assert!(titles(&nothing.text).is_empty());
}

async fn a_collaboration_page_shows_its_links_experiences_and_contact(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let org = org_slug(&app, &p).await;
    let c = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let id = c["id"].as_str().expect("id").to_owned();
    link(&app, &p, &c, "P3", "implemented").await;
    link(&app, &p, &c, "P4", "abandoned").await;
    tool(&app, &p, &c, "foranalyser", json!("helped")).await;
    let exp = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Pop-up i tomme butikker", "body": "Vi lånte **tre** tomme butikker.", "what_worked": "Ejerne sagde ja.", "is_setback": false}),
        )
        .await;
    assert_eq!(exp.status, StatusCode::CREATED, "{}", exp.text);
    let exp_id = exp.json()["id"].as_str().expect("id").to_owned();
    app.post_as(
        &format!("/api/v1/experiences/{exp_id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    let draft = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Halvfærdige tanker", "body": "Kladde."}),
        )
        .await;
    assert_eq!(draft.status, StatusCode::CREATED);

    let path = page_path(&c, &org);
    let page = visit(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let html = &page.text;
    assert!(html.contains("<title>Næstved Bymidte – bymidter</title>"));
    assert!(html.contains("<h1>Næstved Bymidte</h1>"));
    assert!(
        html.contains("Vi tog <strong>tomme butikker</strong> i brug"),
        "the description, rendered"
    );
    assert!(html.contains("Næstved (43.000 indbyggere)"));
    assert!(html.contains("<a href=\"/kommuner/370\">Næstved</a>"));
    assert!(html.contains("<a href=\"/regioner/1085\">Region Sjælland</a>"));
    assert!(html.contains("ejendomsejere"), "partners in words");
    assert!(html.contains("efter ejendomsværdi"), "fee bases in words");
    assert!(html.contains("Formel privat organisering"));
    assert!(html.contains("1. marts 2021"));
    assert!(html.contains("badge-link-implemented\">Gennemført</span>"));
    assert!(html.contains("badge-link-abandoned\">Opgivet</span>"));
    assert!(
        html.contains("Kommunen trak midlerne tilbage"),
        "the reason it was abandoned"
    );
    assert!(html.contains("badge-outcome-helped\">Hjalp</span>"));
    assert!(html.contains(&format!(
        "href=\"{path}/erfaringer/{exp_id}\">Pop-up i tomme butikker</a>"
    )));
    assert!(
        !html.contains("Halvfærdige tanker"),
        "drafts are the organisation's"
    );
    assert!(html.contains(&format!("href=\"{path}/historik\"")));
    assert!(
        html.contains(&format!("name=\"target_id\" value=\"{id}\"")),
        "a follow button"
    );
    assert!(
        !html.contains("sekretariat@naestved-bymidte.dk"),
        "contact for logged-in readers only"
    );
    assert!(html.contains("Kontaktadressen vises for brugere, der er logget ind."));

    let reader = app.signup("planlaegger@faxe.dk", "Per Planlægger").await;
    let logged_in = open(&app, &browser(&app, Some(&reader.token)), &path).await;
    assert!(
        logged_in
            .text
            .contains("<a href=\"mailto:sekretariat@naestved-bymidte.dk\">")
    );
    assert!(!logged_in.text.contains("Halvfærdige tanker"));
    let owner = open(&app, &browser(&app, Some(&p.owner.token)), &path).await;
    assert!(
        owner.text.contains("Halvfærdige tanker"),
        "the organisation sees its drafts"
    );

    let english = app
        .get_with(&format!("{path}?lang=en"), &[("accept", BROWSER_ACCEPT)])
        .await;
    assert!(english.text.contains("Næstved (43,000 inhabitants)"));
    assert!(english.text.contains("1 March 2021"));
    assert!(english.text.contains(">Implemented</span>"));
    assert!(!english.text.contains("Unknown localization"));

    assert_eq!(
        visit(&app, &format!("/samarbejder/{org}/findes-ikke"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visit(&app, &format!("{path}/erfaringer/ikke-et-id"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn an_experience_page_shows_comments_questions_and_answers(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let org = org_slug(&app, &p).await;
    let c = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let id = c["id"].as_str().expect("id");
    let exp = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({
                "title": "Kontingent efter facadelængde",
                "body": "Vi prøvede at opkræve efter facadelængde.",
                "what_worked": "Det var let at forklare.",
                "what_did_not": "De store kæder meldte sig ud.",
                "advice": "Tal med kæderne først.",
                "is_setback": true,
                "themes": ["2"]
            }),
        )
        .await
        .json();
    let exp_id = exp["id"].as_str().expect("id");
    app.post_as(
        &format!("/api/v1/experiences/{exp_id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    let peer = app.signup("per@faxe.dk", "Per fra Faxe").await;
    let question = app
        .post_as(
            &format!("/api/v1/experiences/{exp_id}/comments"),
            &peer.token,
            &json!({"body": "Hvor mange meldte sig ud?", "kind": "question"}),
        )
        .await;
    assert_eq!(question.status, StatusCode::CREATED, "{}", question.text);
    let question_id = question.json()["id"].as_str().expect("id").to_owned();
    let answer = app
        .post_as(
            &format!("/api/v1/experiences/{exp_id}/comments"),
            &p.owner.token,
            &json!({"body": "Fire ud af tyve.", "answer_to": question_id}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    app.post_as(
        &format!("/api/v1/experiences/{exp_id}/comments"),
        &peer.token,
        &json!({"body": "Tak for at dele!"}),
    )
    .await;

    let path = format!("{}/erfaringer/{exp_id}", page_path(&c, &org));
    let page = visit(&app, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let html = &page.text;
    assert!(html.contains("<h1>Kontingent efter facadelængde</h1>"));
    assert!(html.contains("Erfaring fra et tilbageslag"));
    assert!(html.contains("<h2 id=\"exp-worked\">Det virkede</h2>"));
    assert!(html.contains("De store kæder meldte sig ud."));
    assert!(html.contains("Tal med kæderne først."));
    let question_at = html
        .find("Hvor mange meldte sig ud?")
        .expect("the question");
    let answer_at = html.find("Fire ud af tyve.").expect("the answer");
    let thanks_at = html.find("Tak for at dele!").expect("the comment");
    assert!(
        question_at < answer_at && answer_at < thanks_at,
        "the answer under its question"
    );
    assert!(between(html, "class=\"answers\"", "</ol>").contains("Fire ud af tyve."));
    assert!(html.contains("<span class=\"comment-kind\">Spørgsmål</span> <span class=\"comment-author\">Per fra Faxe</span>"));

    // An experience of another collaboration is not found under this one.
    let other = collaboration(&app, &p, body("Andet samarbejde", "370", json!({})), true).await;
    let elsewhere = format!("{}/erfaringer/{exp_id}", page_path(&other, &org));
    assert_eq!(visit(&app, &elsewhere).await.status, StatusCode::NOT_FOUND);
}

async fn an_old_slug_redirects_to_the_current_page(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let org = org_slug(&app, &p).await;
    let c = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let id = c["id"].as_str().expect("id");
    let old = page_path(&c, &org);
    let renamed = app
        .patch_as(
            &format!("/api/v1/collaborations/{id}"),
            &p.owner.token,
            &json!({"title": "Levende Næstved"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text);
    let new = page_path(&renamed.json(), &org);
    assert_ne!(old, new);

    let moved = visit(&app, &old).await;
    assert_eq!(moved.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(moved.header("location"), Some(new.as_str()));
    let history = visit(&app, &format!("{old}/historik")).await;
    assert_eq!(history.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        history.header("location"),
        Some(format!("{new}/historik").as_str())
    );
    assert_eq!(visit(&app, &new).await.status, StatusCode::OK);

    // An old slug of a collaboration the visitor may not see leads nowhere.
    let private = collaboration(
        &app,
        &p,
        body("Lukket Kreds", "370", json!({"visibility": "private"})),
        true,
    )
    .await;
    let private_id = private["id"].as_str().expect("id");
    let private_old = page_path(&private, &org);
    app.patch_as(
        &format!("/api/v1/collaborations/{private_id}"),
        &p.owner.token,
        &json!({"title": "Endnu Mere Lukket"}),
    )
    .await;
    assert_eq!(
        visit(&app, &private_old).await.status,
        StatusCode::NOT_FOUND
    );
    let owner = open(&app, &browser(&app, Some(&p.owner.token)), &private_old).await;
    assert_eq!(owner.status, StatusCode::PERMANENT_REDIRECT);
}

async fn the_public_history_has_no_private_fields_or_names(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let org = org_slug(&app, &p).await;
    let c = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let id = c["id"].as_str().expect("id");
    app.patch_as(
        &format!("/api/v1/collaborations/{id}"),
        &p.owner.token,
        &json!({"contact": "ny@naestved-bymidte.dk"}),
    )
    .await;
    app.patch_as(
        &format!("/api/v1/collaborations/{id}"),
        &p.owner.token,
        &json!({"summary": "Et nyt resumé.", "contact": "igen@naestved-bymidte.dk"}),
    )
    .await;
    link(&app, &p, &c, "P3", "planned").await;
    link(&app, &p, &c, "P3", "implemented").await;

    let path = format!("{}/historik", page_path(&c, &org));
    let public = visit(&app, &path).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text);
    let html = &public.text;
    assert!(html.contains("Historik: Næstved Bymidte"));
    assert!(html.contains("Offentliggjort"));
    assert!(html.contains("Ændrede resumé"));
    assert!(
        !html.contains("Ændrede kontakt") && !html.contains("resumé, kontakt"),
        "the contact change is the organisation's"
    );
    assert!(
        !html.contains("Oprettet"),
        "what happened before publishing is the organisation's"
    );
    assert!(html.contains("Status for P3 Styrk de lokalt forankrede bymidtesamarbejder ændret fra Planlagt til Gennemført"));
    assert!(!html.contains("Mette Citychef"), "no names for the public");
    assert!(
        html.contains("Næstved Bymidte</p>"),
        "the organisation acts for the public"
    );

    let member = open(&app, &browser(&app, Some(&p.owner.token)), &path).await;
    assert!(member.text.contains("Ændrede kontakt"));
    assert!(member.text.contains("Oprettet"));
    assert!(member.text.contains("Mette Citychef"));
}

async fn private_and_draft_collaborations_never_show_to_outsiders(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let org = org_slug(&app, &p).await;
    let public = collaboration(&app, &p, body("Åben By", "370", json!({})), true).await;
    let members = collaboration(
        &app,
        &p,
        body("Medlemsby", "370", json!({"visibility": "members"})),
        true,
    )
    .await;
    let private = collaboration(
        &app,
        &p,
        body("Lukket By", "370", json!({"visibility": "private"})),
        true,
    )
    .await;
    let draft = collaboration(&app, &p, body("Kladdeby", "370", json!({})), false).await;
    for c in [&public, &members, &private, &draft] {
        link(&app, &p, c, "P3", "implemented").await;
        tool(&app, &p, c, "foranalyser", json!("helped")).await;
    }
    let secret = ["Medlemsby", "Lukket By", "Kladdeby"];
    let pages = [
        "/samarbejder",
        "/samarbejder?recommendation=P3&recommendation_status=implemented",
        "/anbefalinger/P3",
        "/vaerktoejer/foranalyser",
        "/temaer/2",
        "/kommuner/370",
        "/regioner/1085",
        "/udbredelse",
        "/udbredelse/P3",
    ];
    for path in pages {
        let page = visit(&app, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for title in secret {
            assert!(!page.text.contains(title), "{title} shows on {path}");
        }
    }
    assert_eq!(list_count(&visit(&app, "/samarbejder").await), (1, 1));
    let uptake = visit(&app, "/udbredelse").await;
    assert_eq!(
        table(&uptake.text, "table-collaborations")["P3/implemented"].0,
        1
    );
    assert_eq!(
        table(&uptake.text, "table-toolbox")["foranalyser/helped"].0,
        1
    );
    assert_eq!(table(&uptake.text, "table-regions")["region:1085"].0, 1);
    let p3 = visit(&app, "/anbefalinger/P3").await;
    assert!(p3.text.contains("<span class=\"status-count-value\">1</span> <span class=\"status-count-label\">Gennemført</span>"));
    for c in [&members, &private, &draft] {
        let path = page_path(c, &org);
        assert_eq!(
            visit(&app, &path).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_eq!(
            visit(&app, &format!("{path}/historik")).await.status,
            StatusCode::NOT_FOUND
        );
    }

    // A logged-in outsider also reads what is for members, never what is private or a draft.
    let outsider = app.signup("per@faxe.dk", "Per").await;
    let as_outsider = browser(&app, Some(&outsider.token));
    let list = open(&app, &as_outsider, "/samarbejder").await;
    assert_eq!(titles(&list.text), ["Medlemsby", "Åben By"]);
    assert_eq!(
        open(&app, &as_outsider, &page_path(&private, &org))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let counted = open(&app, &as_outsider, "/udbredelse").await;
    assert_eq!(
        table(&counted.text, "table-collaborations")["P3/implemented"].0,
        2
    );

    // The organisation sees its private one published, and its draft only on the draft's page.
    let as_owner = browser(&app, Some(&p.owner.token));
    let own = open(&app, &as_owner, "/samarbejder").await;
    assert_eq!(titles(&own.text), ["Lukket By", "Medlemsby", "Åben By"]);
    let draft_page = open(&app, &as_owner, &page_path(&draft, &org)).await;
    assert_eq!(draft_page.status, StatusCode::OK);
    assert!(draft_page.text.contains("Dette er en kladde."));
}

async fn the_catalogue_pages_list_their_collaborations_with_counts(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let a = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let b = collaboration(
        &app,
        &p,
        body("Faxe Handel", "320", json!({"town": "Faxe"})),
        true,
    )
    .await;
    link(&app, &p, &a, "P3", "implemented").await;
    link(&app, &p, &b, "P3", "planned").await;
    tool(&app, &p, &a, "foranalyser", json!("helped")).await;
    tool(&app, &p, &b, "foranalyser", json!("did_not_help")).await;

    let p3 = visit(&app, "/anbefalinger/P3").await;
    let html = &p3.text;
    assert_eq!(titles(html), ["Faxe Handel", "Næstved Bymidte"]);
    assert!(html.contains("<p class=\"teaser-count\">2 samarbejder</p>"));
    assert!(html.contains("<a href=\"/samarbejder?recommendation=P3&#38;recommendation_status=implemented\"><span class=\"status-count-value\">1</span>"));
    assert!(
        html.contains("<p class=\"meta-line collab-detail\">Status for anbefalingen: Planlagt</p>"),
        "each card with its status"
    );
    assert!(html.contains("href=\"/udbredelse/P3\""));
    let counted = visit(
        &app,
        "/samarbejder?recommendation=P3&recommendation_status=implemented",
    )
    .await;
    assert_eq!(list_count(&counted).0, 1);

    let tool_page = visit(&app, "/vaerktoejer/foranalyser").await;
    assert_eq!(titles(&tool_page.text), ["Faxe Handel", "Næstved Bymidte"]);
    assert!(
        tool_page
            .text
            .contains("<p class=\"meta-line collab-detail\">Udbytte: Hjalp ikke</p>")
    );
    assert!(
        tool_page
            .text
            .contains("href=\"/samarbejder?toolbox=foranalyser&#38;toolbox_outcome=helped\"")
    );

    let municipality = visit(&app, "/kommuner/320").await;
    assert_eq!(titles(&municipality.text), ["Faxe Handel"]);
    assert!(municipality.text.contains("Samarbejder i Faxe"));
    let region = visit(&app, "/regioner/1085").await;
    assert_eq!(titles(&region.text), ["Faxe Handel", "Næstved Bymidte"]);
    let theme = visit(&app, "/temaer/5").await;
    assert_eq!(titles(&theme.text), ["Faxe Handel", "Næstved Bymidte"]);
    let empty = visit(&app, "/kommuner/101").await;
    assert!(
        empty
            .text
            .contains("Der er ikke registreret samarbejder i kommunen endnu.")
    );
}

/// Data for the uptake pages: collaborations in three regions, with links in every status.
pub(crate) async fn uptake_data(app: &TestApp) -> Partnership {
    let p = partnership(app, "mette@naestved.dk", "Næstved Bymidte").await;
    // Municipality, inhabitants, organisation model, and the recommendation links.
    type Plan<'a> = (&'a str, i64, &'a str, &'a [(&'a str, &'a str)]);
    let plan: [Plan; 6] = [
        (
            "370",
            3_000,
            "formal_private",
            &[("P3", "planned"), ("P4", "implemented")],
        ),
        ("370", 43_000, "formal_private", &[("P3", "implemented")]),
        (
            "320",
            7_000,
            "informal_public",
            &[("P3", "implemented"), ("P5", "in_progress")],
        ),
        (
            "461",
            180_000,
            "formal_public",
            &[("P4", "implemented"), ("P3", "evaluated")],
        ),
        (
            "751",
            12_000,
            "formal_private",
            &[("P3", "abandoned"), ("P1", "considered")],
        ),
        ("101", 600_000, "informal_private", &[]),
    ];
    for (i, (municipality, population, model, links)) in plan.iter().enumerate() {
        let c = collaboration(
            app,
            &p,
            body(
                &format!("Samarbejde {i}"),
                municipality,
                json!({"town_population": population, "organisation_model": model}),
            ),
            true,
        )
        .await;
        for (code, status) in links.iter() {
            link(app, &p, &c, code, status).await;
        }
        let outcome = [json!("helped"), json!("neutral"), Value::Null][i % 3].clone();
        tool(app, &p, &c, "foranalyser", outcome).await;
    }
    // Something nobody but the organisation may count.
    let hidden = collaboration(
        app,
        &p,
        body("Lukket", "370", json!({"visibility": "private"})),
        true,
    )
    .await;
    link(app, &p, &hidden, "P3", "implemented").await;
    p
}

/// Every number on the page is the API's, the chart draws the table's numbers, and each
/// number's link leads to a list of that many collaborations (or municipalities).
async fn check_uptake_page(app: &TestApp, filter: &str) {
    let page = visit(app, &format!("/udbredelse?{filter}")).await;
    assert_eq!(page.status, StatusCode::OK, "[{filter}] {}", page.text);
    let html = &page.text;
    let collaborations = table(html, "table-collaborations");
    let municipalities = table(html, "table-municipalities");
    let api = app
        .get(&format!("/api/v1/uptake/recommendations?{filter}"))
        .await
        .json();
    for row in api.as_array().expect("rows") {
        let code = row["code"].as_str().expect("code");
        assert_eq!(
            collaborations[&format!("{code}/total")].0,
            row["collaborations"].as_i64().expect("n"),
            "{code} [{filter}]"
        );
        assert_eq!(
            municipalities[&format!("m:{code}/total")].0,
            row["municipalities"].as_i64().expect("n")
        );
        for (status, n) in row["by_status"].as_object().expect("statuses") {
            assert_eq!(
                collaborations[&format!("{code}/{status}")].0,
                n.as_i64().expect("n"),
                "{code} {status} [{filter}]"
            );
        }
        for (status, n) in row["municipalities_by_status"]
            .as_object()
            .expect("statuses")
        {
            assert_eq!(
                municipalities[&format!("m:{code}/{status}")].0,
                n.as_i64().expect("n")
            );
        }
    }
    // The chart shows the table's numbers: every segment is a cell, every non-zero cell a segment.
    let drawn = chart(html, "chart-recommendations");
    let nonzero: BTreeMap<String, i64> = collaborations
        .iter()
        .filter(|(k, (v, _))| *v > 0 && !k.ends_with("/total"))
        .map(|(k, (v, _))| (k.clone(), *v))
        .collect();
    assert_eq!(drawn, nonzero, "[{filter}]");
    assert!(
        !drawn.is_empty() || filter.contains("1083"),
        "[{filter}] draws something"
    );

    let tools = table(html, "table-toolbox");
    let api_tools = app
        .get(&format!("/api/v1/uptake/toolbox?{filter}"))
        .await
        .json();
    for t in api_tools.as_array().expect("tools") {
        let slug = t["slug"].as_str().expect("slug");
        assert_eq!(
            tools[&format!("{slug}/total")].0,
            t["collaborations"].as_i64().expect("n")
        );
        for (o, n) in t["outcomes"].as_object().expect("outcomes") {
            assert_eq!(
                tools[&format!("{slug}/{o}")].0,
                n.as_i64().expect("n"),
                "{slug} {o}"
            );
        }
    }
    if html.contains("chart-toolbox-title") {
        for (key, value) in chart(html, "chart-toolbox") {
            assert_eq!(tools[&key].0, value, "{key}");
        }
    }

    let regions = table(html, "table-regions");
    let coverage = app
        .get(&format!("/api/v1/uptake/coverage?{filter}"))
        .await
        .json();
    for r in coverage["regions"].as_array().expect("regions") {
        let code = r["code"].as_str().expect("code");
        assert_eq!(
            regions[&format!("region:{code}")].0,
            r["collaborations"].as_i64().expect("n")
        );
    }

    // Drill down from every number.
    for (key, (value, href)) in collaborations
        .iter()
        .chain(&municipalities)
        .chain(&tools)
        .chain(&regions)
    {
        let Some(href) = href else {
            assert_eq!(*value, 0, "{key} has a link");
            continue;
        };
        let list = visit(app, href).await;
        assert_eq!(list.status, StatusCode::OK, "{href}: {}", list.text);
        let (n, in_municipalities) = list_count(&list);
        let shown = if key.starts_with("m:") {
            in_municipalities
        } else {
            n
        };
        assert_eq!(shown, *value, "{key} [{filter}] -> {href}");
    }
}

async fn the_uptake_page_shows_the_api_numbers_and_each_leads_to_its_list(backend: TestBackend) {
    let app = spawn_app(backend).await;
    uptake_data(&app).await;
    for filter in [
        "",
        "region=1085",
        "municipality=370",
        "size=4000_20000",
        "organisation_model=formal_private",
        "region=1083",
        "to=2099-12-31",
    ] {
        check_uptake_page(&app, filter).await;
    }
    let page = visit(&app, "/udbredelse").await;
    let html = &page.text;
    assert!(html.contains("<h1>Udbredelsen af anbefalingerne</h1>"));
    assert!(html.contains("href=\"/api/v1/uptake/recommendations?format=csv\""));
    assert!(html.contains("href=\"/api/v1/uptake/recommendations?format=xlsx\""));
    assert!(html.contains("href=\"/api/v1/uptake/toolbox?format=xlsx\""));
    assert!(html.contains("href=\"/api/v1/uptake/coverage?format=csv\""));
    assert!(html.contains(
        "role=\"img\" aria-labelledby=\"chart-recommendations-title chart-recommendations-desc\""
    ));
    assert!(html.contains("<ul class=\"chart-legend\">"));
    assert!(html.contains("5 kommuner har registrerede samarbejder, og 93 har ingen."));
    assert!(html.contains("<span class=\"muni-name\">Næstved</span><span class=\"visually-hidden\">: 2 samarbejder</span>"));
    assert!(
        html.contains("muni-tile muni-level-0\"><a href=\"/kommuner/147\""),
        "Frederiksberg has none"
    );
    let filtered = visit(&app, "/udbredelse?region=1085&to=2030-01-01").await;
    assert!(filtered.text.contains(
        "href=\"/api/v1/uptake/recommendations?region=1085&#38;to=2030-01-01&#38;format=csv\""
    ));
    assert!(
        filtered
            .text
            .contains("href=\"/api/v1/uptake/toolbox?region=1085&#38;format=csv\""),
        "the period is not the tools'"
    );

    let bad = visit(&app, "/udbredelse?region=7&from=2026-01-01&to=2025-01-01").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("href=\"#filter-region\""));
    assert!(bad.text.contains("href=\"#filter-from\""));

    let english = app
        .get_with("/udbredelse?lang=en", &[("accept", BROWSER_ACCEPT)])
        .await;
    assert!(english.text.contains("Uptake of the recommendations"));
    assert!(!english.text.contains("Unknown localization"));
}

async fn the_timeline_page_follows_the_history_and_its_numbers_lead_to_lists(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    app.state.clock.set(Some(at(2025, 1, 10)));
    let naestved_c = collaboration(&app, &p, body("Næstved", "370", json!({})), true).await;
    let faxe = collaboration(&app, &p, body("Faxe", "320", json!({})), true).await;
    let odense = collaboration(&app, &p, body("Odense", "461", json!({})), true).await;
    link(&app, &p, &naestved_c, "P3", "planned").await;
    link(&app, &p, &faxe, "P3", "planned").await;
    app.state.clock.set(Some(at(2025, 5, 2)));
    link(&app, &p, &naestved_c, "P3", "implemented").await;
    app.state.clock.set(Some(at(2025, 8, 20)));
    link(&app, &p, &odense, "P3", "planned").await;
    app.state.clock.set(Some(at(2025, 11, 30)));
    link(&app, &p, &faxe, "P3", "implemented").await;
    app.state.clock.set(Some(at(2026, 2, 1)));

    for query in [
        "interval=quarter&from=2025-01-01&to=2025-12-31",
        "interval=month&region=1085",
        "interval=year",
    ] {
        let page = visit(&app, &format!("/udbredelse/P3?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}: {}", page.text);
        let cells = table(&page.text, "table-timeline");
        let api = app
            .get(&format!(
                "/api/v1/uptake/recommendations/P3/timeline?{query}"
            ))
            .await
            .json();
        for point in api.as_array().expect("points") {
            let period = point["period"].as_str().expect("period");
            for (status, n) in point["by_status"].as_object().expect("statuses") {
                assert_eq!(
                    cells[&format!("{period}/{status}")].0,
                    n.as_i64().expect("n"),
                    "{period} {status} [{query}]"
                );
            }
        }
        let drawn = chart(&page.text, "chart-timeline");
        let nonzero: BTreeMap<String, i64> = cells
            .iter()
            .filter(|(k, (v, _))| *v > 0 && !k.ends_with("/total"))
            .map(|(k, (v, _))| (k.clone(), *v))
            .collect();
        assert_eq!(drawn, nonzero, "[{query}]");
        for (key, (value, href)) in &cells {
            let Some(href) = href else { continue };
            let (n, _) = list_count(&visit(&app, href).await);
            assert_eq!(n, *value, "{key} [{query}] -> {href}");
        }
    }
    let quarters = visit(
        &app,
        "/udbredelse/P3?interval=quarter&from=2025-01-01&to=2025-12-31",
    )
    .await;
    let cells = table(&quarters.text, "table-timeline");
    let got: Vec<(i64, i64)> = ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
        .iter()
        .map(|q| {
            (
                cells[&format!("{q}/planned")].0,
                cells[&format!("{q}/implemented")].0,
            )
        })
        .collect();
    assert_eq!(got, [(2, 0), (1, 1), (2, 1), (1, 2)]);
    assert_eq!(
        cells["2025-Q2/implemented"].1.as_deref(),
        Some("/samarbejder?recommendation=P3&recommendation_status=implemented&to=2025-06-30")
    );
    assert!(
        quarters
            .text
            .contains("<option value=\"quarter\" selected>Kvartaler</option>")
    );
    assert!(quarters.text.contains("href=\"/api/v1/uptake/recommendations/P3/timeline?from=2025-01-01&#38;to=2025-12-31&#38;interval=quarter&#38;format=xlsx\""));

    assert_eq!(
        visit(&app, "/udbredelse/p3").await.status,
        StatusCode::PERMANENT_REDIRECT
    );
    assert_eq!(
        visit(&app, "/udbredelse/P99").await.status,
        StatusCode::NOT_FOUND
    );
    let bad = visit(&app, "/udbredelse/P3?interval=week").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text.contains("href=\"#filter-interval\""));
}

async fn the_open_data_page_documents_every_column_and_the_licence(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    collaboration(
        &app,
        &p,
        body("Lukket", "370", json!({"visibility": "private"})),
        true,
    )
    .await;
    let page = visit(&app, "/aabne-data").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.text;
    assert!(html.contains(&format!(
        "<code>{}/api/v1/exports/collaborations.csv</code>",
        app.base
    )));
    assert!(html.contains(&format!(
        "<code>{}/api/v1/exports/collaborations.json</code>",
        app.base
    )));
    assert!(html.contains("CC BY 4.0"));
    assert!(
        html.contains(
            "href=\"https://creativecommons.org/licenses/by/4.0/deed.da\" rel=\"license\""
        )
    );
    assert!(
        html.contains("Filerne indeholder lige nu 1 samarbejde."),
        "what the public sees"
    );
    let csv = app.get("/api/v1/exports/collaborations.csv").await;
    let header = csv
        .text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    for column in header.split(',') {
        assert!(
            html.contains(&format!("<th scope=\"row\"><code>{column}</code></th>")),
            "{column} is documented"
        );
    }
    for field in ["summary", "recommendations[].status", "toolbox[].outcome"] {
        assert!(html.contains(&format!("<code>{field}</code>")), "{field}");
    }
    assert!(
        visit(&app, "/").await.text.contains("href=\"/aabne-data\""),
        "the footer links it"
    );
    let english = app
        .get_with("/aabne-data?lang=en", &[("accept", BROWSER_ACCEPT)])
        .await;
    assert!(
        english
            .text
            .contains("Creative Commons Attribution 4.0 (CC BY 4.0)")
    );
    assert!(!english.text.contains("Unknown localization"));
}

async fn only_admins_see_the_moderation_queue_and_they_hide_with_a_reason(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let org = org_slug(&app, &p).await;
    let c = collaboration(&app, &p, body("Næstved Bymidte", "370", json!({})), true).await;
    let id = c["id"].as_str().expect("id");
    let exp = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Pop-up", "body": "Det gik godt."}),
        )
        .await
        .json();
    let exp_id = exp["id"].as_str().expect("id");
    app.post_as(
        &format!("/api/v1/experiences/{exp_id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    let troll = app.signup("trold@example.dk", "Trold").await;
    let comment = app
        .post_as(
            &format!("/api/v1/experiences/{exp_id}/comments"),
            &troll.token,
            &json!({"body": "Køb billige ure på nettet!"}),
        )
        .await
        .json();
    let comment_id = comment["id"].as_str().expect("id").to_owned();
    let reporter = app.signup("per@faxe.dk", "Per").await;
    let report = app
        .post_as(
            "/api/v1/reports",
            &reporter.token,
            &json!({"target_type": "comment", "target_id": comment_id, "reason": "Reklame"}),
        )
        .await;
    assert_eq!(report.status, StatusCode::CREATED, "{}", report.text);

    assert_eq!(
        visit(&app, "/admin/moderering").await.status,
        StatusCode::NOT_FOUND
    );
    let as_reporter = browser(&app, Some(&reporter.token));
    let refused = open(&app, &as_reporter, "/admin/moderering").await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert!(!refused.text.contains("Køb billige ure"));
    // Even with a good CSRF token, a non-admin's decision finds nothing.
    let token = attr(
        between(&refused.text, "class=\"language-switch\"", "</form>"),
        "value",
    )
    .expect("a csrf token on every page");
    let forged = as_reporter
        .post(app.url(&format!("/admin/moderering/comment/{comment_id}")))
        .header("accept", BROWSER_ACCEPT)
        .form(&[
            ("csrf_token", token.as_str()),
            ("action", "hide"),
            ("reason", "x"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);

    let admin = app.signup("drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;
    let admin = app.login_as(&admin.email).await;
    let as_admin = browser(&app, Some(&admin.token));
    let queue = open(&app, &as_admin, "/admin/moderering").await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.text);
    assert!(queue.text.contains("Køb billige ure på nettet!"));
    assert!(queue.text.contains("Reklame"));
    assert!(queue.text.contains("På erfaringen »Pop-up«"));
    let exp_path = format!("{}/erfaringer/{exp_id}", page_path(&c, &org));
    assert!(queue.text.contains(&format!("href=\"{exp_path}\"")));
    let token = attr(
        between(&queue.text, "class=\"case-form\"", "</form>"),
        "value",
    )
    .expect("token");
    let action = format!("/admin/moderering/comment/{comment_id}");
    assert!(queue.text.contains(&format!("action=\"{action}\"")));

    let no_reason = as_admin
        .post(app.url(&action))
        .header("accept", BROWSER_ACCEPT)
        .form(&[
            ("csrf_token", token.as_str()),
            ("action", "hide"),
            ("reason", " "),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_reason
            .text()
            .await
            .expect("body")
            .contains("Skriv en begrundelse")
    );
    let no_token = as_admin
        .post(app.url(&action))
        .header("accept", BROWSER_ACCEPT)
        .form(&[("action", "hide"), ("reason", "Reklame")])
        .send()
        .await
        .expect("sent");
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert!(
        visit(&app, &exp_path)
            .await
            .text
            .contains("Køb billige ure"),
        "nothing changed yet"
    );

    let hidden = as_admin
        .post(app.url(&action))
        .header("accept", BROWSER_ACCEPT)
        .form(&[
            ("csrf_token", token.as_str()),
            ("action", "hide"),
            ("reason", "Reklame for ure"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(hidden.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        hidden
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/admin/moderering?handled=hidden")
    );
    assert!(
        !visit(&app, &exp_path)
            .await
            .text
            .contains("Køb billige ure"),
        "hidden from readers"
    );
    let after = open(&app, &as_admin, "/admin/moderering?handled=hidden").await;
    assert!(
        after
            .text
            .contains("Indholdet er skjult, og anmeldelserne er lukket.")
    );
    assert!(after.text.contains("Der er ingen åbne anmeldelser."));
    let seen_by_admin = open(&app, &as_admin, &exp_path).await;
    assert!(
        seen_by_admin.text.contains("Køb billige ure"),
        "admins still see it, marked"
    );
    assert!(seen_by_admin.text.contains("Skjult af en moderator"));
}
