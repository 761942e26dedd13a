//! `graphperm sync` against the local server: a clean sync, conditional re-syncs, and
//! one test per injected fault checking the error, its exit code, that the message
//! names the file and the reason, and that the cache is byte-for-byte as before.

use std::time::Duration;

use graphperm_core::DataDir;
use graphperm_core::data_dir::{
    CMDLET_MAP, DESCRIPTIONS, LOCALIZED_DESCRIPTIONS, PERMISSIONS, PROVISIONING, SCHEMA_BETA,
    SCHEMA_BETA_STRUCTURAL, SCHEMA_V1,
};
use graphperm_sync::manifest::Manifest;
use graphperm_sync::{SyncError, SyncFailure, list_snapshots};

use crate::Harness;
use crate::server::{Fault, LAST_MODIFIED};

/// Syncs once (must succeed), injects `fault`, syncs again (must fail): returns the
/// error after checking that the cache did not change at all.
fn failing_resync(file: &str, fault: Fault) -> SyncError {
    let harness = Harness::start();
    harness.sync_unvalidated().expect("the first sync succeeds");
    let before = harness.tree();
    harness.server.fault(file, fault);
    let error = harness.sync().expect_err("the faulty sync fails");
    assert_eq!(harness.tree(), before, "the cache changed after: {error}");
    let message = error.to_string();
    assert!(message.contains(file), "the message does not name {file}: {message}");
    error
}

#[test]
fn first_sync_builds_a_valid_snapshot_with_a_manifest() {
    let harness = Harness::start();
    let report = harness.sync().unwrap();
    assert!(report.updated);
    let data = DataDir::new(harness.cache.path());
    assert_eq!(data.root, report.snapshot.canonicalize().unwrap_or(report.snapshot.clone()));
    assert!(data.has_data());
    for file in [PERMISSIONS, PROVISIONING, SCHEMA_V1, SCHEMA_BETA] {
        let served = std::fs::read(harness.upstream.path().join(file.relative_path())).unwrap();
        assert_eq!(std::fs::read(data.path_of(&file)).unwrap(), served, "{}", file.relative_path());
    }

    // The served copy has no cmdlet map and no structural beta schema: optional files,
    // so warnings.
    let missing: Vec<&str> = report.missing.iter().map(|m| m.file.as_str()).collect();
    assert_eq!(missing, [SCHEMA_BETA_STRUCTURAL.relative_path(), CMDLET_MAP.relative_path()]);
    assert!(
        report.warnings.iter().any(|w| w.contains("MgCommandMetadata.json") && w.contains("HTTP 404")),
        "{:?}",
        report.warnings
    );

    let manifest = Manifest::read(&data.root).expect("a manifest");
    assert_eq!(manifest.data_date, "2026-08-07T14:00:06Z");
    let entry = manifest.file(&PERMISSIONS.relative_path()).unwrap();
    assert_eq!(entry.url, format!("{}/{}", harness.server.base_url, PERMISSIONS.relative_path()));
    assert_eq!(entry.last_modified.as_deref(), Some(LAST_MODIFIED));
    assert!(entry.etag.is_some());
    let bytes = std::fs::read(data.path_of(&PERMISSIONS)).unwrap();
    assert_eq!(entry.size, bytes.len() as u64);
    use sha2::Digest;
    assert_eq!(entry.sha256, format!("{:x}", sha2::Sha256::digest(&bytes)));
    // The core reads the data date from the manifest.
    assert_eq!(
        graphperm_core::data_dir::data_date(&data, &[PERMISSIONS])
            .map(graphperm_core::data_dir::format_timestamp),
        Some("2026-08-07T14:00:06Z".to_string())
    );
}

