//! `graphperm sync`: download the upstream files into a new validated snapshot of the
//! data folder, and [`ensure_data`], the first-run download of the main commands.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::bail;
use graphperm_core::DataDir;
use graphperm_sync::{SyncOptions, SyncReport};

/// Download the Microsoft Graph data into the data folder (all or nothing).
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Download a repository's files from BASE_URL/<path> instead of GitHub (a mirror, a
    /// proxy, GitHub Enterprise, or `python3 -m http.server` over an upstream-layout
    /// folder). Repositories: microsoft-graph-devx-content, msgraph-metadata,
    /// msgraph-sdk-powershell. Repeatable.
    #[arg(long = "source", value_name = "REPOSITORY=BASE_URL")]
    pub sources: Vec<String>,

    /// Previous snapshots to keep besides the current one.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub keep: usize,

    /// Seconds without data before a download attempt is abandoned.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// Attempts per file for temporary failures (5xx, timeouts, dropped connections).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub attempts: u32,

    /// Largest file accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 200)]
    pub max_file_size: u64,
}

/// Exit codes: see [`crate::exit::of_sync`].
pub fn run(args: SyncArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let mut options = SyncOptions::new(&data.requested);
    for source in &args.sources {
        options.sources.set(source)?;
    }
    options.keep = args.keep;
    options.http.read_timeout = Duration::from_secs(args.timeout.max(1));
    options.http.attempts = args.attempts.max(1);
    options.http.max_file_size = args.max_file_size.saturating_mul(1024 * 1024);
    install_interrupt_handler(&options.cancel);
    match graphperm_sync::sync(&options) {
        Ok(report) => {
            print_report(&report, &data.requested);
            Ok(ExitCode::SUCCESS)
        }
        Err(error) => {
            let chain = std::iter::successors(Some(&error as &(dyn std::error::Error + 'static)), |cause| {
                cause.source()
            });
            eprintln!("error: {}", crate::output::escape_controls(&crate::exit::error_text(chain)));
            eprintln!("The current data in {} is unchanged.", data.requested.display());
            Ok(crate::exit::of_sync(&error))
        }
    }
}

/// Makes sure `data` holds data before a main command (`show`, `serve`) loads it, and
/// returns the data folder to load (re-resolved: after a first sync, `current` exists).
///
/// With data present, returns at once. Without, when `interactive`, downloads it with
/// progress bars into `data.requested` (the default cache, or an empty `--data` folder);
/// otherwise, or when offline or the folder is not ours to fill, fails with a message
/// saying exactly what to do.
pub fn ensure_data(data: &DataDir, interactive: bool) -> anyhow::Result<DataDir> {
    if data.has_data() {
        return Ok(data.clone());
    }
    let folder = data.requested.display();
    let what_to_do = format!(
        "run `graphperm sync` to download it into {folder} (add `--source REPOSITORY=BASE_URL` \
         for a mirror or proxy), or pass `--data DIR` naming a folder in the upstream layout \
         <repository>/<path>, e.g. DIR/microsoft-graph-devx-content/permissions/new/permissions.json"
    );
    if !interactive {
        bail!("no Microsoft Graph data in {folder}: {what_to_do}");
    }
    if !is_fillable(&data.requested) {
        bail!(
            "no Microsoft Graph data in {folder} (and it holds other files, so it was not filled automatically): {what_to_do}"
        );
    }
    eprintln!("No Microsoft Graph data in {folder} yet: downloading it (graphperm sync)...");
    let options = SyncOptions::new(&data.requested);
    install_interrupt_handler(&options.cancel);
    match graphperm_sync::sync(&options) {
        Ok(report) => {
            print_report(&report, &data.requested);
            Ok(DataDir::new(&data.requested))
        }
        Err(error) if error.is_network() => bail!(
            "no Microsoft Graph data in {folder}, and downloading it failed ({error}). \
             If you are offline: when online, {what_to_do}"
        ),
        Err(error) => bail!(
            "no Microsoft Graph data in {folder}, and downloading it failed ({error}). To retry, {what_to_do}"
        ),
    }
}

/// A missing or empty folder, or an existing sync cache, may be filled without asking.
fn is_fillable(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(_) => !dir.exists(),
        Ok(mut entries) => entries.next().is_none() || dir.join("snapshots").is_dir(),
    }
}

/// First Ctrl-C: stop cleanly before the switch. Second: leave at once (the staging
/// folder and lock are cleaned up by the next sync).
fn install_interrupt_handler(cancel: &Arc<AtomicBool>) {
    let cancel = Arc::clone(cancel);
    // Only the first handler of a process can be installed; a second sync in the same
    // process keeps the first flag, which is fine for a one-shot CLI.
    let _ = ctrlc::set_handler(move || {
        if cancel.swap(true, Ordering::SeqCst) {
            std::process::exit(crate::exit::INTERRUPTED.into());
        }
        eprintln!("\ninterrupted: stopping (press Ctrl-C again to quit at once)");
    });
}

fn print_report(report: &SyncReport, dir: &Path) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let files = report.downloaded.len() + report.unchanged.len();
    if report.updated {
        eprintln!(
            "Synced {files} files into {} ({} new or changed, {} unchanged; {} downloaded).",
            report.snapshot.display(),
            report.downloaded.len(),
            report.unchanged.len(),
            human_size(report.bytes_downloaded)
        );
        if !report.removed_snapshots.is_empty() {
            eprintln!("Removed old snapshots: {}.", report.removed_snapshots.join(", "));
        }
        if report.previous.is_some() {
            eprintln!("See what changed: graphperm diff --data {} previous current", dir.display());
        }
    } else {
        eprintln!("Already up to date: all {files} files unchanged ({}).", report.snapshot.display());
    }
}

fn human_size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_data_and_not_interactive_says_what_to_do() {
        let temp = tempfile::tempdir().unwrap();
        let error = ensure_data(&DataDir::new(temp.path()), false).unwrap_err();
        let message = format!("{error:#}");
        assert!(message.contains("no Microsoft Graph data in"), "{message}");
        assert!(message.contains("run `graphperm sync`"), "{message}");
        assert!(message.contains("--data DIR"), "{message}");
    }

    #[test]
    fn does_not_fill_a_folder_holding_other_files() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::write(temp.path().join("notes.txt"), "mine").unwrap();
        let error = ensure_data(&DataDir::new(temp.path()), true).unwrap_err();
        assert!(format!("{error:#}").contains("holds other files"), "{error:#}");
        let entries = std::fs::read_dir(temp.path()).unwrap().count();
        assert_eq!(entries, 1, "the folder was written to");
    }

    #[test]
    fn data_present_is_returned_as_is() {
        let data = DataDir::new(graphperm_fixtures::shared_data());
        assert_eq!(ensure_data(&data, false).unwrap(), data);
    }

    #[test]
    fn fillable_folders() {
        let temp = tempfile::tempdir().unwrap();
        assert!(is_fillable(temp.path()));
        assert!(is_fillable(&temp.path().join("new")));
        std::fs::create_dir(temp.path().join("snapshots")).unwrap();
        assert!(is_fillable(temp.path()));
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("x"), "").unwrap();
        assert!(!is_fillable(other.path()));
    }
}
