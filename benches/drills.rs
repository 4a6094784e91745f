//! The production drills of issue 9: the release binary started as a child process on a fresh
//! database, driven over HTTP, with its figures printed. Not tests: run before each release.
//!
//! `cargo bench --bench drills -- DRILL`, where DRILL is one of
//! - `load`: mixed traffic (80% reads of pages and API, 15% search, 5% writes), p99 per route,
//!   throughput as a ratio to /health in the same run, memory over the run;
//! - `flood`: 200 logins/s while reads run; the reads' p99 against their baseline;
//! - `pg-restart`: PostgreSQL restarted under load (PostgreSQL only; `DRILL_PG_RESTART`);
//! - `smtp-down`: the mail server away for `DRILL_OUTAGE_SECS`; every email after, none twice;
//! - `sigkill`: the process killed during writes and sending, then started again;
//! - `sigterm`: SIGTERM under load: requests in flight finish;
//! - `two-processes`: two services on one PostgreSQL: emails and digests once, shared limits.
//!
//! Settings (environment): `DRILL_BACKEND` (`sqlite`, default, or `postgres`, created from
//! `DRILL_PG_URL`, else `TEST_DATABASE_URL`), `DRILL_SECONDS` (measured time, default 300),
//! `DRILL_SCALE` (of the benchmark data set, default 0.02: 200 organisations, 2,000
//! collaborations, 6,000 experiences), `DRILL_CLIENTS` (default 8), `DRILL_OUTAGE_SECS`
//! (default 600), `DRILL_RETRY_BASE_SECS` (the outbox's first retry delay, default 30 as
//! shipped), `DRILL_FLOOD_RATE` (default 200). `bench/run-drills.sh` runs them all.

