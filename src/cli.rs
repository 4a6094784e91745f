//! The command line: `serve` (the default), `migrate`, `config check`, `catalogue import`,
//! `user grant|revoke|export|erase`, `outbox list|retry`, `backup`, `migrate-data`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::app::{self, App};
use crate::config::Config;
use crate::i18n::Locale;

/// bymidter: the registry of Danish town-centre collaborations.
#[derive(Parser)]
#[command(name = "bymidter", version, about)]
pub struct Cli {
    /// A settings file over the embedded defaults (also BYMIDTER_CONFIG).
    #[arg(long, global = true, env = "BYMIDTER_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate, then serve the pages, the API and the background worker (the default).
    Serve,
    /// Apply the database migrations and load the shipped reference data, then exit.
    Migrate,
    /// Settings.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// The partnership's catalogue of themes, recommendations and toolbox entries.
    Catalogue {
        #[command(subcommand)]
        command: CatalogueCommand,
    },
    /// Accounts: platform roles, and a person's data (export, erasure).
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// The email outbox: what waits, what went, what died.
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// Bulk imports.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Write a consistent copy of the embedded SQLite database to a new file while the service
    /// runs, and check its integrity. To restore, point DATABASE_URL at the copy. (PostgreSQL:
    /// use pg_dump; see the README.)
    Backup {
        /// The new file (never overwritten).
        path: PathBuf,
    },
    /// Copy everything from a SQLite database into a PostgreSQL one (migrated first), verified
    /// by row counts and checksums per table; all or nothing.
    MigrateData {
        /// The SQLite database, `sqlite://PATH`.
        #[arg(long)]
        from: String,
        /// The PostgreSQL database, `postgres://...`; it must be empty but for reference data.
        #[arg(long)]
        to: String,
        /// Delete everything in the target first, instead of refusing a target with data.
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import collaborations from a CSV file as drafts of an organisation: every row is checked
    /// first and every bad one reported by line and column; then all are saved, or none.
    Collaborations {
        /// The organisation's id.
        #[arg(long)]
        organization: uuid::Uuid,
        /// Only check and report; save nothing.
        #[arg(long)]
        dry_run: bool,
        /// The CSV file (columns as in the README).
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Give an account a platform role (`admin` or `analyst`); also how the first admin is
    /// made. The person must have registered.
    Grant {
        /// `admin` or `analyst`.
        role: String,
        /// The account's email address.
        email: String,
    },
    /// Take a platform role from an account; it becomes an ordinary user.
    Revoke {
        /// `admin` or `analyst`.
        role: String,
        /// The account's email address.
        email: String,
    },
    /// Print everything the service holds about a person, as JSON (a GDPR access request).
    Export {
        /// The account's email address.
        email: String,
    },
    /// Erase a person (a GDPR erasure request): their account data, sessions, follows,
    /// notifications and email go; what they wrote stays, as "slettet bruger". Refused while
    /// they are the last owner of an organisation.
    Erase {
        /// The account's email address.
        email: String,
    },
}

#[derive(Subcommand)]
enum OutboxCommand {
    /// List the newest messages (100), or only the dead ones.
    List {
        /// Only messages that failed their last attempt.
        #[arg(long)]
        dead: bool,
    },
    /// Put a dead (or waiting) message back in the queue with fresh attempts; the running
    /// service sends it.
    Retry {
        /// The message id, as `outbox list` shows it.
        id: uuid::Uuid,
    },
}

#[derive(Subcommand)]
enum ConfigCommand {
    /// Check the settings and print the effective ones, secrets redacted.
    Check,
}

#[derive(Subcommand)]
enum CatalogueCommand {
    /// Import a catalogue file (same format as data/seed/catalogue.toml). Checked whole first;
    /// entries no longer named are retired, never deleted, so existing links keep resolving.
    Import {
        /// The catalogue file.
        file: PathBuf,
    },
}

/// Parses the arguments and runs the command; the exit code follows the result.
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref())?;
    crate::telemetry::init(&config.log);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            let store = crate::store::connect(&config.database_url, 2).await?;
            app::prepare(&store).await?;
            store.close().await;
            println!("database migrated and reference data loaded");
            Ok(())
        }
        Command::User { command } => user(config, command).await,
        Command::Backup { path } => backup(config, &path).await,
        Command::MigrateData { from, to, replace } => migrate_data(&from, &to, replace).await,
        Command::Outbox { command } => outbox(config, command).await,
        Command::Import {
            command:
                ImportCommand::Collaborations {
                    organization,
                    dry_run,
                    file,
                },
        } => import_collaborations(config, organization, dry_run, &file).await,
        Command::Config {
            command: ConfigCommand::Check,
        } => {
            print!("{}", config.redacted_toml()?);
            eprintln!("configuration is valid");
            Ok(())
        }
        Command::Catalogue {
            command: CatalogueCommand::Import { file },
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let store = crate::store::connect(&config.database_url, 2).await?;
            app::prepare(&store).await?;
            let result = crate::catalogue::import(&store, &text).await;
            store.close().await;
            let summary = result
                .map_err(|e| anyhow::anyhow!("{}: {}", file.display(), e.message(Locale::En)))?;
            println!(
                "imported catalogue version {}: {} themes, {} recommendations, {} toolbox entries; {} retired",
                summary.version,
                summary.themes,
                summary.recommendations,
                summary.toolbox,
                summary.retired
            );
            Ok(())
        }
    }
}

