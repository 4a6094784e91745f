//! The administrators' pages over plain HTTP: the catalogue (import, edit, retire), dead emails
//! and platform roles, and that they do not exist for anyone else.

use reqwest::StatusCode;

use crate::account_pages::registered;
use crate::helpers::{BROWSER_ACCEPT, PageClient, Reply, TestBackend, spawn_app, spawn_app_with};
use crate::on_both_backends;

on_both_backends!(
    the_admin_pages_do_not_exist_for_anyone_but_admins,
    an_admin_imports_edits_and_retires_recommendations,
    an_admin_sends_a_dead_email_again_and_gives_platform_roles,
);

const ADMIN_PAGES: [&str; 6] = [
    "/admin",
    "/admin/katalog",
    "/admin/katalog/anbefalinger/P3",
    "/admin/katalog/anbefalinger/P3/tilbagetraek",
    "/admin/e-mails",
    "/admin/roller",
];

async fn the_admin_pages_do_not_exist_for_anyone_but_admins(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let anonymous = app.page_client("da");
    let user = registered(&app, "bruger@aalborg.dk", "Bruger").await;
    let analyst = registered(&app, "analytiker@sm.dk", "Analytiker").await;
    app.grant("analytiker@sm.dk", "analyst").await;
    for who in [&anonymous, &user, &analyst] {
        for path in ADMIN_PAGES {
            let reply = who.get(path).await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
            assert!(reply.text.contains("Siden findes ikke."), "{path}");
        }
        assert!(!who.get("/").await.text.contains("href=\"/admin\""));
    }
    // A logged-in user's 404 still shows who is logged in.
    assert!(user.get("/admin").await.text.contains("Bruger"));
    // Forms with a valid token are no way in either.
    let tried = user
        .post_form(
            "/admin/roller",
            &[
                ("email", "bruger@aalborg.dk"),
                ("role", "admin"),
                ("action", "grant"),
            ],
        )
        .await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);
    let me = app.login_as("bruger@aalborg.dk").await;
    assert_eq!(
        app.get_as("/api/v1/me", &me.token).await.json()["platform_role"],
        "none"
    );
    let retire = user
        .post_form(
            "/admin/katalog/anbefalinger/P3/tilbagetraek",
            &[("replaced_by", "")],
        )
        .await;
    assert_eq!(retire.status, StatusCode::NOT_FOUND);

    let admin = registered(&app, "drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;
    assert!(
        admin
            .get("/")
            .await
            .text
            .contains("href=\"/admin\">Administration</a>")
    );
    for path in ADMIN_PAGES {
        assert_eq!(admin.get(path).await.status, StatusCode::OK, "{path}");
    }
}

/// Uploads `file` to the import form as `browser`.
async fn upload(browser: &PageClient, app: &crate::helpers::TestApp, file: &str) -> Reply {
    let token = browser.csrf_token().await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "file",
            reqwest::multipart::Part::text(file.to_owned())
                .file_name("katalog.toml")
                .mime_str("application/toml")
                .expect("mime"),
        );
    let resp = browser
        .client
        .post(app.url("/admin/katalog/import"))
        .header("accept", BROWSER_ACCEPT)
        .header("accept-language", "da")
        .multipart(form)
        .send()
        .await
        .expect("sent");
    let status = resp.status();
    let headers = resp.headers().clone();
    Reply {
        status,
        headers,
        text: resp.text().await.expect("body"),
    }
}

