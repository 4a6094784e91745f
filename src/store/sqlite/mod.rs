//! The embedded SQLite store: WAL, `busy_timeout`, foreign keys on, `BEGIN IMMEDIATE` writes.

mod accounts;
mod catalogue;
mod invitations;
mod notify;
mod outbox;
mod privacy;
mod registry;
mod search;
mod sessions;
mod uptake;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, Sqlite, SqliteConnection, SqlitePool, Transaction};

use super::figures::FigureCache;
use super::{Backend, PoolStats, Savepoint, Store, StoreError, StoreResult, Tx};

/// A pool of SQLite connections to one database file.
pub struct SqliteStore {
    /// Connections for reading (and for migrations and backups).
    pub(super) pool: SqlitePool,
    /// The one connection this process writes with: one writer at a time, as SQLite allows.
    /// Waiting for it wakes the next writer as soon as the last one commits, where waiting in
    /// SQLite's busy handler sleeps in growing steps and, with several writers, wastes most of
    /// the time asleep; other processes are still kept apart by the database lock and
    /// `busy_timeout`. Being the only writer, it keeps its page cache from one write to the
    /// next: SQLite empties a connection's cache whenever another connection has written since
    /// it last looked, which made every write read its index pages from the file again.
    writer: SqlitePool,
    figures: Arc<FigureCache>,
    /// Copies the log into the database file in the background (see [`checkpoints`]).
    checkpointer: tokio::task::AbortHandle,
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        self.checkpointer.abort();
    }
}

/// How long a write waits for its turn, as long as SQLite's `busy_timeout`.
const WRITE_WAIT: Duration = Duration::from_secs(15);

/// How often the log is copied into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Pages in the log after which the writer copies it into the database itself, should the
/// background checkpoints fall behind or not run (SQLite's default is 1,000).
const WRITER_CHECKPOINT_PAGES: u32 = 10_000;

/// The writer's page cache, in KiB (SQLite's default is 2,000): the index pages that writes
/// touch stay in memory.
const WRITER_CACHE_KIB: u32 = 32 * 1024;

/// How much of the database file reading connections read through a memory map rather than by
/// copying pages into their own caches (SQLite's default: none; its build caps the map at about
/// 2 GiB). A search over a common word reads tens of thousands of rows scattered over the
/// file: through the map, its 99th percentile took half the time (bench/README.md).
const MAP_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The database file a `sqlite:` URL names.
pub fn database_file(url: &str) -> anyhow::Result<PathBuf> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("`{url}` is not a valid sqlite: URL"))?;
    Ok(options.get_filename().to_owned())
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
            .pragma("temp_store", "memory")
            .pragma("mmap_size", MAP_BYTES.to_string());
        let path = options.get_filename().to_owned();
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).with_context(|| {
                format!("cannot create the database directory {}", dir.display())
            })?;
        }
        // A connection to a file cannot be dropped by a server, so none is pinged before use
        // (a round trip to its thread per request).
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(2))
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(20))
            .after_connect(|conn, _| Box::pin(prepare_connection(conn)))
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open the SQLite database {}", path.display()))?;
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .acquire_timeout(WRITE_WAIT)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_connect(|conn, _| Box::pin(prepare_connection(conn)))
            .connect_with(
                options
                    .pragma("cache_size", format!("-{WRITER_CACHE_KIB}"))
                    // Not mapped: the file grows with the writes, and a mapped writer remapped
                    // it at each transaction (creates slowed by a quarter).
                    .pragma("mmap_size", "0")
                    .pragma("wal_autocheckpoint", WRITER_CHECKPOINT_PAGES.to_string()),
            )
            .await
            .with_context(|| format!("cannot open the SQLite database {}", path.display()))?;
        let checkpointer = tokio::spawn(checkpoints(pool.clone())).abort_handle();
        Ok(SqliteStore {
            pool,
            writer,
            figures: Arc::default(),
            checkpointer,
        })
    }
}

