//! App-registration output: golden files for APIConnectors.ReadWrite.All (its GUIDs are
//! facts from the data), a calculator-style set, missing GUIDs stated and never invented,
//! and syntax checks (JSON, bash, Terraform's formatter).

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use graphperm_core::guids::is_guid;
use graphperm_core::model::Scheme;
use graphperm_core::{Catalogue, DataDir};
use graphperm_views::registration::{
    MICROSOFT_GRAPH_APP_ID, Registration, SetRegistration, permission_registration, permission_registrations,
    set_registration,
};

fn shared_data() -> PathBuf {
    graphperm_fixtures::shared_data()
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load(&DataDir::new(shared_data())).expect("the shared data loads"))
}

/// The GUIDs of APIConnectors.ReadWrite.All as provisioningInfo.json lists them.
const CONNECTORS_APPLICATION: &str = "1dfe531a-24a6-4f1b-80f4-7a0dc5a0a171";
const CONNECTORS_DELEGATED: &str = "c67b52c5-7c69-48b6-9d48-7b3af3ded914";

fn render(registration: &Registration) -> String {
    let mut text = format!(
        "permission: {}\nscheme: {}\ntab: {}\nid: {:?}\nadmin consent: {:?}\n\n",
        registration.permission,
        registration.scheme,
        registration.permission_type,
        registration.id,
        registration.requires_admin_consent
    );
    for note in &registration.notes {
        text.push_str(&format!("note: {note}\n"));
    }
    for (index, step) in registration.portal_steps.iter().enumerate() {
        text.push_str(&format!("{}. {}\n   {}\n", index + 1, step.title, step.detail));
    }
    text.push('\n');
    text.push_str(&render_set(&registration.setup));
    text
}

fn render_set(set: &SetRegistration) -> String {
    let mut text = String::new();
    let sections = [
        ("manifest", &set.manifest),
        ("azure cli", &set.azure_cli),
        ("powershell", &set.powershell),
        ("terraform", &set.terraform),
    ];
    if let Some(url) = &set.admin_consent_url {
        text.push_str(&format!("--- admin consent url\n{url}\n"));
    }
    if let Some(url) = &set.sign_in_url {
        text.push_str(&format!("--- sign-in url\n{url}\n"));
    }
    for (name, content) in sections {
        text.push_str(&format!("--- {name}\n{}\n", content.as_deref().unwrap_or("(none)")));
    }
    for missing in &set.missing {
        text.push_str(&format!("missing: {missing}\n"));
    }
    text
}

#[test]
fn connectors_read_write_all_golden_files() {
    let permission = catalogue().permission("APIConnectors.ReadWrite.All").unwrap();
    let registrations = permission_registrations(catalogue(), permission);
    let schemes: Vec<&str> = registrations.iter().map(|registration| registration.scheme).collect();
    assert_eq!(schemes, ["DelegatedWork", "Application"]);
    for registration in &registrations {
        check_syntax(&registration.setup);
        insta::assert_snapshot!(format!("connectors_{}", registration.scheme), render(registration));
    }
}

#[test]
fn application_is_a_role_and_delegated_a_scope_with_the_real_guids() {
    let application =
        permission_registration(catalogue(), "APIConnectors.ReadWrite.All", Scheme::Application).unwrap();
    assert_eq!(application.id.as_deref(), Some(CONNECTORS_APPLICATION));
    assert_eq!(application.requires_admin_consent, Some(true));
    let manifest: serde_json::Value =
        serde_json::from_str(application.setup.manifest.as_deref().unwrap()).unwrap();
    assert_eq!(manifest["requiredResourceAccess"][0]["resourceAppId"], MICROSOFT_GRAPH_APP_ID);
    assert_eq!(
        manifest["requiredResourceAccess"][0]["resourceAccess"],
        serde_json::json!([{ "id": CONNECTORS_APPLICATION, "type": "Role" }])
    );
    let cli = application.setup.azure_cli.as_deref().unwrap();
    assert!(cli.contains(&format!("--api-permissions {CONNECTORS_APPLICATION}=Role")));
    assert!(cli.contains("az ad app permission admin-consent --id \"$APP_ID\""));
    assert!(
        application.setup.powershell.as_deref().unwrap().contains("New-MgServicePrincipalAppRoleAssignment")
    );

    let delegated =
        permission_registration(catalogue(), "APIConnectors.ReadWrite.All", Scheme::DelegatedWork).unwrap();
    assert_eq!(delegated.id.as_deref(), Some(CONNECTORS_DELEGATED));
    assert!(delegated.setup.azure_cli.as_deref().unwrap().contains(&format!("{CONNECTORS_DELEGATED}=Scope")));
    let powershell = delegated.setup.powershell.as_deref().unwrap();
    assert!(powershell.contains("New-MgOauth2PermissionGrant"));
    assert!(powershell.contains("Scope = 'APIConnectors.ReadWrite.All'"));
    assert!(
        delegated
            .setup
            .admin_consent_url
            .as_deref()
            .unwrap()
            .contains("scope=https://graph.microsoft.com/APIConnectors.ReadWrite.All")
    );
    assert_eq!(delegated.portal_steps[2].title, "Choose Delegated permissions");
}

