//! The ministry follows how the recommendations are taken up; anyone downloads the open data.

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestBackend, spawn_app};
use crate::on_both_backends;
use crate::registry::{Partnership, naestved, partnership, register};

on_both_backends!(
    a_scripted_history_gives_the_expected_timeline,
    uptake_numbers_equal_what_the_list_shows,
    counts_are_of_what_the_caller_may_see,
    tables_download_as_csv_and_excel_with_the_same_numbers,
    toolbox_use_and_coverage_are_counted,
    bad_uptake_parameters_are_named,
    open_data_holds_the_public_published_collaborations_and_their_links,
    the_figures_follow_every_change_at_once,
);

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .expect("date")
}

/// Registers and publishes a collaboration in `municipality`, returning its id.
async fn published(
    app: &TestApp,
    p: &Partnership,
    title: &str,
    municipality: &str,
    extra: Value,
) -> String {
    let mut body = naestved(title);
    body["municipality_code"] = json!(municipality);
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    let (id, _) = register(app, p, &body).await;
    let reply = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/publish"),
            &p.owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    id
}

async fn link(app: &TestApp, p: &Partnership, id: &str, code: &str, status: &str) {
    let reply = app
        .put_as(
            &format!("/api/v1/collaborations/{id}/recommendations/{code}"),
            &p.owner.token,
            &json!({"status": status}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

fn counts(point: &Value) -> (i64, i64) {
    (
        point["by_status"]["planned"].as_i64().unwrap_or(-1),
        point["by_status"]["implemented"].as_i64().unwrap_or(-1),
    )
}

async fn a_scripted_history_gives_the_expected_timeline(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    app.state.clock.set(Some(at(2025, 1, 10)));
    let naestved = published(&app, &p, "Næstved", "370", json!({})).await;
    let faxe = published(&app, &p, "Faxe", "320", json!({})).await;
    let odense = published(&app, &p, "Odense", "461", json!({})).await;

    // Q1: Næstved and Faxe plan P3; Q2: Næstved implements; Q3: Odense plans; Q4: Faxe implements.
    link(&app, &p, &naestved, "P3", "planned").await;
    link(&app, &p, &faxe, "P3", "planned").await;
    app.state.clock.set(Some(at(2025, 5, 2)));
    link(&app, &p, &naestved, "P3", "implemented").await;
    app.state.clock.set(Some(at(2025, 8, 20)));
    link(&app, &p, &odense, "P3", "planned").await;
    app.state.clock.set(Some(at(2025, 11, 30)));
    link(&app, &p, &faxe, "P3", "implemented").await;
    app.state.clock.set(Some(at(2026, 2, 1)));

    let timeline = app.get("/api/v1/uptake/recommendations/P3/timeline?interval=quarter&from=2025-01-01&to=2025-12-31").await;
    assert_eq!(timeline.status, StatusCode::OK, "{}", timeline.text);
    let points = timeline.json();
    let periods: Vec<&str> = points
        .as_array()
        .expect("points")
        .iter()
        .filter_map(|p| p["period"].as_str())
        .collect();
    assert_eq!(periods, ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
    let got: Vec<(i64, i64)> = points
        .as_array()
        .expect("points")
        .iter()
        .map(counts)
        .collect();
    assert_eq!(got, [(2, 0), (1, 1), (2, 1), (1, 2)]);

    // Region Sjælland only (Næstved and Faxe).
    let sjaelland = app
        .get("/api/v1/uptake/recommendations/P3/timeline?interval=year&region=1085")
        .await
        .json();
    assert_eq!(sjaelland.as_array().map(Vec::len), Some(2), "2025 and 2026");
    assert_eq!(counts(&sjaelland[0]), (0, 2));

    // How many municipalities in Region Sjælland have implemented P3, then and now.
    let now = app
        .get("/api/v1/uptake/recommendations?region=1085")
        .await
        .json();
    let p3 = now
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "P3")
        .expect("P3")
        .clone();
    assert_eq!(p3["municipalities_by_status"]["implemented"], 2);
    let mid_year = app
        .get("/api/v1/uptake/recommendations?region=1085&to=2025-06-30")
        .await
        .json();
    let p3 = mid_year
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "P3")
        .expect("P3")
        .clone();
    assert_eq!(p3["by_status"]["implemented"], 1);
    assert_eq!(p3["by_status"]["planned"], 1);
    // Only what moved in the second half of the year.
    let moved = app
        .get("/api/v1/uptake/recommendations?from=2025-07-01&to=2025-12-31")
        .await
        .json();
    let p3 = moved
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "P3")
        .expect("P3")
        .clone();
    assert_eq!(
        (
            p3["by_status"]["planned"].as_i64(),
            p3["by_status"]["implemented"].as_i64()
        ),
        (Some(1), Some(1))
    );
}

async fn uptake_numbers_equal_what_the_list_shows(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let plan = [
        ("370", 3_000, vec![("P3", "planned"), ("P4", "implemented")]),
        ("370", 43_000, vec![("P3", "implemented")]),
        (
            "320",
            7_000,
            vec![("P3", "implemented"), ("P5", "in_progress")],
        ),
        (
            "461",
            180_000,
            vec![("P4", "implemented"), ("P3", "evaluated")],
        ),
        ("751", 12_000, vec![("P3", "abandoned")]),
    ];
    for (i, (municipality, population, links)) in plan.iter().enumerate() {
        let id = published(
            &app,
            &p,
            &format!("Samarbejde {i}"),
            municipality,
            json!({"town_population": population}),
        )
        .await;
        for (code, status) in links {
            let body = if *status == "abandoned" {
                json!({"status": status, "reason": "Ingen midler"})
            } else {
                json!({"status": status})
            };
            app.put_as(
                &format!("/api/v1/collaborations/{id}/recommendations/{code}"),
                &p.owner.token,
                &body,
            )
            .await;
        }
    }
    for filter in [
        "",
        "region=1085",
        "municipality=370",
        "size=4000_20000",
        "organisation_model=formal_private",
        "region=1083",
    ] {
        let figures = app
            .get(&format!("/api/v1/uptake/recommendations?{filter}"))
            .await
            .json();
        for row in figures.as_array().expect("rows") {
            let code = row["code"].as_str().expect("code");
            let mut total = 0;
            for (status, count) in row["by_status"].as_object().expect("statuses") {
                let listed = app
                    .get(&format!("/api/v1/collaborations?recommendation={code}&recommendation_status={status}&limit=100&{filter}"))
                    .await
                    .json();
                let n = listed["items"].as_array().map_or(0, Vec::len) as i64;
                assert_eq!(count.as_i64(), Some(n), "{code} {status} with [{filter}]");
                total += n;
            }
            let listed = app
                .get(&format!(
                    "/api/v1/collaborations?recommendation={code}&limit=100&{filter}"
                ))
                .await
                .json();
            let items = listed["items"].as_array().expect("items");
            assert_eq!(
                row["collaborations"].as_i64(),
                Some(items.len() as i64),
                "{code} with [{filter}]"
            );
            assert_eq!(total, items.len() as i64);
            let mut municipalities: Vec<&str> = items
                .iter()
                .filter_map(|i| i["municipality_code"].as_str())
                .collect();
            municipalities.sort();
            municipalities.dedup();
            assert_eq!(
                row["municipalities"].as_i64(),
                Some(municipalities.len() as i64),
                "{code} municipalities [{filter}]"
            );
        }
    }
    let all = app.get("/api/v1/uptake/recommendations").await.json();
    let p3 = all
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["code"] == "P3")
        .expect("P3")
        .clone();
    assert_eq!(p3["collaborations"], 5);
    assert_eq!(p3["by_status"]["implemented"], 2);
    assert_eq!(p3["municipalities"], 4);
}

