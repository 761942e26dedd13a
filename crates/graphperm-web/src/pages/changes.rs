//! The Changes page and its Atom feed: what each sync changed, newest first, from the
//! sync cache's snapshots (`graphperm_history::history`).

use askama::Template;
use graphperm_core::data_dir;
use graphperm_core::model::ApiVersion;
use graphperm_history::atom::{FeedInfo, atom_feed};
use graphperm_history::changes::{html, summary_line};

use super::{Layout, human_date};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "changes.html")]
struct ChangesPage {
    layout: Layout,
    entries: Vec<Entry>,
    /// The upstream files the data comes from, shown when there is no history.
    sources: Vec<Source>,
}

/// One upstream file: what it is, where it lives on GitHub.
struct Source {
    what: &'static str,
    path: String,
    url: String,
}

struct Entry {
    anchor: String,
    date: String,
    summary: String,
    /// HTML built by `graphperm_history::changes::html`, which escapes every data text.
    fragment: String,
}

pub fn render_changes_page(state: &AppState) -> Result<String, WebError> {
    let entries: Vec<Entry> = state
        .changes
        .iter()
        .filter(|change| !change.diff.is_empty())
        .map(|change| Entry {
            anchor: change.to.name.clone(),
            date: change
                .to
                .data_date
                .as_deref()
                .or(change.to.created_at.as_deref())
                .map(human_date)
                .unwrap_or_else(|| change.to.name.clone()),
            summary: summary_line(&change.diff),
            fragment: html(&change.diff),
        })
        .collect();
    let page = ChangesPage {
        sources: if entries.is_empty() { sources(state) } else { Vec::new() },
        layout: Layout::new(
            Some(state),
            "Changes",
            "What changed in the Microsoft Graph permission data.",
            "changes",
        ),
        entries,
    };
    Ok(page.render()?)
}

/// The files the catalogue was built from, linked to their upstream repositories.
fn sources(state: &AppState) -> Vec<Source> {
    let catalogue = &state.catalogue;
    let has_cmdlet_map = catalogue.endpoints.iter().any(|endpoint| {
        endpoint.cmdlets.values().any(|cmdlet| cmdlet.source == graphperm_core::model::CmdletSource::Metadata)
    });
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

/// The Atom feed; `base` is the absolute site URL without a trailing slash.
pub fn render_changes_feed(state: &AppState, base: &str) -> String {
    let feed_url = format!("{base}/changes.atom");
    let page_url = format!("{base}/changes");
    let info = FeedInfo {
        title: "graphperm: Microsoft Graph permission changes",
        feed_url: &feed_url,
        page_url: &page_url,
    };
    atom_feed(&info, &state.changes)
}
