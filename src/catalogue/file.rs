//! The catalogue file format (`data/seed/catalogue.toml`) and its checks.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::ImportSummary;
use crate::domain::vocab::{FeeBasis, LinkStatus, OrganisationModel, PartnerKind};
use crate::i18n::Locale;
use crate::store::catalogue::{RecommendationRow, ThemeRow, ToolboxEntryRow, ToolboxSectionRow};
use crate::store::{StoreError, Tx};

/// A catalogue file that could not be used, with where and why.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogueError {
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// The field concerned, e.g. `recommendations[2].themes`.
    pub field: String,
    /// Message key.
    pub key: &'static str,
    /// Message arguments.
    pub args: Vec<(&'static str, String)>,
}

impl CatalogueError {
    fn at(text: &str, span: Option<Range<usize>>, field: String, key: &'static str) -> Self {
        CatalogueError {
            line: span.map(|s| line_of(text, s.start)),
            field,
            key,
            args: Vec::new(),
        }
    }

    fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub(super) fn store(err: StoreError) -> Self {
        CatalogueError {
            line: None,
            field: String::new(),
            key: "catalogue-error-store",
            args: vec![("error", err.to_string())],
        }
    }

    /// The message in `locale`, with line and field.
    pub fn message(&self, locale: Locale) -> String {
        let text = locale.text_with(self.key, &self.args);
        match self.line {
            Some(line) if self.field.is_empty() => locale.text_with(
                "catalogue-error-at-line",
                &[("line", line.to_string()), ("message", text)],
            ),
            Some(line) => locale.text_with(
                "catalogue-error-at",
                &[
                    ("line", line.to_string()),
                    ("field", self.field.clone()),
                    ("message", text),
                ],
            ),
            None if !self.field.is_empty() => format!("{}: {text}", self.field),
            None => text,
        }
    }
}

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Locale::En))
    }
}

impl std::error::Error for CatalogueError {}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// The parsed file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueFile {
    /// Increases with every new edition; the shipped seed only loads over an older one.
    pub version: i64,
    /// Where the content comes from.
    pub source: String,
    /// Themes.
    #[serde(default)]
    pub themes: Vec<ThemeEntry>,
    /// Recommendations.
    #[serde(default)]
    pub recommendations: Vec<RecommendationEntry>,
    /// Toolbox sections.
    #[serde(default)]
    pub toolbox_sections: Vec<SectionEntry>,
    /// Toolbox entries.
    #[serde(default)]
    pub toolbox: Vec<ToolboxEntry>,
    /// Must match the organisation models this version knows.
    #[serde(default)]
    pub organisation_models: Vec<Spanned<String>>,
    /// Must match the fee bases this version knows.
    #[serde(default)]
    pub fee_bases: Vec<Spanned<String>>,
    /// Must match the partner kinds this version knows.
    #[serde(default)]
    pub partner_kinds: Vec<Spanned<String>>,
    /// Must match the link statuses this version knows.
    #[serde(default)]
    pub recommendation_statuses: Vec<Spanned<String>>,
}

/// A theme in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeEntry {
    code: Spanned<String>,
    parent: Option<Spanned<String>>,
    name_da: String,
    name_en: String,
    summary_da: String,
    summary_en: String,
    #[serde(default)]
    retired: bool,
}

/// A recommendation in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendationEntry {
    code: Spanned<String>,
    #[serde(default)]
    provisional: bool,
    #[serde(default)]
    themes: Vec<Spanned<String>>,
    #[serde(default)]
    addressees: Vec<String>,
    title_da: String,
    title_en: String,
    summary_da: String,
    summary_en: String,
    #[serde(default)]
    retired: bool,
    /// Older (e.g. provisional) codes this one replaces; they are retired and point here.
    #[serde(default)]
    replaces: Vec<Spanned<String>>,
}

/// A toolbox section in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    slug: Spanned<String>,
    name_da: String,
    name_en: String,
}

/// A toolbox entry in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToolboxEntry {
    slug: Spanned<String>,
    section: Spanned<String>,
    #[serde(default)]
    themes: Vec<Spanned<String>>,
    organisation_model: Option<Spanned<String>>,
    title_da: String,
    title_en: String,
    summary_da: String,
    summary_en: String,
    #[serde(default)]
    retired: bool,
    /// The vocabularies written after the last `[[toolbox]]` table belong to it in TOML;
    /// files are written that way, so they are accepted here too.
    #[serde(default)]
    organisation_models: Vec<Spanned<String>>,
    #[serde(default)]
    fee_bases: Vec<Spanned<String>>,
    #[serde(default)]
    partner_kinds: Vec<Spanned<String>>,
    #[serde(default)]
    recommendation_statuses: Vec<Spanned<String>>,
}

