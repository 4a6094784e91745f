//! Organisations: a town partnership is created, brings in colleagues by invitation, changes
//! roles; another organisation sees none of it.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{PASSWORD, TestBackend, spawn_app};
use crate::on_both_backends;

on_both_backends!(a_town_partnership_brings_in_a_colleague_by_invitation,);

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
    assert_eq!(verification.subject, "Bekræft din e-mailadresse hos bymidter");
    assert!(verification.text.contains("Hej Mette Hansen"));
    let link = verification.link_with_token();
    assert!(link.starts_with(&format!("{}/verify-email?token=", app.base)), "{link}");
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
        .post("/api/v1/auth/verify-email", None, &json!({"token": verification.token()}))
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
    assert_eq!(invitation.subject, "Invitation til Bysamarbejdet i Næstved på bymidter");
    assert!(invitation.text.contains("Mette Hansen har inviteret dig til at være redaktør"));

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
    let me = app.get_as("/api/v1/me", &jonas.token).await.json();
    assert_eq!(me["email_verified"], true);
    assert_eq!(
        me["memberships"],
        json!([{"organization_id": org_id, "organization_name": "Bysamarbejdet i Næstved", "role": "editor"}])
    );
    let members = app
        .get_as(&format!("/api/v1/organizations/{org_id}/members"), &jonas.token)
        .await;
    assert_eq!(members.status, StatusCode::OK);
    let roles: Vec<(String, String)> = members
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|m| (m["name"].as_str().unwrap_or_default().to_owned(), m["role"].as_str().unwrap_or_default().to_owned()))
        .collect();
    assert_eq!(
        roles,
        [("Jonas Berg".to_owned(), "editor".to_owned()), ("Mette Hansen".to_owned(), "owner".to_owned())]
    );

    // The invitation link is spent.
    let again = app
        .post("/api/v1/invitations/accept", Some(&jonas.token), &json!({"token": invitation.token()}))
        .await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST);

    // Another organisation's owner sees none of it.
    let other = app.signup("karen@slagelse.dk", "Karen Holm").await;
    app.create_org(&other, "municipality", "Slagelse Kommune", "330").await;
    let hidden = app
        .get_as(&format!("/api/v1/organizations/{org_id}/members"), &other.token)
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let hidden = app
        .get_as(&format!("/api/v1/organizations/{org_id}/invitations"), &other.token)
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let mine = app.get_as("/api/v1/organizations", &other.token).await.json();
    assert_eq!(mine["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(mine["items"][0]["name"], "Slagelse Kommune");
}
