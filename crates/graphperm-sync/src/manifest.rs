//! Writing the snapshot manifest (its model lives in [`graphperm_history::manifest`],
//! which the change history reads too), and the HTTP dates it records.

use std::path::Path;

pub use graphperm_history::manifest::{MANIFEST_FORMAT, Manifest, ManifestFile, MissingFile};

use crate::error::SyncError;

/// Writes `manifest` at the root of a snapshot.
pub fn write(manifest: &Manifest, snapshot_root: &Path) -> Result<(), SyncError> {
    let path = snapshot_root.join(graphperm_core::data_dir::MANIFEST_FILE);
    let mut text = serde_json::to_string_pretty(manifest)
        .map_err(|error| SyncError::io(&path, std::io::Error::other(error)))?;
    text.push('\n');
    std::fs::write(&path, text).map_err(|error| SyncError::io(&path, error))
}

/// Converts an HTTP date (`Last-Modified`) to RFC 3339 UTC.
pub fn http_date_to_rfc3339(value: &str) -> Option<String> {
    let time = httpdate::parse_http_date(value.trim()).ok()?;
    Some(graphperm_core::data_dir::format_system_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_http_dates() {
        assert_eq!(
            http_date_to_rfc3339("Fri, 07 Aug 2026 14:00:06 GMT").as_deref(),
            Some("2026-08-07T14:00:06Z")
        );
        assert_eq!(http_date_to_rfc3339("yesterday"), None);
    }
}
