//! What an app registration actually allows: every permission of a manifest, a grant
//! list or `az ad app permission list` output resolved to the catalogue, with its scheme,
//! privilege level, admin consent, tier-0 flag, what it grants and notes; unknown GUIDs
//! and other resource apps reported, not dropped. Given calls, the least-privileged set
//! they need and what the app misses or holds in excess.
//!
//! Answers from memory only: [`input`] reads the JSON, [`audit`] joins it with the
//! catalogue (and, for calls, the least engine's [`Engine::analyse`]).

pub mod input;

use std::collections::BTreeMap;

use crate::catalogue::Catalogue;
use crate::guids::same_guid;
use crate::least::order::is_tier_zero;
use crate::least::{CallStatus, Calls, Engine};
use crate::model::{PermissionId, Scheme};

pub use input::{AccessKind, AuditInput, AuditInputError, InputShape, RequestedAccess};

/// Most resource type names listed per permission (the count says how many there are).
pub const MAX_RESOURCE_TYPES: usize = 8;
/// Most JSON paths kept per permission (a grant list repeats a scope per principal).
const MAX_PATHS: usize = 16;

/// The audit of one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub shape: InputShape,
    /// Resolved Microsoft Graph permissions, application roles first, then by name.
    pub permissions: Vec<AuditedPermission>,
    /// Entries for Microsoft Graph (or possibly so) that name no known permission.
    pub unknown: Vec<UnresolvedAccess>,
    /// Entries for other resource applications.
    pub other_resources: Vec<UnresolvedAccess>,
    /// With calls: per access kind present, the least set and the difference.
    pub comparisons: Vec<CallsComparison>,
}

/// One permission the app requests or holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditedPermission {
    pub name: String,
    pub permission: PermissionId,
    pub kind: AccessKind,
    /// The catalogue's schemes for this kind (Application; or the delegated ones).
    pub schemes: Vec<Scheme>,
    /// The GUID the catalogue knows for this kind.
    pub id: Option<String>,
    pub privilege_level: Option<u8>,
    pub admin_consent: Option<bool>,
    pub tier0: bool,
    pub is_enabled: Option<bool>,
    pub is_hidden: Option<bool>,
    /// What it grants under its schemes.
    pub reach: GrantedReach,
    /// Remarks from the data: disabled, hidden, GUID from another source, kind mismatch.
    pub notes: Vec<String>,
    /// Where the input names it.
    pub json_paths: Vec<String>,
}

/// What an audited permission grants: its endpoints and their resource types.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantedReach {
    /// Distinct endpoints it grants under its schemes.
    pub endpoint_count: usize,
    /// Resource types of those endpoints (short names), most endpoints first, at most
    /// [`MAX_RESOURCE_TYPES`].
    pub resource_types: Vec<String>,
    pub resource_type_count: usize,
}

/// An entry that resolves to no Microsoft Graph permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnresolvedAccess {
    /// The entry as the input wrote it.
    pub access: RequestedAccess,
    pub reason: String,
}

/// What the calls need against what the app holds, for one access kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallsComparison {
    pub kind: AccessKind,
    pub scheme: Scheme,
    /// The least-privileged set covering the calls.
    pub least: Vec<String>,
    /// Permissions to add.
    pub missing: Vec<String>,
    /// Held permissions no call needs.
    pub excess: Vec<String>,
    /// Held permissions that cover calls where narrower ones of the least-privileged set
    /// would (`Directory.ReadWrite.All` for `GET /users`: `User.ReadBasic.All`).
    pub broader: Vec<crate::least::Broader>,
    /// Calls (`METHOD url`) the held permissions do not cover.
    pub not_granted: Vec<String>,
    /// Calls (`METHOD url`) that matched no endpoint.
    pub unmatched: Vec<String>,
}

impl AuditReport {
    /// True when the calls need permissions the app does not hold.
    pub fn has_missing(&self) -> bool {
        self.comparisons.iter().any(|comparison| !comparison.missing.is_empty())
    }
}

