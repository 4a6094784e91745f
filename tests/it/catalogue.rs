//! Anyone reads the catalogue; an admin imports a new one without breaking links.

use reqwest::StatusCode;

use crate::helpers::{TestBackend, spawn_app};
use crate::on_both_backends;
use crate::registry::{naestved, partnership, register};
use serde_json::json;

on_both_backends!(
    anyone_reads_the_recommendations_in_danish_or_english,
    anyone_reads_the_toolbox_themes_and_municipalities,
    a_new_catalogue_retires_old_entries_which_stay_resolvable,
    a_malformed_catalogue_is_rejected_whole_and_changes_nothing,
    a_new_catalogue_order_is_the_order_of_a_collaborations_links,
);

async fn anyone_reads_the_recommendations_in_danish_or_english(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let danish = app.get("/api/v1/recommendations").await;
    assert_eq!(danish.status, StatusCode::OK);
    let list = danish.json();
    let codes: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes, ["P1", "P2", "P3", "P4", "P5", "P6"]);
    assert_eq!(
        list[2]["title"],
        "Styrk de lokalt forankrede bymidtesamarbejder"
    );
    assert_eq!(list[2]["themes"], serde_json::json!(["2", "3.1"]));
    assert_eq!(
        list[2]["addressees"],
        serde_json::json!(["kommunerne", "erhvervslivet"])
    );
    assert_eq!(list[2]["provisional"], true);

    let english = app
        .get_with("/api/v1/recommendations/P3", &[("accept-language", "en")])
        .await;
    assert_eq!(english.status, StatusCode::OK);
    assert_eq!(
        english.json()["title"],
        "Strengthen locally rooted town-centre collaborations"
    );

    let unknown = app.get("/api/v1/recommendations/P99").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn anyone_reads_the_toolbox_themes_and_municipalities(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let themes = app.get("/api/v1/themes").await.json();
    let sub = themes
        .as_array()
        .expect("array")
        .iter()
        .find(|t| t["code"] == "3.1")
        .expect("theme 3.1");
    assert_eq!(sub["parent"], "3");
    assert_eq!(sub["name"], "Byledelse uden for rådhuset");

    let toolbox = app
        .get_with("/api/v1/toolbox", &[("accept-language", "en")])
        .await
        .json();
    let entries = toolbox.as_array().expect("array");
    assert!(entries.len() >= 10);
    let models: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["organisation_model"].as_str())
        .collect();
    assert_eq!(
        models,
        [
            "informal_private",
            "formal_private",
            "informal_public",
            "formal_public"
        ]
    );
    let one = app.get("/api/v1/toolbox/midlertidige-afproevninger").await;
    assert_eq!(one.json()["title"], "Midlertidige afprøvninger");
    assert_eq!(
        app.get("/api/v1/toolbox/nope").await.status,
        StatusCode::NOT_FOUND
    );

    let municipalities = app.get("/api/v1/municipalities").await.json();
    let all = municipalities.as_array().expect("array");
    assert_eq!(all.len(), 98);
    let naestved = all.iter().find(|m| m["code"] == "370").expect("Næstved");
    assert_eq!(naestved["name"], "Næstved");
    assert_eq!(naestved["region_code"], "1085");
    assert_eq!(naestved["region_name"], "Region Sjælland");
}

pub(crate) const OFFICIAL: &str = r#"
version = 2
source = "official list"

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

async fn a_new_catalogue_retires_old_entries_which_stay_resolvable(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let summary = bymidter::catalogue::import(&app.state.store, OFFICIAL)
        .await
        .expect("imports");
    assert_eq!(summary.recommendations, 1);
    // Importing the same file again changes nothing more.
    let again = bymidter::catalogue::import(&app.state.store, OFFICIAL)
        .await
        .expect("imports again");
    assert_eq!(again.retired, 0);

    let current = app.get("/api/v1/recommendations").await.json();
    let codes: Vec<&str> = current
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes, ["A1"]);

    let p3 = app.get("/api/v1/recommendations/P3").await;
    assert_eq!(
        p3.status,
        StatusCode::OK,
        "a retired recommendation stays resolvable"
    );
    assert_eq!(p3.json()["retired"], true);
    assert_eq!(p3.json()["replaced_by"], "A1");
    let p1 = app.get("/api/v1/recommendations/P1").await.json();
    assert_eq!(p1["retired"], true);
    assert_eq!(p1["replaced_by"], serde_json::Value::Null);

    let all = app
        .get("/api/v1/recommendations?include_retired=true")
        .await
        .json();
    assert_eq!(all.as_array().map(Vec::len), Some(7));
}

