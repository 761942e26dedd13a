//! Regression tests, one per known failure of existing least-privilege tools (issue 3),
//! against the shared data.

use graphperm_core::Scheme;
use graphperm_core::least::{CallReport, CallStatus, Calls, Report};

use super::support::engine;

fn resolve(call: &str) -> CallReport {
    let (method, url) = call.split_once(' ').expect("METHOD URL");
    engine().resolve(method, url, "test", &Scheme::ALL)
}

fn analyse(lines: &str, schemes: &[Scheme], granted: Option<&[String]>) -> Report {
    let mut calls = Calls::new();
    calls.add_text(lines, "test");
    engine().analyse(&calls, schemes, granted)
}

fn names(report: &Report, scheme: Scheme) -> Vec<String> {
    report.minimal[&scheme].permissions.iter().map(|p| p.name.clone()).collect()
}

fn first(report: &CallReport, scheme: Scheme) -> Option<&str> {
    report
        .candidates
        .get(&scheme)
        .and_then(|list| list.first())
        .map(|candidate| engine().permission_name(candidate.permission))
}

/// Tools that look the URL up as an exact template find nothing for real ids.
#[test]
fn exact_template_lookup_only_misses_real_ids() {
    for url in [
        "/users/48d31887-5fad-4d73-a9f5-3c356e68a038/messages",
        "/users/adele.vance@contoso.com/messages",
        "/users('adele.vance@contoso.com')/messages",
        "/users/12345/messages",
        "https://graph.microsoft.com/v1.0/users/a%40b.com/messages?$top=1",
    ] {
        let report = resolve(&format!("GET {url}"));
        assert_eq!(report.template.as_deref(), Some("/users/{id}/messages"), "{url}");
    }
}

/// Cutting the URL at the first `$` maps `$ref`, `$count` and `$value` onto the parent.
#[test]
fn cutting_at_first_dollar_maps_system_segments_onto_parent() {
    let count = resolve("GET /users/u1/transitiveReports/$count");
    assert_eq!(count.template.as_deref(), Some("/users/{id}/transitivereports/$count"));
    let value = resolve("GET /me/notes/n1/attachments/a1/$value");
    assert_eq!(value.template.as_deref(), Some("/me/notes/{id}/attachments/{id}/$value"));
    let reference = resolve("POST /teams/t1/channels/c1/enabledApps/$ref");
    assert_eq!(reference.template.as_deref(), Some("/teams/{id}/channels/{id}/enabledApps/$ref"));
    // The parent of the `$ref` is a different endpoint with other permissions.
    let parent = resolve("GET /teams/t1/channels/c1/enabledApps");
    assert_ne!(parent.template, reference.template);
    assert!(reference.notes.is_empty(), "no fallback was needed: {:?}", reference.notes);
}

/// `POST /groups/{id}/members/$ref` is absent from the data: the documented fallback
/// says where its answer comes from instead of silently using the parent.
#[test]
fn missing_ref_entry_falls_back_with_a_note() {
    let report = resolve("POST /groups/g1/members/$ref");
    assert_eq!(report.status, CallStatus::Matched);
    assert_eq!(report.template.as_deref(), Some("/groups/{id}/members/{id}"));
    assert!(report.notes[0].contains("DELETE"), "{:?}", report.notes);
    assert_eq!(first(&report, Scheme::Application), Some("GroupMember.ReadWrite.All"));
}

/// Without backtracking, `/organization/{id}/settings` was answered with a groups path.
#[test]
fn no_backtracking_matched_organization_settings_to_groups() {
    let organization = resolve("GET /organization/84841066-274d-4ec0-a5c1-276be684bdd3/settings");
    let groups = resolve("GET /groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/settings");
    assert_eq!(organization.template.as_deref(), Some("/organization/{id}/settings"));
    assert_eq!(groups.template.as_deref(), Some("/groups/{id}/settings"));
    assert_ne!(first(&organization, Scheme::DelegatedWork), first(&groups, Scheme::DelegatedWork));
}

/// The data lists application permissions on some `/me` paths; an app without a
/// signed-in user cannot call `/me`, so they must not be offered.
#[test]
fn me_paths_offered_with_application_permissions() {
    let report = resolve("POST /me/checkMemberGroups");
    assert_eq!(report.template.as_deref(), Some("/me/checkmembergroups"));
    assert!(!report.candidates.contains_key(&Scheme::Application));
    assert!(report.unsupported.contains_key(&Scheme::Application));
    assert!(report.candidates.contains_key(&Scheme::DelegatedWork));
    let analysed = analyse("POST /me/checkMemberGroups", &Scheme::ALL, None);
    assert!(names(&analysed, Scheme::Application).is_empty());
    assert_eq!(analysed.minimal[&Scheme::Application].uncovered, vec![0]);
}