#[test]
fn second_sync_of_unchanged_files_downloads_nothing() {
    let harness = Harness::start();
    harness.sync().unwrap();
    harness.server.take_seen();
    let before = harness.tree();

    let report = harness.sync().unwrap();
    assert!(!report.updated);
    assert_eq!(report.bytes_downloaded, 0);
    assert!(report.downloaded.is_empty(), "{:?}", report.downloaded);
    let seen = harness.server.take_seen();
    let files: Vec<_> = seen.iter().filter(|s| s.status != 404).collect();
    assert_eq!(files.len(), report.unchanged.len());
    for request in files {
        assert!(request.if_none_match.is_some(), "unconditional request: {request:?}");
        assert_eq!(request.if_modified_since.as_deref(), Some(LAST_MODIFIED));
        assert_eq!(request.status, 304, "{request:?}");
    }
    assert_eq!(harness.tree(), before);
}

#[test]
fn changed_file_makes_a_new_snapshot_and_keeps_the_previous_ones() {
    let harness = Harness::start();
    let first = harness.sync().unwrap().snapshot;
    let edit = |marker: &str| {
        let path = harness.upstream.path().join(PROVISIONING.relative_path());
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(marker);
        std::fs::write(&path, text).unwrap();
    };
    edit("\n");
    harness.server.take_seen();
    let report = harness.sync().unwrap();
    assert!(report.updated);
    assert_eq!(report.downloaded, vec![PROVISIONING.relative_path()]);
    // Only the changed file travelled; the others were answered 304 and linked.
    let full: Vec<_> = harness.server.take_seen().into_iter().filter(|s| s.status == 200).collect();
    assert_eq!(full.len(), 1, "{full:?}");
    assert_ne!(report.snapshot, first);
    assert!(first.is_dir(), "the previous snapshot is kept");

    // With --keep 1, a third snapshot pushes out the first.
    edit(" ");
    let mut options = harness.options();
    options.keep = 1;
    let third = graphperm_sync::sync(&options).unwrap();
    assert_eq!(third.removed_snapshots.len(), 1);
    assert!(!first.exists());
    let snapshots = list_snapshots(harness.cache.path());
    assert_eq!(snapshots.len(), 2);
    assert!(snapshots[0].is_current, "{snapshots:?}");
}

