//! Documented Learn examples (issue 10): how often the first candidate is the permission
//! Microsoft Learn documents as least privileged, with the engine's ranking and with the
//! earlier one (the data's raw markers, ranked flag, level, scope, access). The figure is
//! printed, not asserted: a threshold tuned to this list would prove nothing.

use std::cmp::Ordering;

use graphperm_core::Scheme;
use graphperm_core::least::{CallStatus, Candidate, order};

use super::support::engine;

/// (method, URL, scheme, least privileged on the method's Learn page).
const DOCUMENTED: &[(&str, &str, Scheme, &str)] = &[
    ("GET", "/users", Scheme::DelegatedWork, "User.ReadBasic.All"),
    ("GET", "/users", Scheme::Application, "User.Read.All"),
    ("GET", "/groups", Scheme::DelegatedWork, "GroupMember.Read.All"),
    ("GET", "/groups", Scheme::Application, "GroupMember.Read.All"),
    ("GET", "/users/u1/messages", Scheme::DelegatedWork, "Mail.ReadBasic"),
    ("GET", "/users/u1/messages", Scheme::Application, "Mail.ReadBasic.All"),
    ("GET", "/users/u1/mailFolders", Scheme::DelegatedWork, "Mail.ReadBasic"),
    ("GET", "/users/u1/mailFolders", Scheme::Application, "Mail.ReadBasic.All"),
    ("GET", "/users/u1/events", Scheme::DelegatedWork, "Calendars.ReadBasic"),
    ("GET", "/applications", Scheme::DelegatedWork, "Application.Read.All"),
    ("GET", "/applications", Scheme::Application, "Application.Read.All"),
    ("GET", "/servicePrincipals", Scheme::DelegatedWork, "Application.Read.All"),
    ("GET", "/servicePrincipals", Scheme::Application, "Application.Read.All"),
    ("GET", "/devices", Scheme::DelegatedWork, "Device.Read.All"),
    ("GET", "/devices", Scheme::Application, "Device.Read.All"),
    ("GET", "/policies/authorizationPolicy", Scheme::DelegatedWork, "Policy.Read.All"),
    ("GET", "/policies/authorizationPolicy", Scheme::Application, "Policy.Read.All"),
    ("GET", "/domains", Scheme::DelegatedWork, "Domain.Read.All"),
    ("GET", "/domains", Scheme::Application, "Domain.Read.All"),
    ("GET", "/directoryRoles", Scheme::DelegatedWork, "RoleManagement.Read.Directory"),
    ("GET", "/directoryRoles", Scheme::Application, "RoleManagement.Read.Directory"),
    ("GET", "/auditLogs/signIns", Scheme::DelegatedWork, "AuditLog.Read.All"),
    ("GET", "/auditLogs/signIns", Scheme::Application, "AuditLog.Read.All"),
    ("GET", "/security/alerts_v2", Scheme::Application, "SecurityAlert.Read.All"),
    ("GET", "/security/incidents", Scheme::Application, "SecurityIncident.Read.All"),
    ("GET", "/identityGovernance/accessReviews/definitions", Scheme::Application, "AccessReview.Read.All"),
    (
        "GET",
        "/roleManagement/directory/roleAssignments",
        Scheme::Application,
        "RoleManagement.Read.Directory",
    ),
    ("GET", "/sites/s1", Scheme::DelegatedWork, "Sites.Read.All"),
    ("GET", "/sites/s1", Scheme::Application, "Sites.Read.All"),
    ("GET", "/teams/t1/channels", Scheme::DelegatedWork, "Channel.ReadBasic.All"),
    ("GET", "/chats/c1/messages", Scheme::DelegatedWork, "Chat.Read"),
    ("GET", "/organization", Scheme::DelegatedWork, "User.Read"),
    ("GET", "/organization", Scheme::Application, "Organization.Read.All"),
    (
        "GET",
        "/deviceManagement/managedDevices",
        Scheme::Application,
        "DeviceManagementManagedDevices.Read.All",
    ),
    ("POST", "/groups", Scheme::DelegatedWork, "Group.ReadWrite.All"),
    ("POST", "/groups", Scheme::Application, "Group.Create"),
    ("PATCH", "/users/u1", Scheme::DelegatedWork, "User.ReadWrite.All"),
    ("PATCH", "/users/u1", Scheme::Application, "User.ReadWrite.All"),
    ("POST", "/groups/g1/members/$ref", Scheme::Application, "GroupMember.ReadWrite.All"),
    ("GET", "/me/drive/root/children", Scheme::DelegatedWork, "Files.Read"),
];

