//! Settings: the embedded `config/default.toml`, an optional file, then the environment.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};

/// The documented defaults, compiled in so that the binary runs with no files around it.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Where the service runs; production refuses unsafe defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// A developer's machine or a test.
    Development,
    /// A real deployment.
    Production,
}

/// Every setting of the service.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `development` or `production`.
    pub environment: Environment,
    /// Directory of the embedded database, generated key and mail files.
    pub data_dir: PathBuf,
    /// Database URL; empty means the embedded SQLite file.
    #[serde(serialize_with = "redacted")]
    pub database_url: SecretString,
    /// Pool size per process.
    pub database_max_connections: u32,
    /// The HTTP listener.
    pub http: HttpConfig,
    /// Tokens and passwords.
    pub auth: AuthConfig,
    /// Outgoing email.
    pub mail: MailConfig,
    /// The email outbox worker.
    pub outbox: OutboxConfig,
    /// Digest schedule.
    pub digest: DigestConfig,
    /// Limits on the authentication endpoints.
    pub rate_limits: RateLimitConfig,
    /// Logging.
    pub log: LogConfig,
    /// The Prometheus endpoint.
    pub metrics: MetricsConfig,
}

/// The HTTP listener and how links are built.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Listen address.
    pub addr: SocketAddr,
    /// Base of every link the service writes.
    pub public_url: url::Url,
    /// Read the client address from forwarding headers.
    pub trust_proxy: bool,
    /// Per-request timeout.
    pub request_timeout_secs: u64,
    /// Largest accepted request body.
    pub body_limit_bytes: usize,
}

/// Tokens and password hashing.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// HS256 key; generated into the data directory in development when empty.
    #[serde(serialize_with = "redacted")]
    pub jwt_secret: SecretString,
    /// Access token lifetime.
    pub access_token_ttl_secs: u64,
    /// Refresh token lifetime.
    pub refresh_token_ttl_days: u64,
    /// Concurrent password hashes; 0 = half the CPUs, at least one.
    pub hash_concurrency: usize,
    /// Verification link lifetime.
    pub verification_ttl_hours: u64,
    /// Password reset link lifetime.
    pub reset_ttl_minutes: u64,
    /// Invitation link lifetime.
    pub invitation_ttl_days: u64,
    /// Register, login, resend-verification and password-reset answer no sooner than this,
    /// so that their time does not tell whether an address has an account.
    pub min_response_ms: u64,
}

/// How email leaves the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    /// A real SMTP server.
    Smtp,
    /// `.eml` files in `<data_dir>/mail/`.
    File,
}

/// Transport security towards the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text (a relay on loopback).
    None,
    /// Upgrade with STARTTLS.
    Starttls,
    /// TLS from the first byte.
    Tls,
}

/// Outgoing email settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// `smtp` or `file`.
    pub transport: MailTransportKind,
    /// Sender address.
    pub from: String,
    /// SMTP host.
    pub smtp_host: String,
    /// SMTP port.
    pub smtp_port: u16,
    /// SMTP transport security.
    pub smtp_tls: SmtpTls,
    /// SMTP user; empty for none.
    pub smtp_username: String,
    /// SMTP password.
    #[serde(serialize_with = "redacted")]
    pub smtp_password: SecretString,
    /// SMTP timeout.
    pub smtp_timeout_secs: u64,
}

/// The outbox worker.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxConfig {
    /// Poll interval.
    pub poll_interval_ms: u64,
    /// Messages per round.
    pub batch_size: u32,
    /// Attempts before a message is dead.
    pub max_attempts: u32,
    /// First retry delay; doubles each time.
    pub retry_base_secs: u64,
}

/// When digests are built.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DigestConfig {
    /// Hour of day, Europe/Copenhagen.
    pub hour: u32,
    /// Weekday of weekly digests, 1 = Monday.
    pub weekly_day: u32,
}

