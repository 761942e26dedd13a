//! The manifest written at the root of every snapshot (`graphperm-manifest.json`): where
//! each file came from, its validators for conditional requests, size, SHA-256 and
//! download time, plus the snapshot's data date.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// Version of the manifest format, bumped on incompatible changes.
pub const MANIFEST_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format: u32,
    /// The program that wrote it, e.g. `graphperm-sync 0.1.0`.
    pub generator: String,
    /// Folder name of the snapshot under `snapshots/`.
    pub snapshot: String,
    /// When the sync that made this snapshot finished (RFC 3339 UTC).
    pub created_at: String,
    /// The data date the product shows: the newest upstream `Last-Modified` of the
    /// files, or the sync time when no server sent one (RFC 3339 UTC).
    pub data_date: String,
    /// Base URL per repository.
    pub sources: BTreeMap<String, String>,
    pub files: Vec<ManifestFile>,
    /// Optional files the servers did not have (e.g. 404), with the reason.
    #[serde(default)]
    pub missing: Vec<MissingFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestFile {
    /// `<repository>/<path>`, the file's place in the snapshot.
    pub file: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Last-Modified` exactly as the server sent it (an HTTP date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// `Last-Modified` as RFC 3339 UTC, read by the core for the data date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_rfc3339: Option<String>,
    pub size: u64,
    pub sha256: String,
    /// When the bytes were downloaded (RFC 3339 UTC). Kept from the previous snapshot
    /// when the server answered 304 Not Modified.
    pub downloaded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MissingFile {
    pub file: String,
    pub url: String,
    pub reason: String,
}

impl Manifest {
    /// Reads a snapshot's manifest; `None` when it is absent or unreadable (an old or
    /// hand-made snapshot), which only costs a full download.
    pub fn read(snapshot_root: &Path) -> Option<Manifest> {
        let path = snapshot_root.join(graphperm_core::data_dir::MANIFEST_FILE);
        let text = std::fs::read_to_string(&path).ok()?;
        match serde_json::from_str(&text) {
            Ok(manifest) => Some(manifest),
            Err(error) => {
                tracing::warn!("ignoring unreadable manifest {}: {error}", path.display());
                None
            }
        }
    }

    pub fn file(&self, relative_path: &str) -> Option<&ManifestFile> {
        self.files.iter().find(|file| file.file == relative_path)
    }
}