mod support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::drill_db::{DrillDatabase, JWT_SECRET};
use support::service::{Service, ServiceSettings, free_port, quartiles, sample_memory};
use support::smtp::SmtpSink;
use support::{Backend, Stats, load_routes, total};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn backend() -> Backend {
    match std::env::var("DRILL_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

fn seconds() -> u64 {
    env_or("DRILL_SECONDS", 300)
}

fn clients() -> usize {
    env_or("DRILL_CLIENTS", 8)
}

fn scale() -> f64 {
    env_or("DRILL_SCALE", 0.02)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let drill = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_default();
    println!(
        "drill {drill}: {:?}, scale {}, {} s, {} clients, {} cores, load average {}",
        backend(),
        scale(),
        seconds(),
        clients(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );
    let passed = match drill.as_str() {
        "load" => load().await,
        "flood" => flood().await,
        "pg-restart" => pg_restart().await,
        "smtp-down" => smtp_down().await,
        "sigkill" => sigkill().await,
        "sigterm" => sigterm().await,
        "two-processes" => two_processes().await,
        _ => {
            eprintln!(
                "usage: cargo bench --bench drills -- load|flood|pg-restart|smtp-down|sigkill|sigterm|two-processes"
            );
            std::process::exit(2);
        }
    };
    println!("\n{drill}: {}", if passed { "PASS" } else { "FAIL" });
    if !passed {
        std::process::exit(1);
    }
}

/// The database, the SMTP sink and the settings of one service.
struct Stage {
    db: DrillDatabase,
    sink: SmtpSink,
    settings: ServiceSettings,
}

async fn stage(backend: Backend, drill: &str) -> Stage {
    let started = Instant::now();
    let db = DrillDatabase::create(backend, scale(), drill).await;
    println!("data set ready in {:.0} s", started.elapsed().as_secs_f64());
    let sink = SmtpSink::start();
    let settings = ServiceSettings {
        database_url: db.url.clone(),
        data_dir: db.dir.path().join("service"),
        port: free_port(),
        smtp_port: sink.port,
        jwt_secret: JWT_SECRET.to_owned(),
        env: vec![("BYMIDTER__OUTBOX__POLL_INTERVAL_MS".into(), "200".into())],
    };
    Stage { db, sink, settings }
}

const SEARCHES: [&str; 10] = [
    "tomme butikker",
    "gågaden",
    "torvedage",
    "julebelysning",
    "parkering",
    "kulturnat",
    "handelsstandsforeningen",
    "udeservering",
    "byrummet",
    "grønne gårde",
];

/// The traffic of the load drill: what the n-th request is.
#[derive(Clone)]
struct Mix {
    base: String,
    public: Arc<Vec<(Uuid, String)>>,
    municipalities: Arc<Vec<String>>,
    token: String,
    org: Uuid,
    /// Percent of requests that write (the rest of 100 minus 15% search is reads).
    writes: u64,
}

impl Mix {
    fn new(stage: &Stage, base: &str, writes: u64) -> Mix {
        Mix {
            base: base.to_owned(),
            public: Arc::new(stage.db.public.clone()),
            municipalities: Arc::new(stage.db.municipalities.clone()),
            token: stage.db.token(stage.db.editor),
            org: stage.db.editor_org,
            writes,
        }
    }

    fn request(&self, c: &reqwest::Client, n: u64) -> (&'static str, reqwest::RequestBuilder) {
        let b = &self.base;
        // A multiplicative scramble so that neighbouring n (other clients) differ in kind.
        let k = n.wrapping_mul(2_654_435_761) % 100;
        let (id, page) = &self.public[(n as usize / 7) % self.public.len()];
        let m = &self.municipalities[n as usize % self.municipalities.len()];
        if k < self.writes {
            return (
                "POST /api/v1/organizations/{id}/collaborations",
                create(c, b, &self.token, self.org, n),
            );
        }
        if k < self.writes + 15 {
            let q = SEARCHES[n as usize % SEARCHES.len()];
            return (
                "GET /api/v1/search?q",
                c.get(format!("{b}/api/v1/search")).query(&[("q", q)]),
            );
        }
        match k % 8 {
            0 | 1 => (
                "GET /api/v1/collaborations/{id}",
                c.get(format!("{b}/api/v1/collaborations/{id}")),
            ),
            2 => (
                "GET /api/v1/collaborations?municipality",
                c.get(format!(
                    "{b}/api/v1/collaborations?municipality={m}&limit=20"
                )),
            ),
            3 | 4 => ("GET /samarbejder/{org}/{slug}", c.get(format!("{b}{page}"))),
            5 => ("GET /samarbejder", c.get(format!("{b}/samarbejder"))),
            6 => (
                "GET /api/v1/recommendations",
                c.get(format!("{b}/api/v1/recommendations")),
            ),
            _ => ("GET /kommuner/{code}", c.get(format!("{b}/kommuner/{m}"))),
        }
    }
}

/// A collaboration draft with a title the checks can find (`Drill n ...`).
fn create(
    c: &reqwest::Client,
    base: &str,
    token: &str,
    org: Uuid,
    n: u64,
) -> reqwest::RequestBuilder {
    c.post(format!("{base}/api/v1/organizations/{org}/collaborations"))
        .bearer_auth(token)
        .json(&json!({
            "title": format!("Drill {n} {}", Uuid::now_v7().simple()),
            "summary": "Oprettet af en drill.",
            "municipality_code": "370",
            "town": "Næstved",
            "organisation_model": "formal_private",
            "themes": ["2"],
            "visibility": "public"
        }))
}

fn print_routes(by_route: &BTreeMap<&'static str, Stats>, health: Option<&Stats>) {
    println!(
        "{:<48} {:>8} {:>9} {:>8} {:>9} {:>9} {:>7}",
        "route", "requests", "req/s", "of /hlth", "p50 ms", "p99 ms", "errors"
    );
    for (route, s) in by_route {
        let ratio = health.map_or("-".to_owned(), |h| {
            format!("{:.1}%", 100.0 * s.throughput() / h.throughput())
        });
        println!(
            "{route:<48} {:>8} {:>9.1} {:>8} {:>9.1} {:>9.1} {:>7}",
            s.requests,
            s.throughput(),
            ratio,
            s.percentile(50.0),
            s.percentile(99.0),
            s.errors
        );
    }
}

async fn load() -> bool {
    let backend = backend();
    let stage = stage(backend, "load").await;
    let service = Service::start(&stage.settings, "service").await;
    let secs = seconds();
    let health_secs = (secs / 10).clamp(5, 30);

    let base = service.base.clone();
    let health = load_routes(clients(), Duration::from_secs(health_secs), move |c, _| {
        ("GET /health", c.get(format!("{base}/health")))
    })
    .await;
    let health = total(&health);

    let mix = Mix::new(&stage, &service.base, 5);
    let stop = CancellationToken::new();
    let memory = sample_memory(service.pid, Duration::from_secs(1), stop.clone());
    let by_route = load_routes(clients(), Duration::from_secs(secs), move |c, n| {
        mix.request(c, n)
    })
    .await;
    stop.cancel();
    let memory = memory.await.expect("memory samples");
    let all = total(&by_route);

    println!(
        "\nGET /health alone ({health_secs} s): {:.0} req/s, p99 {:.1} ms, errors {}",
        health.throughput(),
        health.percentile(99.0),
        health.errors
    );
    println!(
        "mixed traffic ({secs} s): {:.0} req/s = {:.1}% of /health, p99 {:.1} ms, errors {}\n",
        all.throughput(),
        100.0 * all.throughput() / health.throughput(),
        all.percentile(99.0),
        all.errors
    );
    print_routes(&by_route, Some(&health));
    let (first, last) = quartiles(&memory);
    let peak = memory.iter().max().copied().unwrap_or(0) as f64 / 1024.0;
    let growth = 100.0 * (last - first) / first;
    println!(
        "\nmemory (RssAnon, {} samples): first quarter {first:.1} MiB, last quarter {last:.1} MiB ({growth:+.1}%), peak {peak:.1} MiB",
        memory.len()
    );
    let flat = growth <= 10.0;
    println!(
        "targets: 0 errors ({}), memory flat: last quarter within 10% of the first ({})",
        all.errors,
        if flat { "yes" } else { "no" }
    );
    drop(service);
    stage.db.drop_database().await;
    all.errors == 0 && flat
}

async fn flood() -> bool {
    let stage = stage(backend(), "flood").await;
    let service = Service::start(&stage.settings, "service").await;
    let phase = Duration::from_secs((seconds() / 2).max(5));
    let rate: f64 = env_or("DRILL_FLOOD_RATE", 200.0);
    // Reads only: the flood is the write load here.
    let mix = Mix::new(&stage, &service.base, 0);

    let m = mix.clone();
    let baseline = load_routes(clients(), phase, move |c, n| m.request(c, n)).await;

    let flood_stop = Arc::new(AtomicBool::new(false));
    let flood = tokio::spawn(login_flood(
        service.base.clone(),
        rate,
        phase,
        stage.db.owners.clone(),
        flood_stop.clone(),
    ));
    let m = mix.clone();
    let during = load_routes(clients(), phase, move |c, n| m.request(c, n)).await;
    flood_stop.store(true, Ordering::Relaxed);
    let outcome = flood.await.expect("flood");

    println!("\nreads alone ({} s):", phase.as_secs());
    print_routes(&baseline, None);
    println!("\nreads during the flood:");
    print_routes(&during, None);
    let mut within = true;
    println!("\np99 during / p99 alone:");
    for (route, s) in &during {
        let Some(b) = baseline.get(route) else {
            continue;
        };
        let ratio = s.percentile(99.0) / b.percentile(99.0);
        within &= ratio <= 2.0;
        println!("  {route:<48} {ratio:.2}x");
    }
    let read_errors = total(&during).errors;
    println!(
        "\nlogin flood: {} sent at {rate}/s ({:.0}/s achieved): {:?}; p50 {:.0} ms, p99 {:.0} ms",
        outcome.sent,
        outcome.sent as f64 / phase.as_secs_f64(),
        outcome.statuses,
        outcome.stats.percentile(50.0),
        outcome.stats.percentile(99.0)
    );
    let timeouts = outcome.statuses.get("timeout").copied().unwrap_or(0)
        + outcome.statuses.get("error").copied().unwrap_or(0);
    let limited = outcome.statuses.get("429").copied().unwrap_or(0);
    println!(
        "targets: read p99 within 2x ({}), flood answered 429 ({limited}) not timeouts ({timeouts}), read errors {read_errors}",
        if within { "yes" } else { "no" }
    );
    drop(service);
    stage.db.drop_database().await;
    within && timeouts == 0 && limited > 0 && read_errors == 0
}

struct FloodOutcome {
    sent: u64,
    statuses: BTreeMap<String, u64>,
    stats: Stats,
}

/// Logins at `rate` per second, open loop (a new one every tick whatever the answers do),
/// half to known accounts with a wrong password, half to unknown addresses.
async fn login_flood(
    base: String,
    rate: f64,
    length: Duration,
    owners: Vec<(Uuid, String)>,
    stop: Arc<AtomicBool>,
) -> FloodOutcome {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");
    let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    let started = Instant::now();
    let mut handles = Vec::new();
    let mut n = 0usize;
    while started.elapsed() < length && !stop.load(Ordering::Relaxed) {
        ticker.tick().await;
        n += 1;
        let email = if n.is_multiple_of(2) {
            owners[n % owners.len()].1.clone()
        } else {
            format!("ukendt{n}@example.dk")
        };
        let req = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"email": email, "password": "forkert kodeord 1234"}));
        handles.push(tokio::spawn(async move {
            let t = Instant::now();
            let status = match req.send().await {
                Ok(r) => r.status().as_u16().to_string(),
                Err(e) if e.is_timeout() => "timeout".to_owned(),
                Err(_) => "error".to_owned(),
            };
            (status, t.elapsed().as_secs_f64() * 1000.0)
        }));
    }
    let mut statuses = BTreeMap::new();
    let mut latencies_ms = Vec::new();
    for h in handles {
        let (status, ms) = h.await.expect("login");
        *statuses.entry(status).or_insert(0) += 1;
        latencies_ms.push(ms);
    }
    FloodOutcome {
        sent: latencies_ms.len() as u64,
        statuses,
        stats: Stats {
            requests: latencies_ms.len() as u64,
            errors: 0,
            seconds: started.elapsed().as_secs_f64(),
            latencies_ms,
        },
    }
}

