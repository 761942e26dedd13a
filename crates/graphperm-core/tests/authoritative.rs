//! Authoritative data (issue 13) on synthetic fixtures: the imported service principal,
//! GUID precedence, schema merging, the audit of each input shape, and derived cmdlet
//! names against a synthetic cmdlet map; plus the measured figures on the shared data.

use std::path::{Path, PathBuf};

use graphperm_core::audit::{self, AccessKind, InputShape};
use graphperm_core::guids::{granted_names, guid_conflicts};
use graphperm_core::least::{Calls, Engine};
use graphperm_core::load::service_principal::FILE_NAME;
use graphperm_core::model::{ApiVersion, Scheme, ValueSource};
use graphperm_core::{Catalogue, DataDir, cmdlet, data_dir};

/// The repository's `fixtures/` folder.
fn fixtures() -> PathBuf {
    graphperm_fixtures::fixture("mini").join("..")
}

/// The `shared/` folder beside the repository (graph data and the seed page).
fn shared() -> PathBuf {
    graphperm_fixtures::shared_data().join("..")
}

/// The mini data folder, copied so a test can add or replace files.
fn mini_copy() -> tempfile::TempDir {
    graphperm_fixtures::fixture_copy("mini")
}

fn write_provisioning(dir: &Path, json: &str) {
    std::fs::write(DataDir::new(dir).path_of(&data_dir::PROVISIONING), json).unwrap();
}

fn with_service_principal() -> (tempfile::TempDir, Catalogue) {
    let temp = mini_copy();
    std::fs::copy(fixtures().join("service-principal/graph-sp.json"), temp.path().join(FILE_NAME)).unwrap();
    let catalogue = Catalogue::load(&DataDir::new(temp.path())).unwrap();
    (temp, catalogue)
}

#[test]
fn the_service_principal_is_the_first_source() {
    let (_temp, catalogue) = with_service_principal();
    assert!(catalogue.has_service_principal);
    let readwrite = catalogue.permission("Widget.ReadWrite.All").unwrap();
    let application = &readwrite.schemes[&Scheme::Application];
    assert_eq!(application.id.as_deref(), Some("abababab-abab-4bab-8bab-abababababab"));
    assert_eq!(application.id_source, Some(ValueSource::ServicePrincipal));
    assert_eq!(application.texts.admin_display_name.as_deref(), Some("Read and write all widgets (SP)"));
    assert_eq!(application.texts_source, Some(ValueSource::ServicePrincipal));
    assert_eq!(application.is_enabled, Some(false));
    // The files' GUIDs stay visible, each with its source.
    let sources: Vec<ValueSource> = application.id_candidates.iter().map(|(_, source)| *source).collect();
    assert_eq!(
        sources,
        [ValueSource::ServicePrincipal, ValueSource::Provisioning, ValueSource::Descriptions]
    );
    // A scope only the service principal knows becomes a permission.
    let gadget = catalogue.permission("Gadget.Read").unwrap();
    assert_eq!(gadget.schemes[&Scheme::DelegatedWork].requires_admin_consent, Some(true));
    assert_eq!(catalogue.rsc_permissions[0].value, "Widget.Read.Group");
    let found = catalogue.permissions_by_guid("ABABABAB-ABAB-4BAB-8BAB-ABABABABABAB");
    assert_eq!(found.len(), 1);
    assert_eq!(catalogue.permissions[found[0].0].name, "Widget.ReadWrite.All");
}

