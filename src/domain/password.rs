//! Passwords as people choose them: long enough, not on the common list.

use std::collections::HashSet;
use std::sync::LazyLock;

use secrecy::{ExposeSecret, SecretString};

use crate::error::FieldError;

/// Shortest accepted password, in characters (OWASP: at least 8; we ask for 12).
pub const MIN_LEN: usize = 12;
/// Longest accepted password, in characters (argon2 cost stays bounded).
pub const MAX_LEN: usize = 128;

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../data/common-passwords.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect()
});

/// A new password that meets the rules. No composition rules (NIST 800-63B).
pub struct Password(SecretString);

impl Password {
    /// Checks a new password, naming `field` in the error.
    pub fn new(field: &str, raw: &str) -> Result<Password, FieldError> {
        let len = raw.chars().count();
        if len < MIN_LEN {
            return Err(FieldError::new(field, "field-password-short").arg("min", MIN_LEN));
        }
        if len > MAX_LEN {
            return Err(FieldError::new(field, "field-password-long").arg("max", MAX_LEN));
        }
        let lower = raw.to_lowercase();
        let first = lower.chars().next();
        if COMMON.contains(&lower) || lower.chars().all(|c| Some(c) == first) {
            return Err(FieldError::new(field, "field-password-common"));
        }
        Ok(Password(SecretString::from(raw.to_owned())))
    }

    /// The password, for hashing.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_and_common_list_are_enforced() {
        assert!(Password::new("password", "kort").is_err());
        assert!(Password::new("password", &"x".repeat(129)).is_err());
        assert!(Password::new("password", "Password1234").is_err());
        assert!(Password::new("password", "123456789012").is_err());
        assert!(Password::new("password", "Kodeord12345").is_err());
        assert!(Password::new("password", "grøn cykel ved åen").is_ok());
        assert_eq!(
            format!("{:?}", Password::new("p", "grøn cykel ved åen").ok()),
            "Some(Password([redacted]))"
        );
    }
}
