//! Search benchmark (not a test): p50/p99 of varied Danish searches with facets, of "similar
//! collaborations" and of "towns like ours", on SQLite and PostgreSQL, on a synthetic registry;
//! and the time Rust takes to count the facets of every listed document.
//!
//! ```sh
//! # Full size (100,000 collaborations, 300,000 experiences), both databases:
//! BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test \
//!     cargo bench --bench search -- --collaborations 100000
//! # Smaller, SQLite only, keeping the generated database for the next run:
//! cargo bench --bench search -- --collaborations 10000 --backend sqlite --reuse
//! ```
//!
//! Options: `--collaborations N` (default 100000; three experiences each), `--queries N`
//! (default 1000), `--backend sqlite|postgres|both` (default both when `BENCH_POSTGRES_URL` is
//! set), `--reuse` (keep and reuse the generated database: `target/bench-search-N.db`, or the
//! PostgreSQL database `bymidter_bench_N`). Times are wall-clock per call through the service's
//! own search functions (store, analysis, facets, snippets), without HTTP.

#[path = "search/generate.rs"]
mod generate;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bymidter::i18n::Locale;
use bymidter::search::params::{self, ResultType, SearchParams, Size, Sort};
use bymidter::search::{run, similar};
use bymidter::store::Store;
use bymidter::store::accounts::NewUser;
use bymidter::store::scope::Viewer;
use bymidter::store::search;
use chrono::Utc;
use generate::{Generated, Rng, Scale};
use secrecy::SecretString;
use uuid::Uuid;

struct Options {
    collaborations: usize,
    queries: usize,
    sqlite: bool,
    postgres: Option<String>,
    reuse: bool,
}

fn options() -> anyhow::Result<Options> {
    let postgres_url = std::env::var("BENCH_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    let mut o = Options {
        collaborations: 100_000,
        queries: 1_000,
        sqlite: true,
        postgres: postgres_url.clone(),
        reuse: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--collaborations" => o.collaborations = args.next().unwrap_or_default().parse()?,
            "--queries" => o.queries = args.next().unwrap_or_default().parse()?,
            "--reuse" => o.reuse = true,
            "--backend" => match args.next().as_deref() {
                Some("sqlite") => o.postgres = None,
                Some("postgres") => {
                    o.sqlite = false;
                    anyhow::ensure!(o.postgres.is_some(), "set BENCH_POSTGRES_URL");
                }
                Some("both") => {
                    anyhow::ensure!(o.postgres.is_some(), "set BENCH_POSTGRES_URL");
                }
                other => anyhow::bail!("--backend takes sqlite, postgres or both, not {other:?}"),
            },
            // cargo bench passes --bench; anything else is a mistake worth saying.
            "--bench" => {}
            other => anyhow::bail!("unknown option {other}"),
        }
    }
    Ok(o)
}

fn main() -> anyhow::Result<()> {
    let o = options()?;
    // RUST_LOG=sqlx=debug shows every statement with its time.
    bymidter::telemetry::init(&bymidter::config::LogConfig {
        level: "warn".into(),
        format: bymidter::config::LogFormat::Text,
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        if o.sqlite {
            let path = format!("target/bench-search-{}.db", o.collaborations);
            if !o.reuse {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{suffix}"));
                }
            }
            bench("SQLite", &format!("sqlite://{path}"), &o).await?;
        }
        if let Some(admin) = &o.postgres {
            let name = format!("bymidter_bench_{}", o.collaborations);
            let url = postgres_database(admin, &name, o.reuse).await?;
            bench("PostgreSQL", &url, &o).await?;
        }
        anyhow::Ok(())
    })
}

async fn postgres_database(admin: &str, name: &str, reuse: bool) -> anyhow::Result<String> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin).await?;
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut conn)
            .await?;
    if exists && !reuse {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE \"{name}\" WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await?;
    }
    if !exists || !reuse {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await?;
    }
    let mut url = url::Url::parse(admin)?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

