//! Municipality codes as in `data/seed/municipalities.csv`.

use crate::error::FieldError;

/// A municipality (or region) code: digits, shown without zero padding (`"329"`); `"0329"` is
/// accepted as the same code. Whether it exists is checked against the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MunicipalityCode(u16);

impl MunicipalityCode {
    /// Parses one to four digits.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > 4 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        raw.parse::<u16>()
            .ok()
            .filter(|n| *n > 0)
            .map(MunicipalityCode)
    }

    /// Parses a request field, naming `field` in the error.
    pub fn parse_field(field: &str, raw: &str) -> Result<Self, FieldError> {
        Self::parse(raw).ok_or_else(|| FieldError::new(field, "field-municipality-unknown"))
    }
}

impl std::fmt::Display for MunicipalityCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_padded_codes_are_the_same_code() {
        assert_eq!(
            MunicipalityCode::parse("0329"),
            MunicipalityCode::parse("329")
        );
        assert_eq!(
            MunicipalityCode::parse("0329").map(|c| c.to_string()),
            Some("329".into())
        );
        assert!(MunicipalityCode::parse("12345").is_none());
        assert!(MunicipalityCode::parse("3a9").is_none());
        assert!(MunicipalityCode::parse("0").is_none());
        assert!(MunicipalityCode::parse("").is_none());
    }
}
