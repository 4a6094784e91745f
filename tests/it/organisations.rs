//! Organisations: a town partnership is created, brings in colleagues by invitation, changes
//! roles; another organisation sees none of it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestBackend, spawn_app};
use crate::on_both_backends;

on_both_backends!(
    a_town_partnership_brings_in_a_colleague_by_invitation,
    someone_with_an_account_accepts_an_invitation_while_logged_in,
    roles_change_and_the_last_owner_can_neither_leave_nor_be_demoted,
    the_ministry_needs_no_municipality_and_names_get_unique_slugs,
    every_organisation_endpoint_answers_each_kind_of_caller_as_it_should,
);

async fn a_town_partnership_brings_in_a_colleague_by_invitation(backend: TestBackend) {
    let app = spawn_app(backend).await;

    // Mette registers; the verification email arrives over SMTP, in Danish.
    let register = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "mette@naestved-bymidte.dk", "password": PASSWORD, "name": "Mette Hansen"}),
        )
        .await;
    assert_eq!(register.status, StatusCode::ACCEPTED);
    assert_eq!(register.json(), json!({"status": "verification_sent"}));
    let verification = app.last_email_to("mette@naestved-bymidte.dk").await;
    assert_eq!(
        verification.subject,
        "Bekræft din e-mailadresse hos bymidter"
    );
    assert!(verification.text.contains("Hej Mette Hansen"));
    let link = verification.link_with_token();
    assert!(
        link.starts_with(&format!("{}/verify-email?token=", app.base)),
        "{link}"
    );
    assert!(verification.html.contains(&format!("href=\"{link}\"")));

    // Unverified, she can log in but not create an organisation.
    let mette = app.login_as("mette@naestved-bymidte.dk").await;
    let early = app
        .post(
            "/api/v1/organizations",
            Some(&mette.token),
            &json!({"name": "Bysamarbejdet i Næstved", "kind": "town_partnership", "municipality_code": "370"}),
        )
        .await;
    assert_eq!(early.status, StatusCode::FORBIDDEN, "{}", early.text);

    // She follows the link, and now she can.
    let verified = app
        .post(
            "/api/v1/auth/verify-email",
            None,
            &json!({"token": verification.token()}),
        )
        .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text);
    let created = app
        .post(
            "/api/v1/organizations",
            Some(&mette.token),
            &json!({"name": "Bysamarbejdet i Næstved", "kind": "town_partnership", "municipality_code": "0370"}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let org = created.json();
    assert_eq!(org["slug"], "bysamarbejdet-i-naestved");
    assert_eq!(org["kind"], "town_partnership");
    assert_eq!(org["municipality_code"], "370");
    let org_id = org["id"].as_str().expect("id").to_owned();

    // She invites Jonas, who has no account, as editor.
    let invited = app
        .post(
            &format!("/api/v1/organizations/{org_id}/invitations"),
            Some(&mette.token),
            &json!({"email": "jonas@naestved-bymidte.dk", "role": "editor"}),
        )
        .await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.text);
    let invitation = app.last_email_to("jonas@naestved-bymidte.dk").await;
    assert_eq!(
        invitation.subject,
        "Invitation til Bysamarbejdet i Næstved på bymidter"
    );
    assert!(
        invitation
            .text
            .contains("Mette Hansen har inviteret dig til at være redaktør")
    );

    // Jonas registers from the link and is a member at once.
    let joined = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "jonas@naestved-bymidte.dk", "password": PASSWORD, "name": "Jonas Berg",
                    "invitation_token": invitation.token()}),
        )
        .await;
    assert_eq!(joined.status, StatusCode::ACCEPTED, "{}", joined.text);
    let jonas = app.login_as("jonas@naestved-bymidte.dk").await;
    assert_eq!(jonas.name, "Jonas Berg");
    let me = app.get_as("/api/v1/me", &jonas.token).await.json();
    assert_eq!(me["email_verified"], true);
    assert_eq!(
        me["memberships"],
        json!([{"organization_id": org_id, "organization_name": "Bysamarbejdet i Næstved", "role": "editor"}])
    );
    let members = app
        .get_as(
            &format!("/api/v1/organizations/{org_id}/members"),
            &jonas.token,
        )
        .await;
    assert_eq!(members.status, StatusCode::OK);
    let roles: Vec<(String, String)> = members
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|m| {
            (
                m["name"].as_str().unwrap_or_default().to_owned(),
                m["role"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("Jonas Berg".to_owned(), "editor".to_owned()),
            ("Mette Hansen".to_owned(), "owner".to_owned())
        ]
    );

    // The invitation link is spent.
    let again = app
        .post(
            "/api/v1/invitations/accept",
            Some(&jonas.token),
            &json!({"token": invitation.token()}),
        )
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);

    // Another organisation's owner sees none of it.
    let other = app.signup("karen@slagelse.dk", "Karen Holm").await;
    app.create_org(&other, "municipality", "Slagelse Kommune", "330")
        .await;
    let hidden = app
        .get_as(
            &format!("/api/v1/organizations/{org_id}/members"),
            &other.token,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let hidden = app
        .get_as(
            &format!("/api/v1/organizations/{org_id}/invitations"),
            &other.token,
        )
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let mine = app
        .get_as("/api/v1/organizations", &other.token)
        .await
        .json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(mine["items"][0]["name"], "Slagelse Kommune");
}

