//! Command-line arguments. Each subcommand's own options live beside its `run` in
//! `cmd/<name>.rs`; this file holds the global ones and the list of subcommands.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cmd;

/// Microsoft Graph permissions explorer and least-privilege engine.
#[derive(Debug, Parser)]
#[command(name = "graphperm", version, about, propagate_version = true)]
pub struct Cli {
    /// Data folder in the upstream layout `<repository>/<path>` (or a sync cache).
    /// Default: $GRAPHPERM_DATA, else the user's cache folder (`graphperm sync` fills it).
    #[arg(long, global = true, value_name = "DIR", env = "GRAPHPERM_DATA")]
    pub data: Option<PathBuf>,

    /// Print more about loading (repeat for more).
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Everything about one permission: GUIDs, consent, endpoints, resources, cmdlets.
    Show(cmd::show::ShowArgs),
    /// Search permissions, endpoints, cmdlets and resource types.
    Search(cmd::search::SearchArgs),
    /// The whole catalogue as JSON or CSV.
    Export(cmd::export::ExportArgs),
    /// The least-privileged permissions for a set of request URLs.
    Least(cmd::least::LeastArgs),
    /// Data checks over the upstream permission files (duplicate or misleading least
    /// flags, level inversions, placeholders, consent, GUIDs).
    Lint(cmd::lint::LintArgs),
    /// What an app registration allows: its manifest, grants or `az ad app permission list`.
    Audit(cmd::audit::AuditArgs),
    /// Import the Microsoft Graph service principal (GUIDs, texts, RSC permissions).
    #[command(name = "import-sp")]
    ImportSp(cmd::import_sp::ImportSpArgs),
    /// Download fresh Microsoft Graph data into the data folder, safely (all or nothing).
    Sync(cmd::sync::SyncArgs),
    /// What changed between two data folders or snapshots.
    Diff(cmd::diff::DiffArgs),
    /// The web explorer: pages, JSON API and search on a local address.
    Serve(cmd::serve::ServeArgs),
    /// The whole explorer as static files for any web host (GitHub Pages, S3, a CDN).
    Site(cmd::site::SiteArgs),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        super::Cli::command().debug_assert();
    }
}
