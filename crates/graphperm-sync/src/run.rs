//! One sync, start to finish: download every upstream file into a staging folder (in
//! parallel, conditionally), check and validate the staged snapshot, write its manifest,
//! switch `current` to it and prune old snapshots. Any failure before the switch removes
//! the staging folder and leaves the current snapshot exactly as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use graphperm_core::data_dir::{UpstreamFile, format_system_time, upstream_files};

use crate::check::{ValidationWarnings, check_syntax, validate_with_catalogue};
use crate::error::SyncError;
use crate::fetch::{Conditional, Fetched, Fetcher, HttpOptions, hash_file};
use crate::manifest::{self, MANIFEST_FORMAT, Manifest, ManifestFile, MissingFile, http_date_to_rfc3339};
use crate::progress::{Progress, ProgressMode};
use crate::snapshot::{Cache, link_or_copy};
use crate::source::Sources;

/// Checks a staged snapshot folder; returns warnings, or the error that rejects it.
pub type Validator = dyn Fn(&Path) -> Result<ValidationWarnings, SyncError> + Send + Sync;

/// Everything a sync needs. [`SyncOptions::new`] gives the product's defaults.
#[derive(Clone)]
pub struct SyncOptions {
    /// The cache folder (`<dir>/snapshots/…` + `<dir>/current`).
    pub data_dir: PathBuf,
    pub sources: Sources,
    /// Previous snapshots kept besides the current one.
    pub keep: usize,
    pub http: HttpOptions,
    pub progress: ProgressMode,
    /// Downloads running at once.
    pub parallel: usize,
    /// The files to fetch; by default [`upstream_files`].
    pub files: Vec<UpstreamFile>,
    /// By default [`validate_with_catalogue`]: the catalogue's own loaders.
    pub validate: Arc<Validator>,
    /// Set it (e.g. from a Ctrl-C handler) to stop before the switch.
    pub cancel: Arc<AtomicBool>,
}

impl std::fmt::Debug for SyncOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncOptions")
            .field("data_dir", &self.data_dir)
            .field("sources", &self.sources)
            .field("keep", &self.keep)
            .field("http", &self.http)
            .field("progress", &self.progress)
            .field("parallel", &self.parallel)
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl SyncOptions {
    pub fn new(data_dir: impl Into<PathBuf>) -> SyncOptions {
        SyncOptions {
            data_dir: data_dir.into(),
            sources: Sources::default(),
            keep: 2,
            http: HttpOptions::default(),
            progress: ProgressMode::Auto,
            parallel: 4,
            files: upstream_files(),
            validate: Arc::new(validate_with_catalogue),
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }
}

/// What a successful sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// The snapshot now current.
    pub snapshot: PathBuf,
    /// The snapshot that was current before, if any.
    pub previous: Option<PathBuf>,
    /// False when every file was unchanged: no new snapshot was made.
    pub updated: bool,
    /// Files (`<repository>/<path>`) whose bytes were downloaded.
    pub downloaded: Vec<String>,
    /// Files the servers reported unchanged (304) or that downloaded identical.
    pub unchanged: Vec<String>,
    pub missing: Vec<MissingFile>,
    pub bytes_downloaded: u64,
    /// Missing optional files and loader warnings.
    pub warnings: Vec<String>,
    /// Old snapshots removed by `keep`.
    pub removed_snapshots: Vec<String>,
}

/// One file's outcome before the switch.
enum FileOutcome {
    /// Downloaded; `same_as_current` when the bytes equal the intact current copy.
    Downloaded {
        entry: ManifestFile,
        same_as_current: bool,
    },
    Unchanged(ManifestFile),
    Missing(MissingFile),
}

