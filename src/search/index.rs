//! Keeping the whole index current: at start, an index built by another analyzer version (or
//! none, on a database from before search) is rebuilt from the records. Day to day the store
//! keeps it current with every write (see [`crate::store::search`]).

use std::sync::Arc;

use uuid::Uuid;

use super::analyze::ANALYZER_VERSION;
use crate::store::Store;
use crate::store::search::reindex_collaboration;

/// Collaborations reindexed per transaction.
const BATCH: i64 = 200;

/// Rebuilds the index when it was built by another analyzer version; returns how many
/// collaborations were reindexed (with their experiences).
pub async fn ensure_current(store: &Arc<dyn Store>) -> anyhow::Result<u64> {
    if store.read().await?.search_index_version().await? == Some(ANALYZER_VERSION) {
        return Ok(0);
    }
    let count = rebuild(store).await?;
    let mut tx = store.write().await?;
    tx.set_search_index_version(ANALYZER_VERSION).await?;
    tx.commit().await?;
    Ok(count)
}

/// Reindexes every collaboration and experience, a batch per transaction, then compacts the
/// index.
pub async fn rebuild(store: &Arc<dyn Store>) -> anyhow::Result<u64> {
    let mut after: Option<Uuid> = None;
    let mut count = 0u64;
    loop {
        let mut tx = store.write().await?;
        let ids = tx.collaboration_ids(after, BATCH).await?;
        for id in &ids {
            reindex_collaboration(&mut *tx, *id, true).await?;
        }
        tx.commit().await?;
        count += ids.len() as u64;
        if count > 0 && ids.len() as i64 == BATCH {
            tracing::info!(collaborations = count, "search index: rebuilding");
        }
        match ids.last() {
            Some(last) if ids.len() as i64 == BATCH => after = Some(*last),
            _ => break,
        }
    }
    if count > 0 {
        let mut tx = store.write().await?;
        tx.compact_search_index().await?;
        tx.commit().await?;
        tracing::info!(collaborations = count, "search index rebuilt");
    }
    Ok(count)
}