async fn a_malformed_catalogue_is_rejected_whole_and_changes_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let broken = OFFICIAL.replace(
        "themes = [\"2\"]\naddressees",
        "themes = [\"9\"]\naddressees",
    );
    let err = bymidter::catalogue::import(&app.state.store, &broken)
        .await
        .expect_err("unknown theme");
    assert_eq!(err.field, "recommendations[0].themes");
    assert_eq!(err.line, Some(14));

    let current = app.get("/api/v1/recommendations").await.json();
    assert_eq!(current.as_array().map(Vec::len), Some(6), "nothing changed");
}

/// A collaboration's links are read in the catalogue's order, and a new edition of the catalogue
/// that moves a recommendation or a tool reorders them on the records already linked. One
/// collaboration links recommendations, another tools, so that each move is seen on its own.
async fn a_new_catalogue_order_is_the_order_of_a_collaborations_links(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (recommended, _) = register(&app, &p, &naestved("Anbefalingerne i Næstved")).await;
    let (tooled, _) = register(&app, &p, &naestved("Værktøjerne i Næstved")).await;
    let links = [
        (
            &recommended,
            "recommendations",
            "P5",
            json!({"status": "planned"}),
        ),
        (
            &recommended,
            "recommendations",
            "P1",
            json!({"status": "planned"}),
        ),
        (&tooled, "toolbox", "oekonomi", json!({"outcome": "helped"})),
        (
            &tooled,
            "toolbox",
            "midlertidige-afproevninger",
            json!({"outcome": "helped"}),
        ),
    ];
    for (id, kind, key, body) in &links {
        let path = format!("/api/v1/collaborations/{id}/{kind}/{key}");
        let link = app.put_as(&path, &p.owner.token, body).await;
        assert_eq!(link.status, StatusCode::OK, "{}", link.text);
    }
    let order = |id: &str, field: &'static str, key: &'static str| {
        let path = format!("/api/v1/collaborations/{id}");
        let token = p.owner.token.clone();
        let app = &app;
        async move {
            let body = app.get_as(&path, &token).await.json();
            body[field]
                .as_array()
                .expect("links")
                .iter()
                .filter_map(|l| l[key].as_str().map(str::to_owned))
                .collect::<Vec<String>>()
        }
    };
    assert_eq!(
        order(&recommended, "recommendations", "code").await,
        ["P1", "P5"],
        "the catalogue's order, not the linking order"
    );
    assert_eq!(
        order(&tooled, "toolbox", "slug").await,
        ["oekonomi", "midlertidige-afproevninger"]
    );

    // The next edition lists P5 before P1 and the two tools the other way round (their
    // entries swap codes).
    let swap =
        |text: &str, a: &str, b: &str| text.replace(a, "\u{0}").replace(b, a).replace('\u{0}', b);
    let next = swap(
        &swap(
            &bymidter::catalogue::SEED_CATALOGUE.replace("version = 1", "version = 2"),
            "code = \"P1\"",
            "code = \"P5\"",
        ),
        "slug = \"oekonomi\"",
        "slug = \"midlertidige-afproevninger\"",
    );
    bymidter::catalogue::import(&app.state.store, &next)
        .await
        .expect("imports");

    assert_eq!(
        order(&recommended, "recommendations", "code").await,
        ["P5", "P1"]
    );
    assert_eq!(
        order(&tooled, "toolbox", "slug").await,
        ["midlertidige-afproevninger", "oekonomi"]
    );
}
