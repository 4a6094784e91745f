//! The PostgreSQL store: several processes share one database.

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

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection as _, PgConnection, PgPool, Postgres, Transaction};
use uuid::Uuid;

use super::figures::FigureCache;
use super::{Backend, PoolStats, Savepoint, Store, StoreError, StoreResult, Tx};

/// A pool of PostgreSQL connections.
pub struct PgStore {
    pub(super) pool: PgPool,
    figures: Arc<FigureCache>,
}

/// A connection idle this long is pinged before it is handed out, so that one the server
/// dropped (a restart) is replaced rather than failing a request.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

impl PgStore {
    /// Connects to the database at `url`.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url)
            .with_context(|| "DATABASE_URL is not a valid postgres: URL")?
            .application_name("bymidter")
            // The service's statements are short; compiling one (JIT, on when the planner's
            // estimate passes its threshold) took longer than running it: 23 ms of a facet
            // count over a common word.
            //
            // A search for a common word matches a fifth of the documents or more, and reading
            // the whole table in parallel is then faster than fetching each match's page (a
            // word in 86,000 documents: 175 ms against 300 ms). At the default cost of handing
            // a row from a parallel worker to the leader (0.1) the planner took the rows handed
            // over for dearer than that, and fetched the pages one by one.
            .options([("jit", "off"), ("parallel_tuple_cost", "0.01")]);
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            .acquire_timeout(Duration::from_secs(10))
            // A connection in steady use is not asked whether it is alive before each request
            // (a round trip to the server per request); one that has been idle is.
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > PING_AFTER_IDLE {
                        conn.ping().await?;
                    }
                    Ok(true)
                })
            })
            .connect_with(options)
            .await
            .context("cannot connect to the PostgreSQL database named by DATABASE_URL")?;
        Ok(PgStore {
            pool,
            figures: Arc::default(),
        })
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn migrate(&self) -> anyhow::Result<()> {
        // The migrator holds an advisory lock, so several processes may start at once.
        sqlx::migrate!("./migrations/postgres")
            .run(&self.pool)
            .await
            .context("migrating the PostgreSQL database failed")
    }

    async fn read(&self) -> StoreResult<Box<dyn Tx>> {
        let conn = self.pool.acquire().await?;
        Ok(Box::new(PgTx {
            conn: Conn::Read(conn, self.figures.clone()),
            changed: Vec::new(),
        }))
    }

    async fn write(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.pool.begin().await?;
        Ok(Box::new(PgTx {
            conn: Conn::Write(tx),
            changed: Vec::new(),
        }))
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    fn pool_stats(&self) -> PoolStats {
        PoolStats {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.pool.options().get_max_connections(),
        }
    }

    async fn optimize(&self) -> StoreResult<()> {
        // Autovacuum gathers statistics a while after a table changes much; a database just
        // filled (restored, copied by migrate-data) is planned blind until then, and a search
        // then takes seconds. So tables never analysed that hold rows are analysed at once, and
        // so are those changed by more than autovacuum's threshold (50 rows and a tenth) since:
        // where autovacuum is off or behind, a table analysed empty (by a migration) was
        // otherwise planned as empty for good, and every foreign-key check on it read it whole.
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT quote_ident(relname) FROM pg_stat_user_tables
              WHERE schemaname = current_schema()
                AND ((last_analyze IS NULL AND last_autoanalyze IS NULL
                      AND (n_live_tup > 0 OR n_tup_ins > 0))
                     OR n_mod_since_analyze > 50 + n_live_tup / 10)",
        )
        .fetch_all(&self.pool)
        .await?;
        if !tables.is_empty() {
            let analyze = format!("ANALYZE {}", tables.join(", "));
            sqlx::query(sqlx::AssertSqlSafe(analyze))
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    async fn backup(&self, _to: &std::path::Path) -> anyhow::Result<()> {
        anyhow::bail!(
            "`bymidter backup` copies the embedded SQLite database only. Back up PostgreSQL with \
             pg_dump while the service runs, e.g. \
             `pg_dump --format=custom --file=bymidter.dump \"$DATABASE_URL\"`, and restore with \
             pg_restore (README: Operations, Back up and restore)"
        )
    }
}

enum Conn {
    /// A connection, and the figures counted on this database (read transactions only).
    Read(PoolConnection<Postgres>, Arc<FigureCache>),
    Write(Transaction<'static, Postgres>),
}

/// A unit of work on PostgreSQL.
pub struct PgTx {
    conn: Conn,
    /// Collaborations this transaction changed, whose `collaboration_reads` rows are written
    /// anew before it commits (migration 0011). One marked in a savepoint that was rolled
    /// back is written anew all the same: from what is there, so to what it was.
    changed: Vec<Uuid>,
}

impl PgTx {
    fn conn(&mut self) -> &mut PgConnection {
        match &mut self.conn {
            Conn::Read(c, _) => c,
            Conn::Write(t) => t,
        }
    }

    /// Notes that collaboration `id`, or something it is read with, changed.
    fn collaboration_changed(&mut self, id: Uuid) {
        self.changed.push(id);
    }

    /// Notes that the collaborations `sql` selects changed; its parameters are `key` and, where
    /// given, `position`.
    async fn collaborations_changed(
        &mut self,
        sql: &'static str,
        key: &str,
        position: Option<i64>,
    ) -> StoreResult<()> {
        let mut query = sqlx::query_scalar(sql).bind(key);
        if let Some(position) = position {
            query = query.bind(position);
        }
        let ids: Vec<Uuid> = query.fetch_all(self.conn()).await?;
        self.changed.extend(ids);
        Ok(())
    }

    /// Writes the read rows of the collaborations changed so far.
    async fn refresh_reads(&mut self) -> StoreResult<()> {
        if self.changed.is_empty() {
            return Ok(());
        }
        let mut ids = std::mem::take(&mut self.changed);
        ids.sort_unstable();
        ids.dedup();
        sqlx::query("SELECT refresh_collaboration_reads($1)")
            .bind(&ids)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

#[async_trait]
impl Tx for PgTx {
    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.refresh_reads().await?;
        if let Conn::Write(tx) = self.conn {
            tx.commit().await?;
        }
        Ok(())
    }

    async fn savepoint(&mut self, step: Savepoint) -> StoreResult<()> {
        match &mut self.conn {
            Conn::Write(tx) => {
                sqlx::raw_sql(step.sql()).execute(&mut **tx).await?;
                Ok(())
            }
            Conn::Read(..) => Err(StoreError::Other(anyhow::anyhow!(
                "a savepoint needs a write transaction"
            ))),
        }
    }
}
