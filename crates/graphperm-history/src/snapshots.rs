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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_are_listed_newest_first_with_the_current_one_marked() {
        let cache = tempfile::tempdir().unwrap();
        for name in ["20260101T000000Z", "20260301T000000Z", "20260201T000000Z", ".staging-x"] {
            std::fs::create_dir_all(cache.path().join(SNAPSHOTS).join(name)).unwrap();
        }
        let manifest = r#"{"format":1,"generator":"test","snapshot":"20260201T000000Z",
            "createdAt":"2026-02-01T00:00:05Z","dataDate":"2026-01-31T12:00:00Z","sources":{},"files":[]}"#;
        std::fs::write(
            cache
                .path()
                .join(SNAPSHOTS)
                .join("20260201T000000Z")
                .join(graphperm_core::data_dir::MANIFEST_FILE),
            manifest,
        )
        .unwrap();
        std::fs::write(cache.path().join(CURRENT), "snapshots/20260201T000000Z\n").unwrap();
        let snapshots = list_snapshots(cache.path());
        let names: Vec<&str> = snapshots.iter().map(|snapshot| snapshot.name.as_str()).collect();
        assert_eq!(names, ["20260301T000000Z", "20260201T000000Z", "20260101T000000Z"]);
        let current: Vec<bool> = snapshots.iter().map(|snapshot| snapshot.is_current).collect();
        assert_eq!(current, [false, true, false]);
        assert_eq!(snapshots[1].data_date.as_deref(), Some("2026-01-31T12:00:00Z"));
        assert_eq!(snapshots[1].created_at.as_deref(), Some("2026-02-01T00:00:05Z"));
        assert_eq!(snapshots[0].data_date, None, "no manifest, no date");
    }

    #[test]
    fn a_folder_that_is_no_cache_has_no_snapshots() {
        let folder = tempfile::tempdir().unwrap();
        assert!(list_snapshots(folder.path()).is_empty());
        assert_eq!(current_snapshot(folder.path()), None);
    }
}
