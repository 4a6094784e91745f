//! A fresh database for one drill, filled with the synthetic registry through the store, and
//! dropped afterwards.

use std::sync::Arc;

use bymidter::auth::jwt::JwtKeys;
use bymidter::store::Store;
use secrecy::SecretString;
use tempfile::TempDir;
use uuid::Uuid;

use super::{Backend, Settings};

/// The key the drills give the service, so that they can sign tokens for its users.
pub const JWT_SECRET: &str = "drill-secret-drill-secret-drill-secret-0123";

/// A prepared database and what the drills need to know about its contents.
pub struct DrillDatabase {
    pub backend: Backend,
    pub url: String,
    /// The service's data directory (and the SQLite file).
    pub dir: TempDir,
    pub editor: Uuid,
    pub editor_org: Uuid,
    /// Owners of the other organisations: (user id, email).
    pub owners: Vec<(Uuid, String)>,
    /// Public, published collaborations: (id, page path).
    pub public: Vec<(Uuid, String)>,
    pub municipalities: Vec<String>,
    pg: Option<(String, String)>,
}

/// The PostgreSQL URL drills create their databases from.
pub fn admin_url() -> String {
    std::env::var("DRILL_PG_URL")
        .or_else(|_| std::env::var("TEST_DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

async fn admin_execute(admin: &str, sql: String) {
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(admin)
        .await
        .expect("the PostgreSQL admin URL answers");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&mut conn)
        .await
        .expect("admin statement");
}

impl DrillDatabase {
    /// Creates and fills a database named after `drill`.
    pub async fn create(backend: Backend, scale: f64, drill: &str) -> DrillDatabase {
        let dir = tempfile::Builder::new()
            .prefix(&format!("bymidter-drill-{drill}-"))
            .tempdir()
            .expect("temp dir");
        let (url, pg) = match backend {
            Backend::Sqlite => (format!("sqlite://{}/drill.db", dir.path().display()), None),
            Backend::Postgres => {
                let admin = admin_url();
                let name = format!("drill_{drill}_{}", std::process::id());
                admin_execute(
                    &admin,
                    format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                )
                .await;
                admin_execute(&admin, format!("CREATE DATABASE \"{name}\"")).await;
                let mut url = url::Url::parse(&admin).expect("a PostgreSQL URL");
                url.set_path(&format!("/{name}"));
                (url.to_string(), Some((admin, name)))
            }
        };
        let store = bymidter::store::connect(&SecretString::from(url.clone()), 8)
            .await
            .expect("connect");
        bymidter::app::prepare(&store).await.expect("migrate");
        let settings = Settings {
            backend,
            scale,
            seconds: 0,
            regenerate: true,
        };
        let (editor, editor_org) = super::generate(&store, &settings).await;
        let owners = owners(&store, settings.organisations()).await;
        let public = super::sample_public_rows(&store, 1_000).await;
        let municipalities = {
            let mut tx = store.read().await.expect("read");
            tx.municipalities()
                .await
                .expect("municipalities")
                .into_iter()
                .map(|m| m.code)
                .collect()
        };
        store.close().await;
        DrillDatabase {
            backend,
            url,
            dir,
            editor,
            editor_org,
            owners,
            public,
            municipalities,
            pg,
        }
    }

    /// An access token for `user`, valid 15 minutes.
    pub fn token(&self, user: Uuid) -> String {
        JwtKeys::new(&SecretString::from(JWT_SECRET), 900)
            .issue(user)
            .expect("token")
            .token
    }

    /// Counts rows with one SQL statement answering a single integer (same text on both
    /// dialects).
    pub async fn count(&self, sql: &str) -> i64 {
        match self.backend {
            Backend::Sqlite => {
                let pool = sqlx::SqlitePool::connect(&self.url).await.expect("sqlite");
                let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
                    .fetch_one(&pool)
                    .await
                    .expect("count");
                pool.close().await;
                n
            }
            Backend::Postgres => {
                let pool = sqlx::PgPool::connect(&self.url).await.expect("postgres");
                let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
                    .fetch_one(&pool)
                    .await
                    .expect("count");
                pool.close().await;
                n
            }
        }
    }

    /// Drops the PostgreSQL database (the temp dir goes with the value).
    pub async fn drop_database(self) {
        if let Some((admin, name)) = &self.pg {
            admin_execute(
                admin,
                format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            )
            .await;
        }
    }
}

async fn owners(store: &Arc<dyn Store>, n: usize) -> Vec<(Uuid, String)> {
    let mut tx = store.read().await.expect("read");
    let mut out = Vec::new();
    for i in 1..n {
        let email = format!("owner{i}@bymidter.test");
        if let Some(user) = tx.user_by_email(&email).await.expect("lookup") {
            out.push((user.id, email));
        }
    }
    out
}
