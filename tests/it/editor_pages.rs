//! The editors' pages over plain HTTP, as a browser without JavaScript uses them: a city
//! manager registers a collaboration in the form, links recommendations and a tool, publishes
//! it and it is found through the search box; a refused form keeps the input and names every
//! error; a stale save shows both versions and overwrites nothing; viewers, outsiders and
//! forms without the CSRF token are refused; an experience is written, asked about, answered
//! and reported.

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, Reply, TestApp, TestBackend, spawn_app};
use crate::helpers::{PageClient, hidden};
use crate::on_both_backends;
use crate::registry::{Partnership, partnership};
use crate::registry_pages::org_slug;

on_both_backends!(
    a_city_manager_registers_links_publishes_and_finds_her_collaboration,
    a_refused_form_keeps_the_input_and_names_every_error,
    a_stale_save_shows_both_versions_and_overwrites_nothing,
    viewers_outsiders_and_forms_without_the_token_are_refused,
    an_editor_writes_an_experience_that_a_peer_asks_about_and_reports,
);

/// A browser logged in as `email`.
async fn logged_in(app: &TestApp, email: &str, lang: &str) -> PageClient {
    let browser = app.page_client(lang);
    let reply = browser.log_in(email, PASSWORD).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "log in: {}",
        reply.text
    );
    browser
}

/// The fields of a complete collaboration form for organisation `org`.
fn complete<'a>(org: &'a str, title: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("organisation", org),
        ("title", title),
        (
            "summary",
            "Handlende, ejendomsejere og kommunen fylder tomme butikker i bymidten.",
        ),
        (
            "description",
            "Vi lejer **tomme butikker** ud til pop-up butikker.\n\n- Kunst\n- Iværksættere",
        ),
        ("municipality_code", "370"),
        ("town", "Næstved"),
        ("town_population", "43.000"),
        ("organisation_model", "formal_private"),
        ("themes", "2"),
        ("themes", "5"),
        ("partner_kinds", "retail"),
        ("partner_kinds", "property_owners"),
        ("fee_bases", "flat_rate"),
        ("status", "active"),
        ("started_on", "2021-03-01"),
        ("ended_on", ""),
        ("website", "https://naestved-bymidte.dk"),
        ("contact", "sekretariat@naestved-bymidte.dk"),
        ("visibility", "public"),
    ]
}

/// Registers through the form; answers the edit page's path.
async fn register_in_form(browser: &PageClient, org: &str, title: &str) -> String {
    let created = browser
        .post_form("/samarbejder/ny", &complete(org, title))
        .await;
    let location = PageClient::location(&created);
    assert!(
        location.ends_with("/rediger?besked=collaboration-created"),
        "{location}"
    );
    location
        .split_once('?')
        .map(|(path, _)| path.to_owned())
        .unwrap_or(location)
}

fn hidden_version(reply: &Reply) -> String {
    hidden(&reply.text, "version")
}

