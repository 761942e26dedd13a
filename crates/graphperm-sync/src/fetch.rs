//! One file over HTTP: conditional GET, timeouts, retries with exponential backoff, a
//! size limit, and streaming into the staging folder while hashing.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::error::SyncError;
use crate::progress::FileProgress;

/// Network limits. The defaults suit a person's machine; tests shrink them.
#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Time to establish a connection (DNS + TCP + TLS).
    pub connect_timeout: Duration,
    /// Longest silence while waiting for headers or body bytes.
    pub read_timeout: Duration,
    /// Longest time for one whole file, per attempt.
    pub file_timeout: Duration,
    /// Attempts per file for retryable failures (5xx, 429, timeouts, dropped connections).
    pub attempts: u32,
    /// Wait before the second attempt; doubled before each further one.
    pub backoff: Duration,
    /// Largest file accepted, in bytes (after decompression).
    pub max_file_size: u64,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            connect_timeout: Duration::from_secs(20),
            read_timeout: Duration::from_secs(60),
            file_timeout: Duration::from_secs(15 * 60),
            attempts: 3,
            backoff: Duration::from_secs(1),
            // The largest upstream file (the cmdlet map) is about 21 MB today.
            max_file_size: 200 * 1024 * 1024,
        }
    }
}

/// Validators of the copy we already have, sent as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conditional {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// What the server gave us for one file.
#[derive(Debug)]
pub(crate) enum Fetched {
    Downloaded(Downloaded),
    /// 304: our copy is current.
    NotModified,
    /// 404 or 410: the server does not have the file.
    NotFound {
        status: u16,
    },
}

#[derive(Debug)]
pub(crate) struct Downloaded {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub size: u64,
    pub sha256: String,
}

/// Why one attempt failed; turned into a [`SyncError`] once attempts run out.
#[derive(Debug)]
enum AttemptError {
    Status(u16),
    Transport(String),
    Truncated { expected: u64, received: u64 },
    TooLarge,
    Io(std::io::Error),
    Interrupted,
}

impl AttemptError {
    fn is_retryable(&self) -> bool {
        match self {
            AttemptError::Status(status) => *status >= 500 || *status == 429 || *status == 408,
            AttemptError::Transport(_) | AttemptError::Truncated { .. } => true,
            AttemptError::TooLarge | AttemptError::Io(_) | AttemptError::Interrupted => false,
        }
    }
}

pub(crate) struct Fetcher {
    agent: ureq::Agent,
    options: HttpOptions,
}