/// Runs one sync. On error nothing visible changed: `current` and every snapshot are
/// as they were (the staging folder is removed).
pub fn sync(options: &SyncOptions) -> Result<SyncReport, SyncError> {
    let cache = Cache::open(&options.data_dir)?;
    let current = cache.current();
    let previous = current.as_deref().and_then(Manifest::read);
    let name = cache.new_snapshot_name();
    let staging = cache.create_staging(&name)?;
    let result = stage_and_commit(options, &cache, current.as_deref(), previous.as_ref(), &name, &staging);
    if staging.exists() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn stage_and_commit(
    options: &SyncOptions,
    cache: &Cache,
    current: Option<&Path>,
    previous: Option<&Manifest>,
    name: &str,
    staging: &Path,
) -> Result<SyncReport, SyncError> {
    let outcomes = download_all(options, current, previous, staging)?;
    let mut files = Vec::new();
    let mut report = SyncReport {
        snapshot: PathBuf::new(),
        previous: current.map(Path::to_path_buf),
        updated: true,
        downloaded: Vec::new(),
        unchanged: Vec::new(),
        missing: Vec::new(),
        bytes_downloaded: 0,
        warnings: cache.lock_warning.iter().cloned().collect(),
        removed_snapshots: Vec::new(),
    };
    for outcome in outcomes {
        match outcome {
            FileOutcome::Downloaded { entry, same_as_current } => {
                check_syntax(&staging.join(&entry.file), &entry.file)?;
                report.bytes_downloaded += entry.size;
                if same_as_current {
                    report.unchanged.push(entry.file.clone());
                } else {
                    report.downloaded.push(entry.file.clone());
                }
                files.push(entry);
            }
            FileOutcome::Unchanged(entry) => {
                report.unchanged.push(entry.file.clone());
                files.push(entry);
            }
            FileOutcome::Missing(missing) => {
                report.warnings.push(format!(
                    "optional file {} is not available ({}); continuing without it",
                    missing.file, missing.reason
                ));
                report.missing.push(missing);
            }
        }
    }
    if let (Some(current), Some(previous)) = (current, previous)
        && report.downloaded.is_empty()
        && same_file_set(previous, &files)
    {
        report.snapshot = current.to_path_buf();
        report.updated = false;
        return Ok(report);
    }
    if options.cancel.load(Ordering::Relaxed) {
        return Err(SyncError::Interrupted);
    }
    // The loaders warn about missing optional files too; those are reported already.
    // A loader bug must not take the sync down with a panic: report it as invalid data.
    let validation = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (options.validate)(staging)));
    let loader_warnings = match validation {
        Ok(result) => result?,
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_string());
            return Err(SyncError::Validation {
                file: "the downloaded snapshot".to_string(),
                message: format!("the loaders crashed: {reason}"),
            });
        }
    };
    report.warnings.extend(
        loader_warnings
            .into_iter()
            .filter(|warning| !report.missing.iter().any(|missing| warning.contains(&missing.file))),
    );
    let created_at = format_system_time(std::time::SystemTime::now());
    let data_date = files
        .iter()
        .filter_map(|file| file.last_modified_rfc3339.clone())
        .max()
        .unwrap_or_else(|| created_at.clone());
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        generator: concat!("graphperm-sync ", env!("CARGO_PKG_VERSION")).to_string(),
        snapshot: name.to_string(),
        created_at,
        data_date,
        sources: options
            .sources
            .iter()
            .map(|(repository, url)| (repository.to_string(), url.to_string()))
            .collect(),
        files,
        missing: report.missing.clone(),
    };
    manifest::write(&manifest, staging)?;
    if options.cancel.load(Ordering::Relaxed) {
        return Err(SyncError::Interrupted);
    }
    report.snapshot = cache.commit(staging, name)?;
    report.removed_snapshots = cache.prune(options.keep);
    Ok(report)
}

/// True when the previous snapshot holds exactly these files.
fn same_file_set(previous: &Manifest, files: &[ManifestFile]) -> bool {
    let mut old: Vec<&str> = previous.files.iter().map(|f| f.file.as_str()).collect();
    let mut new: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
    old.sort_unstable();
    new.sort_unstable();
    old == new
}

/// Downloads every file with `options.parallel` workers; returns outcomes in file order,
/// or the error of the first failing file in file order.
fn download_all(
    options: &SyncOptions,
    current: Option<&Path>,
    previous: Option<&Manifest>,
    staging: &Path,
) -> Result<Vec<FileOutcome>, SyncError> {
    let fetcher = Fetcher::new(options.http.clone());
    let progress = Progress::new(options.progress, options.files.len());
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    // Stop the other downloads as soon as one file fails: the sync is lost anyway.
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Result<FileOutcome, SyncError>>>> =
        Mutex::new((0..options.files.len()).map(|_| None).collect());
    let workers = options.parallel.clamp(1, options.files.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let cancel = CancelEither { user: &options.cancel, failed: &failed };
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = options.files.get(index) else {
                        break;
                    };
                    if cancel.is_set() {
                        break;
                    }
                    let outcome =
                        fetch_one(options, &fetcher, &progress, file, current, previous, staging, &cancel);
                    if outcome.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    progress.set_done(done.fetch_add(1, Ordering::Relaxed) + 1);
                    if let Ok(mut results) = results.lock() {
                        results[index] = Some(outcome);
                    }
                }
            });
        }
    });
    progress.finish();
    let results = results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    if options.cancel.load(Ordering::Relaxed) {
        return Err(SyncError::Interrupted);
    }
    let mut outcomes = Vec::with_capacity(results.len());
    let mut first_error = None;
    for result in results {
        match result {
            Some(Ok(outcome)) => outcomes.push(outcome),
            // A real failure beats the "interrupted" of the downloads it stopped.
            Some(Err(SyncError::Interrupted)) | None => {}
            Some(Err(error)) => {
                first_error.get_or_insert(error);
            }
        }
    }
    match first_error {
        Some(error) => Err(error),
        None if outcomes.len() < options.files.len() => Err(SyncError::Interrupted),
        None => Ok(outcomes),
    }
}

