//! App-registration output for a permission or a set of permissions: the portal steps,
//! the application manifest's `requiredResourceAccess` fragment, the admin-consent URL,
//! and Azure CLI, Microsoft Graph PowerShell and Terraform (azuread) commands.
//!
//! Everything is built from the catalogue's GUIDs. A GUID the data does not have is
//! reported in `missing`, never invented; such a permission is left out of the manifest
//! and of every command that needs the GUID (a wrong GUID would grant something else or
//! fail late). A delegated permission is still named where a name serves: the consent
//! URL, the delegated grants of Azure CLI, PowerShell and Terraform.

use graphperm_core::Catalogue;
use graphperm_core::guids::is_guid;
use graphperm_core::model::{Permission, Scheme, ValueSource, resource_specific_target};
use serde::Serialize;

use crate::samples::quote;

/// The application id of Microsoft Graph, the resource every permission here belongs to.
pub const MICROSOFT_GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// How to register one permission under one scheme.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    pub permission: String,
    /// `Scheme::as_str`: "DelegatedWork", "DelegatedPersonal" or "Application".
    pub scheme: &'static str,
    /// The tab to pick in the portal: "Application permissions" or "Delegated permissions";
    /// "Resource-specific consent" for a permission the portal does not grant.
    pub permission_type: &'static str,
    /// The GUID (app role id or delegated scope id), when the data has it.
    pub id: Option<String>,
    pub requires_admin_consent: Option<bool>,
    pub portal_steps: Vec<PortalStep>,
    /// Caveats from the data: a permission hidden from the portal's picker or disabled,
    /// a personal-account scope registered under the work scope's GUID.
    pub notes: Vec<String>,
    /// Manifest, URL and commands for this one permission.
    pub setup: SetRegistration,
}

/// One step in the Microsoft Entra admin center.
#[derive(Debug, Clone, Serialize)]
pub struct PortalStep {
    pub title: String,
    pub detail: String,
}

/// Manifest fragment and commands for a set of (scheme, permission) pairs, e.g. the
/// least-privilege calculator's minimal set.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetRegistration {
    /// The permissions that made it into the output, in input order, deduplicated.
    pub entries: Vec<AccessEntry>,
    /// The manifest's `requiredResourceAccess` array (pretty JSON), one entry for
    /// Microsoft Graph. `None` when no entry has a GUID.
    pub manifest: Option<String>,
    /// Admin-consent URL template; `{tenant-id}`, `{client-id}` and `{redirect-uri}` are
    /// for the user to fill in. Absent for personal accounts, which have no administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_consent_url: Option<String>,
    /// For personal Microsoft accounts: the sign-in URL at which each user consents
    /// (`consumers` authority), `{client-id}` and `{redirect-uri}` to fill in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_in_url: Option<String>,
    pub azure_cli: Option<String>,
    pub powershell: Option<String>,
    pub terraform: Option<String>,
    /// Delegated permissions the data has no GUID for, named where a name serves (the
    /// consent URL and the delegated grants), absent from the manifest.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scopes_by_name: Vec<String>,
    /// Resource-specific consent permissions of the set (`ChatMessage.Read.Chat`): not app
    /// roles or scopes of Microsoft Graph's service principal, so no tenant-wide command
    /// grants them; they are declared in the Teams app's manifest and consented by a team
    /// owner or chat member when the app is installed there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resource_specific: Vec<String>,
    /// The Teams app manifest fragment (`webApplicationInfo`, `authorization`) that
    /// declares them; `None` when the set has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teams_app_manifest: Option<String>,
    /// Plain sentences about what could not be generated (missing GUIDs, unknown names).
    pub missing: Vec<String>,
}

/// One `resourceAccess` item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessEntry {
    pub permission: String,
    pub scheme: &'static str,
    pub id: String,
    /// "Role" (application) or "Scope" (delegated), as in the manifest.
    #[serde(rename = "type")]
    pub access_type: &'static str,
    pub requires_admin_consent: Option<bool>,
}

