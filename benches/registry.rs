//! The registry benchmark (issue "collaboration registry"): fills a synthetic data set, then
//! measures against the running service, as ratios to `/health` in the same run:
//! - creating collaborations through the API with 8 concurrent clients (rate, errors);
//! - `GET /api/v1/collaborations/{id}` throughput;
//! - a filtered list of 20 (p50, p99);
//! - the uptake page (`/udbredelse`) and its figures (`/api/v1/uptake/recommendations`), by
//!   region too (issue "uptake": p99 <= 200 ms).
//!
//! `cargo bench --bench registry` (SQLite) or `BENCH_BACKEND=postgres cargo bench --bench
//! registry`; see benches/support/mod.rs for the settings.

mod support;

use rand::RngExt;
use serde_json::json;

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let settings = support::Settings::from_env();
    println!(
        "registry benchmark: {:?}, scale {}, {} s per run",
        settings.backend, settings.scale, settings.seconds
    );
    let running = support::start(&settings).await;
    let base = running.base.clone();
    let secs = settings.seconds;

    let b = base.clone();
    let health = support::load(8, secs, move |c, _| c.get(format!("{b}/health"))).await;

    let b = base.clone();
    let ids = running.sample_public.clone();
    let single = support::load(8, secs, move |c, n| {
        c.get(format!(
            "{b}/api/v1/collaborations/{}",
            ids[n as usize % ids.len()]
        ))
    })
    .await;

    let b = base.clone();
    let municipalities = running.municipalities.clone();
    let list = support::load(8, secs, move |c, n| {
        let m = &municipalities[n as usize % municipalities.len()];
        let theme = ["1", "2", "3", "4", "5"][n as usize % 5];
        c.get(format!(
            "{b}/api/v1/collaborations?municipality={m}&theme={theme}&limit=20"
        ))
    })
    .await;

    let b = base.clone();
    let uptake_page = support::load(8, secs, move |c, n| {
        let region = ["", "?region=1081", "?region=1085"][n as usize % 3];
        c.get(format!("{b}/udbredelse{region}"))
    })
    .await;

    let b = base.clone();
    let uptake_api = support::load(8, secs, move |c, n| {
        let region = ["", "?region=1082", "?region=1084"][n as usize % 3];
        c.get(format!("{b}/api/v1/uptake/recommendations{region}"))
    })
    .await;

    let b = base.clone();
    let token = running.editor_token.clone();
    let org = running.editor_org;
    let creates = support::load(8, secs, move |c, n| {
        let mut rng = rand::rng();
        c.post(format!("{b}/api/v1/organizations/{org}/collaborations"))
            .bearer_auth(&token)
            .json(&json!({
                "title": format!("Benchmark-samarbejde {n} {}", rng.random::<u32>()),
                "summary": "Oprettet af benchmarken.",
                "municipality_code": "370",
                "town": "Næstved",
                "organisation_model": "formal_private",
                "themes": ["2"],
                "visibility": "public"
            }))
    })
    .await;

    println!();
    support::report("GET /health", &health, None);
    support::report("GET /api/v1/collaborations/{id}", &single, Some(&health));
    support::report(
        "GET /api/v1/collaborations?municipality&theme",
        &list,
        Some(&health),
    );
    support::report("GET /udbredelse (page)", &uptake_page, Some(&health));
    support::report(
        "GET /api/v1/uptake/recommendations",
        &uptake_api,
        Some(&health),
    );
    support::report("POST collaborations (8 clients)", &creates, Some(&health));
    println!();
    println!(
        "targets: creates >= 1000/s on SQLite with 0 errors; single read >= 20% of /health; list p99 <= 20 ms; uptake page p99 <= 200 ms"
    );
}
