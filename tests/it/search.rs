//! Planners search the registry in Danish, narrow by facets, find collaborations like their own
//! and save their searches; nobody ever finds or counts what they may not see.

mod corpus;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, spawn_app};
use crate::on_both_backends;
use corpus::{Corpus, keys, load};

on_both_backends!(
    a_planner_in_a_small_town_finds_peers_who_reused_empty_shops,
    danish_words_are_found_in_every_form_spelling_typo_and_prefix,
    results_and_facet_counts_hold_only_what_the_caller_may_see,
    the_index_follows_every_write_at_once,
    odd_queries_are_harmless_and_bad_filters_are_named,
    filters_sort_and_pages_narrow_the_results,
    collaborations_like_this_one_come_with_their_reasons,
    towns_like_ours_leaves_the_municipality_itself_out,
    a_user_saves_lists_and_deletes_searches,
    the_collaboration_list_narrows_to_the_words_given,
    an_index_rebuilt_at_start_finds_what_it_found_before,
);

fn encode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

async fn search(app: &TestApp, query: &str, token: Option<&str>) -> Value {
    let path = format!("/api/v1/search?{query}");
    let reply = match token {
        Some(t) => app.get_as(&path, t).await,
        None => app.get(&path).await,
    };
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
    reply.json()
}

async fn find(app: &TestApp, corpus: &Corpus, q: &str) -> Vec<&'static str> {
    let answer = search(app, &format!("q={}", encode(q)), None).await;
    keys(corpus, &answer)
}

