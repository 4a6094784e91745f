//! A small SMTP server on loopback that keeps what it receives: enough SMTP for lettre (EHLO,
//! HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT). It can be stopped (connections refused, open
//! ones cut) and started again on the same port.

use std::sync::{Arc, Mutex};

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_util::sync::CancellationToken;

/// An email as it arrived, decoded.
#[derive(Debug, Clone)]
pub struct ReceivedEmail {
    /// The envelope sender.
    pub envelope_from: String,
    /// The envelope recipients.
    pub envelope_to: Vec<String>,
    /// The message's headers, unfolded and decoded (RFC 2047).
    pub headers: Vec<(String, String)>,
    /// Subject, decoded.
    pub subject: String,
    /// The text/plain part, decoded.
    pub text: String,
    /// The text/html part, decoded.
    pub html: String,
    /// The message as received.
    pub raw: String,
}

impl ReceivedEmail {
    /// A header's value (the first one of that name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first link in the text body that carries a `token` query parameter.
    pub fn link_with_token(&self) -> String {
        self.text
            .split_whitespace()
            .find(|w| w.starts_with("http") && w.contains("token="))
            .unwrap_or_else(|| panic!("no link with a token in:\n{}", self.text))
            .to_owned()
    }

    /// The `token` of [`link_with_token`](Self::link_with_token).
    pub fn token(&self) -> String {
        let url = url::Url::parse(&self.link_with_token()).expect("the link is a URL");
        url.query_pairs()
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned())
            .expect("token parameter")
    }
}

struct Running {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

/// The server; messages survive a stop and start.
pub struct SmtpSink {
    /// The port it listens on (the same after a restart).
    pub port: u16,
    messages: Arc<Mutex<Vec<ReceivedEmail>>>,
    running: Mutex<Option<Running>>,
}

fn bind(port: u16) -> TcpListener {
    let socket = TcpSocket::new_v4().expect("socket");
    socket.set_reuseaddr(true).expect("reuseaddr");
    socket
        .bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
        .expect("bind the SMTP sink");
    socket.listen(64).expect("listen")
}

impl SmtpSink {
    /// Starts on a free port.
    pub fn start() -> SmtpSink {
        let listener = bind(0);
        let port = listener.local_addr().expect("addr").port();
        let sink = SmtpSink {
            port,
            messages: Arc::default(),
            running: Mutex::new(None),
        };
        sink.run(listener);
        sink
    }

    fn run(&self, listener: TcpListener) {
        let stop = CancellationToken::new();
        let messages = self.messages.clone();
        let task = tokio::spawn(accept(listener, messages, stop.clone()));
        *self.running.lock().expect("lock") = Some(Running { stop, task });
    }

    /// Stops listening and cuts open connections: senders now fail.
    pub async fn stop(&self) {
        let running = self.running.lock().expect("lock").take();
        if let Some(r) = running {
            r.stop.cancel();
            let _ = r.task.await;
        }
    }

    /// Listens again on the same port.
    pub fn restart(&self) {
        assert!(
            self.running.lock().expect("lock").is_none(),
            "still running"
        );
        self.run(bind(self.port));
    }

    /// Everything received so far, in order.
    pub fn messages(&self) -> Vec<ReceivedEmail> {
        self.messages.lock().expect("lock").clone()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        if let Ok(mut r) = self.running.lock()
            && let Some(r) = r.take()
        {
            r.stop.cancel();
        }
    }
}

async fn accept(
    listener: TcpListener,
    messages: Arc<Mutex<Vec<ReceivedEmail>>>,
    stop: CancellationToken,
) {
    let mut sessions = Vec::new();
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            accepted = listener.accept() => {
                if let Ok((socket, _)) = accepted {
                    let messages = messages.clone();
                    let stop = stop.clone();
                    sessions.push(tokio::spawn(async move {
                        tokio::select! {
                            () = stop.cancelled() => {}
                            _ = converse(socket, messages) => {}
                        }
                    }));
                }
            }
        }
    }
    drop(listener);
    for s in sessions {
        let _ = s.await;
    }
}