/// One request of a timed run: when it started and ended (seconds from the run's start),
/// whether it succeeded, and the collaboration it created, if it did.
#[derive(Debug, Clone)]
struct Event {
    start: f64,
    end: f64,
    ok: bool,
    created: Option<Uuid>,
}

/// Runs the mix (with `writes` percent creates) from `clients` clients until `stop`,
/// recording every request.
async fn record(mix: Mix, clients: usize, t0: Instant, stop: CancellationToken) -> Vec<Event> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let counter = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (client, mix, counter, stop) =
            (client.clone(), mix.clone(), counter.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            let mut events = Vec::new();
            while !stop.is_cancelled() {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let (route, req) = mix.request(&client, n);
                let start = t0.elapsed().as_secs_f64();
                let (ok, created) = match req.send().await {
                    Ok(r) => {
                        let ok = r.status().is_success();
                        let body: Value = r.json().await.unwrap_or(Value::Null);
                        let created = (ok && route.starts_with("POST"))
                            .then(|| body["id"].as_str().and_then(|s| s.parse().ok()))
                            .flatten();
                        (ok, created)
                    }
                    Err(_) => (false, None),
                };
                let failed = !ok;
                events.push(Event {
                    start,
                    end: t0.elapsed().as_secs_f64(),
                    ok,
                    created,
                });
                if failed {
                    // A refused connection fails at once; do not spin.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
            events
        }));
    }
    let mut events = Vec::new();
    for t in tasks {
        events.extend(t.await.expect("client"));
    }
    events
}

