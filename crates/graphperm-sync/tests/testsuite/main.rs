//! Integration tests of graphperm-sync: syncs against a local fault-injecting HTTP
//! server, and diffs between the shared upstream data and modified copies.

mod diff;
mod feed;
mod server;
mod sync;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use graphperm_core::data_dir::upstream_files;
use graphperm_sync::{HttpOptions, ProgressMode, Sources, SyncError, SyncOptions, SyncReport};
use sha2::{Digest, Sha256};

use server::TestServer;

/// The realistic data set shared by the project's tests.
pub fn shared_data() -> PathBuf {
    graphperm_fixtures::shared_data()
}

/// A temporary copy of the files the loaders read (only those), in upstream layout.
pub fn upstream_copy() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    for file in upstream_files() {
        let from = shared_data().join(file.relative_path());
        if from.is_file() {
            let to = temp.path().join(file.relative_path());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&from, &to).unwrap();
        }
    }
    temp
}

/// An upstream copy served over HTTP, and an empty sync cache.
pub struct Harness {
    pub upstream: tempfile::TempDir,
    pub server: TestServer,
    pub cache: tempfile::TempDir,
}

impl Harness {
    pub fn start() -> Harness {
        let upstream = upstream_copy();
        let server = TestServer::start(upstream.path().to_path_buf());
        Harness { upstream, server, cache: tempfile::tempdir().unwrap() }
    }

    /// Short timeouts and backoff so failing cases finish quickly.
    pub fn options(&self) -> SyncOptions {
        let mut options = SyncOptions::new(self.cache.path());
        options.sources = Sources::all_under(&self.server.base_url);
        options.progress = ProgressMode::Hidden;
        options.http = HttpOptions {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_millis(500),
            file_timeout: Duration::from_secs(30),
            attempts: 2,
            backoff: Duration::from_millis(10),
            ..HttpOptions::default()
        };
        options
    }

    pub fn sync(&self) -> Result<SyncReport, SyncError> {
        graphperm_sync::sync(&self.options())
    }

    /// A sync that skips the catalogue loaders (syntax checks still run): for setting up
    /// the "previous snapshot" of fault tests quickly. Other tests prove the served data
    /// loads.
    pub fn sync_unvalidated(&self) -> Result<SyncReport, SyncError> {
        let mut options = self.options();
        options.validate = std::sync::Arc::new(|_| Ok(Vec::new()));
        graphperm_sync::sync(&options)
    }

    /// Every file under the cache with its SHA-256: equal trees are byte-for-byte equal.
    pub fn tree(&self) -> BTreeMap<String, String> {
        tree(self.cache.path())
    }
}

pub fn tree(root: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                files.insert(format!("{relative}/"), String::new());
                folders.push(path);
            } else {
                let digest = Sha256::digest(std::fs::read(&path).unwrap());
                files.insert(relative, format!("{digest:x}"));
            }
        }
    }
    files
}