async fn an_admin_imports_edits_and_retires_recommendations(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let admin = registered(&app, "drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;

    let catalogue = admin.get("/admin/katalog").await;
    assert!(
        catalogue
            .text
            .contains("href=\"/admin/katalog/anbefalinger/P3\"")
    );
    assert!(catalogue.text.contains("enctype=\"multipart/form-data\""));

    // Correct P3's Danish title.
    let edit = admin.get("/admin/katalog/anbefalinger/P3").await;
    assert!(
        edit.text.contains("lang=\"en\""),
        "English texts are marked as English"
    );
    assert!(
        edit.text
            .contains("value=\"Strengthen locally rooted town-centre collaborations\" lang=\"en\"")
    );
    let emptied = admin
        .post_form(
            "/admin/katalog/anbefalinger/P3",
            &[
                ("title_da", ""),
                ("summary_da", "Et resumé."),
                ("title_en", "Strengthen collaborations"),
                ("summary_en", "A summary."),
            ],
        )
        .await;
    assert_eq!(emptied.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        emptied
            .text
            .contains("<a href=\"#title-da\">Teksten skal udfyldes")
    );
    assert!(
        emptied.text.contains("Strengthen collaborations"),
        "the input is kept"
    );
    let saved = admin
        .post_form(
            "/admin/katalog/anbefalinger/P3",
            &[
                ("title_da", "Styrk de lokale bysamarbejder"),
                ("summary_da", "Et nyt resumé."),
                ("title_en", "Strengthen local collaborations"),
                ("summary_en", "A new summary."),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&saved),
        "/admin/katalog?besked=recommendation-saved"
    );
    let public = app.page_client("da").get("/anbefalinger/P3").await;
    assert!(
        public
            .text
            .contains("<h1>Styrk de lokale bysamarbejder</h1>")
    );
    assert!(public.text.contains("Et nyt resumé."));

    // Retire P1 in favour of P2: its page still answers and points on.
    let confirm = admin
        .get("/admin/katalog/anbefalinger/P1/tilbagetraek")
        .await;
    assert!(confirm.text.contains("<option value=\"P2\">"));
    assert!(!confirm.text.contains("<option value=\"P1\">"));
    let unknown = admin
        .post_form(
            "/admin/katalog/anbefalinger/P1/tilbagetraek",
            &[("replaced_by", "P99")],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text.contains("<a href=\"#replaced-by\">"));
    let retired = admin
        .post_form(
            "/admin/katalog/anbefalinger/P1/tilbagetraek",
            &[("replaced_by", "P2")],
        )
        .await;
    assert_eq!(
        PageClient::location(&retired),
        "/admin/katalog?besked=recommendation-retired"
    );
    let p1 = app.page_client("da").get("/anbefalinger/P1").await;
    assert_eq!(p1.status, StatusCode::OK);
    assert!(p1.text.contains("Anbefalingen er udgået"));
    assert!(p1.text.contains("href=\"/anbefalinger/P2\""));
    assert_eq!(
        admin
            .get("/admin/katalog/anbefalinger/P1/tilbagetraek")
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a retired one is not retired twice"
    );

    // A file with a fault is refused with its line and field; nothing changes.
    let faulty = crate::catalogue::OFFICIAL.replacen("themes = [\"2\"]", "themes = [\"9\"]", 1);
    let refused = upload(&admin, &app, &faulty).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text.contains(
            "<a href=\"#file\">Filen blev ikke indlæst: linje 14, recommendations[0].themes"
        ),
        "{}",
        refused.text
    );
    assert!(refused.text.contains("id=\"file-error\""));
    let empty = upload(&admin, &app, "").await;
    assert!(empty.text.contains("Vælg en katalogfil."));
    assert!(app.page_client("da").get("/anbefalinger/A1").await.status == StatusCode::NOT_FOUND);
    // A good one is imported, and says what it did.
    let imported = upload(&admin, &app, crate::catalogue::OFFICIAL).await;
    assert_eq!(imported.status, StatusCode::OK, "{}", imported.text);
    assert!(imported.text.contains("Kataloget version 2 er indlæst"));
    assert_eq!(
        app.page_client("da").get("/anbefalinger/A1").await.status,
        StatusCode::OK
    );
    // Without the form's token, no upload.
    let forged = admin
        .client
        .post(app.url("/admin/katalog/import"))
        .header("accept", BROWSER_ACCEPT)
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::text(crate::catalogue::OFFICIAL),
        ))
        .send()
        .await
        .expect("sent");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

