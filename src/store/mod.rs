//! The database behind one interface, with one implementation per dialect.
//!
//! Every operation runs on a [`Tx`]: a pooled connection for reads ([`Store::read`]) or a write
//! transaction ([`Store::write`], `BEGIN IMMEDIATE` on SQLite). Area traits (catalogue, accounts,
//! ...) add the operations; `sqlite/` and `postgres/` implement each with their own SQL. SQL
//! lives only in this module.
//!
//! Conventions both dialects keep: ids are UUID v7 (BLOB in SQLite, `uuid` in PostgreSQL);
//! timestamps are bound from Rust (`chrono::DateTime<Utc>`), never taken from SQL's clock, so
//! SQLite's RFC 3339 text compares in time order; integers are `bigint` in PostgreSQL.

pub mod accounts;
pub mod catalogue;
mod error;
pub mod figures;
pub mod group;
pub mod invitations;
pub mod notify;
pub mod outbox;
pub mod postgres;
pub mod privacy;
pub mod registry;
pub mod scope;
pub mod search;
pub mod sessions;
pub mod sqlite;
pub mod transfer;
pub mod uptake;

use std::sync::Arc;

use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};

pub use accounts::{AccountStore, AuditStore, OrganisationStore};
pub use catalogue::CatalogueStore;
pub use error::{StoreError, StoreResult};
pub use invitations::InvitationStore;
pub use notify::NotifyStore;
pub use outbox::OutboxStore;
pub use privacy::PrivacyStore;
pub use registry::{CollaborationStore, ExperienceStore};
pub use search::{SavedSearchStore, SearchStore};
pub use sessions::{RateLimitStore, SessionStore};
pub use uptake::UptakeStore;

/// Which dialect a store speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default.
    Sqlite,
    /// PostgreSQL, for several processes.
    Postgres,
}

/// How the connection pool is used right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Open connections, idle or in use.
    pub open: u32,
    /// Open connections waiting for work.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

/// A connection to the database.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// The dialect.
    fn backend(&self) -> Backend;
    /// Answers when the database answers.
    async fn ping(&self) -> StoreResult<()>;
    /// Applies the migrations this binary carries.
    async fn migrate(&self) -> anyhow::Result<()>;
    /// A connection for reading.
    async fn read(&self) -> StoreResult<Box<dyn Tx>>;
    /// A write transaction; nothing is kept unless it is committed.
    async fn write(&self) -> StoreResult<Box<dyn Tx>>;
    /// Closes the pool, waiting for connections in use.
    async fn close(&self);
    /// How the pool is used right now.
    fn pool_stats(&self) -> PoolStats;
    /// Writes a consistent copy of the whole database to the new file `to` while the service
    /// keeps writing, and checks the copy's integrity. SQLite only: PostgreSQL is backed up
    /// with `pg_dump`, and this says so.
    async fn backup(&self, to: &std::path::Path) -> anyhow::Result<()>;
    /// Brings the query planner's statistics up to date where the tables have never had them
    /// or have changed much since; run at start and every few minutes. (PostgreSQL's
    /// autovacuum keeps them current once it has gathered them.)
    async fn optimize(&self) -> StoreResult<()> {
        Ok(())
    }
}

/// One unit of work on the database, carrying every area's operations.
#[async_trait]
pub trait Tx:
    CatalogueStore
    + AccountStore
    + OrganisationStore
    + AuditStore
    + SessionStore
    + RateLimitStore
    + InvitationStore
    + OutboxStore
    + CollaborationStore
    + ExperienceStore
    + UptakeStore
    + NotifyStore
    + SearchStore
    + SavedSearchStore
    + PrivacyStore
    + Send
{
    /// Makes the writes durable. Reads need no commit.
    async fn commit(self: Box<Self>) -> StoreResult<()>;
    /// Marks, releases or returns to this write transaction's one savepoint.
    async fn savepoint(&mut self, step: Savepoint) -> StoreResult<()>;
}

/// A step with a write transaction's savepoint, which lets a part of the transaction be undone
/// alone ([`group`] runs each write of a group in one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Savepoint {
    /// Marks the point to return to.
    Mark,
    /// Keeps what was written since the mark and forgets the mark.
    Release,
    /// Undoes what was written since the mark; the mark stays until released.
    RollBack,
}

impl Savepoint {
    /// The statement, the same in both dialects.
    fn sql(self) -> &'static str {
        match self {
            Savepoint::Mark => "SAVEPOINT grouped_write",
            Savepoint::Release => "RELEASE SAVEPOINT grouped_write",
            Savepoint::RollBack => "ROLLBACK TO SAVEPOINT grouped_write",
        }
    }
}

/// For unit tests: a store on a new SQLite file, migrated, in a directory that is removed when
/// the returned guard is dropped.
#[cfg(test)]
pub async fn sqlite_file_store() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    let store = connect(&url.into(), 4).await.expect("connect");
    store.migrate().await.expect("migrate");
    (dir, store)
}

/// Opens the database named by `url`, choosing the dialect by its scheme.
pub async fn connect(url: &SecretString, max_connections: u32) -> anyhow::Result<Arc<dyn Store>> {
    let raw = url.expose_secret();
    let scheme = raw.split(':').next().unwrap_or_default();
    match scheme {
        "sqlite" => Ok(Arc::new(
            sqlite::SqliteStore::connect(raw, max_connections).await?,
        )),
        "postgres" | "postgresql" => Ok(Arc::new(
            postgres::PgStore::connect(raw, max_connections).await?,
        )),
        other => anyhow::bail!(
            "DATABASE_URL has the scheme `{other}`; bymidter speaks `sqlite:` and `postgres:`"
        ),
    }
}
