//! A browser over plain HTTP for the page stories: its own cookie jar (so the session and the
//! CSRF cookie are its own), asks for HTML in its language, sends forms with the CSRF token the
//! pages carry, and does not follow redirects (stories check where they lead).

use std::sync::Mutex;
use std::time::Duration;

use super::{Reply, TestApp};

/// The `Accept` header of a real browser.
pub const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// One visitor's browser.
pub struct PageClient {
    pub client: reqwest::Client,
    base: String,
    lang: String,
    csrf: Mutex<Option<String>>,
}

/// The value of the first hidden input named `name` in `html`.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split_once(&marker)
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(v, _)| v.replace("&amp;", "&"))
        .unwrap_or_default()
}

/// The text of the page's `<title>`.
pub fn title(reply: &Reply) -> &str {
    reply
        .text
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(t, _)| t)
        .unwrap_or_default()
}

impl TestApp {
    /// A new browser with an empty cookie jar that prefers `lang` (`da` or `en`).
    pub fn page_client(&self, lang: &str) -> PageClient {
        PageClient {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .timeout(Duration::from_secs(60))
                .build()
                .expect("client"),
            base: self.base.clone(),
            lang: lang.to_owned(),
            csrf: Mutex::new(None),
        }
    }
}

async fn read(resp: reqwest::Response) -> Reply {
    let status = resp.status();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body read");
    Reply {
        status,
        headers,
        text,
    }
}

impl PageClient {
    /// The path and query of `url` when it is on the site (links in emails are absolute).
    pub fn local(&self, url: &str) -> String {
        url.strip_prefix(&self.base).unwrap_or(url).to_owned()
    }

    /// Opens a page; remembers the CSRF token it carries.
    pub async fn get(&self, path: &str) -> Reply {
        let reply = read(
            self.client
                .get(format!("{}{}", self.base, self.local(path)))
                .header("accept", BROWSER_ACCEPT)
                .header("accept-language", &self.lang)
                .send()
                .await
                .expect("request sent"),
        )
        .await;
        let token = hidden(&reply.text, "csrf_token");
        if !token.is_empty()
            && let Ok(mut csrf) = self.csrf.lock()
        {
            *csrf = Some(token);
        }
        reply
    }

    /// Where a redirect leads (panics when `reply` is none).
    pub fn location(reply: &Reply) -> String {
        assert!(
            reply.status.is_redirection(),
            "expected a redirect, got {}: {}",
            reply.status,
            reply.text
        );
        reply.header("location").expect("a Location").to_owned()
    }

    /// Follows the redirect `reply` is.
    pub async fn follow(&self, reply: &Reply) -> Reply {
        self.get(&Self::location(reply)).await
    }

    /// The CSRF token of this browser's pages (opens the front page for one if needed).
    pub async fn csrf_token(&self) -> String {
        let known = self.csrf.lock().ok().and_then(|c| c.clone());
        match known {
            Some(token) => token,
            None => hidden(&self.get("/").await.text, "csrf_token"),
        }
    }

    /// Sends a form with this browser's CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let token = self.csrf_token().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, &[]).await
    }

    /// Sends a form exactly as given (no token added), with extra headers.
    pub async fn post_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = self
            .client
            .post(format!("{}{}", self.base, self.local(path)))
            .header("accept", BROWSER_ACCEPT)
            .header("accept-language", &self.lang)
            .form(fields);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        read(req.send().await.expect("request sent")).await
    }

    /// Logs in on the log-in page; answers where it led.
    pub async fn log_in(&self, email: &str, password: &str) -> Reply {
        self.post_form(
            "/log-ind",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
    }
}