#[test]
fn missing_required_file_fails_with_404() {
    let error = failing_resync(&PERMISSIONS.relative_path(), Fault::Status(404));
    assert!(matches!(error, SyncError::Status { status: 404, .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::Download);
    assert!(error.to_string().contains("HTTP 404"), "{error}");
}

#[test]
fn server_error_is_retried_then_fails() {
    let harness = Harness::start();
    harness.sync_unvalidated().unwrap();
    let before = harness.tree();
    harness.server.fault(&PROVISIONING.relative_path(), Fault::Status(500));
    harness.server.take_seen();
    let error = harness.sync().unwrap_err();
    assert!(matches!(error, SyncError::Status { status: 500, attempts: 2, .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::Download);
    let message = error.to_string();
    assert!(message.contains(&PROVISIONING.relative_path()) && message.contains("HTTP 500"), "{message}");
    let tries =
        harness.server.take_seen().iter().filter(|s| s.path.ends_with("provisioningInfo.json")).count();
    assert_eq!(tries, 2);
    assert_eq!(harness.tree(), before);
}

#[test]
fn transient_server_error_is_retried_and_succeeds() {
    let harness = Harness::start();
    harness.server.fault(&DESCRIPTIONS.relative_path(), Fault::StatusTimes(503, 1));
    let report = harness.sync().unwrap();
    assert!(report.downloaded.contains(&DESCRIPTIONS.relative_path()));
}

#[test]
fn connection_dropped_mid_body() {
    let error = failing_resync(&DESCRIPTIONS.relative_path(), Fault::DropMidBody);
    assert!(
        matches!(error, SyncError::Truncated { received, expected, .. } if received < expected),
        "{error:?}"
    );
    assert!(error.to_string().contains("was cut short"), "{error}");
    assert_eq!(error.failure(), SyncFailure::Download);
}

#[test]
fn truncated_json() {
    let error = failing_resync(&PERMISSIONS.relative_path(), Fault::Truncate);
    assert!(matches!(error, SyncError::Syntax { format: "JSON", .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::InvalidData);
    assert!(error.to_string().contains("EOF while parsing"), "{error}");
}

#[test]
fn invalid_xml() {
    let broken = b"<?xml version=\"1.0\"?><edmx:Edmx><Schema></edmx:Edmx>".to_vec();
    let error = failing_resync(&SCHEMA_V1.relative_path(), Fault::Replace(broken));
    assert!(matches!(error, SyncError::Syntax { format: "XML", .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::InvalidData);
}

#[test]
fn slow_server_past_the_timeout() {
    let error = failing_resync(&SCHEMA_BETA.relative_path(), Fault::Slow(Duration::from_secs(3)));
    assert!(matches!(error, SyncError::Transport { .. }), "{error:?}");
    assert!(error.to_string().contains("timeout"), "{error}");
    assert_eq!(error.failure(), SyncFailure::Download);
}

#[test]
fn content_length_longer_than_the_body() {
    let error = failing_resync(&PROVISIONING.relative_path(), Fault::ContentLengthTooLong);
    assert!(matches!(error, SyncError::Truncated { .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::Download);
}

#[test]
fn content_length_shorter_than_the_body() {
    // The client believes the header, so the file is cut and no longer parses.
    let error = failing_resync(&PERMISSIONS.relative_path(), Fault::ContentLengthTooShort);
    assert!(matches!(error, SyncError::Syntax { .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::InvalidData);
}

#[test]
fn file_that_parses_but_fails_validation() {
    let invalid = br#"{"permissions": 5}"#.to_vec();
    let error = failing_resync(&PERMISSIONS.relative_path(), Fault::Replace(invalid));
    assert!(matches!(error, SyncError::Validation { .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::InvalidData);
    assert!(error.to_string().contains("does not load"), "{error}");
}

#[test]
fn file_over_the_size_limit() {
    let harness = Harness::start();
    let mut options = harness.options();
    options.http.max_file_size = 1024 * 1024;
    let error = graphperm_sync::sync(&options).unwrap_err();
    assert!(matches!(error, SyncError::TooLarge { .. }), "{error:?}");
    assert!(error.to_string().contains("permissions.json"), "{error}");
}

#[test]
fn failed_first_sync_leaves_no_current_snapshot() {
    let harness = Harness::start();
    harness.server.fault(&PERMISSIONS.relative_path(), Fault::Status(500));
    harness.sync().unwrap_err();
    assert!(!harness.cache.path().join("current").exists());
    assert!(list_snapshots(harness.cache.path()).is_empty());
    assert!(!DataDir::new(harness.cache.path()).has_data());
}

#[test]
fn refuses_a_folder_in_upstream_layout_and_a_locked_cache() {
    let harness = Harness::start();
    let mut options = harness.options();
    options.data_dir = harness.upstream.path().to_path_buf();
    let error = graphperm_sync::sync(&options).unwrap_err();
    assert!(matches!(error, SyncError::NotACache { .. }), "{error:?}");

    std::fs::write(harness.cache.path().join(".sync.lock"), "1\n").unwrap();
    let error = harness.sync().unwrap_err();
    assert!(matches!(error, SyncError::Locked { .. }), "{error:?}");
}

#[test]
fn interrupted_sync_leaves_the_cache_as_it_was() {
    let harness = Harness::start();
    harness.sync_unvalidated().unwrap();
    let before = harness.tree();
    harness.server.fault(&SCHEMA_BETA.relative_path(), Fault::Slow(Duration::from_secs(3)));
    let options = harness.options();
    let cancel = std::sync::Arc::clone(&options.cancel);
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        cancel.store(true, std::sync::atomic::Ordering::SeqCst);
    });
    let error = graphperm_sync::sync(&options).unwrap_err();
    stopper.join().unwrap();
    assert!(matches!(error, SyncError::Interrupted), "{error:?}");
    assert_eq!(harness.tree(), before);
}

/// Regression: a sync killed outright left its lock, blocking every later sync.
#[cfg(target_os = "linux")]
#[test]
fn stale_lock_of_a_dead_process_is_taken_over() {
    let harness = Harness::start();
    // Above the kernel's largest possible pid (2^22), so no such process exists.
    std::fs::write(harness.cache.path().join(".sync.lock"), "99999999\n").unwrap();
    harness.sync().unwrap();
    assert!(!harness.cache.path().join(".sync.lock").exists());
}

/// Regression: a damaged file in the current snapshot was carried into the next one as
/// "unchanged" after a 304.
#[test]
fn damaged_current_copy_is_downloaded_again() {
    let harness = Harness::start();
    let first = harness.sync_unvalidated().unwrap();
    let damaged = first.snapshot.join(PROVISIONING.relative_path());
    std::fs::remove_file(&damaged).unwrap();
    std::fs::write(&damaged, "{}").unwrap();
    harness.server.take_seen();

    let report = harness.sync().unwrap();
    assert!(report.updated);
    assert_eq!(report.downloaded, vec![PROVISIONING.relative_path()]);
    let request = harness
        .server
        .take_seen()
        .into_iter()
        .find(|seen| seen.path.ends_with("provisioningInfo.json"))
        .unwrap();
    assert_eq!((request.status, request.if_none_match), (200, None));
    let served = std::fs::read(harness.upstream.path().join(PROVISIONING.relative_path())).unwrap();
    let data = DataDir::new(harness.cache.path());
    assert_eq!(std::fs::read(data.path_of(&PROVISIONING)).unwrap(), served);
}

#[test]
fn crashing_validator_is_an_error_not_a_panic() {
    let harness = Harness::start();
    harness.sync_unvalidated().unwrap();
    let before = harness.tree();
    std::fs::write(harness.upstream.path().join(PROVISIONING.relative_path()), "{\"x\": 1}").unwrap();
    let mut options = harness.options();
    options.validate = std::sync::Arc::new(|_| panic!("loader bug"));
    let error = graphperm_sync::sync(&options).unwrap_err();
    assert!(matches!(error, SyncError::Validation { .. }), "{error:?}");
    assert!(error.to_string().contains("the loaders crashed: loader bug"), "{error}");
    assert_eq!(harness.tree(), before);
}

/// Issue 14, defect 3: a translation of the wrong shape loaded as an empty one, and the
/// sync switched `current` to it.
#[test]
fn defect_3_translation_of_the_wrong_shape_is_rejected() {
    let file = LOCALIZED_DESCRIPTIONS[0].relative_path();
    assert!(file.ends_with("permissions-descriptions_de-DE.json"), "{file}");
    let error = failing_resync(&file, Fault::Replace(br#"{"permissions": 5}"#.to_vec()));
    assert!(matches!(error, SyncError::Validation { .. }), "{error:?}");
    assert_eq!(error.failure(), SyncFailure::InvalidData);
    assert!(error.to_string().contains("not a permission descriptions file"), "{error}");
}

/// Issue 14, defect 8: a lock file with garbage in it blocked every sync until deleted
/// by hand. No live sync writes anything but its process id.
#[test]
fn defect_8_garbage_lock_is_taken_over_with_a_warning() {
    let harness = Harness::start();
    std::fs::create_dir_all(harness.cache.path()).unwrap();
    std::fs::write(harness.cache.path().join(".sync.lock"), "\u{0}garbage\u{7f}").unwrap();
    let report = harness.sync().unwrap();
    assert!(
        report.warnings.iter().any(|w| w.contains("took over the lock file") && w.contains("no process id")),
        "{:?}",
        report.warnings
    );
    assert!(!harness.cache.path().join(".sync.lock").exists());
}

/// Issue 14, defect 8: an empty lock file blocked every sync. An empty lock is taken over
/// once it is older than writing a process id takes; a fresh one may be a sync starting.
#[test]
fn defect_8_empty_lock_is_taken_over_once_old() {
    let harness = Harness::start();
    let lock = harness.cache.path().join(".sync.lock");
    std::fs::write(&lock, "").unwrap();
    let error = harness.sync().unwrap_err();
    assert!(matches!(error, SyncError::Locked { .. }), "{error:?}");

    let a_minute_ago = std::time::SystemTime::now() - Duration::from_secs(60);
    std::fs::File::options().write(true).open(&lock).unwrap().set_modified(a_minute_ago).unwrap();
    let report = harness.sync().unwrap();
    assert!(report.warnings.iter().any(|w| w.contains("it is empty")), "{:?}", report.warnings);
}
