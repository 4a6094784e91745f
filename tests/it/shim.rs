//! Stand-in account helpers until the account API lands: users and organisations are made
//! through the store and tokens through the same key the service checks.
//! (The accounts branch replaces this file with helpers that go through the API.)

use bymidter::store::accounts::{NewUser, OrganisationRow};
use chrono::Utc;
use uuid::Uuid;

use crate::helpers::TestApp;

/// A logged-in user.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub name: String,
    pub token: String,
}

impl TestApp {
    /// A verified, logged-in user.
    pub async fn signup(&self, email: &str, name: &str) -> TestUser {
        let hash = self
            .state
            .hasher
            .hash("en lang og god adgangssaetning")
            .await
            .expect("hash");
        let id = Uuid::now_v7();
        let mut tx = self.state.store.write().await.expect("tx");
        tx.insert_user(&NewUser {
            id,
            email: email.to_owned(),
            name: name.to_owned(),
            password_hash: hash,
            locale: "da".into(),
            now: Utc::now() - chrono::Duration::seconds(5),
        })
        .await
        .expect("user");
        tx.set_user_verified(id, Utc::now())
            .await
            .expect("verified");
        tx.commit().await.expect("commit");
        let token = self.state.jwt.issue(id).expect("token").token;
        TestUser {
            id: id.to_string(),
            email: email.to_owned(),
            name: name.to_owned(),
            token,
        }
    }

    /// An organisation owned by `user`.
    pub async fn create_org(
        &self,
        user: &TestUser,
        kind: &str,
        name: &str,
        municipality_code: &str,
    ) -> String {
        let id = Uuid::now_v7();
        let now = Utc::now();
        let mut tx = self.state.store.write().await.expect("tx");
        tx.insert_organisation(&OrganisationRow {
            id,
            name: name.to_owned(),
            slug: bymidter::domain::Slug::from_title(name, 60).to_string(),
            kind: kind.to_owned(),
            municipality_code: Some(municipality_code.to_owned()),
            created_at: now,
            updated_at: now,
        })
        .await
        .expect("org");
        tx.put_member(id, user.id.parse().expect("uuid"), "owner", now)
            .await
            .expect("owner");
        tx.commit().await.expect("commit");
        id.to_string()
    }

    /// A new user who joins `org_id` with `role`.
    pub async fn invite_and_join(
        &self,
        _owner: &TestUser,
        org_id: &str,
        email: &str,
        role: &str,
    ) -> TestUser {
        let user = self.signup(email, email).await;
        let mut tx = self.state.store.write().await.expect("tx");
        tx.put_member(
            org_id.parse().expect("uuid"),
            user.id.parse().expect("uuid"),
            role,
            Utc::now(),
        )
        .await
        .expect("member");
        tx.commit().await.expect("commit");
        user
    }

    /// Grants a platform role.
    pub async fn grant(&self, email: &str, role: &str) {
        let mut tx = self.state.store.write().await.expect("tx");
        let user = tx
            .user_by_email(&email.to_lowercase())
            .await
            .expect("read")
            .expect("user");
        tx.set_platform_role(user.id, role, Utc::now())
            .await
            .expect("grant");
        tx.commit().await.expect("commit");
    }
}