/// Acknowledged creates that cannot be read back (lost writes).
async fn lost_creates(base: &str, token: &str, events: &[Event]) -> (usize, usize) {
    let client = reqwest::Client::new();
    let acked: Vec<Uuid> = events.iter().filter_map(|e| e.created).collect();
    let mut lost = 0;
    for id in &acked {
        let r = client
            .get(format!("{base}/api/v1/collaborations/{id}"))
            .bearer_auth(token)
            .send()
            .await;
        if !r.is_ok_and(|r| r.status().is_success()) {
            lost += 1;
        }
    }
    (acked.len(), lost)
}

/// Drill collaborations without the rows written in the same transaction (audit, themes).
const HALF_WRITTEN: &str = "SELECT COUNT(*) FROM collaborations c WHERE c.title LIKE 'Drill %' \
     AND (NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = c.id) \
       OR NOT EXISTS (SELECT 1 FROM collaboration_themes t WHERE t.collaboration_id = c.id))";
const DRILL_ROWS: &str = "SELECT COUNT(*) FROM collaborations WHERE title LIKE 'Drill %'";

async fn pg_restart() -> bool {
    let Ok(restart) = std::env::var("DRILL_PG_RESTART") else {
        eprintln!(
            "DRILL_PG_RESTART (the command that restarts the PostgreSQL of DRILL_PG_URL) is not set; bench/run-drills.sh sets both"
        );
        return false;
    };
    let stage = stage(Backend::Postgres, "pgrestart").await;
    let service = Service::start(&stage.settings, "service").await;
    let secs = seconds().max(15) as f64;
    let mix = Mix::new(&stage, &service.base, 25);
    let t0 = Instant::now();
    let stop = CancellationToken::new();
    let run = tokio::spawn(record(mix, clients(), t0, stop.clone()));
    tokio::time::sleep(Duration::from_secs_f64(secs / 3.0)).await;
    let down = t0.elapsed().as_secs_f64();
    let status = tokio::process::Command::new("sh")
        .args(["-c", &restart])
        .status()
        .await
        .expect("restart command");
    let up = t0.elapsed().as_secs_f64();
    println!("PostgreSQL restarted ({status}) from {down:.1} s to {up:.1} s");
    tokio::time::sleep(Duration::from_secs_f64((secs - up).max(5.0))).await;
    stop.cancel();
    let events = run.await.expect("load");

    let before = events.iter().filter(|e| !e.ok && e.end < down).count();
    let during = events
        .iter()
        .filter(|e| !e.ok && e.end >= down && e.start <= up)
        .count();
    let after: Vec<&Event> = events.iter().filter(|e| !e.ok && e.start > up).collect();
    let last_error = after.iter().map(|e| e.end).fold(up, f64::max);
    let ok_after = events.iter().filter(|e| e.ok && e.start > up).count();
    let ready = reqwest::get(format!("{}/ready", service.base))
        .await
        .is_ok_and(|r| r.status().is_success());
    let (acked, lost) =
        lost_creates(&service.base, &stage.db.token(stage.db.editor), &events).await;
    let half = stage.db.count(HALF_WRITTEN).await;
    let rows = stage.db.count(DRILL_ROWS).await;
    println!(
        "requests: {} ({} ok after the restart); errors before the outage {before}, during it {during}, after it {} (the last {:.1} s after PostgreSQL was back)",
        events.len(),
        ok_after,
        after.len(),
        last_error - up
    );
    println!(
        "writes: {acked} acknowledged, {lost} of them missing, {rows} drill rows stored, {half} half-written; /ready after: {ready}; bymidter not restarted"
    );
    drop(service);
    stage.db.drop_database().await;
    before == 0 && lost == 0 && half == 0 && ready && ok_after > 0 && last_error - up < 10.0
}

