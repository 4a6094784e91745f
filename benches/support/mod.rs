//! Shared by the benchmarks: a synthetic registry (organisations, collaborations, experiences,
//! links with history) written through the store, a running service, and a load driver.
//!
//! Settings (environment):
//! - `BENCH_BACKEND`: `sqlite` (default) or `postgres` (needs `BENCH_DATABASE_URL` or
//!   `TEST_DATABASE_URL`, a database the user may create databases from);
//! - `BENCH_SCALE`: 1.0 (default) = 10,000 organisations, 100,000 collaborations,
//!   300,000 experiences, 500,000 recommendation links;
//! - `BENCH_SECONDS`: length of each measured run (default 10);
//! - `BENCH_REGENERATE=1`: build the data set again even if one of this scale exists.

#![allow(dead_code)]

pub mod drill_db;
pub mod service;
#[path = "../../tests/it/helpers/smtp.rs"]
pub mod smtp;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bymidter::app::{App, AppState};
use bymidter::config::Config;
use bymidter::store::Store;
use bymidter::store::accounts::{NewUser, OrganisationRow};
use bymidter::store::registry::{
    CollaborationFields, ExperienceFields, RecommendationLinkRow, ToolboxLinkRow,
};
use chrono::{Duration as Days, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use uuid::Uuid;

/// Which database a benchmark runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Benchmark settings from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    pub backend: Backend,
    pub scale: f64,
    pub seconds: u64,
    pub regenerate: bool,
}

