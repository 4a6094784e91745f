//! Figures counted once and kept until what they count changes.
//!
//! The uptake figures aggregate every link of every published collaboration: at 100,000
//! collaborations and 500,000 links that takes far longer than a page may. The database keeps
//! a generation number that every change to the counted tables bumps in the same transaction
//! (migration 0009, by triggers, so no write path can forget it). A figure is kept with the
//! generation read *before* it was counted; a reader that finds the same generation gets the
//! kept rows. Since the generation is read first, the rows are never older than it: no reader
//! ever sees counts older than the last commit, in this process or another one.
//!
//! Only read transactions use it: a write transaction sees its own changes, which may still be
//! rolled back.

use std::any::Any;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use super::StoreResult;
use super::scope::SqlParts;

/// The generation of everything the figures count.
pub const GENERATION_SQL: &str =
    "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM figure_generation";

/// How many figures (query and filter values) of one generation are kept.
const CAPACITY: usize = 2_000;

type Rows = Arc<dyn Any + Send + Sync>;

/// Counted rows by generation, query and filter values.
pub struct FigureCache {
    kept: quick_cache::sync::Cache<String, Rows>,
    /// The newest generation asked for.
    newest: AtomicI64,
}

impl Default for FigureCache {
    fn default() -> Self {
        FigureCache {
            kept: quick_cache::sync::Cache::new(CAPACITY),
            newest: AtomicI64::new(i64::MIN),
        }
    }
}

impl FigureCache {
    /// The rows of `q` at `generation`: kept ones, or those `count` counts. Readers asking for
    /// the same rows at once wait for the one counting them instead of counting too.
    pub async fn rows<T>(
        &self,
        generation: i64,
        q: &SqlParts,
        count: impl Future<Output = StoreResult<Vec<T>>>,
    ) -> StoreResult<Vec<T>>
    where
        T: Clone + Send + Sync + 'static,
    {
        if generation > self.newest.fetch_max(generation, Ordering::AcqRel) {
            // The figures of past generations are never asked for again (a reader that still
            // reads an older one counts afresh): without this they would fill the cache under
            // steady writes, and the process's memory with it.
            self.kept.clear();
        }
        let key = format!(
            "{generation}\u{0}{}\u{0}{}\u{0}{:?}",
            std::any::type_name::<T>(),
            q.sql,
            q.binds
        );
        let rows = self
            .kept
            .get_or_insert_async(&key, async {
                count.await.map(|rows| Arc::new(rows) as Rows)
            })
            .await?;
        rows.downcast_ref::<Vec<T>>()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("kept figures of another type under one key").into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn rows_serve_only_their_generation_and_query() {
        let cache = FigureCache::default();
        let mut q = SqlParts::new("SELECT count(*) FROM collaborations WHERE region = ");
        q.text("1085");
        let counted = |n: i64| async move { Ok(vec![n]) };
        assert_eq!(cache.rows(7, &q, counted(42)).await.ok(), Some(vec![42]));
        assert_eq!(
            cache.rows(7, &q, counted(0)).await.ok(),
            Some(vec![42]),
            "kept"
        );
        assert_eq!(
            cache.rows(8, &q, counted(43)).await.ok(),
            Some(vec![43]),
            "a change since: counted again"
        );
        let mut other = SqlParts::new("SELECT count(*) FROM collaborations WHERE region = ");
        other.text("1081");
        assert_eq!(cache.rows(8, &other, counted(5)).await.ok(), Some(vec![5]));
        assert_eq!(
            cache.kept.len(),
            2,
            "generation 7's figures went when 8 came"
        );
        assert_eq!(
            cache.rows(7, &q, counted(41)).await.ok(),
            Some(vec![41]),
            "a reader still on an older generation counts afresh"
        );
    }
}
