//! The one error type of the static site build.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot clear the previous site in {path}: {source}")]
    Clear { path: PathBuf, source: std::io::Error },
    #[error("{path} is not empty and was not written by `graphperm site`; choose an empty or new folder")]
    NotASite { path: PathBuf },
    #[error("cannot render {page}: {message}")]
    Render { page: String, message: String },
    #[error("cannot serialize {what}: {message}")]
    Serialize { what: String, message: String },
    #[error("invalid --base-url {url:?}: {reason}")]
    BaseUrl { url: String, reason: &'static str },
}
