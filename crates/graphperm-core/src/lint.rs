//! Data checks over the upstream permission files: what `graphperm lint` prints and the
//! web's `/lint` page lists. Each finding names the file and the entry it is about, and
//! the permissions and endpoints it touches, so pages can show a "data note" count.
//!
//! The checks (see [`Check`]) are the places where the data misleads a least-privilege
//! answer: several `least=` markers on one (path, method, scheme), as Microsoft's own
//! Kibali reports them (`DuplicateLeastPrivilegeScopes`); a write flagged least for a
//! GET that a read permission grants; privilege levels inverted within a family;
//! placeholder scheme entries; Application schemes said not to need admin consent; GUIDs
//! that disagree between files, look made up, or exist only in PPE; device-management
//! permissions flagged least on paths that are not about devices.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::catalogue::Catalogue;
use crate::data_dir::{self, DataDir};
use crate::error::LoadError;
use crate::guids::{is_guid, same_guid};
use crate::least::order;
use crate::load::{descriptions, permissions, provisioning};
use crate::model::{EndpointId, Scheme};

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// Several permissions flagged least for one (path, method, scheme).
    DuplicateLeast,
    /// A write permission flagged least for a GET that a read permission grants too.
    WriteLeastForRead,
    /// Within a family, a broader access has a lower privilege level.
    LevelInversion,
    /// A scheme entry with no privilege level and no GUID.
    Placeholder,
    /// An Application scheme marked `requiresAdminConsent: false`.
    ApplicationWithoutAdminConsent,
    /// The descriptions file and provisioningInfo.json give different GUIDs.
    GuidDisagreement,
    /// A GUID that is not one, or looks typed by hand (`a1f2e3d4-b5c6-4a7b-…`).
    SuspiciousGuid,
    /// A permission deployed only in PPE, not in the public cloud.
    PpeOnly,
    /// A permission flagged least on a path that is not about its resource.
    ResourceMismatch,
    /// A path segment that is a placeholder in parentheses (`(team-id)`), read as one.
    PlaceholderInParentheses,
    /// A method the schema does not allow on the path: anything but `POST` on an action.
    MethodNotInSchema,
}

impl Check {
    pub const ALL: [Check; 11] = [
        Check::DuplicateLeast,
        Check::WriteLeastForRead,
        Check::LevelInversion,
        Check::Placeholder,
        Check::ApplicationWithoutAdminConsent,
        Check::GuidDisagreement,
        Check::SuspiciousGuid,
        Check::PpeOnly,
        Check::ResourceMismatch,
        Check::PlaceholderInParentheses,
        Check::MethodNotInSchema,
    ];

    /// The kebab-case name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::DuplicateLeast => "duplicate-least",
            Check::WriteLeastForRead => "write-least-for-read",
            Check::LevelInversion => "level-inversion",
            Check::Placeholder => "placeholder",
            Check::ApplicationWithoutAdminConsent => "application-without-admin-consent",
            Check::GuidDisagreement => "guid-disagreement",
            Check::SuspiciousGuid => "suspicious-guid",
            Check::PpeOnly => "ppe-only",
            Check::ResourceMismatch => "resource-mismatch",
            Check::PlaceholderInParentheses => "placeholder-in-parentheses",
            Check::MethodNotInSchema => "method-not-in-schema",
        }
    }

    /// One sentence for people.
    pub fn title(self) -> &'static str {
        match self {
            Check::DuplicateLeast => "Several permissions flagged least privileged for one call",
            Check::WriteLeastForRead => "A write permission flagged least privileged for a read",
            Check::LevelInversion => "Privilege levels inverted within a family",
            Check::Placeholder => "Scheme entry without level or GUID",
            Check::ApplicationWithoutAdminConsent => "Application permission said not to need admin consent",
            Check::GuidDisagreement => "GUIDs that disagree between files",
            Check::SuspiciousGuid => "GUID that is malformed or looks made up",
            Check::PpeOnly => "Permission deployed only in PPE",
            Check::ResourceMismatch => "Permission flagged least on a path about another resource",
            Check::PlaceholderInParentheses => "Path placeholder written in parentheses",
            Check::MethodNotInSchema => "Method the schema does not allow on the path",
        }
    }
}