#[test]
fn a_bad_service_principal_file_names_itself_and_the_json_path() {
    let temp = mini_copy();
    std::fs::write(temp.path().join(FILE_NAME), r#"{"appRoles": [{"id": 7, "value": "X"}]}"#).unwrap();
    let error = Catalogue::load(&DataDir::new(temp.path())).unwrap_err().to_string();
    assert!(error.contains(FILE_NAME), "{error}");
    assert!(error.contains("appRoles[0].id"), "{error}");
}

#[test]
fn ppe_only_deployments_never_set_the_guid() {
    let temp = mini_copy();
    write_provisioning(
        temp.path(),
        r#"{"permissionDeployments": {"Widget.Read.All": [
            {"id": "99999999-0000-4000-8000-000000000001", "scheme": "Application", "environment": "PPE", "resourceAppId": ""}]}}"#,
    );
    let catalogue = Catalogue::load(&DataDir::new(temp.path())).unwrap();
    let application = &catalogue.permission("Widget.Read.All").unwrap().schemes[&Scheme::Application];
    assert_eq!(application.id.as_deref(), Some("55555555-5555-4555-8555-555555555555"));
    assert_eq!(application.id_source, Some(ValueSource::Descriptions));
    assert_eq!(application.environment.as_deref(), Some("PPE"));
    assert!(catalogue.permissions_by_guid("99999999-0000-4000-8000-000000000001").is_empty());
}

#[test]
fn differing_guids_are_a_conflict_with_both_sources() {
    let catalogue = Catalogue::load(&DataDir::new(fixtures().join("mini"))).unwrap();
    let conflicts = guid_conflicts(&catalogue);
    let readwrite = conflicts
        .iter()
        .find(|c| c.permission == "Widget.ReadWrite.All" && c.scheme == Scheme::Application)
        .expect("provisioningInfo and descriptions disagree in the fixture");
    assert_eq!(
        readwrite.chosen,
        ("66666666-6666-4666-8666-666666666666".to_string(), ValueSource::Provisioning)
    );
    assert_eq!(
        readwrite.others,
        [("00000000-0000-4000-8000-000000000000".to_string(), ValueSource::Descriptions)]
    );
    // Either GUID finds the permission (`least --granted`, `audit`).
    let names =
        granted_names(&catalogue, &["00000000-0000-4000-8000-000000000000".into(), "User.Read".into()]);
    assert_eq!(names, ["Widget.ReadWrite.All", "User.Read"]);
}

/// GUIDs are hex numbers: a source that writes one in capitals agrees with one that
/// writes it in lower case, for the conflict report and for `graphperm lint` alike.
#[test]
fn guids_that_differ_only_in_case_are_no_conflict_anywhere() {
    let temp = mini_copy();
    write_provisioning(
        temp.path(),
        r#"{"permissionDeployments": {"Widget.Read": [
            {"id": "ABCDEF12-3456-4789-8ABC-DEF012345678", "scheme": "DelegatedWork", "environment": "public", "resourceAppId": ""}]}}"#,
    );
    let descriptions = DataDir::new(temp.path()).path_of(&data_dir::DESCRIPTIONS);
    let text = std::fs::read_to_string(&descriptions).unwrap();
    assert!(text.contains("33333333-3333-4333-8333-333333333333"), "the fixture's Widget.Read GUID");
    std::fs::write(
        &descriptions,
        text.replace("33333333-3333-4333-8333-333333333333", "abcdef12-3456-4789-8abc-def012345678"),
    )
    .unwrap();
    let catalogue = Catalogue::load(&DataDir::new(temp.path())).unwrap();
    let conflicts = guid_conflicts(&catalogue);
    assert!(
        !conflicts.iter().any(|conflict| conflict.permission == "Widget.Read"),
        "case alone made a conflict: {conflicts:?}"
    );
    let findings = graphperm_core::lint::lint_data(&catalogue).unwrap();
    assert_eq!(findings.only(graphperm_core::lint::Check::GuidDisagreement).for_permission("Widget.Read"), 0);

    // A real difference is still one, in both.
    std::fs::write(
        &descriptions,
        text.replace("33333333-3333-4333-8333-333333333333", "abcdef12-3456-4789-8abc-def012345679"),
    )
    .unwrap();
    let catalogue = Catalogue::load(&DataDir::new(temp.path())).unwrap();
    assert!(guid_conflicts(&catalogue).iter().any(|conflict| conflict.permission == "Widget.Read"));
    let findings = graphperm_core::lint::lint_data(&catalogue).unwrap();
    assert_eq!(findings.only(graphperm_core::lint::Check::GuidDisagreement).for_permission("Widget.Read"), 1);
}