async fn a_city_manager_registers_links_publishes_and_finds_her_collaboration(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let slug = org_slug(&app, &p).await;
    let mette = logged_in(&app, "mette@naestved.dk", "da").await;

    let form = mette.get("/samarbejder/ny").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains("<h1>Registrér et samarbejde</h1>"));
    assert!(form.text.contains("<optgroup label=\"Region Sjælland\">"));
    assert!(form.text.contains(">Næstved</option>"));
    assert!(
        form.text.contains("Formel privat organisering"),
        "the four models are offered"
    );
    assert!(form.text.contains("name=\"themes\""));

    let edit = register_in_form(&mette, &p.org, "Levende Næstved").await;
    assert_eq!(
        edit,
        format!("/samarbejder/{slug}/levende-naestved/rediger")
    );
    let base = edit.trim_end_matches("/rediger").to_owned();
    let page = mette
        .get(&format!("{edit}?besked=collaboration-created"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Kladden er gemt."));
    assert!(page.text.contains("Samarbejdet er en kladde."));
    assert!(page.text.contains("value=\"Levende Næstved\""));
    assert_eq!(hidden_version(&page), "1");

    // The preview shows the Markdown as the page will; nothing is saved.
    let mut fields = complete(&p.org, "Levende Næstved");
    fields.push(("version", "1"));
    fields.push(("action", "preview"));
    let preview = mette.post_form(&edit, &fields).await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview
            .text
            .contains("<h2 id=\"preview-title\">Eksempel</h2>")
    );
    assert!(preview.text.contains("<strong>tomme butikker</strong>"));

    for (code, status) in [("P3", "planned"), ("P4", "in_progress")] {
        let linked = mette
            .post_form(
                &format!("{base}/anbefalinger"),
                &[
                    ("recommendation", code),
                    ("rec_status", status),
                    ("rec_note", "Vi er i gang med kommunen."),
                    ("evidence_url", ""),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(
            PageClient::location(&linked),
            format!("{edit}?besked=link-saved")
        );
    }
    let tool = mette
        .post_form(
            &format!("{base}/vaerktoejer"),
            &[
                ("toolbox", "foranalyser"),
                ("outcome", "helped"),
                ("tool_note", "Analysen samlede alle."),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&tool),
        format!("{edit}?besked=link-saved")
    );
    let page = mette.get(&edit).await;
    assert!(page.text.contains("<span class=\"code\">P3</span>"));
    assert!(page.text.contains("<span class=\"code\">P4</span>"));
    assert!(page.text.contains(">Hjalp</span>"));

    // Changing a link: its form comes filled, and the status moves forward.
    let change = mette.get(&format!("{edit}?anbefaling=P3")).await;
    assert!(change.text.contains("<option value=\"P3\" selected>"));
    assert!(change.text.contains("<option value=\"planned\" selected>"));
    let moved = mette
        .post_form(
            &format!("{base}/anbefalinger"),
            &[("recommendation", "P3"), ("rec_status", "implemented")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    let published = mette.post_form(&format!("{base}/offentliggoer"), &[]).await;
    assert_eq!(
        PageClient::location(&published),
        format!("{base}?besked=collaboration-published")
    );

    // Anyone finds it through the front page's search box and sees the links.
    let visitor = app.page_client("da");
    let home = visitor.get("/").await;
    assert!(home.text.contains("action=\"/samarbejder\""));
    let found = visitor.get("/samarbejder?q=tomme+butikker").await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.text.contains("1 samarbejde matcher »tomme butikker«"));
    assert!(found.text.contains(&format!("href=\"{base}\"")));
    let none = visitor.get("/samarbejder?q=vindmøller").await;
    assert!(none.text.contains("Ingen samarbejder matcher »vindmøller«"));
    let shown = visitor.get(&base).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.text.contains("<h1>Levende Næstved</h1>"));
    assert!(shown.text.contains(">Gennemført</span>"));
    assert!(shown.text.contains(">I gang</span>"));
    assert!(
        !shown.text.contains("/rediger\""),
        "no edit link for visitors"
    );

    // Her own pages show her the way to edit.
    let own = mette.get(&base).await;
    assert!(own.text.contains(&format!("href=\"{edit}\"")));
    let org_page = mette.get(&format!("/organisationer/{slug}")).await;
    assert!(org_page.text.contains(&format!("href=\"{edit}\"")));
    assert!(org_page.text.contains("href=\"/samarbejder/ny\""));

    // Unpublished, it leaves the search; deleted after a question, it is gone.
    let unpublished = mette.post_form(&format!("{base}/tilbagetraek"), &[]).await;
    assert_eq!(unpublished.status, StatusCode::SEE_OTHER);
    let gone = visitor.get("/samarbejder?q=tomme+butikker").await;
    assert!(gone.text.contains("Ingen samarbejder matcher"));
    let ask = mette.get(&format!("{base}/slet")).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.text.contains("Ja, slet samarbejdet"));
    let deleted = mette.post_form(&format!("{base}/slet"), &[]).await;
    assert_eq!(
        PageClient::location(&deleted),
        format!("/organisationer/{slug}?besked=collaboration-deleted")
    );
    assert_eq!(mette.get(&base).await.status, StatusCode::NOT_FOUND);
}

async fn a_refused_form_keeps_the_input_and_names_every_error(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    let slug = org_slug(&app, &p).await;
    let mette = logged_in(&app, "mette@naestved.dk", "da").await;

    let refused = mette
        .post_form(
            "/samarbejder/ny",
            &[
                ("organisation", p.org.as_str()),
                ("title", "Levende Næstved"),
                ("summary", ""),
                ("municipality_code", ""),
                ("town", "Næstved"),
                ("town_population", "mange"),
                ("organisation_model", "formal_private"),
                ("status", "active"),
                ("started_on", "1. marts"),
                ("website", "naestved.dk"),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text
            .contains("<title>Fejl: Registrér et samarbejde – bymidter</title>")
    );
    let summary = refused
        .text
        .split_once("class=\"error-summary-list\"")
        .and_then(|(_, rest)| rest.split_once("</ul>"))
        .map(|(s, _)| s)
        .unwrap_or_default();
    for href in [
        "#summary",
        "#municipality-code",
        "#town-population",
        "#themes-1",
        "#started-on",
        "#website",
    ] {
        assert!(
            summary.contains(&format!("href=\"{href}\"")),
            "{href} in {summary}"
        );
    }
    assert!(refused.text.contains("Skriv tallet med cifre"));
    assert!(refused.text.contains("Skriv en kort beskrivelse."));
    assert!(
        refused
            .text
            .contains("Vælg kommunen, samarbejdet ligger i.")
    );
    assert!(
        refused
            .text
            .contains("Skriv datoen som år-måned-dag, fx 2021-03-01.")
    );
    assert!(refused.text.contains("Vælg mindst ét tema."));
    assert!(refused.text.contains("aria-invalid=\"true\""));
    // What was typed is kept.
    assert!(refused.text.contains("value=\"Levende Næstved\""));
    assert!(refused.text.contains("value=\"mange\""));
    assert!(refused.text.contains("value=\"naestved.dk\""));
    assert!(
        refused
            .text
            .contains("id=\"organisation-model-formal_private\" name=\"organisation_model\" value=\"formal_private\" checked")
    );
    // Nothing was registered.
    let org_page = mette.get(&format!("/organisationer/{slug}")).await;
    assert!(org_page.text.contains("har ikke registreret samarbejder"));

    // In English, the same in English.
    let sam = logged_in(&app, "mette@naestved.dk", "en").await;
    let english = sam
        .post_form(
            "/samarbejder/ny?lang=en",
            &[("organisation", p.org.as_str())],
        )
        .await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        english
            .text
            .contains("Choose at least one of the partnership")
    );
    assert!(
        english
            .text
            .contains("Write the title of the collaboration.")
    );
    assert!(
        english
            .text
            .contains("Choose the municipality the collaboration is in.")
    );

    // A link abandoned without a reason is refused next to the reason.
    let edit = register_in_form(&mette, &p.org, "Levende Næstved").await;
    let base = edit.trim_end_matches("/rediger");
    let abandoned = mette
        .post_form(
            &format!("{base}/anbefalinger"),
            &[
                ("recommendation", "P3"),
                ("rec_status", "abandoned"),
                ("rec_note", "Pengene slap op."),
                ("reason", ""),
            ],
        )
        .await;
    assert_eq!(abandoned.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(abandoned.text.contains("href=\"#reason\""));
    assert!(
        abandoned
            .text
            .contains("Skriv hvorfor anbefalingen er opgivet.")
    );
    assert!(
        abandoned.text.contains("Pengene slap op."),
        "the note is kept"
    );
    assert!(
        abandoned
            .text
            .contains("<option value=\"abandoned\" selected>")
    );
    let page = mette.get(&edit).await;
    assert!(
        !page.text.contains("<span class=\"code\">P3</span>"),
        "nothing was linked"
    );
}

async fn a_stale_save_shows_both_versions_and_overwrites_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    app.invite_and_join(&p.owner, &p.org, "jonas@naestved.dk", "editor")
        .await;
    let mette = logged_in(&app, "mette@naestved.dk", "da").await;
    let jonas = logged_in(&app, "jonas@naestved.dk", "da").await;
    let edit = register_in_form(&mette, &p.org, "Levende Næstved").await;
    let base = edit.trim_end_matches("/rediger").to_owned();

    // Both open the edit page at version 1.
    assert_eq!(hidden_version(&mette.get(&edit).await), "1");
    assert_eq!(hidden_version(&jonas.get(&edit).await), "1");

    let mut hers = complete(&p.org, "Levende Næstved");
    hers[2].1 = "Mettes resumé: butikkerne fyldes.";
    hers.push(("version", "1"));
    let saved = mette.post_form(&edit, &hers).await;
    assert_eq!(
        PageClient::location(&saved),
        format!("{base}?besked=collaboration-saved")
    );

    let mut his = complete(&p.org, "Levende Næstved");
    his[2].1 = "Jonas’ resumé: flere besøgende.";
    his.push(("version", "1"));
    let stale = jonas.post_form(&edit, &his).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .text
            .contains("En anden har gemt ændringer, mens du redigerede.")
    );
    assert!(
        stale
            .text
            .contains("<h2 id=\"stale-title\">To versioner</h2>")
    );
    assert!(
        stale
            .text
            .contains("<td class=\"theirs\">Mettes resumé: butikkerne fyldes.</td>")
    );
    assert!(
        stale
            .text
            .contains("<td class=\"yours\">Jonas’ resumé: flere besøgende.</td>")
    );
    assert_eq!(
        hidden_version(&stale),
        "2",
        "a new save would take the newest"
    );
    let kept = mette.get(&base).await;
    assert!(kept.text.contains("Mettes resumé: butikkerne fyldes."));

    // Sent again, deliberately, his version is saved.
    let mut again = complete(&p.org, "Levende Næstved");
    again[2].1 = "Jonas’ resumé: flere besøgende.";
    again.push(("version", "2"));
    let saved = jonas.post_form(&edit, &again).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let now = mette.get(&base).await;
    assert!(now.text.contains("flere besøgende."));
}

