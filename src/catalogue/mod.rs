//! The partnership's catalogue (themes, recommendations, toolbox) and the municipality list:
//! parsed, checked whole, then loaded in one transaction.

mod file;

use std::sync::Arc;

use anyhow::Context;

use crate::store::Store;
use crate::store::catalogue::MunicipalityRow;

pub use file::{CatalogueError, CatalogueFile};

/// The catalogue shipped with the binary (`data/seed/catalogue.toml`).
pub const SEED_CATALOGUE: &str = include_str!("../../data/seed/catalogue.toml");
/// The municipalities shipped with the binary (`data/seed/municipalities.csv`).
pub const SEED_MUNICIPALITIES: &str = include_str!("../../data/seed/municipalities.csv");

/// What an import changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The file's version.
    pub version: i64,
    /// Themes in the file.
    pub themes: usize,
    /// Recommendations in the file.
    pub recommendations: usize,
    /// Toolbox entries in the file.
    pub toolbox: usize,
    /// Entries no longer in the catalogue, now retired (links to them still resolve).
    pub retired: u64,
}

/// Loads the shipped reference data: municipalities always (idempotent), the catalogue when the
/// database holds none or an older one, so an admin's newer import is never overwritten.
pub async fn seed(store: &Arc<dyn Store>) -> anyhow::Result<()> {
    let municipalities = parse_municipalities(SEED_MUNICIPALITIES)?;
    let catalogue = CatalogueFile::parse(SEED_CATALOGUE).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = store.write().await?;
    let mut regions = std::collections::BTreeMap::new();
    for m in &municipalities {
        regions.insert(m.region_code.clone(), m.region_name.clone());
    }
    for (code, name) in regions {
        tx.upsert_region(&crate::store::catalogue::RegionRow { code, name })
            .await?;
    }
    for m in &municipalities {
        tx.upsert_municipality(m).await?;
    }
    let current = tx.catalogue_version().await?;
    if current.is_none_or(|v| v < catalogue.version) {
        file::apply(&mut *tx, &catalogue).await?;
        tracing::info!(version = catalogue.version, "loaded the shipped catalogue");
    }
    tx.commit().await?;
    Ok(())
}

/// Imports a catalogue file: checked whole first; nothing changes if any entry is wrong.
pub async fn import(store: &Arc<dyn Store>, text: &str) -> Result<ImportSummary, CatalogueError> {
    let catalogue = CatalogueFile::parse(text)?;
    let mut tx = store.write().await.map_err(CatalogueError::store)?;
    let summary = file::apply(&mut *tx, &catalogue)
        .await
        .map_err(CatalogueError::store)?;
    tx.commit().await.map_err(CatalogueError::store)?;
    Ok(summary)
}

/// Parses `code,name,region_code,region_name` rows.
pub fn parse_municipalities(text: &str) -> anyhow::Result<Vec<MunicipalityRow>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.deserialize::<MunicipalityRecord>().enumerate() {
        let line = i + 2;
        let r = record.with_context(|| format!("municipalities.csv line {line}"))?;
        let code = crate::domain::MunicipalityCode::parse(&r.code).ok_or_else(|| {
            anyhow::anyhow!("municipalities.csv line {line}: bad code {}", r.code)
        })?;
        rows.push(MunicipalityRow {
            code: code.to_string(),
            name: r.name,
            region_code: r.region_code,
            region_name: r.region_name,
        });
    }
    Ok(rows)
}

#[derive(serde::Deserialize)]
struct MunicipalityRecord {
    code: String,
    name: String,
    region_code: String,
    region_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_reference_data_is_valid() {
        let municipalities = parse_municipalities(SEED_MUNICIPALITIES).expect("csv");
        assert_eq!(municipalities.len(), 98);
        let regions: std::collections::BTreeSet<_> =
            municipalities.iter().map(|m| &m.region_code).collect();
        assert_eq!(regions.len(), 5);
        let catalogue = CatalogueFile::parse(SEED_CATALOGUE).expect("catalogue");
        assert_eq!(catalogue.recommendations.len(), 6);
        assert!(catalogue.toolbox.len() >= 10);
    }
}