/// One data note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub check: Check,
    /// The upstream file, relative to its repository (`permissions/new/permissions.json`).
    pub file: String,
    /// The entry in the file: a JSON path (`permissions.X.schemes.Application`) or
    /// `METHOD path (Scheme)`.
    pub entry: String,
    pub message: String,
    /// Permissions the finding touches (exact names).
    pub permissions: Vec<String>,
    /// Endpoints the finding touches.
    pub endpoints: Vec<EndpointId>,
}

impl Finding {
    /// True when the finding is about the permission (exact name): what
    /// [`Findings::for_permission`] counts.
    pub fn touches_permission(&self, name: &str) -> bool {
        self.permissions.iter().any(|touched| touched == name)
    }

    /// True when the finding is about the endpoint: what [`Findings::for_endpoint`] counts.
    pub fn touches_endpoint(&self, endpoint: EndpointId) -> bool {
        self.endpoints.contains(&endpoint)
    }
}

/// Every finding, with counts per permission and endpoint for the pages.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub findings: Vec<Finding>,
    by_permission: HashMap<String, usize>,
    by_endpoint: HashMap<EndpointId, usize>,
}

impl Findings {
    fn new(mut findings: Vec<Finding>) -> Findings {
        findings.sort_by(|a, b| (a.check, &a.file, &a.entry).cmp(&(b.check, &b.file, &b.entry)));
        let mut by_permission: HashMap<String, usize> = HashMap::new();
        let mut by_endpoint: HashMap<EndpointId, usize> = HashMap::new();
        for finding in &findings {
            // Each finding counts once per permission and endpoint it touches, as
            // `Finding::touches_permission` and `touches_endpoint` select it.
            let names: std::collections::BTreeSet<&String> = finding.permissions.iter().collect();
            for name in names {
                *by_permission.entry(name.clone()).or_default() += 1;
            }
            let endpoints: std::collections::BTreeSet<EndpointId> =
                finding.endpoints.iter().copied().collect();
            for endpoint in endpoints {
                *by_endpoint.entry(endpoint).or_default() += 1;
            }
        }
        Findings { findings, by_permission, by_endpoint }
    }

    /// How many findings touch the permission (exact name).
    pub fn for_permission(&self, name: &str) -> usize {
        self.by_permission.get(name).copied().unwrap_or(0)
    }

    /// How many findings touch the endpoint.
    pub fn for_endpoint(&self, endpoint: EndpointId) -> usize {
        self.by_endpoint.get(&endpoint).copied().unwrap_or(0)
    }

    /// Findings per check, in [`Check::ALL`] order.
    pub fn counts(&self) -> BTreeMap<Check, usize> {
        let mut counts = BTreeMap::new();
        for finding in &self.findings {
            *counts.entry(finding.check).or_default() += 1;
        }
        counts
    }

    /// The findings of one check only.
    pub fn only(self, check: Check) -> Findings {
        Findings::new(self.findings.into_iter().filter(|finding| finding.check == check).collect())
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }
}

/// The upstream files as written, before the join smooths them (the catalogue fixes
/// Application consent and keeps one GUID per scheme).
#[derive(Debug, Clone, Default)]
pub struct RawFiles {
    pub permissions: Vec<permissions::FilePermission>,
    pub descriptions: Option<descriptions::Descriptions>,
    pub provisioning: Option<BTreeMap<String, Vec<provisioning::Deployment>>>,
}

impl RawFiles {
    /// Reads permissions.json, the English descriptions and provisioningInfo.json of a
    /// data folder (the optional ones when present).
    pub fn read(dir: &DataDir) -> Result<RawFiles, LoadError> {
        let mut warnings = Vec::new();
        let permissions = permissions::read(&dir.path_of(&data_dir::PERMISSIONS), &mut warnings)?;
        let optional = |path: &Path| path.is_file().then_some(path.to_path_buf());
        let descriptions =
            optional(&dir.path_of(&data_dir::DESCRIPTIONS)).map(|p| descriptions::read(&p)).transpose()?;
        let provisioning =
            optional(&dir.path_of(&data_dir::PROVISIONING)).map(|p| provisioning::read(&p)).transpose()?;
        Ok(RawFiles { permissions, descriptions, provisioning })
    }
}

