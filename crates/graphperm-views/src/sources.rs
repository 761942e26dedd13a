//! The upstream files a catalogue was built from, linked to their repositories.

use graphperm_core::Catalogue;
use graphperm_core::data_dir;
use graphperm_core::model::{ApiVersion, CmdletSource};
use serde::Serialize;

use crate::dates::{DataDate, human_date, is_rfc3339};

/// One upstream file: what it is, where it lives on GitHub, and its upstream date.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    pub what: &'static str,
    pub path: String,
    pub url: String,
    /// The file's upstream date, readable and RFC 3339, from the sync manifest (the
    /// permissions file falls back to the data date); absent when it does not say.
    pub date: Option<DataDate>,
}

/// The files the catalogue was built from, linked to their upstream repositories, each
/// with its date: the permissions, the GUIDs and deployments (provisioningInfo.json),
/// the consent texts, per version the schema whose structure is used and the one its
/// descriptions were joined from, and the cmdlet map.
pub fn data_sources(catalogue: &Catalogue) -> Vec<Source> {
    let has_cmdlet_map = catalogue
        .endpoints
        .iter()
        .any(|endpoint| endpoint.cmdlets.values().any(|cmdlet| cmdlet.source == CmdletSource::Metadata));
    // One read of the sync manifest: each file's date and pinned URL.
    let manifest = data_dir::manifest_files(&catalogue.data_dir).unwrap_or_default();
    let listed = |relative: &str| manifest.get(relative).cloned().unwrap_or_default();
    let date_of = |relative: &str, fallback: Option<&str>| {
        listed(relative).last_modified.or(fallback.map(str::to_string)).map(|iso| DataDate {
            human: human_date(&iso),
            iso: if is_rfc3339(&iso) { iso } else { String::new() },
        })
    };
    let present = |file: &data_dir::UpstreamFile| catalogue.data_dir.path_of(file).is_file();
    let mut sources = Vec::new();
    let mut push = |what: &'static str, file: data_dir::UpstreamFile, fallback: Option<&str>| {
        let path = file.relative_path();
        // The commit the sync downloaded, where the manifest says; else the branch.
        let url =
            listed(&path).url.and_then(|raw| pinned_github_url(&raw)).unwrap_or_else(|| github_url(&file));
        sources.push(Source { what, date: date_of(&path, fallback), url, path });
    };
    let data_date = catalogue.data_date_text();
    push("Permissions and the endpoints they grant", data_dir::PERMISSIONS, data_date.as_deref());
    if present(&data_dir::PROVISIONING) {
        push("Permission GUIDs and where they are deployed", data_dir::PROVISIONING, None);
    }
    if present(&data_dir::DESCRIPTIONS) {
        push("Consent texts", data_dir::DESCRIPTIONS, None);
    }
    for file in data_dir::LOCALIZED_DESCRIPTIONS.into_iter().filter(|file| present(file)) {
        push("Translated consent texts", file, None);
    }
    for (version, files) in &catalogue.schema_files {
        let (described, structural) = graphperm_core::load::schema_files::files_of(*version);
        let by_path = |relative: &str| {
            [described, structural].into_iter().find(|file| file.relative_path() == relative)
        };
        let (structure_what, descriptions_what) = match version {
            ApiVersion::V1 => ("Microsoft Graph v1.0 schema", "Microsoft Graph v1.0 schema descriptions"),
            ApiVersion::Beta => ("Microsoft Graph beta schema", "Microsoft Graph beta schema descriptions"),
        };
        // Dates from the sync manifest only: a file's time in a checkout is not an
        // upstream date.
        if let Some(file) = by_path(&files.structure) {
            push(structure_what, file, None);
        }
        if let Some(file) = files.descriptions.as_deref().and_then(by_path) {
            push(descriptions_what, file, None);
        }
    }
    if has_cmdlet_map {
        push("PowerShell cmdlet map", data_dir::CMDLET_MAP, None);
    }
    sources
}

/// `https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH` → the file's page on GitHub
/// at that commit; `None` for any other URL.
fn pinned_github_url(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix("https://raw.githubusercontent.com/")?;
    let mut parts = rest.splitn(4, '/');
    let (owner, repository, commit, path) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    Some(format!("https://github.com/{owner}/{repository}/blob/{commit}/{path}"))
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