async fn counts_are_of_what_the_caller_may_see(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let public = published(&app, &p, "Offentlig", "370", json!({})).await;
    let members = published(
        &app,
        &p,
        "Medlemmer",
        "370",
        json!({"visibility": "members"}),
    )
    .await;
    let private = published(&app, &p, "Privat", "370", json!({"visibility": "private"})).await;
    let (draft, _) = register(&app, &p, &naestved("Kladde")).await;
    for id in [&public, &members, &private, &draft] {
        link(&app, &p, id, "P4", "implemented").await;
    }
    let analyst = app.signup("analytiker@ministeriet.dk", "Analytiker").await;
    app.grant("analytiker@ministeriet.dk", "analyst").await;
    let p4 = |v: Value| {
        v.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["code"] == "P4")
            .map(|r| r["collaborations"].clone())
    };
    assert_eq!(
        p4(app.get("/api/v1/uptake/recommendations").await.json()),
        Some(json!(1))
    );
    assert_eq!(
        p4(app
            .get_as("/api/v1/uptake/recommendations", &analyst.token)
            .await
            .json()),
        Some(json!(2))
    );
    assert_eq!(
        p4(app
            .get_as("/api/v1/uptake/recommendations", &p.owner.token)
            .await
            .json()),
        Some(json!(3)),
        "drafts never count"
    );
    let detail = app.get("/api/v1/recommendations/P4").await.json();
    assert_eq!(
        detail["linked_collaborations"], 1,
        "one definition everywhere"
    );
}

