//! URL slugs made from Danish titles.

/// A lowercase ASCII slug: letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    /// Makes a slug from a title: æ -> ae, ø -> oe, å -> aa, other letters without accents,
    /// everything else a hyphen. At most `max` characters; never empty.
    pub fn from_title(title: &str, max: usize) -> Slug {
        let mut out = String::with_capacity(title.len());
        for c in title.chars().flat_map(char::to_lowercase) {
            let mapped: &str = match c {
                'æ' => "ae",
                'ø' => "oe",
                'å' => "aa",
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'é' | 'è' | 'ê' => "e",
                'á' | 'à' => "a",
                'ó' | 'ò' => "o",
                'í' => "i",
                'ß' => "ss",
                c if c.is_ascii_alphanumeric() => {
                    out.push(c);
                    continue;
                }
                _ => "-",
            };
            out.push_str(mapped);
        }
        let mut slug = String::with_capacity(out.len());
        for part in out.split('-').filter(|p| !p.is_empty()) {
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(part);
        }
        if slug.len() > max {
            slug.truncate(max);
            while slug.ends_with('-') {
                slug.pop();
            }
        }
        if slug.is_empty() {
            slug.push('x');
        }
        Slug(slug)
    }

    /// The slug with a numeric suffix, to make it unique.
    pub fn with_suffix(&self, n: u32) -> Slug {
        Slug(format!("{}-{n}", self.0))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_titles_become_readable_slugs() {
        assert_eq!(
            Slug::from_title("Bysamarbejdet i Næstved", 80).as_str(),
            "bysamarbejdet-i-naestved"
        );
        assert_eq!(
            Slug::from_title("  Ørsted & Åbenrå!! ", 80).as_str(),
            "oersted-aabenraa"
        );
        assert_eq!(Slug::from_title("***", 80).as_str(), "x");
        assert_eq!(Slug::from_title("abc def ghi", 6).as_str(), "abc-de");
    }
}
