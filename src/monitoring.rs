//! Prometheus metrics on a listener of their own (`metrics.addr`), so that the public side
//! never shows them: requests by matched route and status, their latencies, the outbox and
//! the database pool.
//!
//! Requests are counted by the `metrics` recorder of the process; the state of the outbox and
//! the pool is read from this process's store at each scrape.

use std::fmt::Write as _;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::app::AppState;

const REQUESTS: &str = "bymidter_http_requests_total";
const DURATION: &str = "bymidter_http_request_duration_seconds";
/// Seconds; the last bucket is the default request timeout.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed the first time a metrics listener starts; until then the
/// counters cost nothing.
fn recorder() -> &'static PrometheusHandle {
    RECORDER.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(DURATION.to_owned()), BUCKETS)
            .expect("the bucket list is not empty")
            .build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; request metrics stay empty");
        }
        metrics::describe_counter!(
            REQUESTS,
            "HTTP requests answered, by method, matched route and status"
        );
        metrics::describe_histogram!(
            DURATION,
            metrics::Unit::Seconds,
            "Time to answer an HTTP request, by method and matched route"
        );
        handle
    })
}

/// Counts the request by method, route template (`/api/v1/collaborations/{id}`, never the raw
/// path) and status, and records how long the answer took.
pub async fn record_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = match *req.method() {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!(DURATION, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Binds the metrics listener when `metrics.addr` is set.
pub async fn bind(state: &AppState) -> anyhow::Result<Option<TcpListener>> {
    let Some(addr) = state.config.metrics.listen_addr()? else {
        return Ok(None);
    };
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen for metrics on {addr}: {e}"))?;
    recorder();
    Ok(Some(listener))
}

/// Serves `GET /metrics` on `listener` until `stop`, draining the latency histograms
/// regularly so that they do not grow between scrapes.
pub async fn serve(state: AppState, listener: TcpListener, stop: CancellationToken) {
    let upkeep_stop = stop.clone();
    let upkeep = tokio::spawn(async move {
        loop {
            tokio::select! {
                () = upkeep_stop.cancelled() => break,
                () = tokio::time::sleep(Duration::from_secs(5)) => recorder().run_upkeep(),
            }
        }
    });
    let router = Router::new()
        .route("/metrics", get(scrape))
        .with_state(state);
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(stop.cancelled_owned())
        .await
    {
        tracing::error!(error = %e, "the metrics listener failed");
    }
    upkeep.abort();
}

async fn scrape(State(state): State<AppState>) -> Response {
    let handle = recorder();
    handle.run_upkeep();
    let mut body = handle.render();
    body.push_str(&state_gauges(&state).await);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response()
}

/// The outbox and the pool as they are now, in the text format.
async fn state_gauges(state: &AppState) -> String {
    let mut out = String::new();
    let pool = state.store.pool_stats();
    let counts = async { state.store.read().await?.outbox_counts().await };
    let counts = tokio::time::timeout(Duration::from_secs(3), counts).await;
    let counts = match counts {
        Ok(Ok(c)) => Some(c),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: reading the outbox failed");
            None
        }
        Err(_) => {
            tracing::warn!("metrics: reading the outbox timed out");
            None
        }
    };
    gauge(
        &mut out,
        "bymidter_database_up",
        "1 when the database answered this scrape, else 0",
        &[("", i64::from(counts.is_some()))],
    );
    if let Some(c) = counts {
        gauge(
            &mut out,
            "bymidter_outbox_pending",
            "Emails waiting in the outbox to be sent, retries included",
            &[("", c.pending)],
        );
        gauge(
            &mut out,
            "bymidter_outbox_dead",
            "Emails that failed their last attempt (bymidter outbox list --dead)",
            &[("", c.dead)],
        );
    }
    gauge(
        &mut out,
        "bymidter_db_pool_connections",
        "Open database connections of this process, by state",
        &[
            (
                "state=\"in_use\"",
                i64::from(pool.open.saturating_sub(pool.idle)),
            ),
            ("state=\"idle\"", i64::from(pool.idle)),
        ],
    );
    gauge(
        &mut out,
        "bymidter_db_pool_max_connections",
        "The most database connections this process opens",
        &[("", i64::from(pool.max))],
    );
    out
}

fn gauge(out: &mut String, name: &str, help: &str, samples: &[(&str, i64)]) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
    for (labels, value) in samples {
        if labels.is_empty() {
            let _ = writeln!(out, "{name} {value}");
        } else {
            let _ = writeln!(out, "{name}{{{labels}}} {value}");
        }
    }
}