/// Copies what the write-ahead log holds into the database file, a few times a second, on a
/// reading connection. Left to the writer (SQLite's default), every thousandth page made one
/// write copy the log and wait for the disk twice (fsync), so that a create now and then
/// took tens of milliseconds and held up every write queued behind it. A passive checkpoint
/// runs beside the writer and readers and never waits for them.
async fn checkpoints(pool: SqlitePool) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if pool.is_closed() {
            return;
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&pool)
            .await
            && !pool.is_closed()
        {
            tracing::warn!(error = %e, "copying the SQLite log into the database failed");
        }
    }
}

/// What every connection needs before its first statement.
async fn prepare_connection(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    plan_without_bound_values(conn).await?;
    add_bit_count(conn).await
}

/// Adds `bit_count(x)` to the connection's SQL: how many bits of the integer `x` are set (NULL
/// for NULL), as PostgreSQL's `bit_count`. "Collaborations like this one" counts with it the
/// catalogue entries a profile shares with a mask (src/store/sqlite/search.rs), over every
/// profile. SQLite has no such function; counted in SQL, by looking each byte up in a string of
/// bit counts, similar collaborations took 89 ms at the median over 100,000 profiles, and 56
/// with this (bench/README.md). Neither the schema nor its triggers use it, so the file still
/// opens in any SQLite.
async fn add_bit_count(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    use libsqlite3_sys::{
        SQLITE_DETERMINISTIC, SQLITE_INNOCUOUS, SQLITE_OK, SQLITE_UTF8, sqlite3_create_function_v2,
    };
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is an open connection, locked for this call so nothing else uses it;
    // the name is a NUL-terminated string that SQLite copies; `bit_count` takes the one
    // argument registered and keeps nothing, so it needs no application data nor destructor
    // (https://www.sqlite.org/c3ref/create_function.html).
    let rc = unsafe {
        sqlite3_create_function_v2(
            handle.as_raw_handle().as_ptr(),
            c"bit_count".as_ptr(),
            1,
            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
            std::ptr::null_mut(),
            Some(bit_count),
            None,
            None,
            None,
        )
    };
    if rc == SQLITE_OK {
        Ok(())
    } else {
        Err(sqlx::Error::Configuration(
            format!("SQLite refused the function bit_count (code {rc})").into(),
        ))
    }
}

/// The body of SQL's `bit_count(x)` (see [`add_bit_count`]).
unsafe extern "C" fn bit_count(
    context: *mut libsqlite3_sys::sqlite3_context,
    count: std::ffi::c_int,
    values: *mut *mut libsqlite3_sys::sqlite3_value,
) {
    use libsqlite3_sys::{
        SQLITE_NULL, sqlite3_result_int64, sqlite3_result_null, sqlite3_value_int64,
        sqlite3_value_type,
    };
    // SAFETY: SQLite calls the function with its context and `count` values, which is 1 as
    // registered; the value is read and the result set within the call, as SQLite requires.
    unsafe {
        if count != 1 {
            sqlite3_result_null(context);
            return;
        }
        let value = *values;
        if sqlite3_value_type(value) == SQLITE_NULL {
            sqlite3_result_null(context);
        } else {
            sqlite3_result_int64(context, i64::from(sqlite3_value_int64(value).count_ones()));
        }
    }
}