/// Set when the user cancels or another download failed.
struct CancelEither<'a> {
    user: &'a AtomicBool,
    failed: &'a AtomicBool,
}

impl CancelEither<'_> {
    fn is_set(&self) -> bool {
        self.user.load(Ordering::Relaxed) || self.failed.load(Ordering::Relaxed)
    }
}

#[allow(clippy::too_many_arguments)]
fn fetch_one(
    options: &SyncOptions,
    fetcher: &Fetcher,
    progress: &Progress,
    file: &UpstreamFile,
    current: Option<&Path>,
    previous: Option<&Manifest>,
    staging: &Path,
    cancel: &CancelEither<'_>,
) -> Result<FileOutcome, SyncError> {
    let relative = file.relative_path();
    let url = options.sources.url_of(file).ok_or_else(|| SyncError::InvalidSource {
        value: file.repository.to_string(),
        reason: format!("no base URL for the repository of {relative}"),
    })?;
    let destination = staging.join(&relative);
    if let Some(parent) = destination.parent() {
        std::fs::create_dir_all(parent).map_err(|error| SyncError::io(parent, error))?;
    }
    // Only ask "changed since?" about a copy we have, fetched from the same URL, whose
    // bytes are still the ones the manifest lists (a damaged copy is downloaded again).
    let old_path = current.map(|root| root.join(&relative));
    let old_entry = previous
        .and_then(|manifest| manifest.file(&relative))
        .filter(|entry| entry.url == url)
        .filter(|entry| {
            old_path
                .as_deref()
                .and_then(|path| hash_file(path).ok())
                .is_some_and(|(size, sha256)| size == entry.size && sha256 == entry.sha256)
        });
    let conditional = match old_entry {
        Some(entry) => Conditional { etag: entry.etag.clone(), last_modified: entry.last_modified.clone() },
        None => Conditional::default(),
    };
    let bar = progress.file(&relative);
    let fetched = fetcher.fetch(&relative, &url, &conditional, &destination, &bar, &|| cancel.is_set());
    let downloaded_at = format_system_time(std::time::SystemTime::now());
    let outcome = match fetched {
        Err(error) => {
            bar.finish("failed");
            return Err(error);
        }
        Ok(Fetched::Downloaded(download)) => {
            bar.finish("done");
            let same_as_current = old_entry.is_some_and(|entry| entry.sha256 == download.sha256);
            FileOutcome::Downloaded {
                entry: ManifestFile {
                    file: relative,
                    url,
                    last_modified_rfc3339: download.last_modified.as_deref().and_then(http_date_to_rfc3339),
                    etag: download.etag,
                    last_modified: download.last_modified,
                    size: download.size,
                    sha256: download.sha256,
                    downloaded_at,
                },
                same_as_current,
            }
        }
        Ok(Fetched::NotModified) => {
            let (Some(entry), Some(old_path)) = (old_entry, old_path.filter(|p| p.is_file())) else {
                bar.finish("failed");
                return Err(SyncError::Status { file: relative, url, status: 304, attempts: 1 });
            };
            link_or_copy(&old_path, &destination)?;
            bar.finish("unchanged");
            let entry = entry.clone();
            FileOutcome::Unchanged(entry)
        }
        Ok(Fetched::NotFound { status }) => {
            bar.finish(&format!("HTTP {status}"));
            let _ = std::fs::remove_file(&destination);
            if file.required {
                return Err(SyncError::Status { file: relative, url, status, attempts: 1 });
            }
            FileOutcome::Missing(MissingFile { file: relative, url, reason: format!("HTTP {status}") })
        }
    };
    Ok(outcome)
}