#[test]
fn a_minimal_set_gives_one_manifest_entry_and_one_command_set() {
    let set = set_registration(
        catalogue(),
        &[
            (Scheme::Application, "APIConnectors.ReadWrite.All"),
            (Scheme::DelegatedWork, "User.Read"),
            (Scheme::DelegatedPersonal, "User.Read"),
            (Scheme::Application, "Not.A.Permission"),
        ],
    );
    check_syntax(&set);
    let manifest: serde_json::Value = serde_json::from_str(set.manifest.as_deref().unwrap()).unwrap();
    let entries = manifest["requiredResourceAccess"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "one entry for Microsoft Graph");
    // User.Read's work and personal schemes share one scope object: listed once.
    assert_eq!(entries[0]["resourceAccess"].as_array().unwrap().len(), 2);
    assert_eq!(set.azure_cli.as_deref().unwrap().matches("az ad app permission add").count(), 1);
    assert_eq!(set.missing.len(), 1);
    assert!(set.missing[0].contains("Not.A.Permission"));
    insta::assert_snapshot!("minimal_set", render_set(&set));
}

#[test]
fn a_missing_guid_is_stated_not_invented() {
    let catalogue = catalogue();
    let mut seen = 0;
    // Resource-specific permissions are declared in the Teams app, GUID or not.
    for permission in catalogue.permissions.iter().filter(|permission| !permission.is_resource_specific()) {
        for (&scheme, info) in &permission.schemes {
            if info.id.is_some() || scheme == Scheme::DelegatedPersonal {
                continue;
            }
            seen += 1;
            let registration = permission_registration(catalogue, &permission.name, scheme).unwrap();
            let setup = &registration.setup;
            let context = format!("{} {scheme:?}: {setup:?}", permission.name);
            assert_eq!(registration.id, None, "{context}");
            // Nothing that needs the GUID is written without it.
            assert!(setup.manifest.is_none(), "{context}");
            assert!(!setup.azure_cli.as_deref().unwrap_or_default().contains("permission add"), "{context}");
            assert!(setup.missing[0].contains("has no"), "{context}");
            assert!(setup.missing[0].contains(&permission.name), "{context}");
            if scheme.is_delegated() {
                // A delegated scope is granted by name: the consent URL, `az ad app
                // permission grant` and the PowerShell and Terraform grants name it.
                assert_eq!(setup.scopes_by_name, std::slice::from_ref(&permission.name), "{context}");
                assert!(
                    setup
                        .admin_consent_url
                        .as_deref()
                        .or(setup.sign_in_url.as_deref())
                        .unwrap()
                        .contains(&format!("graph.microsoft.com/{}", permission.name)),
                    "{context}"
                );
                let cli = setup.azure_cli.as_deref().unwrap();
                assert!(
                    cli.contains("az ad app permission grant") && cli.contains(&permission.name),
                    "{context}"
                );
                assert!(
                    setup.powershell.as_deref().unwrap().contains(&format!("Scope = '{}'", permission.name)),
                    "{context}"
                );
                assert!(
                    setup.terraform.as_deref().unwrap().contains(&format!("[\"{}\"]", permission.name)),
                    "{context}"
                );
            } else {
                assert!(setup.azure_cli.is_none() && setup.powershell.is_none(), "{context}");
            }
        }
    }
    assert!(seen > 0, "some scheme of some permission has no GUID in the data");
}

