//! Signed links that work without logging in: unsubscribe (one user, one kind), the preferences
//! page (one user), and the yearly "still right?" confirmation (one user, one record). HMAC-SHA256
//! with a key derived from the JWT secret; a token for one purpose, user or kind is worthless for
//! another.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// What a token allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// Stop email of one kind (`digest` for the digests).
    Unsubscribe {
        /// Whose email.
        user: Uuid,
        /// Which kind.
        kind: String,
    },
    /// Open and change the email preferences.
    Preferences {
        /// Whose.
        user: Uuid,
    },
    /// Confirm a collaboration is still right.
    Confirm {
        /// Who confirms.
        user: Uuid,
        /// Which collaboration.
        collaboration: Uuid,
    },
}

impl Grant {
    fn payload(&self) -> String {
        match self {
            Grant::Unsubscribe { user, kind } => format!("unsubscribe:{user}:{kind}"),
            Grant::Preferences { user } => format!("preferences:{user}"),
            Grant::Confirm {
                user,
                collaboration,
            } => format!("confirm:{user}:{collaboration}"),
        }
    }

    fn parse(payload: &str) -> Option<Grant> {
        let mut parts = payload.split(':');
        let grant = match parts.next()? {
            "unsubscribe" => Grant::Unsubscribe {
                user: Uuid::parse_str(parts.next()?).ok()?,
                kind: parts.next()?.to_owned(),
            },
            "preferences" => Grant::Preferences {
                user: Uuid::parse_str(parts.next()?).ok()?,
            },
            "confirm" => Grant::Confirm {
                user: Uuid::parse_str(parts.next()?).ok()?,
                collaboration: Uuid::parse_str(parts.next()?).ok()?,
            },
            _ => return None,
        };
        parts.next().is_none().then_some(grant)
    }
}

/// Signs and checks link tokens.
#[derive(Clone)]
pub struct LinkSigner {
    key: [u8; 32],
}

impl LinkSigner {
    /// A signer keyed from the service secret, kept apart from its other uses.
    pub fn new(secret: &SecretString) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"bymidter link tokens v1\0");
        hasher.update(secret.expose_secret().as_bytes());
        LinkSigner {
            key: hasher.finalize().into(),
        }
    }

    fn mac(&self, payload: &[u8]) -> HmacSha256 {
        let mut mac = <HmacSha256 as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(payload);
        mac
    }

    /// The token for `grant`.
    pub fn sign(&self, grant: &Grant) -> String {
        let payload = grant.payload();
        let tag = self.mac(payload.as_bytes()).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// What a token allows, if it is genuine and unaltered.
    pub fn verify(&self, token: &str) -> Option<Grant> {
        let (payload, tag) = token.trim().split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(&payload).verify_slice(&tag).ok()?;
        Grant::parse(std::str::from_utf8(&payload).ok()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_their_user_kind_and_key() {
        let signer = LinkSigner::new(&SecretString::from("s".repeat(32)));
        let user = Uuid::now_v7();
        let grant = Grant::Unsubscribe {
            user,
            kind: "collaboration_published".into(),
        };
        let token = signer.sign(&grant);
        assert_eq!(signer.verify(&token), Some(grant));

        // Another key, an altered payload or tag: refused.
        assert!(
            LinkSigner::new(&SecretString::from("t".repeat(32)))
                .verify(&token)
                .is_none()
        );
        let (payload, tag) = token.split_once('.').expect("dot");
        let other = URL_SAFE_NO_PAD.encode(format!(
            "unsubscribe:{}:collaboration_published",
            Uuid::now_v7()
        ));
        assert!(signer.verify(&format!("{other}.{tag}")).is_none());
        assert!(signer.verify(&format!("{payload}.{}", &tag[1..])).is_none());
        assert!(signer.verify("garbage").is_none());
    }
}
