//! `spawn_app()`: the real application on port 0 with a fresh database, a client for it, and
//! an SMTP server on loopback that receives its email.

mod accounts;
mod page_client;
mod smtp;

// `TestUser` is for the stories of every area, not only those that name the type.
#[allow(unused_imports)]
pub use accounts::{PASSWORD, TestUser};
pub use page_client::{BROWSER_ACCEPT, PageClient, hidden, title};
pub use smtp::{ReceivedEmail, SmtpSink};

use std::time::Duration;

use bymidter::app::{App, AppState};
use bymidter::config::Config;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::oneshot;

/// Runs each named story once per backend: `on_both_backends!(story)` makes `story::sqlite`
/// and `story::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => { $(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::TestBackend::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if $crate::helpers::postgres_enabled() {
                    super::$name($crate::helpers::TestBackend::Postgres).await
                }
            }
        }
    )* };
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// Whether the PostgreSQL variant runs: `TEST_DATABASE_URL` is set. When
/// `BYMIDTER_REQUIRE_POSTGRES` is set (CI), a missing URL fails the test instead of skipping.
pub fn postgres_enabled() -> bool {
    if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        return true;
    }
    assert!(
        std::env::var("BYMIDTER_REQUIRE_POSTGRES").is_err(),
        "BYMIDTER_REQUIRE_POSTGRES is set but TEST_DATABASE_URL is not"
    );
    eprintln!("skipped: TEST_DATABASE_URL is not set, so the PostgreSQL variant does not run");
    false
}

/// A running application and a client for it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    /// The SMTP server the app sends to.
    pub smtp: SmtpSink,
    /// The base URL of the metrics listener, when the settings ask for one.
    pub metrics: Option<String>,
    dir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
    pg_database: Option<(String, String)>,
}

/// Starts the application on a fresh database with the default test settings.
pub async fn spawn_app(backend: TestBackend) -> TestApp {
    spawn_app_with(backend, "").await
}

/// Starts the application with `overrides` (TOML) over the test settings. The test settings
/// send email by SMTP to [`TestApp::smtp`], make the background outbox worker idle (tests drive
/// it with [`TestApp::run_outbox_once`]), lift the rate limits (tests of the limits lower
/// them here) and drop the minimum answer time of the account endpoints (the timing test
/// restores it).
pub async fn spawn_app_with(backend: TestBackend, overrides: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let smtp = SmtpSink::start();
    let (database_url, pg_database) = match backend {
        TestBackend::Sqlite => (format!("sqlite://{}/test.db", dir.path().display()), None),
        TestBackend::Postgres => {
            let (url, admin, name) = create_pg_database().await;
            (url, Some((admin, name)))
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let settings = format!(
        r#"
database_url = "{database_url}"
data_dir = "{data_dir}"
database_max_connections = 5
[http]
public_url = "{base}"
[log]
level = "warn"
[mail]
transport = "smtp"
smtp_host = "127.0.0.1"
smtp_port = {smtp_port}
smtp_tls = "none"
smtp_timeout_secs = 5
from = "bymidter@bymidter.test"
[auth]
min_response_ms = 0
[outbox]
poll_interval_ms = 3600000
[rate_limits]
per_ip = 1000000
per_account = 1000000
"#,
        data_dir = dir.path().display(),
        smtp_port = smtp.port,
    );
    let config = Config::from_toml_layers(&[&settings, overrides]).expect("test config");
    bymidter::telemetry::init(&config.log);
    let mut app = App::build(config).await.expect("app builds");
    let metrics = app
        .bind_metrics()
        .await
        .expect("metrics listener")
        .map(|addr| format!("http://{addr}"));
    let state = app.state().clone();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        app.serve(listener, async move {
            let _ = rx.await;
        })
        .await
        .expect("server runs");
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    TestApp {
        base,
        client,
        state,
        smtp,
        metrics,
        dir,
        shutdown: Some(tx),
        server: Some(server),
        pg_database,
    }
}

/// A fresh PostgreSQL database on the `TEST_DATABASE_URL` server, dropped with the value.
pub struct ScratchDatabase {
    pub url: String,
    admin: String,
    name: String,
}

impl ScratchDatabase {
    pub async fn create() -> ScratchDatabase {
        let (url, admin, name) = create_pg_database().await;
        ScratchDatabase { url, admin, name }
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        drop_pg_database(self.admin.clone(), self.name.clone());
    }
}

async fn create_pg_database() -> (String, String, String) {
    let admin = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let name = format!("bymidter_t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .expect("TEST_DATABASE_URL answers");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    (url.to_string(), admin, name)
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
        if let Some((admin, name)) = self.pg_database.take() {
            drop_pg_database(admin, name);
        } else {
            check_sqlite_copies(self.dir.path().join("test.db"));
        }
    }
}

/// Runs `check` on a thread and runtime of its own (Drop is synchronous) and panics on the
/// copies it finds differing from what they are made of, unless the test already failed.
fn check_copies<F>(check: F)
where
    F: std::future::Future<Output = Result<Vec<String>, String>> + Send + 'static,
{
    let stale = std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime")
            .block_on(check)
    })
    .join()
    .unwrap_or_else(|_| Err("the check panicked".to_owned()));
    if std::thread::panicking() {
        return;
    }
    match stale {
        Ok(ids) if ids.is_empty() => {}
        Ok(ids) => panic!("a copy differs from the records it is made of: {ids:?}"),
        Err(e) => panic!("checking the copies failed: {e}"),
    }
}