/// Group.ReadBasic.All has no delegated GUID in the data: a calculator set with it
/// registered the other permissions and dropped it, though its name serves the consent
/// URL and the delegated grants.
#[test]
fn a_scope_without_a_guid_is_granted_by_name_in_a_set() {
    let catalogue = catalogue();
    assert!(catalogue.permission("Group.ReadBasic.All").unwrap().guid(Scheme::DelegatedWork).is_none());
    let set = set_registration(
        catalogue,
        &[(Scheme::DelegatedWork, "User.Read"), (Scheme::DelegatedWork, "Group.ReadBasic.All")],
    );
    assert_eq!(set.entries.len(), 1, "{set:?}");
    assert_eq!(set.scopes_by_name, ["Group.ReadBasic.All"]);
    let url = set.admin_consent_url.as_deref().unwrap();
    assert!(
        url.contains("graph.microsoft.com/User.Read%20https://graph.microsoft.com/Group.ReadBasic.All"),
        "{url}"
    );
    assert!(
        set.powershell.as_deref().unwrap().contains("Scope = 'User.Read Group.ReadBasic.All'"),
        "{set:?}"
    );
    let manifest = set.manifest.as_deref().unwrap();
    assert!(!manifest.contains("Group.ReadBasic.All"), "{manifest}");
}

#[test]
fn a_personal_scope_without_its_own_guid_uses_the_work_scope_and_says_so() {
    let catalogue = catalogue();
    let permission = catalogue
        .permissions
        .iter()
        .find(|permission| {
            permission.scheme(Scheme::DelegatedPersonal).is_some_and(|info| {
                info.id_source == Some(graphperm_core::model::ValueSource::SharedDelegated)
            }) && permission.scheme(Scheme::DelegatedWork).is_some_and(|info| info.id.is_some())
        })
        .expect("some personal scheme has no GUID of its own");
    let registration =
        permission_registration(catalogue, &permission.name, Scheme::DelegatedPersonal).unwrap();
    assert_eq!(registration.id, permission.scheme(Scheme::DelegatedWork).unwrap().id);
    assert!(registration.notes.iter().any(|note| note.contains("same delegated scope")));
    assert_eq!(registration.setup.entries[0].access_type, "Scope");
}

#[test]
fn every_guid_in_the_output_is_a_guid_from_the_data() {
    for permission in &catalogue().permissions {
        for registration in permission_registrations(catalogue(), permission) {
            if let Some(id) = &registration.id {
                assert!(is_guid(id), "{} {}: {id}", permission.name, registration.scheme);
                let known = permission.schemes.values().any(|info| info.id.as_deref() == Some(id.as_str()));
                assert!(known, "{} {}: {id} is not in the data", permission.name, registration.scheme);
            }
        }
    }
    assert!(is_guid(CONNECTORS_APPLICATION));
    assert!(!is_guid("1dfe531a-24a6-4f1b-80f4-7a0dc5a0a17"));
    assert!(!is_guid("1dfe531a-24a6-4f1b-80f4-7a0dc5a0a17'; rm -rf /"));
}