impl Settings {
    pub fn from_env() -> Settings {
        let backend = match std::env::var("BENCH_BACKEND").as_deref() {
            Ok("postgres") => Backend::Postgres,
            _ => Backend::Sqlite,
        };
        Settings {
            backend,
            scale: std::env::var("BENCH_SCALE")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(1.0),
            seconds: std::env::var("BENCH_SECONDS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(10),
            regenerate: std::env::var("BENCH_REGENERATE").is_ok_and(|v| v == "1"),
        }
    }

    fn count(&self, full: f64) -> usize {
        ((full * self.scale).round() as usize).max(1)
    }

    /// Organisations.
    pub fn organisations(&self) -> usize {
        self.count(10_000.0)
    }

    /// Collaborations.
    pub fn collaborations(&self) -> usize {
        self.count(100_000.0)
    }

    /// Experiences per collaboration (300,000 at full scale).
    pub fn experiences_per_collaboration(&self) -> usize {
        3
    }

    /// Recommendation links per collaboration (500,000 at full scale).
    pub fn links_per_collaboration(&self) -> usize {
        5
    }
}

/// A running service on a benchmark database.
pub struct Running {
    pub base: String,
    pub state: AppState,
    pub editor_token: String,
    pub editor_org: Uuid,
    pub sample_public: Vec<Uuid>,
    pub municipalities: Vec<String>,
}

fn database_url(settings: &Settings) -> (String, Option<(String, String)>) {
    let tag = format!("{}", (settings.scale * 1000.0).round() as u64);
    match settings.backend {
        Backend::Sqlite => {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
            let _ = std::fs::create_dir_all(&dir);
            (
                format!("sqlite://{}/registry-{tag}.db", dir.display()),
                None,
            )
        }
        Backend::Postgres => {
            let admin = std::env::var("BENCH_DATABASE_URL")
                .or_else(|_| std::env::var("TEST_DATABASE_URL"))
                .expect("BENCH_DATABASE_URL or TEST_DATABASE_URL for postgres benchmarks");
            let name = format!("bymidter_bench_{tag}");
            let mut url = url::Url::parse(&admin).expect("a postgres URL");
            url.set_path(&format!("/{name}"));
            (url.to_string(), Some((admin, name)))
        }
    }
}

async fn prepare_postgres(admin: &str, name: &str, regenerate: bool) {
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(admin)
        .await
        .expect("admin connection");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .expect("look up the bench database");
    if exists && regenerate {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE \"{name}\" WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await
        .expect("drop");
    }
    if !exists || regenerate {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await
            .expect("create");
    }
}

/// Builds (or reuses) the synthetic data set and starts the service on it.
pub async fn start(settings: &Settings) -> Running {
    let (url, pg) = database_url(settings);
    if let Some((admin, name)) = &pg {
        prepare_postgres(admin, name, settings.regenerate).await;
    } else if settings.regenerate {
        let path = url.trim_start_matches("sqlite://");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    let data_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let config = Config::from_toml(&format!(
        r#"
database_url = "{url}"
data_dir = "{}"
database_max_connections = 16
[http]
public_url = "{base}"
[rate_limits]
enabled = false
[log]
level = "error"
"#,
        data_dir.display()
    ))
    .expect("bench config");
    let app = App::build(config).await.expect("app builds");
    let state = app.state().clone();
    let (editor, editor_org) = generate(&state.store, settings).await;
    mark_reviews_reminded(&url).await;
    let editor_token = state.jwt.issue(editor).expect("token").token;
    let sample_public = sample_public(&state, 2_000).await;
    let municipalities = {
        let mut tx = state.store.read().await.expect("read");
        tx.municipalities()
            .await
            .expect("municipalities")
            .into_iter()
            .map(|m| m.code)
            .collect()
    };
    tokio::spawn(async move {
        app.serve(listener, std::future::pending())
            .await
            .expect("serves");
    });
    Running {
        base,
        state,
        editor_token,
        editor_org,
        sample_public,
        municipalities,
    }
}

/// The generated records were created "in 2021-2025", so each would be due for its yearly
/// review reminder on the first start: 100,000 emails of background work that no registry in
/// service has. They are marked as reminded, as in a registry that has been running.
async fn mark_reviews_reminded(url: &str) {
    let sql = "UPDATE collaborations SET review_reminded_at = $1 WHERE review_reminded_at IS NULL";
    let now = Utc::now();
    let marked = if url.starts_with("sqlite:") {
        let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect(url)
            .await
            .expect("connection");
        sqlx::query(sql)
            .bind(now)
            .execute(&mut conn)
            .await
            .map(|r| r.rows_affected())
    } else {
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(url)
            .await
            .expect("connection");
        sqlx::query(sql)
            .bind(now)
            .execute(&mut conn)
            .await
            .map(|r| r.rows_affected())
    };
    let marked = marked.expect("mark the review reminders as sent");
    if marked > 0 {
        eprintln!("marked {marked} generated records' review reminders as sent");
    }
}

async fn sample_public(state: &AppState, n: i64) -> Vec<Uuid> {
    sample_public_rows(&state.store, n)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// Up to `n` public, published collaborations: their ids and page paths.
pub async fn sample_public_rows(store: &Arc<dyn Store>, n: i64) -> Vec<(Uuid, String)> {
    let mut tx = store.read().await.expect("read");
    tx.list_collaborations(&Default::default(), &Default::default(), None, n)
        .await
        .expect("list")
        .into_iter()
        .map(|r| {
            let page = format!("/samarbejder/{}/{}", r.organisation_slug, r.slug);
            (r.id, page)
        })
        .collect()
}

const SUBJECTS: [&str; 16] = [
    "tomme butikker",
    "pop-up butikker",
    "gågaden",
    "torvedage",
    "julebelysning",
    "byrummet",
    "parkering",
    "handelsstandsforeningen",
    "citychefen",
    "kulturnat",
    "grønne gårde",
    "ejendomsejerne",
    "bymidteplanen",
    "lokale fødevarer",
    "cykelparkering",
    "udeservering",
];
const VERBS: [&str; 8] = [
    "genstarter",
    "samler",
    "fornyer",
    "åbner",
    "styrker",
    "afprøver",
    "flytter",
    "måler",
];
const OUTCOMES: [&str; 6] = [
    "Flere besøgende i weekenden.",
    "Færre tomme lokaler efter et år.",
    "Butikkerne holdt længere åbent.",
    "Samarbejdet med kommunen blev tættere.",
    "Ejendomsejerne betalte til fælles aktiviteter.",
    "Det lykkedes ikke at samle alle butikkerne.",
];

fn text(rng: &mut StdRng, town: &str) -> (String, String) {
    let subject = SUBJECTS[rng.random_range(0..SUBJECTS.len())];
    let verb = VERBS[rng.random_range(0..VERBS.len())];
    let title = format!("{town} {verb} {subject}");
    let body = format!(
        "I {town} arbejder handel, ejendomsejere og kommune sammen om {subject}. {} {}",
        OUTCOMES[rng.random_range(0..OUTCOMES.len())],
        OUTCOMES[rng.random_range(0..OUTCOMES.len())]
    );
    (title, body)
}

fn bar(len: usize, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len as u64);
    pb.set_style(
        ProgressStyle::with_template("{msg:>16} [{bar:40}] {pos}/{len} ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_owned());
    pb
}

/// Fills the store unless it already holds this data set; returns an editor and their org.
pub async fn generate(store: &Arc<dyn Store>, settings: &Settings) -> (Uuid, Uuid) {
    let marker_email = "bench-editor@bymidter.test";
    {
        let mut tx = store.read().await.expect("read");
        if let Some(user) = tx.user_by_email(marker_email).await.expect("lookup") {
            let org = tx.memberships_of(user.id).await.expect("memberships")[0].organisation_id;
            eprintln!("reusing the synthetic data set (BENCH_REGENERATE=1 builds it again)");
            return (user.id, org);
        }
    }
    let started = Instant::now();
    let mut rng = StdRng::seed_from_u64(2026);
    let (municipalities, recommendations, toolbox, themes) = {
        let mut tx = store.read().await.expect("read");
        (
            tx.municipalities().await.expect("municipalities"),
            tx.recommendations()
                .await
                .expect("recommendations")
                .into_iter()
                .map(|r| r.code)
                .collect::<Vec<_>>(),
            tx.toolbox_entries()
                .await
                .expect("toolbox")
                .into_iter()
                .map(|t| t.slug)
                .collect::<Vec<_>>(),
            tx.themes()
                .await
                .expect("themes")
                .into_iter()
                .map(|t| t.code)
                .collect::<Vec<_>>(),
        )
    };
    let password_hash = bymidter::auth::password::PasswordHasher::new(1)
        .hash("bench-password-not-used")
        .await
        .expect("hash");
    let epoch = Utc
        .with_ymd_and_hms(2021, 1, 1, 9, 0, 0)
        .single()
        .expect("date");
    let n_orgs = settings.organisations();
    let mut orgs = Vec::with_capacity(n_orgs);
    let pb = bar(n_orgs, "organisations");
    for chunk in (0..n_orgs).collect::<Vec<_>>().chunks(500) {
        let mut tx = store.write().await.expect("write");
        for &i in chunk {
            let user = Uuid::now_v7();
            let org = Uuid::now_v7();
            let m = &municipalities[i % municipalities.len()];
            let email = if i == 0 {
                marker_email.to_owned()
            } else {
                format!("owner{i}@bymidter.test")
            };
            tx.insert_user(&NewUser {
                id: user,
                email,
                name: format!("Ejer {i}"),
                password_hash: password_hash.clone(),
                locale: "da".into(),
                now: epoch,
            })
            .await
            .expect("user");
            tx.set_user_verified(user, epoch).await.expect("verify");
            tx.insert_organisation(&OrganisationRow {
                id: org,
                name: format!("Bysamarbejde {} {i}", m.name),
                slug: format!("bysamarbejde-{i}"),
                kind: "town_partnership".into(),
                municipality_code: Some(m.code.clone()),
                created_at: epoch,
                updated_at: epoch,
            })
            .await
            .expect("organisation");
            tx.put_member(org, user, "owner", epoch)
                .await
                .expect("owner");
            orgs.push((org, user, m.code.clone(), m.name.clone()));
        }
        tx.commit().await.expect("commit");
        pb.inc(chunk.len() as u64);
    }
    pb.finish();

    let n = settings.collaborations();
    let models = [
        "informal_private",
        "formal_private",
        "informal_public",
        "formal_public",
    ];
    let statuses = ["planned", "active", "paused", "ended"];
    let link_statuses = [
        "considered",
        "planned",
        "in_progress",
        "implemented",
        "evaluated",
        "abandoned",
    ];
    let outcomes = ["helped", "neutral", "did_not_help"];
    let pb = bar(n, "collaborations");
    for chunk in (0..n).collect::<Vec<_>>().chunks(250) {
        let mut tx = store.write().await.expect("write");
        for &i in chunk {
            let (org, owner, code, town) = &orgs[i % orgs.len()];
            let id = Uuid::now_v7();
            let created = epoch + Days::days(rng.random_range(0..1_800));
            let (title, body) = text(&mut rng, town);
            let population = (500.0 * (600.0f64).powf(rng.random::<f64>())) as i64;
            let visibility = match rng.random_range(0..100) {
                0..80 => "public",
                80..95 => "members",
                _ => "private",
            };
            let mut chosen_themes = vec![themes[rng.random_range(0..themes.len())].clone()];
            chosen_themes.push(themes[rng.random_range(0..themes.len())].clone());
            chosen_themes.sort();
            chosen_themes.dedup();
            let fields = CollaborationFields {
                title: format!("{title} {i}"),
                summary: body.clone(),
                description_md: body.clone(),
                description_html: format!("<p>{body}</p>"),
                description_text: body.clone(),
                town: town.clone(),
                town_population: Some(population),
                municipality_code: code.clone(),
                organisation_model: models[rng.random_range(0..models.len())].into(),
                started_on: Some(created.date_naive()),
                ended_on: None,
                status: statuses[rng.random_range(0..statuses.len())].into(),
                website: Some(format!("https://bysamarbejde-{i}.dk")),
                contact: Some(format!("kontakt@bysamarbejde-{i}.dk")),
                visibility: visibility.into(),
                themes: chosen_themes,
                fee_bases: vec!["flat_rate".into()],
                partner_kinds: vec!["retail".into(), "municipality".into()],
            };
            tx.insert_collaboration(id, *org, &format!("samarbejde-{i}"), &fields, created)
                .await
                .expect("collaboration");
            if rng.random_range(0..10) < 9 {
                tx.set_collaboration_state(id, None, "published", created + Days::days(7))
                    .await
                    .expect("publish");
            }
            let mut codes = recommendations.clone();
            for k in 0..settings.links_per_collaboration().min(codes.len()) {
                let code = codes.swap_remove(rng.random_range(0..codes.len()));
                // One to three steps forward, now and then abandoned; each step in the history.
                let steps = rng.random_range(1..=3);
                let first = rng.random_range(0..3);
                let mut at = created + Days::days(14 + k as i64);
                let mut final_stage = first;
                for step in 0..steps {
                    final_stage = (first + step).min(4);
                    if step + 1 == steps && rng.random_range(0..20) == 0 {
                        final_stage = 5;
                    }
                    let reason = (final_stage == 5).then_some("Ingen midler");
                    tx.record_link_history(
                        id,
                        &code,
                        Some(link_statuses[final_stage]),
                        reason,
                        *owner,
                        at,
                    )
                    .await
                    .expect("history");
                    at += Days::days(rng.random_range(30..300));
                }
                tx.put_recommendation_link(
                    &RecommendationLinkRow {
                        collaboration_id: id,
                        recommendation_code: code,
                        status: link_statuses[final_stage].into(),
                        note: String::new(),
                        evidence_url: None,
                        reason: (final_stage == 5).then(|| "Ingen midler".to_owned()),
                        created_at: created,
                        updated_at: at,
                    },
                    *owner,
                )
                .await
                .expect("link");
            }
            for t in 0..2 {
                tx.put_toolbox_link(
                    &ToolboxLinkRow {
                        collaboration_id: id,
                        toolbox_slug: toolbox[(i + t * 5) % toolbox.len()].clone(),
                        note: String::new(),
                        outcome: Some(outcomes[rng.random_range(0..outcomes.len())].into()),
                        updated_at: created,
                    },
                    *owner,
                )
                .await
                .expect("tool");
            }
            for e in 0..settings.experiences_per_collaboration() {
                let (etitle, ebody) = text(&mut rng, town);
                let eid = Uuid::now_v7();
                tx.insert_experience(
                    eid,
                    id,
                    *owner,
                    &ExperienceFields {
                        title: etitle,
                        body_md: ebody.clone(),
                        body_html: format!("<p>{ebody}</p>"),
                        body_text: ebody,
                        what_worked: OUTCOMES[e % OUTCOMES.len()].into(),
                        what_did_not: String::new(),
                        advice: String::new(),
                        is_setback: rng.random_range(0..5) == 0,
                        themes: vec![],
                    },
                    created + Days::days(60),
                )
                .await
                .expect("experience");
                tx.set_experience_state(eid, None, "published", created + Days::days(61))
                    .await
                    .expect("publish");
            }
        }
        tx.commit().await.expect("commit");
        pb.inc(chunk.len() as u64);
        // As the running service does every few minutes: statistics for tables that grew
        // (where autovacuum is off, foreign-key checks otherwise read whole tables).
        if chunk.last().is_some_and(|&i| (i + 1) % 5_000 == 0) {
            store.optimize().await.expect("optimize");
        }
    }
    pb.finish();
    eprintln!(
        "generated the data set in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    (orgs[0].1, orgs[0].0)
}

/// What a load run measured.
#[derive(Debug, Clone)]
pub struct Stats {
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub latencies_ms: Vec<f64>,
}

impl Stats {
    pub fn throughput(&self) -> f64 {
        self.requests as f64 / self.seconds
    }

    pub fn percentile(&self, p: f64) -> f64 {
        if self.latencies_ms.is_empty() {
            return f64::NAN;
        }
        let mut v = self.latencies_ms.clone();
        v.sort_by(|a, b| a.total_cmp(b));
        let idx = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
        v[idx.min(v.len() - 1)]
    }
}

/// Runs `concurrency` clients for `seconds`, each sending what `request` builds for its n-th
/// request; a response that is not 2xx counts as an error.
pub async fn load<F>(concurrency: usize, seconds: u64, request: F) -> Stats
where
    F: Fn(&reqwest::Client, u64) -> reqwest::RequestBuilder + Send + Sync + 'static,
{
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let request = Arc::new(request);
    let counter = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, request, counter, errors) = (
            client.clone(),
            request.clone(),
            counter.clone(),
            errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let t = Instant::now();
                let ok = match request(&client, n).send().await {
                    Ok(r) => {
                        let ok = r.status().is_success();
                        let _ = r.bytes().await;
                        ok
                    }
                    Err(_) => false,
                };
                latencies.push(t.elapsed().as_secs_f64() * 1000.0);
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    let mut latencies_ms = Vec::new();
    for t in tasks {
        latencies_ms.extend(t.await.expect("client task"));
    }
    Stats {
        requests: latencies_ms.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        seconds: started.elapsed().as_secs_f64(),
        latencies_ms,
    }
}

/// Prints one line of a result table.
pub fn report(name: &str, s: &Stats, health: Option<&Stats>) {
    let ratio = health.map_or(String::from("-"), |h| {
        format!("{:.0}%", 100.0 * s.throughput() / h.throughput())
    });
    println!(
        "{name:<38} {:>9.0} req/s  {:>7} of /health  p50 {:>7.2} ms  p99 {:>7.2} ms  errors {}",
        s.throughput(),
        ratio,
        s.percentile(50.0),
        s.percentile(99.0),
        s.errors
    );
}

/// Runs `concurrency` clients for `duration`, each sending what `request` builds for its n-th
/// request, named by the route it exercises; answers the figures per route. A response that is
/// not 2xx, or no response within 30 s, counts as an error.
pub async fn load_routes<F>(
    concurrency: usize,
    duration: Duration,
    request: F,
) -> std::collections::BTreeMap<&'static str, Stats>
where
    F: Fn(&reqwest::Client, u64) -> (&'static str, reqwest::RequestBuilder) + Send + Sync + 'static,
{
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let request = Arc::new(request);
    let counter = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + duration;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, request, counter) = (client.clone(), request.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut seen: Vec<(&'static str, f64, bool)> = Vec::new();
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let (route, builder) = request(&client, n);
                let t = Instant::now();
                let ok = match builder.send().await {
                    Ok(r) => {
                        let ok = r.status().is_success();
                        let _ = r.bytes().await;
                        ok
                    }
                    Err(_) => false,
                };
                seen.push((route, t.elapsed().as_secs_f64() * 1000.0, ok));
            }
            seen
        }));
    }
    let mut by_route: std::collections::BTreeMap<&'static str, Stats> = Default::default();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("client task"));
    }
    let seconds = started.elapsed().as_secs_f64();
    for (route, ms, ok) in all {
        let s = by_route.entry(route).or_insert_with(|| Stats {
            requests: 0,
            errors: 0,
            seconds,
            latencies_ms: Vec::new(),
        });
        s.requests += 1;
        s.errors += u64::from(!ok);
        s.latencies_ms.push(ms);
    }
    by_route
}

/// All routes of a run taken together.
pub fn total(by_route: &std::collections::BTreeMap<&'static str, Stats>) -> Stats {
    let mut total = Stats {
        requests: 0,
        errors: 0,
        seconds: by_route.values().map(|s| s.seconds).fold(0.0, f64::max),
        latencies_ms: Vec::new(),
    };
    for s in by_route.values() {
        total.requests += s.requests;
        total.errors += s.errors;
        total.latencies_ms.extend_from_slice(&s.latencies_ms);
    }
    total
}