/// Makes the connection plan each statement once, without looking at the values bound to it
/// (SQLite's "query planner stability guarantee"). The bundled SQLite gathers STAT4 samples in
/// ANALYZE ([`Store::optimize`]); with them, a cached statement whose parameters meet an indexed
/// column is prepared again every time a bound value changes, in case the value changes the
/// plan: in the registry benchmark that was a fifth of the service's CPU. The plans
/// still use the statistics; the literals in the SQL (states, visibilities) still use the
/// samples.
async fn plan_without_bound_values(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    use libsqlite3_sys::{SQLITE_DBCONFIG_ENABLE_QPSG, SQLITE_OK, sqlite3_db_config};
    use std::ffi::c_int;
    let mut handle = conn.lock_handle().await?;
    // SAFETY: the handle is an open connection, locked for this call so nothing else uses it;
    // SQLITE_DBCONFIG_ENABLE_QPSG takes an int (1: on) and an int pointer for the new setting,
    // which may be null (https://www.sqlite.org/c3ref/c_dbconfig_defensive.html).
    let rc = unsafe {
        sqlite3_db_config(
            handle.as_raw_handle().as_ptr(),
            SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as c_int,
            std::ptr::null_mut::<c_int>(),
        )
    };
    if rc == SQLITE_OK {
        Ok(())
    } else {
        Err(sqlx::Error::Configuration(
            format!("SQLite refused SQLITE_DBCONFIG_ENABLE_QPSG (code {rc})").into(),
        ))
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
        Ok(Box::new(SqliteTx::new(Conn::Read(
            conn,
            self.figures.clone(),
        ))))
    }

    async fn write(&self) -> StoreResult<Box<dyn Tx>> {
        // IMMEDIATE takes the write lock up front, so a read-then-write transaction waits
        // (busy_timeout) instead of failing with "database is locked" when it upgrades.
        let tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        Ok(Box::new(SqliteTx::new(Conn::Write(tx))))
    }

    async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    /// The readers' pool, which `database.max_connections` sizes; the writer's one connection
    /// comes on top.
    fn pool_stats(&self) -> PoolStats {
        PoolStats {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }

    async fn optimize(&self) -> StoreResult<()> {
        // Without statistics SQLite prefers the index with more equality columns, so a list
        // filtered by municipality walked every public record (`collaborations_listing`)
        // instead of the municipality's. ANALYZE writes, so it runs on the writer's connection.
        // Exact statistics (no analysis_limit): sampled ones misjudged the few states and
        // visibilities as a thousand values each. About 5 s at 100,000 collaborations, and only
        // for tables never analysed or much changed since. 0x10002: every such table, including
        // those this connection has not used.
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn backup(&self, to: &Path) -> anyhow::Result<()> {
        if to.exists() {
            bail!(
                "{} exists already; a backup never overwrites a file, so name a new one",
                to.display()
            );
        }
        if let Some(dir) = to.parent()
            && !dir.as_os_str().is_empty()
            && !dir.is_dir()
        {
            bail!("the directory {} does not exist", dir.display());
        }
        let target = to
            .to_str()
            .with_context(|| format!("{} is not a UTF-8 path", to.display()))?;
        // VACUUM INTO reads one snapshot (a read transaction): writers go on meanwhile, and the
        // copy is what was committed when it began.
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await
            .with_context(|| format!("writing the backup to {} failed", to.display()))?;
        let options = SqliteConnectOptions::new().filename(to).read_only(true);
        let mut copy = SqliteConnection::connect_with(&options)
            .await
            .with_context(|| format!("cannot open the backup {}", to.display()))?;
        let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut copy)
            .await
            .context("the integrity check of the backup failed to run")?;
        copy.close().await?;
        if verdict != "ok" {
            bail!(
                "the backup {} failed its integrity check ({verdict}); do not restore from it",
                to.display()
            );
        }
        Ok(())
    }
}

enum Conn {
    /// A connection, and the figures counted on this database (read transactions only).
    Read(PoolConnection<Sqlite>, Arc<FigureCache>),
    /// A write transaction on the writer's connection: this process's turn to write.
    Write(Transaction<'static, Sqlite>),
}

/// A unit of work on SQLite.
pub struct SqliteTx {
    conn: Conn,
    /// The full-text rows this transaction has written, not yet in the FTS5 tables (see
    /// [`search::TextRows`]).
    text_rows: search::TextRows,
}

impl SqliteTx {
    fn new(conn: Conn) -> Self {
        SqliteTx {
            conn,
            text_rows: search::TextRows::default(),
        }
    }

    fn conn(&mut self) -> &mut SqliteConnection {
        match &mut self.conn {
            Conn::Read(c, _) => c,
            Conn::Write(t) => t,
        }
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.write_text_rows().await?;
        if let Conn::Write(tx) = self.conn {
            tx.commit().await?;
        }
        Ok(())
    }

    async fn savepoint(&mut self, step: Savepoint) -> StoreResult<()> {
        match &mut self.conn {
            Conn::Write(tx) => {
                sqlx::raw_sql(step.sql()).execute(&mut **tx).await?;
                self.text_rows.savepoint(step);
                Ok(())
            }
            Conn::Read(..) => Err(StoreError::Other(anyhow::anyhow!(
                "a savepoint needs a write transaction"
            ))),
        }
    }
}
