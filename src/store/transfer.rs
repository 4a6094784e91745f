//! Moving from the embedded SQLite to PostgreSQL (`bymidter migrate-data`): every table is
//! copied in dependency order, in batches, in one PostgreSQL transaction, and read back
//! before the commit; the row counts and a checksum of each table must match the source's,
//! or nothing is kept.
//!
//! The tables and their column types are read from the migrated target, so a table added by a
//! later migration is copied without changes here. The search index is not copied (SQLite's
//! FTS5 and PostgreSQL's tsvector differ): the caller rebuilds it on the target.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, bail};
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{AssertSqlSafe, PgConnection, Postgres, QueryBuilder, Row, SqliteConnection};
use uuid::Uuid;

use super::postgres::PgStore;
use super::sqlite::SqliteStore;

/// Tables the target rebuilds from the records rather than copies.
const DERIVED: &[&str] = &[
    "search_documents",
    "search_terms",
    "search_meta",
    "collaboration_profiles",
    "collaboration_signatures",
    // PostgreSQL's read rows of collaborations (migration 0011), written below.
    "collaboration_reads",
];

/// The count of changes each database keeps for itself (migration 0009): never copied or
/// emptied, only bumped once the copy is in.
const OWN: &[&str] = &["figure_generation"];

/// Reference data that `migrate` loads into an otherwise empty database; a target holding only
/// these counts as empty.
const REFERENCE: &[&str] = &[
    "regions",
    "municipalities",
    "themes",
    "recommendations",
    "recommendation_themes",
    "toolbox_sections",
    "toolbox_entries",
    "toolbox_entry_themes",
    "catalogue_imports",
];

/// Bind parameters per statement stay under PostgreSQL's limit of 65535.
const MAX_BINDS: usize = 30_000;
/// Rows per INSERT at most.
const MAX_BATCH: usize = 1_000;

/// One copied table.
#[derive(Debug, Clone)]
pub struct CopiedTable {
    /// Its name.
    pub table: String,
    /// Rows in the source, and read back from the target.
    pub rows: usize,
    /// The checksum both sides agree on (hex).
    pub checksum: String,
}

/// Copies every table of the SQLite database `from` into the PostgreSQL database `to`
/// (migrated first). A target holding more than reference data is refused unless `replace`,
/// which empties it first, in the same transaction.
pub async fn sqlite_to_postgres(
    from: &SqliteStore,
    to: &PgStore,
    replace: bool,
) -> anyhow::Result<Vec<CopiedTable>> {
    let mut source = from.pool.begin().await?;
    check_source_version(&mut source).await?;
    let mut target = to.pool.begin().await?;
    let tables = target_tables(&mut target).await?;
    check_source_tables(&mut source, &tables).await?;

    let mut occupied = Vec::new();
    for t in &tables {
        let n: i64 = sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM \"{}\"",
            t.name
        )))
        .fetch_one(&mut *target)
        .await?;
        if n > 0 && !REFERENCE.contains(&t.name.as_str()) {
            occupied.push(format!("{} ({n} rows)", t.name));
        }
    }
    if !occupied.is_empty() && !replace {
        bail!(
            "the target database is not empty: {}. Nothing was copied. Copy into a new, empty \
             database, or add --replace to delete everything in this one first",
            occupied.join(", ")
        );
    }
    let everything: Vec<String> = tables
        .iter()
        .map(|t| format!("\"{}\"", t.name))
        .chain(DERIVED.iter().map(|t| format!("\"{t}\"")))
        .collect();
    sqlx::query(AssertSqlSafe(format!(
        "TRUNCATE {} RESTART IDENTITY",
        everything.join(", ")
    )))
    .execute(&mut *target)
    .await
    .context("emptying the target failed")?;

    let mut copied = Vec::new();
    for table in &tables {
        copied.push(
            copy_table(&mut source, &mut target, table)
                .await
                .with_context(|| {
                    format!("copying the table {} failed; nothing was kept", table.name)
                })?,
        );
    }
    sqlx::query("SELECT refresh_collaboration_reads(ARRAY(SELECT id FROM collaborations))")
        .execute(&mut *target)
        .await
        .context("writing the collaborations' read rows failed; nothing was kept")?;
    // TRUNCATE fires no row triggers: a running service must count its figures again.
    sqlx::query("UPDATE figure_generation SET n = n + 1")
        .execute(&mut *target)
        .await?;
    target.commit().await?;
    source.rollback().await?;
    Ok(copied)
}

