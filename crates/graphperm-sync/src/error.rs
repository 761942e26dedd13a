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

/// What kind of failure a [`SyncError`] is; the binary maps each to its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncFailure {
    /// A download failed (network, HTTP status, cut short, too large).
    Download,
    /// The downloaded data does not parse or does not load.
    InvalidData,
    /// Stopped by the caller (Ctrl-C).
    Interrupted,
    /// Anything else: I/O, lock, not a cache, bad `--source`.
    Other,
}

impl SyncError {
    /// What kind of failure this is.
    pub fn failure(&self) -> SyncFailure {
        match self {
            SyncError::Status { .. }
            | SyncError::Transport { .. }
            | SyncError::Truncated { .. }
            | SyncError::TooLarge { .. } => SyncFailure::Download,
            SyncError::Syntax { .. } | SyncError::Validation { .. } => SyncFailure::InvalidData,
            SyncError::Interrupted => SyncFailure::Interrupted,
            SyncError::Io { .. }
            | SyncError::NotACache { .. }
            | SyncError::Locked { .. }
            | SyncError::InvalidSource { .. } => SyncFailure::Other,
        }
    }

    /// True when the failure is about reaching the servers (the user may be offline).
    pub fn is_network(&self) -> bool {
        self.failure() == SyncFailure::Download
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> SyncError {
        SyncError::Io { path: path.into(), source }
    }
}