/// The Learn pages of the shared data: the first `http` request and the permission
/// table's first (least privileged) entry per scheme.
fn documented_pages() -> Vec<(String, String, Scheme, String)> {
    let root = graphperm_fixtures::shared_data().join("microsoft-graph-docs-contrib/api-reference/v1.0/api");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&root) else {
        return out;
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let mut lines = text.lines();
        let request = lines
            .by_ref()
            .skip_while(|line| {
                !line.trim_start().starts_with("``` http") && !line.trim_start().starts_with("```http")
            })
            .nth(1)
            .and_then(|line| line.trim().split_once(' '))
            .map(|(method, path)| (method.to_string(), path.to_string()));
        let Some((method, path)) = request else {
            continue;
        };
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let scheme = match cells.get(1) {
                Some(&"Delegated (work or school account)") => Scheme::DelegatedWork,
                Some(&"Application") => Scheme::Application,
                _ => continue,
            };
            let Some(first) = cells.get(2).and_then(|cell| cell.split(',').next()).map(str::trim) else {
                continue;
            };
            if first.contains('.') {
                out.push((method.clone(), path.clone(), scheme, first.to_string()));
            }
        }
    }
    out
}

/// The earlier ranking: the raw marker, then the level, then scope, then access.
fn earlier(a: &Candidate, b: &Candidate) -> Ordering {
    let name = |c: &Candidate| engine().permission_name(c.permission).to_string();
    b.least_raw
        .cmp(&a.least_raw)
        .then(a.privilege_level.unwrap_or(u8::MAX).cmp(&b.privilege_level.unwrap_or(u8::MAX)))
        .then(order::scope_rank(&name(a)).cmp(&order::scope_rank(&name(b))))
        .then(order::access_rank(&name(a)).min(3).cmp(&order::access_rank(&name(b)).min(3)))
        .then(name(a).to_lowercase().cmp(&name(b).to_lowercase()))
}

#[test]
fn learn_first_candidate_figure() {
    let engine = engine();
    let mut examples: Vec<(String, String, Scheme, String)> = DOCUMENTED
        .iter()
        .map(|&(method, url, scheme, name)| (method.to_string(), url.to_string(), scheme, name.to_string()))
        .collect();
    examples.extend(documented_pages());
    let (mut now, mut before, mut total) = (0, 0, 0);
    for (method, url, scheme, documented) in &examples {
        let report = engine.resolve(method, url, "learn", &[*scheme]);
        assert_eq!(report.status, CallStatus::Matched, "{method} {url}");
        let Some(candidates) = report.candidates.get(scheme) else {
            println!("  no {scheme} candidate: {method} {url}");
            continue;
        };
        total += 1;
        let first_now = engine.permission_name(candidates[0].permission);
        let mut earlier_order = candidates.clone();
        earlier_order.sort_by(earlier);
        let first_before = engine.permission_name(earlier_order[0].permission);
        now += usize::from(first_now == documented);
        before += usize::from(first_before == documented);
        if first_now != documented {
            println!("  {method} {url} ({scheme}): Learn {documented}, first {first_now}");
        }
    }
    println!(
        "Learn's least privileged permission first: {now} of {total} with the method-aware ranking, {before} of {total} with the earlier one"
    );
    assert!(total >= 30, "only {total} documented examples");
}
