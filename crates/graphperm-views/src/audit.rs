//! The audit view: what `graphperm audit --format json` and `POST /audit` print, plus
//! its text and Markdown renderings (Markdown for a pull-request comment).
//!
//! Keys may be added, never renamed.

use std::fmt::Write as _;

use graphperm_core::Catalogue;
use graphperm_core::audit::{self, AuditReport, GrantedReach};
use graphperm_core::least::{Calls, Engine};
use serde::Serialize;

use crate::least::BroaderView;
use crate::links;
use crate::permission::privilege_label;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditView {
    /// `manifest`, `permissionList`, `oauth2PermissionGrants` or `appRoleAssignments`.
    pub input: &'static str,
    pub data_date: Option<String>,
    pub permissions: Vec<AuditedPermissionView>,
    pub unknown: Vec<UnresolvedView>,
    pub other_resources: Vec<UnresolvedView>,
    /// Present when calls were given: per access kind held.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<ComparisonView>,
    pub summary: SummaryView,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryView {
    pub permissions: usize,
    pub tier0: usize,
    pub admin_consent: usize,
    pub unknown: usize,
    pub other_resources: usize,
    pub missing: usize,
    pub excess: usize,
    /// Held permissions broader than the calls need.
    pub broader: usize,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditedPermissionView {
    pub name: String,
    /// `Scope` (delegated) or `Role` (application).
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub schemes: Vec<&'static str>,
    pub id: Option<String>,
    pub privilege_level: Option<u8>,
    pub privilege_label: Option<&'static str>,
    pub admin_consent: Option<bool>,
    pub tier0: bool,
    pub is_enabled: Option<bool>,
    pub is_hidden: Option<bool>,
    /// `endpointCount`, `resourceTypes`, `resourceTypeCount`.
    #[serde(flatten)]
    pub reach: GrantedReach,
    pub notes: Vec<String>,
    pub json_paths: Vec<String>,
    /// The permission page, root-relative.
    pub link: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnresolvedView {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: Option<String>,
    pub name: Option<String>,
    pub resource_app_id: Option<String>,
    pub resource: Option<String>,
    pub json_path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonView {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub scheme: &'static str,
    pub least: Vec<String>,
    pub missing: Vec<String>,
    pub excess: Vec<String>,
    /// Held permissions that cover calls where narrower ones would, with those.
    pub broader: Vec<BroaderView>,
    pub not_granted: Vec<String>,
    pub unmatched: Vec<String>,
}

/// Audits JSON text (`source_name` names it in errors), with optional calls.
pub fn run(
    catalogue: &Catalogue,
    text: &str,
    source_name: &str,
    calls: Option<(&Engine, &Calls)>,
) -> Result<AuditView, audit::AuditInputError> {
    let input = audit::input::parse(text, source_name)?;
    Ok(audit_view(catalogue, &audit::audit(catalogue, &input, calls)))
}

pub fn audit_view(catalogue: &Catalogue, report: &AuditReport) -> AuditView {
    let unresolved = |entry: &audit::UnresolvedAccess| UnresolvedView {
        kind: entry.access.kind.as_str(),
        id: entry.access.id.clone(),
        name: entry.access.name.clone(),
        resource_app_id: entry.access.resource_app_id.clone(),
        resource: entry.access.resource.clone(),
        json_path: entry.access.json_path.clone(),
        reason: entry.reason.clone(),
    };
    let permissions: Vec<AuditedPermissionView> = report
        .permissions
        .iter()
        .map(|permission| AuditedPermissionView {
            name: permission.name.clone(),
            kind: permission.kind.as_str(),
            schemes: permission.schemes.iter().map(|scheme| scheme.as_str()).collect(),
            id: permission.id.clone(),
            privilege_level: permission.privilege_level,
            privilege_label: permission.privilege_level.map(privilege_label),
            admin_consent: permission.admin_consent,
            tier0: permission.tier0,
            is_enabled: permission.is_enabled,
            is_hidden: permission.is_hidden,
            reach: permission.reach.clone(),
            notes: permission.notes.clone(),
            json_paths: permission.json_paths.clone(),
            link: links::permission_url(&permission.name),
        })
        .collect();
    let calls: Vec<ComparisonView> = report
        .comparisons
        .iter()
        .map(|comparison| ComparisonView {
            kind: comparison.kind.as_str(),
            scheme: comparison.scheme.as_str(),
            least: comparison.least.clone(),
            missing: comparison.missing.clone(),
            excess: comparison.excess.clone(),
            broader: comparison.broader.iter().map(BroaderView::from).collect(),
            not_granted: comparison.not_granted.clone(),
            unmatched: comparison.unmatched.clone(),
        })
        .collect();
    let summary = SummaryView {
        permissions: permissions.len(),
        tier0: permissions.iter().filter(|p| p.tier0).count(),
        admin_consent: permissions.iter().filter(|p| p.admin_consent == Some(true)).count(),
        unknown: report.unknown.len(),
        other_resources: report.other_resources.len(),
        missing: calls.iter().map(|c| c.missing.len()).sum(),
        excess: calls.iter().map(|c| c.excess.len()).sum(),
        broader: calls.iter().map(|c| c.broader.len()).sum(),
    };
    AuditView {
        input: report.shape.as_str(),
        data_date: catalogue.data_date_text(),
        permissions,
        unknown: report.unknown.iter().map(unresolved).collect(),
        other_resources: report.other_resources.iter().map(unresolved).collect(),
        calls,
        summary,
    }
}

fn yes_no(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "?",
    }
}

fn kind_label(kind: &str) -> &'static str {
    if kind == "Role" { "application" } else { "delegated" }
}

/// Plain text for a terminal.
pub fn audit_text(view: &AuditView) -> String {
    let mut out = String::new();
    let summary = &view.summary;
    let _ = writeln!(
        out,
        "{} Microsoft Graph permissions ({} tier-0, {} need admin consent); {} unknown, {} for other resources",
        summary.permissions, summary.tier0, summary.admin_consent, summary.unknown, summary.other_resources
    );
    for permission in &view.permissions {
        let _ = writeln!(
            out,
            "\n{}{} [{}]",
            permission.name,
            if permission.tier0 { "  TIER-0" } else { "" },
            kind_label(permission.kind)
        );
        let _ = writeln!(
            out,
            "  privilege {}  admin consent {}  id {}",
            permission.privilege_level.map_or("?".to_string(), |level| level.to_string()),
            yes_no(permission.admin_consent),
            permission.id.as_deref().unwrap_or("?")
        );
        let more = permission.reach.resource_type_count.saturating_sub(permission.reach.resource_types.len());
        let _ = writeln!(
            out,
            "  grants {} endpoints on {}{}",
            permission.reach.endpoint_count,
            if permission.reach.resource_types.is_empty() {
                "no known type".to_string()
            } else {
                permission.reach.resource_types.join(", ")
            },
            if more > 0 { format!(" and {more} more types") } else { String::new() }
        );
        for note in &permission.notes {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    for (title, entries) in
        [("Unknown", &view.unknown), ("Other resource applications", &view.other_resources)]
    {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title}:");
        for entry in entries {
            let what = entry.name.as_deref().or(entry.id.as_deref()).unwrap_or("?");
            let _ = writeln!(
                out,
                "  {what} [{}] at {}: {}",
                kind_label(entry.kind),
                entry.json_path,
                entry.reason
            );
        }
    }
    for comparison in &view.calls {
        let _ = writeln!(out, "\nCalls, {} ({}):", kind_label(comparison.kind), comparison.scheme);
        let _ = writeln!(out, "  least set: {}", list_or_none(&comparison.least));
        let _ = writeln!(out, "  missing:   {}", list_or_none(&comparison.missing));
        let _ = writeln!(out, "  excess:    {}", list_or_none(&comparison.excess));
        let broader: Vec<String> = comparison.broader.iter().map(BroaderView::text).collect();
        let _ = writeln!(out, "  broader:   {}", list_or_none(&broader));
        for call in &comparison.not_granted {
            let _ = writeln!(out, "  not granted: {call}");
        }
        for call in &comparison.unmatched {
            let _ = writeln!(out, "  unmatched: {call}");
        }
    }
    out
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() { "none".to_string() } else { items.join(", ") }
}

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Markdown, for a pull-request comment.
pub fn audit_markdown(view: &AuditView) -> String {
    let mut out = String::new();
    let summary = &view.summary;
    let _ = writeln!(out, "### Microsoft Graph permissions audit\n");
    let _ = writeln!(
        out,
        "{} {}, **{} tier-0**, {} need admin consent; {} unknown, {} for other resources.\n",
        summary.permissions,
        if summary.permissions == 1 { "permission" } else { "permissions" },
        summary.tier0,
        summary.admin_consent,
        summary.unknown,
        summary.other_resources
    );
    if !view.permissions.is_empty() {
        let _ = writeln!(
            out,
            "| Permission | Type | Privilege | Admin consent | Tier-0 | Endpoints | Resource types | Notes |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        for permission in &view.permissions {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                cell(&permission.name),
                kind_label(permission.kind),
                permission.privilege_level.map_or("?".to_string(), |level| level.to_string()),
                yes_no(permission.admin_consent),
                if permission.tier0 { "**yes**" } else { "no" },
                permission.reach.endpoint_count,
                cell(&permission.reach.resource_types.join(", ")),
                cell(&permission.notes.join("; "))
            );
        }
    }
    for (title, entries) in
        [("Unknown", &view.unknown), ("Other resource applications", &view.other_resources)]
    {
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n**{title}**\n");
        for entry in entries {
            let what = entry.name.as_deref().or(entry.id.as_deref()).unwrap_or("?");
            let _ = writeln!(
                out,
                "- `{}` ({}) at `{}`: {}",
                cell(what),
                kind_label(entry.kind),
                cell(&entry.json_path),
                cell(&entry.reason)
            );
        }
    }
    for comparison in &view.calls {
        let _ = writeln!(out, "\n**Calls, {} ({})**\n", kind_label(comparison.kind), comparison.scheme);
        let code = |items: &[String]| {
            if items.is_empty() {
                "none".to_string()
            } else {
                items.iter().map(|i| format!("`{}`", cell(i))).collect::<Vec<_>>().join(", ")
            }
        };
        let _ = writeln!(out, "- least set: {}", code(&comparison.least));
        let _ = writeln!(out, "- missing: {}", code(&comparison.missing));
        let _ = writeln!(out, "- excess: {}", code(&comparison.excess));
        let broader: Vec<String> = comparison
            .broader
            .iter()
            .map(|broader| {
                let narrower: Vec<String> =
                    broader.narrower.iter().map(|name| format!("`{}`", cell(name))).collect();
                format!("`{}` (narrower: {})", cell(&broader.granted), narrower.join(", "))
            })
            .collect();
        let _ = writeln!(
            out,
            "- broader than needed: {}",
            if broader.is_empty() { "none".to_string() } else { broader.join(", ") }
        );
    }
    out
}

/// Calls read from `METHOD URL` lines, for an audit that also checks what the app calls.
pub fn calls_from_text(text: &str, source: &str) -> Calls {
    let mut calls = Calls::new();
    calls.add_text(text, source);
    calls
}