/// The subject of the password reset email (generated users read Danish).
const RESET: &str = "ny adgangskode";
/// The subject of a daily digest.
const DIGEST: &str = "Dagens nyt";

/// Recipients of the emails whose subject contains `subject`, and how many each got.
fn per_recipient(sink: &SmtpSink, subject: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for m in sink.messages() {
        if !m.subject.contains(subject) {
            continue;
        }
        for to in m.envelope_to {
            *counts.entry(to.to_lowercase()).or_insert(0) += 1;
        }
    }
    counts
}

/// Asks for a password reset for each address (each answer 202 queues one email); answers
/// the addresses whose request was acknowledged.
async fn request_resets(bases: &[String], addresses: &[String]) -> Vec<String> {
    let client = reqwest::Client::new();
    let mut acked = Vec::new();
    let mut tasks = Vec::new();
    for (i, address) in addresses.iter().enumerate() {
        let req = client
            .post(format!(
                "{}/api/v1/auth/password-reset",
                bases[i % bases.len()]
            ))
            .json(&json!({"email": address}));
        let address = address.clone();
        tasks.push(tokio::spawn(async move {
            req.send()
                .await
                .is_ok_and(|r| r.status().as_u16() == 202)
                .then_some(address)
        }));
        if tasks.len() >= 16 {
            for t in tasks.drain(..) {
                acked.extend(t.await.expect("reset"));
            }
        }
    }
    for t in tasks {
        acked.extend(t.await.expect("reset"));
    }
    acked
}

