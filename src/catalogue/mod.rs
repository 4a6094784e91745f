//! The partnership's catalogue (themes, recommendations, toolbox) and the municipality list:
//! parsed, checked whole, then loaded in one transaction.

mod file;

use std::sync::Arc;

use anyhow::Context;

use crate::error::{AppError, FieldError, Validator};
use crate::store::Store;
use crate::store::catalogue::{MunicipalityRow, RecommendationTexts};

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

/// Longest recommendation title, in characters.
pub const TITLE_MAX: usize = 300;
/// Longest recommendation summary, in characters.
pub const SUMMARY_MAX: usize = 3000;

/// Replaces a recommendation's Danish and English texts (an administrator's correction between
/// editions). Every text is required; 404 for an unknown code.
pub async fn edit_recommendation(
    store: &Arc<dyn Store>,
    code: &str,
    texts: RecommendationTexts,
) -> Result<(), AppError> {
    let mut v = Validator::new();
    let mut check = |field: &'static str, value: &str, max: usize| {
        let len = value.trim().chars().count();
        if len == 0 || len > max {
            v.push(FieldError::new(field, "field-text-length").arg("max", max));
        }
    };
    check("title_da", &texts.title_da, TITLE_MAX);
    check("title_en", &texts.title_en, TITLE_MAX);
    check("summary_da", &texts.summary_da, SUMMARY_MAX);
    check("summary_en", &texts.summary_en, SUMMARY_MAX);
    v.finish()?;
    let texts = RecommendationTexts {
        title_da: texts.title_da.trim().to_owned(),
        title_en: texts.title_en.trim().to_owned(),
        summary_da: texts.summary_da.trim().to_owned(),
        summary_en: texts.summary_en.trim().to_owned(),
    };
    let mut tx = store.write().await?;
    if !tx.set_recommendation_texts(code, &texts).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(code, "recommendation texts edited");
    Ok(())
}

/// Retires a current recommendation, optionally naming the current one that replaces it. Like
/// an import, it is never deleted: its page and every link to it keep resolving. 404 for a code
/// that is unknown or retired already.
pub async fn retire_recommendation(
    store: &Arc<dyn Store>,
    code: &str,
    replaced_by: Option<&str>,
) -> Result<(), AppError> {
    let replaced_by = replaced_by.map(str::trim).filter(|c| !c.is_empty());
    let mut tx = store.write().await?;
    let current = tx
        .recommendation(code)
        .await?
        .filter(|r| !r.retired)
        .ok_or(AppError::NotFound)?;
    if let Some(next) = replaced_by {
        let usable =
            next != current.code && tx.recommendation(next).await?.is_some_and(|r| !r.retired);
        if !usable {
            return Err(AppError::field("replaced_by", "field-replacement-unknown"));
        }
    }
    if !tx.retire_recommendation(code, replaced_by).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    tracing::info!(code, replaced_by, "recommendation retired");
    Ok(())
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
