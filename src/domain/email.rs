//! Email addresses.

use std::str::FromStr;

use crate::error::FieldError;

/// A syntactically valid email address, kept as typed; compared case-insensitively by its
/// lowercased form ([`Email::normalized`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Parses an address, naming `field` in the error.
    pub fn parse(field: &str, raw: &str) -> Result<Email, FieldError> {
        let raw = raw.trim();
        if raw.len() > 254 {
            return Err(FieldError::new(field, "field-email-invalid"));
        }
        match email_address::EmailAddress::from_str(raw) {
            Ok(addr) if addr.domain().contains('.') && !raw.contains(['<', '>', ' ']) => {
                Ok(Email(raw.to_owned()))
            }
            _ => Err(FieldError::new(field, "field-email-invalid")),
        }
    }

    /// The address as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lowercased address, the key for uniqueness and look-ups.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }

    /// The address with most of the local part hidden, for logs (`j***@example.dk`).
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Hides most of an address's local part, for logs.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_and_masked() {
        let e = Email::parse("email", " Mette@Example.dk ").expect("valid");
        assert_eq!(e.as_str(), "Mette@Example.dk");
        assert_eq!(e.normalized(), "mette@example.dk");
        assert_eq!(e.masked(), "M***@Example.dk");
        assert!(Email::parse("email", "not-an-email").is_err());
        assert!(Email::parse("email", "a@b").is_err());
        assert!(Email::parse("email", "").is_err());
    }
}