/// What the data set holds: generated now, or found from an earlier run.
async fn data(store: &Arc<dyn Store>, o: &Options) -> anyhow::Result<Generated> {
    let mut tx = store.read().await?;
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let batch = tx.collaboration_ids(after, 10_000).await?;
        after = batch.last().copied();
        let done = batch.len() < 10_000;
        ids.extend(batch);
        if done {
            break;
        }
    }
    let municipalities = tx
        .municipalities()
        .await?
        .into_iter()
        .map(|m| m.code)
        .collect();
    drop(tx);
    if ids.len() >= o.collaborations {
        println!("  reusing {} collaborations", ids.len());
        return Ok(Generated {
            experiences: ids.len() * 3,
            collaborations: ids,
            municipalities,
        });
    }
    let started = Instant::now();
    let generated = generate::generate(
        store,
        &Scale {
            collaborations: o.collaborations,
            experiences_per_collaboration: 3,
        },
        7,
    )
    .await?;
    println!(
        "  generated {} collaborations and {} experiences in {:.1?}",
        generated.collaborations.len(),
        generated.experiences,
        started.elapsed()
    );
    Ok(generated)
}

struct Timings {
    name: &'static str,
    samples: Vec<Duration>,
    found: usize,
}

impl Timings {
    fn new(name: &'static str) -> Self {
        Timings {
            name,
            samples: Vec::new(),
            found: 0,
        }
    }

    fn print(&mut self) {
        if self.samples.is_empty() {
            return;
        }
        self.samples.sort();
        let at = |p: f64| {
            let i = ((self.samples.len() as f64 * p).ceil() as usize).clamp(1, self.samples.len());
            self.samples[i - 1]
        };
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "  {:<28} n={:<5} p50={:>7.2} ms  p95={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms  (avg hits {:.0})",
            self.name,
            self.samples.len(),
            ms(at(0.50)),
            ms(at(0.95)),
            ms(at(0.99)),
            ms(at(1.0)),
            self.found as f64 / self.samples.len() as f64
        );
    }
}

/// The facet lines of every listed document, joined as a search joins its matches' lines
/// (`facet_line_sql` in src/store/search.rs).
async fn facet_lines(url: &str) -> anyhow::Result<String> {
    use sqlx::Connection;
    let sql = format!(
        "SELECT string_agg({}, ';') FROM search_documents d WHERE d.visibility IS NOT NULL",
        search::facet_line_sql()
    );
    let lines: Option<String> = if url.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(url).await?;
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await?
    } else {
        let mut conn = sqlx::SqliteConnection::connect(url).await?;
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await?
    };
    Ok(lines.unwrap_or_default())
}

