//! The application: shared state, start-up (migrate, seed) and serving until shutdown.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::auth::jwt::JwtKeys;
use crate::auth::password::PasswordHasher;
use crate::auth::rate_limit::Refusals;
use crate::clock::Clock;
use crate::config::Config;
use crate::error::AppError;
use crate::mail::{Mailer, OutboxWorker};
use crate::store::group::WriteGroup;
use crate::store::{self, Store};

/// The most writes one group commit takes.
const GROUPED_WRITES: usize = 64;

/// What every handler and worker shares: one value, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The effective settings.
    pub config: Arc<Config>,
    /// The database.
    pub store: Arc<dyn Store>,
    /// Signs and checks access tokens.
    pub jwt: Arc<JwtKeys>,
    /// Hashes passwords under a concurrency limit.
    pub hasher: PasswordHasher,
    /// Sends email (through the outbox; handlers only queue).
    pub mailer: Arc<Mailer>,
    /// Sends what the outbox holds; `serve` runs it in the background.
    pub outbox: OutboxWorker,
    /// The time records are stamped with.
    pub clock: Clock,
    /// Rate-limit counters this process has seen over their limit.
    pub refusals: Arc<Refusals>,
    /// Writes that share a transaction with the others waiting (new collaborations).
    pub grouped_writes: WriteGroup<AppError>,
}

/// A ready-to-serve application: connected, migrated and seeded.
pub struct App {
    state: AppState,
    metrics: Option<TcpListener>,
}

impl App {
    /// Connects to the database, applies migrations and loads the reference data.
    pub async fn build(config: Config) -> anyhow::Result<App> {
        let store = store::connect(&config.database_url, config.database_max_connections).await?;
        prepare(&store).await?;
        let mailer = Arc::new(Mailer::from_config(&config)?);
        let config = Arc::new(config);
        let state = AppState {
            jwt: Arc::new(JwtKeys::new(
                &config.auth.jwt_secret,
                config.auth.access_token_ttl_secs,
            )),
            hasher: PasswordHasher::new(config.auth.hash_concurrency),
            outbox: OutboxWorker::new(store.clone(), mailer.clone(), config.clone()),
            mailer,
            config,
            clock: Clock::default(),
            refusals: Arc::default(),
            grouped_writes: WriteGroup::start(store.clone(), GROUPED_WRITES),
            store,
        };
        Ok(App {
            state,
            metrics: None,
        })
    }

    /// Binds the metrics listener when `metrics.addr` is set, for [`App::serve`] to serve;
    /// answers where it listens. Only `serve` does this, so that the other commands can run
    /// beside a running service.
    pub async fn bind_metrics(&mut self) -> anyhow::Result<Option<std::net::SocketAddr>> {
        self.metrics = crate::monitoring::bind(&self.state).await?;
        Ok(self.metrics.as_ref().and_then(|l| l.local_addr().ok()))
    }

    /// The shared state (tests drive workers through it).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves on `listener` until `shutdown` resolves; in-flight requests finish first.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let stop = CancellationToken::new();
        let worker = tokio::spawn(self.state.outbox.clone().run(stop.clone()));
        let notifier = tokio::spawn(crate::notify::worker::run(self.state.clone(), stop.clone()));
        let metrics = self.metrics.map(|listener| {
            tokio::spawn(crate::monitoring::serve(
                self.state.clone(),
                listener,
                stop.clone(),
            ))
        });
        let router = crate::http::router(self.state.clone());
        let server_stop = stop.clone();
        let server = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            server_stop.cancel();
        });
        let served = server.await.context("the HTTP server failed");
        stop.cancel();
        // The worker finishes the email it is sending (bounded by the SMTP timeout).
        let grace = Duration::from_secs(self.state.config.mail.smtp_timeout_secs + 5);
        if tokio::time::timeout(grace, worker).await.is_err() {
            tracing::warn!("the outbox worker did not stop in time");
        }
        if tokio::time::timeout(grace, notifier).await.is_err() {
            tracing::warn!("the notification worker did not stop in time");
        }
        if let Some(metrics) = metrics {
            let _ = metrics.await;
        }
        self.state.store.close().await;
        served?;
        Ok(())
    }
}

/// Migrates the database, loads the shipped reference data and brings the search index up to
/// the analyzer's version; what `bymidter migrate` does.
pub async fn prepare(store: &Arc<dyn Store>) -> anyhow::Result<()> {
    store.migrate().await?;
    crate::catalogue::seed(store).await?;
    crate::search::index::ensure_current(store).await?;
    store.optimize().await?;
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