async fn tables_download_as_csv_and_excel_with_the_same_numbers(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let a = published(&app, &p, "A", "370", json!({})).await;
    let b = published(&app, &p, "B", "320", json!({})).await;
    link(&app, &p, &a, "P1", "planned").await;
    link(&app, &p, &b, "P1", "implemented").await;

    let csv = app.get("/api/v1/uptake/recommendations?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.header("content-type")
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    assert!(
        csv.header("content-disposition")
            .unwrap_or_default()
            .contains("uptake-recommendations.csv")
    );
    let text = csv.text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        headers,
        [
            "Kode",
            "Anbefaling",
            "Samarbejder",
            "Kommuner",
            "Overvejet",
            "Planlagt",
            "I gang",
            "Gennemført",
            "Evalueret",
            "Opgivet",
            "Kommuner: Overvejet",
            "Kommuner: Planlagt",
            "Kommuner: I gang",
            "Kommuner: Gennemført",
            "Kommuner: Evalueret",
            "Kommuner: Opgivet"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows[0][..4],
        [
            "P1",
            "Mulighed for forpligtende bymidtesamarbejder (BID)",
            "2",
            "2"
        ]
    );
    assert_eq!(rows[0][5], "1");
    assert_eq!(rows[0][7], "1");

    let xlsx = app
        .client
        .get(app.url("/api/v1/uptake/recommendations?format=xlsx"))
        .header("accept-language", "en")
        .send()
        .await
        .expect("sent");
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.expect("bytes");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .expect("workbook opens");
    let sheet = book.worksheet_range("Recommendations").expect("sheet");
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        cells[0][..4],
        ["Code", "Recommendation", "Collaborations", "Municipalities"]
    );
    assert_eq!(
        cells[1][..4],
        [
            "P1",
            "Allow binding town-centre partnerships (BIDs)",
            "2",
            "2"
        ]
    );
    assert_eq!(cells.len(), 7);

    let timeline = app
        .get("/api/v1/uptake/recommendations/P1/timeline?format=csv&interval=year")
        .await;
    assert!(timeline.text.contains("Periode"));
    let coverage = app.get("/api/v1/uptake/coverage?format=xlsx").await;
    assert_eq!(coverage.status, StatusCode::OK);
}