async fn import_collaborations(
    config: Config,
    organisation: uuid::Uuid,
    dry_run: bool,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read {} as UTF-8 text", file.display()))?;
    let app = App::build(config).await?;
    let state = app.state().clone();
    let report =
        crate::registry::import::import_collaborations(&state, None, organisation, &text, !dry_run)
            .await
            .map_err(|e| match e {
                crate::error::AppError::NotFound => {
                    anyhow::anyhow!("no organisation with the id {organisation}")
                }
                other => anyhow::anyhow!("{other}"),
            });
    state.store.close().await;
    let report = report?;
    for e in &report.errors {
        eprintln!(
            "{}: line {}, {}: {}",
            file.display(),
            e.line,
            e.error.field,
            e.message(Locale::En)
        );
    }
    if !report.errors.is_empty() {
        anyhow::bail!(
            "{} problem(s) in {} row(s); nothing was saved",
            report.errors.len(),
            report.rows
        );
    }
    if dry_run {
        println!(
            "{} row(s) checked, no problems; nothing saved (dry run)",
            report.rows
        );
    } else {
        println!(
            "{} collaboration(s) imported as drafts",
            report.created.len()
        );
    }
    Ok(())
}

async fn user(config: Config, command: UserCommand) -> anyhow::Result<()> {
    let store = crate::store::connect(&config.database_url, 2).await?;
    app::prepare(&store).await?;
    let result = user_on(&store, command).await;
    store.close().await;
    result
}

async fn user_on(
    store: &std::sync::Arc<dyn crate::store::Store>,
    command: UserCommand,
) -> anyhow::Result<()> {
    use crate::auth::platform::{self, RoleChange};
    let (change, role, email, verb) = match command {
        UserCommand::Grant { role, email } => {
            let change = platform::grant(store, &role, &email).await?;
            (change, role, email, "granted")
        }
        UserCommand::Revoke { role, email } => {
            let change = platform::revoke(store, &role, &email).await?;
            (change, role, email, "revoked")
        }
        UserCommand::Export { email } => {
            let data = crate::privacy::export(store, &email).await?;
            println!("{}", serde_json::to_string_pretty(&data)?);
            return Ok(());
        }
        UserCommand::Erase { email } => {
            let e = crate::privacy::erase(store, &email).await?;
            println!(
                "{email} erased: removed {} membership(s), {} session(s), {} follow(s), {} \
                 notification record(s), {} saved search(es), {} invitation(s), {} email(s); \
                 what they wrote is kept as \"{}\"",
                e.memberships,
                e.sessions,
                e.follows,
                e.notifications,
                e.saved_searches,
                e.invitations,
                e.emails,
                crate::privacy::ERASED_NAME
            );
            return Ok(());
        }
    };
    match change {
        RoleChange::Changed => println!("{role} {verb} for {email}"),
        RoleChange::Unchanged => {
            println!("nothing to change: {email} already had that role setting")
        }
    }
    Ok(())
}