/// Registration output for every scheme the permission declares.
pub fn permission_registrations(catalogue: &Catalogue, permission: &Permission) -> Vec<Registration> {
    permission.schemes.keys().map(|&scheme| registration(catalogue, permission, scheme)).collect()
}

/// Registration output for one permission under one scheme, or `None` when the
/// permission is unknown.
pub fn permission_registration(catalogue: &Catalogue, name: &str, scheme: Scheme) -> Option<Registration> {
    catalogue.permission(name).map(|permission| registration(catalogue, permission, scheme))
}

/// One manifest fragment and one command set for a whole set of permissions.
pub fn set_registration(catalogue: &Catalogue, set: &[(Scheme, &str)]) -> SetRegistration {
    let mut entries: Vec<AccessEntry> = Vec::new();
    let mut by_name: Vec<String> = Vec::new();
    let mut missing = Vec::new();
    // Whether any permission of the set, with or without a GUID, needs an administrator.
    let mut admin_needed = false;
    let mut resource_specific: Vec<(String, Scheme)> = Vec::new();
    for &(scheme, name) in set {
        let Some(permission) = catalogue.permission(name) else {
            missing.push(format!(
                "{} is not a Microsoft Graph permission in the data; it was left out.",
                plain(name)
            ));
            continue;
        };
        if let Some(target) = resource_specific_target(&permission.name) {
            if !resource_specific.iter().any(|(seen, _)| *seen == permission.name) {
                resource_specific.push((permission.name.clone(), scheme));
                missing.push(format!(
                    "{} is a resource-specific consent permission: no tenant-wide command or admin \
                     consent grants it. Declare it in your Teams app's manifest (below); a {target} \
                     owner consents when installing the app in that {target}, as the tenant's \
                     consent settings allow.",
                    plain(&permission.name),
                ));
            }
            continue;
        }
        admin_needed |= admin_consent(permission, scheme) != Some(false);
        match guid_of(permission, scheme) {
            Some(id) => {
                let entry = AccessEntry {
                    permission: permission.name.clone(),
                    scheme: scheme.as_str(),
                    id: id.to_string(),
                    access_type: access_type(scheme),
                    requires_admin_consent: admin_consent(permission, scheme),
                };
                // Delegated work and personal share one scope object, hence one GUID.
                if !entries.iter().any(|seen| seen.id == entry.id && seen.access_type == entry.access_type) {
                    entries.push(entry);
                }
            }
            None if scheme.is_delegated() => {
                if !by_name.contains(&permission.name) {
                    by_name.push(permission.name.clone());
                    let hidden = is_hidden(permission, scheme);
                    missing.push(format!(
                        "The data has no {} GUID for {}: the consent URL and the delegated grants \
                         name it, and the manifest leaves it out; {}",
                        scheme.label().to_lowercase(),
                        plain(&permission.name),
                        if hidden {
                            "it is hidden from the portal's picker, so grant it by name with the commands."
                        } else {
                            "add it in the portal by name."
                        }
                    ));
                }
            }
            None if is_hidden(permission, scheme) => missing.push(format!(
                "The data has no {} GUID for {}, and it is hidden from the portal's picker: read its \
                 GUID from Microsoft Graph's service principal to add it.",
                scheme.label().to_lowercase(),
                plain(&permission.name)
            )),
            None => missing.push(format!(
                "The data has no {} GUID for {}; add it in the portal by name instead.",
                scheme.label().to_lowercase(),
                plain(&permission.name)
            )),
        }
    }
    let has_entries = !entries.is_empty();
    let has_any = has_entries || !by_name.is_empty();
    // Personal Microsoft accounts have no tenant and no administrator: each user
    // consents at sign-in, so there is nothing to grant tenant-wide.
    let personal = !set.is_empty() && set.iter().all(|(scheme, _)| *scheme == Scheme::DelegatedPersonal);
    SetRegistration {
        manifest: has_entries.then(|| manifest(&entries)),
        admin_consent_url: (has_any && !personal).then(|| admin_consent_url(&entries, &by_name)),
        sign_in_url: (has_any && personal).then(|| sign_in_url(&entries, &by_name)),
        azure_cli: has_any.then(|| azure_cli(&entries, &by_name, personal, admin_needed)),
        powershell: (has_any && !personal).then(|| powershell(&entries, &by_name)),
        terraform: has_any.then(|| terraform(&entries, &by_name, personal)),
        entries,
        scopes_by_name: by_name,
        teams_app_manifest: (!resource_specific.is_empty()).then(|| teams_app_manifest(&resource_specific)),
        resource_specific: resource_specific.into_iter().map(|(name, _)| name).collect(),
        missing,
    }
}

