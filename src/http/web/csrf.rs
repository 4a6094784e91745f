//! Protection against cross-site form posts: a signed double-submit token.
//!
//! A visitor gets a random value in an HttpOnly cookie; every form carries
//! HMAC(key, value) in a hidden field, the key derived from the JWT secret. Another site can
//! neither read the cookie nor compute the token, and a cookie planted from elsewhere comes
//! without a matching token. POSTs that a browser marks `Sec-Fetch-Site: cross-site` are
//! refused outright.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;

use crate::auth::tokens::random_token;
use crate::config::Config;

/// The cookie holding the visitor's random value.
pub const CSRF_COOKIE: &str = "bymidter_csrf";
/// The hidden form field holding the token.
pub const CSRF_FIELD: &str = "csrf_token";

/// The visitor's CSRF value and the token forms carry.
#[derive(Debug, Clone)]
pub struct Csrf {
    /// The random value kept in the cookie.
    pub nonce: String,
    /// The token for the forms on this page.
    pub token: String,
    /// Whether the cookie must be (re)set with this response.
    pub is_new: bool,
}

fn mac(config: &Config, nonce: &str) -> Option<Hmac<Sha256>> {
    // A key of its own for this purpose, so a CSRF token can never pass as anything else.
    let mut derive =
        Hmac::<Sha256>::new_from_slice(config.auth.jwt_secret.expose_secret().as_bytes()).ok()?;
    derive.update(b"bymidter csrf key v1");
    let key = derive.finalize().into_bytes();
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(nonce.as_bytes());
    Some(mac)
}

fn sign(config: &Config, nonce: &str) -> String {
    mac(config, nonce)
        .map(|m| URL_SAFE_NO_PAD.encode(m.finalize().into_bytes()))
        .unwrap_or_default()
}

fn plausible_nonce(nonce: &str) -> bool {
    nonce.len() == 43
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Csrf {
    /// The state for a request that sent `cookie` (the value of [`CSRF_COOKIE`], if any).
    pub fn for_cookie(config: &Config, cookie: Option<&str>) -> Csrf {
        let (nonce, is_new) = match cookie.filter(|c| plausible_nonce(c)) {
            Some(c) => (c.to_owned(), false),
            None => (random_token(32), true),
        };
        let token = sign(config, &nonce);
        Csrf {
            nonce,
            token,
            is_new,
        }
    }

    /// Whether `token` was issued for the cookie value `cookie`.
    pub fn verify(config: &Config, cookie: Option<&str>, token: &str) -> bool {
        let Some(cookie) = cookie.filter(|c| plausible_nonce(c)) else {
            return false;
        };
        let Ok(given) = URL_SAFE_NO_PAD.decode(token.trim()) else {
            return false;
        };
        mac(config, cookie).is_some_and(|m| m.verify_slice(&given).is_ok())
    }

    /// The `Set-Cookie` value for this visitor; `secure` when served over https.
    pub fn set_cookie(&self, secure: bool) -> String {
        format!(
            "{CSRF_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax{}",
            self.nonce,
            if secure { "; Secure" } else { "" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(secret: &str) -> Config {
        Config::from_toml(&format!(
            "database_url = \"sqlite::memory:\"\n[auth]\njwt_secret = \"{secret}\"\n"
        ))
        .expect("config")
    }

    #[test]
    fn a_token_passes_only_with_its_own_cookie_and_key() {
        let config = config(&"k".repeat(32));
        let fresh = Csrf::for_cookie(&config, None);
        assert!(fresh.is_new);
        assert!(Csrf::verify(&config, Some(&fresh.nonce), &fresh.token));

        let again = Csrf::for_cookie(&config, Some(&fresh.nonce));
        assert!(!again.is_new);
        assert_eq!(again.token, fresh.token);

        let other = Csrf::for_cookie(&config, None);
        assert!(!Csrf::verify(&config, Some(&other.nonce), &fresh.token));
        assert!(!Csrf::verify(&config, None, &fresh.token));
        assert!(!Csrf::verify(&config, Some(&fresh.nonce), ""));
        assert!(!Csrf::verify(&config, Some(&fresh.nonce), "not base64!"));

        let other_key = config_with_other_key();
        assert!(!Csrf::verify(&other_key, Some(&fresh.nonce), &fresh.token));
    }

    fn config_with_other_key() -> Config {
        config(&"o".repeat(32))
    }

    #[test]
    fn a_malformed_cookie_is_replaced() {
        let config = config(&"k".repeat(32));
        let csrf = Csrf::for_cookie(&config, Some("short"));
        assert!(csrf.is_new);
        assert_ne!(csrf.nonce, "short");
        assert!(csrf.set_cookie(true).ends_with("; Secure"));
        assert!(!csrf.set_cookie(false).contains("Secure"));
    }
}
