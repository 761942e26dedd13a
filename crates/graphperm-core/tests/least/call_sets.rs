//! Realistic call sets (issue 10): per scheme, the least-privilege set the engine gives,
//! with the reason a reviewer would sign it. Every set also passes the general checks:
//! no tier-0 permission and no write permission for reads where narrower ones serve.

use graphperm_core::Scheme;
use graphperm_core::least::{Calls, Report, order};

use super::support::engine;

fn analyse(lines: &str) -> Report {
    let mut calls = Calls::new();
    calls.add_text(lines, "set");
    engine().analyse(&calls, &Scheme::ALL, None)
}

fn names(report: &Report, scheme: Scheme) -> Vec<String> {
    let mut names: Vec<String> = report.minimal[&scheme].permissions.iter().map(|p| p.name.clone()).collect();
    names.sort();
    names
}

/// The general checks: every matched call is covered, or the scheme cannot make it; no
/// tier-0 permission when every call has a non-tier-0 candidate; no write permission
/// chosen when all the calls it covers are reads with a read candidate.
fn check_general(name: &str, report: &Report) {
    let engine = engine();
    for (&scheme, cover) in &report.minimal {
        let can_avoid_tier_zero = report.calls.iter().all(|call| {
            call.candidates.get(&scheme).is_none_or(|list| {
                list.iter().any(|c| !order::is_tier_zero(engine.permission_name(c.permission)))
            })
        });
        for chosen in &cover.permissions {
            assert!(!(chosen.tier_zero && can_avoid_tier_zero), "{name} {scheme}: tier 0 {}", chosen.name);
            if order::is_write(&chosen.name) && chosen.required_by.is_empty() {
                let only_reads = chosen.covers.iter().all(|&call| {
                    let call = &report.calls[call];
                    call.method == "GET"
                        && call.candidates[&scheme]
                            .iter()
                            .any(|c| !order::is_write(engine.permission_name(c.permission)))
                });
                assert!(!only_reads, "{name} {scheme}: write {} used only for reads", chosen.name);
            }
        }
        for (index, call) in report.calls.iter().enumerate() {
            if call.candidates.contains_key(&scheme) {
                assert!(!cover.uncovered.contains(&index), "{name} {scheme}: call {index} uncovered");
            }
        }
    }
}

/// `(scheme, expected set)`; the reason is the test's documentation.
fn check(name: &str, lines: &str, expected: &[(Scheme, &[&str])]) {
    let report = analyse(lines);
    assert!(!report.has_unmatched(), "{name}: unmatched {:?}", report.diagnostics);
    check_general(name, &report);
    for (scheme, wanted) in expected {
        let mut wanted: Vec<String> = wanted.iter().map(|s| s.to_string()).collect();
        wanted.sort();
        assert_eq!(names(&report, *scheme), wanted, "{name} {scheme}");
    }
}

#[test]
fn zz_print_sets() {
    let sets = [
        "GET /users\nGET /groups\nGET /devices",
        "GET /users/u1/messages\nGET /users/u1/mailFolders\nGET /users/u1/messages/m1/attachments",
        "GET /users/u1/calendar/events\nGET /users/u1/events/e1",
        "GET /teams/t1/channels\nGET /teams/t1/channels/c1/messages\nPOST /teams/t1/channels/c1/messages\nGET /chats/c1/messages",
        "GET /sites/s1\nGET /sites/s1/lists\nGET /sites/s1/lists/l1/items\nGET /sites/s1/drive/root/children",
        "GET /identityGovernance/accessReviews/definitions\nGET /roleManagement/directory/roleAssignments\nGET /roleManagement/directory/roleDefinitions",
        "GET /policies/authorizationPolicy\nGET /identity/conditionalAccess/policies\nGET /organization\nGET /domains\nGET /directoryRoles",
        "GET /applications\nGET /servicePrincipals\nGET /servicePrincipals/s1/appRoleAssignments\nGET /oauth2PermissionGrants",
        "GET /deviceManagement/managedDevices\nGET /deviceManagement/deviceConfigurations\nGET /deviceManagement/deviceCompliancePolicies",
        "GET /me\nGET /users\nPOST /groups",
        "GET /groups/g1/members\nPOST /groups/g1/members/$ref\nDELETE /groups/g1/members/u1/$ref",
        "GET /auditLogs/signIns\nGET /auditLogs/directoryAudits",
        "GET /security/alerts_v2\nGET /security/incidents",
        "GET /me/drive/root/children\nPUT /me/drive/root:/a.txt:/content\nGET /me/drive/items/i1",
        "GET /users/u1\nPATCH /users/u1\nGET /users",
        "GET /sites/s1/lists\nPOST /sites/s1/lists\nGET /sites/s1/permissions\nPOST /sites/s1/permissions",
    ];
    for lines in sets {
        let report = analyse(lines);
        println!("=== {}", lines.replace('\n', " | "));
        for d in &report.diagnostics {
            println!("  diag {}", d.message);
        }
        for (scheme, cover) in &report.minimal {
            let chosen: Vec<String> = cover
                .permissions
                .iter()
                .map(|p| format!("{}{}{:?}", p.name, if p.least { "*" } else { "" }, p.covers))
                .collect();
            println!("  {scheme}: {} uncovered {:?}", chosen.join(", "), cover.uncovered);
        }
        for call in &report.calls {
            for (scheme, list) in &call.candidates {
                let first: Vec<String> = list
                    .iter()
                    .take(4)
                    .map(|c| {
                        format!(
                            "{}{}{}{:?}",
                            engine().permission_name(c.permission),
                            if c.least { "*" } else { "" },
                            if c.least_raw { "r" } else { "" },
                            c.rank_level
                        )
                    })
                    .collect();
                println!("    {} {} {scheme}: {}", call.method, call.url, first.join(", "));
            }
        }
    }
}