/// The Teams app manifest's declaration of resource-specific permissions (manifest
/// schema 1.12 and later): the Entra app's client id and each permission with its type.
fn teams_app_manifest(permissions: &[(String, Scheme)]) -> String {
    let declared: Vec<serde_json::Value> = permissions
        .iter()
        .map(|(name, scheme)| {
            serde_json::json!({ "name": name, "type": if scheme.is_delegated() { "Delegated" } else { "Application" } })
        })
        .collect();
    let fragment = serde_json::json!({
        "webApplicationInfo": { "id": "<app-id>" },
        "authorization": { "permissions": { "resourceSpecific": declared } }
    });
    serde_json::to_string_pretty(&fragment).expect("a JSON value always serializes")
}

fn registration(catalogue: &Catalogue, permission: &Permission, scheme: Scheme) -> Registration {
    let setup = set_registration(catalogue, &[(scheme, permission.name.as_str())]);
    let requires_admin_consent = admin_consent(permission, scheme);
    let resource_specific = resource_specific_target(&permission.name);
    Registration {
        permission: permission.name.clone(),
        scheme: scheme.as_str(),
        permission_type: match resource_specific {
            Some(_) => "Resource-specific consent",
            None => portal_tab(scheme),
        },
        id: guid_of(permission, scheme).map(str::to_string),
        requires_admin_consent,
        portal_steps: match resource_specific {
            Some(target) => resource_specific_steps(&permission.name, scheme, target),
            None => portal_steps(
                &permission.name,
                scheme,
                requires_admin_consent,
                is_hidden(permission, scheme),
                setup.manifest.is_some(),
            ),
        },
        notes: notes(permission, scheme),
        setup,
    }
}

fn notes(permission: &Permission, scheme: Scheme) -> Vec<String> {
    let name = plain(&permission.name);
    let info = permission.scheme(scheme);
    let mut notes = Vec::new();
    if info.and_then(|info| info.is_enabled) == Some(false) {
        notes.push(format!("{name} is marked as disabled in the data: consent to it may fail."));
    }
    if let Some(id) = guid_of(permission, scheme)
        && let Some(problem) = graphperm_core::lint::guid_problem(id)
    {
        notes.push(format!(
            "The data's ID {id} {problem}: check it against Microsoft Graph's own service principal (GET /servicePrincipals(appId='{MICROSOFT_GRAPH_APP_ID}')?$select=appRoles,oauth2PermissionScopes) before using the commands below."
        ));
    }
    // The catalogue gives a Personal scheme without its own GUID the Work scope's
    // (`sharedDelegated`); older catalogues leave it empty and `guid_of` falls back.
    let shares_work_guid = info.and_then(|info| info.id_source) == Some(ValueSource::SharedDelegated)
        || info.and_then(|info| info.id.as_deref()).is_none();
    if scheme == Scheme::DelegatedPersonal && shares_work_guid && guid_of(permission, scheme).is_some() {
        notes.push(
            "Personal accounts consent to the same delegated scope as work accounts, so the work scope's GUID is used."
                .to_string(),
        );
    }
    notes
}

