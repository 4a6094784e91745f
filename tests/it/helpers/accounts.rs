//! People and organisations for tests, made through the API as a person would: register, read
//! the email that arrived over SMTP, follow its link, log in.

use std::time::Duration;

use bymidter::mail::outbox::RoundReport;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use super::{Reply, TestApp};
use crate::helpers::ReceivedEmail;

/// The password every test user has (long enough, not common).
pub const PASSWORD: &str = "grøn cykel ved åen 2024";

/// A registered, verified, logged-in user.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub name: String,
    /// A Bearer access token.
    pub token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// POST `body` as JSON, with `token` as Bearer when given.
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.call(Method::POST, path, token, Some(body), &[]).await
    }

    /// PATCH `body` as JSON.
    pub async fn patch(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.call(Method::PATCH, path, token, Some(body), &[]).await
    }

    /// DELETE.
    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.call(Method::DELETE, path, token, None, &[]).await
    }

    /// GET with a Bearer token.
    pub async fn get_as(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None, &[]).await
    }

    /// Sends every email that is due now, as the background worker would, and waits for it.
    pub async fn run_outbox_once(&self) -> RoundReport {
        self.state
            .outbox
            .run_once(chrono::Utc::now())
            .await
            .expect("outbox round")
    }

    /// Sends every email that would be due `later` from now (retries whose backoff has not
    /// passed yet), without waiting for the clock.
    pub async fn run_outbox_after(&self, later: Duration) -> RoundReport {
        let later = chrono::TimeDelta::from_std(later).expect("duration");
        self.state
            .outbox
            .run_once(chrono::Utc::now() + later)
            .await
            .expect("outbox round")
    }

    /// Sends what is due, then answers every email the SMTP server has received for `address`,
    /// oldest first.
    pub async fn emails_to(&self, address: &str) -> Vec<ReceivedEmail> {
        self.run_outbox_once().await;
        self.smtp
            .messages()
            .into_iter()
            .filter(|m| {
                m.envelope_to
                    .iter()
                    .any(|t| t.eq_ignore_ascii_case(address))
            })
            .collect()
    }

    /// The newest email to `address` (panics when there is none).
    pub async fn last_email_to(&self, address: &str) -> ReceivedEmail {
        self.emails_to(address)
            .await
            .pop()
            .unwrap_or_else(|| panic!("no email arrived for {address}"))
    }

    /// Logs in; answers the login reply.
    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.post(
            "/api/v1/auth/login",
            None,
            &json!({"email": email, "password": password}),
        )
        .await
    }

    /// Logs in with [`PASSWORD`] and reads /me.
    pub async fn login_as(&self, email: &str) -> TestUser {
        let login = self.login(email, PASSWORD).await;
        assert_eq!(login.status, StatusCode::OK, "login: {}", login.text);
        let login = login.json();
        let token = login["access_token"].as_str().expect("token").to_owned();
        let me = self.get_as("/api/v1/me", &token).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.text);
        let me = me.json();
        TestUser {
            id: me["id"].as_str().expect("id").to_owned(),
            email: me["email"].as_str().expect("email").to_owned(),
            name: me["name"].as_str().expect("name").to_owned(),
            token,
            refresh_token: login["refresh_token"]
                .as_str()
                .expect("refresh token")
                .to_owned(),
        }
    }

    /// Registers through the API with [`PASSWORD`], follows the verification link from the
    /// email that arrived, and logs in.
    pub async fn signup(&self, email: &str, name: &str) -> TestUser {
        let reply = self
            .post(
                "/api/v1/auth/register",
                None,
                &json!({"email": email, "password": PASSWORD, "name": name}),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::ACCEPTED,
            "register: {}",
            reply.text
        );
        let email_msg = self.last_email_to(email).await;
        let link = email_msg.link_with_token();
        assert!(link.contains("/verify-email?token="), "{link}");
        let verify = self
            .post(
                "/api/v1/auth/verify-email",
                None,
                &json!({"token": email_msg.token()}),
            )
            .await;
        assert_eq!(verify.status, StatusCode::OK, "verify: {}", verify.text);
        self.login_as(email).await
    }

    /// Creates an organisation as `user`; answers its id. An empty `municipality_code` is
    /// left out (the ministry has none).
    pub async fn create_org(
        &self,
        user: &TestUser,
        kind: &str,
        name: &str,
        municipality_code: &str,
    ) -> String {
        let mut body = json!({"name": name, "kind": kind});
        if !municipality_code.is_empty() {
            body["municipality_code"] = json!(municipality_code);
        }
        let reply = self
            .post("/api/v1/organizations", Some(&user.token), &body)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::CREATED,
            "create org: {}",
            reply.text
        );
        reply.json()["id"].as_str().expect("id").to_owned()
    }

    /// `owner` invites `email` (who has no account yet) as `role`; the invitee registers from
    /// the link in the email and joins; answers them logged in.
    pub async fn invite_and_join(
        &self,
        owner: &TestUser,
        org_id: &str,
        email: &str,
        role: &str,
    ) -> TestUser {
        let reply = self
            .post(
                &format!("/api/v1/organizations/{org_id}/invitations"),
                Some(&owner.token),
                &json!({"email": email, "role": role}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "invite: {}", reply.text);
        let invitation = self.last_email_to(email).await;
        assert!(
            invitation
                .link_with_token()
                .contains("/invitations/accept?token="),
            "{}",
            invitation.text
        );
        let name = email.split('@').next().unwrap_or("someone").to_owned();
        let register = self
            .post(
                "/api/v1/auth/register",
                None,
                &json!({
                    "email": email,
                    "password": PASSWORD,
                    "name": name,
                    "invitation_token": invitation.token(),
                }),
            )
            .await;
        assert_eq!(register.status, StatusCode::ACCEPTED, "{}", register.text);
        self.login_as(email).await
    }

    /// Gives the account `email` the platform role `role` (`admin`, `analyst`) the way
    /// `bymidter user grant` does.
    pub async fn grant(&self, email: &str, role: &str) {
        bymidter::auth::platform::grant(&self.state.store, role, email)
            .await
            .expect("grant");
    }
}