impl CatalogueFile {
    /// Parses and checks the whole file; the first problem found is returned.
    pub fn parse(text: &str) -> Result<CatalogueFile, CatalogueError> {
        let file: CatalogueFile = toml::from_str(text).map_err(|e| {
            let field = e.message().to_owned();
            CatalogueError::at(text, e.span(), String::new(), "catalogue-error-syntax")
                .arg("message", field)
        })?;
        file.check(text)?;
        Ok(file)
    }

    fn check(&self, text: &str) -> Result<(), CatalogueError> {
        let err = |span: Range<usize>, field: String, key| {
            CatalogueError::at(text, Some(span), field, key)
        };
        let mut theme_codes = HashSet::new();
        for (i, t) in self.themes.iter().enumerate() {
            check_code(text, &t.code, format!("themes[{i}].code"))?;
            if !theme_codes.insert(t.code.get_ref().as_str()) {
                return Err(err(
                    t.code.span(),
                    format!("themes[{i}].code"),
                    "catalogue-error-duplicate",
                )
                .arg("value", t.code.get_ref()));
            }
            check_texts(
                text,
                &t.code,
                &format!("themes[{i}]"),
                [&t.name_da, &t.name_en, &t.summary_da, &t.summary_en],
            )?;
        }
        for (i, t) in self.themes.iter().enumerate() {
            if let Some(parent) = &t.parent
                && !theme_codes.contains(parent.get_ref().as_str())
            {
                return Err(err(
                    parent.span(),
                    format!("themes[{i}].parent"),
                    "catalogue-error-unknown-theme",
                )
                .arg("value", parent.get_ref()));
            }
        }
        let known_theme =
            |field: String, themes: &[Spanned<String>]| -> Result<(), CatalogueError> {
                for theme in themes {
                    if !theme_codes.contains(theme.get_ref().as_str()) {
                        return Err(err(theme.span(), field, "catalogue-error-unknown-theme")
                            .arg("value", theme.get_ref()));
                    }
                }
                Ok(())
            };
        let mut rec_codes = HashSet::new();
        for (i, r) in self.recommendations.iter().enumerate() {
            check_code(text, &r.code, format!("recommendations[{i}].code"))?;
            if !rec_codes.insert(r.code.get_ref().as_str()) {
                return Err(err(
                    r.code.span(),
                    format!("recommendations[{i}].code"),
                    "catalogue-error-duplicate",
                )
                .arg("value", r.code.get_ref()));
            }
            known_theme(format!("recommendations[{i}].themes"), &r.themes)?;
            check_texts(
                text,
                &r.code,
                &format!("recommendations[{i}]"),
                [&r.title_da, &r.title_en, &r.summary_da, &r.summary_en],
            )?;
        }
        for (i, r) in self.recommendations.iter().enumerate() {
            for old in &r.replaces {
                if old.get_ref() == r.code.get_ref() {
                    return Err(err(
                        old.span(),
                        format!("recommendations[{i}].replaces"),
                        "catalogue-error-replaces-itself",
                    ));
                }
            }
        }
        let mut sections = HashSet::new();
        for (i, s) in self.toolbox_sections.iter().enumerate() {
            check_code(text, &s.slug, format!("toolbox_sections[{i}].slug"))?;
            if !sections.insert(s.slug.get_ref().as_str()) {
                return Err(err(
                    s.slug.span(),
                    format!("toolbox_sections[{i}].slug"),
                    "catalogue-error-duplicate",
                )
                .arg("value", s.slug.get_ref()));
            }
        }
        let mut slugs = HashSet::new();
        for (i, t) in self.toolbox.iter().enumerate() {
            check_code(text, &t.slug, format!("toolbox[{i}].slug"))?;
            if !slugs.insert(t.slug.get_ref().as_str()) {
                return Err(err(
                    t.slug.span(),
                    format!("toolbox[{i}].slug"),
                    "catalogue-error-duplicate",
                )
                .arg("value", t.slug.get_ref()));
            }
            if !sections.contains(t.section.get_ref().as_str()) {
                return Err(err(
                    t.section.span(),
                    format!("toolbox[{i}].section"),
                    "catalogue-error-unknown-section",
                )
                .arg("value", t.section.get_ref()));
            }
            known_theme(format!("toolbox[{i}].themes"), &t.themes)?;
            if let Some(model) = &t.organisation_model
                && model.get_ref().parse::<OrganisationModel>().is_err()
            {
                return Err(err(
                    model.span(),
                    format!("toolbox[{i}].organisation_model"),
                    "catalogue-error-unknown-value",
                )
                .arg("value", model.get_ref()));
            }
            check_texts(
                text,
                &t.slug,
                &format!("toolbox[{i}]"),
                [&t.title_da, &t.title_en, &t.summary_da, &t.summary_en],
            )?;
        }
        let vocabularies = std::iter::once((
            &self.organisation_models,
            &self.fee_bases,
            &self.partner_kinds,
            &self.recommendation_statuses,
        ))
        .chain(self.toolbox.iter().map(|t| {
            (
                &t.organisation_models,
                &t.fee_bases,
                &t.partner_kinds,
                &t.recommendation_statuses,
            )
        }));
        for (models, fees, partners, statuses) in vocabularies {
            check_vocabulary(text, "organisation_models", models, |v| {
                v.parse::<OrganisationModel>().is_ok()
            })?;
            check_vocabulary(text, "fee_bases", fees, |v| v.parse::<FeeBasis>().is_ok())?;
            check_vocabulary(text, "partner_kinds", partners, |v| {
                v.parse::<PartnerKind>().is_ok()
            })?;
            check_vocabulary(text, "recommendation_statuses", statuses, |v| {
                v.parse::<LinkStatus>().is_ok()
            })?;
        }
        Ok(())
    }
}