/// Audits `input` against the catalogue; with `calls`, compares with the least set
/// the calls need (the engine must be built from the same catalogue).
pub fn audit(catalogue: &Catalogue, input: &AuditInput, calls: Option<(&Engine, &Calls)>) -> AuditReport {
    let mut found: BTreeMap<(AccessKind, PermissionId), AuditedPermission> = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut other_resources = Vec::new();
    for entry in &input.entries {
        let unresolved = |reason: String| UnresolvedAccess { access: entry.clone(), reason };
        let is_graph = entry.is_graph(None);
        if is_graph == Some(false) {
            other_resources.push(unresolved("another resource application than Microsoft Graph".to_string()));
            continue;
        }
        let (permission, mut notes) = match resolve(catalogue, entry) {
            Ok(resolved) => resolved,
            Err(reason) => {
                let reason = if is_graph.is_none() {
                    format!("{reason} (the grant's resource is not known to be Microsoft Graph)")
                } else {
                    reason
                };
                unknown.push(unresolved(reason));
                continue;
            }
        };
        match found.get_mut(&(entry.kind, permission)) {
            Some(audited) => {
                if audited.json_paths.len() < MAX_PATHS && !audited.json_paths.contains(&entry.json_path) {
                    audited.json_paths.push(entry.json_path.clone());
                }
                for note in notes {
                    if !audited.notes.contains(&note) {
                        audited.notes.push(note);
                    }
                }
            }
            None => {
                let mut audited = describe(catalogue, permission, entry.kind);
                audited.notes.append(&mut notes);
                audited.json_paths.push(entry.json_path.clone());
                found.insert((entry.kind, permission), audited);
            }
        }
    }
    let mut permissions: Vec<AuditedPermission> = found.into_values().collect();
    permissions
        .sort_by(|a, b| (b.kind, a.name.to_ascii_lowercase()).cmp(&(a.kind, b.name.to_ascii_lowercase())));
    let comparisons = calls.map(|(engine, calls)| compare(engine, calls, &permissions)).unwrap_or_default();
    AuditReport { shape: input.shape, permissions, unknown, other_resources, comparisons }
}

/// The schemes an access kind stands for.
fn kind_schemes(kind: AccessKind) -> &'static [Scheme] {
    match kind {
        AccessKind::Role => &[Scheme::Application],
        AccessKind::Scope => &[Scheme::DelegatedWork, Scheme::DelegatedPersonal],
    }
}

/// The permission an entry names, with notes; `Err(reason)` when none.
fn resolve(catalogue: &Catalogue, entry: &RequestedAccess) -> Result<(PermissionId, Vec<String>), String> {
    let mut notes = Vec::new();
    if let Some(name) = &entry.name {
        if let Some(id) = catalogue.permission_id(name) {
            return Ok((id, notes));
        }
        return Err(catalogue.unknown_name(name));
    }
    let Some(id) = &entry.id else {
        return Err("the entry names no permission".to_string());
    };
    let matches = catalogue.permissions_by_guid(id);
    let wanted = kind_schemes(entry.kind);
    let same_kind = matches.iter().find(|(_, scheme)| wanted.contains(scheme));
    let (permission, scheme) = match same_kind.or_else(|| matches.first()) {
        Some(found) => *found,
        None => return Err(format!("GUID {id} is not a Microsoft Graph permission")),
    };
    if !wanted.contains(&scheme) {
        notes.push(format!(
            "type {} but {id} is the {} GUID of {}",
            entry.kind.as_str(),
            scheme.label().to_ascii_lowercase(),
            catalogue.permissions[permission].name
        ));
    }
    let info = &catalogue.permissions[permission].schemes[&scheme];
    if let Some(current) = info.id.as_deref()
        && !same_guid(current, id)
    {
        let source = info
            .id_candidates
            .iter()
            .find(|(candidate, _)| same_guid(candidate, id))
            .map_or("a data file", |(_, source)| source.as_str());
        notes.push(format!("{id} is the GUID {source} gives; the current GUID is {current}"));
    }
    Ok((permission, notes))
}