/// The SQLite side of [`drop_pg_database`]'s check: the search documents whose copied values
/// (migration 0012, kept by triggers) differ from the view that defines them, and the profiles
/// whose masks differ from their code lists (migration 0013). A database the test removed is
/// not checked.
fn check_sqlite_copies(path: std::path::PathBuf) {
    if std::thread::panicking() || !path.exists() {
        return;
    }
    check_copies(async move {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .read_only(true);
        let Ok(mut conn) = sqlx::ConnectOptions::connect(&options).await else {
            return Ok(Vec::new());
        };
        let migrated: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'search_document_values')",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap_or(false);
        if !migrated {
            return Ok(Vec::new());
        }
        sqlx::query_scalar::<_, String>(
            "SELECT 'search document ' || hex(d.record_id) FROM search_documents d
               JOIN search_document_values v ON v.doc = d.doc
              WHERE (d.visibility, d.organisation_id, d.is_setback, d.region_code,
                     d.municipality_code, d.organisation_model, d.status, d.town_population,
                     d.themes, d.recommendations, d.toolbox)
             IS NOT (v.visibility, v.organisation_id, v.is_setback, v.region_code,
                     v.municipality_code, v.organisation_model, v.status, v.town_population,
                     v.themes, v.recommendations, v.toolbox)
             UNION ALL
             SELECT 'profile ' || hex(p.collaboration_id) FROM collaboration_profiles p
              WHERE (p.recommendation_bits, p.toolbox_bits, p.theme_bits) IS NOT (
                    (SELECT COALESCE(sum(1 << bit), 0) FROM recommendations
                      WHERE bit < 63 AND instr(p.recommendations, ',' || code || ',') > 0),
                    (SELECT COALESCE(sum(1 << bit), 0) FROM toolbox_entries
                      WHERE bit < 63 AND instr(p.toolbox, ',' || slug || ',') > 0),
                    (SELECT COALESCE(sum(1 << bit), 0) FROM themes
                      WHERE bit < 63 AND instr(p.themes, ',' || code || ',') > 0))",
        )
        .fetch_all(&mut conn)
        .await
        .map_err(|e| e.to_string())
    });
}

