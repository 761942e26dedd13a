//! Reading one JSON file into a typed value, with errors that name the file, the line and
//! column, the JSON path and what was expected.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::LoadError;

/// Reads and deserializes `path`.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<T, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => LoadError::Missing { path: path.to_path_buf() },
        _ => LoadError::Io { path: path.to_path_buf(), source },
    })?;
    parse(&bytes, path)
}

/// Deserializes JSON text; `path` only names the file in errors.
pub fn parse<T: DeserializeOwned>(bytes: &[u8], path: &Path) -> Result<T, LoadError> {
    // Upstream files sometimes start with a byte-order mark.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let json_path = error.path().to_string();
        let inner = error.into_inner();
        let message = inner.to_string();
        // serde_json appends " at line L column C"; we print those in front instead.
        let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(head, _)| head).to_string();
        let message = if json_path.is_empty() || json_path == "." {
            message
        } else {
            format!("at {json_path}: {message}")
        };
        LoadError::Json { path: path.to_path_buf(), line: inner.line(), column: inner.column(), message }
    })?;
    deserializer.end().map_err(|error| LoadError::Json {
        path: path.to_path_buf(),
        line: error.line(),
        column: error.column(),
        message: "trailing characters after the JSON value".to_string(),
    })?;
    Ok(value)
}