/// Reads the raw files of the catalogue's data folder and checks them.
pub fn lint_data(catalogue: &Catalogue) -> Result<Findings, LoadError> {
    let raw = RawFiles::read(&catalogue.data_dir)?;
    Ok(lint(catalogue, &raw))
}

/// Runs every check.
pub fn lint(catalogue: &Catalogue, raw: &RawFiles) -> Findings {
    let mut findings = Vec::new();
    least_flags(catalogue, &mut findings);
    level_inversions(catalogue, &mut findings);
    placeholders(catalogue, &mut findings);
    application_consent(raw, &mut findings);
    guids(raw, &mut findings);
    placeholders_in_parentheses(catalogue, raw, &mut findings);
    methods_not_in_schema(catalogue, &mut findings);
    Findings::new(findings)
}

/// Endpoints whose path the schema has as an action, listed with another method than
/// `POST` (`GET /me/findMeetingTimes`): not in that schema, and their pages say so.
fn methods_not_in_schema(catalogue: &Catalogue, findings: &mut Vec<Finding>) {
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        for (version, allowed) in &endpoint.schema_method {
            findings.push(Finding {
                check: Check::MethodNotInSchema,
                file: PERMISSIONS_FILE.to_string(),
                entry: format!("{} {}", endpoint.method, endpoint.raw_path),
                message: format!(
                    "{} {} is listed, but the {} schema has the path as an action, called with {allowed} only",
                    endpoint.method,
                    endpoint.raw_path,
                    version.as_str()
                ),
                permissions: endpoint
                    .granted_by
                    .iter()
                    .map(|(permission, _)| catalogue.permissions[*permission].name.clone())
                    .collect(),
                endpoints: vec![id],
            });
        }
    }
}

/// Paths whose placeholder the file wrote in parentheses (`/teams/(team-id)/…`): the
/// catalogue reads them as placeholders, so the calls resolve; the file still needs fixing.
fn placeholders_in_parentheses(catalogue: &Catalogue, raw: &RawFiles, findings: &mut Vec<Finding>) {
    for permission in &raw.permissions {
        for (set_index, set) in permission.path_sets.iter().enumerate() {
            for (written, read_as) in &set.repaired {
                let endpoints =
                    set.methods.iter().filter_map(|method| catalogue.endpoint(method, read_as)).collect();
                findings.push(Finding {
                    check: Check::PlaceholderInParentheses,
                    file: PERMISSIONS_FILE.to_string(),
                    entry: format!("permissions.{}.pathSets[{set_index}].paths.{written}", permission.name),
                    message: format!("{written} is read as {read_as}"),
                    permissions: vec![permission.name.clone()],
                    endpoints,
                });
            }
        }
    }
}

const PERMISSIONS_FILE: &str = "permissions/new/permissions.json";
const DESCRIPTIONS_FILE: &str = "permissions/permissions-descriptions.json";
const PROVISIONING_FILE: &str = "permissions/new/provisioningInfo.json";