/// The GUID for a scheme. Personal-account consent uses the delegated scope object, so a
/// DelegatedPersonal entry without its own id falls back to the DelegatedWork id. Values
/// that are not GUIDs count as missing: they would only produce broken commands.
fn guid_of(permission: &Permission, scheme: Scheme) -> Option<&str> {
    let own = permission.guid(scheme);
    let id = match (own, scheme) {
        (Some(id), _) => Some(id),
        (None, Scheme::DelegatedPersonal) => permission.guid(Scheme::DelegatedWork),
        (None, _) => None,
    };
    id.filter(|id| is_guid(id))
}

/// True when the data marks the scheme hidden: the portal's picker does not list it.
fn is_hidden(permission: &Permission, scheme: Scheme) -> bool {
    permission.scheme(scheme).and_then(|info| info.is_hidden) == Some(true)
}

fn admin_consent(permission: &Permission, scheme: Scheme) -> Option<bool> {
    match scheme {
        // App roles are always consented by an administrator; the data may not say so.
        Scheme::Application => Some(true),
        _ => permission.scheme(scheme).and_then(|info| info.requires_admin_consent),
    }
}

fn access_type(scheme: Scheme) -> &'static str {
    if scheme.is_delegated() { "Scope" } else { "Role" }
}

fn portal_tab(scheme: Scheme) -> &'static str {
    if scheme.is_delegated() { "Delegated permissions" } else { "Application permissions" }
}

/// How a resource-specific consent permission is given to an app: not in the Entra
/// admin center's picker or by admin consent, but declared in the Teams app and
/// consented for one team or chat at a time.
fn resource_specific_steps(name: &str, scheme: Scheme, target: &str) -> Vec<PortalStep> {
    let name = plain(name);
    let kind = if scheme.is_delegated() { "Delegated" } else { "Application" };
    vec![
        PortalStep {
            title: "Not an API permission of the app registration".to_string(),
            detail: format!(
                "{name} is a resource-specific consent permission: it is granted for one {target} \
                 at a time, not tenant-wide, so it is not added under API permissions and admin \
                 consent does not grant it."
            ),
        },
        PortalStep {
            title: "Declare it in the Teams app manifest".to_string(),
            detail: format!(
                "In your Teams app's manifest.json, set webApplicationInfo.id to the app \
                 registration's client id and list {name} (type {kind}) under \
                 authorization.permissions.resourceSpecific, as in the manifest below."
            ),
        },
        PortalStep {
            title: format!("Install the app in the {target}"),
            detail: format!(
                "When the app is installed in a {target}, its owner consents to {name} for that \
                 {target}; the tenant's resource-specific consent settings (Teams admin center) \
                 decide who may. The app then calls Microsoft Graph for that {target} only."
            ),
        },
    ]
}

