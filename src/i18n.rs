//! Danish first, English second: the language of a request and the texts in `locales/`.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use serde::{Deserialize, Serialize};
use unic_langid::{LanguageIdentifier, langid};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "da",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DA: LanguageIdentifier = langid!("da");
static EN: LanguageIdentifier = langid!("en");

/// A language the service speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// Danish, the default.
    #[default]
    Da,
    /// English.
    En,
}

impl Locale {
    /// Both languages, Danish first.
    pub const ALL: [Locale; 2] = [Locale::Da, Locale::En];

    /// The ISO 639-1 code, as used in `<html lang>` and the API.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Da => "da",
            Locale::En => "en",
        }
    }

    /// Parses `da` or `en` (and regional variants such as `en-GB`).
    pub fn parse(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "da" => Some(Locale::Da),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best match from an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or_default();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::parse(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        best.map(|(_, l)| l)
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Locale::Da => &DA,
            Locale::En => &EN,
        }
    }

    /// The text for `key`.
    pub fn text(self, key: &str) -> String {
        LOCALES.lookup(self.langid(), key)
    }

    /// The text for `key` with named arguments.
    pub fn text_with(self, key: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.clone())))
            .collect();
        LOCALES.lookup_with_args(self.langid(), key, &args)
    }

    /// The text for `key` with a count as `$count`, a number, so plural variants
    /// (`[one]`, `*[other]`) are chosen by it.
    pub fn text_count(self, key: &str, count: i64) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            HashMap::from([(Cow::Borrowed("count"), FluentValue::from(count))]);
        LOCALES.lookup_with_args(self.langid(), key, &args)
    }

    /// Picks the Danish or English variant of a catalogue text.
    pub fn pick<'a>(self, da: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Da => da,
            Locale::En => en,
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Locale {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "da" => Ok(Locale::Da),
            "en" => Ok(Locale::En),
            _ => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality() {
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.9,da;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(
            Locale::from_accept_language("de, da;q=0.5, en;q=0.4"),
            Some(Locale::Da)
        );
        assert_eq!(Locale::from_accept_language("de, fr"), None);
        assert_eq!(Locale::from_accept_language("en;q=0"), None);
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let read_dir = |lang: &str| -> String {
            let mut text = String::new();
            for entry in std::fs::read_dir(format!("locales/{lang}")).expect("locale dir") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == "ftl") {
                    text.push_str(&std::fs::read_to_string(path).expect("ftl"));
                    text.push('\n');
                }
            }
            text
        };
        let (da, en) = (read_dir("da"), read_dir("en"));
        let keys = |s: &str| -> std::collections::BTreeSet<String> {
            s.lines()
                .filter(|l| !l.starts_with(['#', ' ', '\t', '.']) && l.contains(" ="))
                .filter_map(|l| l.split(" =").next().map(str::to_owned))
                .collect()
        };
        for (lang, text) in [("da", &da), ("en", &en)] {
            let mut seen = std::collections::BTreeSet::new();
            for line in text
                .lines()
                .filter(|l| !l.starts_with(['#', ' ', '\t', '.']) && l.contains(" ="))
            {
                let key = line.split(" =").next().unwrap_or_default();
                assert!(
                    seen.insert(key.to_owned()),
                    "{key} is defined twice in locales/{lang}"
                );
            }
        }
        let (kd, ke) = (keys(&da), keys(&en));
        let missing_en: Vec<_> = kd.difference(&ke).collect();
        let missing_da: Vec<_> = ke.difference(&kd).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_da.is_empty(), "missing in da: {missing_da:?}");
    }
}