/// Duplicate least flags, writes flagged least for reads, resource mismatches: per
/// endpoint and scheme, from the raw `least=` markers.
fn least_flags(catalogue: &Catalogue, findings: &mut Vec<Finding>) {
    for (endpoint_id, endpoint) in catalogue.endpoints.iter().enumerate() {
        for scheme in Scheme::ALL {
            // (name, grant's pathSet, raw least marker)
            let mut granting: Vec<(&str, usize, bool)> = Vec::new();
            for (permission_id, grant) in catalogue.endpoint_grants(endpoint) {
                let permission = &catalogue.permissions[permission_id];
                if !grant.schemes.contains(&scheme) {
                    continue;
                }
                let least = grant.is_least_for(scheme);
                match granting.iter_mut().find(|(name, _, _)| *name == permission.name) {
                    Some(entry) => entry.2 |= least,
                    None => granting.push((&permission.name, grant.path_set, least)),
                }
            }
            let flagged: Vec<&(&str, usize, bool)> = granting.iter().filter(|(_, _, least)| *least).collect();
            let entry = format!("{} {} ({})", endpoint.method, endpoint.raw_path, scheme.as_str());
            let note = |check, message: String, permissions: Vec<String>| Finding {
                check,
                file: PERMISSIONS_FILE.to_string(),
                entry: entry.clone(),
                message,
                permissions,
                endpoints: vec![endpoint_id],
            };
            if flagged.len() > 1 {
                let names: Vec<String> = flagged.iter().map(|(name, _, _)| name.to_string()).collect();
                findings.push(note(
                    Check::DuplicateLeast,
                    format!("{} permissions flagged least: {}", names.len(), names.join(", ")),
                    names,
                ));
            }
            if endpoint.method == "GET" {
                let read = granting.iter().find(|(name, _, _)| !order::is_write(name));
                for (name, set, _) in flagged.iter().filter(|(name, _, _)| order::is_write(name)) {
                    if let Some((read_name, _, _)) = read {
                        findings.push(note(
                            Check::WriteLeastForRead,
                            format!(
                                "write permission {name} flagged least (permissions.{name}.pathSets[{set}]) although {read_name} grants this read"
                            ),
                            vec![name.to_string(), read_name.to_string()],
                        ));
                    }
                }
            }
            let path = endpoint.raw_path.to_ascii_lowercase();
            for (name, set, _) in &flagged {
                if order::off_resource(name, &path) {
                    findings.push(note(
                        Check::ResourceMismatch,
                        format!(
                            "{name} (permissions.{name}.pathSets[{set}]) is flagged least on a path that is not about devices"
                        ),
                        vec![name.to_string()],
                    ));
                }
            }
        }
    }
}

/// Within a family (same resource and scope), a broader access with a lower level.
fn level_inversions(catalogue: &Catalogue, findings: &mut Vec<Finding>) {
    let families =
        order::families(catalogue.permissions.iter().map(|permission| permission.name.as_str()).enumerate());
    let mut inversions = Vec::new();
    for members in families.values() {
        for &(access, id) in members {
            for &(other_access, other) in members {
                if other_access >= access {
                    continue;
                }
                for scheme in Scheme::ALL {
                    let level = |id: usize| catalogue.permissions[id].scheme(scheme)?.privilege_level;
                    if let (Some(broad), Some(narrow)) = (level(id), level(other))
                        && broad < narrow
                    {
                        inversions.push((id, other, scheme, broad, narrow));
                    }
                }
            }
        }
    }
    for (broad, narrow, scheme, broad_level, narrow_level) in inversions {
        let broad = &catalogue.permissions[broad].name;
        let narrow = &catalogue.permissions[narrow].name;
        findings.push(Finding {
            check: Check::LevelInversion,
            file: PERMISSIONS_FILE.to_string(),
            entry: format!("permissions.{broad}.schemes.{}.privilegeLevel", scheme.as_str()),
            message: format!(
                "{broad} has level {broad_level} but the narrower {narrow} has {narrow_level} ({}); the ranking treats {broad} as {narrow_level}",
                scheme.as_str()
            ),
            permissions: vec![broad.clone(), narrow.clone()],
            endpoints: Vec::new(),
        });
    }
}

/// Scheme entries with no level and no GUID from any file.
fn placeholders(catalogue: &Catalogue, findings: &mut Vec<Finding>) {
    for (id, permission) in catalogue.permissions.iter().enumerate() {
        for (scheme, info) in &permission.schemes {
            if !info.is_placeholder() {
                continue;
            }
            let real = catalogue
                .placeholder_replacement(id, *scheme)
                .map(|real| catalogue.permissions[real].name.as_str());
            let mut message = format!(
                "{} has no privilege level and no GUID under {}: not offered as a permission",
                permission.name,
                scheme.as_str()
            );
            let mut names = vec![permission.name.clone()];
            if let Some(real) = real {
                message.push_str(&format!("; the real one is {real}"));
                names.push(real.to_string());
            }
            findings.push(Finding {
                check: Check::Placeholder,
                file: PERMISSIONS_FILE.to_string(),
                entry: format!("permissions.{}.schemes.{}", permission.name, scheme.as_str()),
                message,
                permissions: names,
                endpoints: Vec::new(),
            });
        }
    }
}