/// The admin center's steps. A hidden permission is not in the picker, so it is added
/// through the manifest (or the commands), and the picker steps are not offered.
fn portal_steps(
    name: &str,
    scheme: Scheme,
    requires_admin_consent: Option<bool>,
    hidden: bool,
    has_manifest: bool,
) -> Vec<PortalStep> {
    let name = plain(name);
    let family = name.split('.').next().unwrap_or(&name).to_string();
    let mut steps = vec![
        PortalStep {
            title: "Open your app registration".to_string(),
            detail: "In the Microsoft Entra admin center (https://entra.microsoft.com), open \
                     App registrations (under Entra ID; Identity > Applications in older menus; \
                     the search box at the top finds it) and open your app, or create one with \
                     New registration."
                .to_string(),
        },
        PortalStep {
            title: "Add a Microsoft Graph permission".to_string(),
            detail: "Open API permissions, choose Add a permission, then Microsoft Graph.".to_string(),
        },
    ];
    let tab = portal_tab(scheme);
    let why = match scheme {
        Scheme::Application => "the app calls Microsoft Graph as itself, with no signed-in user",
        Scheme::DelegatedWork => "the app calls Microsoft Graph on behalf of a signed-in work or school user",
        Scheme::DelegatedPersonal => {
            "the app calls Microsoft Graph on behalf of a signed-in personal Microsoft account; \
             the registration's supported account types must include personal accounts"
        }
    };
    if hidden {
        let how = if has_manifest {
            format!(
                "Open Manifest, add the requiredResourceAccess entry below (or run one of the \
                 commands below) and save; {name} then shows under API permissions among the \
                 {tab} ({why})."
            )
        } else if scheme.is_delegated() {
            format!(
                "The data has no GUID for it, so no manifest entry can be written: the commands \
                 below grant it by name ({why}); it then shows under API permissions among the \
                 other permissions granted for the tenant, not the configured ones."
            )
        } else {
            "The data has no GUID for it, so no manifest entry can be written: read the app \
             role's GUID from Microsoft Graph's service principal first."
                .to_string()
        };
        steps[1] = PortalStep {
            title: "Add it without the picker".to_string(),
            detail: format!(
                "{name} is hidden: the permission picker under API permissions does not list it. {how}"
            ),
        };
    } else {
        steps.push(PortalStep {
            title: format!("Choose {tab}"),
            detail: format!(
                "Pick {tab} ({why}), type {family} in the search box, tick {name} and choose Add permissions."
            ),
        });
    }
    let consent = match (scheme, requires_admin_consent) {
        (Scheme::Application, _) => format!(
            "Application permissions always need an administrator's consent: an administrator \
             chooses Grant admin consent for the tenant on the API permissions page. Until then \
             tokens do not carry {name}."
        ),
        (Scheme::DelegatedPersonal, _) => format!(
            "Personal Microsoft accounts have no administrator: each user consents to {name} \
             when they first sign in."
        ),
        (_, Some(true)) => format!(
            "{name} needs an administrator's consent as a delegated permission: an administrator \
             chooses Grant admin consent for the tenant, or users are blocked at sign-in."
        ),
        (_, Some(false)) => format!(
            "{name} does not need an administrator: users consent when they first sign in, \
             unless the tenant's user-consent settings forbid it. An administrator may still \
             choose Grant admin consent to consent for everyone."
        ),
        (_, None) => format!(
            "The data does not say whether {name} needs an administrator's consent as a \
             delegated permission; if users see \"Need admin approval\", an administrator \
             chooses Grant admin consent for the tenant."
        ),
    };
    steps.push(PortalStep { title: "Grant consent".to_string(), detail: consent });
    steps
}

fn manifest(entries: &[AccessEntry]) -> String {
    let access: Vec<serde_json::Value> = entries
        .iter()
        .map(|entry| serde_json::json!({ "id": entry.id, "type": entry.access_type }))
        .collect();
    let fragment = serde_json::json!({
        "requiredResourceAccess": [
            { "resourceAppId": MICROSOFT_GRAPH_APP_ID, "resourceAccess": access }
        ]
    });
    serde_json::to_string_pretty(&fragment).expect("a JSON value always serializes")
}

/// The delegated permissions of a set by name: those with a GUID, then those without.
fn scope_names<'a>(entries: &'a [AccessEntry], by_name: &'a [String]) -> Vec<&'a str> {
    entries
        .iter()
        .filter(|entry| entry.access_type == "Scope")
        .map(|entry| entry.permission.as_str())
        .chain(by_name.iter().map(String::as_str))
        .collect()
}

/// The v2.0 admin-consent endpoint. Delegated scopes are named; app roles can only be
/// requested through `.default`, which consents to everything the registration lists.
fn admin_consent_url(entries: &[AccessEntry], by_name: &[String]) -> String {
    let scopes: Vec<String> = scope_names(entries, by_name)
        .into_iter()
        .map(|name| format!("https://graph.microsoft.com/{}", crate::links::encode(name)))
        .collect();
    let scope = if scopes.is_empty() || entries.iter().any(|entry| entry.access_type == "Role") {
        "https://graph.microsoft.com/.default".to_string()
    } else {
        scopes.join("%20")
    };
    format!(
        "https://login.microsoftonline.com/{{tenant-id}}/v2.0/adminconsent?client_id={{client-id}}&scope={scope}&redirect_uri={{redirect-uri}}"
    )
}