/// A column's type, as the copy reads and writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Uuid,
    Text,
    Int,
    Bool,
    Time,
    Date,
    Json,
}

/// A table of the target: its columns in order, those that point into the table itself, its
/// key, and its sequence-backed column.
#[derive(Debug)]
struct Table {
    name: String,
    columns: Vec<(String, Kind)>,
    self_references: Vec<String>,
    key: Vec<String>,
    serial: Option<String>,
}

async fn check_source_version(source: &mut SqliteConnection) -> anyhow::Result<()> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&mut *source)
            .await
            .context("the source has no migrations table: is it a bymidter database?")?;
    let known: Vec<i64> = sqlx::migrate!("./migrations/sqlite")
        .iter()
        .map(|m| m.version)
        .collect();
    if applied != known {
        bail!(
            "the source database is at migration {:?}, this bymidter expects {:?}; run \
             `bymidter migrate` on the source with this version first",
            applied.last(),
            known.last()
        );
    }
    Ok(())
}

/// The target's tables in dependency order (a table after those it points to).
async fn target_tables(target: &mut PgConnection) -> anyhow::Result<Vec<Table>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()
            AND tablename <> '_sqlx_migrations' ORDER BY tablename",
    )
    .fetch_all(&mut *target)
    .await?;
    let names: Vec<String> = names
        .into_iter()
        .filter(|n| !DERIVED.contains(&n.as_str()) && !OWN.contains(&n.as_str()))
        .collect();
    let edges: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c
          WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
            AND c.conrelid <> c.confrelid",
    )
    .fetch_all(&mut *target)
    .await?;
    let mut needs: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for n in &names {
        needs.insert(n, BTreeSet::new());
    }
    for (child, parent) in &edges {
        if let Some(set) = needs.get_mut(child.as_str())
            && names.contains(parent)
        {
            set.insert(parent);
        }
    }
    let mut order: Vec<String> = Vec::new();
    while !needs.is_empty() {
        let ready: Vec<&str> = needs
            .iter()
            .filter(|(_, parents)| parents.is_empty())
            .map(|(name, _)| *name)
            .collect();
        if ready.is_empty() {
            bail!("the target's tables point to each other in a cycle; they cannot be ordered");
        }
        for name in ready {
            needs.remove(name);
            for parents in needs.values_mut() {
                parents.remove(name);
            }
            order.push(name.to_owned());
        }
    }
    let mut tables = Vec::new();
    for name in order {
        tables.push(describe(target, name).await?);
    }
    Ok(tables)
}

async fn describe(target: &mut PgConnection, name: String) -> anyhow::Result<Table> {
    let columns: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text, column_default::text
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(&name)
    .fetch_all(&mut *target)
    .await?;
    let mut typed = Vec::new();
    let mut serial = None;
    for (column, data_type, default) in columns {
        let kind = match data_type.as_str() {
            "uuid" => Kind::Uuid,
            "text" => Kind::Text,
            "bigint" => Kind::Int,
            "boolean" => Kind::Bool,
            "timestamp with time zone" => Kind::Time,
            "date" => Kind::Date,
            "jsonb" => Kind::Json,
            other => bail!("{name}.{column} has the type {other}, which migrate-data cannot copy"),
        };
        if default.is_some_and(|d| d.starts_with("nextval(")) {
            serial = Some(column.clone());
        }
        typed.push((column, kind));
    }
    let self_references: Vec<String> = sqlx::query_scalar(
        "SELECT a.attname::text FROM pg_constraint c
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
          WHERE c.contype = 'f' AND c.conrelid = c.confrelid AND c.conrelid = $1::regclass",
    )
    .bind(&name)
    .fetch_all(&mut *target)
    .await?;
    let key: Vec<String> = sqlx::query_scalar(
        "SELECT a.attname::text FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary",
    )
    .bind(&name)
    .fetch_all(&mut *target)
    .await?;
    if !self_references.is_empty() && key.len() != 1 {
        bail!("{name} points to itself but has no single-column key; migrate-data cannot order it");
    }
    Ok(Table {
        name,
        columns: typed,
        self_references,
        key,
        serial,
    })
}