async fn viewers_outsiders_and_forms_without_the_token_are_refused(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p: Partnership = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    app.invite_and_join(&p.owner, &p.org, "lise@naestved.dk", "viewer")
        .await;
    app.signup("anders@faxe.dk", "Anders").await;
    let mette = logged_in(&app, "mette@naestved.dk", "da").await;
    let edit = register_in_form(&mette, &p.org, "Levende Næstved").await;
    let base = edit.trim_end_matches("/rediger").to_owned();

    // A viewer of the organisation sees the draft but may not edit or publish it.
    let lise = logged_in(&app, "lise@naestved.dk", "da").await;
    assert_eq!(lise.get(&base).await.status, StatusCode::OK);
    let refused = lise.get(&edit).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused
            .text
            .contains("Kun organisationens redaktører og ejere")
    );
    let publish = lise.post_form(&format!("{base}/offentliggoer"), &[]).await;
    assert_eq!(publish.status, StatusCode::FORBIDDEN);
    let new = lise.get("/samarbejder/ny").await;
    assert_eq!(new.status, StatusCode::FORBIDDEN);
    assert!(new.text.contains("Du er ikke redaktør i en organisation"));
    let create = lise
        .post_form("/samarbejder/ny", &complete(&p.org, "Lises samarbejde"))
        .await;
    assert_eq!(create.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        create
            .text
            .contains("Vælg den organisation, samarbejdet hører til.")
    );

    // Someone outside does not know the draft exists.
    let anders = logged_in(&app, "anders@faxe.dk", "da").await;
    assert_eq!(anders.get(&edit).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        anders.post_form(&format!("{base}/slet"), &[]).await.status,
        StatusCode::NOT_FOUND
    );

    // Anonymous visitors are sent to log in first.
    let anonymous = app.page_client("da");
    let login = anonymous.get("/samarbejder/ny").await;
    assert!(PageClient::location(&login).starts_with("/log-ind?next="));

    // A form without the CSRF token changes nothing.
    let mut fields = complete(&p.org, "Uden token");
    fields.push(("version", "1"));
    let forged = mette.post_raw(&edit, &fields, &[]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let forged = mette
        .post_raw(&format!("{base}/offentliggoer"), &[], &[])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let page = mette.get(&edit).await;
    assert!(page.text.contains("value=\"Levende Næstved\""));
    assert!(page.text.contains("Samarbejdet er en kladde."));
}

