//! The data checks as JSON: what `graphperm lint --format json` prints.

use std::collections::BTreeMap;

use graphperm_core::Catalogue;
use graphperm_core::lint::{Check, Findings};
use graphperm_core::model::EndpointId;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LintReport {
    /// Findings per check name, every check listed (zero included).
    pub counts: BTreeMap<&'static str, usize>,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    /// The check's kebab-case name (`duplicate-least`).
    pub check: &'static str,
    pub title: &'static str,
    /// The upstream file, relative to its repository.
    pub file: String,
    /// The entry of the file the finding is about.
    pub entry: String,
    pub message: String,
    pub permissions: Vec<String>,
    /// Endpoints as `METHOD path` (permissions.json spelling).
    pub endpoints: Vec<String>,
}

/// The public shape of the findings.
pub fn lint_view(catalogue: &Catalogue, findings: &Findings) -> LintReport {
    let counts_by_check = findings.counts();
    let counts = Check::ALL
        .into_iter()
        .map(|check| (check.as_str(), counts_by_check.get(&check).copied().unwrap_or(0)))
        .collect();
    let findings = findings
        .findings
        .iter()
        .map(|finding| FindingView {
            check: finding.check.as_str(),
            title: finding.check.title(),
            file: finding.file.clone(),
            entry: finding.entry.clone(),
            message: finding.message.clone(),
            permissions: finding.permissions.clone(),
            endpoints: finding
                .endpoints
                .iter()
                .filter_map(|&id| catalogue.endpoints.get(id))
                .map(|endpoint| format!("{} {}", endpoint.method, endpoint.raw_path))
                .collect(),
        })
        .collect();
    LintReport { counts, findings }
}

/// Rows the data-checks page lists at most; the rest is counted.
pub const MAX_ROWS: usize = 500;

/// What the data-checks page narrows to; every part optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct LintFilter<'a> {
    /// One check, by its kebab-case name.
    pub check: Option<&'a str>,
    /// Text the entry, message or a permission name contains (case-insensitive).
    pub query: Option<&'a str>,
    /// The findings about one permission (exact name): those its page counts.
    pub permission: Option<&'a str>,
    /// The findings about one endpoint, with how it is written (`GET /me`): those its
    /// page counts.
    pub endpoint: Option<(EndpointId, &'a str)>,
}

/// The data-checks page: counts per check, the findings of one check or text.
#[derive(Debug, Clone, Serialize)]
pub struct LintPage {
    pub checks: Vec<CheckRow>,
    pub selected: Option<&'static str>,
    pub query: String,
    /// The permission or endpoint the findings are about, when narrowed to one.
    pub subject: Option<String>,
    /// Findings that match, listed and hidden.
    pub matched: usize,
    pub rows: Vec<Row>,
    /// Matching findings beyond [`MAX_ROWS`].
    pub hidden: usize,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub name: &'static str,
    pub title: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub check: &'static str,
    pub file: String,
    pub entry: String,
    pub message: String,
}

/// The findings `filter` selects: of one check, with a text, about one permission or one
/// endpoint (every part that is given).
pub fn lint_page(all: &Findings, filter: LintFilter<'_>) -> LintPage {
    let selected = filter.check.and_then(|name| Check::ALL.into_iter().find(|check| check.as_str() == name));
    let query: String = filter.query.unwrap_or_default().trim().chars().take(200).collect();
    let needle = query.to_lowercase();
    let counts = all.counts();
    let checks = Check::ALL
        .into_iter()
        .map(|check| CheckRow {
            name: check.as_str(),
            title: check.title(),
            count: counts.get(&check).copied().unwrap_or(0),
        })
        .collect();
    let matching = all.findings.iter().filter(|finding| {
        selected.is_none_or(|check| finding.check == check)
            && filter.permission.is_none_or(|name| finding.touches_permission(name))
            && filter.endpoint.is_none_or(|(id, _)| finding.touches_endpoint(id))
            && (needle.is_empty()
                || finding.entry.to_lowercase().contains(&needle)
                || finding.message.to_lowercase().contains(&needle)
                || finding.permissions.iter().any(|name| name.to_lowercase() == needle))
    });
    let mut rows = Vec::new();
    let mut hidden = 0;
    for finding in matching {
        if rows.len() >= MAX_ROWS {
            hidden += 1;
            continue;
        }
        rows.push(Row {
            check: finding.check.as_str(),
            file: finding.file.clone(),
            entry: finding.entry.clone(),
            message: finding.message.clone(),
        });
    }
    LintPage {
        checks,
        selected: selected.map(Check::as_str),
        query,
        subject: filter.permission.or(filter.endpoint.map(|(_, label)| label)).map(str::to_string),
        matched: rows.len() + hidden,
        rows,
        hidden,
        error: all.is_empty().then(|| {
            "No findings: the data checks found nothing, or could not read the raw files.".to_string()
        }),
    }
}