/// Every source table must have a place in the target, and every target column a source.
async fn check_source_tables(
    source: &mut SqliteConnection,
    tables: &[Table],
) -> anyhow::Result<()> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *source)
    .await?;
    // SQLite's own search index: FTS5 tables with their shadow tables, the trigram list and
    // the vocabulary a word being typed is completed from.
    let sqlite_only = |n: &str| {
        n.starts_with("search_fts")
            || n.starts_with("search_head_fts")
            || n == "search_trigrams"
            || n == "search_words"
    };
    for n in &names {
        if !sqlite_only(n)
            && !DERIVED.contains(&n.as_str())
            && !OWN.contains(&n.as_str())
            && !tables.iter().any(|t| &t.name == n)
        {
            bail!("the source has a table {n} that the target does not; nothing was copied");
        }
    }
    for t in tables {
        let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
            .bind(&t.name)
            .fetch_all(&mut *source)
            .await?;
        for (c, _) in &t.columns {
            if !columns.contains(c) {
                bail!(
                    "the source has no column {}.{c}; nothing was copied",
                    t.name
                );
            }
        }
    }
    Ok(())
}

/// One value, as both databases give it back.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    Json(Option<serde_json::Value>),
}

impl Cell {
    fn is_null(&self) -> bool {
        match self {
            Cell::Uuid(v) => v.is_none(),
            Cell::Text(v) => v.is_none(),
            Cell::Int(v) => v.is_none(),
            Cell::Bool(v) => v.is_none(),
            Cell::Time(v) => v.is_none(),
            Cell::Date(v) => v.is_none(),
            Cell::Json(v) => v.is_none(),
        }
    }

    fn null(kind: Kind) -> Cell {
        match kind {
            Kind::Uuid => Cell::Uuid(None),
            Kind::Text => Cell::Text(None),
            Kind::Int => Cell::Int(None),
            Kind::Bool => Cell::Bool(None),
            Kind::Time => Cell::Time(None),
            Kind::Date => Cell::Date(None),
            Kind::Json => Cell::Json(None),
        }
    }

    /// Feeds the value to the checksum in one form for both databases: times to the
    /// microsecond (PostgreSQL's precision), JSON with its keys sorted.
    fn digest(&self, h: &mut Sha256) {
        let text = match self {
            Cell::Uuid(v) => v.map(|u| u.to_string()),
            Cell::Text(v) => v.clone(),
            Cell::Int(v) => v.map(|i| i.to_string()),
            Cell::Bool(v) => v.map(|b| b.to_string()),
            Cell::Time(v) => v.map(|t| t.timestamp_micros().to_string()),
            Cell::Date(v) => v.map(|d| d.to_string()),
            Cell::Json(v) => v.as_ref().map(serde_json::Value::to_string),
        };
        match text {
            None => h.update([0u8]),
            Some(t) => {
                h.update([1u8]);
                h.update((t.len() as u64).to_le_bytes());
                h.update(t.as_bytes());
            }
        }
    }
}

fn from_sqlite(row: &SqliteRow, i: usize, kind: Kind) -> Result<Cell, sqlx::Error> {
    Ok(match kind {
        Kind::Uuid => Cell::Uuid(row.try_get(i)?),
        Kind::Text => Cell::Text(row.try_get(i)?),
        Kind::Int => Cell::Int(row.try_get(i)?),
        Kind::Bool => Cell::Bool(row.try_get(i)?),
        Kind::Time => Cell::Time(row.try_get(i)?),
        Kind::Date => Cell::Date(row.try_get(i)?),
        Kind::Json => {
            let text: Option<String> = row.try_get(i)?;
            Cell::Json(
                text.map(|t| serde_json::from_str(&t))
                    .transpose()
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            )
        }
    })
}

fn from_postgres(row: &PgRow, i: usize, kind: Kind) -> Result<Cell, sqlx::Error> {
    Ok(match kind {
        Kind::Uuid => Cell::Uuid(row.try_get(i)?),
        Kind::Text => Cell::Text(row.try_get(i)?),
        Kind::Int => Cell::Int(row.try_get(i)?),
        Kind::Bool => Cell::Bool(row.try_get(i)?),
        Kind::Time => Cell::Time(row.try_get(i)?),
        Kind::Date => Cell::Date(row.try_get(i)?),
        Kind::Json => Cell::Json(
            row.try_get::<Option<sqlx::types::Json<serde_json::Value>>, _>(i)?
                .map(|j| j.0),
        ),
    })
}