async fn toolbox_use_and_coverage_are_counted(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let a = published(&app, &p, "A", "370", json!({})).await;
    let b = published(&app, &p, "B", "370", json!({})).await;
    let c = published(&app, &p, "C", "101", json!({})).await;
    for (id, outcome) in [
        (&a, json!("helped")),
        (&b, json!("did_not_help")),
        (&c, Value::Null),
    ] {
        app.put_as(
            &format!("/api/v1/collaborations/{id}/toolbox/foranalyser"),
            &p.owner.token,
            &json!({"outcome": outcome}),
        )
        .await;
    }
    let tools = app.get("/api/v1/uptake/toolbox").await.json();
    let foranalyser = tools
        .as_array()
        .expect("rows")
        .iter()
        .find(|t| t["slug"] == "foranalyser")
        .expect("tool")
        .clone();
    assert_eq!(foranalyser["collaborations"], 3);
    assert_eq!(
        foranalyser["outcomes"],
        json!({"helped": 1, "neutral": 0, "did_not_help": 1, "not_reported": 1})
    );

    let coverage = app.get("/api/v1/uptake/coverage").await.json();
    assert_eq!(
        coverage["municipalities"].as_array().map(Vec::len),
        Some(98)
    );
    let sjaelland = coverage["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["code"] == "1085")
        .expect("region")
        .clone();
    assert_eq!(sjaelland["collaborations"], 2);
    assert_eq!(sjaelland["municipalities_with"], 1);
    assert_eq!(sjaelland["municipalities_total"], 17);
    let none: Vec<&Value> = coverage["municipalities"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|m| m["collaborations"] == 0)
        .collect();
    assert_eq!(
        none.len(),
        96,
        "the municipalities with none are listed too"
    );
}

async fn bad_uptake_parameters_are_named(backend: TestBackend) {
    let app = spawn_app(backend).await;
    for (query, field) in [
        (
            "/api/v1/uptake/recommendations?from=2026-01-01&to=2025-01-01",
            "from",
        ),
        ("/api/v1/uptake/recommendations?region=1234", "region"),
        (
            "/api/v1/uptake/recommendations?municipality=9999",
            "municipality",
        ),
        ("/api/v1/uptake/recommendations?to=yesterday", "to"),
        (
            "/api/v1/uptake/recommendations/P3/timeline?interval=week",
            "interval",
        ),
        ("/api/v1/uptake/toolbox?format=pdf", "format"),
    ] {
        let reply = app.get(query).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(reply.error_fields(), [field], "{query}");
    }
    assert_eq!(
        app.get("/api/v1/uptake/recommendations/P99/timeline")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn open_data_holds_the_public_published_collaborations_and_their_links(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let public = published(
        &app,
        &p,
        "Bymidten i Næstved, \"med citat\"",
        "370",
        json!({}),
    )
    .await;
    published(
        &app,
        &p,
        "Kun for medlemmer",
        "370",
        json!({"visibility": "members"}),
    )
    .await;
    register(&app, &p, &naestved("Kladde")).await;
    link(&app, &p, &public, "P3", "in_progress").await;
    app.put_as(
        &format!("/api/v1/collaborations/{public}/toolbox/oekonomi"),
        &p.owner.token,
        &json!({"outcome": "helped"}),
    )
    .await;

    // The owner downloads what the public sees, nothing more.
    let csv = app
        .get_as("/api/v1/exports/collaborations.csv", &p.owner.token)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers[..4], ["id", "url", "title", "organisation"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 1);
    let column = |name: &str| headers.iter().position(|h| h == name).expect("column");
    assert_eq!(
        &rows[0][column("title")],
        "Bymidten i Næstved, \"med citat\""
    );
    assert_eq!(&rows[0][column("recommendations")], "P3=in_progress");
    assert_eq!(&rows[0][column("toolbox")], "oekonomi=helped");
    assert_eq!(&rows[0][column("region_code")], "1085");
    assert!(
        rows[0][column("url")]
            .ends_with("/samarbejder/naestved-bymidte/bymidten-i-naestved-med-citat")
    );

    let json_export = app.get("/api/v1/exports/collaborations.json").await;
    assert_eq!(json_export.header("content-type"), Some("application/json"));
    let records = json_export.json();
    assert_eq!(records.as_array().map(Vec::len), Some(1));
    assert_eq!(records[0]["recommendations"][0]["code"], "P3");
    assert_eq!(records[0]["recommendations"][0]["status"], "in_progress");
    assert_eq!(records[0]["toolbox"][0]["slug"], "oekonomi");

    // Compressed, as browsers and scripts ask for it, the downloads arrive whole.
    for path in [
        "/api/v1/exports/collaborations.csv",
        "/api/v1/exports/collaborations.json",
    ] {
        let compressed = app
            .call(
                reqwest::Method::GET,
                path,
                None,
                None,
                &[("accept-encoding", "gzip")],
            )
            .await;
        assert_eq!(compressed.status, StatusCode::OK, "{path}");
        assert_eq!(
            compressed.header("content-encoding"),
            Some("gzip"),
            "{path}"
        );
    }
}

/// The figures are counted once and kept until something they count changes: every change
/// shows in the very next answer.
async fn the_figures_follow_every_change_at_once(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "ejer@naestved.dk", "Næstved Bymidte").await;
    let p5 = |v: Value| {
        let row = v
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["code"] == "P5")
            .cloned()
            .expect("P5");
        (
            row["collaborations"].as_i64().unwrap_or(-1),
            row["by_status"]["planned"].as_i64().unwrap_or(-1),
            row["by_status"]["implemented"].as_i64().unwrap_or(-1),
        )
    };
    let figures = || async { p5(app.get("/api/v1/uptake/recommendations").await.json()) };
    assert_eq!(figures().await, (0, 0, 0));

    let first = published(&app, &p, "Tomme butikker", "370", json!({})).await;
    link(&app, &p, &first, "P5", "planned").await;
    assert_eq!(figures().await, (1, 1, 0), "a new link");
    link(&app, &p, &first, "P5", "implemented").await;
    assert_eq!(figures().await, (1, 0, 1), "a changed status");
    let second = published(&app, &p, "Fælles åbningstider", "159", json!({})).await;
    link(&app, &p, &second, "P5", "planned").await;
    assert_eq!(figures().await, (2, 1, 1), "a second collaboration");
    let reply = app
        .post_as(
            &format!("/api/v1/collaborations/{first}/unpublish"),
            &p.owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(figures().await, (1, 1, 0), "unpublished");
    let reply = app
        .delete_as(
            &format!("/api/v1/collaborations/{second}/recommendations/P5"),
            &p.owner.token,
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.text);
    assert_eq!(figures().await, (0, 0, 0), "the link removed");
}