async fn converse(
    socket: TcpStream,
    messages: Arc<Mutex<Vec<ReceivedEmail>>>,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut read = BufReader::new(read);
    write
        .write_all(b"220 sink.test ESMTP test sink\r\n")
        .await?;
    let mut from = String::new();
    let mut to: Vec<String> = Vec::new();
    loop {
        let mut line = Vec::new();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let line = String::from_utf8_lossy(&line).trim_end().to_owned();
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&line["MAIL FROM:".len()..]);
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&line["RCPT TO:".len()..]));
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut raw = String::new();
            loop {
                let mut data = Vec::new();
                if read.read_until(b'\n', &mut data).await? == 0 {
                    return Ok(());
                }
                let data = String::from_utf8_lossy(&data).into_owned();
                if data == ".\r\n" || data == ".\n" {
                    break;
                }
                raw.push_str(data.strip_prefix('.').unwrap_or(&data));
            }
            let email = parse(&from, &to, raw);
            messages.lock().expect("lock").push(email);
            b"250 OK: queued\r\n"
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

fn address(arg: &str) -> String {
    let arg = arg.trim();
    let inner = arg
        .strip_prefix('<')
        .and_then(|a| a.split('>').next())
        .unwrap_or(arg);
    inner.to_owned()
}

/// Splits a message or part into unfolded headers and body.
fn split_headers(raw: &str) -> (Vec<(String, String)>, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let headers = headers
        .into_iter()
        .map(|(k, v)| (k, decode_words(&v)))
        .collect();
    (headers, body.to_owned())
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?...?=`, `=?utf-8?q?...?=`).
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let before = &rest[..start];
        let after = &rest[start + 2..];
        let parts: Vec<&str> = after.splitn(3, '?').collect();
        let Some(end) = parts.get(2).and_then(|p| p.find("?=")) else {
            break;
        };
        if !(last_was_word && before.trim().is_empty()) {
            out.push_str(before);
        }
        let (encoding, text) = (parts[1], &parts[2][..end]);
        let bytes = if encoding.eq_ignore_ascii_case("b") {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap_or_default()
        } else {
            quoted_printable::decode(text.replace('_', " "), quoted_printable::ParseMode::Robust)
                .unwrap_or_default()
        };
        out.push_str(&String::from_utf8_lossy(&bytes));
        last_was_word = true;
        rest = &parts[2][end + 2..];
    }
    out.push_str(rest);
    out
}

fn decode_body(headers: &[(String, String)], body: &str) -> String {
    let encoding = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-transfer-encoding"))
        .map(|(_, v)| v.to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match encoding.as_str() {
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(body.split_whitespace().collect::<String>())
            .unwrap_or_default(),
        "quoted-printable" => quoted_printable::decode(
            body.replace("\r\n", "\n").replace('\n', "\r\n"),
            quoted_printable::ParseMode::Robust,
        )
        .unwrap_or_default(),
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

fn parse(from: &str, to: &[String], raw: String) -> ReceivedEmail {
    let (headers, body) = split_headers(&raw);
    let content_type = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut text = String::new();
    let mut html = String::new();
    if let Some(boundary) = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
    {
        for part in body.split(&format!("--{boundary}")) {
            let part = part.trim_start_matches(['\r', '\n']);
            if part.starts_with("--") || part.trim().is_empty() {
                continue;
            }
            let (part_headers, part_body) = split_headers(part);
            let decoded = decode_body(&part_headers, &part_body);
            let kind = part_headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| v.to_ascii_lowercase())
                .unwrap_or_default();
            if kind.starts_with("text/html") {
                html = decoded;
            } else if kind.starts_with("text/plain") {
                text = decoded;
            }
        }
    } else {
        text = decode_body(&headers, &body);
    }
    let subject = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("subject"))
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    ReceivedEmail {
        envelope_from: from.to_owned(),
        envelope_to: to.to_vec(),
        headers,
        subject,
        text,
        html,
        raw,
    }
}
