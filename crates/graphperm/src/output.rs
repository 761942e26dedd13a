//! What every subcommand shares: finding the data folder, loading the catalogue with its
//! warnings on stderr, exit codes, and quiet broken pipes.

use std::path::Path;

use anyhow::Context;
use graphperm_core::{Catalogue, DataDir};

pub const EXIT_FAILURE: u8 = 1;
pub const EXIT_NOT_FOUND: u8 = 3;

/// The data folder: `--data`/`GRAPHPERM_DATA` (clap reads both), else the user's cache.
pub fn data_dir(flag: Option<&Path>) -> DataDir {
    match flag {
        Some(dir) => DataDir::new(dir),
        None => DataDir::new(DataDir::default_location(dirs::cache_dir())),
    }
}

/// Loads the catalogue, printing load warnings to stderr.
pub fn load(data: &DataDir) -> anyhow::Result<Catalogue> {
    if !data.has_data() {
        anyhow::bail!(
            "no Microsoft Graph data in {}: run `graphperm sync` to download it, or pass --data DIR \
             pointing at a folder in the upstream layout (<repository>/<path>, e.g. \
             microsoft-graph-devx-content/permissions/new/permissions.json)",
            data.requested.display()
        );
    }
    let catalogue = Catalogue::load(data)
        .with_context(|| format!("cannot load the data folder {}", data.root.display()))?;
    for warning in &catalogue.warnings {
        tracing::warn!("{warning}");
    }
    Ok(catalogue)
}

/// True when the error is a closed stdout (`graphperm show X | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The nearest permission names to a mistyped one, best first.
pub fn suggest_permissions(catalogue: &Catalogue, name: &str) -> Vec<String> {
    let index = graphperm_core::search::SearchIndex::build(catalogue);
    index
        .search(name, 40)
        .into_iter()
        .filter(|hit| hit.kind == graphperm_core::search::SearchKind::Permission)
        .take(5)
        .map(|hit| hit.label)
        .collect()
}