#[test]
fn delegated_personal_shares_the_work_guid_unless_unconfirmed() {
    let temp = mini_copy();
    // ShortNotes-like: provisioning gives Personal a placeholder-looking GUID, while the
    // descriptions file's scope confirms Work's.
    write_provisioning(
        temp.path(),
        r#"{"permissionDeployments": {"Widget.Read": [
            {"id": "33333333-3333-4333-8333-333333333333", "scheme": "DelegatedWork", "environment": "public", "resourceAppId": ""},
            {"id": "a1f2e3d4-b5c6-4a7b-8c9d-0e1f2a3b4c5d", "scheme": "DelegatedPersonal", "environment": "public", "resourceAppId": ""}]}}"#,
    );
    let catalogue = Catalogue::load(&DataDir::new(temp.path())).unwrap();
    let widget = catalogue.permission("Widget.Read").unwrap();
    let personal = &widget.schemes[&Scheme::DelegatedPersonal];
    assert_eq!(personal.id, widget.schemes[&Scheme::DelegatedWork].id);
    assert_eq!(personal.id_source, Some(ValueSource::SharedDelegated));
    let conflict = guid_conflicts(&catalogue)
        .into_iter()
        .find(|c| c.permission == "Widget.Read" && c.scheme == Scheme::DelegatedPersonal)
        .unwrap();
    assert_eq!(
        conflict.others[0],
        ("a1f2e3d4-b5c6-4a7b-8c9d-0e1f2a3b4c5d".to_string(), ValueSource::Provisioning)
    );

    // Without a confirming source, provisioning's Personal GUID stands.
    let temp = mini_copy();
    write_provisioning(
        temp.path(),
        r#"{"permissionDeployments": {"Widget.Read": [
            {"id": "12121212-3333-4333-8333-333333333333", "scheme": "DelegatedWork", "environment": "public", "resourceAppId": ""},
            {"id": "34343434-3333-4333-8333-333333333333", "scheme": "DelegatedPersonal", "environment": "public", "resourceAppId": ""}]}}"#,
    );
    std::fs::remove_file(DataDir::new(temp.path()).path_of(&data_dir::DESCRIPTIONS)).unwrap();
    let catalogue = Catalogue::load(&DataDir::new(temp.path())).unwrap();
    let personal = &catalogue.permission("Widget.Read").unwrap().schemes[&Scheme::DelegatedPersonal];
    assert_eq!(personal.id.as_deref(), Some("34343434-3333-4333-8333-333333333333"));
    assert_eq!(personal.id_source, Some(ValueSource::Provisioning));
}

#[test]
fn a_newer_structural_schema_resolves_with_the_descriptions_joined() {
    let temp = mini_copy();
    let dir = DataDir::new(temp.path());
    let described = std::fs::read_to_string(dir.path_of(&data_dir::SCHEMA_V1)).unwrap();
    // The structural file: the same types without descriptions, plus one new entity set.
    let mut structural: String =
        described.lines().filter(|line| !line.contains("Core.V1.Description")).collect::<Vec<_>>().join("\n");
    structural = structural.replacen(
        "<EntitySet Name=\"widgets\"",
        "<EntitySet Name=\"gadgets\" EntityType=\"microsoft.graph.widget\" />\n<EntitySet Name=\"widgets\"",
        1,
    );
    std::fs::write(dir.path_of(&data_dir::SCHEMA_V1_STRUCTURAL), structural).unwrap();
    std::fs::write(
        dir.manifest_path(),
        r#"{"files": [
            {"file": "msgraph-metadata/clean_v10_metadata/cleanMetadataWithDescriptionsv1.0.xml", "lastModifiedRfc3339": "2023-05-09T00:00:00Z"},
            {"file": "msgraph-metadata/clean_v10_metadata/cleanMetadata.xml", "lastModifiedRfc3339": "2026-08-04T00:00:00Z"}]}"#,
    )
    .unwrap();
    let catalogue = Catalogue::load(&dir).unwrap();
    let files = &catalogue.schema_files[&ApiVersion::V1];
    assert_eq!(files.structure, data_dir::SCHEMA_V1_STRUCTURAL.relative_path());
    assert_eq!(files.descriptions.as_deref(), Some(data_dir::SCHEMA_V1.relative_path().as_str()));
    let gadget = catalogue.endpoint("GET", "/gadgets/{id}").unwrap();
    assert!(
        catalogue.endpoints[gadget].resolutions.contains_key(&ApiVersion::V1),
        "resolved by the new file"
    );
    let original = graphperm_core::load::csdl::parse(&described, ApiVersion::V1, Path::new("d.xml")).unwrap();
    let widget = catalogue.schema(ApiVersion::V1).unwrap().find_type("widget").unwrap();
    assert!(widget.description.is_some());
    assert_eq!(widget.description, original.find_type("widget").unwrap().description);
}

