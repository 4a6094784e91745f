//! The notification worker: turns due notifications into emails in the outbox (immediately, or
//! as daily and weekly digests at the configured hour, Europe/Copenhagen), and sends the yearly
//! "is your record still right?" reminders. Every step is one transaction, so a notification's
//! email is queued exactly once, whichever process (or how many) runs the worker.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};
use chrono_tz::Europe::Copenhagen;
use serde_json::{Value, json};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::tokens::{Grant, LinkSigner};
use super::{Kind, title};
use crate::app::AppState;
use crate::i18n::Locale;
use crate::mail::templates::{DigestEmail, Email, NotificationEmail, ReviewEmail};
use crate::mail::{self, Queued, link};
use crate::store::Tx;
use crate::store::notify::{Audience, Delivery, DueNotification};

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotifyReport {
    /// Single notification emails queued.
    pub immediate: usize,
    /// Digests queued.
    pub digests: usize,
    /// Collaborations whose editors were reminded to review them.
    pub reviews: usize,
}

/// Runs a round every `outbox.poll_interval_ms` until `stop` is cancelled.
pub async fn run(state: AppState, stop: CancellationToken) {
    let poll = Duration::from_millis(state.config.outbox.poll_interval_ms.max(10));
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            () = tokio::time::sleep(poll) => {}
        }
        if let Err(e) = run_once(&state, state.clock.now()).await {
            tracing::warn!(error = %e, "notification round failed");
        }
    }
    tracing::info!("notification worker stopped");
}