async fn outbox(config: Config, command: OutboxCommand) -> anyhow::Result<()> {
    let store = crate::store::connect(&config.database_url, 2).await?;
    app::prepare(&store).await?;
    let result = async {
        match command {
            OutboxCommand::List { dead } => {
                let status = dead.then_some("dead");
                let rows = crate::mail::outbox::list(&store, status, 100).await?;
                if rows.is_empty() {
                    println!("no messages");
                }
                for r in rows {
                    println!(
                        "{}  {:<7} attempts={} kind={} to={} created={} next={}{}",
                        r.id,
                        r.status,
                        r.attempts,
                        r.kind,
                        r.recipient,
                        r.created_at.to_rfc3339(),
                        r.next_attempt_at.to_rfc3339(),
                        r.last_error
                            .map(|e| format!("\n    last error: {e}"))
                            .unwrap_or_default()
                    );
                }
                Ok(())
            }
            OutboxCommand::Retry { id } => {
                if crate::mail::outbox::retry(&store, id, chrono::Utc::now()).await? {
                    println!("message {id} is queued again");
                    Ok(())
                } else {
                    Err(anyhow::anyhow!("no unsent message has the id {id}"))
                }
            }
        }
    }
    .await;
    store.close().await;
    result
}

async fn backup(config: Config, path: &std::path::Path) -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    let url = config.database_url.expose_secret();
    if url.starts_with("sqlite:") {
        let file = crate::store::sqlite::database_file(url)?;
        anyhow::ensure!(
            file.exists(),
            "there is no database at {} to back up (is DATABASE_URL right?)",
            file.display()
        );
    }
    let store = crate::store::connect(&config.database_url, 2).await?;
    let result = store.backup(path).await;
    store.close().await;
    result?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "backup written to {} ({size} bytes); integrity_check: ok",
        path.display()
    );
    Ok(())
}

async fn migrate_data(from: &str, to: &str, replace: bool) -> anyhow::Result<()> {
    use crate::store::{Store, postgres::PgStore, sqlite::SqliteStore};
    anyhow::ensure!(
        from.starts_with("sqlite:"),
        "--from must be a sqlite: URL (the embedded database), e.g. sqlite://data/bymidter.db"
    );
    anyhow::ensure!(
        to.starts_with("postgres:") || to.starts_with("postgresql:"),
        "--to must be a postgres: URL, e.g. postgres://bymidter@db.example/bymidter"
    );
    let file = crate::store::sqlite::database_file(from)?;
    anyhow::ensure!(
        file.exists(),
        "there is no SQLite database at {}",
        file.display()
    );
    let source = SqliteStore::connect(from, 2)
        .await
        .context("cannot open the --from database")?;
    let target = PgStore::connect(to, 4)
        .await
        .context("cannot connect to the --to database")?;
    target
        .migrate()
        .await
        .context("cannot migrate the --to database")?;
    let copied = crate::store::transfer::sqlite_to_postgres(&source, &target, replace).await;
    source.close().await;
    let copied = match copied {
        Ok(c) => c,
        Err(e) => {
            target.close().await;
            return Err(e);
        }
    };
    let width = copied.iter().map(|t| t.table.len()).max().unwrap_or(0);
    for t in &copied {
        println!(
            "{:<width$}  {:>8} rows  checksum {}",
            t.table, t.rows, t.checksum
        );
    }
    let rows: usize = copied.iter().map(|t| t.rows).sum();
    println!(
        "copied {} tables, {rows} rows; counts and checksums match the source",
        copied.len()
    );
    let target: std::sync::Arc<dyn crate::store::Store> = std::sync::Arc::new(target);
    let prepared = app::prepare(&target).await;
    target.close().await;
    prepared.context("the data is copied, but preparing the target (search index) failed")?;
    println!(
        "search index rebuilt; point DATABASE_URL at the PostgreSQL database and start bymidter"
    );
    Ok(())
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let addr = config.http.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let mut app = App::build(config).await?;
    if let Some(metrics) = app.bind_metrics().await? {
        tracing::info!(%metrics, "metrics are served at /metrics");
    }
    tracing::info!(%addr, "bymidter is listening");
    app.serve(listener, app::shutdown_signal()).await
}
