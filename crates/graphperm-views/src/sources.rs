//! The upstream files a catalogue was built from, linked to their repositories.

use graphperm_core::Catalogue;
use graphperm_core::data_dir;
use graphperm_core::model::{ApiVersion, CmdletSource};
use serde::Serialize;

/// One upstream file: what it is, where it lives on GitHub.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub what: &'static str,
    pub path: String,
    pub url: String,
}

/// The files the catalogue was built from, linked to their upstream repositories.
pub fn data_sources(catalogue: &Catalogue) -> Vec<Source> {
    let has_cmdlet_map = catalogue
        .endpoints
        .iter()
        .any(|endpoint| endpoint.cmdlets.values().any(|cmdlet| cmdlet.source == CmdletSource::Metadata));
    [
        (data_dir::PERMISSIONS, "Permissions and the endpoints they grant", true),
        (data_dir::DESCRIPTIONS, "Consent texts", true),
        (data_dir::SCHEMA_V1, "Microsoft Graph v1.0 schema", catalogue.schema(ApiVersion::V1).is_some()),
        (data_dir::SCHEMA_BETA, "Microsoft Graph beta schema", catalogue.schema(ApiVersion::Beta).is_some()),
        (data_dir::CMDLET_MAP, "PowerShell cmdlet map", has_cmdlet_map),
    ]
    .into_iter()
    .filter(|(_, _, loaded)| *loaded)
    .map(|(file, what, _)| Source { what, path: file.relative_path(), url: github_url(&file) })
    .collect()
}

/// The file's page on GitHub, from the raw-file base URL `graphperm sync` downloads from.
fn github_url(file: &data_dir::UpstreamFile) -> String {
    data_dir::DEFAULT_SOURCES
        .iter()
        .find(|(repository, _)| *repository == file.repository)
        .and_then(|(_, base)| base.strip_prefix("https://raw.githubusercontent.com/"))
        .and_then(|rest| rest.rsplit_once('/'))
        .map(|(owner_repository, branch)| {
            format!("https://github.com/{owner_repository}/blob/{branch}/{}", file.path)
        })
        .unwrap_or_else(|| format!("https://github.com/microsoftgraph/{}", file.repository))
}
