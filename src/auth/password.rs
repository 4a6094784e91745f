//! Password hashing with argon2id (OWASP: m = 19 MiB, t = 2, p = 1), on blocking threads under
//! a concurrency limit so that a flood of logins cannot starve other requests.

use std::sync::{Arc, LazyLock};

use anyhow::Context;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;
use tracing::Instrument;

const M_COST: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(M_COST, T_COST, P_COST, None)
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A hash of a random password, verified against when the email is unknown, so that a login
/// for an unknown account costs the same time as one for a known account.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let random = crate::auth::tokens::random_token(24);
    argon2()
        .ok()?
        .hash_password(random.as_bytes())
        .ok()
        .map(|h| h.to_string())
});

/// The outcome of checking a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The password is wrong (or the account unknown).
    Wrong,
    /// The password is right.
    Right,
    /// The password is right, and the stored hash used older parameters: store a new one.
    RightButRehash,
}

/// Hashes and verifies passwords, a bounded number at a time.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
}

impl PasswordHasher {
    /// A hasher running at most `concurrency` hashes at once (0 = half the CPUs, at least one:
    /// a burst of logins leaves the other half to everything else).
    pub fn new(concurrency: usize) -> Self {
        let n = if concurrency == 0 {
            std::thread::available_parallelism().map_or(1, |cpus| (usize::from(cpus) / 2).max(1))
        } else {
            concurrency
        };
        PasswordHasher {
            permits: Arc::new(Semaphore::new(n)),
        }
    }

    /// The PHC string of `password`.
    pub async fn hash(&self, password: &str) -> anyhow::Result<String> {
        let password = password.to_owned();
        self.blocking(move || {
            argon2()?
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
        })
        .await
    }

    /// Checks `password` against `stored`; with `None` (unknown account) a dummy hash is
    /// checked instead and the answer is always [`Verdict::Wrong`].
    pub async fn verify(&self, stored: Option<&str>, password: &str) -> anyhow::Result<Verdict> {
        let password = password.to_owned();
        let known = stored.is_some();
        let stored = stored.map(str::to_owned).or_else(|| DUMMY_HASH.clone());
        self.blocking(move || {
            let Some(stored) = stored else {
                return Ok(Verdict::Wrong);
            };
            let parsed =
                PasswordHash::new(&stored).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
            let ok = argon2()?
                .verify_password(password.as_bytes(), &parsed)
                .is_ok();
            if !ok || !known {
                return Ok(Verdict::Wrong);
            }
            let current = Params::try_from(&parsed).ok();
            let up_to_date = parsed.algorithm.as_str() == "argon2id"
                && current.is_some_and(|p| {
                    p.m_cost() == M_COST && p.t_cost() == T_COST && p.p_cost() == P_COST
                });
            Ok(if up_to_date {
                Verdict::Right
            } else {
                Verdict::RightButRehash
            })
        })
        .await
    }

    async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || span.in_scope(work))
            .instrument(tracing::Span::current())
            .await
            .context("hashing task failed")?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_password_and_old_parameters_ask_for_a_rehash() {
        let hasher = PasswordHasher::new(2);
        let hash = hasher.hash("en lang og god sætning").await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            hasher
                .verify(Some(&hash), "en lang og god sætning")
                .await
                .ok(),
            Some(Verdict::Right)
        );
        assert_eq!(
            hasher.verify(Some(&hash), "forkert").await.ok(),
            Some(Verdict::Wrong)
        );
        assert_eq!(
            hasher.verify(None, "en lang og god sætning").await.ok(),
            Some(Verdict::Wrong)
        );

        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).expect("params"),
        )
        .hash_password(b"en lang og god saetning")
        .expect("hash")
        .to_string();
        assert_eq!(
            hasher
                .verify(Some(&weak), "en lang og god saetning")
                .await
                .ok(),
            Some(Verdict::RightButRehash)
        );
    }
}