impl Fetcher {
    pub fn new(options: HttpOptions) -> Fetcher {
        // `Config::builder()` reads ALL_PROXY / HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!(
                "graphperm/",
                env!("CARGO_PKG_VERSION"),
                " (+https://github.com/graphperm/graphperm)"
            ))
            .timeout_connect(Some(options.connect_timeout))
            .timeout_per_read(Some(options.read_timeout))
            .timeout_recv_response(Some(options.read_timeout))
            .timeout_per_call(Some(options.file_timeout))
            .build();
        Fetcher { agent: config.new_agent(), options }
    }

    /// Fetches `url` into `destination`, retrying what is worth retrying.
    pub fn fetch(
        &self,
        file: &str,
        url: &str,
        conditional: &Conditional,
        destination: &Path,
        progress: &FileProgress,
        cancel: &dyn Fn() -> bool,
    ) -> Result<Fetched, SyncError> {
        let attempts = self.options.attempts.max(1);
        let mut wait = self.options.backoff;
        for attempt in 1..=attempts {
            let error = match self.attempt(url, conditional, destination, progress, cancel) {
                Ok(fetched) => return Ok(fetched),
                Err(error) => error,
            };
            if !error.is_retryable() || attempt == attempts {
                return Err(into_sync_error(
                    error,
                    file,
                    url,
                    destination,
                    attempt,
                    self.options.max_file_size,
                ));
            }
            tracing::info!("{file}: attempt {attempt} failed ({error:?}), retrying in {wait:?}");
            progress.reset(format!("retry {} after {}", attempt + 1, label(&error)));
            if sleep_unless_cancelled(wait, cancel) {
                return Err(SyncError::Interrupted);
            }
            wait = wait.saturating_mul(2);
        }
        unreachable!("the loop returns on the last attempt")
    }

    fn attempt(
        &self,
        url: &str,
        conditional: &Conditional,
        destination: &Path,
        progress: &FileProgress,
        cancel: &dyn Fn() -> bool,
    ) -> Result<Fetched, AttemptError> {
        let mut request = self.agent.get(url);
        if let Some(etag) = &conditional.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(last_modified) = &conditional.last_modified {
            request = request.header("If-Modified-Since", last_modified);
        }
        let response = request.call().map_err(|error| AttemptError::Transport(error.to_string()))?;
        let status = response.status().as_u16();
        match status {
            200 => {}
            304 => return Ok(Fetched::NotModified),
            404 | 410 => return Ok(Fetched::NotFound { status }),
            other => return Err(AttemptError::Status(other)),
        }
        let header = |name: &str| {
            response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_string)
        };
        let etag = header("etag");
        let last_modified = header("last-modified");
        // With a Content-Encoding the length counts compressed bytes: only use it for
        // plain bodies.
        let expected = match header("content-encoding") {
            Some(_) => None,
            None => header("content-length").and_then(|value| value.trim().parse::<u64>().ok()),
        };
        if let Some(expected) = expected {
            if expected > self.options.max_file_size {
                return Err(AttemptError::TooLarge);
            }
            progress.set_length(expected);
        }
        let mut reader = response.into_body().into_reader();
        let mut output = std::fs::File::create(destination).map_err(AttemptError::Io)?;
        let mut hasher = Sha256::new();
        let mut received: u64 = 0;
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            if cancel() {
                return Err(AttemptError::Interrupted);
            }
            let read = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    return Err(match expected {
                        Some(expected) if received < expected => {
                            AttemptError::Truncated { expected, received }
                        }
                        _ => AttemptError::Transport(ureq::Error::from(error).to_string()),
                    });
                }
            };
            received += read as u64;
            if received > self.options.max_file_size {
                return Err(AttemptError::TooLarge);
            }
            hasher.update(&buffer[..read]);
            output.write_all(&buffer[..read]).map_err(AttemptError::Io)?;
            progress.inc(read as u64);
        }
        if let Some(expected) = expected
            && received != expected
        {
            return Err(AttemptError::Truncated { expected, received });
        }
        output.sync_all().map_err(AttemptError::Io)?;
        Ok(Fetched::Downloaded(Downloaded {
            etag,
            last_modified,
            size: received,
            sha256: to_hex(&hasher.finalize()),
        }))
    }
}

fn into_sync_error(
    error: AttemptError,
    file: &str,
    url: &str,
    destination: &Path,
    attempts: u32,
    limit: u64,
) -> SyncError {
    let file = file.to_string();
    let url = url.to_string();
    match error {
        AttemptError::Status(status) => SyncError::Status { file, url, status, attempts },
        AttemptError::Transport(message) => SyncError::Transport { file, url, attempts, message },
        AttemptError::Truncated { expected, received } => {
            SyncError::Truncated { file, url, expected, received, attempts }
        }
        AttemptError::TooLarge => SyncError::TooLarge { file, url, limit },
        AttemptError::Io(source) => SyncError::io(destination, source),
        AttemptError::Interrupted => SyncError::Interrupted,
    }
}

fn label(error: &AttemptError) -> String {
    match error {
        AttemptError::Status(status) => format!("HTTP {status}"),
        AttemptError::Transport(_) => "network error".to_string(),
        AttemptError::Truncated { .. } => "cut-short download".to_string(),
        AttemptError::TooLarge | AttemptError::Io(_) | AttemptError::Interrupted => "error".to_string(),
    }
}

/// Sleeps in short steps so Ctrl-C is noticed; true when cancelled.
fn sleep_unless_cancelled(total: Duration, cancel: &dyn Fn() -> bool) -> bool {
    let step = Duration::from_millis(50);
    let mut left = total;
    while !left.is_zero() {
        if cancel() {
            return true;
        }
        let now = left.min(step);
        std::thread::sleep(now);
        left -= now;
    }
    cancel()
}

/// Lower-case hexadecimal of a digest.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// SHA-256 and size of a file already on disk (for files kept from the current snapshot).
pub(crate) fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut input = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let read = input.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        size += read as u64;
        hasher.update(&buffer[..read]);
    }
    Ok((size, to_hex(&hasher.finalize())))
}
