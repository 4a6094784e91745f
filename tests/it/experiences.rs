//! Partnerships share what they learned, setbacks included; peers ask and authors answer;
//! admins hide what is inappropriate.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestBackend, spawn_app};
use crate::on_both_backends;
use crate::registry::{naestved, partnership, register};

on_both_backends!(
    a_partnership_shares_experiences_and_answers_a_question,
    experience_edits_are_versioned_and_drafts_stay_private,
    a_reported_comment_is_hidden_by_an_admin_and_restored,
);

async fn a_partnership_shares_experiences_and_answers_a_question(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (id, _) = register(&app, &p, &naestved("Bymidtesamarbejdet i Næstved")).await;
    app.post_as(
        &format!("/api/v1/collaborations/{id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;

    let pop_up = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({
                "title": "Pop-up butikker i tomme lokaler",
                "body": "Vi lånte **tre tomme butikker** af ejerne i seks måneder.",
                "what_worked": "Ejerne sagde ja, fordi vi betalte forbrug.",
                "what_did_not": "Åbningstiderne var for korte.",
                "advice": "Lav en kort kontrakt fra starten.",
                "themes": ["5"]
            }),
        )
        .await;
    assert_eq!(pop_up.status, StatusCode::CREATED, "{}", pop_up.text);
    assert_eq!(pop_up.json()["state"], "draft");
    let setback = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({
                "title": "Gågaden blev ikke til noget",
                "body": "Butikkerne frygtede færre kunder i bil.",
                "what_did_not": "Vi inddrog ikke butikkerne tidligt nok.",
                "is_setback": true
            }),
        )
        .await;
    assert_eq!(setback.status, StatusCode::CREATED, "{}", setback.text);
    let pop_up_id = pop_up.json()["id"].as_str().expect("id").to_owned();
    let setback_id = setback.json()["id"].as_str().expect("id").to_owned();

    // Drafts are the organisation's.
    let listed = app
        .get(&format!("/api/v1/collaborations/{id}/experiences"))
        .await
        .json();
    assert_eq!(listed.as_array().map(Vec::len), Some(0));
    for e in [&pop_up_id, &setback_id] {
        let published = app
            .post_as(
                &format!("/api/v1/experiences/{e}/publish"),
                &p.owner.token,
                &json!({}),
            )
            .await;
        assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    }
    let listed = app
        .get(&format!("/api/v1/collaborations/{id}/experiences"))
        .await
        .json();
    let titles: Vec<(&str, bool)> = listed
        .as_array()
        .expect("list")
        .iter()
        .map(|e| {
            (
                e["title"].as_str().unwrap_or_default(),
                e["is_setback"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        titles,
        [
            ("Gågaden blev ikke til noget", true),
            ("Pop-up butikker i tomme lokaler", false)
        ]
    );
    let one = app
        .get(&format!("/api/v1/experiences/{pop_up_id}"))
        .await
        .json();
    assert!(
        one["body_html"]
            .as_str()
            .unwrap_or_default()
            .contains("<strong>tre tomme butikker</strong>")
    );
    assert_eq!(one["author_name"], "Mette Citychef");

    // A planner elsewhere asks; an outsider may not answer; the author answers.
    let planner = app
        .signup("planner@vordingborg.dk", "Planlægger i Vordingborg")
        .await;
    let question = app
        .post_as(
            &format!("/api/v1/experiences/{pop_up_id}/comments"),
            &planner.token,
            &json!({"body": "Hvad betalte I i forbrug?", "kind": "question"}),
        )
        .await;
    assert_eq!(question.status, StatusCode::CREATED, "{}", question.text);
    let question_id = question.json()["id"].as_str().expect("id").to_owned();
    let not_theirs = app
        .post_as(
            &format!("/api/v1/experiences/{pop_up_id}/comments"),
            &planner.token,
            &json!({"body": "Jeg svarer selv.", "answer_to": question_id}),
        )
        .await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
    let answer = app
        .post_as(
            &format!("/api/v1/experiences/{pop_up_id}/comments"),
            &p.owner.token,
            &json!({"body": "Omkring 2.000 kr. om måneden.", "answer_to": question_id}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    assert_eq!(answer.json()["kind"], "answer");

    let thread = app
        .get(&format!("/api/v1/experiences/{pop_up_id}/comments"))
        .await
        .json();
    let kinds: Vec<&str> = thread
        .as_array()
        .expect("thread")
        .iter()
        .filter_map(|c| c["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["question", "answer"]);
    assert_eq!(thread[1]["answer_to"], question_id.as_str());

    // Anonymous readers cannot comment; bad input is named.
    let anonymous = app
        .client
        .post(app.url(&format!("/api/v1/experiences/{pop_up_id}/comments")))
        .json(&json!({"body": "Hej"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let empty = app
        .post_as(
            &format!("/api/v1/experiences/{pop_up_id}/comments"),
            &planner.token,
            &json!({"body": "  "}),
        )
        .await;
    assert_eq!(empty.error_fields(), ["body"]);
}

async fn experience_edits_are_versioned_and_drafts_stay_private(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let other = partnership(&app, "ejer@vejle.dk", "Vejle City").await;
    let (id, _) = register(&app, &p, &naestved("Samarbejde")).await;
    let created = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Første udkast", "body": "Tekst."}),
        )
        .await
        .json();
    let path = format!(
        "/api/v1/experiences/{}",
        created["id"].as_str().expect("id")
    );
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get_as(&path, &other.owner.token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.patch_as(&path, &other.owner.token, &json!({"title": "Deres"}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let v1 = created["version"].clone();
    let edited = app
        .patch_as(
            &path,
            &p.owner.token,
            &json!({"title": "Andet udkast", "version": v1}),
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK);
    let stale = app
        .patch_as(
            &path,
            &p.owner.token,
            &json!({"title": "Gammel", "version": v1}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        app.get_as(&path, &p.owner.token).await.json()["title"],
        "Andet udkast"
    );

    let too_long = app
        .patch_as(&path, &p.owner.token, &json!({"advice": "x".repeat(5001)}))
        .await;
    assert_eq!(too_long.error_fields(), ["advice"]);
    assert_eq!(
        app.delete_as(&path, &p.owner.token).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get_as(&path, &p.owner.token).await.status,
        StatusCode::NOT_FOUND
    );
}

async fn a_reported_comment_is_hidden_by_an_admin_and_restored(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let (id, _) = register(&app, &p, &naestved("Samarbejde")).await;
    app.post_as(
        &format!("/api/v1/collaborations/{id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;
    let experience = app
        .post_as(
            &format!("/api/v1/collaborations/{id}/experiences"),
            &p.owner.token,
            &json!({"title": "Erfaring", "body": "Tekst."}),
        )
        .await
        .json();
    let experience_id = experience["id"].as_str().expect("id").to_owned();
    app.post_as(
        &format!("/api/v1/experiences/{experience_id}/publish"),
        &p.owner.token,
        &json!({}),
    )
    .await;

    let troll = app.signup("trold@example.dk", "Trold").await;
    let comment = app
        .post_as(
            &format!("/api/v1/experiences/{experience_id}/comments"),
            &troll.token,
            &json!({"body": "Noget grimt."}),
        )
        .await
        .json();
    let comment_id = comment["id"].as_str().expect("id").to_owned();

    let reporter = app.signup("laeser@example.dk", "Læser").await;
    let report = app
        .post_as(
            "/api/v1/reports",
            &reporter.token,
            &json!({"target_type": "comment", "target_id": comment_id, "reason": "Grimt sprog"}),
        )
        .await;
    assert_eq!(report.status, StatusCode::CREATED, "{}", report.text);

    let admin = app.signup("drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;
    assert_eq!(
        app.get_as("/api/v1/admin/reports", &reporter.token)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let queue = app
        .get_as("/api/v1/admin/reports", &admin.token)
        .await
        .json();
    assert_eq!(queue[0]["target_id"], comment_id.as_str());

    let hide = app
        .post_as(
            &format!("/api/v1/admin/comments/{comment_id}/hide"),
            &admin.token,
            &json!({"reason": "Krænkende sprog"}),
        )
        .await;
    assert_eq!(hide.status, StatusCode::NO_CONTENT, "{}", hide.text);
    let thread = app
        .get(&format!("/api/v1/experiences/{experience_id}/comments"))
        .await
        .json();
    assert_eq!(thread.as_array().map(Vec::len), Some(0));
    assert_eq!(
        app.get_as("/api/v1/admin/reports", &admin.token)
            .await
            .json()
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    let admin_view = app
        .get_as(
            &format!("/api/v1/experiences/{experience_id}/comments"),
            &admin.token,
        )
        .await
        .json();
    assert_eq!(admin_view[0]["hidden"], true);

    let restore = app
        .post_as(
            &format!("/api/v1/admin/comments/{comment_id}/restore"),
            &admin.token,
            &json!({}),
        )
        .await;
    assert_eq!(restore.status, StatusCode::NO_CONTENT);
    let thread = app
        .get(&format!("/api/v1/experiences/{experience_id}/comments"))
        .await
        .json();
    assert_eq!(thread.as_array().map(Vec::len), Some(1));
}
