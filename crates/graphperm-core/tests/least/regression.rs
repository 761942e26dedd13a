//! Regression tests, one per known failure of existing least-privilege tools (issue 3),
//! against the shared data.

use graphperm_core::Scheme;
use graphperm_core::least::{CallReport, CallStatus, Calls, Objective, Report};

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
    // Several permissions flagged least for one call: all of them lead, none is hidden.
    let report = resolve("GET /users/u1/messages/m1");
    let candidates = &report.candidates[&Scheme::DelegatedWork];
    let flagged: Vec<&str> =
        candidates.iter().filter(|c| c.least).map(|c| engine().permission_name(c.permission)).collect();
    assert!(!flagged.is_empty(), "{flagged:?}");
    // Every flagged candidate comes before every unflagged one.
    let first_unflagged = candidates.iter().position(|c| !c.least).unwrap_or(candidates.len());
    assert!(candidates[first_unflagged..].iter().all(|c| !c.least));
    assert!(candidates[..first_unflagged].iter().all(|c| c.least));
}

/// A union of each call's first candidate is not a minimal set: `--fewest` consolidates
/// (and says what the broad permission grants beyond the calls).
#[test]
fn union_heuristic_for_several_urls() {
    let lines = "GET /users/u1\nPATCH /users/u1\nGET /users";
    let mut calls = Calls::new();
    calls.add_text(lines, "test");
    let report = engine().analyse_with(&calls, &[Scheme::Application], None, Objective::Fewest);
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

/// `--fewest` kept the broad consolidation silent: it now says per broad permission what
/// it grants beyond the calls, and which narrower ones least privilege uses.
#[test]
fn fewest_said_nothing_about_what_a_broad_permission_grants() {
    let mut calls = Calls::new();
    calls.add_text("GET /users\nGET /groups\nGET /devices", "test");
    let report = engine().analyse_with(&calls, &[Scheme::Application], None, Objective::Fewest);
    let chosen = &report.minimal[&Scheme::Application].permissions;
    assert_eq!(chosen.len(), 1, "{chosen:?}");
    assert_eq!(chosen[0].name, "Directory.Read.All");
    let beyond = chosen[0].beyond.as_ref().expect("what it grants beyond");
    assert!(beyond.other_endpoints > 100, "{beyond:?}");
    assert_eq!(beyond.narrower, vec!["User.ReadBasic.All", "Group.ReadBasic.All", "Device.Read.All"]);
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

// Issue 10: least-privilege answers a security reviewer can sign.

/// The `least=` marker of a pathSet listing GET, PATCH and DELETE was applied to GET too:
/// app-only `GET /users/{id}/messages` gave Mail.ReadWrite first.
#[test]
fn multi_method_least_flag_put_a_write_first_for_get_messages() {
    let report = resolve("GET /users/u1/messages");
    let first_app = first(&report, Scheme::Application).unwrap();
    assert!(!first_app.contains("Write"), "{first_app}");
    let mail_read_write = report.candidates[&Scheme::Application]
        .iter()
        .find(|c| engine().permission_name(c.permission) == "Mail.ReadWrite")
        .expect("Mail.ReadWrite grants it");
    assert!(mail_read_write.least_raw && !mail_read_write.least, "the raw marker stays visible");
}

/// `GET /users/{id}` showed User.ReadWrite.All as "Least privileged".
#[test]
fn get_user_flagged_user_read_write_all_least() {
    let report = resolve("GET /users/u1");
    for (scheme, list) in &report.candidates {
        for candidate in list.iter().filter(|c| c.least) {
            let name = engine().permission_name(candidate.permission);
            assert!(!name.contains("Write"), "{scheme}: {name} flagged least for a read");
        }
    }
}

/// `order.rs` compared scope before access: reads must come before writes whatever
/// their scope (app-only `GET /applications` gave Application.ReadWrite.OwnedBy).
#[test]
fn scope_before_access_put_owned_by_write_first_for_get_applications() {
    let report = resolve("GET /applications");
    assert_eq!(first(&report, Scheme::Application), Some("Application.Read.All"));
    let report = resolve("GET /policies/authorizationPolicy");
    assert_eq!(first(&report, Scheme::Application), Some("Policy.Read.All"));
    let report = resolve("GET /users/u1/calendar/events");
    assert_eq!(first(&report, Scheme::Application), Some("Calendars.ReadBasic.All"));
}

/// The Application entry of Calendars.ReadBasic has no level and no GUID: it was offered
/// as a permission; the real app role is Calendars.ReadBasic.All.
#[test]
fn placeholder_scheme_entry_was_offered_as_a_permission() {
    let engine = engine();
    let catalogue = engine.catalogue();
    let placeholder = engine.permission_id("Calendars.ReadBasic").unwrap();
    assert!(catalogue.permissions[placeholder].is_placeholder(Scheme::Application));
    let real = catalogue.placeholder_replacement(placeholder, Scheme::Application).unwrap();
    assert_eq!(engine.permission_name(real), "Calendars.ReadBasic.All");
    let report = resolve("GET /users/u1/calendar/events");
    let offered: Vec<&str> = report.candidates[&Scheme::Application]
        .iter()
        .map(|c| engine.permission_name(c.permission))
        .collect();
    assert!(!offered.contains(&"Calendars.ReadBasic"), "{offered:?}");
}

/// The engine's name index was lower-cased: Calls.JoinGroupCallAsGuest.All and
/// Calls.JoinGroupCallasGuest.All (two permissions, different ids) were merged.
#[test]
fn names_differing_only_in_case_were_merged() {
    let engine = engine();
    let upper = engine.permission_id("Calls.JoinGroupCallAsGuest.All").unwrap();
    let lower = engine.permission_id("Calls.JoinGroupCallasGuest.All").unwrap();
    assert_ne!(upper, lower);
    assert_eq!(engine.permission_name(upper), "Calls.JoinGroupCallAsGuest.All");
    assert_eq!(engine.permission_name(lower), "Calls.JoinGroupCallasGuest.All");
    // A spelling matching both in another case finds neither.
    assert_eq!(engine.permission_id("calls.joingroupcallasguest.all"), None);
    assert_eq!(engine.permission_id("user.read.all"), engine.permission_id("User.Read.All"));
}

/// The solver minimised the number of permissions first: `GET /users`, `GET /groups`,
/// `GET /devices` gave Directory.Read.All.
#[test]
fn fewest_permissions_first_gave_directory_read_all() {
    let report = analyse("GET /users\nGET /groups\nGET /devices", &[Scheme::Application], None);
    let chosen = names(&report, Scheme::Application);
    assert!(!chosen.contains(&"Directory.Read.All".to_string()), "{chosen:?}");
    assert_eq!(chosen.len(), 3, "{chosen:?}");
}

/// `GET /me`, `GET /users`, `POST /groups` gave Directory.ReadWrite.All (tier 0).
#[test]
fn three_calls_gave_directory_read_write_all() {
    let report = analyse("GET /me\nGET /users\nPOST /groups", &Scheme::ALL, None);
    for (scheme, cover) in &report.minimal {
        for chosen in &cover.permissions {
            assert!(!chosen.tier_zero, "{scheme}: {}", chosen.name);
        }
    }
}

/// Sites.FullControl.All came with a redundant Sites.Read.All: the family
/// FullControl ⊃ Manage ⊃ ReadWrite ⊃ Read was not known.
#[test]
fn full_control_came_with_a_redundant_read() {
    let report = analyse(
        "GET /sites/s1/lists\nPOST /sites/s1/lists\nGET /sites/s1/permissions",
        &[Scheme::Application],
        None,
    );
    assert_eq!(names(&report, Scheme::Application), vec!["Sites.FullControl.All".to_string()]);
}

/// With `--scheme all`, `least "GET /groups" --granted User.Read.All` exited 0: a scheme
/// with no candidate counted as satisfied.
#[test]
fn granted_with_every_scheme_passed_when_one_scheme_had_no_candidate() {
    let granted = vec!["User.Read.All".to_string()];
    let report = analyse("GET /groups", &Scheme::ALL, Some(&granted));
    assert!(report.has_missing());
    let comparison = report.granted.as_ref().unwrap();
    assert!(comparison.schemes[&Scheme::DelegatedWork].can_make_all);
    assert!(!comparison.schemes[&Scheme::DelegatedPersonal].can_make_all);
}

/// An over-broad grant was never reported: Directory.ReadWrite.All for `GET /users` is
/// broader than needed, with the narrower permission named.
#[test]
fn over_broad_grant_was_never_reported() {
    let granted = vec!["Directory.ReadWrite.All".to_string()];
    let report = analyse("GET /users", &[Scheme::Application], Some(&granted));
    assert!(!report.has_missing());
    let application = &report.granted.as_ref().unwrap().schemes[&Scheme::Application];
    assert_eq!(application.broader.len(), 1, "{application:?}");
    assert_eq!(application.broader[0].granted, "Directory.ReadWrite.All");
    assert_eq!(application.broader[0].narrower, vec!["User.ReadBasic.All".to_string()]);
}

/// Type casts without a data entry were unmatched.
#[test]
fn casts_without_a_data_entry_were_unmatched() {
    for call in [
        "GET /users/u1/memberOf/microsoft.graph.group/$count",
        "GET /groups/g1/transitiveMembers/microsoft.graph.user",
    ] {
        let report = resolve(call);
        assert_eq!(report.status, CallStatus::Matched, "{call}: {:?}", report.suggestions);
        assert!(report.notes.iter().any(|note| note.contains("cast")), "{call}: {:?}", report.notes);
    }
}

/// `POST /directory/administrativeUnits/{id}/members/$ref` fell back to POST on the
/// collection (creating an object, which cannot add a member).
#[test]
fn adding_a_reference_fell_back_to_creating_an_object() {
    let report = resolve("POST /directory/administrativeUnits/a1/members/$ref");
    assert_eq!(report.status, CallStatus::Matched);
    if !report.notes.is_empty() {
        assert!(report.notes[0].contains("DELETE"), "{:?}", report.notes);
    }
    let template = report.template.unwrap();
    assert!(template.contains("/members/{"), "{template}");
}

/// Drive paths through a site, a group, nested colons and special folders were unmatched.
#[test]
fn drive_aliases_were_unmatched() {
    for call in [
        "GET /sites/s1/drive/root/children",
        "GET /groups/g1/drive/root:/a:/children",
        "GET /me/drive/special/approot:/x:/content",
        "GET /sites/contoso.sharepoint.com:/sites/x:/lists",
    ] {
        let report = resolve(call);
        assert_eq!(report.status, CallStatus::Matched, "{call}: {:?}", report.suggestions);
    }
}

/// `POST /$batch` as a call matched nothing and said nothing useful.
#[test]
fn batch_url_as_a_call_gave_no_hint() {
    let report = resolve("POST /$batch");
    assert_eq!(report.status, CallStatus::Invalid);
    assert!(report.error.as_deref().unwrap_or_default().contains("--batch"));
}

/// App-only `/me` said "not supported" and nothing else: the `/users/{id}` answer is
/// added, marked as such.
#[test]
fn app_only_me_gave_no_users_answer() {
    let report = resolve("GET /me/messages");
    assert!(report.unsupported.contains_key(&Scheme::Application));
    let as_users = report.as_users.as_ref().expect("the /users/{id} answer");
    assert!(as_users.template.starts_with("/users/"), "{}", as_users.template);
    assert!(!as_users.candidates.is_empty());
}

/// `$expand=manager` was ignored: it reads the manager too.
#[test]
fn expand_was_ignored() {
    let report = analyse("GET /users/u1?$expand=manager", &[Scheme::Application], None);
    assert_eq!(report.calls.len(), 2);
    assert!(report.calls[1].template.as_deref().unwrap_or_default().ends_with("/manager"));
}

/// permissions.json gives `/me/responsibilities/{id}` and `/users/{id}/responsibilities/{id}`
/// one pathSet per permission for GET, PATCH and DELETE, so User.Read, User.ReadBasic.All
/// and User.Read.All (flagged least) "granted" the PATCH and DELETE, and were offered as
/// least privileged for them. A write that a write permission grants never gets a read
/// one; the marker passes to the write of the read's family.
#[test]
fn a_read_permission_was_least_for_a_write() {
    let report = resolve("PATCH /me/responsibilities/1");
    assert_eq!(first(&report, Scheme::DelegatedWork), Some("User.ReadWrite"));
    assert_eq!(first(&report, Scheme::DelegatedPersonal), Some("User.ReadWrite"));
    let report = resolve("PATCH /users/abc/responsibilities/1");
    assert_eq!(first(&report, Scheme::Application), Some("User.ReadWrite.All"));
    assert!(report.candidates[&Scheme::Application][0].least);
    let report = resolve("DELETE /me/profile/notes/1");
    assert_eq!(first(&report, Scheme::DelegatedWork), Some("User.ReadWrite"));
    // Over every write endpoint of the data, in every scheme: no read permission beside a write.
    let engine = engine();
    let catalogue = engine.catalogue();
    let is_write = |candidate: &graphperm_core::least::Candidate| {
        graphperm_core::least::order::is_write(engine.permission_name(candidate.permission))
    };
    let mut writes = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        if !matches!(endpoint.method.as_str(), "PATCH" | "PUT" | "DELETE") {
            continue;
        }
        writes += 1;
        for scheme in Scheme::ALL {
            let ranked = engine.rank_candidates(&[id], scheme);
            if ranked.iter().any(is_write) {
                assert!(ranked.iter().all(is_write), "{} {} ({scheme:?})", endpoint.method, endpoint.path);
            }
        }
    }
    assert!(writes > 1000, "{writes} write endpoints");
}

/// permissions.json flags only writes for some reads while it lists a read at the same
/// level: Files.ReadWrite for `GET …/workbook/worksheets/{id}/names` (Files.Read listed,
/// both 2), Group-NestingSupport.ReadWrite.All for `GET /groups/{id}` (Group.ReadBasic.All
/// listed). A browser review found the write named least privileged. The first read at no
/// higher level takes the flag.
#[test]
fn a_write_was_least_for_a_read() {
    let report = resolve("GET /users/u1/drive/items/i1/workbook/worksheets/w1/names");
    assert_eq!(first(&report, Scheme::DelegatedWork), Some("Files.Read"));
    assert!(report.candidates[&Scheme::DelegatedWork][0].least);
    let report = resolve("GET /groups/02bd9fd6-8f93-4758-87c3-1fb73740a315");
    assert_eq!(first(&report, Scheme::DelegatedWork), Some("Group.ReadBasic.All"));
    assert_eq!(first(&report, Scheme::Application), Some("Group.ReadBasic.All"));
    // Over every GET endpoint of the data, in every scheme: a write comes first only
    // where no read of the same or a lower level grants the call.
    let engine = engine();
    let catalogue = engine.catalogue();
    let is_write = |candidate: &graphperm_core::least::Candidate| {
        graphperm_core::least::order::is_write(engine.permission_name(candidate.permission))
    };
    let mut reads = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate().filter(|(_, e)| e.method == "GET") {
        reads += 1;
        for scheme in Scheme::ALL {
            let ranked = engine.rank_candidates(&[id], scheme);
            let Some(top) = ranked.first().filter(|top| is_write(top)) else { continue };
            let Some(limit) = top.rank_level else { continue };
            let serving_read =
                ranked.iter().find(|c| !is_write(c) && c.rank_level.is_some_and(|level| level <= limit));
            assert!(
                serving_read.is_none(),
                "GET {} ({scheme:?}): {} first, though {} serves at no higher level",
                endpoint.path,
                engine.permission_name(top.permission),
                engine.permission_name(serving_read.unwrap().permission)
            );
        }
    }
    assert!(reads > 5000, "{reads} read endpoints");
}

/// permissions.json lists Application for `/me/…` paths that share a pathSet with
/// `/users/{id}/…`; the permission and endpoint pages showed `POST /me/sendMail` as
/// callable app-only (Mail.Send "Least · app-only") while the calculator said it is not.
/// App-only access has no candidates for any `/me` endpoint.
#[test]
fn me_endpoints_were_shown_callable_app_only() {
    let engine = engine();
    let catalogue = engine.catalogue();
    let send_mail = catalogue.endpoint("POST", "/me/sendMail").expect("POST /me/sendMail");
    assert!(engine.rank_candidates(&[send_mail], Scheme::Application).is_empty());
    assert!(!engine.rank_candidates(&[send_mail], Scheme::DelegatedWork).is_empty());
    let mut me = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate().filter(|(_, endpoint)| endpoint.is_me()) {
        me += 1;
        assert!(engine.rank_candidates(&[id], Scheme::Application).is_empty(), "{}", endpoint.path);
    }
    assert!(me > 500, "{me} /me endpoints");
}

/// `PATCH /me` has no template of its own and is matched as `/users/{id}`, where
/// User.ReadWrite.All carries the marker: it was offered as least privileged for
/// updating the signed-in user, for which User.ReadWrite serves.
#[test]
fn patch_me_got_the_tenant_wide_write() {
    let report = resolve("PATCH /me");
    assert_eq!(report.template.as_deref(), Some("/users/{id}"));
    assert_eq!(first(&report, Scheme::DelegatedWork), Some("User.ReadWrite"));
    assert!(report.candidates[&Scheme::DelegatedWork][0].least);
    let tenant_wide = report.candidates[&Scheme::DelegatedWork]
        .iter()
        .find(|candidate| engine().permission_name(candidate.permission) == "User.ReadWrite.All")
        .expect("still listed");
    assert!(!tenant_wide.least);
    // A user by id keeps the marker where the data put it.
    assert_eq!(first(&resolve("PATCH /users/abc"), Scheme::DelegatedWork), Some("User.ReadWrite.All"));
}

/// permissions.json flags DeviceManagementServiceConfig.Read.All (an Intune permission)
/// least for `GET /organization`: the endpoint page and the calculator answered with it.
/// The marker passes to the first other candidate (User.Read delegated; app-only the
/// narrow Organization.Read.All, which ranks before the directory-wide
/// Directory.Read.All at the same level), and the Intune permissions come last.
#[test]
fn an_intune_permission_was_least_for_get_organization() {
    let report = resolve("GET /organization");
    assert_eq!(first(&report, Scheme::DelegatedWork), Some("User.Read"));
    assert_eq!(first(&report, Scheme::Application), Some("Organization.Read.All"));
    for (scheme, list) in &report.candidates {
        let names: Vec<&str> = list.iter().map(|c| engine().permission_name(c.permission)).collect();
        let first_intune = names.iter().position(|name| name.starts_with("DeviceManagement"));
        if let Some(first_intune) = first_intune {
            assert!(
                names[first_intune..].iter().all(|name| name.starts_with("DeviceManagement")),
                "{scheme}: {names:?}"
            );
        }
        let flagged: Vec<&str> =
            list.iter().filter(|c| c.least).map(|c| engine().permission_name(c.permission)).collect();
        assert!(flagged.iter().all(|name| !name.starts_with("DeviceManagement")), "{scheme}: {flagged:?}");
        let directory = names.iter().position(|name| *name == "Directory.Read.All");
        let organization = names.iter().position(|name| *name == "Organization.Read.All");
        if let (Some(directory), Some(organization)) = (directory, organization) {
            assert!(organization < directory, "{scheme}: {names:?}");
        }
    }
    // The same rule marks the data's flag for lint.
    assert!(graphperm_core::least::order::off_resource(
        "DeviceManagementServiceConfig.Read.All",
        "/organization"
    ));
    // An Intune path keeps its Intune permissions first.
    let intune = resolve("GET /deviceManagement/managedDevices");
    assert_eq!(first(&intune, Scheme::Application), Some("DeviceManagementManagedDevices.Read.All"));
}