/// Where a personal-account user signs in and consents to the scopes (the `consumers`
/// authority: personal Microsoft accounts only).
fn sign_in_url(entries: &[AccessEntry], by_name: &[String]) -> String {
    let scopes: Vec<String> = scope_names(entries, by_name)
        .into_iter()
        .map(|name| format!("https://graph.microsoft.com/{}", crate::links::encode(name)))
        .collect();
    format!(
        "https://login.microsoftonline.com/consumers/oauth2/v2.0/authorize?client_id={{client-id}}&response_type=code&redirect_uri={{redirect-uri}}&scope={}",
        scopes.join("%20")
    )
}

/// What the Azure CLI and Terraform say in place of a tenant-wide grant for personal
/// accounts.
const PERSONAL_CONSENT: &str =
    "\n# Personal Microsoft accounts have no administrator: each user consents at sign-in.\n";

/// `admin_needed`: some permission of the set (a GUID entry or one granted by name) needs
/// an administrator's consent, so the grant is not optional.
fn azure_cli(entries: &[AccessEntry], by_name: &[String], personal: bool, admin_needed: bool) -> String {
    let permissions: Vec<String> =
        entries.iter().map(|entry| format!("{}={}", entry.id, entry.access_type)).collect();
    let mut text = String::new();
    // A variable rather than `<app-id>` inline: bash would read `<app-id>` as a redirection.
    text.push_str("# Your app registration's application (client) id.\n");
    text.push_str("APP_ID='<app-id>'\n");
    if !entries.is_empty() {
        text.push_str(&format!(
            "\naz ad app permission add --id \"$APP_ID\" --api {MICROSOFT_GRAPH_APP_ID} --api-permissions {}\n",
            permissions.join(" ")
        ));
        if !personal {
            if admin_needed {
                text.push_str("\n# Grant tenant-wide admin consent (run as an administrator).\n");
            } else {
                text.push_str(
                    "\n# Optional: users can consent themselves; this consents for everyone at once.\n",
                );
            }
            text.push_str("az ad app permission admin-consent --id \"$APP_ID\"\n");
        }
    }
    if personal {
        text.push_str(PERSONAL_CONSENT);
        return text;
    }
    if !by_name.is_empty() {
        // `grant` takes scope names: it creates the delegated grant without the GUID.
        text.push_str(
            "\n# Delegated permissions without a GUID in the data, granted by name for all users.\n",
        );
        text.push_str(&format!(
            "az ad app permission grant --id \"$APP_ID\" --api {MICROSOFT_GRAPH_APP_ID} --scope {}\n",
            quote::shell(&by_name.join(" "))
        ));
    }
    text
}

