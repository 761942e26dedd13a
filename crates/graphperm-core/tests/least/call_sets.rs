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

use Scheme::{Application, DelegatedPersonal, DelegatedWork};

/// Directory reader: each object type by its own basic read, never Directory.Read.All
/// (which also reads every other directory object).
#[test]
fn directory_reader() {
    check(
        "directory reader",
        "GET /users\nGET /groups\nGET /devices",
        &[
            (DelegatedWork, &["User.ReadBasic.All", "Group.ReadBasic.All", "Device.Read.All"]),
            (Application, &["User.ReadBasic.All", "Group.ReadBasic.All", "Device.Read.All"]),
        ],
    );
}

/// Mailbox reader: reads only. App-only, Mail.ReadBasic.All covers listing (no bodies)
/// and Mail.Read the attachments; never Mail.ReadWrite, which the data flags on a
/// GET/PATCH/DELETE pathSet. Delegated, Mail.Read implies Mail.ReadBasic.
#[test]
fn mailbox_reader() {
    check(
        "mailbox reader",
        "GET /users/u1/messages\nGET /users/u1/mailFolders\nGET /users/u1/messages/m1/attachments",
        &[
            (DelegatedWork, &["Mail.Read"]),
            (DelegatedPersonal, &["Mail.Read"]),
            (Application, &["Mail.ReadBasic.All", "Mail.Read"]),
        ],
    );
}

/// Calendar reader: Calendars.ReadBasic(.All), not Calendars.ReadWrite; app-only the
/// real app role Calendars.ReadBasic.All, not the placeholder Calendars.ReadBasic.
#[test]
fn calendar_reader() {
    check(
        "calendar reader",
        "GET /users/u1/calendar/events\nGET /users/u1/events/e1",
        &[(DelegatedWork, &["Calendars.ReadBasic"]), (Application, &["Calendars.ReadBasic.All"])],
    );
}

/// Teams bot: resource-specific consent (per team, per chat) where the data flags it,
/// never Group.ReadWrite.All. Posting to a channel app-only exists only for migration.
#[test]
fn teams_bot() {
    check(
        "Teams bot",
        "GET /teams/t1/channels\nGET /teams/t1/channels/c1/messages\nPOST /teams/t1/channels/c1/messages\nGET /chats/c1/messages",
        &[
            (
                DelegatedWork,
                &["Channel.ReadBasic.All", "ChannelMessage.Read.All", "ChannelMessage.Send", "Chat.Read"],
            ),
            (
                Application,
                &[
                    "ChannelSettings.Read.Group",
                    "ChannelMessage.Read.Group",
                    "Teamwork.Migrate.All",
                    "ChatMessage.Read.Chat",
                ],
            ),
        ],
    );
}

/// SharePoint reader: Sites.Read.All for the site and lists; the site's drive is read
/// as a drive (Files.Read.All app-only), never Sites.ReadWrite.All.
#[test]
fn sharepoint_reader() {
    check(
        "SharePoint reader",
        "GET /sites/s1\nGET /sites/s1/lists\nGET /sites/s1/lists/l1/items\nGET /sites/s1/drive/root/children",
        &[
            (DelegatedWork, &["Sites.Read.All", "Files.Read"]),
            (Application, &["Sites.Read.All", "Files.Read.All"]),
        ],
    );
}

/// SharePoint site administration: managing permissions needs Sites.FullControl.All
/// (tier 0, the only candidate), which implies Manage and Read: one permission, no
/// redundant Sites.Read.All.
#[test]
fn sharepoint_admin() {
    check(
        "SharePoint admin",
        "GET /sites/s1/lists\nPOST /sites/s1/lists\nGET /sites/s1/permissions\nPOST /sites/s1/permissions",
        &[(Application, &["Sites.FullControl.All"])],
    );
}

/// Governance reader: access reviews and role assignments read-only, never
/// RoleManagement.ReadWrite.Directory.
#[test]
fn governance_reader() {
    check(
        "governance",
        "GET /identityGovernance/accessReviews/definitions\nGET /roleManagement/directory/roleAssignments\nGET /roleManagement/directory/roleDefinitions",
        &[
            (DelegatedWork, &["AccessReview.Read.All", "RoleManagement.Read.Directory"]),
            (Application, &["AccessReview.Read.All", "RoleManagement.Read.Directory"]),
        ],
    );
}