fn check_code(text: &str, code: &Spanned<String>, field: String) -> Result<(), CatalogueError> {
    let value = code.get_ref();
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(())
    } else {
        Err(
            CatalogueError::at(text, Some(code.span()), field, "catalogue-error-bad-code")
                .arg("value", value),
        )
    }
}

fn check_texts(
    text: &str,
    at: &Spanned<String>,
    entry: &str,
    values: [&String; 4],
) -> Result<(), CatalogueError> {
    if values.iter().any(|v| v.trim().is_empty()) {
        return Err(CatalogueError::at(
            text,
            Some(at.span()),
            entry.to_owned(),
            "catalogue-error-empty-text",
        ));
    }
    Ok(())
}

fn check_vocabulary(
    text: &str,
    name: &str,
    values: &[Spanned<String>],
    known: impl Fn(&str) -> bool,
) -> Result<(), CatalogueError> {
    for (i, v) in values.iter().enumerate() {
        if !known(v.get_ref()) {
            return Err(CatalogueError::at(
                text,
                Some(v.span()),
                format!("{name}[{i}]"),
                "catalogue-error-unknown-value",
            )
            .arg("value", v.get_ref()));
        }
    }
    Ok(())
}

/// Writes the file into the store: upserts what it names, retires what it no longer names.
pub(super) async fn apply(
    tx: &mut dyn Tx,
    file: &CatalogueFile,
) -> Result<ImportSummary, StoreError> {
    let replaced_by: HashMap<&str, &str> = file
        .recommendations
        .iter()
        .flat_map(|r| {
            r.replaces
                .iter()
                .map(move |old| (old.get_ref().as_str(), r.code.get_ref().as_str()))
        })
        .collect();
    // Parents first, so the self-reference holds at every step.
    let mut themes: Vec<(usize, &ThemeEntry)> = file.themes.iter().enumerate().collect();
    themes.sort_by_key(|(_, t)| t.parent.is_some());
    for (i, t) in themes {
        tx.upsert_theme(&ThemeRow {
            code: t.code.get_ref().clone(),
            parent: t.parent.as_ref().map(|p| p.get_ref().clone()),
            name_da: t.name_da.clone(),
            name_en: t.name_en.clone(),
            summary_da: t.summary_da.clone(),
            summary_en: t.summary_en.clone(),
            position: i as i64,
            retired: t.retired,
        })
        .await?;
    }
    // Replacements first, so `replaced_by` of older entries can point at them.
    let mut recs: Vec<(usize, &RecommendationEntry)> =
        file.recommendations.iter().enumerate().collect();
    recs.sort_by_key(|(_, r)| replaced_by.contains_key(r.code.get_ref().as_str()));
    for (i, r) in recs {
        let code = r.code.get_ref();
        let replacement = replaced_by.get(code.as_str()).map(|c| (*c).to_owned());
        tx.upsert_recommendation(&RecommendationRow {
            code: code.clone(),
            provisional: r.provisional,
            title_da: r.title_da.clone(),
            title_en: r.title_en.clone(),
            summary_da: r.summary_da.clone(),
            summary_en: r.summary_en.clone(),
            addressees: serde_json::to_string(&r.addressees).map_err(anyhow::Error::from)?,
            position: i as i64,
            retired: r.retired || replacement.is_some(),
            replaced_by: replacement,
            themes: r
                .themes
                .iter()
                .map(|t| t.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(","),
        })
        .await?;
    }
    // Codes replaced but absent from this file keep their old text and get their pointer.
    for (old, new) in &replaced_by {
        if !file.recommendations.iter().any(|r| r.code.get_ref() == old)
            && let Some(mut row) = tx.recommendation(old).await?
        {
            row.retired = true;
            row.replaced_by = Some((*new).to_owned());
            tx.upsert_recommendation(&row).await?;
        }
    }
    for (i, s) in file.toolbox_sections.iter().enumerate() {
        tx.upsert_toolbox_section(&ToolboxSectionRow {
            slug: s.slug.get_ref().clone(),
            name_da: s.name_da.clone(),
            name_en: s.name_en.clone(),
            position: i as i64,
        })
        .await?;
    }
    for (i, t) in file.toolbox.iter().enumerate() {
        tx.upsert_toolbox_entry(&ToolboxEntryRow {
            slug: t.slug.get_ref().clone(),
            section: t.section.get_ref().clone(),
            title_da: t.title_da.clone(),
            title_en: t.title_en.clone(),
            summary_da: t.summary_da.clone(),
            summary_en: t.summary_en.clone(),
            organisation_model: t.organisation_model.as_ref().map(|m| m.get_ref().clone()),
            position: i as i64,
            retired: t.retired,
            themes: t
                .themes
                .iter()
                .map(|t| t.get_ref().as_str())
                .collect::<Vec<_>>()
                .join(","),
        })
        .await?;
    }
    let keep = |codes: Vec<&Spanned<String>>| {
        codes
            .into_iter()
            .map(|c| c.get_ref().clone())
            .collect::<Vec<_>>()
    };
    let retired = tx
        .retire_catalogue_except(
            &keep(file.themes.iter().map(|t| &t.code).collect()),
            &keep(file.recommendations.iter().map(|r| &r.code).collect()),
            &keep(file.toolbox.iter().map(|t| &t.slug).collect()),
        )
        .await?;
    tx.record_catalogue_import(file.version, &file.source)
        .await?;
    Ok(ImportSummary {
        version: file.version,
        themes: file.themes.len(),
        recommendations: file.recommendations.len(),
        toolbox: file.toolbox.len(),
        retired,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(extra: &str) -> String {
        format!(
            "version = 2\nsource = \"test\"\n\n[[themes]]\ncode = \"1\"\nname_da = \"a\"\nname_en = \"a\"\nsummary_da = \"a\"\nsummary_en = \"a\"\n{extra}"
        )
    }

    #[test]
    fn an_unknown_theme_is_named_with_its_line() {
        let text = minimal(
            "\n[[recommendations]]\ncode = \"R1\"\nthemes = [\"9\"]\ntitle_da = \"t\"\ntitle_en = \"t\"\nsummary_da = \"s\"\nsummary_en = \"s\"\n",
        );
        let err = CatalogueFile::parse(&text).expect_err("unknown theme");
        assert_eq!(err.field, "recommendations[0].themes");
        assert_eq!(err.line, Some(13));
        assert!(err.to_string().contains("line 13"), "{err}");
    }

    #[test]
    fn a_syntax_error_names_the_line() {
        let text = minimal("\n[[recommendations]]\ncode = R1\n");
        let err = CatalogueFile::parse(&text).expect_err("syntax");
        assert_eq!(err.line, Some(12));
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let text = minimal("colour = \"red\"\n");
        let err = CatalogueFile::parse(&text).expect_err("unknown field");
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn duplicate_codes_are_refused() {
        let text = minimal(
            "\n[[themes]]\ncode = \"1\"\nname_da = \"b\"\nname_en = \"b\"\nsummary_da = \"b\"\nsummary_en = \"b\"\n",
        );
        let err = CatalogueFile::parse(&text).expect_err("duplicate");
        assert_eq!(err.field, "themes[1].code");
    }
}