/// JSON manifest parses; the Azure CLI and PowerShell-free shell parts pass `bash -n`;
/// the Terraform passes `terraform fmt -check` when terraform is installed.
fn check_syntax(set: &SetRegistration) {
    if let Some(manifest) = &set.manifest {
        serde_json::from_str::<serde_json::Value>(manifest).expect("the manifest parses");
    }
    if let Some(cli) = &set.azure_cli {
        let output = Command::new("bash").arg("-n").arg("-c").arg(cli).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    if let Some(terraform) = &set.terraform
        && Command::new("terraform").arg("version").output().is_ok()
    {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("main.tf");
        std::fs::write(&path, terraform).unwrap();
        let output =
            Command::new("terraform").arg("fmt").arg("-check").arg("-diff").arg(&path).output().unwrap();
        assert!(
            output.status.success(),
            "terraform fmt:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Personal Microsoft accounts have no tenant and no administrator: the personal card
/// offered `az ad app permission admin-consent`, a tenant-wide PowerShell grant and an
/// admin-consent URL. Checked on every permission with a personal scheme.
#[test]
fn personal_accounts_get_no_tenant_wide_consent() {
    let mut seen = 0;
    for permission in &catalogue().permissions {
        if permission.scheme(Scheme::DelegatedPersonal).is_none() {
            continue;
        }
        seen += 1;
        let registration =
            permission_registration(catalogue(), &permission.name, Scheme::DelegatedPersonal).unwrap();
        let setup = &registration.setup;
        let context = format!("{}: {setup:?}", permission.name);
        assert!(setup.admin_consent_url.is_none(), "{context}");
        let url = setup.sign_in_url.as_deref().unwrap();
        assert!(
            url.starts_with("https://login.microsoftonline.com/consumers/oauth2/v2.0/authorize?"),
            "{context}"
        );
        assert!(url.contains(&format!("graph.microsoft.com/{}", permission.name)), "{context}");
        assert!(setup.powershell.is_none(), "{context}");
        for text in [setup.azure_cli.as_deref(), setup.terraform.as_deref()].into_iter().flatten() {
            for tenant_wide in
                ["admin-consent", "permission grant", "AllPrincipals", "delegated_permission_grant"]
            {
                assert!(!text.contains(tenant_wide), "{tenant_wide} in {context}");
            }
            assert!(text.contains("each user consents at sign-in"), "{context}");
        }
        check_syntax(setup);
        // Entra accepts personal accounts only with v2 access tokens.
        let terraform = setup.terraform.as_deref().unwrap();
        assert!(
            terraform.contains("sign_in_audience = \"AzureADandPersonalMicrosoftAccount\"")
                && terraform.contains("requested_access_token_version = 2"),
            "{context}"
        );
        // The work card of the same permission still grants for the tenant.
        let work = permission_registration(catalogue(), &permission.name, Scheme::DelegatedWork);
        if let Some(work) = work.filter(|work| work.id.is_some()) {
            assert!(work.setup.admin_consent_url.is_some() && work.setup.powershell.is_some(), "{context}");
        }
    }
    assert!(seen > 40, "{seen}");
}

/// The PowerShell grant creates the app's service principal when it is missing, so it
/// connects with a scope that may create one: it asked for Application.Read.All, and
/// `New-MgServicePrincipal` failed with 403 for a new app. The scope is one the data
/// lists for `POST /servicePrincipals` under delegated work.
#[test]
fn the_powershell_grant_connects_with_a_scope_that_creates_the_service_principal() {
    let catalogue = catalogue();
    let registration =
        permission_registration(catalogue, "APIConnectors.ReadWrite.All", Scheme::DelegatedWork).unwrap();
    let powershell = registration.setup.powershell.unwrap();
    assert!(powershell.contains("New-MgServicePrincipal -AppId $appId"));
    let connect = powershell.lines().find(|line| line.starts_with("Connect-MgGraph -Scopes ")).unwrap();
    let endpoint =
        catalogue.endpoint("POST", "/servicePrincipals").expect("POST /servicePrincipals is in the data");
    let creators: Vec<&str> = catalogue.endpoints[endpoint]
        .granted_by
        .iter()
        .filter(|(id, grant)| {
            catalogue.permissions[*id].grants[*grant].schemes.contains(&Scheme::DelegatedWork)
        })
        .map(|(id, _)| catalogue.permissions[*id].name.as_str())
        .collect();
    assert!(creators.iter().any(|name| connect.contains(&format!("'{name}'"))), "{connect} / {creators:?}");
}

/// A hidden permission is not in the admin center's picker, so its portal steps never
/// say to search the picker for it; they say how to add it without the picker (through
/// the manifest entry when the data has its GUID). Over every hidden scheme of the data.
#[test]
fn a_hidden_permission_is_not_searched_for_in_the_picker() {
    let mut seen = 0;
    // Resource-specific permissions are not added in the admin center at all (see
    // resource_specific_permissions_are_declared_in_the_teams_app_not_granted_tenant_wide).
    for permission in catalogue().permissions.iter().filter(|permission| !permission.is_resource_specific()) {
        for scheme in Scheme::ALL {
            let Some(info) = permission.scheme(scheme) else { continue };
            let Some(registration) = permission_registration(catalogue(), &permission.name, scheme) else {
                continue;
            };
            let steps: Vec<String> = registration
                .portal_steps
                .iter()
                .map(|step| format!("{}: {}", step.title, step.detail))
                .collect();
            let context = format!("{} {scheme:?}: {steps:#?}", permission.name);
            let searches = steps.iter().any(|step| step.contains("in the search box"));
            if info.is_hidden == Some(true) {
                seen += 1;
                assert!(!searches, "{context}");
                let without =
                    steps.iter().find(|step| step.starts_with("Add it without the picker")).expect(&context);
                assert_eq!(
                    without.contains("add the requiredResourceAccess entry below"),
                    registration.setup.manifest.is_some(),
                    "{context}"
                );
            } else {
                assert!(searches, "{context}");
            }
        }
    }
    assert!(seen > 100, "{seen}");
}

/// A set that mixes user-consentable permissions with GUIDs and an admin-consent one
/// without a GUID (granted by name): the Azure CLI called the admin consent optional,
/// reading only the GUID entries (GET /me with GET /groups/{id}/members, delegated).
#[test]
fn a_set_needing_admin_consent_by_name_does_not_call_it_optional() {
    let catalogue = catalogue();
    let by_name = "GroupMember.ReadBasic.All";
    let permission = catalogue.permission(by_name).expect("in the data");
    assert!(permission.guid(Scheme::DelegatedWork).is_none(), "the case needs a permission without a GUID");
    assert_eq!(
        permission.scheme(Scheme::DelegatedWork).and_then(|info| info.requires_admin_consent),
        Some(true)
    );
    let set = set_registration(
        catalogue,
        &[(Scheme::DelegatedWork, "User.Read"), (Scheme::DelegatedWork, by_name)],
    );
    let cli = set.azure_cli.expect("a CLI block");
    assert!(cli.contains("# Grant tenant-wide admin consent"), "{cli}");
    assert!(!cli.contains("Optional"), "{cli}");
    // User.Read alone stays optional.
    let alone =
        set_registration(catalogue, &[(Scheme::DelegatedWork, "User.Read")]).azure_cli.expect("a CLI block");
    assert!(alone.contains("# Optional: users can consent themselves"), "{alone}");
}

/// A resource-specific consent permission is no app role or scope of Microsoft Graph's
/// service principal: the calculator's set for GET /teams/{id}/channels and GET
/// /chats/{id}/messages (app-only) ran `az ad app permission add … =Role`, an app role
/// assignment and Terraform's azuread_app_role_assignment with ChatMessage.Read.Chat's
/// GUID, and its page said to pick it under Application permissions and grant admin
/// consent. Over every resource-specific permission and scheme of the data: no
/// tenant-wide block, a Teams app manifest that declares it, steps that say so.
#[test]
fn resource_specific_permissions_are_declared_in_the_teams_app_not_granted_tenant_wide() {
    let catalogue = catalogue();
    let mut checked = 0;
    for permission in catalogue.permissions.iter().filter(|permission| permission.is_resource_specific()) {
        for registration in permission_registrations(catalogue, permission) {
            let setup = &registration.setup;
            let name = &permission.name;
            assert!(setup.entries.is_empty() && setup.manifest.is_none(), "{name}: {:?}", setup.entries);
            for block in [&setup.azure_cli, &setup.powershell, &setup.terraform, &setup.admin_consent_url] {
                assert!(block.is_none(), "{name}: {block:?}");
            }
            let teams: serde_json::Value =
                serde_json::from_str(setup.teams_app_manifest.as_deref().expect("a Teams app manifest"))
                    .expect("the Teams manifest is JSON");
            let declared = &teams["authorization"]["permissions"]["resourceSpecific"][0];
            assert_eq!(declared["name"], name.as_str());
            let kind = if registration.scheme == "Application" { "Application" } else { "Delegated" };
            assert_eq!(declared["type"], kind, "{name}");
            let steps: Vec<&str> =
                registration.portal_steps.iter().map(|step| step.detail.as_str()).collect();
            assert!(steps.iter().any(|step| step.contains("Teams app's manifest.json")), "{name}: {steps:?}");
            assert!(!steps.iter().any(|step| step.contains("Grant admin consent")), "{name}: {steps:?}");
            assert_eq!(registration.permission_type, "Resource-specific consent", "{name}");
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked}");
    // In a set, the tenant-wide permissions keep their blocks and the resource-specific one
    // is declared apart.
    let set = set_registration(
        catalogue,
        &[(Scheme::Application, "ChatMessage.Read.Chat"), (Scheme::Application, "Channel.ReadBasic.All")],
    );
    let names: Vec<&str> = set.entries.iter().map(|entry| entry.permission.as_str()).collect();
    assert_eq!(names, ["Channel.ReadBasic.All"]);
    assert!(!set.azure_cli.expect("a CLI block").contains("ChatMessage"));
    assert_eq!(set.resource_specific, ["ChatMessage.Read.Chat"]);
    assert!(set.missing.iter().any(|line| line.contains("ChatMessage.Read.Chat is a resource-specific")));
}