async fn an_editor_writes_an_experience_that_a_peer_asks_about_and_reports(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let p = partnership(&app, "mette@naestved.dk", "Næstved Bymidte").await;
    app.signup("anders@faxe.dk", "Anders Planlægger").await;
    let mette = logged_in(&app, "mette@naestved.dk", "da").await;
    let edit = register_in_form(&mette, &p.org, "Levende Næstved").await;
    let base = edit.trim_end_matches("/rediger").to_owned();
    mette.post_form(&format!("{base}/offentliggoer"), &[]).await;

    let form = mette.get(&format!("{base}/erfaringer/ny")).await;
    assert_eq!(form.status, StatusCode::OK);
    let refused = mette
        .post_form(
            &format!("{base}/erfaringer/ny"),
            &[("title", "Pop-up i tomme butikker"), ("body", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("href=\"#body\""));
    assert!(refused.text.contains("value=\"Pop-up i tomme butikker\""));

    let written = mette
        .post_form(
            &format!("{base}/erfaringer/ny"),
            &[
                ("title", "Pop-up i tomme butikker"),
                ("body", "Vi lånte **tre** butikker."),
                ("what_worked", "Ejerne sagde ja."),
                ("what_did_not", "Tre måneder var for kort."),
                ("advice", "Aftal hvad der sker bagefter."),
                ("is_setback", "true"),
                ("themes", "5"),
            ],
        )
        .await;
    let location = PageClient::location(&written);
    assert!(location.contains("/erfaringer/") && location.ends_with("besked=experience-created"));
    let experience = location
        .split_once('?')
        .map(|(p, _)| p.to_owned())
        .unwrap_or_default();
    let draft = mette.get(&experience).await;
    assert!(draft.text.contains("Offentliggør erfaringen"));
    let published = mette
        .post_form(&format!("{experience}/offentliggoer"), &[])
        .await;
    assert_eq!(
        PageClient::location(&published),
        format!("{experience}?besked=experience-published")
    );

    // A planner elsewhere asks; an empty question comes back with the error.
    let anders = logged_in(&app, "anders@faxe.dk", "da").await;
    let page = anders.get(&experience).await;
    assert!(page.text.contains("Skriv en kommentar eller et spørgsmål"));
    let empty = anders
        .post_form(
            &format!("{experience}/kommentarer"),
            &[("body", ""), ("kind", "question")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.text.contains("href=\"#body\""));
    let asked = anders
        .post_form(
            &format!("{experience}/kommentarer"),
            &[("body", "Hvad kostede det?"), ("kind", "question")],
        )
        .await;
    assert_eq!(
        PageClient::location(&asked),
        format!("{experience}?besked=comment-posted")
    );

    // The editor answers under the question.
    let page = mette.get(&experience).await;
    assert!(page.text.contains("Svar på spørgsmålet"));
    let question = hidden(&page.text, "answer_to");
    assert!(!question.is_empty());
    let answered = mette
        .post_form(
            &format!("{experience}/kommentarer"),
            &[
                ("body", "Omkring 40.000 kr."),
                ("answer_to", question.as_str()),
            ],
        )
        .await;
    assert_eq!(answered.status, StatusCode::SEE_OTHER);
    let page = anders.get(&experience).await;
    assert!(page.text.contains("Hvad kostede det?"));
    assert!(page.text.contains("Omkring 40.000 kr."));
    assert!(
        !page.text.contains("Svar på spørgsmålet"),
        "only editors answer"
    );

    // Reporting needs a reason; with one, it goes to the moderators.
    let no_reason = anders
        .post_form(&format!("{experience}/anmeld"), &[("reason", "")])
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.text.contains("href=\"#reason\""));
    let reported = anders
        .post_form(
            &format!("{experience}/anmeld"),
            &[("reason", "Reklame for en butik.")],
        )
        .await;
    assert_eq!(
        PageClient::location(&reported),
        format!("{experience}?besked=report-sent")
    );
}