async fn an_admin_sends_a_dead_email_again_and_gives_platform_roles(backend: TestBackend) {
    let app = spawn_app_with(backend, "[outbox]\nmax_attempts = 1\n").await;
    let admin = registered(&app, "drift@bymidter.dk", "Drift").await;
    app.grant("drift@bymidter.dk", "admin").await;
    let none = admin.get("/admin/e-mails").await;
    assert!(none.text.contains("Der er ingen døde e-mails."));

    // The mail server is away when someone registers: the email dies.
    app.smtp.stop().await;
    let reply = app
        .post(
            "/api/v1/auth/register",
            None,
            &serde_json::json!({"email": "uheldig@slagelse.dk", "password": crate::helpers::PASSWORD, "name": "Uheldig"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED);
    assert_eq!(app.run_outbox_once().await.dead, 1);
    let dead = admin.get("/admin/e-mails").await;
    assert!(dead.text.contains("uheldig@slagelse.dk"));
    assert!(
        admin
            .get("/admin")
            .await
            .text
            .contains("Døde e-mails lige nu: 1.")
    );
    let id = dead
        .text
        .split_once("/admin/e-mails/")
        .and_then(|(_, rest)| rest.split_once("/send-igen"))
        .map(|(id, _)| id.to_owned())
        .expect("a send-again form");
    app.smtp.restart();
    let again = admin
        .post_form(&format!("/admin/e-mails/{id}/send-igen"), &[])
        .await;
    assert_eq!(
        PageClient::location(&again),
        "/admin/e-mails?besked=email-requeued"
    );
    assert_eq!(app.run_outbox_once().await.sent, 1);
    assert_eq!(app.emails_to("uheldig@slagelse.dk").await.len(), 1);
    assert!(
        admin
            .get("/admin/e-mails")
            .await
            .text
            .contains("Der er ingen døde e-mails.")
    );
    let twice = admin
        .post_form(&format!("/admin/e-mails/{id}/send-igen"), &[])
        .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);

    // Platform roles by email address.
    registered(&app, "analytiker@sm.dk", "Analytiker").await;
    let roles = admin.get("/admin/roller").await;
    assert!(roles.text.contains("drift@bymidter.dk"));
    let unknown = admin
        .post_form(
            "/admin/roller",
            &[
                ("email", "ingen@sm.dk"),
                ("role", "analyst"),
                ("action", "grant"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown
            .text
            .contains("<a href=\"#email\">Ingen konto har den e-mailadresse.")
    );
    assert!(unknown.text.contains("value=\"ingen@sm.dk\""));
    let granted = admin
        .post_form(
            "/admin/roller",
            &[
                ("email", "Analytiker@SM.dk"),
                ("role", "analyst"),
                ("action", "grant"),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&granted),
        "/admin/roller?besked=role-granted"
    );
    let roles = admin.follow(&granted).await;
    assert!(roles.text.contains("analytiker@sm.dk"));
    assert!(roles.text.contains("Analytiker</td>"));
    let analyst = app.login_as("analytiker@sm.dk").await;
    assert_eq!(
        app.get_as("/api/v1/me", &analyst.token).await.json()["platform_role"],
        "analyst"
    );
    let revoked = admin
        .post_form(
            "/admin/roller",
            &[
                ("email", "analytiker@sm.dk"),
                ("role", "analyst"),
                ("action", "revoke"),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&revoked),
        "/admin/roller?besked=role-revoked"
    );
    let myself = admin
        .post_form(
            "/admin/roller",
            &[
                ("email", "drift@bymidter.dk"),
                ("role", "admin"),
                ("action", "revoke"),
            ],
        )
        .await;
    assert_eq!(myself.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        myself
            .text
            .contains("Du kan ikke tage din egen administratorrolle her.")
    );
    assert_eq!(
        admin.get("/admin").await.status,
        StatusCode::OK,
        "still an admin"
    );
}