/// Application schemes marked `requiresAdminConsent: false` in permissions.json, and app
/// roles marked `isAdmin: false` in the descriptions.
fn application_consent(raw: &RawFiles, findings: &mut Vec<Finding>) {
    if let Some(descriptions) = &raw.descriptions {
        for (index, entry) in descriptions.application.iter().enumerate() {
            if entry.is_admin == Some(false) {
                findings.push(Finding {
                    check: Check::ApplicationWithoutAdminConsent,
                    file: DESCRIPTIONS_FILE.to_string(),
                    entry: format!("applicationScopesList[{index}].isAdmin ({})", entry.value),
                    message: format!(
                        "the app role {} is marked isAdmin: false; app roles always need admin consent (shown as such)",
                        entry.value
                    ),
                    permissions: vec![entry.value.clone()],
                    endpoints: Vec::new(),
                });
            }
        }
    }
    for permission in &raw.permissions {
        if permission.schemes.get(&Scheme::Application).and_then(|s| s.requires_admin_consent) == Some(false)
        {
            findings.push(Finding {
                check: Check::ApplicationWithoutAdminConsent,
                file: PERMISSIONS_FILE.to_string(),
                entry: format!("permissions.{}.schemes.Application.requiresAdminConsent", permission.name),
                message: format!(
                    "{} says an app role needs no admin consent; app roles always do (shown as admin consent)",
                    permission.name
                ),
                permissions: vec![permission.name.clone()],
                endpoints: Vec::new(),
            });
        }
    }
}

/// GUID disagreements between the descriptions and provisioningInfo.json, malformed or
/// made-up-looking GUIDs, and PPE-only deployments.
fn guids(raw: &RawFiles, findings: &mut Vec<Finding>) {
    let mut described: HashMap<(&str, bool), (&str, String)> = HashMap::new();
    if let Some(descriptions) = &raw.descriptions {
        for (list, entries, application) in [
            ("delegatedScopesList", &descriptions.delegated, false),
            ("applicationScopesList", &descriptions.application, true),
        ] {
            for (index, entry) in entries.iter().enumerate() {
                let Some(id) = entry.id.as_deref().filter(|id| !id.is_empty()) else {
                    continue;
                };
                let at = format!("{list}[{index}] ({})", entry.value);
                described.insert((entry.value.as_str(), application), (id, at.clone()));
                suspicious_guid(DESCRIPTIONS_FILE, &at, &entry.value, id, findings);
            }
        }
    }
    let Some(provisioning) = &raw.provisioning else {
        return;
    };
    for (name, deployments) in provisioning {
        let mut public_schemes: Vec<&str> = Vec::new();
        let mut ppe_schemes: Vec<&str> = Vec::new();
        for (index, deployment) in deployments.iter().enumerate() {
            if !deployment.is_graph() {
                continue;
            }
            let at = format!("permissionDeployments.{name}[{index}]");
            if deployment.is_public() {
                public_schemes.push(&deployment.scheme);
            } else {
                ppe_schemes.push(&deployment.scheme);
            }
            let Some(id) = deployment.id.as_deref().filter(|id| !id.is_empty()) else {
                continue;
            };
            suspicious_guid(PROVISIONING_FILE, &at, name, id, findings);
            let application = deployment.scheme.eq_ignore_ascii_case("Application");
            if deployment.is_public()
                && let Some((other, other_at)) = described.get(&(name.as_str(), application))
                && !same_guid(other, id)
            {
                findings.push(Finding {
                    check: Check::GuidDisagreement,
                    file: format!("{PROVISIONING_FILE} / {DESCRIPTIONS_FILE}"),
                    entry: format!("{at} / {other_at}"),
                    message: format!(
                        "{name} ({}) is {id} in provisioningInfo.json but {other} in the descriptions",
                        deployment.scheme
                    ),
                    permissions: vec![name.clone()],
                    endpoints: Vec::new(),
                });
            }
        }
        ppe_schemes.sort_unstable();
        ppe_schemes.dedup();
        for scheme in ppe_schemes.into_iter().filter(|scheme| !public_schemes.contains(scheme)) {
            findings.push(Finding {
                check: Check::PpeOnly,
                file: PROVISIONING_FILE.to_string(),
                entry: format!("permissionDeployments.{name} ({scheme})"),
                message: format!("{name} ({scheme}) is deployed in PPE only, not in the public cloud"),
                permissions: vec![name.clone()],
                endpoints: Vec::new(),
            });
        }
    }
}

