//! City managers register collaborations, link them to recommendations and tools, and publish;
//! everyone else sees exactly what they may.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, TestUser, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    city_manager_registers_links_and_publishes_a_collaboration,
    drafts_are_seen_only_by_their_organisation,
    visibility_decides_who_reads_a_published_collaboration,
    two_editors_race_and_nothing_is_lost,
    creates_sent_at_once_are_all_kept_under_their_own_slugs,
    markdown_is_kept_and_scripts_are_stripped,
    bad_input_is_named_field_by_field_and_nothing_is_saved,
    recommendation_status_moves_forward_or_is_abandoned_with_a_reason,
    the_list_filters_and_pages,
    deleting_a_draft_removes_it_and_a_published_one_is_kept_hidden,
    the_tenant_matrix_holds_for_collaboration_endpoints,
    a_csv_import_reports_every_bad_row_and_applies_all_or_nothing,
);

/// A collaboration body as a city manager in Næstved would send it.
pub fn naestved(title: &str) -> Value {
    json!({
        "title": title,
        "summary": "Handlende, ejendomsejere og kommunen arbejder sammen om bymidten.",
        "municipality_code": "370",
        "town": "Næstved",
        "town_population": 43000,
        "organisation_model": "formal_private",
        "themes": ["2", "5"],
        "visibility": "public",
        "description": "Vi tog **tomme butikker** i brug til pop-up butikker.",
        "fee_bases": ["property_value", "flat_rate"],
        "partner_kinds": ["retail", "property_owners", "municipality"],
        "started_on": "2021-03-01",
        "status": "active",
        "website": "https://naestved-bymidte.dk",
        "contact": "sekretariat@naestved-bymidte.dk"
    })
}

/// An organisation with an owner, ready to register collaborations.
pub struct Partnership {
    pub owner: TestUser,
    pub org: String,
}

pub async fn partnership(app: &TestApp, email: &str, name: &str) -> Partnership {
    let owner = app.signup(email, "Mette Citychef").await;
    let org = app
        .create_org(&owner, "town_partnership", name, "370")
        .await;
    Partnership { owner, org }
}

