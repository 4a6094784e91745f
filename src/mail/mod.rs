//! Email: templates per email in Danish and English, the outbox they are queued in, and the
//! transports that deliver them (SMTP, `.eml` files, memory).

pub mod outbox;
pub mod templates;
mod transport;

use chrono::{DateTime, Utc};
use uuid::Uuid;

pub use outbox::OutboxWorker;
pub use templates::{Email, Rendered};
pub use transport::{Mailer, MemoryOutbox};

use crate::config::Config;
use crate::store::outbox::NewOutboxEmail;
use crate::store::{StoreResult, Tx};

/// An email ready to be queued: who gets it, what it is, and the message itself.
pub struct Queued<'a> {
    /// Unique per message: queueing the same key again does nothing.
    pub idempotency_key: String,
    /// The recipient's address.
    pub to: &'a str,
    /// The message in the reader's language.
    pub email: &'a dyn Email,
    /// Extra headers (e.g. `List-Unsubscribe`), a JSON object of name -> value.
    pub headers: serde_json::Value,
}

/// Renders `queued` and writes it to the outbox in the caller's transaction, so the email goes
/// out exactly when the change that causes it is committed. `false` when the key was queued
/// already.
pub async fn enqueue(
    tx: &mut dyn Tx,
    config: &Config,
    queued: Queued<'_>,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let rendered = queued.email.render()?;
    let id = Uuid::now_v7();
    let headers = if queued.headers.is_object() {
        queued.headers
    } else {
        serde_json::json!({})
    };
    tx.enqueue_email(&NewOutboxEmail {
        id,
        idempotency_key: queued.idempotency_key,
        kind: queued.email.kind().to_owned(),
        message_id: message_id(id, &config.mail.from),
        recipient: queued.to.to_owned(),
        subject: rendered.subject,
        body_text: rendered.text,
        body_html: rendered.html,
        headers,
        created_at: now,
    })
    .await
}

/// A Message-ID of our own: `<id@domain of the sender>`.
fn message_id(id: Uuid, from: &str) -> String {
    let domain = from
        .rsplit('@')
        .next()
        .map(|d| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty() && !d.contains(' '))
        .unwrap_or("bymidter.localhost");
    format!("<{}@{domain}>", id.simple())
}

/// A link into the service, from the configured public base URL (never the Host header), with
/// `token` as the query parameter `token`.
pub fn link(config: &Config, path: &str, token: Option<&str>) -> String {
    let mut url = config.http.public_url.clone();
    let base = url.path().trim_end_matches('/').to_owned();
    url.set_path(&format!("{base}/{}", path.trim_start_matches('/')));
    url.set_query(None);
    if let Some(token) = token {
        url.query_pairs_mut().append_pair("token", token);
    }
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_come_from_the_public_url_and_ids_from_the_sender() {
        let mut config = Config::from_toml("").expect("config");
        config.http.public_url = "https://bymidter.dk/app/".parse().expect("url");
        assert_eq!(
            link(&config, "/verify-email", Some("abc_-1")),
            "https://bymidter.dk/app/verify-email?token=abc_-1"
        );
        assert_eq!(
            link(&config, "login", None),
            "https://bymidter.dk/app/login"
        );
        let id = Uuid::now_v7();
        assert_eq!(
            message_id(id, "Bymidter <noreply@bymidter.dk>"),
            format!("<{}@bymidter.dk>", id.simple())
        );
    }
}
