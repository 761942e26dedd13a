//! Why a sync failed. Every variant names the file (as `<repository>/<path>`) or folder
//! it is about, so the message alone tells the user what went wrong where.

use std::path::PathBuf;

/// A failed sync. The current snapshot is untouched whenever one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server answered with an error status (after retries for 5xx and 429).
    #[error("{file}: HTTP {status} from {url} (after {attempts} attempt(s))")]
    Status { file: String, url: String, status: u16, attempts: u32 },

    /// No usable answer: connection refused or dropped, timeout, TLS or proxy failure.
    #[error("{file}: download from {url} failed after {attempts} attempt(s): {message}")]
    Transport { file: String, url: String, attempts: u32, message: String },

    /// The body ended before the announced `Content-Length`.
    #[error(
        "{file}: download from {url} was cut short: received {received} of {expected} bytes \
         (after {attempts} attempt(s))"
    )]
    Truncated { file: String, url: String, expected: u64, received: u64, attempts: u32 },

    /// The file is larger than the per-file size limit.
    #[error("{file}: {url} is larger than the size limit of {limit} bytes")]
    TooLarge { file: String, url: String, limit: u64 },

    /// The downloaded file does not parse (JSON or XML syntax).
    #[error("{file}: downloaded file is not valid {format}: {message}")]
    Syntax { file: String, format: &'static str, message: String },

    /// The staged snapshot parses but the catalogue loaders reject it.
    #[error("{file}: the downloaded data does not load: {message}")]
    Validation { file: String, message: String },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The data folder holds the upstream layout directly; sync only writes caches.
    #[error(
        "{path} holds the upstream layout directly (it is not a sync cache): sync into an empty \
         or new folder instead, e.g. `graphperm sync --data {path}-cache`"
    )]
    NotACache { path: PathBuf },

    /// Another sync holds the lock.
    #[error(
        "another `graphperm sync` is using {path} (lock file {lock}); if none is running, \
         delete the lock file and retry"
    )]
    Locked { path: PathBuf, lock: PathBuf },

    /// A `--source REPOSITORY=BASE_URL` that does not parse or names no known repository.
    #[error("invalid source {value:?}: {reason}")]
    InvalidSource { value: String, reason: String },

    /// Stopped by the caller (Ctrl-C) before the switch.
    #[error("sync interrupted; the current snapshot is unchanged")]
    Interrupted,
}

impl SyncError {
    /// The process exit code `graphperm sync` uses for this error: 4 when the download
    /// failed (network, HTTP status), 5 when the downloaded data is invalid, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            SyncError::Status { .. }
            | SyncError::Transport { .. }
            | SyncError::Truncated { .. }
            | SyncError::TooLarge { .. } => EXIT_DOWNLOAD_FAILED,
            SyncError::Syntax { .. } | SyncError::Validation { .. } => EXIT_INVALID_DATA,
            SyncError::Io { .. }
            | SyncError::NotACache { .. }
            | SyncError::Locked { .. }
            | SyncError::InvalidSource { .. }
            | SyncError::Interrupted => 1,
        }
    }

    /// True when the failure is about reaching the servers (the user may be offline).
    pub fn is_network(&self) -> bool {
        self.exit_code() == EXIT_DOWNLOAD_FAILED
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> SyncError {
        SyncError::Io { path: path.into(), source }
    }
}

/// Exit code of a sync whose download failed.
pub const EXIT_DOWNLOAD_FAILED: u8 = 4;
/// Exit code of a sync whose downloaded data did not parse or validate.
pub const EXIT_INVALID_DATA: u8 = 5;