fn powershell(entries: &[AccessEntry], by_name: &[String]) -> String {
    let roles: Vec<&AccessEntry> = entries.iter().filter(|entry| entry.access_type == "Role").collect();
    let scopes = scope_names(entries, by_name);
    // Creating the app's service principal (`New-MgServicePrincipal`, below) needs
    // Application.ReadWrite.All; reading it alone would need Application.Read.All.
    let mut connect_scopes = vec!["'Application.ReadWrite.All'"];
    if !roles.is_empty() {
        connect_scopes.push("'AppRoleAssignment.ReadWrite.All'");
    }
    if !scopes.is_empty() {
        connect_scopes.push("'DelegatedPermissionGrant.ReadWrite.All'");
    }
    let mut text = String::new();
    text.push_str("# Grants consent by creating the grants directly; run as an administrator.\n");
    text.push_str(&format!("Connect-MgGraph -Scopes {}\n\n", connect_scopes.join(", ")));
    text.push_str(&format!(
        "$graph = Get-MgServicePrincipal -Filter \"appId eq '{MICROSOFT_GRAPH_APP_ID}'\"\n"
    ));
    text.push_str("# Your app registration's application (client) id.\n");
    text.push_str("$appId = '<app-id>'\n");
    text.push_str("$app = Get-MgServicePrincipal -Filter \"appId eq '$appId'\"\n");
    text.push_str("# An app never consented in this tenant has no service principal yet:\n");
    text.push_str("if (-not $app) { $app = New-MgServicePrincipal -AppId $appId }\n");
    for role in &roles {
        text.push_str(&format!("\n# {} (application)\n", plain(&role.permission)));
        text.push_str(&format!(
            "New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $app.Id -PrincipalId $app.Id -ResourceId $graph.Id -AppRoleId '{}'\n",
            role.id
        ));
    }
    if !scopes.is_empty() {
        let names = &scopes;
        text.push_str(
            "\n# Delegated permissions, consented for all users. The grant holds scope names, not GUIDs;\n",
        );
        text.push_str("# if the app already has a grant for Microsoft Graph, update its Scope instead.\n");
        text.push_str("$params = @{\n");
        text.push_str("    ClientId = $app.Id\n");
        text.push_str("    ConsentType = 'AllPrincipals'\n");
        text.push_str("    ResourceId = $graph.Id\n");
        text.push_str(&format!("    Scope = {}\n", quote::powershell(&names.join(" "))));
        text.push_str("}\n");
        text.push_str("New-MgOauth2PermissionGrant -BodyParameter $params\n");
    }
    text
}