/// Rows and an order-independent checksum: the XOR of every row's SHA-256 (rows are unique,
/// each table having a key).
fn checksum(rows: &[Vec<Cell>]) -> String {
    let mut sum = [0u8; 32];
    for row in rows {
        let mut h = Sha256::new();
        for cell in row {
            cell.digest(&mut h);
        }
        for (s, b) in sum.iter_mut().zip(h.finalize().iter()) {
            *s ^= b;
        }
    }
    hex::encode(&sum[..8])
}

async fn copy_table(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &Table,
) -> anyhow::Result<CopiedTable> {
    let list = table
        .columns
        .iter()
        .map(|(c, _)| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let select = format!("SELECT {list} FROM \"{}\"", table.name);
    let rows: Vec<Vec<Cell>> = sqlx::query(AssertSqlSafe(select.clone()))
        .fetch_all(&mut *source)
        .await?
        .iter()
        .map(|row| {
            table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| from_sqlite(row, i, *kind))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<_, _>>()?;

    // Columns pointing into the same table are written once every row is there.
    let deferred: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, (c, _))| table.self_references.contains(c))
        .map(|(i, _)| i)
        .collect();
    let batch = (MAX_BINDS / table.columns.len().max(1)).clamp(1, MAX_BATCH);
    for chunk in rows.chunks(batch) {
        let mut insert: QueryBuilder<Postgres> =
            QueryBuilder::new(format!("INSERT INTO \"{}\" ({list}) ", table.name));
        insert.push_values(chunk, |mut b, row| {
            for (i, cell) in row.iter().enumerate() {
                let cell = if deferred.contains(&i) {
                    Cell::null(table.columns[i].1)
                } else {
                    cell.clone()
                };
                match cell {
                    Cell::Uuid(v) => b.push_bind(v),
                    Cell::Text(v) => b.push_bind(v),
                    Cell::Int(v) => b.push_bind(v),
                    Cell::Bool(v) => b.push_bind(v),
                    Cell::Time(v) => b.push_bind(v),
                    Cell::Date(v) => b.push_bind(v),
                    Cell::Json(v) => b.push_bind(v.map(sqlx::types::Json)),
                };
            }
        });
        insert.build().execute(&mut *target).await?;
    }
    if let Some(key) = table.key.first() {
        let key_index = table.columns.iter().position(|(c, _)| c == key);
        for &i in &deferred {
            let (column, _) = &table.columns[i];
            let Some(k) = key_index else { break };
            for row in rows.iter().filter(|r| !r[i].is_null()) {
                let mut update: QueryBuilder<Postgres> =
                    QueryBuilder::new(format!("UPDATE \"{}\" SET \"{column}\" = ", table.name));
                push_cell(&mut update, &row[i]);
                update.push(format!(" WHERE \"{key}\" = "));
                push_cell(&mut update, &row[k]);
                update.build().execute(&mut *target).await?;
            }
        }
    }
    if let Some(serial) = &table.serial {
        sqlx::query(AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('\"{t}\"', '{serial}'),
                    COALESCE(MAX(\"{serial}\"), 1), MAX(\"{serial}\") IS NOT NULL)
               FROM \"{t}\"",
            t = table.name
        )))
        .execute(&mut *target)
        .await?;
    }

    let copied: Vec<Vec<Cell>> = sqlx::query(AssertSqlSafe(select))
        .fetch_all(&mut *target)
        .await?
        .iter()
        .map(|row| {
            table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| from_postgres(row, i, *kind))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<_, _>>()?;
    let (expected, got) = (checksum(&rows), checksum(&copied));
    if rows.len() != copied.len() || expected != got {
        bail!(
            "verification failed: {} rows with checksum {expected} in the source, {} rows with \
             checksum {got} in the target",
            rows.len(),
            copied.len()
        );
    }
    Ok(CopiedTable {
        table: table.name.clone(),
        rows: rows.len(),
        checksum: got,
    })
}

fn push_cell(q: &mut QueryBuilder<Postgres>, cell: &Cell) {
    match cell.clone() {
        Cell::Uuid(v) => q.push_bind(v),
        Cell::Text(v) => q.push_bind(v),
        Cell::Int(v) => q.push_bind(v),
        Cell::Bool(v) => q.push_bind(v),
        Cell::Time(v) => q.push_bind(v),
        Cell::Date(v) => q.push_bind(v),
        Cell::Json(v) => q.push_bind(v.map(sqlx::types::Json)),
    };
}