/// Posture scanner: policies, organization, domains, roles, read-only. Policy.Read.All,
/// not Policy.ReadWrite.Authorization (flagged on a multi-method pathSet). GET
/// /organization: Organization.Read.All, not the Intune permission the data flags there
/// (README Ranking, "Intune permissions only on device paths"; a `resource-mismatch`
/// data note).
#[test]
fn posture_scanner() {
    check(
        "posture scanner",
        "GET /policies/authorizationPolicy\nGET /identity/conditionalAccess/policies\nGET /organization\nGET /domains\nGET /directoryRoles",
        &[(
            Application,
            &["Policy.Read.All", "Organization.Read.All", "Domain.Read.All", "RoleManagement.Read.Directory"],
        )],
    );
}

/// App inventory: Application.Read.All, not Application.ReadWrite.OwnedBy (a write for
/// reads); oauth2PermissionGrants has only Directory.Read.All below tier 0.
#[test]
fn app_inventory() {
    check(
        "app inventory",
        "GET /applications\nGET /servicePrincipals\nGET /servicePrincipals/s1/appRoleAssignments\nGET /oauth2PermissionGrants",
        &[
            (DelegatedWork, &["Application.Read.All", "Directory.Read.All"]),
            (Application, &["Application.Read.All", "Directory.Read.All"]),
        ],
    );
}

/// Intune reader: the Read.All of each device-management area, not their ReadWrite.All
/// (whose level the data inverts: a `level-inversion` data note).
#[test]
fn intune_reader() {
    check(
        "Intune reader",
        "GET /deviceManagement/managedDevices\nGET /deviceManagement/deviceConfigurations\nGET /deviceManagement/deviceCompliancePolicies",
        &[(
            Application,
            &["DeviceManagementManagedDevices.Read.All", "DeviceManagementConfiguration.Read.All"],
        )],
    );
}

/// Profile + directory + group creation: no Directory.ReadWrite.All (the snapshot this
/// issue replaces). App-only, Group.Create creates groups without reading them all.
#[test]
fn profile_directory_and_group_creation() {
    check(
        "me, users, create group",
        "GET /me\nGET /users\nPOST /groups",
        &[
            (DelegatedWork, &["User.Read", "User.ReadBasic.All", "Group.ReadWrite.All"]),
            (DelegatedPersonal, &["User.Read"]),
            (Application, &["User.ReadBasic.All", "Group.Create"]),
        ],
    );
}

/// Group membership manager: GroupMember.ReadWrite.All for the links (adding a member
/// is not creating a group), which implies GroupMember.ReadBasic.All for the list.
#[test]
fn group_membership_manager() {
    check(
        "group membership",
        "GET /groups/g1/members\nPOST /groups/g1/members/$ref\nDELETE /groups/g1/members/u1/$ref",
        &[(DelegatedWork, &["GroupMember.ReadWrite.All"]), (Application, &["GroupMember.ReadWrite.All"])],
    );
}

/// Sign-in and audit reader: AuditLog.Read.All alone.
#[test]
fn audit_log_reader() {
    check(
        "audit logs",
        "GET /auditLogs/signIns\nGET /auditLogs/directoryAudits",
        &[(Application, &["AuditLog.Read.All"])],
    );
}

/// Security operations reader: alerts and incidents read-only.
#[test]
fn security_reader() {
    check(
        "security reader",
        "GET /security/alerts_v2\nGET /security/incidents",
        &[(Application, &["SecurityAlert.Read.All", "SecurityIncident.Read.All"])],
    );
}

/// OneDrive sync client (delegated): Files.ReadWrite for the upload implies Files.Read;
/// app-only cannot call /me.
#[test]
fn onedrive_sync_client() {
    check(
        "OneDrive sync",
        "GET /me/drive/root/children\nPUT /me/drive/root:/a.txt:/content\nGET /me/drive/items/i1",
        &[
            (DelegatedWork, &["Files.ReadWrite"]),
            (DelegatedPersonal, &["Files.ReadWrite"]),
            (Application, &[]),
        ],
    );
}

/// User administration: User.ReadWrite.All for the update (the data's least flag; the
/// lower-level AgentIdUser.ReadWrite.IdentityParentedBy updates agent users only), which
/// implies the reads.
#[test]
fn user_administration() {
    check(
        "user admin",
        "GET /users/u1\nPATCH /users/u1\nGET /users",
        &[(DelegatedWork, &["User.ReadWrite.All"]), (Application, &["User.ReadWrite.All"])],
    );
}