fn terraform(entries: &[AccessEntry], by_name: &[String], personal: bool) -> String {
    let mut text = String::new();
    text.push_str("# azuread provider 3.x\n");
    text.push_str("resource \"azuread_application\" \"example\" {\n");
    if personal {
        // Personal accounts need v2 access tokens: Entra rejects the audience without it.
        text.push_str("  display_name     = \"example\"\n");
        text.push_str("  sign_in_audience = \"AzureADandPersonalMicrosoftAccount\"\n");
        text.push_str("\n  api {\n    requested_access_token_version = 2\n  }\n");
    } else {
        text.push_str("  display_name = \"example\"\n");
    }
    if !entries.is_empty() {
        text.push_str("\n  required_resource_access {\n");
        text.push_str(&format!("    resource_app_id = \"{MICROSOFT_GRAPH_APP_ID}\" # Microsoft Graph\n"));
        for entry in entries {
            text.push_str("\n    resource_access {\n");
            text.push_str(&format!("      id   = \"{}\" # {}\n", entry.id, plain(&entry.permission)));
            text.push_str(&format!("      type = \"{}\"\n", entry.access_type));
            text.push_str("    }\n");
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    if personal {
        text.push_str(PERSONAL_CONSENT);
        return text;
    }
    text.push_str("\n# Consent, as an administrator would grant it in the portal.\n");
    text.push_str("resource \"azuread_service_principal\" \"example\" {\n");
    text.push_str("  client_id = azuread_application.example.client_id\n}\n\n");
    text.push_str("resource \"azuread_service_principal\" \"msgraph\" {\n");
    text.push_str(&format!("  client_id    = \"{MICROSOFT_GRAPH_APP_ID}\"\n"));
    text.push_str("  use_existing = true\n}\n");
    for (index, entry) in entries.iter().filter(|entry| entry.access_type == "Role").enumerate() {
        text.push_str(&format!(
            "\nresource \"azuread_app_role_assignment\" \"graph_role_{}\" {{\n",
            index + 1
        ));
        text.push_str(&format!("  app_role_id         = \"{}\" # {}\n", entry.id, plain(&entry.permission)));
        text.push_str("  principal_object_id = azuread_service_principal.example.object_id\n");
        text.push_str("  resource_object_id  = azuread_service_principal.msgraph.object_id\n}\n");
    }
    let scopes: Vec<String> = scope_names(entries, by_name).into_iter().map(quote::hcl).collect();
    if !scopes.is_empty() {
        text.push_str("\nresource \"azuread_service_principal_delegated_permission_grant\" \"graph\" {\n");
        text.push_str(
            "  service_principal_object_id          = azuread_service_principal.example.object_id\n",
        );
        text.push_str(
            "  resource_service_principal_object_id = azuread_service_principal.msgraph.object_id\n",
        );
        text.push_str(&format!("  claim_values                         = [{}]\n}}\n", scopes.join(", ")));
    }
    text
}

/// Text from the data for prose and comments: control characters (a newline would end a
/// comment) become spaces.
fn plain(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// The registration of one scheme of a permission, as the permission page shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationCard {
    /// "Delegated (work or school) · Delegated permissions".
    pub title: String,
    /// `delegated` or `application`, for the scheme filter.
    pub group: &'static str,
    pub steps: Vec<PortalStep>,
    pub notes: Vec<String>,
    pub setup: SetupBlocks,
}

/// A set's manifest fragment and commands as labelled code blocks, each optional.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupBlocks {
    pub blocks: Vec<CodeBlock>,
    /// "Admin consent URL", or "Sign-in URL (each user consents)" for personal accounts.
    pub consent_label: &'static str,
    pub consent_url: String,
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeBlock {
    pub label: &'static str,
    /// The label in a list of blocks ("Manifest", "PowerShell").
    pub short_label: &'static str,
    pub code: String,
}

impl SetupBlocks {
    pub fn of(setup: SetRegistration) -> SetupBlocks {
        let blocks = [
            ("Application manifest (requiredResourceAccess)", "Manifest", setup.manifest),
            (
                "Teams app manifest (resource-specific consent)",
                "Teams app manifest",
                setup.teams_app_manifest,
            ),
            ("Azure CLI", "Azure CLI", setup.azure_cli),
            ("Microsoft Graph PowerShell", "PowerShell", setup.powershell),
            ("Terraform (azuread)", "Terraform", setup.terraform),
        ]
        .into_iter()
        .filter_map(|(label, short_label, code)| code.map(|code| CodeBlock { label, short_label, code }))
        .collect();
        let (consent_label, consent_url) = match (setup.admin_consent_url, setup.sign_in_url) {
            (Some(url), _) => ("Admin consent URL", url),
            (None, Some(url)) => ("Sign-in URL (each user consents)", url),
            (None, None) => ("Admin consent URL", String::new()),
        };
        SetupBlocks { blocks, consent_label, consent_url, missing: setup.missing }
    }

    /// What the blocks are, for a summary line: "Manifest, Azure CLI, PowerShell,
    /// Terraform and Admin consent URL", or only those present.
    pub fn summary(&self) -> String {
        let names: Vec<&str> = self
            .blocks
            .iter()
            .map(|block| block.short_label)
            .chain((!self.consent_url.is_empty()).then_some(self.consent_label))
            .collect();
        match names.as_slice() {
            [] => "Nothing to set up from the data".to_string(),
            [one] => one.to_string(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }
}

/// One card per scheme the permission declares.
pub fn registration_cards(catalogue: &Catalogue, permission: &Permission) -> Vec<RegistrationCard> {
    permission_registrations(catalogue, permission)
        .into_iter()
        .map(|registration| {
            let scheme = Scheme::parse(registration.scheme).unwrap_or(Scheme::DelegatedWork);
            RegistrationCard {
                title: format!("{} · {}", scheme.label(), registration.permission_type),
                group: crate::badge::scheme_group(scheme),
                steps: registration.portal_steps,
                notes: registration.notes,
                setup: SetupBlocks::of(registration.setup),
            }
        })
        .collect()
}

/// Registration output for a calculator result: the named permissions under one scheme.
pub fn scheme_set_blocks(catalogue: &Catalogue, scheme: Scheme, names: &[String]) -> SetupBlocks {
    let set: Vec<(Scheme, &str)> = names.iter().map(|name| (scheme, name.as_str())).collect();
    SetupBlocks::of(set_registration(catalogue, &set))
}