/// Registers and returns (id, body).
pub async fn register(app: &TestApp, p: &Partnership, body: &Value) -> (String, Value) {
    let reply = app
        .post_as(
            &format!("/api/v1/organizations/{}/collaborations", p.org),
            &p.owner.token,
            body,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let created = reply.json();
    (created["id"].as_str().expect("id").to_owned(), created)
}

async fn city_manager_registers_links_and_publishes_a_collaboration(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;

    let reply = app
        .post_as(
            &format!("/api/v1/organizations/{}/collaborations", p.org),
            &p.owner.token,
            &naestved("Bymidtesamarbejdet i Næstved"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert_eq!(reply.header("etag"), Some("\"1\""));
    let created = reply.json();
    assert_eq!(created["state"], "draft");
    assert_eq!(created["slug"], "bymidtesamarbejdet-i-naestved");
    assert_eq!(created["region_code"], "1085");
    assert_eq!(created["themes"], json!(["2", "5"]));
    let id = created["id"].as_str().expect("id");

    // P3 planned, then in progress; P5 implemented with evidence; two tools with outcomes.
    let base = format!("/api/v1/collaborations/{id}");
    let planned = app
        .put_as(
            &format!("{base}/recommendations/P3"),
            &p.owner.token,
            &json!({"status": "planned", "note": "Vi samler ejendomsejerne."}),
        )
        .await;
    assert_eq!(planned.status, StatusCode::OK, "{}", planned.text);
    let started = app
        .put_as(
            &format!("{base}/recommendations/P3"),
            &p.owner.token,
            &json!({"status": "in_progress", "note": "Første møde holdt."}),
        )
        .await;
    assert_eq!(started.json()["status"], "in_progress");
    let p5 = app
        .put_as(
            &format!("{base}/recommendations/P5"),
            &p.owner.token,
            &json!({"status": "implemented", "evidence_url": "https://naestved.dk/tomme-butikker"}),
        )
        .await;
    assert_eq!(p5.status, StatusCode::OK, "{}", p5.text);
    for (slug, outcome) in [
        ("midlertidige-afproevninger", "helped"),
        ("oekonomi", "neutral"),
    ] {
        let tool = app
            .put_as(
                &format!("{base}/toolbox/{slug}"),
                &p.owner.token,
                &json!({"note": "Brugt i 2022", "outcome": outcome}),
            )
            .await;
        assert_eq!(tool.status, StatusCode::OK, "{}", tool.text);
    }

    // Not yet public.
    assert_eq!(app.get(&base).await.status, StatusCode::NOT_FOUND);
    let published = app
        .post_as(&format!("{base}/publish"), &p.owner.token, &json!({}))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.json()["state"], "published");

    let public = app.get(&base).await;
    assert_eq!(public.status, StatusCode::OK);
    let body = public.json();
    assert_eq!(body["title"], "Bymidtesamarbejdet i Næstved");
    assert_eq!(
        body["contact"],
        Value::Null,
        "the contact is for logged-in readers"
    );
    assert_eq!(body["can_edit"], false);
    let links: Vec<(String, String)> = body["recommendations"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| {
            (
                l["code"].as_str().unwrap_or_default().to_owned(),
                l["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            ("P3".to_owned(), "in_progress".to_owned()),
            ("P5".to_owned(), "implemented".to_owned())
        ]
    );
    assert_eq!(body["toolbox"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        public.header("etag"),
        Some(format!("\"{}\"", body["version"]).as_str())
    );

    let reader = app.signup("planner@vordingborg.dk", "Planlægger").await;
    assert_eq!(
        app.get_as(&base, &reader.token).await.json()["contact"],
        "sekretariat@naestved-bymidte.dk"
    );

    // The organisation sees who did what; the public sees the organisation.
    let history = app
        .get_as(&format!("{base}/history"), &p.owner.token)
        .await
        .json();
    let actions: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["change"]["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "created",
            "recommendation_linked",
            "recommendation_status_changed",
            "recommendation_linked",
            "toolbox_linked",
            "toolbox_linked",
            "published"
        ]
    );
    assert_eq!(history[2]["actor"], "Mette Citychef");
    assert_eq!(history[2]["change"]["from"], "planned");
    assert_eq!(history[2]["change"]["to"], "in_progress");
    let public_history = app.get(&format!("{base}/history")).await.json();
    let public_actions: Vec<&str> = public_history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["change"]["action"].as_str())
        .collect();
    assert_eq!(
        public_actions,
        ["published"],
        "changes made while a draft stay with the organisation"
    );
    assert_eq!(public_history[0]["actor"], "Næstved Bymidte");

    // The recommendation counts it.
    let p3 = app.get("/api/v1/recommendations/P3").await.json();
    assert_eq!(p3["linked_collaborations"], 1);
}

async fn drafts_are_seen_only_by_their_organisation(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let viewer = app
        .invite_and_join(&p.owner, &p.org, "kollega@naestved.dk", "viewer")
        .await;
    let other = partnership(&app, "ejer@vejle.dk", "Vejle City").await;
    let (id, _) = register(&app, &p, &naestved("Kladde")).await;
    let path = format!("/api/v1/collaborations/{id}");

    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_as(&path, &other.owner.token).await.status,
        StatusCode::NOT_FOUND
    );
    let seen = app.get_as(&path, &viewer.token).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.json()["can_edit"], false);
    let edit = app
        .patch_as(&path, &viewer.token, &json!({"title": "Min titel"}))
        .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);
    let edit = app
        .patch_as(&path, &other.owner.token, &json!({"title": "Deres titel"}))
        .await;
    assert_eq!(
        edit.status,
        StatusCode::NOT_FOUND,
        "another tenant's draft does not exist for them"
    );

    let public_list = app.get("/api/v1/collaborations").await.json();
    assert_eq!(public_list["items"].as_array().map(Vec::len), Some(0));
    let own = app
        .get_as(
            &format!("/api/v1/collaborations?organization={}", p.org),
            &viewer.token,
        )
        .await
        .json();
    assert_eq!(own["items"][0]["id"], id.as_str());
    let theirs = app
        .get_as(
            &format!("/api/v1/collaborations?organization={}", p.org),
            &other.owner.token,
        )
        .await
        .json();
    assert_eq!(theirs["items"].as_array().map(Vec::len), Some(0));
    assert_eq!(
        app.get(&format!("{path}/history")).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn visibility_decides_who_reads_a_published_collaboration(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let outsider = app.signup("planner@odense.dk", "Planlægger").await;
    let member = app
        .invite_and_join(&p.owner, &p.org, "redaktoer@naestved.dk", "editor")
        .await;
    for (visibility, anonymous, logged_in, own) in [
        ("public", StatusCode::OK, StatusCode::OK, StatusCode::OK),
        (
            "members",
            StatusCode::NOT_FOUND,
            StatusCode::OK,
            StatusCode::OK,
        ),
        (
            "private",
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
            StatusCode::OK,
        ),
    ] {
        let mut body = naestved(&format!("Samarbejde {visibility}"));
        body["visibility"] = json!(visibility);
        let (id, _) = register(&app, &p, &body).await;
        app.post_as(
            &format!("/api/v1/collaborations/{id}/publish"),
            &p.owner.token,
            &json!({}),
        )
        .await;
        let path = format!("/api/v1/collaborations/{id}");
        assert_eq!(
            app.get(&path).await.status,
            anonymous,
            "{visibility} anonymous"
        );
        assert_eq!(
            app.get_as(&path, &outsider.token).await.status,
            logged_in,
            "{visibility} outsider"
        );
        assert_eq!(
            app.get_as(&path, &member.token).await.status,
            own,
            "{visibility} member"
        );
    }
    let count = |reply: crate::helpers::Reply| reply.json()["items"].as_array().map_or(0, Vec::len);
    assert_eq!(count(app.get("/api/v1/collaborations").await), 1);
    assert_eq!(
        count(app.get_as("/api/v1/collaborations", &outsider.token).await),
        2
    );
    assert_eq!(
        count(app.get_as("/api/v1/collaborations", &member.token).await),
        3
    );
}

async fn two_editors_race_and_nothing_is_lost(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let colleague = app
        .invite_and_join(&p.owner, &p.org, "kollega@naestved.dk", "editor")
        .await;
    let (id, created) = register(&app, &p, &naestved("Bymidten")).await;
    let path = format!("/api/v1/collaborations/{id}");
    let etag = format!("\"{}\"", created["version"]);

    let first = app
        .call(
            Method::PATCH,
            &path,
            Some(&p.owner.token),
            Some(&json!({"summary": "Ejerens version."})),
            &[("if-match", etag.as_str())],
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let second = app
        .call(
            Method::PATCH,
            &path,
            Some(&colleague.token),
            Some(&json!({"summary": "Kollegaens version."})),
            &[("if-match", etag.as_str())],
        )
        .await;
    assert_eq!(second.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(second.json()["current_version"], first.json()["version"]);

    // Without If-Match, a stale version in the body is refused the same way.
    let stale_body = app
        .patch_as(
            &path,
            &colleague.token,
            &json!({"summary": "Igen.", "version": created["version"]}),
        )
        .await;
    assert_eq!(stale_body.status, StatusCode::PRECONDITION_FAILED);

    let now = app.get_as(&path, &p.owner.token).await.json();
    assert_eq!(now["summary"], "Ejerens version.");

    // With the current version, the colleague's edit goes through.
    let retry = app
        .call(
            Method::PATCH,
            &path,
            Some(&colleague.token),
            Some(&json!({"summary": "Kollegaens version."})),
            &[("if-match", &format!("\"{}\"", now["version"]))],
        )
        .await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.json()["summary"], "Kollegaens version.");
}

/// Creates arriving together share a transaction (group commit); each is still kept, with its
/// own slug and history, and one refused among them changes nothing for the others.
async fn creates_sent_at_once_are_all_kept_under_their_own_slugs(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let viewer = app
        .invite_and_join(&p.owner, &p.org, "laeser@naestved.dk", "viewer")
        .await;
    let path = format!("/api/v1/organizations/{}/collaborations", p.org);
    let body = naestved("Bymidten");
    let creates = (0..10).map(|_| app.post_as(&path, &p.owner.token, &body));
    let refused = (0..2).map(|_| app.post_as(&path, &viewer.token, &body));
    let (creates, refused) = tokio::join!(
        futures::future::join_all(creates),
        futures::future::join_all(refused)
    );

    let mut slugs = Vec::new();
    for reply in &creates {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        let created = reply.json();
        slugs.push(created["slug"].as_str().expect("slug").to_owned());
        let history = app
            .get_as(
                &format!(
                    "/api/v1/collaborations/{}/history",
                    created["id"].as_str().expect("id")
                ),
                &p.owner.token,
            )
            .await
            .json();
        assert_eq!(history[0]["change"]["action"], "created", "{history}");
    }
    for reply in &refused {
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
    }
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 10, "{slugs:?}");
    assert!(slugs.contains(&"bymidten".to_owned()), "{slugs:?}");

    let own = app
        .get_as(
            &format!("/api/v1/collaborations?organization={}", p.org),
            &p.owner.token,
        )
        .await
        .json();
    assert_eq!(own["items"].as_array().map(Vec::len), Some(10), "{own}");
}

async fn markdown_is_kept_and_scripts_are_stripped(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let mut body = naestved("Sikker tekst");
    body["description"] = json!(
        "## Resultater\n\nFlere **besøgende**.<script>alert('x')</script><a href=\"javascript:alert(1)\">klik</a>"
    );
    let (_, created) = register(&app, &p, &body).await;
    let html = created["description_html"].as_str().expect("html");
    assert!(html.contains("<h2>Resultater</h2>"));
    assert!(html.contains("<strong>besøgende</strong>"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("javascript:"));
    assert!(
        created["description"]
            .as_str()
            .unwrap_or_default()
            .contains("<script>"),
        "what was written is kept as written"
    );
}

async fn bad_input_is_named_field_by_field_and_nothing_is_saved(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let path = format!("/api/v1/organizations/{}/collaborations", p.org);
    let mut body = naestved(&"x".repeat(201));
    body["municipality_code"] = json!("9999");
    body["themes"] = json!(["2", "42"]);
    body["website"] = json!("ftp://example.dk");
    body["started_on"] = json!("2022-01-01");
    body["ended_on"] = json!("2021-01-01");
    body["contact"] = json!("ikke en adresse");
    let reply = app.post_as(&path, &p.owner.token, &body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let mut fields = reply.error_fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "contact",
            "ended_on",
            "municipality_code",
            "themes",
            "title",
            "website"
        ]
    );
    let title_error = reply.json()["errors"]
        .as_array()
        .and_then(|e| e.iter().find(|e| e["field"] == "title").cloned())
        .expect("title error");
    assert_eq!(title_error["message"], "Feltet må højst være på 200 tegn.");

    let english = app
        .call(
            Method::POST,
            &path,
            Some(&p.owner.token),
            Some(&body),
            &[("accept-language", "en")],
        )
        .await;
    assert!(
        english.text.contains("at most 200 characters"),
        "{}",
        english.text
    );

    let mut unknown = naestved("Ukendt felt");
    unknown["colour"] = json!("blå");
    let reply = app.post_as(&path, &p.owner.token, &unknown).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error_fields(), ["colour"]);

    let mut wrong = naestved("Forkert model");
    wrong["organisation_model"] = json!("anarchy");
    let reply = app.post_as(&path, &p.owner.token, &wrong).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error_fields(), ["organisation_model"]);

    let listed = app
        .get_as(
            &format!("/api/v1/collaborations?organization={}", p.org),
            &p.owner.token,
        )
        .await
        .json();
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(0),
        "nothing was saved"
    );

    // Unknown links are 404s, never half-saved.
    let (id, _) = register(&app, &p, &naestved("Gyldig")).await;
    let missing = app
        .put_as(
            &format!("/api/v1/collaborations/{id}/recommendations/P99"),
            &p.owner.token,
            &json!({"status": "planned"}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let missing = app
        .put_as(
            &format!("/api/v1/collaborations/{id}/toolbox/findes-ikke"),
            &p.owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad_url = app
        .put_as(
            &format!("/api/v1/collaborations/{id}/recommendations/P3"),
            &p.owner.token,
            &json!({"status": "planned", "evidence_url": "javascript:alert(1)"}),
        )
        .await;
    assert_eq!(bad_url.error_fields(), ["evidence_url"]);
    let links = app
        .get_as(&format!("/api/v1/collaborations/{id}"), &p.owner.token)
        .await
        .json();
    assert_eq!(links["recommendations"].as_array().map(Vec::len), Some(0));
}

async fn recommendation_status_moves_forward_or_is_abandoned_with_a_reason(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let (id, _) = register(&app, &p, &naestved("Statusforløb")).await;
    let link = format!("/api/v1/collaborations/{id}/recommendations/P4");
    assert_eq!(
        app.put_as(&link, &p.owner.token, &json!({"status": "implemented"}))
            .await
            .status,
        StatusCode::OK
    );
    let back = app
        .put_as(&link, &p.owner.token, &json!({"status": "planned"}))
        .await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(back.error_fields(), ["status"]);
    let no_reason = app
        .put_as(&link, &p.owner.token, &json!({"status": "abandoned"}))
        .await;
    assert_eq!(no_reason.error_fields(), ["reason"]);
    let abandoned = app
        .put_as(
            &link,
            &p.owner.token,
            &json!({"status": "abandoned", "reason": "Kommunen trak finansieringen."}),
        )
        .await;
    assert_eq!(abandoned.status, StatusCode::OK);
    assert_eq!(abandoned.json()["reason"], "Kommunen trak finansieringen.");
    let restarted = app
        .put_as(&link, &p.owner.token, &json!({"status": "planned"}))
        .await;
    assert_eq!(
        restarted.status,
        StatusCode::OK,
        "abandoned work can restart"
    );
    assert_eq!(restarted.json()["reason"], Value::Null);

    let removed = app.delete_as(&link, &p.owner.token).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.delete_as(&link, &p.owner.token).await.status,
        StatusCode::NOT_FOUND
    );
    let history = app
        .get_as(
            &format!("/api/v1/collaborations/{id}/history"),
            &p.owner.token,
        )
        .await
        .json();
    let actions: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|h| h["change"]["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "created",
            "recommendation_linked",
            "recommendation_status_changed",
            "recommendation_status_changed",
            "recommendation_unlinked"
        ]
    );
}

