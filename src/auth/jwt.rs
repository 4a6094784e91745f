//! Access tokens: HS256 JWTs with `iss`, `aud`, `sub`, `exp` (<= 15 min), `iat` and `jti`.

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Issuer of every token.
pub const ISSUER: &str = "bymidter";
/// Audience of every token.
pub const AUDIENCE: &str = "bymidter-api";
/// Clock skew tolerated when checking `exp`.
pub const LEEWAY_SECS: u64 = 30;

/// The claims of an access token; every one is required.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The user's id.
    pub sub: Uuid,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Token id.
    pub jti: Uuid,
}

/// The signing key and the pinned validation rules.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: i64,
}

/// A freshly issued access token.
pub struct AccessToken {
    /// The JWT.
    pub token: String,
    /// Seconds until it expires.
    pub expires_in: i64,
}

impl JwtKeys {
    /// Keys from the configured secret (at least 32 bytes, checked at start-up).
    pub fn new(secret: &SecretString, ttl_secs: u64) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        // Only HS256 is accepted: `alg: none` or any other algorithm fails validation.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        JwtKeys {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            ttl_secs: i64::try_from(ttl_secs).unwrap_or(900).min(900),
        }
    }

    /// Issues a token for `user`.
    pub fn issue(&self, user: Uuid) -> anyhow::Result<AccessToken> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: user,
            exp: now + self.ttl_secs,
            iat: now,
            jti: Uuid::now_v7(),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok(AccessToken {
            token,
            expires_in: self.ttl_secs,
        })
    }

    /// Checks a token: signature, algorithm, issuer, audience, expiry, and an `iat` that is not
    /// in the future.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        let leeway = i64::try_from(LEEWAY_SECS).unwrap_or(30);
        if data.claims.iat > Utc::now().timestamp() + leeway {
            return None;
        }
        Some(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new(&SecretString::from("k".repeat(32)), 900)
    }

    #[test]
    fn a_token_verifies_and_a_tampered_one_does_not() {
        let keys = keys();
        let user = Uuid::now_v7();
        let token = keys.issue(user).expect("issue").token;
        assert_eq!(keys.verify(&token).map(|c| c.sub), Some(user));
        let other = JwtKeys::new(&SecretString::from("o".repeat(32)), 900);
        assert!(other.verify(&token).is_none(), "another key");
        let mut parts: Vec<&str> = token.split('.').collect();
        parts[2] = "AAAA";
        assert!(keys.verify(&parts.join(".")).is_none(), "bad signature");
    }
}
