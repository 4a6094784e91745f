//! The account and organisation pages over plain HTTP, as a browser without JavaScript uses
//! them: register, confirm from the email, log in, create an organisation, invite, accept;
//! forgotten passwords; the sliding session; CSRF; bad input shown with the input kept.

use reqwest::StatusCode;

use crate::helpers::{
    PASSWORD, PageClient, TestApp, TestBackend, spawn_app, spawn_app_with, title,
};
use crate::on_both_backends;

on_both_backends!(
    a_city_manager_registers_confirms_creates_her_partnership_and_brings_in_a_colleague,
    someone_logged_in_accepts_an_invitation_and_another_account_is_told_it_is_not_theirs,
    a_forgotten_password_is_reset_from_the_email_link,
    the_session_slides_on_with_the_refresh_cookie_and_a_reused_one_ends_it,
    forms_without_the_csrf_token_change_nothing,
    bad_input_is_shown_next_to_each_field_with_the_input_kept,
    the_last_owner_is_told_why_they_can_neither_leave_nor_step_down,
    a_person_changes_settings_and_password_and_logs_out_everywhere,
    too_many_log_in_attempts_are_refused_on_the_page_as_in_the_api,
);

/// Registers on the page, confirms from the email, and logs in; answers the browser.
pub(crate) async fn registered(app: &TestApp, email: &str, name: &str) -> PageClient {
    let browser = app.page_client("da");
    let sent = browser
        .post_form(
            "/opret-konto",
            &[("name", name), ("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let link = app.last_email_to(email).await.link_with_token();
    let confirm = browser.get(&link).await;
    let token = crate::helpers::hidden(&confirm.text, "token");
    let confirmed = browser
        .post_form("/verify-email", &[("token", &token)])
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.text
    );
    let login = browser.log_in(email, PASSWORD).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.text);
    browser
}

fn main_of(html: &str) -> &str {
    html.split_once("<main").map(|(_, m)| m).unwrap_or_default()
}

async fn a_city_manager_registers_confirms_creates_her_partnership_and_brings_in_a_colleague(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let anna = app.page_client("da");

    // The header offers to log in or register.
    let front = anna.get("/").await;
    assert!(front.text.contains("href=\"/log-ind\">Log ind</a>"));
    assert!(front.text.contains("href=\"/opret-konto\">Opret konto</a>"));

    let form = anna.get("/opret-konto").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(title(&form), "Opret konto – bymidter");
    assert!(
        form.text.contains("Mindst 12 og højst 128 tegn"),
        "the password rule is explained"
    );
    assert!(form.text.contains("autocomplete=\"new-password\""));
    let sent = anna
        .post_form(
            "/opret-konto",
            &[
                ("name", "Anna Holm"),
                ("email", "anna@ringsted-bymidte.dk"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(PageClient::location(&sent), "/opret-konto/tjek-din-email");
    let check = anna.follow(&sent).await;
    assert!(check.text.contains("<h1>Tjek din e-mail</h1>"));

    // The link in the email opens a page that confirms with one press of a button.
    let email = app.last_email_to("anna@ringsted-bymidte.dk").await;
    let link = email.link_with_token();
    assert!(link.starts_with(&format!("{}/verify-email?token=", app.base)));
    let confirm = anna.get(&link).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(confirm.text.contains("Bekræft e-mailadressen</button>"));
    let confirmed = anna
        .post_form("/verify-email", &[("token", &email.token())])
        .await;
    assert_eq!(
        PageClient::location(&confirmed),
        "/log-ind?next=/min-side&besked=email-verified"
    );
    let login_page = anna.follow(&confirmed).await;
    assert!(login_page.text.contains("Din e-mailadresse er bekræftet."));
    // A used link says so, and offers a new one.
    let again = anna
        .post_form("/verify-email", &[("token", &email.token())])
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.text.contains("href=\"/opret-konto/nyt-link\""));

    // Logging in sets the session cookies and leads to Min side.
    let login = anna
        .post_form(
            "/log-ind",
            &[
                ("email", "anna@ringsted-bymidte.dk"),
                ("password", PASSWORD),
                ("next", "/min-side"),
            ],
        )
        .await;
    assert_eq!(PageClient::location(&login), "/min-side");
    let cookies: Vec<&str> = login
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    for name in ["bymidter_access=", "bymidter_refresh="] {
        let cookie = cookies
            .iter()
            .find(|c| c.starts_with(name))
            .unwrap_or_else(|| panic!("{name} is set: {cookies:?}"));
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http in tests: {cookie}");
    }
    let mine = anna.follow(&login).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(mine.text.contains("Logget ind som"));
    assert!(mine.text.contains("Anna Holm"));
    assert!(mine.text.contains("action=\"/log-ud\""), "a log-out button");
    assert!(
        mine.text
            .contains("Du er ikke medlem af nogen organisation endnu")
    );

    // She creates the partnership; the municipality is chosen under its region.
    let new = anna.get("/organisationer/ny").await;
    assert_eq!(new.status, StatusCode::OK);
    assert!(new.text.contains("<optgroup label=\"Region Sjælland\">"));
    assert!(new.text.contains("<option value=\"329\">Ringsted</option>"));
    assert_eq!(new.text.matches("<option value=\"").count(), 99);
    let created = anna
        .post_form(
            "/organisationer/ny",
            &[
                ("name", "Ringsted Bymidte"),
                ("kind", "town_partnership"),
                ("municipality_code", "329"),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&created),
        "/organisationer/ringsted-bymidte?besked=organisation-created"
    );
    let org = anna.follow(&created).await;
    assert!(org.text.contains("<h1>Ringsted Bymidte</h1>"));
    assert!(
        org.text
            .contains("Organisationen er oprettet, og du er dens ejer.")
    );
    assert!(org.text.contains("href=\"/kommuner/329\">Ringsted</a>"));
    assert!(
        org.text
            .contains("href=\"/regioner/1085\">Region Sjælland</a>")
    );
    assert!(org.text.contains("Du er ejer i organisationen."));
    // The public sees the card, but not the members link.
    let public = app
        .page_client("en")
        .get("/organisationer/ringsted-bymidte")
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.text.contains("Town-centre partnership"));
    assert!(!public.text.contains("/medlemmer"));

    // She invites Jonas, who has no account, as editor.
    let members = anna.get("/organisationer/ringsted-bymidte/medlemmer").await;
    assert_eq!(members.status, StatusCode::OK);
    assert!(members.text.contains("Invitér en person"));
    let invited = anna
        .post_form(
            "/organisationer/ringsted-bymidte/invitationer",
            &[("email", "jonas@ringsted.dk"), ("role", "editor")],
        )
        .await;
    assert_eq!(
        PageClient::location(&invited),
        "/organisationer/ringsted-bymidte/medlemmer?besked=invitation-sent"
    );
    let members = anna.follow(&invited).await;
    assert!(members.text.contains("Åbne invitationer"));
    assert!(members.text.contains("jonas@ringsted.dk"));

    // Jonas follows the link, registers from it, and is a member at once.
    let jonas = app.page_client("da");
    let invitation = app.last_email_to("jonas@ringsted.dk").await;
    let link = invitation.link_with_token();
    assert!(link.contains("/invitations/accept?token="), "{link}");
    let landing = jonas.get(&link).await;
    assert_eq!(landing.status, StatusCode::OK);
    assert!(landing.text.contains("Ringsted Bymidte"));
    assert!(landing.text.contains("redaktør"));
    let register_href = format!("/opret-konto?invitation={}", invitation.token());
    assert!(landing.text.contains(&register_href.replace('&', "&amp;")));
    let form = jonas.get(&register_href).await;
    assert!(
        form.text.contains("value=\"jonas@ringsted.dk\""),
        "the invited address is filled in"
    );
    let joined = jonas
        .post_form(
            "/opret-konto",
            &[
                ("name", "Jonas Berg"),
                ("email", "jonas@ringsted.dk"),
                ("password", PASSWORD),
                ("invitation_token", &invitation.token()),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&joined),
        "/log-ind?next=/min-side&besked=invitation-registered"
    );
    let login = jonas.log_in("jonas@ringsted.dk", PASSWORD).await;
    assert_eq!(PageClient::location(&login), "/min-side");
    let his = jonas.follow(&login).await;
    assert!(
        his.text
            .contains("href=\"/organisationer/ringsted-bymidte\">Ringsted Bymidte</a>")
    );
    assert!(his.text.contains("<td>Redaktør</td>"));

    // Anna sees him among the members; Jonas, an editor, sees them but manages nothing.
    let members = anna.get("/organisationer/ringsted-bymidte/medlemmer").await;
    assert!(members.text.contains("Jonas Berg"));
    assert!(
        !members.text.contains("jonas@ringsted.dk</th>"),
        "no open invitation left"
    );
    let as_editor = jonas
        .get("/organisationer/ringsted-bymidte/medlemmer")
        .await;
    assert_eq!(as_editor.status, StatusCode::OK);
    assert!(as_editor.text.contains("Anna Holm"));
    assert!(!as_editor.text.contains("Invitér en person"));

    // Someone else does not see the members at all; logging out ends the session.
    let stranger = registered(&app, "nabo@koege.dk", "Nabo").await;
    let hidden = stranger
        .get("/organisationer/ringsted-bymidte/medlemmer")
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let out = anna.post_form("/log-ud", &[]).await;
    assert_eq!(PageClient::location(&out), "/?besked=logged-out");
    assert!(
        out.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| c.starts_with("bymidter_refresh=;") && c.contains("Max-Age=0"))
    );
    let front = anna.follow(&out).await;
    assert!(front.text.contains("Du er logget ud."));
    let gone = anna.get("/min-side").await;
    assert_eq!(PageClient::location(&gone), "/log-ind?next=%2Fmin-side");
}

async fn someone_logged_in_accepts_an_invitation_and_another_account_is_told_it_is_not_theirs(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let owner = app.signup("ejer@koege-handel.dk", "Ejer").await;
    let org = app
        .create_org(&owner, "trade_association", "Køge Handel", "259")
        .await;
    let bent = registered(&app, "bent@koege.dk", "Bent").await;
    let other = registered(&app, "clara@koege.dk", "Clara").await;
    let sent = app
        .post_as(
            &format!("/api/v1/organizations/{org}/invitations"),
            &owner.token,
            &serde_json::json!({"email": "bent@koege.dk", "role": "viewer"}),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let invitation = app.last_email_to("bent@koege.dk").await;

    // Clara opens Bent's link: it is not for her, and nothing happens.
    let wrong = other.get(&invitation.link_with_token()).await;
    assert!(
        wrong
            .text
            .contains("Invitationen er sendt til en anden e-mailadresse")
    );
    assert!(!wrong.text.contains("Tag imod invitationen</button>"));
    let refused = other
        .post_form("/invitations/accept", &[("token", &invitation.token())])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Bent accepts with one press and lands on the organisation's page.
    let page = bent.get(&invitation.link_with_token()).await;
    assert!(
        page.text
            .contains("Du er inviteret til at være læser i Køge Handel")
    );
    let accepted = bent
        .post_form("/invitations/accept", &[("token", &invitation.token())])
        .await;
    assert_eq!(
        PageClient::location(&accepted),
        "/organisationer/koege-handel?besked=invitation-accepted"
    );
    let org_page = bent.follow(&accepted).await;
    assert!(org_page.text.contains("Du er læser i organisationen."));
    // The link is spent now.
    let spent = bent.get(&invitation.link_with_token()).await;
    assert_eq!(spent.status, StatusCode::BAD_REQUEST);
    assert!(spent.text.contains("Invitationen kan ikke bruges"));
}

async fn a_forgotten_password_is_reset_from_the_email_link(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let old_session = registered(&app, "glemsom@slagelse.dk", "Glemsom").await;
    let browser = app.page_client("da");
    let form = browser.get("/glemt-adgangskode").await;
    assert_eq!(form.status, StatusCode::OK);
    // Known and unknown addresses get the same answer.
    for address in ["glemsom@slagelse.dk", "ukendt@slagelse.dk"] {
        let asked = browser
            .post_form("/glemt-adgangskode", &[("email", address)])
            .await;
        assert_eq!(PageClient::location(&asked), "/glemt-adgangskode/sendt");
    }
    assert!(app.emails_to("ukendt@slagelse.dk").await.is_empty());
    let sent = browser.get("/glemt-adgangskode/sendt").await;
    assert!(sent.text.contains("Linket virker i 30 minutter"));

    // The old login link still lands on the forgotten-password page.
    let redirect = browser.get("/forgot-password").await;
    assert_eq!(PageClient::location(&redirect), "/glemt-adgangskode");

    let email = app.last_email_to("glemsom@slagelse.dk").await;
    let link = email.link_with_token();
    assert!(link.contains("/reset-password?token="), "{link}");
    let reset = browser.get(&link).await;
    assert_eq!(reset.status, StatusCode::OK);
    assert!(reset.text.contains("autocomplete=\"new-password\""));
    // A password that is too short is refused next to the field; the link still works.
    let short = browser
        .post_form(
            "/reset-password",
            &[("token", &email.token()), ("new_password", "kort")],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        short
            .text
            .contains("<a href=\"#new-password\">Adgangskoden skal være på mindst 12 tegn.</a>")
    );
    assert!(short.text.contains("id=\"new-password-error\""));
    let new_password = "en helt ny og lang sætning";
    let done = browser
        .post_form(
            "/reset-password",
            &[("token", &email.token()), ("new_password", new_password)],
        )
        .await;
    assert_eq!(
        PageClient::location(&done),
        "/log-ind?next=/min-side&besked=password-reset"
    );
    // Every session ended, the old one in another browser too.
    let ended = old_session.get("/min-side").await;
    assert!(ended.status.is_redirection(), "{}", ended.status);
    // The link is spent.
    let again = browser
        .post_form(
            "/reset-password",
            &[("token", &email.token()), ("new_password", new_password)],
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);
    assert!(again.text.contains("Linket kan ikke bruges"));
    // The old password no longer works; the new one does.
    let old = browser.log_in("glemsom@slagelse.dk", PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNPROCESSABLE_ENTITY);
    let new = browser.log_in("glemsom@slagelse.dk", new_password).await;
    assert_eq!(PageClient::location(&new), "/min-side");
    assert!(
        app.last_email_to("glemsom@slagelse.dk")
            .await
            .subject
            .contains("ændret")
    );
}

/// The session cookies a log-in answered with, by name.
fn set_cookie(reply: &crate::helpers::Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .and_then(|pair| pair.split_once('='))
        .map(|(_, v)| v.to_owned())
}

async fn the_session_slides_on_with_the_refresh_cookie_and_a_reused_one_ends_it(
    backend: TestBackend,
) {
    let app = spawn_app_with(backend, "[auth]\naccess_token_ttl_secs = 1\n").await;
    let browser = registered(&app, "glider@naestved.dk", "Glider").await;

    // The access cookie lives as long as the token (a second here); the browser drops it, and
    // the next page renews the session from the refresh cookie without a word.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let page = browser.get("/min-side").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text.contains("Glider"));
    assert!(set_cookie(&page, "bymidter_access").is_some());
    assert!(set_cookie(&page, "bymidter_refresh").is_some());

    // The same by hand: a request with only a refresh cookie.
    let login = app.page_client("da");
    let reply = login.log_in("glider@naestved.dk", PASSWORD).await;
    let first = set_cookie(&reply, "bymidter_refresh").expect("a refresh cookie");
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let visit = |refresh: String| {
        let bare = bare.clone();
        let url = app.url("/min-side");
        async move {
            let resp = bare
                .get(url)
                .header("accept", crate::helpers::BROWSER_ACCEPT)
                .header("cookie", format!("bymidter_refresh={refresh}"))
                .send()
                .await
                .expect("sent");
            let status = resp.status();
            let headers = resp.headers().clone();
            let text = resp.text().await.expect("body");
            crate::helpers::Reply {
                status,
                headers,
                text,
            }
        }
    };
    let renewed = visit(first.clone()).await;
    assert_eq!(renewed.status, StatusCode::OK);
    assert!(renewed.text.contains("Glider"));
    let second = set_cookie(&renewed, "bymidter_refresh").expect("a new refresh cookie");
    assert_ne!(second, first, "the refresh token is rotated");

    // Someone presents the spent one: the whole session ends, the new token with it.
    let reused = visit(first).await;
    assert_eq!(PageClient::location(&reused), "/log-ind?next=%2Fmin-side");
    assert_eq!(set_cookie(&reused, "bymidter_refresh").as_deref(), Some(""));
    let after = visit(second).await;
    assert!(after.status.is_redirection(), "the family is revoked");
    // The API's refresh agrees: that session is over.
    let api = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &serde_json::json!({"refresh_token": set_cookie(&renewed, "bymidter_refresh")}),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNAUTHORIZED);
}

async fn forms_without_the_csrf_token_change_nothing(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let anna = registered(&app, "anna@holbaek.dk", "Anna").await;
    let token = anna.csrf_token().await;
    type Fields<'a> = Vec<(&'a str, &'a str)>;
    let attempts: [(&str, Fields, Fields); 4] = [
        (
            "/organisationer/ny",
            vec![
                ("name", "Holbæk By"),
                ("kind", "other"),
                ("municipality_code", "316"),
            ],
            vec![],
        ),
        (
            "/organisationer/ny",
            vec![
                ("name", "Holbæk By"),
                ("kind", "other"),
                ("municipality_code", "316"),
                ("csrf_token", "x"),
            ],
            vec![],
        ),
        (
            "/organisationer/ny",
            vec![
                ("name", "Holbæk By"),
                ("kind", "other"),
                ("municipality_code", "316"),
                ("csrf_token", &token),
            ],
            vec![("sec-fetch-site", "cross-site")],
        ),
        ("/log-ud", vec![], vec![]),
    ];
    for (path, fields, headers) in &attempts {
        let refused = anna.post_raw(path, fields, headers).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            refused.text.contains("Formularen kunne ikke godkendes"),
            "{path}"
        );
    }
    // Another visitor's token does not fit this browser's cookie.
    let someone = app.page_client("da");
    let their_token = someone.csrf_token().await;
    let foreign = anna
        .post_raw(
            "/organisationer/ny",
            &[
                ("name", "Holbæk By"),
                ("kind", "other"),
                ("municipality_code", "316"),
                ("csrf_token", &their_token),
            ],
            &[],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let log_in = someone
        .post_raw(
            "/log-ind",
            &[("email", "anna@holbaek.dk"), ("password", PASSWORD)],
            &[],
        )
        .await;
    assert_eq!(log_in.status, StatusCode::FORBIDDEN);
    // Nothing was created, and Anna is still logged in.
    let mine = anna.get("/min-side").await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(!mine.text.contains("Holbæk By"));
}

async fn bad_input_is_shown_next_to_each_field_with_the_input_kept(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let browser = app.page_client("da");
    let refused = browser
        .post_form(
            "/opret-konto",
            &[
                ("name", ""),
                ("email", "ikke-en-adresse"),
                ("password", "kort"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = &refused.text;
    assert_eq!(title(&refused), "Fejl: Opret konto – bymidter");
    assert!(html.contains("class=\"error-summary\""));
    for (id, message) in [
        ("name", "Navnet skal være mellem 1 og 100 tegn."),
        ("email", "Skriv en gyldig e-mailadresse"),
        ("password", "Adgangskoden skal være på mindst 12 tegn."),
    ] {
        assert!(
            html.contains(&format!("<a href=\"#{id}\">{message}")),
            "{id}"
        );
        assert!(html.contains(&format!("id=\"{id}-error\"")), "{id}");
        assert!(html.contains("aria-invalid=\"true\""));
    }
    assert!(
        html.contains("value=\"ikke-en-adresse\""),
        "the input is kept"
    );
    assert!(
        !html.contains("value=\"kort\""),
        "a password is never sent back"
    );

    // In English too.
    let english = app.page_client("en");
    let refused = english
        .post_form(
            "/opret-konto",
            &[
                ("name", "Ann"),
                ("email", "ann@example.dk"),
                ("password", "password1234"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("<html lang=\"en\">"));
    assert!(refused.text.contains("value=\"Ann\""));
    assert!(refused.text.contains("too common"), "{}", refused.text);

    // A wrong password: one message for both fields' worth, the address kept.
    registered(&app, "rigtig@vejle.dk", "Rigtig").await;
    for address in ["rigtig@vejle.dk", "ukendt@vejle.dk"] {
        let wrong = browser.log_in(address, "forkert adgangskode her").await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            wrong.text.contains(
                "<a href=\"#password\">E-mailadressen eller adgangskoden er forkert.</a>"
            )
        );
        assert!(wrong.text.contains(&format!("value=\"{address}\"")));
    }

    // An organisation without kind or municipality.
    let anna = registered(&app, "anna@vejle.dk", "Anna").await;
    let refused = anna
        .post_form(
            "/organisationer/ny",
            &[
                ("name", "Vejle Midtby"),
                ("kind", ""),
                ("municipality_code", ""),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.text.contains(
            "<a href=\"#kind-municipality\">Vælg, hvilken slags organisation det er.</a>"
        )
    );
    assert!(refused.text.contains("value=\"Vejle Midtby\""));
    let refused = anna
        .post_form(
            "/organisationer/ny",
            &[
                ("name", "Vejle Midtby"),
                ("kind", "town_partnership"),
                ("municipality_code", ""),
            ],
        )
        .await;
    assert!(
        refused
            .text
            .contains("<a href=\"#municipality-code\">Vælg kommunen")
    );
    assert!(refused.text.contains("value=\"town_partnership\" checked"));
    // The ministry needs none.
    let ministry = anna
        .post_form(
            "/organisationer/ny",
            &[
                ("name", "Ministeriet"),
                ("kind", "ministry"),
                ("municipality_code", ""),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&ministry),
        "/organisationer/ministeriet?besked=organisation-created"
    );
    // An organisation called "Ny" does not take the address of the page that creates them.
    let ny = anna
        .post_form(
            "/organisationer/ny",
            &[
                ("name", "Ny"),
                ("kind", "other"),
                ("municipality_code", "630"),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&ny),
        "/organisationer/ny-2?besked=organisation-created"
    );
    // An invitation to a bad address is refused on the members page, the input kept.
    let refused = anna
        .post_form(
            "/organisationer/ministeriet/invitationer",
            &[("email", "nogen@"), ("role", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let main = main_of(&refused.text);
    assert!(main.contains("<a href=\"#email\">Skriv en gyldig e-mailadresse"));
    assert!(main.contains("<a href=\"#role-owner\">Vælg en rolle"));
    assert!(main.contains("value=\"nogen@\""));
}

async fn the_last_owner_is_told_why_they_can_neither_leave_nor_step_down(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let anna = registered(&app, "anna@svendborg.dk", "Anna").await;
    let created = anna
        .post_form(
            "/organisationer/ny",
            &[
                ("name", "Svendborg Centrum"),
                ("kind", "city_management"),
                ("municipality_code", "479"),
            ],
        )
        .await;
    assert!(created.status.is_redirection());
    let members = anna
        .get("/organisationer/svendborg-centrum/medlemmer")
        .await;
    let my_id = members
        .text
        .split_once("/medlemmer/")
        .and_then(|(_, rest)| rest.split_once("/rolle"))
        .map(|(id, _)| id.to_owned())
        .expect("a role form for Anna");
    let demote = anna
        .post_form(
            &format!("/organisationer/svendborg-centrum/medlemmer/{my_id}/rolle"),
            &[("role", "editor")],
        )
        .await;
    assert_eq!(demote.status, StatusCode::CONFLICT);
    assert!(
        demote
            .text
            .contains("Organisationen skal have mindst én ejer")
    );
    assert!(demote.text.contains("class=\"error-summary\""));
    let leave = anna
        .post_form("/organisationer/svendborg-centrum/forlad", &[])
        .await;
    assert_eq!(leave.status, StatusCode::CONFLICT);
    assert!(leave.text.contains("Gør et andet medlem til ejer først."));

    // With a second owner she may go.
    let bo = registered(&app, "bo@svendborg.dk", "Bo").await;
    anna.post_form(
        "/organisationer/svendborg-centrum/invitationer",
        &[("email", "bo@svendborg.dk"), ("role", "owner")],
    )
    .await;
    let invitation = app.last_email_to("bo@svendborg.dk").await;
    let accepted = bo
        .post_form("/invitations/accept", &[("token", &invitation.token())])
        .await;
    assert!(accepted.status.is_redirection());
    let left = anna
        .post_form("/organisationer/svendborg-centrum/forlad", &[])
        .await;
    assert_eq!(
        PageClient::location(&left),
        "/min-side?besked=left-organisation"
    );
    let gone = anna
        .get("/organisationer/svendborg-centrum/medlemmer")
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

async fn a_person_changes_settings_and_password_and_logs_out_everywhere(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let anna = registered(&app, "anna@odense.dk", "Anna").await;
    let form = anna.get("/min-side/indstillinger").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.text.contains("value=\"daily\" checked"),
        "the default frequency"
    );
    let saved = anna
        .post_form(
            "/min-side/indstillinger",
            &[
                ("name", "Anna Ø"),
                ("locale", "en"),
                ("email_frequency", "weekly"),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&saved),
        "/min-side?besked=settings-saved"
    );
    let mine = anna.follow(&saved).await;
    assert!(
        mine.text.contains("<html lang=\"en\">"),
        "the pages follow the new language"
    );
    assert!(mine.text.contains("Your settings are saved."));
    assert!(mine.text.contains("Anna Ø"));
    assert!(mine.text.contains("Weekly"));
    let refused = anna
        .post_form(
            "/min-side/indstillinger",
            &[
                ("name", ""),
                ("locale", "fr"),
                ("email_frequency", "hourly"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in ["#name", "#locale-da", "#email-frequency-immediate"] {
        assert!(refused.text.contains(&format!("<a href=\"{id}\">")), "{id}");
    }

    // A wrong current password changes nothing; a right one logs her out everywhere.
    let second = app.page_client("da");
    second.log_in("anna@odense.dk", PASSWORD).await;
    let wrong = anna
        .post_form(
            "/min-side/adgangskode",
            &[
                ("current_password", "ikke den rigtige"),
                ("new_password", "en ny lang sætning her"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("#current-password"));
    let changed = anna
        .post_form(
            "/min-side/adgangskode",
            &[
                ("current_password", PASSWORD),
                ("new_password", "en ny lang sætning her"),
            ],
        )
        .await;
    assert_eq!(
        PageClient::location(&changed),
        "/log-ind?next=/min-side&besked=password-changed"
    );
    assert!(anna.get("/min-side").await.status.is_redirection());
    assert!(
        second.get("/min-side").await.status.is_redirection(),
        "the other device too"
    );

    // Log out everywhere from Min side.
    let again = anna
        .log_in("anna@odense.dk", "en ny lang sætning her")
        .await;
    assert!(again.status.is_redirection());
    second
        .log_in("anna@odense.dk", "en ny lang sætning her")
        .await;
    let out = anna.post_form("/min-side/log-ud-overalt", &[]).await;
    assert_eq!(PageClient::location(&out), "/?besked=logged-out-everywhere");
    assert!(second.get("/min-side").await.status.is_redirection());
}

async fn too_many_log_in_attempts_are_refused_on_the_page_as_in_the_api(backend: TestBackend) {
    let app = spawn_app_with(backend, "[rate_limits]\nper_account = 2\n").await;
    let browser = app.page_client("da");
    for _ in 0..2 {
        let wrong = browser
            .log_in("nogen@aarhus.dk", "forkert adgangskode")
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let limited = browser
        .log_in("nogen@aarhus.dk", "forkert adgangskode")
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.header("retry-after").is_some());
    assert!(limited.text.contains("Vent lidt, før du prøver igen."));
    assert!(limited.text.contains("value=\"nogen@aarhus.dk\""));
}
