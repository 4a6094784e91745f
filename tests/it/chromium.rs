//! A real headless Chromium, driven over WebDriver by chromedriver, for the browser tests.
//!
//! Without Chromium, chromedriver or axe-core on the machine the browser tests print why they
//! were skipped and pass; with `BYMIDTER_REQUIRE_BROWSER` set (CI) they fail instead.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};
use tempfile::TempDir;

/// Only one browser at a time: the machine has few cores, and Chromium is heavy.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Where the screenshots go.
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")
}

fn required() -> bool {
    std::env::var_os("BYMIDTER_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty())
}

/// Says why a browser test does not run, or fails when CI requires it to run.
fn skip<T>(test: &str, reason: &str) -> Option<T> {
    assert!(
        !required(),
        "BYMIDTER_REQUIRE_BROWSER is set, but {reason} (test {test})"
    );
    eprintln!("skipped: {test}: {reason} (see \"Browser tests\" in README.md)");
    None
}

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The source of axe-core, as `.ci/run` installs it (or from `BYMIDTER_AXE_JS`).
pub fn axe_source(test: &str) -> Option<String> {
    let path = std::env::var_os("BYMIDTER_AXE_JS")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/browser/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => skip(
            test,
            &format!(
                "axe-core is not at {} (npm ci --prefix tests/browser)",
                path.display()
            ),
        ),
    }
}

/// chromedriver, killed with everything it started when the test ends.
struct Driver {
    child: Child,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver runs in a process group of its own; end the group, Chromium included,
        // in case the session could not be closed.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless Chromium session.
pub struct Browser {
    pub client: Client,
    _driver: Driver,
    _profile: TempDir,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts chromedriver and a headless Chromium with a fresh profile; `None` when they are not
/// installed (and not required).
pub async fn start(test: &str) -> Option<Browser> {
    let Some(chromium) = find_program(
        "BYMIDTER_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    ) else {
        return skip(test, "Chromium is not installed");
    };
    let Some(chromedriver) = find_program("BYMIDTER_CHROMEDRIVER", &["chromedriver"]) else {
        return skip(test, "chromedriver is not installed");
    };
    let turn = ONE_AT_A_TIME.lock().await;
    let port = free_port();
    let mut command = Command::new(&chromedriver);
    command
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", chromedriver.display()));
    let driver = Driver { child };
    let webdriver = format!("http://127.0.0.1:{port}");
    wait_until_ready(&webdriver).await;

    let profile = tempfile::tempdir().expect("profile dir");
    let args = vec![
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--lang=da".to_owned(),
        "--window-size=1280,900".to_owned(),
        format!("--user-data-dir={}", profile.path().display()),
    ];
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": args,
            // A Danish visitor: Danish first, English second.
            "prefs": {"intl.accept_languages": "da,en"},
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&webdriver)
        .await
        .unwrap_or_else(|e| panic!("a Chromium session starts ({}): {e}", chromium.display()));
    Some(Browser {
        client,
        _driver: driver,
        _profile: profile,
        _turn: turn,
    })
}

async fn wait_until_ready(webdriver: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let http = reqwest::Client::new();
    loop {
        if let Ok(resp) = http.get(format!("{webdriver}/status")).send().await
            && resp.status().is_success()
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "chromedriver did not answer within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

impl Browser {
    /// Runs `story` with this browser, then ends the session even when the story panicked.
    pub async fn run<F, Fut>(self, story: F)
    where
        F: FnOnce(Client) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
        use futures::FutureExt;
        let outcome = std::panic::AssertUnwindSafe(story(self.client.clone()))
            .catch_unwind()
            .await;
        let _ = self.client.clone().close().await;
        drop(self);
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
    }
}

/// Evaluates `script` (a function body) and returns its value.
pub async fn eval(client: &Client, script: &str) -> Value {
    client
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("script fails: {e}\n{script}"))
}

/// Presses and releases one key.
pub async fn press(client: &Client, key: Key) {
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key.into() })
        .then(KeyAction::Up { value: key.into() });
    client.perform_actions(keys).await.expect("key press");
}

/// Runs axe-core on the open page (WCAG 2.1 A and AA rules) and describes each violation.
pub async fn axe_violations(client: &Client, axe: &str) -> Vec<String> {
    let loaded = eval(client, "return typeof window.axe !== 'undefined';").await;
    if loaded != Value::Bool(true) {
        client
            .execute(axe, Vec::new())
            .await
            .expect("axe-core loads");
    }
    let result = client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
            }).then(
                (r) => done(r.violations.map((v) =>
                    `${v.id} (${v.impact}): ${v.help} at ` +
                    v.nodes.map((n) => n.target.join(' ')).join(', '))),
                (e) => done(['axe failed: ' + e]),
            );
            "#,
            Vec::new(),
        )
        .await
        .expect("axe runs");
    result
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_else(|| vec![format!("axe answered {result}")])
}

/// Saves the whole page, `width` pixels wide, as `target/screenshots/<name>.png`.
pub async fn screenshot(client: &Client, name: &str, width: u32) {
    client
        .set_window_size(width, 900)
        .await
        .expect("window size");
    // The window is taller than the page's viewport by the browser's own frame.
    let sizes = eval(
        client,
        "return [Math.ceil(document.documentElement.scrollHeight), window.outerHeight - window.innerHeight];",
    )
    .await;
    let page = sizes[0].as_u64().unwrap_or(900);
    let frame = sizes[1].as_u64().unwrap_or(0);
    let height = u32::try_from(page + frame).unwrap_or(6000).clamp(600, 6000);
    client
        .set_window_size(width, height)
        .await
        .expect("window size");
    let png = client.screenshot().await.expect("screenshot");
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    std::fs::write(dir.join(format!("{name}.png")), png).expect("screenshot saved");
    client
        .set_window_size(1280, 900)
        .await
        .expect("window size");
}