async fn the_list_filters_and_pages(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let mut ids = Vec::new();
    for (i, (municipality, model, theme)) in [
        ("370", "formal_private", "2"),
        ("370", "informal_public", "4"),
        ("461", "formal_private", "2"),
        ("751", "informal_private", "5"),
        ("0101", "formal_public", "1"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = naestved(&format!("Samarbejde {i}"));
        body["municipality_code"] = json!(municipality);
        body["organisation_model"] = json!(model);
        body["themes"] = json!([theme]);
        let (id, _) = register(&app, &p, &body).await;
        app.post_as(
            &format!("/api/v1/collaborations/{id}/publish"),
            &p.owner.token,
            &json!({}),
        )
        .await;
        ids.push(id);
    }
    app.put_as(
        &format!("/api/v1/collaborations/{}/recommendations/P3", ids[0]),
        &p.owner.token,
        &json!({"status": "planned"}),
    )
    .await;
    app.put_as(
        &format!("/api/v1/collaborations/{}/toolbox/foranalyser", ids[3]),
        &p.owner.token,
        &json!({"outcome": "helped"}),
    )
    .await;

    let titles = |reply: crate::helpers::Reply| -> Vec<String> {
        reply.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        titles(app.get("/api/v1/collaborations?municipality=0370").await),
        ["Samarbejde 1", "Samarbejde 0"]
    );
    assert_eq!(
        titles(app.get("/api/v1/collaborations?region=1085").await),
        ["Samarbejde 1", "Samarbejde 0"]
    );
    assert_eq!(
        titles(app.get("/api/v1/collaborations?region=1083").await),
        ["Samarbejde 2"]
    );
    assert_eq!(
        titles(app.get("/api/v1/collaborations?theme=2").await),
        ["Samarbejde 2", "Samarbejde 0"]
    );
    assert_eq!(
        titles(app.get("/api/v1/collaborations?recommendation=P3").await),
        ["Samarbejde 0"]
    );
    assert_eq!(
        titles(app.get("/api/v1/collaborations?toolbox=foranalyser").await),
        ["Samarbejde 3"]
    );
    assert_eq!(
        titles(
            app.get("/api/v1/collaborations?organisation_model=formal_public")
                .await
        ),
        ["Samarbejde 4"]
    );
    assert_eq!(
        titles(
            app.get("/api/v1/collaborations?status=active&theme=5")
                .await
        ),
        ["Samarbejde 3"]
    );

    let first = app.get("/api/v1/collaborations?limit=2").await.json();
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2));
    let mut seen: Vec<String> = first["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let page = app
            .get(&format!("/api/v1/collaborations?limit=2&cursor={c}"))
            .await
            .json();
        seen.extend(
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["id"].as_str().unwrap_or_default().to_owned()),
        );
        cursor = page["next_cursor"].as_str().map(str::to_owned);
    }
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(seen, expected, "every collaboration once, newest first");

    for (query, field) in [
        ("municipality=9999", "municipality"),
        ("region=1234", "region"),
        ("theme=99", "theme"),
        ("recommendation=P99", "recommendation"),
        ("toolbox=nope", "toolbox"),
        ("organisation_model=anarchy", "organisation_model"),
        ("limit=1000", "limit"),
        ("cursor=%21%21", "cursor"),
        ("colour=blue", "colour"),
    ] {
        let reply = app.get(&format!("/api/v1/collaborations?{query}")).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(reply.error_fields(), [field], "{query}");
    }
}

