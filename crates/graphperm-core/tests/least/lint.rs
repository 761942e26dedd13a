//! The data checks (`graphperm lint`) over the shared data: each check finds the case
//! issue 10 names, with its file and entry, and pages can count findings per permission
//! and endpoint.

use graphperm_core::lint::{self, Check, Findings};

use super::support::catalogue;

fn findings() -> Findings {
    let catalogue = catalogue();
    lint::lint(catalogue, &lint::RawFiles::read(&catalogue.data_dir).expect("raw files"))
}

fn has(findings: &Findings, check: Check, file: &str, entry: &str) -> bool {
    findings.findings.iter().any(|f| f.check == check && f.file.contains(file) && f.entry.contains(entry))
}

#[test]
fn each_check_finds_the_known_case() {
    let findings = findings();
    for (check, count) in findings.counts() {
        println!("{:>6}  {}", count, check.as_str());
    }
    let permissions = "permissions/new/permissions.json";
    assert!(has(
        &findings,
        Check::Placeholder,
        permissions,
        "permissions.Calendars.ReadBasic.schemes.Application"
    ));
    assert!(has(
        &findings,
        Check::LevelInversion,
        permissions,
        "permissions.DeviceManagementConfiguration.ReadWrite.All.schemes.Application.privilegeLevel"
    ));
    assert!(has(&findings, Check::ResourceMismatch, permissions, "GET /organization ("));
    assert!(has(&findings, Check::MethodNotInSchema, permissions, "GET /me/findmeetingtimes"));
    assert!(has(&findings, Check::DuplicateLeast, permissions, "GET /me/messages ("));
    assert!(has(&findings, Check::WriteLeastForRead, permissions, "GET /users/{id}/messages (Application)"));
    assert!(has(
        &findings,
        Check::ApplicationWithoutAdminConsent,
        permissions,
        "permissions.ChangeManagement.Read.All.schemes.Application.requiresAdminConsent"
    ));
    assert!(has(
        &findings,
        Check::SuspiciousGuid,
        "provisioningInfo.json",
        "permissionDeployments.ShortNotes.Read["
    ));
    assert!(has(
        &findings,
        Check::PpeOnly,
        "provisioningInfo.json",
        "permissionDeployments.OrganizationalUnit.Read.All"
    ));
    // Counts for the pages' data notes.
    assert!(findings.for_permission("Calendars.ReadBasic") >= 1);
    assert_eq!(findings.for_permission("No.Such.Permission"), 0);
    let organization = catalogue().endpoint("GET", "/organization").expect("GET /organization");
    assert!(findings.for_endpoint(organization) >= 1);
}

/// `/teams/(team-id)/channels/{id}/messages/{id}` (and its replies) wrote a placeholder
/// in parentheses: the paths did not resolve and their grants sat on endpoints of their
/// own. They are read as `{team-id}`, join the endpoints the schema names, and lint
/// reports each with the endpoints it touches.
#[test]
fn placeholders_in_parentheses_are_read_as_placeholders_and_reported() {
    let findings = findings();
    let found: Vec<_> =
        findings.findings.iter().filter(|finding| finding.check == Check::PlaceholderInParentheses).collect();
    assert!(!found.is_empty());
    let catalogue = catalogue();
    for finding in &found {
        assert!(finding.entry.contains("/teams/(team-id)/channels/"), "{}", finding.entry);
        assert!(finding.message.contains("is read as /teams/{team-id}/channels/"), "{}", finding.message);
        assert!(!finding.endpoints.is_empty(), "{}", finding.entry);
        for &endpoint in &finding.endpoints {
            let endpoint = &catalogue.endpoints[endpoint];
            assert!(
                !endpoint.resolutions.is_empty(),
                "{} {} does not resolve",
                endpoint.method,
                endpoint.path
            );
            assert!(!endpoint.path.contains('('), "{}", endpoint.path);
        }
    }
    assert!(catalogue.endpoints.iter().all(|endpoint| !endpoint.raw_path.contains("/(")));
}

/// App roles always need admin consent: the catalogue says so even where the files do
/// not (issue 10: 54 Application schemes were shown as "User consent").
#[test]
fn application_schemes_never_show_user_consent() {
    for permission in &catalogue().permissions {
        if let Some(info) = permission.scheme(graphperm_core::Scheme::Application) {
            assert_eq!(info.requires_admin_consent, Some(true), "{}", permission.name);
        }
    }
}

/// Only POST calls an action: no endpoint of another method keeps a schema resolution
/// that ends with one, and each such endpoint of the data is a `method-not-in-schema`
/// finding naming the version.
#[test]
fn an_action_is_in_the_schema_for_post_only() {
    let catalogue = catalogue();
    let findings = findings();
    let mut outside = 0;
    for endpoint in &catalogue.endpoints {
        for resolution in endpoint.resolutions.values() {
            assert!(resolution.allows(&endpoint.method), "{} {}", endpoint.method, endpoint.path);
        }
        for version in endpoint.schema_method.keys() {
            outside += 1;
            let entry = format!("{} {}", endpoint.method, endpoint.raw_path);
            assert!(
                findings.findings.iter().any(|finding| finding.check == Check::MethodNotInSchema
                    && finding.entry == entry
                    && finding.message.contains(&format!("the {} schema", version.as_str()))),
                "{entry} ({version:?})"
            );
        }
    }
    assert_eq!(outside, findings.findings.iter().filter(|f| f.check == Check::MethodNotInSchema).count());
    assert!(outside >= 4, "{outside}");
}