/// Drops the database `name`, after counting the collaborations whose read row
/// (`collaboration_reads`, migration 0011) and the search documents whose copied values
/// (migration 0012) differ from what they are made of: the store keeps them in step on every
/// write, and each story on PostgreSQL checks that it did (see [`check_copies`]).
fn drop_pg_database(admin: String, name: String) {
    check_copies(async move {
        let connect = |url: &str| {
            let options = url.parse::<sqlx::postgres::PgConnectOptions>().map(|o| {
                sqlx::ConnectOptions::log_slow_statements(
                    o,
                    log::LevelFilter::Off,
                    Duration::from_secs(60),
                )
            });
            async move {
                match options {
                    Ok(o) => sqlx::ConnectOptions::connect(&o).await.ok(),
                    Err(_) => None,
                }
            }
        };
        let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
        url.set_path(&format!("/{name}"));
        let stale = match connect(url.as_str()).await {
            Some(mut conn) => stale_copies(&mut conn).await,
            None => Err(format!("cannot connect to {url}")),
        };
        if let Some(mut conn) = connect(&admin).await {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
            )))
            .execute(&mut conn)
            .await;
        }
        stale
    });
}

/// The collaborations whose read row differs from `collaboration_read_source`, the search
/// documents whose copies differ from `search_document_values`, and the profiles whose masks
/// differ from their code lists (migration 0013); none where the database was never migrated.
async fn stale_copies(conn: &mut sqlx::PgConnection) -> Result<Vec<String>, String> {
    let migrated: bool =
        sqlx::query_scalar("SELECT to_regclass('collaboration_reads') IS NOT NULL")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| e.to_string())?;
    if !migrated {
        return Ok(Vec::new());
    }
    // json has no equality; rows compared as jsonb compare every column. The search documents'
    // copies of their records' values (migration 0012) are checked the same way.
    sqlx::query_scalar(
        "SELECT id::text FROM (SELECT id, to_jsonb(s) AS j FROM collaboration_read_source s) s
           FULL JOIN (SELECT id, to_jsonb(r) AS j FROM collaboration_reads r) r USING (id)
          WHERE s.j IS DISTINCT FROM r.j
         UNION ALL
         SELECT 'search document ' || record_id::text FROM search_document_values v
           JOIN (SELECT record_id, to_jsonb(d) - 'kind' - 'collaboration_id' - 'experience_id'
                        - 'head' - 'terms' AS j FROM search_documents d) d USING (record_id)
          WHERE to_jsonb(v) IS DISTINCT FROM d.j
         UNION ALL
         SELECT 'profile ' || p.collaboration_id::text FROM collaboration_profiles p
          WHERE (p.recommendation_bits, p.toolbox_bits, p.theme_bits) IS DISTINCT FROM (
                (SELECT COALESCE(sum(1::bigint << bit::integer), 0)::bigint FROM recommendations
                  WHERE bit < 63 AND strpos(p.recommendations, ',' || code || ',') > 0),
                (SELECT COALESCE(sum(1::bigint << bit::integer), 0)::bigint FROM toolbox_entries
                  WHERE bit < 63 AND strpos(p.toolbox, ',' || slug || ',') > 0),
                (SELECT COALESCE(sum(1::bigint << bit::integer), 0)::bigint FROM themes
                  WHERE bit < 63 AND strpos(p.themes, ',' || code || ',') > 0))",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| e.to_string())
}

/// A response read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    /// The field names in a problem's `errors`.
    pub fn error_fields(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl TestApp {
    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request; `token` becomes a Bearer header, `body` JSON.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self.client.request(method, self.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.expect("request sent");
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body read");
        Reply {
            status,
            headers,
            text,
        }
    }

    /// GET without login.
    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None, None, &[]).await
    }

    /// GET with headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.call(Method::GET, path, None, None, headers).await
    }

    /// POST JSON as `token`'s user.
    pub async fn post_as(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.post(path, Some(token), body).await
    }

    /// PATCH JSON as `token`'s user.
    pub async fn patch_as(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.patch(path, Some(token), body).await
    }

    /// PUT JSON as `token`'s user.
    pub async fn put_as(&self, path: &str, token: &str, body: &Value) -> Reply {
        self.call(Method::PUT, path, Some(token), Some(body), &[])
            .await
    }

    /// DELETE as `token`'s user.
    pub async fn delete_as(&self, path: &str, token: &str) -> Reply {
        self.call(Method::DELETE, path, Some(token), None, &[])
            .await
    }
}
