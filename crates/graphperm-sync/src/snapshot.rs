//! The sync cache on disk: `<dir>/snapshots/<name>/` folders in the upstream layout,
//! `<dir>/current` naming the one in use, staging folders, the lock, the atomic switch
//! and pruning of old snapshots.
//!
//! `current` is a one-line text file (`snapshots/<name>`) rather than a symbolic link so
//! the same layout works on every platform; [`graphperm_core::DataDir`] reads both.

use std::io::Write;
use std::path::{Path, PathBuf};

use graphperm_core::data_dir::DEVX_CONTENT;
use graphperm_history::snapshots::{CURRENT, SNAPSHOTS};
pub use graphperm_history::snapshots::{SnapshotInfo, current_snapshot, list_snapshots};

use crate::error::SyncError;

const STAGING_PREFIX: &str = ".staging-";
const LOCK_FILE: &str = ".sync.lock";

/// A sync cache opened for writing, locked against a second `graphperm sync`.
#[derive(Debug)]
pub(crate) struct Cache {
    dir: PathBuf,
    lock: PathBuf,
    /// Set when a lock without a live owner was taken over: the warning to show.
    pub lock_warning: Option<String>,
}

impl Cache {
    /// Creates the folder if needed and takes the lock.
    pub fn open(dir: &Path) -> Result<Cache, SyncError> {
        if dir.join(DEVX_CONTENT).is_dir() {
            return Err(SyncError::NotACache { path: dir.to_path_buf() });
        }
        let snapshots = dir.join(SNAPSHOTS);
        std::fs::create_dir_all(&snapshots).map_err(|error| SyncError::io(&snapshots, error))?;
        let lock = dir.join(LOCK_FILE);
        if let Err(error) = take_lock(&lock) {
            if error.kind() != std::io::ErrorKind::AlreadyExists {
                return Err(SyncError::io(&lock, error));
            }
            // A sync killed outright (second Ctrl-C, SIGKILL, power loss) leaves its lock
            // behind, and a damaged disk or a hand edit leaves garbage: take it over when
            // it has no live owner.
            let Some(reason) = stale_reason(&lock) else {
                return Err(SyncError::Locked { path: dir.to_path_buf(), lock });
            };
            let _ = std::fs::remove_file(&lock);
            take_lock(&lock)
                .map_err(|_| SyncError::Locked { path: dir.to_path_buf(), lock: lock.clone() })?;
            let warning = format!("took over the lock file {} ({reason})", lock.display());
            tracing::warn!("{warning}");
            let cache = Cache { dir: dir.to_path_buf(), lock, lock_warning: Some(warning) };
            cache.remove_stale_staging();
            return Ok(cache);
        }
        let cache = Cache { dir: dir.to_path_buf(), lock, lock_warning: None };
        cache.remove_stale_staging();
        Ok(cache)
    }

    /// The snapshot in use, if any.
    pub fn current(&self) -> Option<PathBuf> {
        current_snapshot(&self.dir)
    }

    /// A fresh, unused snapshot name from the current time.
    pub fn new_snapshot_name(&self) -> String {
        let stamp: String = graphperm_core::data_dir::format_system_time(std::time::SystemTime::now())
            .chars()
            .filter(|c| !matches!(c, '-' | ':'))
            .collect();
        let snapshots = self.dir.join(SNAPSHOTS);
        let mut name = stamp.clone();
        let mut counter = 2;
        while snapshots.join(&name).exists() || snapshots.join(staging_name(&name)).exists() {
            name = format!("{stamp}-{counter}");
            counter += 1;
        }
        name
    }

    /// Creates the staging folder for `name`.
    pub fn create_staging(&self, name: &str) -> Result<PathBuf, SyncError> {
        let staging = self.dir.join(SNAPSHOTS).join(staging_name(name));
        std::fs::create_dir_all(&staging).map_err(|error| SyncError::io(&staging, error))?;
        Ok(staging)
    }

