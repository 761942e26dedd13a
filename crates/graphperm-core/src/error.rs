//! Errors of loading the catalogue. Only loading fails; resolution and search return
//! data with diagnostics instead.

use std::path::PathBuf;

/// Why the catalogue could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A required upstream file is absent.
    #[error(
        "required file {path} is missing (run `graphperm sync`, or pass --data DIR with the upstream layout)"
    )]
    Missing { path: PathBuf },

    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A JSON file that does not parse or does not have the expected shape.
    #[error("{path}:{line}:{column}: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        /// serde_json's message, which says what was expected, plus the JSON path.
        message: String,
    },

    /// A CSDL file that is not well-formed XML or lacks what a schema must have.
    #[error("{path}:{line}:{column}: {message}")]
    Xml { path: PathBuf, line: usize, column: usize, message: String },
}

impl LoadError {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            LoadError::Missing { path }
            | LoadError::Io { path, .. }
            | LoadError::Json { path, .. }
            | LoadError::Xml { path, .. } => path,
        }
    }
}

/// A problem that did not stop loading: a missing optional file, an unknown scheme key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    pub message: String,
}

impl std::fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
