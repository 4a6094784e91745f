//! The embedded SQLite store: WAL, `busy_timeout`, foreign keys on, `BEGIN IMMEDIATE` writes.

mod accounts;
mod catalogue;
mod invitations;
mod notify;
mod outbox;
mod registry;
mod search;
mod sessions;
mod uptake;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use super::{Backend, Store, StoreResult, Tx};

/// A pool of SQLite connections to one database file.
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (and creates, if missing) the database at `url`.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| "DATABASE_URL is not a valid sqlite: URL")?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(15))
            .pragma("temp_store", "memory");
        let path = options.get_filename().to_owned();
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).with_context(|| {
                format!("cannot create the database directory {}", dir.display())
            })?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(2))
            .acquire_timeout(Duration::from_secs(20))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the SQLite database {}", path.display()))?;
        Ok(SqliteStore { pool })
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        sqlx::migrate!("./migrations/sqlite")
            .run(&self.pool)
            .await
            .context("migrating the SQLite database failed")
    }

    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        let conn = self.pool.acquire().await?;
        Ok(Box::new(SqliteTx {
            conn: Conn::Read(conn),
        }))
    }

    async fn write(&self) -> StoreResult<Box<dyn Tx>> {
        // IMMEDIATE takes the write lock up front, so a read-then-write transaction waits
        // (busy_timeout) instead of failing with "database is locked" when it upgrades.
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(Box::new(SqliteTx {
            conn: Conn::Write(tx),
        }))
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

enum Conn {
    Read(PoolConnection<Sqlite>),
    Write(Transaction<'static, Sqlite>),
}

/// A unit of work on SQLite.
pub struct SqliteTx {
    conn: Conn,
}

impl SqliteTx {
    fn conn(&mut self) -> &mut SqliteConnection {
        match &mut self.conn {
            Conn::Read(c) => c,
            Conn::Write(t) => t,
        }
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        if let Conn::Write(tx) = self.conn {
            tx.commit().await?;
        }
        Ok(())
    }
}
