//! Delivering a queued email: SMTP (STARTTLS or TLS via rustls), `.eml` files, or memory.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::{Config, MailTransportKind, SmtpTls};
use crate::domain::email::mask;
use crate::store::outbox::OutboxRow;

/// Messages kept by the in-memory transport, as sent (RFC 5322 text).
#[derive(Clone, Default)]
pub struct MemoryOutbox(Arc<Mutex<Vec<String>>>);

impl MemoryOutbox {
    /// Every message delivered so far.
    pub fn messages(&self) -> Vec<String> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(PathBuf),
    Memory(MemoryOutbox),
}

/// Sends email through the configured transport.
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

impl Mailer {
    /// The transport the settings ask for: SMTP, or `.eml` files in `<data_dir>/mail/`.
    pub fn from_config(config: &Config) -> anyhow::Result<Mailer> {
        let from: Mailbox =
            config.mail.from.parse().with_context(|| {
                format!("mail.from ({}) is not an email address", config.mail.from)
            })?;
        let transport = match config.mail.transport {
            MailTransportKind::File => Transport::File(config.data_dir.join("mail")),
            MailTransportKind::Smtp => {
                let host = config.mail.smtp_host.as_str();
                let mut builder = match config.mail.smtp_tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                    SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                        .context("mail.smtp_host cannot be used for STARTTLS")?,
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)
                        .context("mail.smtp_host cannot be used for TLS")?,
                };
                builder = builder
                    .port(config.mail.smtp_port)
                    .timeout(Some(Duration::from_secs(config.mail.smtp_timeout_secs)));
                if !config.mail.smtp_username.is_empty() {
                    builder = builder.credentials(Credentials::new(
                        config.mail.smtp_username.clone(),
                        config.mail.smtp_password.expose_secret().to_owned(),
                    ));
                }
                Transport::Smtp(builder.build())
            }
        };
        Ok(Mailer { from, transport })
    }

    /// A mailer that keeps what it sends in memory (unit tests).
    pub fn memory(from: &str) -> anyhow::Result<(Mailer, MemoryOutbox)> {
        let outbox = MemoryOutbox::default();
        let mailer = Mailer {
            from: from.parse().context("sender address")?,
            transport: Transport::Memory(outbox.clone()),
        };
        Ok((mailer, outbox))
    }

    /// Delivers one queued email.
    #[tracing::instrument(skip_all, fields(to = %mask(&email.recipient), kind = %email.kind, id = %email.id))]
    pub async fn send(&self, email: &OutboxRow) -> anyhow::Result<()> {
        let message = self.build(email)?;
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message)
                    .await
                    .context("the SMTP server refused")?;
            }
            Transport::File(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .with_context(|| format!("cannot create {}", dir.display()))?;
                let name = format!(
                    "{}-{}.eml",
                    email.created_at.format("%Y%m%dT%H%M%S"),
                    email.id.simple()
                );
                tokio::fs::write(dir.join(name), message.formatted())
                    .await
                    .context("cannot write the mail file")?;
            }
            Transport::Memory(outbox) => {
                let text = String::from_utf8_lossy(&message.formatted()).into_owned();
                if let Ok(mut m) = outbox.0.lock() {
                    m.push(text);
                }
            }
        }
        tracing::info!("email sent");
        Ok(())
    }

    fn build(&self, email: &OutboxRow) -> anyhow::Result<Message> {
        let to: Mailbox = email
            .recipient
            .parse()
            .context("the recipient is not an email address")?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(email.message_id.clone()))
            .date_now();
        let extra: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&email.headers).context("the stored headers are not JSON")?;
        for (name, value) in extra {
            let name = HeaderName::new_from_ascii(name).context("a stored header name")?;
            let value = value.as_str().unwrap_or_default().to_owned();
            builder = builder.raw_header(HeaderValue::new(name, value));
        }
        builder
            .multipart(MultiPart::alternative_plain_html(
                email.body_text.clone(),
                email.body_html.clone(),
            ))
            .context("cannot build the message")
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use uuid::Uuid;

    use super::*;

    #[tokio::test]
    async fn a_queued_email_becomes_a_multipart_message_with_its_headers() {
        let (mailer, sent) = Mailer::memory("Bymidter <noreply@bymidter.dk>").expect("mailer");
        let now = Utc::now();
        let row = OutboxRow {
            id: Uuid::now_v7(),
            idempotency_key: "k".into(),
            kind: "verify".into(),
            message_id: "<abc@bymidter.dk>".into(),
            recipient: "mette@example.dk".into(),
            subject: "Bekræft din e-mailadresse".into(),
            body_text: "Hej Mette".into(),
            body_html: "<p>Hej Mette</p>".into(),
            headers: r#"{"List-Unsubscribe-Post":"List-Unsubscribe=One-Click"}"#.into(),
            status: "pending".into(),
            attempts: 1,
            next_attempt_at: now,
            last_error: None,
            created_at: now,
            sent_at: None,
        };
        mailer.send(&row).await.expect("sent");
        let messages = sent.messages();
        assert_eq!(messages.len(), 1);
        let m = &messages[0];
        assert!(m.contains("Message-ID: <abc@bymidter.dk>"), "{m}");
        assert!(m.contains("To: mette@example.dk"), "{m}");
        assert!(
            m.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{m}"
        );
        assert!(m.contains("multipart/alternative"), "{m}");
        assert!(m.contains("text/html"), "{m}");

        let broken = OutboxRow {
            recipient: "not an address".into(),
            ..row
        };
        assert!(mailer.send(&broken).await.is_err());
    }
}