async fn bench(label: &str, url: &str, o: &Options) -> anyhow::Result<()> {
    println!("{label}: {url}");
    let store = bymidter::store::connect(&SecretString::from(url.to_owned()), 4).await?;
    bymidter::app::prepare(&store).await?;
    let generated = data(&store, o).await?;
    if url.starts_with("postgres") {
        // A database in use has statistics and visibility maps (autovacuum keeps them); a fresh
        // bulk load needs them made, or the planner takes every table for empty.
        use sqlx::Connection;
        let mut conn = sqlx::PgConnection::connect(url).await?;
        sqlx::query("VACUUM ANALYZE").execute(&mut conn).await?;
    }
    // A logged-in reader who belongs to no organisation.
    let reader = Uuid::now_v7();
    {
        let mut tx = store.write().await?;
        tx.insert_user(&NewUser {
            id: reader,
            email: format!("reader-{reader}@bymidter.invalid"),
            name: "Reader".into(),
            password_hash: "not-a-hash".into(),
            locale: "da".into(),
            now: Utc::now(),
        })
        .await?;
        tx.commit().await?;
    }
    let mut rng = Rng::new(42);
    let words = generate::queries(&mut rng, o.queries);
    let mut searches: Vec<(SearchParams, bool)> = Vec::new();
    for (i, q) in words.iter().enumerate() {
        let mut p = SearchParams {
            q: Some(q.clone()),
            ..SearchParams::default()
        };
        match rng.below(10) {
            0 => p.region = Some(["1081", "1082", "1083", "1084", "1085"][rng.below(5)].into()),
            1 => p.size = Some(Size::From4000To20000),
            2 => p.theme = Some("5".into()),
            3 => p.kind = Some(ResultType::Experience),
            4 => p.setbacks = Some(true),
            5 => p.sort = Some(Sort::Newest),
            6 => p.recommendation = Some("P3".into()),
            _ => {}
        }
        // One in ten browses by a filter alone.
        if i % 10 == 9 {
            p.q = None;
            p.municipality = Some(rng.pick(&generated.municipalities).clone());
        }
        searches.push((p, rng.chance(0.3)));
    }

    let anonymous = Viewer::anonymous();
    let logged_in = Viewer {
        user: Some(reader),
        admin: false,
    };
    // Warm the caches a little, as a running service would be.
    for (p, _) in searches.iter().take(20) {
        let mut tx = store.read().await?;
        let checked = params::check(&mut *tx, p).await?;
        run::search(&mut *tx, &anonymous, &checked).await?;
    }
    let mut all = Timings::new("search (all, with facets)");
    let mut worded = Timings::new("  with words");
    let mut browsing = Timings::new("  filters only");
    for (p, member) in &searches {
        let viewer = if *member { &logged_in } else { &anonymous };
        let started = Instant::now();
        let mut tx = store.read().await?;
        let checked = params::check(&mut *tx, p).await?;
        let results = run::search(&mut *tx, viewer, &checked).await?;
        let took = started.elapsed();
        drop(tx);
        let hits = usize::try_from(results.total).unwrap_or(0);
        all.samples.push(took);
        all.found += hits;
        let part = if p.q.is_some() {
            &mut worded
        } else {
            &mut browsing
        };
        part.samples.push(took);
        part.found += hits;
    }

    // The issue's planner: a town of 9,000, "tomme butikker", her size band.
    let mut planner = Timings::new("\"tomme butikker\", 4-20k");
    let asked = SearchParams {
        q: Some("tomme butikker".into()),
        size: Some(Size::From4000To20000),
        ..SearchParams::default()
    };
    for _ in 0..20 {
        let started = Instant::now();
        let mut tx = store.read().await?;
        let checked = params::check(&mut *tx, &asked).await?;
        let results = run::search(&mut *tx, &anonymous, &checked).await?;
        planner.samples.push(started.elapsed());
        planner.found += usize::try_from(results.total).unwrap_or(0);
    }

    // Similar collaborations of published, public ones.
    let mut visible = Vec::new();
    {
        let mut tx = store.read().await?;
        for chunk in generated.collaborations.chunks(500).take(8) {
            visible.extend(
                tx.visible_collaborations(&anonymous, chunk)
                    .await?
                    .into_iter()
                    .map(|r| r.id),
            );
        }
    }
    let mut alike = Timings::new("similar collaborations");
    for _ in 0..o.queries {
        let id = *rng.pick(&visible);
        let started = Instant::now();
        let mut tx = store.read().await?;
        let found = similar::similar(&mut *tx, None, Locale::Da, id, 5).await?;
        alike.samples.push(started.elapsed());
        alike.found += found.len();
    }
    let mut peers = Timings::new("towns like ours");
    for _ in 0..(o.queries / 5).max(1) {
        let code = rng.pick(&generated.municipalities).clone();
        let population = 2_000 + rng.below(60_000) as i64;
        let started = Instant::now();
        let mut tx = store.read().await?;
        let found = similar::peers(&mut *tx, None, Locale::Da, &code, Some(population), 5).await?;
        peers.samples.push(started.elapsed());
        peers.found += found.len();
    }
    // The facet lines of every listed document, counted as the lines of a search's matches
    // are: the part of a search for a very common word that is done in Rust.
    let lines = facet_lines(url).await?;
    let mut counting = Timings::new("facets of every document");
    for _ in 0..20 {
        let started = Instant::now();
        let counts = search::facet_counts(Some(&lines));
        counting.samples.push(started.elapsed());
        counting.found += counts
            .iter()
            .filter(|c| c.facet == "type")
            .map(|c| usize::try_from(c.count).unwrap_or(0))
            .sum::<usize>();
    }
    for t in [
        &mut all,
        &mut worded,
        &mut browsing,
        &mut planner,
        &mut alike,
        &mut peers,
        &mut counting,
    ] {
        t.print();
    }
    store.close().await;
    Ok(())
}