/// Waits until every address has an email (or `limit` passes); answers how long it took.
async fn await_delivery(
    sink: &SmtpSink,
    subject: &str,
    addresses: &[String],
    limit: Duration,
) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        let counts = per_recipient(sink, subject);
        if addresses.iter().all(|a| counts.contains_key(a)) {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    None
}

/// (missing, sent more than once) among `addresses`, of the emails with `subject`.
fn delivery_faults(sink: &SmtpSink, subject: &str, addresses: &[String]) -> (usize, usize) {
    let counts = per_recipient(sink, subject);
    let missing = addresses
        .iter()
        .filter(|a| !counts.contains_key(*a))
        .count();
    let twice = addresses
        .iter()
        .filter(|a| counts.get(*a).is_some_and(|n| *n > 1))
        .count();
    (missing, twice)
}

async fn smtp_down() -> bool {
    let mut stage = stage(backend(), "smtpdown").await;
    let outage: u64 = env_or("DRILL_OUTAGE_SECS", 600);
    let retry_base: u64 = env_or("DRILL_RETRY_BASE_SECS", 30);
    stage
        .settings
        .set("BYMIDTER__OUTBOX__RETRY_BASE_SECS", retry_base);
    stage.settings.set("BYMIDTER__RATE_LIMITS__ENABLED", false);
    stage.settings.set("BYMIDTER__MAIL__SMTP_TIMEOUT_SECS", 5);
    let service = Service::start(&stage.settings, "service").await;
    stage.sink.stop().await;
    let addresses: Vec<String> = stage
        .db
        .owners
        .iter()
        .take(100)
        .map(|(_, e)| e.clone())
        .collect();
    let acked = request_resets(std::slice::from_ref(&service.base), &addresses).await;
    println!(
        "SMTP down; {} password resets acknowledged; waiting {outage} s",
        acked.len()
    );
    tokio::time::sleep(Duration::from_secs(outage)).await;
    stage.sink.restart();
    println!("SMTP back");
    // The next retry comes at most one backoff step (doubling from retry_base) later.
    let mut longest = retry_base;
    let mut waited = 0;
    while waited + longest <= outage {
        waited += longest;
        longest *= 2;
    }
    let took = await_delivery(
        &stage.sink,
        RESET,
        &acked,
        Duration::from_secs(longest + 60),
    )
    .await;
    // Time for a second copy to show up, if one were coming.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (missing, twice) = delivery_faults(&stage.sink, RESET, &acked);
    let dead = stage
        .db
        .count("SELECT COUNT(*) FROM outbox WHERE status = 'dead'")
        .await;
    println!(
        "after an outage of {outage} s (retry base {retry_base} s): all delivered {} after SMTP came back; {missing} missing, {twice} delivered more than once, {dead} dead",
        took.map_or("never".to_owned(), |d| format!("{:.0} s", d.as_secs_f64()))
    );
    drop(service);
    stage.db.drop_database().await;
    acked.len() == addresses.len() && missing == 0 && twice == 0 && dead == 0
}

