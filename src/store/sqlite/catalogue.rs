//! Catalogue queries for SQLite.

use async_trait::async_trait;

use super::SqliteTx;
use crate::store::StoreResult;
use crate::store::catalogue::*;

macro_rules! recommendation_select {
    () => {
        "
    SELECT r.code, r.provisional, r.title_da, r.title_en, r.summary_da, r.summary_en,
           r.addressees, r.position, r.retired, r.replaced_by,
           COALESCE((SELECT group_concat(theme_code, ',') FROM
                       (SELECT theme_code FROM recommendation_themes
                         WHERE recommendation_code = r.code ORDER BY theme_code)), '') AS themes
      FROM recommendations r"
    };
}

macro_rules! toolbox_select {
    () => {
        "
    SELECT t.slug, t.section, t.title_da, t.title_en, t.summary_da, t.summary_en,
           t.organisation_model, t.position, t.retired,
           COALESCE((SELECT group_concat(theme_code, ',') FROM
                       (SELECT theme_code FROM toolbox_entry_themes
                         WHERE toolbox_slug = t.slug ORDER BY theme_code)), '') AS themes
      FROM toolbox_entries t"
    };
}

#[async_trait]
impl CatalogueStore for SqliteTx {
    async fn regions(&mut self) -> StoreResult<Vec<RegionRow>> {
        Ok(
            sqlx::query_as("SELECT code, name FROM regions ORDER BY CAST(code AS INTEGER)")
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn municipalities(&mut self) -> StoreResult<Vec<MunicipalityRow>> {
        Ok(sqlx::query_as(
            "SELECT m.code, m.name, m.region_code, r.name AS region_name
               FROM municipalities m JOIN regions r ON r.code = m.region_code
              ORDER BY CAST(m.code AS INTEGER)",
        )
        .fetch_all(self.conn())
        .await?)
    }

    async fn municipality(&mut self, code: &str) -> StoreResult<Option<MunicipalityRow>> {
        Ok(sqlx::query_as(
            "SELECT m.code, m.name, m.region_code, r.name AS region_name
               FROM municipalities m JOIN regions r ON r.code = m.region_code
              WHERE m.code = $1",
        )
        .bind(code)
        .fetch_optional(self.conn())
        .await?)
    }

    async fn themes(&mut self) -> StoreResult<Vec<ThemeRow>> {
        Ok(sqlx::query_as(
            "SELECT code, parent, name_da, name_en, summary_da, summary_en, position, retired
               FROM themes ORDER BY position",
        )
        .fetch_all(self.conn())
        .await?)
    }

    async fn recommendations(&mut self) -> StoreResult<Vec<RecommendationRow>> {
        Ok(
            sqlx::query_as(concat!(recommendation_select!(), " ORDER BY r.position"))
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn recommendation(&mut self, code: &str) -> StoreResult<Option<RecommendationRow>> {
        Ok(
            sqlx::query_as(concat!(recommendation_select!(), " WHERE r.code = $1"))
                .bind(code)
                .fetch_optional(self.conn())
                .await?,
        )
    }

    async fn toolbox_sections(&mut self) -> StoreResult<Vec<ToolboxSectionRow>> {
        Ok(sqlx::query_as(
            "SELECT slug, name_da, name_en, position FROM toolbox_sections ORDER BY position",
        )
        .fetch_all(self.conn())
        .await?)
    }

    async fn toolbox_entries(&mut self) -> StoreResult<Vec<ToolboxEntryRow>> {
        Ok(
            sqlx::query_as(concat!(toolbox_select!(), " ORDER BY t.position"))
                .fetch_all(self.conn())
                .await?,
        )
    }

    async fn toolbox_entry(&mut self, slug: &str) -> StoreResult<Option<ToolboxEntryRow>> {
        Ok(
            sqlx::query_as(concat!(toolbox_select!(), " WHERE t.slug = $1"))
                .bind(slug)
                .fetch_optional(self.conn())
                .await?,
        )
    }

    async fn upsert_region(&mut self, region: &RegionRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO regions (code, name) VALUES ($1, $2)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        )
        .bind(&region.code)
        .bind(&region.name)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn upsert_municipality(&mut self, m: &MunicipalityRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO municipalities (code, name, region_code) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code",
        )
        .bind(&m.code)
        .bind(&m.name)
        .bind(&m.region_code)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn upsert_theme(&mut self, t: &ThemeRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO themes (code, parent, name_da, name_en, summary_da, summary_en, position, retired,
                 bit)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT COALESCE(max(bit) + 1, 0) FROM themes))
             ON CONFLICT (code) DO UPDATE SET parent = excluded.parent, name_da = excluded.name_da,
                 name_en = excluded.name_en, summary_da = excluded.summary_da,
                 summary_en = excluded.summary_en, position = excluded.position,
                 retired = excluded.retired",
        )
        .bind(&t.code)
        .bind(&t.parent)
        .bind(&t.name_da)
        .bind(&t.name_en)
        .bind(&t.summary_da)
        .bind(&t.summary_en)
        .bind(t.position)
        .bind(t.retired)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn upsert_recommendation(&mut self, r: &RecommendationRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO recommendations (code, provisional, title_da, title_en, summary_da,
                 summary_en, addressees, position, retired, replaced_by, bit)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                 (SELECT COALESCE(max(bit) + 1, 0) FROM recommendations))
             ON CONFLICT (code) DO UPDATE SET provisional = excluded.provisional,
                 title_da = excluded.title_da, title_en = excluded.title_en,
                 summary_da = excluded.summary_da, summary_en = excluded.summary_en,
                 addressees = excluded.addressees, position = excluded.position,
                 retired = excluded.retired, replaced_by = excluded.replaced_by",
        )
        .bind(&r.code)
        .bind(r.provisional)
        .bind(&r.title_da)
        .bind(&r.title_en)
        .bind(&r.summary_da)
        .bind(&r.summary_en)
        .bind(&r.addressees)
        .bind(r.position)
        .bind(r.retired)
        .bind(&r.replaced_by)
        .execute(self.conn())
        .await?;
        sqlx::query("DELETE FROM recommendation_themes WHERE recommendation_code = $1")
            .bind(&r.code)
            .execute(self.conn())
            .await?;
        for theme in r.themes.split(',').filter(|t| !t.is_empty()) {
            sqlx::query(
                "INSERT INTO recommendation_themes (recommendation_code, theme_code) VALUES ($1, $2)",
            )
            .bind(&r.code)
            .bind(theme)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    async fn upsert_toolbox_section(&mut self, s: &ToolboxSectionRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO toolbox_sections (slug, name_da, name_en, position) VALUES ($1, $2, $3, $4)
             ON CONFLICT (slug) DO UPDATE SET name_da = excluded.name_da,
                 name_en = excluded.name_en, position = excluded.position",
        )
        .bind(&s.slug)
        .bind(&s.name_da)
        .bind(&s.name_en)
        .bind(s.position)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn upsert_toolbox_entry(&mut self, e: &ToolboxEntryRow) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO toolbox_entries (slug, section, title_da, title_en, summary_da,
                 summary_en, organisation_model, position, retired, bit)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
                 (SELECT COALESCE(max(bit) + 1, 0) FROM toolbox_entries))
             ON CONFLICT (slug) DO UPDATE SET section = excluded.section,
                 title_da = excluded.title_da, title_en = excluded.title_en,
                 summary_da = excluded.summary_da, summary_en = excluded.summary_en,
                 organisation_model = excluded.organisation_model,
                 position = excluded.position, retired = excluded.retired",
        )
        .bind(&e.slug)
        .bind(&e.section)
        .bind(&e.title_da)
        .bind(&e.title_en)
        .bind(&e.summary_da)
        .bind(&e.summary_en)
        .bind(&e.organisation_model)
        .bind(e.position)
        .bind(e.retired)
        .execute(self.conn())
        .await?;
        sqlx::query("DELETE FROM toolbox_entry_themes WHERE toolbox_slug = $1")
            .bind(&e.slug)
            .execute(self.conn())
            .await?;
        for theme in e.themes.split(',').filter(|t| !t.is_empty()) {
            sqlx::query(
                "INSERT INTO toolbox_entry_themes (toolbox_slug, theme_code) VALUES ($1, $2)",
            )
            .bind(&e.slug)
            .bind(theme)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    async fn catalogue_version(&mut self) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT max(version) FROM catalogue_imports")
                .fetch_one(self.conn())
                .await?,
        )
    }

    async fn record_catalogue_import(&mut self, version: i64, source: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO catalogue_imports (version, source, imported_at) VALUES ($1, $2, $3)",
        )
        .bind(version)
        .bind(source)
        .bind(chrono::Utc::now())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    async fn set_recommendation_texts(
        &mut self,
        code: &str,
        texts: &RecommendationTexts,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE recommendations SET title_da = $2, title_en = $3, summary_da = $4,
                 summary_en = $5
              WHERE code = $1",
        )
        .bind(code)
        .bind(&texts.title_da)
        .bind(&texts.title_en)
        .bind(&texts.summary_da)
        .bind(&texts.summary_en)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn retire_recommendation(
        &mut self,
        code: &str,
        replaced_by: Option<&str>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE recommendations SET retired = 1, replaced_by = $2
              WHERE code = $1 AND retired = 0",
        )
        .bind(code)
        .bind(replaced_by)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn retire_catalogue_except(
        &mut self,
        themes: &[String],
        recommendations: &[String],
        toolbox: &[String],
    ) -> StoreResult<u64> {
        // SQLite has no arrays: the keep-lists travel as JSON and are read with json_each.
        let json = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
        let mut retired = 0;
        for (sql, keep) in [
            (
                "UPDATE themes SET retired = 1
                  WHERE retired = 0 AND code NOT IN (SELECT value FROM json_each($1))",
                json(themes),
            ),
            (
                "UPDATE recommendations SET retired = 1
                  WHERE retired = 0 AND code NOT IN (SELECT value FROM json_each($1))",
                json(recommendations),
            ),
            (
                "UPDATE toolbox_entries SET retired = 1
                  WHERE retired = 0 AND slug NOT IN (SELECT value FROM json_each($1))",
                json(toolbox),
            ),
        ] {
            retired += sqlx::query(sql)
                .bind(keep)
                .execute(self.conn())
                .await?
                .rows_affected();
        }
        Ok(retired)
    }
}
