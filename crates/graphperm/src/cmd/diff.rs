//! `graphperm diff OLD NEW`: what changed between two data folders or snapshots.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use graphperm_core::{Catalogue, DataDir};
use graphperm_sync::changes::{Format, render};
use graphperm_sync::list_snapshots;

use crate::output;

/// Compare two data folders or snapshots: permissions, GUIDs, consent, endpoints,
/// least-privilege flags, resource types.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The older data: a data folder, a snapshot folder, a snapshot name of the --data
    /// cache, `current` or `previous`.
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The newer data, named like OLD.
    #[arg(value_name = "NEW")]
    pub new: String,

    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(args: DiffArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let old_dir = resolve(&args.old, data)?;
    let new_dir = resolve(&args.new, data)?;
    // The two loads are independent: run them side by side.
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| load(&old_dir));
        let new = load(&new_dir);
        let old =
            old.join().unwrap_or_else(|_| Err(anyhow::anyhow!("loading {} failed", old_dir.root.display())));
        (old, new)
    });
    let (old, new) = (old?, new?);
    let diff = graphperm_core::diff::diff(&old, &new);
    let format = match args.format {
        DiffFormat::Text => Format::Text,
        DiffFormat::Json => Format::Json,
        DiffFormat::Markdown => Format::Markdown,
    };
    use std::io::Write;
    let rendered = render(&diff, format);
    match format {
        Format::Json => std::io::stdout().lock().write_all(rendered.as_bytes())?,
        _ => std::io::stdout().lock().write_all(output::escape_controls(&rendered).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn load(dir: &DataDir) -> anyhow::Result<Catalogue> {
    Catalogue::load(dir).with_context(|| format!("cannot load {}", dir.root.display()))
}

/// A path, or a name in the `--data` cache (`current`, `previous`, a snapshot name).
fn resolve(name: &str, data: &DataDir) -> anyhow::Result<DataDir> {
    let path = Path::new(name);
    if path.is_dir() {
        return Ok(DataDir::new(path));
    }
    let snapshots = list_snapshots(&data.requested);
    let found: Option<PathBuf> = match name {
        "current" => snapshots.iter().find(|s| s.is_current).map(|s| s.path.clone()),
        "previous" => {
            let current = snapshots.iter().position(|s| s.is_current);
            current.and_then(|index| snapshots.get(index + 1)).map(|s| s.path.clone())
        }
        _ => snapshots.iter().find(|s| s.name == name).map(|s| s.path.clone()),
    };
    match found {
        Some(path) => Ok(DataDir::new(path)),
        None => {
            let names: Vec<&str> = snapshots.iter().map(|s| s.name.as_str()).collect();
            if names.is_empty() {
                bail!(
                    "{name:?} is neither a folder nor a snapshot of {} (it has no snapshots; run `graphperm sync`)",
                    data.requested.display()
                )
            }
            bail!(
                "{name:?} is neither a folder nor a snapshot of {} (snapshots, newest first: {})",
                data.requested.display(),
                names.join(", ")
            )
        }
    }
}