/// One round at `now` (the service clock): immediate emails, the digests that are due, review
/// reminders. The emails themselves are queued for sending at once, by the real clock.
pub async fn run_once(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<NotifyReport> {
    let mut report = NotifyReport::default();
    let signer = LinkSigner::new(&state.config.auth.jwt_secret);
    report.reviews = remind_reviewers(state, now).await?;
    report.immediate = send_immediate(state, &signer).await?;
    let local = now.with_timezone(&Copenhagen);
    let hour = state.config.digest.hour;
    if local.hour() >= hour {
        let period = format!("daily:{}", local.date_naive());
        report.digests += send_digests(state, &signer, "daily", &period, now).await?;
    }
    let weekday = local.weekday().number_from_monday();
    let weekly_day = state.config.digest.weekly_day;
    if weekday > weekly_day || (weekday == weekly_day && local.hour() >= hour) {
        let week = local.iso_week();
        let period = format!("weekly:{}-W{:02}", week.year(), week.week());
        report.digests += send_digests(state, &signer, "weekly", &period, now).await?;
    }
    Ok(report)
}

struct Links {
    preferences: String,
    unsubscribe: String,
    headers: Value,
}

fn links(state: &AppState, signer: &LinkSigner, user: Uuid, kind: &str) -> Links {
    let preferences = link(
        &state.config,
        "notifikationer",
        Some(&signer.sign(&Grant::Preferences { user })),
    );
    let unsubscribe = link(
        &state.config,
        "unsubscribe",
        Some(&signer.sign(&Grant::Unsubscribe {
            user,
            kind: kind.to_owned(),
        })),
    );
    // RFC 8058: the mail client may POST to the URL to unsubscribe in one click.
    let headers = json!({
        "List-Unsubscribe": format!("<{unsubscribe}>"),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    Links {
        preferences,
        unsubscribe,
        headers,
    }
}

fn absolute(state: &AppState, path: &str) -> String {
    link(&state.config, path, None)
}

fn email_for(
    state: &AppState,
    signer: &LinkSigner,
    n: &DueNotification,
) -> (Box<dyn Email>, Value) {
    let locale: Locale = n.locale.parse().unwrap_or_default();
    let l = links(state, signer, n.user_id, &n.kind);
    let email: Box<dyn Email> = if n.kind == Kind::RecordReview.as_str() {
        let data: Value = serde_json::from_str(&n.data).unwrap_or(Value::Null);
        let collaboration = data["collaboration_id"]
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .unwrap_or_default();
        Box::new(ReviewEmail {
            locale,
            name: n.name.clone(),
            collaboration: data["collaboration"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            confirm_link: link(
                &state.config,
                "samarbejder/bekraeft",
                Some(&signer.sign(&Grant::Confirm {
                    user: n.user_id,
                    collaboration,
                })),
            ),
            page_link: absolute(state, &n.url),
            preferences_link: l.preferences,
            unsubscribe_link: l.unsubscribe,
        })
    } else {
        Box::new(NotificationEmail {
            locale,
            name: n.name.clone(),
            title: title(locale, &n.kind, &n.data),
            link: absolute(state, &n.url),
            preferences_link: l.preferences,
            unsubscribe_link: l.unsubscribe,
        })
    };
    (email, l.headers)
}

async fn send_immediate(state: &AppState, signer: &LinkSigner) -> anyhow::Result<usize> {
    let mut queued = 0;
    // Bounded, so a round always ends.
    for _ in 0..100 {
        let mut tx = state.store.write().await?;
        let due = tx.claim_immediate(50).await?;
        if due.is_empty() {
            break;
        }
        for n in &due {
            let (email, headers) = email_for(state, signer, n);
            mail::enqueue(
                &mut *tx,
                &state.config,
                Queued {
                    idempotency_key: format!("notification:{}:{}", n.user_id, n.event_id),
                    to: &n.email,
                    email: email.as_ref(),
                    headers,
                },
                Utc::now(),
            )
            .await?;
            tx.mark_emailed(n.user_id, &[n.event_id]).await?;
        }
        tx.commit().await?;
        queued += due.len();
    }
    Ok(queued)
}

async fn send_digests(
    state: &AppState,
    signer: &LinkSigner,
    cadence: &str,
    period: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut sent = 0;
    for _ in 0..100 {
        let users = state
            .store
            .read()
            .await?
            .digest_users(cadence, period, 100)
            .await?;
        if users.is_empty() {
            break;
        }
        for user in users {
            let mut tx = state.store.write().await?;
            // The digest row decides which process builds it; the loser sees false.
            if !tx.start_digest(user, period, now).await? {
                continue;
            }
            let items = tx.digest_items(user, cadence).await?;
            if let Some(first) = items.first() {
                build_digest(state, signer, &mut *tx, (cadence, period), first, &items).await?;
                sent += 1;
            }
            tx.commit().await?;
        }
    }
    Ok(sent)
}

async fn build_digest(
    state: &AppState,
    signer: &LinkSigner,
    tx: &mut dyn Tx,
    (cadence, period): (&str, &str),
    reader: &DueNotification,
    items: &[DueNotification],
) -> anyhow::Result<()> {
    let locale: Locale = reader.locale.parse().unwrap_or_default();
    let mut groups: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for n in items {
        groups
            .entry(n.kind.clone())
            .or_default()
            .push((title(locale, &n.kind, &n.data), absolute(state, &n.url)));
    }
    let l = links(state, signer, reader.user_id, "digest");
    let email = DigestEmail {
        locale,
        name: reader.name.clone(),
        cadence: cadence.to_owned(),
        groups: groups
            .into_iter()
            .map(|(kind, items)| {
                (
                    locale.text(&format!("kind-{}", kind.replace('_', "-"))),
                    items,
                )
            })
            .collect(),
        preferences_link: l.preferences,
        unsubscribe_link: l.unsubscribe,
    };
    mail::enqueue(
        tx,
        &state.config,
        Queued {
            idempotency_key: format!("digest:{}:{period}", reader.user_id),
            to: &reader.email,
            email: &email,
            headers: l.headers,
        },
        Utc::now(),
    )
    .await?;
    let events: Vec<Uuid> = items.iter().map(|n| n.event_id).collect();
    tx.mark_emailed(reader.user_id, &events).await?;
    Ok(())
}

async fn remind_reviewers(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let before = now - TimeDelta::days(365);
    let stale = state
        .store
        .read()
        .await?
        .stale_collaborations(before, 100)
        .await?;
    for c in &stale {
        let mut tx = state.store.write().await?;
        let event = super::event(
            Kind::RecordReview,
            None,
            json!({"collaboration": c.title, "collaboration_id": c.id}),
            format!("/samarbejder/{}/{}", c.organisation_slug, c.slug),
            now,
        );
        tx.notify(
            &event,
            &Audience::Editors(c.organisation_id),
            Delivery::Immediately,
        )
        .await?;
        tx.mark_reminded(c.id, now).await?;
        tx.commit().await?;
    }
    Ok(stale.len())
}