async fn someone_with_an_account_accepts_an_invitation_while_logged_in(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let owner = app.signup("ejer@roskilde.dk", "Ejer").await;
    let org = app
        .create_org(&owner, "city_management", "Roskilde Citymanagement", "265")
        .await;
    let peter = app.signup("peter@roskilde.dk", "Peter").await;

    let invite = |email: &'static str, role: &'static str| {
        let app = &app;
        let token = owner.token.clone();
        let org = org.clone();
        async move {
            app.post(
                &format!("/api/v1/organizations/{org}/invitations"),
                Some(&token),
                &json!({"email": email, "role": role}),
            )
            .await
        }
    };
    let sent = invite("Peter@Roskilde.dk", "viewer").await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let sent = sent.json();
    assert_eq!(sent["role"], "viewer");
    assert!(sent.get("token").is_none(), "the token goes only by email");
    let pending = app
        .get_as(
            &format!("/api/v1/organizations/{org}/invitations"),
            &owner.token,
        )
        .await
        .json();
    assert_eq!(pending.as_array().map(Vec::len), Some(1));

    let email = app.last_email_to("peter@roskilde.dk").await;
    let accepted = app
        .post(
            "/api/v1/invitations/accept",
            Some(&peter.token),
            &json!({"token": email.token()}),
        )
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.text);
    assert_eq!(
        accepted.json(),
        json!({"organization_id": org, "role": "viewer"})
    );
    let me = app.get_as("/api/v1/me", &peter.token).await.json();
    assert_eq!(me["memberships"][0]["role"], "viewer");
    let pending = app
        .get_as(
            &format!("/api/v1/organizations/{org}/invitations"),
            &owner.token,
        )
        .await
        .json();
    assert_eq!(pending, json!([]));

    // A member cannot be invited again.
    let twice = invite("peter@roskilde.dk", "editor").await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // A newer invitation replaces an older one; a withdrawn one stops working.
    invite("sara@roskilde.dk", "viewer").await;
    let old = app.last_email_to("sara@roskilde.dk").await;
    let newer = invite("sara@roskilde.dk", "editor").await.json();
    let new = app.last_email_to("sara@roskilde.dk").await;
    assert_ne!(old.token(), new.token());
    let sara = app.signup("sara@roskilde.dk", "Sara").await;
    let r = app
        .post(
            "/api/v1/invitations/accept",
            Some(&sara.token),
            &json!({"token": old.token()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let withdrawn = app
        .delete(
            &format!(
                "/api/v1/organizations/{org}/invitations/{}",
                newer["id"].as_str().unwrap_or_default()
            ),
            Some(&owner.token),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    let r = app
        .post(
            "/api/v1/invitations/accept",
            Some(&sara.token),
            &json!({"token": new.token()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let sara_me = app.get_as("/api/v1/me", &sara.token).await.json();
    assert_eq!(sara_me["memberships"], json!([]));
}

async fn roles_change_and_the_last_owner_can_neither_leave_nor_be_demoted(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let anna = app.signup("anna@svendborg.dk", "Anna").await;
    let org = app
        .create_org(&anna, "town_partnership", "Svendborg Bymidte", "479")
        .await;
    let bent = app
        .invite_and_join(&anna, &org, "bent@svendborg.dk", "viewer")
        .await;
    let member = |id: &str| format!("/api/v1/organizations/{org}/members/{id}");

    // Anna is the only owner: she can neither step down nor leave.
    let demote = app
        .patch(
            &member(&anna.id),
            Some(&anna.token),
            &json!({"role": "editor"}),
        )
        .await;
    assert_eq!(demote.status, StatusCode::CONFLICT);
    let detail = demote.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(detail.contains("mindst én ejer"), "{detail}");
    let leave = app.delete(&member(&anna.id), Some(&anna.token)).await;
    assert_eq!(leave.status, StatusCode::CONFLICT);

    // A viewer may not change roles or remove others.
    let r = app
        .patch(
            &member(&bent.id),
            Some(&bent.token),
            &json!({"role": "owner"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.delete(&member(&anna.id), Some(&bent.token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .patch(
            &member(&bent.id),
            Some(&anna.token),
            &json!({"role": "boss"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["errors"][0]["field"], "role");

    // Anna makes Bent an owner; then Bent may demote Anna.
    let r = app
        .patch(
            &member(&bent.id),
            Some(&anna.token),
            &json!({"role": "owner"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["role"], "owner");
    let r = app
        .patch(
            &member(&anna.id),
            Some(&bent.token),
            &json!({"role": "editor"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app.delete(&member(&bent.id), Some(&bent.token)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "Bent is the last owner now");
    let r = app.delete(&member(&bent.id), Some(&anna.token)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "an editor removes no one");

    // Anna leaves; the organisation is hidden from her now.
    let r = app.delete(&member(&anna.id), Some(&anna.token)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = app
        .get_as(&format!("/api/v1/organizations/{org}/members"), &anna.token)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let me = app.get_as("/api/v1/me", &anna.token).await.json();
    assert_eq!(me["memberships"], json!([]));

    // With a second owner, Bent may leave.
    let carl = app
        .invite_and_join(&bent, &org, "carl@svendborg.dk", "owner")
        .await;
    let r = app.delete(&member(&bent.id), Some(&bent.token)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let members = app
        .get_as(&format!("/api/v1/organizations/{org}/members"), &carl.token)
        .await
        .json();
    assert_eq!(
        members,
        json!([{"user_id": carl.id, "name": "carl", "email": "carl@svendborg.dk", "role": "owner"}])
    );
    // Someone who is not a member is not found.
    let r = app
        .patch(
            &member(&anna.id),
            Some(&carl.token),
            &json!({"role": "viewer"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn the_ministry_needs_no_municipality_and_names_get_unique_slugs(backend: TestBackend) {
    let app = spawn_app(backend).await;
    let user = app.signup("analyse@sm.dk", "Analytiker").await;
    let ministry = app
        .create_org(&user, "ministry", "Social- og Boligministeriet", "")
        .await;
    let card = app.get(&format!("/api/v1/organizations/{ministry}")).await;
    assert_eq!(card.status, StatusCode::OK);
    let card = card.json();
    assert_eq!(card["municipality_code"], Value::Null);
    assert_eq!(card["slug"], "social-og-boligministeriet");
    let again = app
        .create_org(&user, "other", "Social- og Boligministeriet", "101")
        .await;
    let card = app
        .get(&format!("/api/v1/organizations/{again}"))
        .await
        .json();
    assert_eq!(card["slug"], "social-og-boligministeriet-2");
    assert_eq!(card["municipality_code"], "101");
    let mine = app
        .get_as("/api/v1/organizations", &user.token)
        .await
        .json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(mine["next_cursor"], Value::Null);
    assert!(
        mine["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|o| o["role"] == "owner")
    );
    assert_eq!(
        app.get("/api/v1/organizations/not-an-id").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/organizations/{}", uuid::Uuid::now_v7()))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Who may do what, for each organisation endpoint: anonymous, another organisation's owner,
/// viewer, editor, analyst and admin (platform roles give no rights inside an organisation),
/// and the owner (last, as the owner's deletes succeed).
async fn every_organisation_endpoint_answers_each_kind_of_caller_as_it_should(
    backend: TestBackend,
) {
    let app = spawn_app(backend).await;
    let owner = app.signup("ejer@herning.dk", "Ejer").await;
    let org = app
        .create_org(&owner, "town_partnership", "Herning Midtby", "657")
        .await;
    let editor = app
        .invite_and_join(&owner, &org, "redaktoer@herning.dk", "editor")
        .await;
    let viewer = app
        .invite_and_join(&owner, &org, "laeser@herning.dk", "viewer")
        .await;
    let subject = app
        .invite_and_join(&owner, &org, "emne@herning.dk", "viewer")
        .await;
    let other = app.signup("ejer@ikast-brande.dk", "Anden ejer").await;
    app.create_org(&other, "municipality", "Ikast-Brande Kommune", "756")
        .await;
    let analyst = app.signup("analytiker@sm.dk", "Analytiker").await;
    app.grant(&analyst.email, "analyst").await;
    let admin = app.signup("drift@bymidter.dk", "Drift").await;
    app.grant(&admin.email, "admin").await;
    let pending = app
        .post(
            &format!("/api/v1/organizations/{org}/invitations"),
            Some(&owner.token),
            &json!({"email": "venter@herning.dk", "role": "viewer"}),
        )
        .await
        .json();
    let pending = pending["id"].as_str().expect("invitation id").to_owned();

    let actors: [(&str, Option<&str>); 7] = [
        ("anonymous", None),
        ("other owner", Some(&other.token)),
        ("viewer", Some(&viewer.token)),
        ("editor", Some(&editor.token)),
        ("analyst", Some(&analyst.token)),
        ("admin", Some(&admin.token)),
        ("owner", Some(&owner.token)),
    ];
    let base = format!("/api/v1/organizations/{org}");
    let rows: Vec<(Method, String, Option<Value>, [u16; 7])> = vec![
        (
            Method::GET,
            base.clone(),
            None,
            [200, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            format!("{base}/members"),
            None,
            [401, 404, 200, 200, 404, 404, 200],
        ),
        (
            Method::POST,
            format!("{base}/invitations"),
            Some(json!({"email": "ny@herning.dk", "role": "editor"})),
            [401, 404, 403, 403, 404, 404, 201],
        ),
        (
            Method::GET,
            format!("{base}/invitations"),
            None,
            [401, 404, 403, 403, 404, 404, 200],
        ),
        (
            Method::PATCH,
            format!("{base}/members/{}", subject.id),
            Some(json!({"role": "viewer"})),
            [401, 404, 403, 403, 404, 404, 200],
        ),
        (
            Method::DELETE,
            format!("{base}/invitations/{pending}"),
            None,
            [401, 404, 403, 403, 404, 404, 204],
        ),
        (
            Method::DELETE,
            format!("{base}/members/{}", subject.id),
            None,
            [401, 404, 403, 403, 404, 404, 204],
        ),
        (
            Method::GET,
            "/api/v1/organizations".into(),
            None,
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::POST,
            "/api/v1/organizations".into(),
            Some(json!({"name": "Ny forening", "kind": "other", "municipality_code": "657"})),
            [401, 201, 201, 201, 201, 201, 201],
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, body, expected) in &rows {
        for ((who, token), want) in actors.iter().zip(expected) {
            let reply = app
                .call(method.clone(), path, *token, body.as_ref(), &[])
                .await;
            if reply.status.as_u16() != *want {
                wrong.push(format!(
                    "{method} {path} as {who}: {} (wanted {want})",
                    reply.status
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "unexpected answers:\n{}",
        wrong.join("\n")
    );

    // Not being a member looks exactly like there being no such organisation.
    let hidden = app.get_as(&format!("{base}/members"), &other.token).await;
    let missing = app
        .get_as(
            &format!("/api/v1/organizations/{}/members", uuid::Uuid::now_v7()),
            &other.token,
        )
        .await;
    assert_eq!(hidden.text, missing.text);
    // And a member leaving is allowed to every role: the editor leaves.
    let r = app
        .delete(
            &format!("{base}/members/{}", editor.id),
            Some(&editor.token),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let _ = PASSWORD;
}
