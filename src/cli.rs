//! The command line: `serve` (the default), `migrate`, `config check`, `catalogue import`.

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

async fn serve(config: Config) -> anyhow::Result<()> {
    let addr = config.http.addr;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let app = App::build(config).await?;
    tracing::info!(%addr, "bymidter is listening");
    app.serve(listener, app::shutdown_signal()).await
}
