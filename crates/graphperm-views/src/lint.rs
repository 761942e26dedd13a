//! The data checks as JSON: what `graphperm lint --format json` prints.

use std::collections::BTreeMap;

use graphperm_core::Catalogue;
use graphperm_core::lint::{Check, Findings};
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
