//! The notification benchmark (issue "follows and notifications"): one published collaboration
//! fanned out to 10,000 followers, their 10,000 immediate emails built, and a daily digest for
//! 10,000 users; time and peak memory (the process's high-water mark, reset before each phase).
//!
//! `cargo bench --bench notify` (SQLite) or `BENCH_BACKEND=postgres cargo bench --bench notify`.
//! `BENCH_FOLLOWERS` changes the 10,000.

use std::time::Instant;

use bymidter::app::App;
use bymidter::auth::extract::CurrentUser;
use bymidter::config::Config;
use bymidter::domain::vocab::PlatformRole;
use bymidter::i18n::Locale;
use bymidter::store::accounts::{NewUser, OrganisationRow};
use bymidter::store::notify::FollowRow;
use bymidter::store::registry::{CollaborationFields, RecommendationLinkRow};
use chrono::{TimeZone, Utc};
use uuid::Uuid;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn reset_peak() {
    // Linux: writing 5 resets the high-water mark to the current size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn database_url() -> String {
    match std::env::var("BENCH_BACKEND").as_deref() {
        Ok("postgres") => {
            let admin = std::env::var("BENCH_DATABASE_URL")
                .or_else(|_| std::env::var("TEST_DATABASE_URL"))
                .expect("BENCH_DATABASE_URL or TEST_DATABASE_URL");
            let name = "bymidter_bench_notify";
            let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
                .await
                .expect("admin");
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
            )))
            .execute(&mut conn)
            .await;
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                .execute(&mut conn)
                .await
                .expect("create");
            let mut url = url::Url::parse(&admin).expect("url");
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
        _ => {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join("notify.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            format!("sqlite://{}", path.display())
        }
    }
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let followers: usize = std::env::var("BENCH_FOLLOWERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let url = database_url().await;
    let data_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    let config = Config::from_toml(&format!(
        "database_url = \"{url}\"\ndata_dir = \"{}\"\n[log]\nlevel = \"error\"\n",
        data_dir.display()
    ))
    .expect("config");
    let app = App::build(config).await.expect("app");
    let state = app.state().clone();
    println!(
        "notification benchmark: {followers} followers on {}",
        url.split(':').next().unwrap_or("")
    );

    // Setup: the followers (immediate email), an organisation and a draft linked to P3.
    let now = Utc::now();
    let owner = Uuid::now_v7();
    let org = Uuid::now_v7();
    let collaboration = Uuid::now_v7();
    let mut tx = state.store.write().await.expect("write");
    for i in 0..followers {
        let id = Uuid::now_v7();
        tx.insert_user(&NewUser {
            id,
            email: format!("follower{i}@bymidter.test"),
            name: format!("Følger {i}"),
            password_hash: "unused".into(),
            locale: if i % 2 == 0 { "da" } else { "en" }.into(),
            now,
        })
        .await
        .expect("user");
        tx.set_user_verified(id, now).await.expect("verify");
        tx.set_email_frequency(id, "immediate", now)
            .await
            .expect("frequency");
        tx.follow(&FollowRow {
            id: Uuid::now_v7(),
            user_id: id,
            target_type: "recommendation".into(),
            target_id: "P3".into(),
            created_at: now,
        })
        .await
        .expect("follow");
    }
    tx.insert_user(&NewUser {
        id: owner,
        email: "owner@bymidter.test".into(),
        name: "Ejer".into(),
        password_hash: "unused".into(),
        locale: "da".into(),
        now,
    })
    .await
    .expect("owner");
    tx.set_user_verified(owner, now).await.expect("verify");
    tx.insert_organisation(&OrganisationRow {
        id: org,
        name: "Næstved Bymidte".into(),
        slug: "naestved-bymidte".into(),
        kind: "town_partnership".into(),
        municipality_code: Some("370".into()),
        created_at: now,
        updated_at: now,
    })
    .await
    .expect("org");
    tx.put_member(org, owner, "owner", now)
        .await
        .expect("member");
    let body = "Vi tog tomme butikker i brug.".to_owned();
    tx.insert_collaboration(
        collaboration,
        org,
        "bymidten",
        &CollaborationFields {
            title: "Bymidten i Næstved".into(),
            summary: body.clone(),
            description_md: body.clone(),
            description_html: body.clone(),
            description_text: body,
            town: "Næstved".into(),
            town_population: Some(43_000),
            municipality_code: "370".into(),
            organisation_model: "formal_private".into(),
            started_on: None,
            ended_on: None,
            status: "active".into(),
            website: None,
            contact: None,
            visibility: "public".into(),
            themes: vec!["2".into()],
            fee_bases: vec![],
            partner_kinds: vec![],
        },
        now,
    )
    .await
    .expect("collaboration");
    tx.put_recommendation_link(
        &RecommendationLinkRow {
            collaboration_id: collaboration,
            recommendation_code: "P3".into(),
            status: "planned".into(),
            note: String::new(),
            evidence_url: None,
            reason: None,
            created_at: now,
            updated_at: now,
        },
        owner,
    )
    .await
    .expect("link");
    tx.commit().await.expect("commit");
    let actor = CurrentUser {
        id: owner,
        email: "owner@bymidter.test".into(),
        name: "Ejer".into(),
        locale: Locale::Da,
        platform_role: PlatformRole::None,
        email_verified: true,
    };

    reset_peak();
    let base = peak_rss_kib();
    let t = Instant::now();
    bymidter::registry::collaborations::set_published(&state, &actor, collaboration, None, true)
        .await
        .expect("publish");
    let fan_out = t.elapsed();
    let fan_out_peak = peak_rss_kib().saturating_sub(base);

    reset_peak();
    let base = peak_rss_kib();
    let t = Instant::now();
    // A round takes a batch of the due emails; the worker runs rounds until none are left.
    let mut queued = 0;
    loop {
        let report = bymidter::notify::worker::run_once(&state, Utc::now())
            .await
            .expect("round");
        if report.immediate == 0 {
            break;
        }
        queued += report.immediate;
    }
    let immediate = t.elapsed();
    let immediate_peak = peak_rss_kib().saturating_sub(base);
    assert_eq!(queued, followers, "every follower's email was queued");

    // The same followers on a daily digest: a second event, then the digest hour.
    let ids: Vec<Uuid> = {
        let mut tx = state.store.read().await.expect("read");
        let mut ids = Vec::new();
        for i in 0..followers {
            if let Some(u) = tx
                .user_by_email(&format!("follower{i}@bymidter.test"))
                .await
                .expect("user")
            {
                ids.push(u.id);
            }
        }
        ids
    };
    let mut tx = state.store.write().await.expect("write");
    for id in &ids {
        tx.set_email_frequency(*id, "daily", now)
            .await
            .expect("daily");
    }
    tx.commit().await.expect("commit");
    bymidter::registry::collaborations::set_published(&state, &actor, collaboration, None, false)
        .await
        .expect("unpublish");
    bymidter::registry::collaborations::set_published(&state, &actor, collaboration, None, true)
        .await
        .expect("publish again");
    let digest_hour = Utc
        .with_ymd_and_hms(2030, 1, 2, 8, 0, 0)
        .single()
        .expect("time");
    reset_peak();
    let base = peak_rss_kib();
    let t = Instant::now();
    let mut digests = 0;
    loop {
        let report = bymidter::notify::worker::run_once(&state, digest_hour)
            .await
            .expect("round");
        if report.digests == 0 {
            break;
        }
        digests += report.digests;
    }
    let digest = t.elapsed();
    let digest_peak = peak_rss_kib().saturating_sub(base);
    assert_eq!(digests, followers, "one digest per follower");

    println!();
    println!(
        "fan-out of one publication to {followers} followers   {:>8.0} ms   peak +{:>7} KiB",
        fan_out.as_secs_f64() * 1000.0,
        fan_out_peak
    );
    println!(
        "{followers} immediate emails built into the outbox   {:>8.0} ms   peak +{:>7} KiB",
        immediate.as_secs_f64() * 1000.0,
        immediate_peak
    );
    println!(
        "daily digest for {followers} users                    {:>8.0} ms   peak +{:>7} KiB",
        digest.as_secs_f64() * 1000.0,
        digest_peak
    );
}