async fn sigkill() -> bool {
    let mut stage = stage(backend(), "sigkill").await;
    stage.settings.set("BYMIDTER__RATE_LIMITS__ENABLED", false);
    // A short SMTP timeout and small batches make the lease of a dead worker's claim 60 s.
    stage.settings.set("BYMIDTER__MAIL__SMTP_TIMEOUT_SECS", 2);
    stage.settings.set("BYMIDTER__OUTBOX__BATCH_SIZE", 5);
    let mut service = Service::start(&stage.settings, "service").await;
    let secs = seconds().max(10) as f64;
    let writes = Mix::new(&stage, &service.base, 100);
    let t0 = Instant::now();
    let stop = CancellationToken::new();
    let run = tokio::spawn(record(writes, clients(), t0, stop.clone()));
    let addresses: Vec<String> = stage.db.owners.iter().map(|(_, e)| e.clone()).collect();
    let base = service.base.clone();
    let resets = tokio::spawn(async move { request_resets(&[base], &addresses).await });
    tokio::time::sleep(Duration::from_secs_f64(secs / 2.0)).await;
    let killed_at = t0.elapsed().as_secs_f64();
    let sent_before = stage.sink.messages().len();
    service.signal("KILL");
    let code = service.wait().await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.cancel();
    let events = run.await.expect("writes");
    let acked_resets = resets.await.expect("resets");
    println!(
        "killed at {killed_at:.1} s (exit {code:?}); {} emails had arrived; {} resets acknowledged",
        sent_before,
        acked_resets.len()
    );

    let restarted = Instant::now();
    let service = Service::start(&stage.settings, "service-after").await;
    println!(
        "started again in {:.1} s",
        restarted.elapsed().as_secs_f64()
    );
    let (acked, lost) =
        lost_creates(&service.base, &stage.db.token(stage.db.editor), &events).await;
    let half = stage.db.count(HALF_WRITTEN).await;
    let rows = stage.db.count(DRILL_ROWS).await;
    // A claim of the killed process lapses after its lease (60 s here).
    let took = await_delivery(&stage.sink, RESET, &acked_resets, Duration::from_secs(150))
        .await
        .map(|_| restarted.elapsed());
    let (missing, twice) = delivery_faults(&stage.sink, RESET, &acked_resets);
    println!("writes: {acked} acknowledged, {lost} missing, {rows} stored, {half} half-written");
    println!(
        "emails: {} acknowledged, all delivered {}; {missing} missing, {twice} delivered twice (sent, then killed before it was marked sent)",
        acked_resets.len(),
        took.map_or("never".to_owned(), |d| format!(
            "{:.0} s after the restart",
            d.as_secs_f64()
        ))
    );
    drop(service);
    stage.db.drop_database().await;
    lost == 0 && half == 0 && missing == 0
}

async fn sigterm() -> bool {
    let stage = stage(backend(), "sigterm").await;
    let mut service = Service::start(&stage.settings, "service").await;
    let secs = seconds().max(10) as f64;
    let mix = Mix::new(&stage, &service.base, 5);
    let t0 = Instant::now();
    let stop = CancellationToken::new();
    let run = tokio::spawn(record(mix, clients(), t0, stop.clone()));
    tokio::time::sleep(Duration::from_secs_f64(secs / 2.0)).await;
    let signalled = t0.elapsed().as_secs_f64();
    service.signal("TERM");
    let code = service.wait().await;
    let exited = t0.elapsed().as_secs_f64();
    stop.cancel();
    let events = run.await.expect("load");
    let before: Vec<&Event> = events.iter().filter(|e| e.start < signalled).collect();
    let failed = before.iter().filter(|e| !e.ok).count();
    let in_flight = before.iter().filter(|e| e.end > signalled).count();
    let refused_after = events
        .iter()
        .filter(|e| e.start >= signalled && !e.ok)
        .count();
    println!(
        "SIGTERM at {signalled:.1} s; exited {:.2} s later with {code:?}",
        exited - signalled
    );
    println!(
        "{} requests started before the signal, {in_flight} of them in flight at it: {failed} failed; {refused_after} started after it were refused",
        before.len()
    );
    stage.db.drop_database().await;
    failed == 0 && code == Some(0)
}

