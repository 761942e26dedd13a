//! The read side of a sync cache: `<dir>/snapshots/<name>/` folders and `<dir>/current`
//! naming the one in use. `graphperm-sync` writes the cache; the history reads it.

use std::path::{Path, PathBuf};

use graphperm_core::DataDir;

use crate::manifest::Manifest;

/// The folder under a cache that holds the snapshots.
pub const SNAPSHOTS: &str = "snapshots";
/// The file under a cache that names the current snapshot.
pub const CURRENT: &str = "current";

/// One snapshot of a cache, as listed by [`list_snapshots`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// Folder name under `snapshots/` (a UTC timestamp such as `20260807T140006Z`).
    pub name: String,
    pub path: PathBuf,
    /// The manifest's data date, when the snapshot has a manifest.
    pub data_date: Option<String>,
    /// When the sync that made it finished, from the manifest.
    pub created_at: Option<String>,
    /// True for the snapshot `current` names.
    pub is_current: bool,
}

/// The snapshots of a sync cache, newest first. Empty when `dir` is not a sync cache.
pub fn list_snapshots(dir: &Path) -> Vec<SnapshotInfo> {
    let current = current_snapshot(dir);
    let Ok(entries) = std::fs::read_dir(dir.join(SNAPSHOTS)) else {
        return Vec::new();
    };
    let mut snapshots: Vec<SnapshotInfo> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| !name.starts_with('.'))
        .map(|name| {
            let path = dir.join(SNAPSHOTS).join(&name);
            let manifest = Manifest::read(&path);
            SnapshotInfo {
                is_current: current.as_deref() == Some(canonical(&path).as_path()),
                data_date: manifest.as_ref().map(|m| m.data_date.clone()),
                created_at: manifest.map(|m| m.created_at),
                name,
                path,
            }
        })
        .collect();
    // Names are UTC timestamps, so name order is time order.
    snapshots.sort_by(|a, b| b.name.cmp(&a.name));
    snapshots
}

/// The snapshot folder `current` names, if `dir` is a sync cache with one.
pub fn current_snapshot(dir: &Path) -> Option<PathBuf> {
    let data = DataDir::new(dir);
    (data.root != data.requested).then(|| canonical(&data.root))
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}