fn mini() -> Catalogue {
    Catalogue::load(&DataDir::new(fixtures().join("mini"))).unwrap()
}

#[test]
fn audit_of_a_manifest_reports_every_entry() {
    let catalogue = mini();
    let manifest = r#"{"displayName": "demo", "requiredResourceAccess": [
        {"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [
            {"id": "66666666-6666-4666-8666-666666666666", "type": "Role"},
            {"id": "33333333-3333-4333-8333-333333333333", "type": "Scope"},
            {"id": "00000000-0000-4000-8000-000000000000", "type": "Role"},
            {"id": "deadbeef-0000-4000-8000-000000000000", "type": "Role"}]},
        {"resourceAppId": "00000002-0000-0000-c000-000000000000", "resourceAccess": [
            {"id": "311a71cc-e848-46a1-bdf8-97ff7156d8e6", "type": "Scope"}]}]}"#;
    let input = audit::input::parse(manifest, "app.json").unwrap();
    assert_eq!(input.shape, InputShape::Manifest);
    let report = audit::audit(&catalogue, &input, None);
    let names: Vec<(&str, AccessKind)> =
        report.permissions.iter().map(|p| (p.name.as_str(), p.kind)).collect();
    assert_eq!(names, [("Widget.ReadWrite.All", AccessKind::Role), ("Widget.Read", AccessKind::Scope)]);
    let readwrite = &report.permissions[0];
    assert_eq!(readwrite.json_paths.len(), 2, "the old descriptions GUID names it too");
    assert!(readwrite.notes.iter().any(|n| n.contains("descriptions gives")), "{:?}", readwrite.notes);
    assert_eq!(readwrite.reach.endpoint_count, 9, "GET and POST/PATCH/DELETE on two paths, plus upload");
    assert_eq!(readwrite.reach.resource_types, ["widget"]);
    assert!(!readwrite.tier0);
    assert_eq!(report.unknown.len(), 1);
    assert_eq!(report.unknown[0].access.json_path, "requiredResourceAccess[0].resourceAccess[3]");
    assert_eq!(report.other_resources.len(), 1);
}

#[test]
fn audit_of_grants_assignments_and_permission_lists() {
    let catalogue = mini();
    let grants = r#"{"value": [{"clientId": "c", "consentType": "AllPrincipals", "resourceId": "r", "scope": "Widget.Read Nope.Read"}]}"#;
    let report = audit::audit(&catalogue, &audit::input::parse(grants, "g.json").unwrap(), None);
    assert_eq!(report.shape, InputShape::PermissionGrants);
    assert_eq!(report.permissions[0].name, "Widget.Read");
    assert_eq!(report.permissions[0].schemes, [Scheme::DelegatedWork, Scheme::DelegatedPersonal]);
    assert!(report.unknown[0].reason.contains("not known to be Microsoft Graph"), "{:?}", report.unknown);

    let assignments = r#"[{"appRoleId": "55555555-5555-4555-8555-555555555555", "resourceDisplayName": "Microsoft Graph"}]"#;
    let report = audit::audit(&catalogue, &audit::input::parse(assignments, "a.json").unwrap(), None);
    assert_eq!(report.shape, InputShape::AppRoleAssignments);
    assert_eq!(report.permissions[0].name, "Widget.Read.All");
    assert_eq!(report.permissions[0].kind, AccessKind::Role);

    let list = r#"[{"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [{"id": "55555555-5555-4555-8555-555555555555", "type": "Scope"}]}]"#;
    let report = audit::audit(&catalogue, &audit::input::parse(list, "l.json").unwrap(), None);
    assert_eq!(report.shape, InputShape::PermissionList);
    // 5555 is the application role's GUID: resolved, with a note on the type.
    assert!(
        report.permissions[0].notes.iter().any(|n| n.contains("type Scope but")),
        "{:?}",
        report.permissions
    );
}

