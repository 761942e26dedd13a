//! The change history of a sync cache: its snapshots newest first, each diffed against
//! the one before it. This is what the web Changes page and `/changes.atom` show.

use std::path::Path;

use graphperm_core::diff::{CatalogueDiff, diff};
use graphperm_core::{Catalogue, DataDir};

use crate::snapshots::{SnapshotInfo, list_snapshots};

/// What changed from one snapshot to the next.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    pub from: SnapshotInfo,
    pub to: SnapshotInfo,
    pub diff: CatalogueDiff,
}

/// Change sets, newest first, and snapshots that could not be loaded.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub changes: Vec<ChangeSet>,
    /// Snapshots skipped because they no longer load (e.g. written by an older version).
    pub warnings: Vec<String>,
}

/// Diffs consecutive snapshots of the cache `cache_dir`, newest first, at most `limit`
/// change sets. `current`, when given and loaded from the current snapshot, is reused
/// instead of loading that snapshot again. Empty for a folder that is not a sync cache
/// or holds one snapshot.
///
/// Loading a catalogue takes a moment, so call this once at start-up, not per request.
pub fn history(cache_dir: &Path, current: Option<&Catalogue>, limit: usize) -> History {
    let snapshots = list_snapshots(cache_dir);
    let mut result = History::default();
    // Snapshots newer than the current one (left by a manual switch back) are skipped:
    // history runs from the current snapshot into the past.
    let start = snapshots.iter().position(|s| s.is_current).unwrap_or(0);
    let snapshots = &snapshots[start..];
    let mut newer: Option<(SnapshotInfo, Owned<'_>)> = None;
    for snapshot in snapshots {
        if result.changes.len() >= limit {
            break;
        }
        let reuse = current.filter(|catalogue| same_folder(&catalogue.data_dir.root, &snapshot.path));
        let loaded = match reuse {
            Some(catalogue) => Owned::Borrowed(catalogue),
            None => match Catalogue::load(&DataDir::new(&snapshot.path)) {
                Ok(catalogue) => Owned::Loaded(Box::new(catalogue)),
                Err(error) => {
                    result.warnings.push(format!("snapshot {} skipped: {error}", snapshot.name));
                    continue;
                }
            },
        };
        if let Some((to, newer_catalogue)) = newer.take() {
            result.changes.push(ChangeSet {
                from: snapshot.clone(),
                to,
                diff: diff(loaded.get(), newer_catalogue.get()),
            });
        }
        newer = Some((snapshot.clone(), loaded));
    }
    result
}

enum Owned<'a> {
    Borrowed(&'a Catalogue),
    Loaded(Box<Catalogue>),
}

impl Owned<'_> {
    fn get(&self) -> &Catalogue {
        match self {
            Owned::Borrowed(catalogue) => catalogue,
            Owned::Loaded(catalogue) => catalogue,
        }
    }
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
