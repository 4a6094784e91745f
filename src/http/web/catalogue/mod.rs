//! The catalogue's pages: recommendations, toolbox, themes, municipalities and regions.
//!
//! Each detail page also lists the collaborations that work on its recommendation, use its
//! tool, take up its theme or sit in its municipality or region (`super::collaborations`).

pub mod places;
pub mod recommendations;
pub mod themes;
pub mod toolbox;

use crate::i18n::Locale;
use crate::store::catalogue::{RecommendationRow, ThemeRow, ToolboxEntryRow, ToolboxSectionRow};

/// The page of a recommendation.
pub fn recommendation_href(code: &str) -> String {
    format!("/anbefalinger/{code}")
}

/// The page of a toolbox entry.
pub fn toolbox_href(slug: &str) -> String {
    format!("/vaerktoejer/{slug}")
}

/// The page of a theme.
pub fn theme_href(code: &str) -> String {
    format!("/temaer/{code}")
}

/// The page of a municipality.
pub fn municipality_href(code: &str) -> String {
    format!("/kommuner/{code}")
}

/// The page of a region.
pub fn region_href(code: &str) -> String {
    format!("/regioner/{code}")
}

fn split_codes(s: &str) -> Vec<&str> {
    s.split(',').filter(|c| !c.is_empty()).collect()
}

/// A link to a theme.
#[derive(Debug, Clone)]
pub struct ThemeLink {
    /// Code.
    pub code: String,
    /// Name in the page's language.
    pub name: String,
    /// Its page.
    pub href: String,
}

impl ThemeLink {
    fn new(row: &ThemeRow, l: Locale) -> ThemeLink {
        ThemeLink {
            code: row.code.clone(),
            name: l.pick(&row.name_da, &row.name_en).to_owned(),
            href: theme_href(&row.code),
        }
    }
}

/// Links to the themes named in a comma-separated list of codes, in catalogue order.
pub(in crate::http::web) fn theme_links(
    codes: &str,
    themes: &[ThemeRow],
    l: Locale,
) -> Vec<ThemeLink> {
    let codes = split_codes(codes);
    themes
        .iter()
        .filter(|t| codes.contains(&t.code.as_str()))
        .map(|t| ThemeLink::new(t, l))
        .collect()
}

/// A recommendation as the pages show it.
#[derive(Debug, Clone)]
pub struct RecommendationItem {
    /// Code, e.g. `P3`.
    pub code: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Its page.
    pub href: String,
    /// Its themes.
    pub themes: Vec<ThemeLink>,
    /// Who it is addressed to, in words.
    pub addressees: Vec<String>,
    /// Not the official wording yet.
    pub provisional: bool,
    /// No longer current.
    pub retired: bool,
    /// The code of the recommendation that replaced it.
    pub replaced_by: Option<String>,
    theme_codes: Vec<String>,
}

impl RecommendationItem {
    /// The page's view of a stored recommendation.
    pub fn new(row: &RecommendationRow, themes: &[ThemeRow], l: Locale) -> RecommendationItem {
        let addressees: Vec<String> = serde_json::from_str(&row.addressees).unwrap_or_default();
        RecommendationItem {
            code: row.code.clone(),
            title: l.pick(&row.title_da, &row.title_en).to_owned(),
            summary: l.pick(&row.summary_da, &row.summary_en).to_owned(),
            href: recommendation_href(&row.code),
            themes: theme_links(&row.themes, themes, l),
            addressees: addressees.iter().map(|a| addressee(a, l)).collect(),
            provisional: row.provisional,
            retired: row.retired,
            replaced_by: row.replaced_by.clone(),
            theme_codes: split_codes(&row.themes)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Whether it shares a theme with `codes`.
    pub fn shares_theme(&self, codes: &[String]) -> bool {
        self.theme_codes.iter().any(|c| codes.contains(c))
    }
}

/// Who a recommendation is addressed to, in words; an unknown addressee as it is stored.
fn addressee(code: &str, l: Locale) -> String {
    match code {
        "staten" => l.text("addressee-state"),
        "kommunerne" => l.text("addressee-municipalities"),
        "erhvervslivet" => l.text("addressee-business"),
        other => other.to_owned(),
    }
}

/// The name of an organisation model, in words.
pub fn organisation_model_name(model: &str, l: Locale) -> String {
    match model {
        "informal_private" => l.text("model-informal-private"),
        "formal_private" => l.text("model-formal-private"),
        "informal_public" => l.text("model-informal-public"),
        "formal_public" => l.text("model-formal-public"),
        other => other.to_owned(),
    }
}

/// A toolbox entry as the pages show it.
#[derive(Debug, Clone)]
pub struct ToolboxItem {
    /// Slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Its page.
    pub href: String,
    /// Section slug.
    pub section: String,
    /// Its themes.
    pub themes: Vec<ThemeLink>,
    /// The organisation model it describes, for the four model entries.
    pub organisation_model: Option<String>,
    /// No longer current.
    pub retired: bool,
    theme_codes: Vec<String>,
}

impl ToolboxItem {
    /// The page's view of a stored toolbox entry.
    pub fn new(row: &ToolboxEntryRow, themes: &[ThemeRow], l: Locale) -> ToolboxItem {
        ToolboxItem {
            slug: row.slug.clone(),
            title: l.pick(&row.title_da, &row.title_en).to_owned(),
            summary: l.pick(&row.summary_da, &row.summary_en).to_owned(),
            href: toolbox_href(&row.slug),
            section: row.section.clone(),
            themes: theme_links(&row.themes, themes, l),
            organisation_model: row.organisation_model.clone(),
            retired: row.retired,
            theme_codes: split_codes(&row.themes)
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Whether it shares a theme with `codes`.
    pub fn shares_theme(&self, codes: &[String]) -> bool {
        self.theme_codes.iter().any(|c| codes.contains(c))
    }
}

/// A toolbox section with its entries.
#[derive(Debug, Clone)]
pub struct ToolboxSection {
    /// Slug, also the anchor on the toolbox page.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Its current entries.
    pub entries: Vec<ToolboxItem>,
}

impl ToolboxSection {
    fn new(row: &ToolboxSectionRow, entries: &[ToolboxItem], l: Locale) -> ToolboxSection {
        ToolboxSection {
            slug: row.slug.clone(),
            name: l.pick(&row.name_da, &row.name_en).to_owned(),
            entries: entries
                .iter()
                .filter(|e| e.section == row.slug && !e.retired)
                .cloned()
                .collect(),
        }
    }
}

/// Whether a path segment differs from the stored code only in case: `p3` for `P3`.
fn case_variant<'a>(asked: &str, codes: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    codes
        .into_iter()
        .find(|c| *c != asked && c.eq_ignore_ascii_case(asked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_in_the_wrong_case_finds_the_stored_one() {
        assert_eq!(case_variant("p3", ["P1", "P3"]), Some("P3"));
        assert_eq!(case_variant("P3", ["P1", "P3"]), None);
        assert_eq!(case_variant("x", ["P1"]), None);
    }
}