#[test]
fn audit_with_calls_reports_missing_and_excess() {
    let engine = Engine::new(mini());
    let catalogue = engine.catalogue();
    let manifest = r#"{"requiredResourceAccess": [{"resourceAppId": "00000003-0000-0000-c000-000000000000",
        "resourceAccess": [{"id": "33333333-3333-4333-8333-333333333333", "type": "Scope"},
                           {"id": "55555555-5555-4555-8555-555555555555", "type": "Role"}]}]}"#;
    let input = audit::input::parse(manifest, "app.json").unwrap();
    let mut calls = Calls::new();
    calls.add_text("POST /widgets\nGET /me/widgets", "calls");
    let report = audit::audit(catalogue, &input, Some((&engine, &calls)));
    let [delegated, application] = &report.comparisons[..] else { panic!("{:?}", report.comparisons) };
    assert_eq!((delegated.kind, delegated.scheme), (AccessKind::Scope, Scheme::DelegatedWork));
    assert_eq!(delegated.missing, ["Widget.ReadWrite.All"]);
    assert!(delegated.excess.is_empty(), "Widget.Read serves GET /me/widgets: {delegated:?}");
    assert!(delegated.least.iter().any(|name| name == "Widget.ReadWrite.All"), "{delegated:?}");
    assert_eq!((application.kind, application.scheme), (AccessKind::Role, Scheme::Application));
    assert_eq!(application.missing, ["Widget.ReadWrite.All"]);
    assert_eq!(application.excess, ["Widget.Read.All"], "no call needs it: {application:?}");
    assert!(report.has_missing());
}

/// A held tier-0 permission that covers a call where a narrow one would is reported
/// broader than needed, with the narrow one: the audit said "excess: none" for an app
/// holding Directory.ReadWrite.All to call `GET /users`.
#[test]
fn audit_names_a_broader_held_permission_with_the_narrower_one() {
    let engine = Engine::new(Catalogue::load(&DataDir::new(shared().join("graph-data"))).unwrap());
    let catalogue = engine.catalogue();
    let role = catalogue.permission("Directory.ReadWrite.All").unwrap().guid(Scheme::Application).unwrap();
    let manifest = format!(
        r#"{{"requiredResourceAccess": [{{"resourceAppId": "00000003-0000-0000-c000-000000000000",
        "resourceAccess": [{{"id": "{role}", "type": "Role"}}]}}]}}"#
    );
    let input = audit::input::parse(&manifest, "app.json").unwrap();
    let mut calls = Calls::new();
    calls.add_text("GET /users", "calls");
    let report = audit::audit(catalogue, &input, Some((&engine, &calls)));
    let application = report.comparisons.iter().find(|c| c.scheme == Scheme::Application).unwrap();
    assert!(application.missing.is_empty() && application.excess.is_empty(), "{application:?}");
    let [broader] = &application.broader[..] else { panic!("{application:?}") };
    assert_eq!(broader.granted, "Directory.ReadWrite.All");
    assert_eq!(broader.narrower, application.least, "{application:?}");
    assert!(!broader.narrower.iter().any(|name| name.starts_with("Directory.")), "{broader:?}");
}