/// Limits on the authentication endpoints.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Whether the limits apply.
    pub enabled: bool,
    /// Attempts per window per client address.
    pub per_ip: u32,
    /// Attempts per window per account.
    pub per_account: u32,
    /// Window length.
    pub window_secs: u64,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Logging.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`.
    pub format: LogFormat,
    /// Tracing filter.
    pub level: String,
}

/// The metrics listener.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsConfig {
    /// Listen address; empty for none.
    pub addr: String,
}

impl MetricsConfig {
    /// The listen address, if there is to be a metrics listener.
    pub fn listen_addr(&self) -> anyhow::Result<Option<SocketAddr>> {
        let addr = self.addr.trim();
        if addr.is_empty() {
            return Ok(None);
        }
        addr.parse().map(Some).map_err(|_| {
            anyhow::anyhow!(
                "metrics.addr (BYMIDTER__METRICS__ADDR) must be an address and port such as \
                 127.0.0.1:9091, or empty for no metrics listener; `{addr}` is neither"
            )
        })
    }
}

fn redacted<S: Serializer>(secret: &SecretString, s: S) -> Result<S::Ok, S::Error> {
    if secret.expose_secret().is_empty() {
        s.serialize_str("")
    } else {
        s.serialize_str("[redacted]")
    }
}

impl Config {
    /// Loads the defaults, then `file` (if any), then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Toml::string(DEFAULT_TOML));
        if let Some(file) = file {
            if !file.exists() {
                bail!("configuration file {} does not exist", file.display());
            }
            figment = figment.merge(Toml::file(file));
        }
        let figment = figment
            .merge(Env::prefixed("BYMIDTER__").split("__"))
            .merge(Env::raw().only(&["DATABASE_URL"]));
        let mut config: Config = figment.extract().map_err(describe_figment_error)?;
        config.resolve()?;
        Ok(config)
    }

    /// The defaults with `overrides` (TOML) on top, ignoring the environment: for embedding the
    /// service in another program, such as the test harness.
    pub fn from_toml(overrides: &str) -> anyhow::Result<Self> {
        Self::from_toml_layers(&[overrides])
    }

    /// The defaults with each of `layers` (TOML) merged on top in order, ignoring the
    /// environment; a later layer may repeat a section of an earlier one.
    pub fn from_toml_layers(layers: &[&str]) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Toml::string(DEFAULT_TOML));
        for layer in layers {
            figment = figment.merge(Toml::string(layer));
        }
        let mut config: Config = figment.extract().map_err(describe_figment_error)?;
        config.resolve()?;
        Ok(config)
    }

    /// Fills in derived defaults and refuses unsafe production settings.
    fn resolve(&mut self) -> anyhow::Result<()> {
        if self.database_url.expose_secret().trim().is_empty() {
            let path = self.data_dir.join("bymidter.db");
            self.database_url = SecretString::from(format!("sqlite://{}", path.display()));
        }
        if self.auth.access_token_ttl_secs == 0 || self.auth.access_token_ttl_secs > 900 {
            bail!("auth.access_token_ttl_secs must be between 1 and 900");
        }
        if self.auth.reset_ttl_minutes == 0 || self.auth.reset_ttl_minutes > 30 {
            bail!("auth.reset_ttl_minutes must be between 1 and 30");
        }
        if self.auth.min_response_ms > 5000 {
            bail!("auth.min_response_ms must be at most 5000");
        }
        if self.digest.hour > 23 {
            bail!("digest.hour must be between 0 and 23");
        }
        self.metrics.listen_addr()?;
        if !(1..=7).contains(&self.digest.weekly_day) {
            bail!("digest.weekly_day must be between 1 (Monday) and 7 (Sunday)");
        }
        if self.production() {
            if self.auth.jwt_secret.expose_secret().len() < 32 {
                bail!(
                    "auth.jwt_secret (BYMIDTER__AUTH__JWT_SECRET) must be set to at least 32 random bytes in production"
                );
            }
            if self.mail.transport != MailTransportKind::Smtp {
                bail!(
                    "mail.transport (BYMIDTER__MAIL__TRANSPORT) must be `smtp` in production; the file mailer delivers nothing"
                );
            }
        } else if self.auth.jwt_secret.expose_secret().is_empty() {
            let key = load_or_generate_key(&self.data_dir)?;
            self.auth.jwt_secret = SecretString::from(key);
        } else if self.auth.jwt_secret.expose_secret().len() < 32 {
            bail!("auth.jwt_secret must be at least 32 bytes");
        }
        Ok(())
    }

    /// Whether this is a production deployment.
    pub fn production(&self) -> bool {
        self.environment == Environment::Production
    }

    /// The effective settings as TOML, secrets redacted.
    pub fn redacted_toml(&self) -> anyhow::Result<String> {
        Ok(toml::to_string_pretty(self)?)
    }
}

fn describe_figment_error(err: figment::Error) -> anyhow::Error {
    let mut lines = Vec::new();
    for e in err {
        let key = if e.path.is_empty() {
            String::from("(top level)")
        } else {
            e.path.join(".")
        };
        let source = e
            .metadata
            .as_ref()
            .map(|m| format!(" (from {})", m.name))
            .unwrap_or_default();
        lines.push(format!("invalid setting `{key}`{source}: {}", e.kind));
    }
    anyhow::anyhow!(lines.join("\n"))
}

/// Reads the development JWT key from the data directory, creating it on first use.
fn load_or_generate_key(data_dir: &Path) -> anyhow::Result<String> {
    let path = data_dir.join("jwt.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let key = existing.trim().to_owned();
        if key.len() >= 32 {
            return Ok(key);
        }
    }
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let key = crate::auth::tokens::random_token(32);
    write_private(&path, &key)
        .with_context(|| format!("cannot write the generated key to {}", path.display()))?;
    Ok(key)
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_every_section_is_documented() {
        let config: Config = Figment::from(Toml::string(DEFAULT_TOML))
            .extract()
            .expect("default.toml parses");
        assert_eq!(config.environment, Environment::Development);
        assert_eq!(config.http.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.mail.transport, MailTransportKind::File);
    }

    #[test]
    fn a_metrics_address_is_an_address_or_empty() {
        // A key of its own, so that nothing is generated into the working directory.
        let key = "[auth]\njwt_secret = \"0123456789abcdef0123456789abcdef\"\n";
        let with = |metrics: &str| Config::from_toml_layers(&[key, metrics]);
        let none = with("").expect("defaults");
        assert_eq!(none.metrics.listen_addr().expect("valid"), None);
        let set = with("[metrics]\naddr = \"127.0.0.1:9091\"").expect("valid");
        assert_eq!(
            set.metrics.listen_addr().expect("valid"),
            Some("127.0.0.1:9091".parse().expect("address"))
        );
        let err = with("[metrics]\naddr = \"localhost\"")
            .expect_err("not an address")
            .to_string();
        assert!(
            err.contains("metrics.addr") && err.contains("localhost"),
            "{err}"
        );
    }

    #[test]
    fn redacted_output_hides_secrets() {
        let mut config: Config = Figment::from(Toml::string(DEFAULT_TOML))
            .extract()
            .expect("default.toml parses");
        config.auth.jwt_secret = SecretString::from("a-very-secret-key-that-is-long-enough");
        config.database_url = SecretString::from("postgres://user:hunter2@db/bymidter");
        let out = config.redacted_toml().expect("serialises");
        assert!(!out.contains("hunter2"));
        assert!(!out.contains("a-very-secret-key"));
        assert!(out.contains("[redacted]"));
    }
}