fn sorted(mut v: Vec<&'static str>) -> Vec<&'static str> {
    v.sort_unstable();
    v
}

async fn a_planner_in_a_small_town_finds_peers_who_reused_empty_shops(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let planner = app
        .signup("planlaegger@faaborgmidtfyn.dk", "Planlægger")
        .await;

    // Her town has 9,000 inhabitants: she types "tomme butikker" and picks her size band. As a
    // logged-in user she also finds the members-only Vordingborg Handelsforening.
    let answer = search(
        &app,
        "q=tomme+butikker&size=4000_20000",
        Some(&planner.token),
    )
    .await;
    let items = answer["items"].as_array().expect("items");
    let faaborg = &items[3];
    assert_eq!(faaborg["type"], "collaboration");
    assert_eq!(faaborg["town"], "Faaborg");
    assert_eq!(faaborg["town_population"], 7200);
    assert_eq!(faaborg["size"], "4000_20000");
    assert_eq!(faaborg["region_code"], "1083");
    assert_eq!(faaborg["score"], 0.667);
    // The recommendations they followed and what they learned (the hidden lesson is not there).
    assert_eq!(
        faaborg["recommendations"],
        json!([{"code": "P3", "status": "in_progress"}, {"code": "P5", "status": "implemented"}])
    );
    let lessons: Vec<&str> = faaborg["lessons"]
        .as_array()
        .expect("lessons")
        .iter()
        .filter_map(|l| l["title"].as_str())
        .collect();
    assert_eq!(
        lessons,
        [
            "Julemarkedet blev aflyst",
            "Pop-up i den tomme butik på Torvet"
        ]
    );
    assert_eq!(
        faaborg["snippet"],
        "Handlende og ejendomsejere fylder <mark>tomme</mark> <mark>butikker</mark> med pop-up \
         <mark>butikker</mark> og værksteder. Vi har lejet <mark>tomme</mark> \
         <mark>butikker</mark> ud til kunsthåndværkere i tre måneder ad gangen. \
         Handelsstandsforeningen betaler forsikringen…"
    );
    assert!(
        faaborg["snippet_text"]
            .as_str()
            .is_some_and(|s| s.starts_with("Handlende og ejendomsejere fylder tomme butikker"))
    );
    let lesson = &items[1];
    assert_eq!(lesson["type"], "experience");
    assert_eq!(lesson["title"], "Pop-up i den tomme butik på Torvet");
    assert_eq!(lesson["collaboration_id"], corpus.id("faaborg"));
    assert_eq!(lesson["collaboration_title"], "Levende bymidte i Faaborg");
    assert_eq!(lesson["is_setback"], false);
    assert_eq!(lesson["score"], 1.0);
    assert_eq!(
        lesson["url"],
        format!("/api/v1/experiences/{}", corpus.id("faaborg-popup"))
    );
    assert_eq!(answer["total"], 6);
    assert_eq!(
        answer["facets"]["type"],
        json!({"collaboration": 4, "experience": 2})
    );
    assert_eq!(answer["facets"]["size"], json!({"4000_20000": 6}));
    assert_eq!(answer["next_cursor"], Value::Null);
}

async fn danish_words_are_found_in_every_form_spelling_typo_and_prefix(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let empty_shops = [
        "toender-lejer",
        "faaborg-popup",
        "faaborg",
        "aeroeskoebing",
        "thisted",
        "naestved",
        "toender",
    ];

    // Inflections: "tomme butikker", "tom butik" and "butikkerne" meet at their stems.
    assert_eq!(find(&app, &corpus, "tomme butikker").await, empty_shops);
    assert_eq!(find(&app, &corpus, "tom butik ").await, empty_shops);
    assert_eq!(find(&app, &corpus, "TOMME BUTIKKERNE").await, empty_shops);
    let shops = find(&app, &corpus, "butikkerne").await;
    assert!(shops.contains(&"skive"), "{shops:?}");
    assert!(shops.contains(&"skive-aabningstider"), "{shops:?}");

    // æ, ø, å and their spellings ae, oe, aa are the same letters.
    assert_eq!(find(&app, &corpus, "Åbenrå").await, ["aabenraa"]);
    assert_eq!(find(&app, &corpus, "Aabenraa").await, ["aabenraa"]);
    assert_eq!(find(&app, &corpus, "aabenraa midtby").await, ["aabenraa"]);
    assert_eq!(find(&app, &corpus, "Naestved").await, ["naestved"]);
    assert_eq!(find(&app, &corpus, "Næstved").await, ["naestved"]);
    assert_eq!(
        find(&app, &corpus, "Toender").await,
        ["toender", "toender-lejer"]
    );
    assert_eq!(
        find(&app, &corpus, "Aeroeskoebing").await,
        ["aeroeskoebing"]
    );

    // A typo in a longer word still finds it, ranked as the half match it is.
    let typo = search(&app, "q=handelsstandsforning", None).await;
    assert_eq!(
        sorted(keys(&corpus, &typo)),
        ["faaborg", "svendborg", "toender"],
        "{typo:#}"
    );
    assert!(
        typo["items"][0]["snippet"]
            .as_str()
            .is_some_and(|s| s.to_lowercase().contains("<mark>handelsstandsforening")),
        "{typo:#}"
    );
    assert!(typo["items"][0]["score"].as_f64().is_some_and(|s| s < 0.5));

    // Prefixes as you type.
    assert_eq!(
        sorted(find(&app, &corpus, "handelsst").await),
        ["faaborg", "svendborg", "toender"]
    );
    // Half-way through an ending, the word being typed is what it starts.
    assert_eq!(
        find(&app, &corpus, "tomme butikkern").await,
        ["faaborg-popup"],
        "butikkern finds butikkerne"
    );
    let butik = find(&app, &corpus, "butik").await;
    assert!(
        butik.contains(&"skive"),
        "butik finds butikkerne: {butik:?}"
    );
    assert_eq!(
        find(&app, &corpus, "citych").await,
        ["svendborg"],
        "citych finds citychef"
    );
}

async fn results_and_facet_counts_hold_only_what_the_caller_may_see(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let outsider = app.signup("planner@holbaek.dk", "Planlægger").await;
    let hidden_everywhere = ["hjoerring", "faaborg-hidden", "toender-draft"];

    let anonymous = search(&app, "q=tomme+butikker", None).await;
    let found = keys(&corpus, &anonymous);
    assert_eq!(found.len(), 7);
    for key in ["vordingborg", "haderslev"]
        .iter()
        .chain(&hidden_everywhere)
    {
        assert!(!found.contains(key), "anonymous found {key}");
    }
    let facets = &anonymous["facets"];
    assert_eq!(anonymous["total"], 7);
    assert_eq!(facets["type"], json!({"collaboration": 5, "experience": 2}));
    assert_eq!(facets["region"], json!({"1081": 1, "1083": 5, "1085": 1}));
    assert_eq!(
        facets["municipality"],
        json!({"370": 1, "430": 2, "492": 1, "550": 2, "787": 1})
    );
    assert_eq!(
        facets["size"],
        json!({"20000_50000": 1, "4000_20000": 5, "under_4000": 1})
    );
    assert_eq!(facets["recommendation"], json!({"P2": 1, "P3": 5, "P5": 5}));
    assert_eq!(
        facets["organisation_model"],
        json!({"formal_private": 3, "informal_private": 3, "informal_public": 1})
    );
    assert_eq!(facets["status"], json!({"active": 6, "planned": 1}));
    assert_eq!(facets["theme"]["5"], 5);
    assert_eq!(facets["toolbox"]["midlertidige-afproevninger"], 4);

    // Members-only records are for logged-in readers: found and counted.
    let member = search(&app, "q=tomme+butikker", Some(&outsider.token)).await;
    let found = keys(&corpus, &member);
    assert!(found.contains(&"vordingborg"));
    assert!(!found.contains(&"haderslev"));
    assert_eq!(member["total"], 8);
    assert_eq!(member["facets"]["municipality"]["390"], 1);
    assert_eq!(member["facets"]["municipality"].get("510"), None);

    // A private record is its organisation's; its drafts are never in search, even for it.
    let haderslev = &corpus.owners[3];
    let own = search(&app, "q=tomme+butikker", Some(&haderslev.token)).await;
    let found = keys(&corpus, &own);
    assert!(found.contains(&"haderslev") && found.contains(&"vordingborg"));
    assert!(!found.contains(&"hjoerring"));
    assert_eq!(own["total"], 9);
    assert_eq!(own["facets"]["municipality"]["510"], 1);
    assert_eq!(own["facets"]["municipality"].get("860"), None);

    // Admins see every published record, never drafts or what a moderator hid.
    let admin = search(&app, "q=tomme+butikker", Some(&corpus.admin.token)).await;
    let found = keys(&corpus, &admin);
    assert!(found.contains(&"haderslev"));
    for key in hidden_everywhere {
        assert!(!found.contains(&key), "admin found {key}");
    }

    // Listing without words counts the same way.
    let all = search(&app, "", None).await;
    assert_eq!(all["facets"]["municipality"].get("510"), None);
    assert_eq!(all["facets"]["municipality"].get("390"), None);
    assert_eq!(all["facets"]["municipality"].get("860"), None);
    let listed = all["total"].as_i64().unwrap_or_default();
    let page = all["items"].as_array().map(Vec::len).unwrap_or_default();
    assert_eq!(
        listed, 13,
        "9 public collaborations and 4 listed experiences"
    );
    assert_eq!(page, 13);

    // Similar collaborations and towns like ours keep to the same rule.
    let similar = app
        .get(&format!(
            "/api/v1/collaborations/{}/similar?limit=20",
            corpus.id("naestved")
        ))
        .await
        .json();
    let ids: Vec<&str> = similar
        .as_array()
        .expect("list")
        .iter()
        .map(|s| corpus.key_of(s["collaboration"]["id"].as_str().unwrap_or_default()))
        .collect();
    for key in ["vordingborg", "haderslev", "hjoerring", "naestved"] {
        assert!(!ids.contains(&key), "similar showed {key}: {ids:?}");
    }
    // A record the caller may not see has no neighbours either: 404, as if it did not exist.
    assert_eq!(
        app.get(&format!(
            "/api/v1/collaborations/{}/similar",
            corpus.id("haderslev")
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

async fn the_index_follows_every_write_at_once(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let owner = &corpus.owners[0];
    let count = |answer: &Value| answer["total"].as_i64().unwrap_or(-1);

    let org = app
        .create_org(owner, "town_partnership", "Pølsevognens Venner", "430")
        .await;
    let created = app
        .post_as(
            &format!("/api/v1/organizations/{org}/collaborations"),
            &owner.token,
            &json!({
                "title": "Pølsevognen på torvet",
                "summary": "En ny mødeplads i Ringe.",
                "municipality_code": "430",
                "town": "Ringe",
                "town_population": 6000,
                "organisation_model": "informal_private",
                "themes": ["4"],
                "visibility": "public"
            }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json()["id"].as_str().expect("id").to_owned();
    let base = format!("/api/v1/collaborations/{id}");

    // A draft is not found; published, it is, at once.
    assert_eq!(count(&search(&app, "q=p%C3%B8lsevogn", None).await), 0);
    app.post_as(&format!("{base}/publish"), &owner.token, &json!({}))
        .await;
    assert_eq!(count(&search(&app, "q=p%C3%B8lsevogn", None).await), 1);
    assert_eq!(count(&search(&app, "q=poelsevognen", None).await), 1);

    // Edited: found by its new words, no longer by its old.
    let edited = app
        .patch_as(
            &base,
            &owner.token,
            &json!({
                "title": "Kaffevognen på torvet",
                "town": "Ryslinge",
                "summary": "En ny mødeplads i Ryslinge, i planen Torv2030."
            }),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
    assert_eq!(count(&search(&app, "q=p%C3%B8lsevogn", None).await), 0);
    assert_eq!(count(&search(&app, "q=kaffevogn", None).await), 1);
    assert_eq!(count(&search(&app, "q=ryslinge", None).await), 1);
    // As they are typed, new words and words with digits are found.
    assert_eq!(count(&search(&app, "q=kaffevog", None).await), 1);
    assert_eq!(count(&search(&app, "q=torv20", None).await), 1);
    assert_eq!(count(&search(&app, "q=p%C3%B8lsevog", None).await), 0);

    // The notes on its links are searched too, and go when the link goes.
    app.put_as(
        &format!("{base}/recommendations/P3"),
        &owner.token,
        &json!({"status": "planned", "note": "Grillaften med ejendomsejerne"}),
    )
    .await;
    assert_eq!(count(&search(&app, "q=grillaften", None).await), 1);
    app.put_as(
        &format!("{base}/toolbox/oekonomi"),
        &owner.token,
        &json!({"note": "Sponsoreret af sparekassen"}),
    )
    .await;
    assert_eq!(count(&search(&app, "q=sparekassen", None).await), 1);
    app.delete_as(&format!("{base}/recommendations/P3"), &owner.token)
        .await;
    assert_eq!(count(&search(&app, "q=grillaften", None).await), 0);

    // An experience: found once published, gone when hidden, back when restored; it carries
    // the collaboration's town, and follows it when the town changes.
    let lesson = app
        .post_as(
            &format!("{base}/experiences"),
            &owner.token,
            &json!({"title": "Karrusellen trak børnefamilier", "body": "En gammel karrusel."}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert_eq!(count(&search(&app, "q=karrusel", None).await), 0);
    app.post_as(
        &format!("/api/v1/experiences/{lesson}/publish"),
        &owner.token,
        &json!({}),
    )
    .await;
    assert_eq!(count(&search(&app, "q=karrusel+ryslinge", None).await), 1);
    app.patch_as(&base, &owner.token, &json!({"town": "Årslev"}))
        .await;
    assert_eq!(count(&search(&app, "q=karrusel+aarslev", None).await), 1);
    app.patch_as(
        &format!("/api/v1/experiences/{lesson}"),
        &owner.token,
        &json!({"title": "Gyngerne trak børnefamilier", "body": "Gynger på torvet."}),
    )
    .await;
    assert_eq!(count(&search(&app, "q=karrusel", None).await), 0);
    assert_eq!(count(&search(&app, "q=gynger", None).await), 1);
    let hide = app
        .post_as(
            &format!("/api/v1/admin/experiences/{lesson}/hide"),
            &corpus.admin.token,
            &json!({"reason": "Test"}),
        )
        .await;
    assert_eq!(hide.status, StatusCode::NO_CONTENT, "{}", hide.text);
    assert_eq!(count(&search(&app, "q=gynger", None).await), 0);
    app.post_as(
        &format!("/api/v1/admin/experiences/{lesson}/restore"),
        &corpus.admin.token,
        &json!({}),
    )
    .await;
    assert_eq!(count(&search(&app, "q=gynger", None).await), 1);

    // Unpublished, the collaboration and its experiences go; deleted, for good.
    app.post_as(&format!("{base}/unpublish"), &owner.token, &json!({}))
        .await;
    assert_eq!(count(&search(&app, "q=kaffevogn", None).await), 0);
    assert_eq!(count(&search(&app, "q=gynger", None).await), 0);
    app.post_as(&format!("{base}/publish"), &owner.token, &json!({}))
        .await;
    assert_eq!(count(&search(&app, "q=gynger", None).await), 1);
    let gone = app.delete_as(&base, &owner.token).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    assert_eq!(count(&search(&app, "q=kaffevogn", None).await), 0);
    assert_eq!(count(&search(&app, "q=gynger", None).await), 0);

    // A draft deleted for good takes its index entry with it.
    let draft = app
        .post_as(
            &format!("/api/v1/organizations/{org}/collaborations"),
            &owner.token,
            &json!({
                "title": "Isbod ved stranden",
                "summary": "Kun et udkast.",
                "municipality_code": "430",
                "town": "Faaborg",
                "organisation_model": "informal_private",
                "themes": ["4"],
                "visibility": "public"
            }),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let gone = app
        .delete_as(&format!("/api/v1/collaborations/{draft}"), &owner.token)
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.text);
    assert_eq!(count(&search(&app, "q=isbod", Some(&owner.token)).await), 0);
}

async fn odd_queries_are_harmless_and_bad_filters_are_named(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;

    let long: String = "tomme butikker i bymidten "
        .repeat(40)
        .chars()
        .take(1_000)
        .collect();
    let odd = [
        long.as_str(),
        &"å".repeat(3_000),
        "\"tomme butikker\"",
        "\"tomme",
        "tomme*",
        "*",
        "tomme NEAR butikker",
        "NEAR(tomme butikker, 2)",
        "tomme -butikker",
        "-",
        "(tomme OR butikker)",
        "((((",
        "title: tomme",
        "{title lead} : tomme",
        ":",
        "tomme & butikker | !aarhus",
        "tomme <-> butikker",
        "'tomme':* & 'butik':A",
        "\\",
        "^tomme",
        "%",
        "AND OR NOT",
        "tomme\u{0}butikker",
        "🙂 butikker",
    ];
    for q in odd {
        let reply = app.get(&format!("/api/v1/search?q={}", encode(q))).await;
        assert_eq!(reply.status, StatusCode::OK, "{q:?}: {}", reply.text);
        assert!(reply.json()["items"].is_array());
    }
    // Syntax is only words: a quoted phrase or an OR finds what the words find.
    assert_eq!(
        find(&app, &corpus, "\"tomme butikker\"").await,
        find(&app, &corpus, "tomme butikker").await
    );
    assert_eq!(find(&app, &corpus, "aarhus OR naestved").await.len(), 0);

    for (query, field) in [
        ("theme=99", "theme"),
        ("region=9999", "region"),
        ("municipality=0999", "municipality"),
        ("recommendation=P99", "recommendation"),
        ("toolbox=ingen-saadan", "toolbox"),
        ("organisation_model=kooperativ", "organisation_model"),
        ("status=glemt", "status"),
        ("size=kaempestor", "size"),
        ("type=by", "type"),
        ("sort=bedst", "sort"),
        ("setbacks=maaske", "setbacks"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("cursor=ikke-en-markoer", "cursor"),
        ("farve=roed", "farve"),
    ] {
        let reply = app.get(&format!("/api/v1/search?q=butik&{query}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(reply.error_fields(), [field], "{query}: {}", reply.text);
    }
    // Several at once are all named, in the caller's language.
    let reply = app
        .get_with(
            "/api/v1/search?theme=99&region=1&limit=500",
            &[("accept-language", "en")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields = reply.error_fields();
    fields.sort();
    assert_eq!(fields, ["limit", "region", "theme"]);
    assert!(reply.text.contains("does not exist"), "{}", reply.text);
    // Codes are accepted zero-padded, as everywhere.
    assert_eq!(
        keys(
            &corpus,
            &search(&app, "q=butik&municipality=0370", None).await
        ),
        ["naestved"]
    );
}

async fn filters_sort_and_pages_narrow_the_results(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;

    // Only experiences; only setbacks.
    let lessons = search(&app, "q=butik&type=experience", None).await;
    assert!(
        lessons["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["type"] == "experience")
    );
    assert_eq!(lessons["facets"]["type"], json!({"experience": 3}));
    let setbacks = search(&app, "setbacks=true", None).await;
    assert_eq!(
        sorted(keys(&corpus, &setbacks)),
        ["faaborg-julemarked", "skive-aabningstider"]
    );
    assert!(
        setbacks["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["is_setback"] == true)
    );
    let none = search(&app, "setbacks=true&type=collaboration", None).await;
    assert_eq!(none["total"], 0);

    // The collaboration filters, as on the list.
    let region = search(&app, "q=butik&region=1083", None).await;
    assert_eq!(region["facets"]["region"], json!({"1083": 5}));
    let model = search(
        &app,
        "organisation_model=formal_public&type=collaboration",
        None,
    )
    .await;
    assert_eq!(sorted(keys(&corpus, &model)), ["aabenraa", "aarhus"]);
    let tool = search(&app, "toolbox=foranalyser", None).await;
    assert_eq!(keys(&corpus, &tool), ["thisted"]);
    let recommendation = search(&app, "recommendation=P4&type=collaboration", None).await;
    assert_eq!(
        sorted(keys(&corpus, &recommendation)),
        ["aabenraa", "aarhus"]
    );
    let theme = search(&app, "theme=3.1", None).await;
    assert_eq!(keys(&corpus, &theme), ["svendborg"]);
    // Theme 3 is a code of its own, not the start of 3.1 and 3.2, which others have.
    let parent = search(&app, "theme=3", None).await;
    assert_eq!(parent["total"], 0);
    assert_eq!(parent["facets"]["theme"], json!({}));
    let status = search(&app, "status=paused", None).await;
    assert_eq!(
        sorted(keys(&corpus, &status)),
        ["skive", "skive-aabningstider"]
    );
    let big = search(&app, "size=over_50000", None).await;
    assert_eq!(keys(&corpus, &big), ["aarhus"]);

    // Newest first on request, and by default without words.
    let newest = search(&app, "q=tomme+butikker&sort=newest", None).await;
    assert_eq!(
        keys(&corpus, &newest),
        [
            "aeroeskoebing",
            "thisted",
            "naestved",
            "toender-lejer",
            "toender",
            "faaborg-popup",
            "faaborg"
        ]
    );

    // Pages of two walk through every result once, in the same order.
    for query in [
        "q=tomme+butikker",
        "q=butik&sort=newest",
        "type=collaboration",
    ] {
        let whole = keys(&corpus, &search(&app, query, None).await);
        let mut walked = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut page_query = format!("{query}&limit=2");
            if let Some(c) = &cursor {
                page_query.push_str(&format!("&cursor={c}"));
            }
            let page = search(&app, &page_query, None).await;
            assert_eq!(page["total"].as_i64(), Some(whole.len() as i64));
            walked.extend(keys(&corpus, &page));
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => break,
            }
        }
        assert_eq!(walked, whole, "{query}");
    }
}

fn reasons_of<'a>(list: &'a Value, corpus: &Corpus, key: &str) -> &'a Value {
    list.as_array()
        .expect("list")
        .iter()
        .find(|s| s["collaboration"]["id"] == corpus.id(key))
        .unwrap_or_else(|| panic!("{key} is not among {list:#}"))
}

async fn collaborations_like_this_one_come_with_their_reasons(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let path = format!("/api/v1/collaborations/{}/similar", corpus.id("faaborg"));

    let danish = app.get(&path).await;
    assert_eq!(danish.status, StatusCode::OK, "{}", danish.text);
    let danish = danish.json();
    let list = danish.as_array().expect("list");
    assert_eq!(list.len(), 5);
    let top: Vec<&str> = list[..2]
        .iter()
        .map(|s| corpus.key_of(s["collaboration"]["id"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(sorted(top), ["naestved", "toender"], "{danish:#}");
    let scores: Vec<f64> = list.iter().filter_map(|s| s["score"].as_f64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| *s > 0.0 && *s <= 1.0));

    let toender = reasons_of(&danish, &corpus, "toender");
    assert_eq!(toender["collaboration"]["title"], "Bysamarbejdet i Tønder");
    let kinds: Vec<&str> = toender["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(
        &kinds[..3],
        [
            "shared_recommendations",
            "similar_town_size",
            "shared_themes"
        ]
    );
    assert_eq!(toender["reasons"][0]["values"], json!(["P3", "P5"]));
    assert_eq!(toender["reasons"][0]["text"], "arbejder også med P3 og P5");
    assert_eq!(toender["reasons"][1]["values"], json!(["7500"]));
    assert_eq!(
        toender["reasons"][1]["text"],
        "by af samme størrelse (7.500 indbyggere)"
    );
    assert_eq!(
        toender["reasons"][2]["text"],
        "samme temaer: Problemernes potentialer"
    );
    assert!(
        toender["explanation"]
            .as_str()
            .is_some_and(|e| e.starts_with("arbejder også med P3 og P5; by af samme størrelse")),
        "{toender:#}"
    );
    let naestved = reasons_of(&danish, &corpus, "naestved");
    let tools = naestved["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .find(|r| r["kind"] == "shared_toolbox")
        .expect("shared toolbox");
    assert_eq!(tools["values"], json!(["midlertidige-afproevninger"]));
    let aeroe = reasons_of(&danish, &corpus, "aeroeskoebing");
    assert!(
        aeroe["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .any(|r| r["kind"] == "same_organisation_model"
                && r["values"] == json!(["informal_private"])),
        "{aeroe:#}"
    );
    for s in list {
        assert_ne!(s["collaboration"]["id"], corpus.id("faaborg"));
    }

    let english = app
        .get_with(&path, &[("accept-language", "en-GB,en;q=0.9")])
        .await
        .json();
    let toender = reasons_of(&english, &corpus, "toender");
    assert_eq!(toender["reasons"][0]["text"], "also works on P3 and P5");
    assert_eq!(
        toender["reasons"][1]["text"],
        "town of similar size (7,500 inhabitants)"
    );
    assert_eq!(
        toender["reasons"][2]["text"],
        "same themes: The potential in the problems"
    );

    assert_eq!(
        app.get(&format!("{path}?limit=1"))
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        app.get(&format!("{path}?limit=50")).await.error_fields(),
        ["limit"]
    );
    assert_eq!(
        app.get(&format!(
            "/api/v1/collaborations/{}/similar",
            uuid::Uuid::now_v7()
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

async fn towns_like_ours_leaves_the_municipality_itself_out(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;

    // Faaborg-Midtfyn, for a town of 9,000.
    let peers = app
        .get("/api/v1/municipalities/430/peers?town_population=9000&limit=10")
        .await;
    assert_eq!(peers.status, StatusCode::OK, "{}", peers.text);
    let peers = peers.json();
    let found: Vec<&str> = peers
        .as_array()
        .expect("list")
        .iter()
        .map(|s| corpus.key_of(s["collaboration"]["id"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(&found[..3], ["toender", "naestved", "thisted"], "{peers:#}");
    assert!(!found.contains(&"faaborg"));
    let toender = &peers[0];
    assert_eq!(
        toender["explanation"],
        "arbejder også med P3 og P5; by af samme størrelse (7.500 indbyggere); \
         samme temaer: Problemernes potentialer"
    );

    // Without a size, the municipality's own registered towns give it (Faaborg: 7,200).
    let derived = app.get("/api/v1/municipalities/0430/peers").await.json();
    assert_eq!(derived[0]["collaboration"]["id"], corpus.id("toender"));

    // A municipality with nothing registered must say how big its town is.
    let copenhagen = app.get("/api/v1/municipalities/101/peers").await;
    assert_eq!(copenhagen.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(copenhagen.error_fields(), ["town_population"]);
    let copenhagen = app
        .get_with(
            "/api/v1/municipalities/101/peers?town_population=290000",
            &[("accept-language", "en")],
        )
        .await
        .json();
    assert_eq!(copenhagen[0]["collaboration"]["id"], corpus.id("aarhus"));
    assert_eq!(
        copenhagen[0]["reasons"][0]["text"],
        "town of similar size (290,000 inhabitants)"
    );

    assert_eq!(
        app.get("/api/v1/municipalities/9999/peers?town_population=9000")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/municipalities/430/peers?town_population=0")
            .await
            .error_fields(),
        ["town_population"]
    );
}

async fn a_user_saves_lists_and_deletes_searches(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let planner = app.signup("planner@svendborg.dk", "Planlægger").await;
    let other = app.signup("anden@svendborg.dk", "Anden").await;
    let path = "/api/v1/me/saved-searches";
    let body = json!({
        "name": "Tomme butikker i byer som vores",
        "q": "tomme butikker",
        "size": "4000_20000",
        "region": 1083
    });

    let anonymous = app
        .call(reqwest::Method::POST, path, None, Some(&body), &[])
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let saved = app.post_as(path, &planner.token, &body).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    let saved = saved.json();
    assert_eq!(saved["name"], "Tomme butikker i byer som vores");
    assert_eq!(
        saved["query"],
        "q=tomme+butikker&region=1083&size=4000_20000"
    );
    assert_eq!(
        saved["params"],
        json!({"q": "tomme butikker", "region": "1083", "size": "4000_20000"})
    );
    // Run again, it finds what the search found.
    let url = saved["search_url"].as_str().expect("url");
    let again = app.get_as(url, &planner.token).await.json();
    assert_eq!(
        keys(&corpus, &again),
        ["toender-lejer", "faaborg-popup", "faaborg", "toender"]
    );

    let twice = app.post_as(path, &planner.token, &body).await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    let bad = app
        .post_as(path, &planner.token, &json!({"q": "butik", "theme": "99"}))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error_fields(), ["theme"]);
    let unknown = app
        .post_as(
            path,
            &planner.token,
            &json!({"q": "butik", "sort": "newest"}),
        )
        .await;
    assert_eq!(unknown.error_fields(), ["sort"]);
    let unnamed = app
        .post_as(path, &planner.token, &json!({"toolbox": "foranalyser"}))
        .await;
    assert_eq!(unnamed.status, StatusCode::CREATED, "{}", unnamed.text);
    assert_eq!(unnamed.json()["name"], "toolbox=foranalyser");

    let mine = app.get_as(path, &planner.token).await.json();
    assert_eq!(mine.as_array().map(Vec::len), Some(2));
    assert_eq!(mine[1]["id"], saved["id"]);
    assert_eq!(
        app.get_as(path, &other.token).await.json(),
        json!([]),
        "another user sees none of them"
    );
    let id = saved["id"].as_str().expect("id");
    assert_eq!(
        app.delete_as(&format!("{path}/{id}"), &other.token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete_as(&format!("{path}/{id}"), &planner.token)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_as(path, &planner.token)
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

/// The same query gives the same results, in the same order and with the same scores, on
/// SQLite and PostgreSQL (runs when `TEST_DATABASE_URL` is set).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_databases_rank_the_corpus_alike() {
    if !crate::helpers::postgres_enabled() {
        return;
    }
    let sqlite = spawn_app(TestBackend::Sqlite).await;
    let postgres = spawn_app(TestBackend::Postgres).await;
    let (a, b) = (load(&sqlite).await, load(&postgres).await);
    let queries = [
        "q=tomme+butikker",
        "q=tom+butik+",
        "q=butik",
        "q=butikkerne+torvet",
        "q=handelsstandsforning",
        "q=handelsst",
        "q=%C3%85benr%C3%A5",
        "q=Naestved+bymidte",
        "q=kommunen+plan",
        "q=bysamarbejde",
        "q=havnen",
        "q=tomme+lokaler&type=collaboration",
        "q=butik&size=4000_20000",
        "q=citychef+handelsstandsforening",
        "setbacks=true",
        "",
    ];
    let seen = |corpus: &Corpus, answer: &Value| -> Vec<(String, String, String)> {
        answer["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| {
                (
                    corpus
                        .key_of(i["id"].as_str().unwrap_or_default())
                        .to_owned(),
                    i["score"].to_string(),
                    i["snippet"].to_string(),
                )
            })
            .collect()
    };
    for query in queries {
        let on_sqlite = search(&sqlite, query, None).await;
        let on_postgres = search(&postgres, query, None).await;
        assert_eq!(
            seen(&a, &on_sqlite),
            seen(&b, &on_postgres),
            "{query}: results differ"
        );
        assert_eq!(
            on_sqlite["facets"], on_postgres["facets"],
            "{query}: facets differ"
        );
    }
    for key in ["faaborg", "aabenraa", "skive"] {
        assert_eq!(
            similar_keys(&sqlite, &a, key).await,
            similar_keys(&postgres, &b, key).await,
            "similar to {key}"
        );
    }
}

async fn similar_keys(app: &TestApp, corpus: &Corpus, key: &str) -> Vec<(String, String, String)> {
    let path = format!("/api/v1/collaborations/{}/similar?limit=10", corpus.id(key));
    let list = app.get(&path).await.json();
    list.as_array()
        .expect("list")
        .iter()
        .map(|s| {
            (
                corpus
                    .key_of(s["collaboration"]["id"].as_str().unwrap_or_default())
                    .to_owned(),
                s["score"].to_string(),
                s["explanation"].to_string(),
            )
        })
        .collect()
}

async fn the_collaboration_list_narrows_to_the_words_given(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let list = |query: String| {
        let app = &app;
        async move {
            let reply = app.get(&format!("/api/v1/collaborations?{query}")).await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text);
            reply.json()
        }
    };

    // Words narrow the list to what the search finds, the filters still apply, newest first.
    let everything: Value = list(String::new()).await;
    let words: Value = list(format!("q={}", encode("tomme butikker"))).await;
    let mut found = sorted(keys(&corpus, &words));
    found.dedup();
    let searched = search(
        &app,
        &format!(
            "q={}&type=collaboration&limit=100",
            encode("tomme butikker")
        ),
        None,
    )
    .await;
    assert_eq!(found, sorted(keys(&corpus, &searched)));
    assert!(!found.is_empty());
    assert!(found.len() < keys(&corpus, &everything).len());

    let in_region: Value = list(format!("q={}&region=1083", encode("tomme butikker"))).await;
    for item in in_region["items"].as_array().expect("items") {
        assert_eq!(item["region_code"], "1083", "{item}");
    }

    // Words nobody wrote give an empty list, not everything.
    let nothing: Value = list("q=xylofonkvartet".to_owned()).await;
    assert_eq!(nothing["items"], json!([]));
}

async fn an_index_rebuilt_at_start_finds_what_it_found_before(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let corpus = load(&app).await;
    let queries = [
        "q=tomme+butikker",
        "q=handelsstandsforning",
        "q=butikkern",
        "q=handelsst",
        "q=torvet",
    ];
    let mut before = Vec::new();
    for q in queries {
        let answer = search(&app, q, None).await;
        assert!(answer["total"].as_i64().is_some_and(|n| n > 0), "{q}");
        before.push(answer);
    }

    // An index built by another analyzer version (or before migration 0014 on SQLite, which
    // forgets the version) is rebuilt when the service starts, and compacted.
    let store = &app.state.store;
    let mut tx = store.write().await.expect("write");
    tx.set_search_index_version(0).await.expect("version");
    tx.commit().await.expect("commit");
    let rebuilt = bymidter::search::index::ensure_current(store)
        .await
        .expect("rebuild");
    assert!(rebuilt > 0);
    assert_eq!(
        bymidter::search::index::ensure_current(store)
            .await
            .expect("current"),
        0,
        "rebuilt once"
    );

    for (q, was) in queries.iter().zip(before) {
        let now = search(&app, q, None).await;
        assert_eq!(keys(&corpus, &now), keys(&corpus, &was), "{q}");
        assert_eq!(now["facets"], was["facets"], "{q}");
        assert_eq!(now["total"], was["total"], "{q}");
    }
}