/// `/me/…` is `/users/{id}/…` for delegated schemes when the data has no `/me` entry.
#[test]
fn me_is_users_for_delegated_schemes_only() {
    let report = resolve("GET /me/appRoleAssignments");
    assert_eq!(report.template.as_deref(), Some("/users/{id}/approleassignments"));
    assert!(report.candidates.contains_key(&Scheme::DelegatedWork));
    assert!(!report.candidates.contains_key(&Scheme::Application));
}

/// Tools that keep only the first `least` flag hide equally least-privileged options.
#[test]
fn only_the_first_least_flag_was_kept() {
    let report = resolve("GET /me/messages");
    let candidates = &report.candidates[&Scheme::DelegatedWork];
    let flagged: Vec<&str> =
        candidates.iter().filter(|c| c.least).map(|c| engine().permission_name(c.permission)).collect();
    assert!(flagged.len() >= 2, "{flagged:?}");
    // Every flagged candidate comes before every unflagged one.
    let first_unflagged = candidates.iter().position(|c| !c.least).unwrap_or(candidates.len());
    assert!(candidates[first_unflagged..].iter().all(|c| !c.least));
}

/// A union of each call's first candidate is not a minimal set.
#[test]
fn union_heuristic_for_several_urls() {
    let lines = "GET /users/u1\nPATCH /users/u1\nGET /users";
    let report = analyse(lines, &[Scheme::Application], None);
    let union: std::collections::BTreeSet<&str> =
        report.calls.iter().filter_map(|call| first(call, Scheme::Application)).collect();
    let minimal = names(&report, Scheme::Application);
    assert!(minimal.len() < union.len(), "minimal {minimal:?}, union {union:?}");
    assert!(report.minimal[&Scheme::Application].optimal);
    // Every call is covered by the chosen set.
    for (index, call) in report.calls.iter().enumerate() {
        let covered = call.candidates[&Scheme::Application]
            .iter()
            .any(|c| minimal.iter().any(|m| m == engine().permission_name(c.permission)));
        assert!(covered, "call {index} uncovered by {minimal:?}");
    }
}

/// AlsoRequires lists alternatives: one of them joins the minimal set, marked as required.
#[test]
fn also_requires_is_added_once() {
    let report =
        analyse("GET /agentRegistry/agentInstances/i1/agentCardManifest", &[Scheme::DelegatedWork], None);
    let chosen = &report.minimal[&Scheme::DelegatedWork].permissions;
    assert_eq!(chosen.len(), 2, "{chosen:?}");
    assert!(chosen[0].required_by.is_empty());
    assert_eq!(chosen[1].required_by, vec![chosen[0].name.clone()]);
}

/// `--granted`: missing and excess permissions, with implications by name.
#[test]
fn granted_comparison() {
    let granted =
        vec!["User.ReadWrite.All".to_string(), "Mail.Read".to_string(), "Not.A.Permission".to_string()];
    let report =
        analyse("GET /users/u1\nPATCH /users/u1\nGET /groups", &[Scheme::Application], Some(&granted));
    let comparison = report.granted.as_ref().expect("comparison");
    assert_eq!(comparison.unknown, vec!["Not.A.Permission".to_string()]);
    let application = &comparison.schemes[&Scheme::Application];
    assert_eq!(application.not_granted, vec![2], "Mail.Read is delegated-only here");
    assert_eq!(application.missing.len(), 1, "{:?}", application.missing);
    assert_eq!(application.excess, vec!["Mail.Read".to_string()]);
    assert!(report.has_missing());
}

/// Bad input never stops the rest.
#[test]
fn bad_input_is_per_call() {
    let report =
        analyse("FETCH /x\nGET https://example.com/v1.0/me\nGET /usres/x\nGET /me\n", &Scheme::ALL, None);
    let statuses: Vec<CallStatus> = report.calls.iter().map(|c| c.status).collect();
    assert_eq!(statuses, vec![CallStatus::Invalid, CallStatus::Unmatched, CallStatus::Matched]);
    assert!(report.calls[1].suggestions.iter().any(|s| s.starts_with("GET /users")));
    assert_eq!(
        report.diagnostics.iter().filter(|d| d.severity == graphperm_core::least::Severity::Error).count(),
        3
    );
}
