//! The release binary as a child process, the way an operator runs it: settings through the
//! environment, stopped with SIGTERM or SIGKILL, its memory read from `/proc`.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How to start one `bymidter serve`.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub port: u16,
    pub smtp_port: u16,
    pub jwt_secret: String,
    /// More `BYMIDTER__...` variables (later ones win).
    pub env: Vec<(String, String)>,
}

impl ServiceSettings {
    /// The base URL clients use.
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Adds or replaces one environment variable.
    pub fn set(&mut self, key: &str, value: impl ToString) {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.to_owned(), value.to_string()));
    }
}

/// A running `bymidter serve`.
pub struct Service {
    child: tokio::process::Child,
    pub pid: u32,
    pub base: String,
    pub log: PathBuf,
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The release binary cargo built next to this benchmark.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_bymidter")
}

impl Service {
    /// Starts the binary and waits until `/ready` answers 200 (at most two minutes).
    pub async fn start(settings: &ServiceSettings, name: &str) -> Service {
        std::fs::create_dir_all(&settings.data_dir).expect("data dir");
        let log = settings.data_dir.join(format!("{name}.log"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .expect("log file");
        let mut cmd = tokio::process::Command::new(binary());
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", &settings.database_url)
            .env("BYMIDTER__DATA_DIR", &settings.data_dir)
            .env(
                "BYMIDTER__HTTP__ADDR",
                format!("127.0.0.1:{}", settings.port),
            )
            .env("BYMIDTER__HTTP__PUBLIC_URL", settings.base())
            .env("BYMIDTER__AUTH__JWT_SECRET", &settings.jwt_secret)
            .env("BYMIDTER__MAIL__TRANSPORT", "smtp")
            .env("BYMIDTER__MAIL__SMTP_HOST", "127.0.0.1")
            .env("BYMIDTER__MAIL__SMTP_PORT", settings.smtp_port.to_string())
            .env("BYMIDTER__MAIL__SMTP_TLS", "none")
            .env("BYMIDTER__LOG__LEVEL", "warn")
            .envs(settings.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(file.try_clone().expect("log file"))
            .stderr(file)
            .kill_on_drop(true);
        let child = cmd.spawn().expect("start bymidter");
        let pid = child.id().expect("pid");
        let service = Service {
            child,
            pid,
            base: settings.base(),
            log,
        };
        service.wait_ready(Duration::from_secs(120)).await;
        service
    }

    /// Waits until `/ready` answers 200.
    pub async fn wait_ready(&self, limit: Duration) {
        let client = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Ok(r) = client.get(format!("{}/ready", self.base)).send().await
                && r.status().is_success()
            {
                return;
            }
            if started.elapsed() > limit {
                panic!(
                    "bymidter did not become ready; its log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sends a signal (`TERM`, `KILL`) to the process.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args(["-s", name, &self.pid.to_string()])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -s {name} {}", self.pid);
    }

    /// Waits for the process to end; answers its exit code (None when killed by a signal).
    pub async fn wait(&mut self) -> Option<i32> {
        self.child.wait().await.expect("wait").code()
    }

    /// The process's own resident memory in KiB (see [`rss_kib`]).
    pub fn rss_kib(&self) -> Option<u64> {
        rss_kib(self.pid)
    }
}

/// The memory a process holds of its own (`RssAnon`: its heap and stacks), in KiB. The pages
/// of the SQLite database it maps into memory are the system's file cache, shared and given
/// back under pressure, so they are not counted (`VmRSS` would count them).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// Samples a process's memory every `every` until the returned handle is aborted or awaited
/// after `stop` is set.
pub fn sample_memory(
    pid: u32,
    every: Duration,
    stop: tokio_util::sync::CancellationToken,
) -> tokio::task::JoinHandle<Vec<u64>> {
    tokio::spawn(async move {
        let mut samples = Vec::new();
        loop {
            if let Some(kib) = rss_kib(pid) {
                samples.push(kib);
            }
            tokio::select! {
                () = stop.cancelled() => break,
                () = tokio::time::sleep(every) => {}
            }
        }
        samples
    })
}

/// Mean of the first and of the last quarter of the samples, in MiB.
pub fn quartiles(samples: &[u64]) -> (f64, f64) {
    let q = (samples.len() / 4).max(1);
    let mean = |s: &[u64]| s.iter().sum::<u64>() as f64 / s.len().max(1) as f64 / 1024.0;
    (
        mean(&samples[..q.min(samples.len())]),
        mean(&samples[samples.len().saturating_sub(q)..]),
    )
}

/// The log's lines (for a failed drill's report).
pub fn tail(log: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
