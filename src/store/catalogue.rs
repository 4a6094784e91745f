//! Reference data: regions, municipalities, themes, recommendations and the toolbox.

use async_trait::async_trait;

use super::StoreResult;

/// A region.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RegionRow {
    /// Code, e.g. `1085`.
    pub code: String,
    /// Name, e.g. `Region Sjælland`.
    pub name: String,
}

/// A municipality with its region.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct MunicipalityRow {
    /// Code without zero padding, e.g. `329`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Region code.
    pub region_code: String,
    /// Region name.
    pub region_name: String,
}

/// A theme of the partnership.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ThemeRow {
    /// Code, e.g. `3.1`.
    pub code: String,
    /// Parent theme code.
    pub parent: Option<String>,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// Danish summary.
    pub summary_da: String,
    /// English summary.
    pub summary_en: String,
    /// Order in the catalogue.
    pub position: i64,
    /// No longer offered for new links.
    pub retired: bool,
}

/// A recommendation, with its themes.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RecommendationRow {
    /// Code, e.g. `P3`.
    pub code: String,
    /// Not yet the official wording.
    pub provisional: bool,
    /// Danish title.
    pub title_da: String,
    /// English title.
    pub title_en: String,
    /// Danish summary.
    pub summary_da: String,
    /// English summary.
    pub summary_en: String,
    /// JSON array of addressees.
    pub addressees: String,
    /// Order in the catalogue.
    pub position: i64,
    /// No longer offered for new links; existing links still resolve.
    pub retired: bool,
    /// The recommendation that replaces a retired one.
    pub replaced_by: Option<String>,
    /// Theme codes, comma-separated.
    pub themes: String,
}

/// The texts of a recommendation, in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationTexts {
    /// Danish title.
    pub title_da: String,
    /// English title.
    pub title_en: String,
    /// Danish summary.
    pub summary_da: String,
    /// English summary.
    pub summary_en: String,
}

/// A section of the toolbox.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ToolboxSectionRow {
    /// Slug.
    pub slug: String,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// Order.
    pub position: i64,
}

/// A toolbox entry, with its themes.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ToolboxEntryRow {
    /// Slug.
    pub slug: String,
    /// Section slug.
    pub section: String,
    /// Danish title.
    pub title_da: String,
    /// English title.
    pub title_en: String,
    /// Danish summary.
    pub summary_da: String,
    /// English summary.
    pub summary_en: String,
    /// The organisation model this entry describes, if it is one of the four.
    pub organisation_model: Option<String>,
    /// Order.
    pub position: i64,
    /// No longer offered for new links.
    pub retired: bool,
    /// Theme codes, comma-separated.
    pub themes: String,
}

/// Reading and importing the catalogue.
#[async_trait]
pub trait CatalogueStore {
    /// All regions by code.
    async fn regions(&mut self) -> StoreResult<Vec<RegionRow>>;
    /// All municipalities by code, with their regions.
    async fn municipalities(&mut self) -> StoreResult<Vec<MunicipalityRow>>;
    /// One municipality.
    async fn municipality(&mut self, code: &str) -> StoreResult<Option<MunicipalityRow>>;
    /// All themes in catalogue order.
    async fn themes(&mut self) -> StoreResult<Vec<ThemeRow>>;
    /// All recommendations in catalogue order, retired ones included.
    async fn recommendations(&mut self) -> StoreResult<Vec<RecommendationRow>>;
    /// One recommendation, retired or not.
    async fn recommendation(&mut self, code: &str) -> StoreResult<Option<RecommendationRow>>;
    /// All toolbox sections in order.
    async fn toolbox_sections(&mut self) -> StoreResult<Vec<ToolboxSectionRow>>;
    /// All toolbox entries in order, retired ones included.
    async fn toolbox_entries(&mut self) -> StoreResult<Vec<ToolboxEntryRow>>;
    /// One toolbox entry.
    async fn toolbox_entry(&mut self, slug: &str) -> StoreResult<Option<ToolboxEntryRow>>;

    /// Inserts or updates a region.
    async fn upsert_region(&mut self, region: &RegionRow) -> StoreResult<()>;
    /// Inserts or updates a municipality (region fields other than the code are ignored).
    async fn upsert_municipality(&mut self, municipality: &MunicipalityRow) -> StoreResult<()>;
    /// Inserts or updates a theme (its `themes` field is ignored). A new theme, recommendation
    /// or toolbox entry takes the next free bit of its kind in the profiles' masks (migration
    /// 0013); an entry keeps its bit.
    async fn upsert_theme(&mut self, theme: &ThemeRow) -> StoreResult<()>;
    /// Inserts or updates a recommendation and replaces its theme list.
    async fn upsert_recommendation(&mut self, rec: &RecommendationRow) -> StoreResult<()>;
    /// Inserts or updates a toolbox section.
    async fn upsert_toolbox_section(&mut self, section: &ToolboxSectionRow) -> StoreResult<()>;
    /// Inserts or updates a toolbox entry and replaces its theme list.
    async fn upsert_toolbox_entry(&mut self, entry: &ToolboxEntryRow) -> StoreResult<()>;
    /// The version of the newest catalogue loaded, if any.
    async fn catalogue_version(&mut self) -> StoreResult<Option<i64>>;
    /// Notes that a catalogue was loaded.
    async fn record_catalogue_import(&mut self, version: i64, source: &str) -> StoreResult<()>;
    /// Replaces a recommendation's texts; `false` when there is no such recommendation.
    async fn set_recommendation_texts(
        &mut self,
        code: &str,
        texts: &RecommendationTexts,
    ) -> StoreResult<bool>;
    /// Retires a current recommendation, naming the one that replaces it if any; `false` when
    /// there is no such current recommendation.
    async fn retire_recommendation(
        &mut self,
        code: &str,
        replaced_by: Option<&str>,
    ) -> StoreResult<bool>;
    /// Marks every recommendation, theme and toolbox entry not named here as retired.
    async fn retire_catalogue_except(
        &mut self,
        themes: &[String],
        recommendations: &[String],
        toolbox: &[String],
    ) -> StoreResult<u64>;
}