/// Everything the catalogue says about one permission under one access kind.
fn describe(catalogue: &Catalogue, permission_id: PermissionId, kind: AccessKind) -> AuditedPermission {
    let permission = &catalogue.permissions[permission_id];
    let schemes: Vec<Scheme> =
        kind_schemes(kind).iter().copied().filter(|scheme| permission.schemes.contains_key(scheme)).collect();
    let first = schemes.first().and_then(|scheme| permission.schemes.get(scheme));
    let mut endpoints: Vec<usize> = permission
        .grants
        .iter()
        .filter(|grant| grant.schemes.iter().any(|scheme| schemes.contains(scheme)))
        .map(|grant| grant.endpoint)
        .collect();
    endpoints.sort_unstable();
    endpoints.dedup();
    let mut type_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &endpoint in &endpoints {
        if let Some(resource) = catalogue.endpoints[endpoint].resource() {
            *type_counts.entry(crate::schema::short_name(resource)).or_default() += 1;
        }
    }
    let mut types: Vec<(&str, usize)> = type_counts.into_iter().collect();
    types.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut notes = Vec::new();
    if schemes.is_empty() {
        notes.push(format!("{} has no {} scheme in the data", permission.name, kind.label()));
    }
    if first.and_then(|info| info.is_enabled) == Some(false) {
        notes.push("disabled".to_string());
    }
    if first.and_then(|info| info.is_hidden) == Some(true) {
        notes.push("hidden".to_string());
    }
    if endpoints.is_empty() {
        notes.push("no published endpoints".to_string());
    }
    AuditedPermission {
        name: permission.name.clone(),
        permission: permission_id,
        kind,
        id: first.and_then(|info| info.id.clone()),
        privilege_level: schemes
            .iter()
            .filter_map(|scheme| permission.schemes.get(scheme).and_then(|info| info.privilege_level))
            .max(),
        admin_consent: first.and_then(|info| info.requires_admin_consent),
        tier0: is_tier_zero(&permission.name),
        is_enabled: first.and_then(|info| info.is_enabled),
        is_hidden: first.and_then(|info| info.is_hidden),
        reach: GrantedReach {
            endpoint_count: endpoints.len(),
            resource_type_count: types.len(),
            resource_types: types
                .into_iter()
                .take(MAX_RESOURCE_TYPES)
                .map(|(name, _)| name.to_string())
                .collect(),
        },
        schemes,
        notes,
        json_paths: Vec::new(),
    }
}

/// Per access kind held, the least set for the calls and the difference.
fn compare(engine: &Engine, calls: &Calls, permissions: &[AuditedPermission]) -> Vec<CallsComparison> {
    let mut comparisons = Vec::new();
    for (kind, scheme) in
        [(AccessKind::Scope, Scheme::DelegatedWork), (AccessKind::Role, Scheme::Application)]
    {
        let held: Vec<String> =
            permissions.iter().filter(|p| p.kind == kind).map(|p| p.name.clone()).collect();
        if held.is_empty() {
            continue;
        }
        let report = engine.analyse(calls, &[scheme], Some(&held));
        let call_text = |index: &usize| {
            let call = &report.calls[*index];
            format!("{} {}", call.method, call.url)
        };
        let least = report
            .minimal
            .get(&scheme)
            .map(|cover| cover.permissions.iter().map(|chosen| chosen.name.clone()).collect())
            .unwrap_or_default();
        let granted = report.granted.as_ref().and_then(|granted| granted.schemes.get(&scheme));
        comparisons.push(CallsComparison {
            kind,
            scheme,
            least,
            missing: granted.map(|g| g.missing.clone()).unwrap_or_default(),
            excess: granted.map(|g| g.excess.clone()).unwrap_or_default(),
            broader: granted.map(|g| g.broader.clone()).unwrap_or_default(),
            not_granted: granted.map(|g| g.not_granted.iter().map(call_text).collect()).unwrap_or_default(),
            unmatched: report
                .calls
                .iter()
                .filter(|call| call.status != CallStatus::Matched)
                .map(|call| format!("{} {}", call.method, call.url))
                .collect(),
        });
    }
    comparisons
}