/// What is wrong with a GUID from the data, if anything: the `suspicious-guid` rule, also
/// shown beside the GUID on the permission page.
pub fn guid_problem(id: &str) -> Option<&'static str> {
    if !is_guid(id) {
        Some("is not a GUID")
    } else if looks_made_up(id) {
        Some("looks typed by hand, not generated")
    } else {
        None
    }
}

fn suspicious_guid(file: &str, at: &str, name: &str, id: &str, findings: &mut Vec<Finding>) {
    if let Some(problem) = guid_problem(id) {
        findings.push(Finding {
            check: Check::SuspiciousGuid,
            file: file.to_string(),
            entry: at.to_string(),
            message: format!("the GUID {id} of {name} {problem}"),
            permissions: vec![name.to_string()],
            endpoints: Vec::new(),
        });
    }
}

/// True for GUIDs people type rather than generate: all zeros, two or more groups of
/// one repeated digit (`1111-2222`), a run of six ascending digits (`123456`), or digits
/// stepping by one every other place (`a1b2c3d4`, `0e1f2a3b`) 14 times or more. Over the
/// 3,000 GUIDs of the shared data, generated ones reach at most 11 such steps.
pub fn looks_made_up(guid: &str) -> bool {
    let digits: Vec<u32> = guid.chars().filter_map(|c| c.to_digit(16)).collect();
    if digits.iter().all(|&digit| digit == 0) {
        return true;
    }
    let repeated = guid
        .split('-')
        .filter(|group| group.len() >= 4 && group.chars().all(|c| group.starts_with(c)))
        .count();
    let mut run = 1;
    let mut longest = 1;
    for pair in digits.windows(2) {
        run = if pair[1] == pair[0] + 1 { run + 1 } else { 1 };
        longest = longest.max(run);
    }
    let steps = digits.windows(3).filter(|w| w[2].abs_diff(w[0]) == 1).count();
    repeated >= 2 || longest >= 6 || steps >= 14
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_guids() {
        assert!(looks_made_up("a1f2e3d4-b5c6-4a7b-8c9d-0e1f2a3b4c5d"));
        assert!(looks_made_up("a1b2c3d4-1111-2222-3333-444455557777"));
        assert!(looks_made_up("f8c4e3f1-6b9a-4c2e-8d5a-bcf123456789"));
        assert!(looks_made_up("00000000-0000-0000-0000-000000000000"));
        assert!(!looks_made_up("7b8a2d34-6b3f-4542-a343-54651608ad81"));
        assert!(!looks_made_up("19dbc75e-c2e2-444c-a770-ec69d8559fc7"));
        assert!(!looks_made_up("e1fe6dd8-ba31-4d61-89e7-88639da4683d"));
    }

    #[test]
    fn malformed_guids() {
        assert!(is_guid("e1fe6dd8-ba31-4d61-89e7-88639da4683d"));
        assert!(!is_guid("75d9ca3df-7017-4feb-baa0-06a339b6c338"));
        assert!(!is_guid(""));
    }

    #[test]
    fn device_paths() {
        assert!(!order::off_resource(
            "DeviceManagementServiceConfig.Read.All",
            "/devicemanagement/manageddevices"
        ));
        assert!(order::off_resource("DeviceManagementServiceConfig.Read.All", "/organization/{id}"));
        assert!(!order::off_resource("Organization.Read.All", "/organization/{id}"));
    }
}