async fn deleting_a_draft_removes_it_and_a_published_one_is_kept_hidden(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let (draft, _) = register(&app, &p, &naestved("Kladde")).await;
    assert_eq!(
        app.delete_as(&format!("/api/v1/collaborations/{draft}"), &p.owner.token)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_as(&format!("/api/v1/collaborations/{draft}"), &p.owner.token)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Its title is free again.
    register(&app, &p, &naestved("Kladde")).await;

    let (published, _) = register(&app, &p, &naestved("Offentlig")).await;
    app.post_as(
        &format!("/api/v1/collaborations/{published}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    assert_eq!(
        app.delete_as(
            &format!("/api/v1/collaborations/{published}"),
            &p.owner.token
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&format!("/api/v1/collaborations/{published}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_as(
            &format!("/api/v1/collaborations/{published}"),
            &p.owner.token
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let listed = app.get("/api/v1/collaborations").await.json();
    assert_eq!(listed["items"].as_array().map(Vec::len), Some(0));
    // Kept: the title stays taken in the organisation.
    let again = register(&app, &p, &naestved("Offentlig")).await.1;
    assert_eq!(again["slug"], "offentlig-2");
}

async fn the_tenant_matrix_holds_for_collaboration_endpoints(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let editor = app
        .invite_and_join(&p.owner, &p.org, "redaktoer@naestved.dk", "editor")
        .await;
    let viewer = app
        .invite_and_join(&p.owner, &p.org, "laeser@naestved.dk", "viewer")
        .await;
    let other = partnership(&app, "ejer@vejle.dk", "Vejle City").await;
    let analyst = app.signup("analytiker@ministeriet.dk", "Analytiker").await;
    app.grant("analytiker@ministeriet.dk", "analyst").await;
    let admin = app.signup("drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;

    use StatusCode as S;
    let callers: [(&str, Option<&str>); 7] = [
        ("anonymous", None),
        ("other owner", Some(&other.owner.token)),
        ("viewer", Some(&viewer.token)),
        ("editor", Some(&editor.token)),
        ("owner", Some(&p.owner.token)),
        ("analyst", Some(&analyst.token)),
        ("admin", Some(&admin.token)),
    ];
    // Expected status per caller, in the order above.
    let read_draft = [
        S::NOT_FOUND,
        S::NOT_FOUND,
        S::OK,
        S::OK,
        S::OK,
        S::NOT_FOUND,
        S::NOT_FOUND,
    ];
    let write_draft = [
        S::UNAUTHORIZED,
        S::NOT_FOUND,
        S::FORBIDDEN,
        S::OK,
        S::OK,
        S::NOT_FOUND,
        S::NOT_FOUND,
    ];
    let create = [
        S::UNAUTHORIZED,
        S::NOT_FOUND,
        S::FORBIDDEN,
        S::CREATED,
        S::CREATED,
        S::NOT_FOUND,
        S::NOT_FOUND,
    ];
    let write_published = [
        S::UNAUTHORIZED,
        S::FORBIDDEN,
        S::FORBIDDEN,
        S::OK,
        S::OK,
        S::FORBIDDEN,
        S::FORBIDDEN,
    ];

    let (draft, _) = register(&app, &p, &naestved("Kladde")).await;
    let (public, _) = register(&app, &p, &naestved("Offentlig")).await;
    app.post_as(
        &format!("/api/v1/collaborations/{public}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;

    for (i, (who, token)) in callers.iter().enumerate() {
        let get = app
            .call(
                Method::GET,
                &format!("/api/v1/collaborations/{draft}"),
                *token,
                None,
                &[],
            )
            .await;
        assert_eq!(get.status, read_draft[i], "GET draft as {who}");
        let history = app
            .call(
                Method::GET,
                &format!("/api/v1/collaborations/{draft}/history"),
                *token,
                None,
                &[],
            )
            .await;
        assert_eq!(history.status, read_draft[i], "GET draft history as {who}");
        let link = app
            .call(
                Method::PUT,
                &format!("/api/v1/collaborations/{draft}/recommendations/P1"),
                *token,
                Some(&json!({"status": "considered"})),
                &[],
            )
            .await;
        assert_eq!(link.status, write_draft[i], "PUT link on draft as {who}");
        let patch = app
            .call(
                Method::PATCH,
                &format!("/api/v1/collaborations/{public}"),
                *token,
                Some(&json!({"town": "Næstved C"})),
                &[],
            )
            .await;
        assert_eq!(patch.status, write_published[i], "PATCH published as {who}");
        let tool = app
            .call(
                Method::PUT,
                &format!("/api/v1/collaborations/{public}/toolbox/evaluering"),
                *token,
                Some(&json!({})),
                &[],
            )
            .await;
        assert_eq!(
            tool.status, write_published[i],
            "PUT tool on published as {who}"
        );
        let created = app
            .call(
                Method::POST,
                &format!("/api/v1/organizations/{}/collaborations", p.org),
                *token,
                Some(&naestved(&format!("Ny {i}"))),
                &[],
            )
            .await;
        assert_eq!(created.status, create[i], "POST collaboration as {who}");
    }
    // Publishing and deleting: only editors and owners.
    for (who, token) in [
        ("viewer", &viewer.token),
        ("other owner", &other.owner.token),
    ] {
        let publish = app
            .post_as(
                &format!("/api/v1/collaborations/{draft}/publish"),
                token,
                &json!({}),
            )
            .await;
        assert!(
            matches!(publish.status, S::FORBIDDEN | S::NOT_FOUND),
            "publish as {who}"
        );
        let delete = app
            .delete_as(&format!("/api/v1/collaborations/{public}"), token)
            .await;
        assert_eq!(delete.status, S::FORBIDDEN, "delete as {who}");
    }
    assert_eq!(
        app.get(&format!("/api/v1/collaborations/{public}"))
            .await
            .status,
        S::OK,
        "nothing was changed by refused calls"
    );
}

const GOOD_CSV: &str = "title,summary,municipality_code,town,organisation_model,themes,visibility,town_population,fee_bases\n\
Bysamarbejdet i Faxe,Handel og kommune sammen,320,Faxe,informal_public,2;5,public,7000,flat_rate\n\
Haslev Handel,Butikkerne i Haslev,320,Haslev,formal_private,2,members,12000,turnover;rent\n";

const BAD_CSV: &str = "title,summary,municipality_code,town,organisation_model,themes,visibility,website\n\
Godt samarbejde,Alt er i orden,320,Faxe,informal_public,2,public,https://faxe.dk\n\
,Mangler titel,320,Faxe,informal_public,2,public,\n\
Forkert kommune,Kode findes ikke,9999,Faxe,informal_public,2,public,\n\
Forkert model,Ukendt model,320,Faxe,anarki,2,public,\n\
Forkert tema,Ukendt tema,320,Faxe,informal_public,2;77,public,ftp://faxe.dk\n";

async fn upload(
    app: &TestApp,
    token: &str,
    org: &str,
    csv: &str,
    dry_run: bool,
) -> crate::helpers::Reply {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::text(csv.to_owned())
            .file_name("samarbejder.csv")
            .mime_str("text/csv")
            .expect("mime"),
    );
    let resp = app
        .client
        .post(app.url(&format!(
            "/api/v1/organizations/{org}/collaborations/import?dry_run={dry_run}"
        )))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .expect("sent");
    let status = resp.status();
    let headers = resp.headers().clone();
    crate::helpers::Reply {
        status,
        headers,
        text: resp.text().await.expect("body"),
    }
}

async fn a_csv_import_reports_every_bad_row_and_applies_all_or_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@faxe.dk", "Faxe Handel").await;
    let count = |reply: crate::helpers::Reply| reply.json()["items"].as_array().map_or(0, Vec::len);
    let listing = format!("/api/v1/collaborations?organization={}", p.org);

    let dry = upload(&app, &p.owner.token, &p.org, BAD_CSV, true).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.text);
    let report = dry.json();
    assert_eq!(report["rows"], 5);
    assert_eq!(report["applied"], false);
    let problems: Vec<(u64, String)> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap_or_default(),
                e["field"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (3, "title".to_owned()),
            (4, "municipality_code".to_owned()),
            (5, "organisation_model".to_owned()),
            (6, "themes".to_owned()),
            (6, "website".to_owned()),
        ]
    );
    assert!(
        report["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("udfyldes")
    );

    let refused = upload(&app, &p.owner.token, &p.org, BAD_CSV, false).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(refused.json()["errors"][1]["line"], 4);
    assert_eq!(refused.json()["errors"][1]["field"], "municipality_code");
    assert_eq!(
        count(app.get_as(&listing, &p.owner.token).await),
        0,
        "one bad row, nothing saved"
    );

    let applied = upload(&app, &p.owner.token, &p.org, GOOD_CSV, false).await;
    assert_eq!(applied.status, StatusCode::OK, "{}", applied.text);
    assert_eq!(applied.json()["created"].as_array().map(Vec::len), Some(2));
    let listed = app.get_as(&listing, &p.owner.token).await.json();
    assert_eq!(listed["items"][0]["title"], "Haslev Handel");
    assert_eq!(listed["items"][0]["state"], "draft");

    let viewer = app
        .invite_and_join(&p.owner, &p.org, "laeser@faxe.dk", "viewer")
        .await;
    assert_eq!(
        upload(&app, &viewer.token, &p.org, GOOD_CSV, false)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}