async fn two_processes() -> bool {
    let mut stage = stage(Backend::Postgres, "twoproc").await;
    stage.settings.set("BYMIDTER__DIGEST__HOUR", 0);
    stage
        .settings
        .set("BYMIDTER__RATE_LIMITS__PER_IP", 1_000_000);
    stage.settings.set("BYMIDTER__RATE_LIMITS__PER_ACCOUNT", 10);
    let a = Service::start(&stage.settings, "service-a").await;
    let mut second = stage.settings.clone();
    second.port = free_port();
    let b = Service::start(&second, "service-b").await;
    let bases = [a.base.clone(), b.base.clone()];
    let client = reqwest::Client::new();

    // Emails: resets asked of both processes; both workers send.
    let reset_to: Vec<String> = stage
        .db
        .owners
        .iter()
        .take(100)
        .map(|(_, e)| e.clone())
        .collect();
    let acked = request_resets(&bases, &reset_to).await;
    let took = await_delivery(&stage.sink, RESET, &acked, Duration::from_secs(60)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (missing, twice) = delivery_faults(&stage.sink, RESET, &acked);
    println!(
        "emails: {} resets through both processes, delivered in {}; {missing} missing, {twice} twice",
        acked.len(),
        took.map_or("never".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()))
    );

    // Digests: followers of a municipality, one publication there, both workers due at once.
    let followers: Vec<&(Uuid, String)> = stage.db.owners.iter().skip(100).take(50).collect();
    for (i, (user, _)) in followers.iter().enumerate() {
        let r = client
            .post(format!("{}/api/v1/me/follows", bases[i % 2]))
            .bearer_auth(stage.db.token(*user))
            .json(&json!({"target_type": "municipality", "target_id": "370"}))
            .send()
            .await
            .expect("follow");
        assert!(r.status().is_success(), "follow: {}", r.status());
    }
    let token = stage.db.token(stage.db.editor);
    let created: Value = create(&client, &bases[0], &token, stage.db.editor_org, 0)
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let published = client
        .post(format!("{}/api/v1/collaborations/{id}/publish", bases[1]))
        .bearer_auth(&token)
        .send()
        .await
        .expect("publish");
    assert!(
        published.status().is_success(),
        "publish: {}",
        published.status()
    );
    let follower_addresses: Vec<String> = followers.iter().map(|(_, e)| e.clone()).collect();
    let digest_took = await_delivery(
        &stage.sink,
        DIGEST,
        &follower_addresses,
        Duration::from_secs(60),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (digest_missing, digest_twice) = delivery_faults(&stage.sink, DIGEST, &follower_addresses);
    let digests = stage.db.count("SELECT COUNT(*) FROM digests").await;
    println!(
        "digests: {} followers, delivered in {}; {digest_missing} missing, {digest_twice} twice; {digests} digest rows",
        followers.len(),
        digest_took.map_or("never".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()))
    );

    // Rate limits: 20 wrong logins for one account, alternating between the processes.
    let victim = &stage.db.owners[160].1;
    let mut statuses = Vec::new();
    for i in 0..20 {
        let r = client
            .post(format!("{}/api/v1/auth/login", bases[i % 2]))
            .json(&json!({"email": victim, "password": "forkert kodeord 1234"}))
            .send()
            .await
            .expect("login");
        statuses.push(r.status().as_u16());
    }
    let unauthorised = statuses.iter().filter(|s| **s == 401).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    println!(
        "rate limit (10 per account): 20 attempts alternating A/B: {unauthorised} x 401, {limited} x 429 ({statuses:?})"
    );
    let distinct: HashSet<u16> = statuses[10..].iter().copied().collect();
    drop((a, b));
    stage.db.drop_database().await;
    acked.len() == reset_to.len()
        && missing == 0
        && twice == 0
        && digest_missing == 0
        && digest_twice == 0
        && unauthorised == 10
        && distinct == HashSet::from([429])
}