    /// Moves the staging folder into place and points `current` at it, atomically: a
    /// reader sees either the old snapshot or the new one, never a mix.
    pub fn commit(&self, staging: &Path, name: &str) -> Result<PathBuf, SyncError> {
        let snapshot = self.dir.join(SNAPSHOTS).join(name);
        std::fs::rename(staging, &snapshot).map_err(|error| SyncError::io(&snapshot, error))?;
        let temporary = self.dir.join("current.tmp");
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&temporary)?;
            writeln!(file, "{SNAPSHOTS}/{name}")?;
            file.sync_all()
        };
        write().map_err(|error| SyncError::io(&temporary, error))?;
        let current = self.dir.join(CURRENT);
        std::fs::rename(&temporary, &current).map_err(|error| SyncError::io(&current, error))?;
        Ok(snapshot)
    }

    /// Removes all but the current snapshot and the `keep` newest others; returns the
    /// names removed. Failures to remove are logged, not fatal: the sync succeeded.
    pub fn prune(&self, keep: usize) -> Vec<String> {
        let mut removed = Vec::new();
        let older = list_snapshots(&self.dir).into_iter().filter(|snapshot| !snapshot.is_current).skip(keep);
        for snapshot in older {
            match std::fs::remove_dir_all(&snapshot.path) {
                Ok(()) => removed.push(snapshot.name),
                Err(error) => {
                    tracing::warn!("cannot remove old snapshot {}: {error}", snapshot.path.display())
                }
            }
        }
        removed
    }

    /// Staging folders left by an interrupted sync (we hold the lock, so none is live).
    fn remove_stale_staging(&self) {
        let Ok(entries) = std::fs::read_dir(self.dir.join(SNAPSHOTS)) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.lock);
    }
}

/// Creates the lock file holding our process id; fails if it exists.
fn take_lock(lock: &Path) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(lock)?;
    writeln!(file, "{}", std::process::id())
}

/// Why a lock has no live owner, or `None` while it may have one. Our locks always hold
/// the owner's process id, written right after the file is created; so a lock is stale
/// when it is older than any sync could last, when its process is known to be gone
/// (Linux `/proc`), when it holds something other than a process id, or when it has
/// stayed empty for longer than writing a number takes.
fn stale_reason(lock: &Path) -> Option<String> {
    const MAX_SYNC_TIME: std::time::Duration = std::time::Duration::from_secs(6 * 3600);
    const WRITE_TIME: std::time::Duration = std::time::Duration::from_secs(5);
    let age = std::fs::metadata(lock).and_then(|meta| meta.modified()).ok().and_then(|m| m.elapsed().ok());
    if age.is_some_and(|age| age > MAX_SYNC_TIME) {
        return Some("older than 6 hours".to_string());
    }
    // Read at most a few bytes: a lock file is a number.
    let mut bytes = Vec::new();
    let read = std::fs::File::open(lock).and_then(|file| {
        use std::io::Read;
        file.take(64).read_to_end(&mut bytes)
    });
    if read.is_err() {
        return None;
    }
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim();
    if text.is_empty() {
        return age.is_some_and(|age| age > WRITE_TIME).then(|| "it is empty".to_string());
    }
    let Ok(pid) = text.parse::<u32>() else {
        return Some("it holds no process id".to_string());
    };
    let proc = Path::new("/proc");
    if pid == std::process::id() || !proc.join("self").exists() {
        return None;
    }
    (!proc.join(pid.to_string()).exists()).then(|| format!("process {pid} is gone"))
}

fn staging_name(name: &str) -> String {
    format!("{STAGING_PREFIX}{name}")
}

/// Hard-links (or, across file systems, copies) an unchanged file from the current
/// snapshot into the staging folder. Snapshots are never written after the switch, so
/// sharing the bytes is safe.
pub(crate) fn link_or_copy(from: &Path, to: &Path) -> Result<(), SyncError> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|error| SyncError::io(parent, error))?;
    }
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|error| SyncError::io(to, error))
}