/// A synthetic cmdlet map (real cmdlet names of the PowerShell SDK): derivation must
/// agree with every name the map gives.
#[test]
fn derivation_agrees_with_the_synthetic_cmdlet_map() {
    let path = fixtures().join("cmdlet-names/MgCommandMetadata.json");
    let entries = graphperm_core::load::cmdlets::read(&path).unwrap();
    let mut agreed = 0;
    let mut disagreements = Vec::new();
    for entry in &entries {
        let (Some(uri), Some(method)) = (&entry.uri, &entry.method) else { continue };
        let version = ApiVersion::parse(entry.api_version.as_deref().unwrap_or_default()).unwrap();
        let derived = cmdlet::derive_from_uri(method, uri, version);
        if derived == entry.command {
            agreed += 1;
        } else {
            disagreements.push(format!("{method} {uri}: derived {derived}, map {}", entry.command));
        }
    }
    eprintln!("synthetic cmdlet map: {agreed}/{} derived names agree", entries.len());
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

/// Held-out measure: the cmdlets the published explorer lists for
/// APIConnectors.ReadWrite.All (the seed page) against the names derived here.
#[test]
fn derived_cmdlets_against_the_seed_page() {
    let Ok(page) = std::fs::read_to_string(shared().join("seed/permission-page.txt")) else {
        panic!("the seed page is part of the shared data");
    };
    let published: std::collections::BTreeSet<String> = page
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .filter(|word| word.contains("-Mg"))
        .map(str::to_string)
        .collect();
    let catalogue = shared_catalogue();
    let permission = catalogue.permission("APIConnectors.ReadWrite.All").unwrap();
    let derived: std::collections::BTreeSet<String> = permission
        .grants
        .iter()
        .flat_map(|grant| catalogue.endpoints[grant.endpoint].cmdlets.values().map(|c| c.name.clone()))
        .collect();
    let hits = derived.intersection(&published).count();
    let precision = hits as f64 / derived.len() as f64;
    let recall = hits as f64 / published.len() as f64;
    eprintln!(
        "seed page cmdlets: {hits} of {} published, {} derived: precision {precision:.2}, recall {recall:.2}",
        published.len(),
        derived.len()
    );
    assert!(published.len() >= 8, "{published:?}");
    assert!(recall >= 0.75 && precision >= 0.6, "derived {derived:?}, published {published:?}");
}

fn shared_catalogue() -> &'static Catalogue {
    static CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load(&DataDir::new(shared().join("graph-data"))).unwrap())
}

/// The audit of a 10-permission manifest on the shared data, after load: the figure for
/// BENCHMARKS.md (printed, not asserted; this is a debug build).
#[test]
fn audit_of_ten_permissions_is_measured() {
    let catalogue = shared_catalogue();
    let names = [
        ("User.Read.All", Scheme::Application),
        ("Mail.Send", Scheme::Application),
        ("Group.ReadWrite.All", Scheme::Application),
        ("RoleManagement.ReadWrite.Directory", Scheme::Application),
        ("Sites.Read.All", Scheme::Application),
        ("User.Read", Scheme::DelegatedWork),
        ("Mail.Read", Scheme::DelegatedWork),
        ("Calendars.ReadWrite", Scheme::DelegatedWork),
        ("Files.Read.All", Scheme::DelegatedWork),
        ("APIConnectors.ReadWrite.All", Scheme::DelegatedWork),
    ];
    let access: Vec<String> = names
        .iter()
        .map(|(name, scheme)| {
            let id = catalogue.permission(name).unwrap().schemes[scheme].id.clone().unwrap();
            let kind = if *scheme == Scheme::Application { "Role" } else { "Scope" };
            format!(r#"{{"id": "{id}", "type": "{kind}"}}"#)
        })
        .collect();
    let manifest = format!(
        r#"{{"requiredResourceAccess": [{{"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [{}]}}]}}"#,
        access.join(",")
    );
    let started = std::time::Instant::now();
    let input = audit::input::parse(&manifest, "app.json").unwrap();
    let report = audit::audit(catalogue, &input, None);
    let elapsed = started.elapsed();
    eprintln!("audit of a 10-permission manifest after load: {elapsed:?} (debug build)");
    assert_eq!(report.permissions.len(), 10);
    assert!(report.unknown.is_empty() && report.other_resources.is_empty());
    let tier0: Vec<&str> = report.permissions.iter().filter(|p| p.tier0).map(|p| p.name.as_str()).collect();
    assert_eq!(tier0, ["RoleManagement.ReadWrite.Directory"]);
}
