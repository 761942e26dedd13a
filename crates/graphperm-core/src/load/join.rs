//! The join: parsed upstream files → one [`Catalogue`], in named phases.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::{Sources, cmdlets, descriptions, permissions, provisioning, schema_files, service_principal};
use crate::catalogue::{Catalogue, LocalizedPair};
use crate::data_dir::DataDir;
use crate::model::{
    ApiVersion, Cmdlet, CmdletSource, ConsentTexts, Endpoint, Grant, Permission, Scheme, SchemeInfo,
    ValueSource,
};
use crate::resolve::{self, Resolution};
use crate::schema::Schema;

/// Joins parsed sources into a catalogue. Never fails: what does not join is kept and
/// shown as such (a permission without endpoints, a path outside every schema).
///
/// The phases: permissions from every file ([`join_permissions`]) and their indexes;
/// one endpoint per operation, resolved in every schema ([`resolve_endpoints`]); the
/// grants of permissions.json between the two ([`join_grants`]); cmdlets; translations.
pub fn join(dir: DataDir, data_date: Option<jiff::Timestamp>, sources: Sources) -> Catalogue {
    let Sources {
        permissions: mut file_permissions,
        descriptions,
        localized: localized_sources,
        provisioning,
        schemas,
        schema_files,
        cmdlet_map,
        service_principal,
        warnings,
    } = sources;
    let mut permissions = join_permissions(
        &mut file_permissions,
        descriptions.as_ref(),
        provisioning.as_ref(),
        service_principal.as_ref(),
    );
    let PermissionIndexes { exact_index, folded_index, guid_index } = PermissionIndexes::of(&permissions);

    let started = std::time::Instant::now();
    let schemas: BTreeMap<ApiVersion, Schema> =
        schemas.into_iter().map(|schema| (schema.version, schema)).collect();
    let keys = endpoint_keys(&file_permissions);
    let Resolved { mut endpoints, endpoint_index, renumbered } = resolve_endpoints(&keys, &schemas);
    tracing::debug!("endpoints resolved in {:?}", started.elapsed());
    join_grants(&file_permissions, &keys, &renumbered, &exact_index, &mut permissions, &mut endpoints);
    tracing::debug!("grants joined in {:?}", started.elapsed());
    let current = CurrentSchemas::new(&schemas, &schema_files, data_date);
    let cmdlet_index = attach_cmdlets(&mut endpoints, &endpoint_index, cmdlet_map.as_deref(), current);
    tracing::debug!("cmdlets attached in {:?}", started.elapsed());

    let localized: BTreeMap<String, HashMap<String, LocalizedPair>> =
        localized_sources.into_iter().map(|(locale, source)| (locale, localized_table(source))).collect();

    Catalogue {
        data_dir: dir,
        data_date,
        warnings,
        permissions,
        endpoints,
        schemas,
        schema_files,
        rsc_permissions: service_principal.as_ref().map(|sp| sp.rsc_permissions.clone()).unwrap_or_default(),
        has_service_principal: service_principal.is_some(),
        guid_index,
        localized,
        folded_index,
        exact_index,
        endpoint_index,
        cmdlet_index,
    }
}

/// Every permission any file names, its texts and GUIDs merged by precedence, sorted by
/// name. The texts of permissions.json move out of `file_permissions`: only names and
/// pathSets are read again.
fn join_permissions(
    file_permissions: &mut [permissions::FilePermission],
    descriptions: Option<&descriptions::Descriptions>,
    provisioning: Option<&BTreeMap<String, Vec<provisioning::Deployment>>>,
    service_principal: Option<&service_principal::ServicePrincipal>,
) -> Vec<Permission> {
    // Permissions by exact name (permissions.json has names differing only in case, e.g.
    // Calls.JoinGroupCallAsGuest.All and Calls.JoinGroupCallasGuest.All); the other files
    // join on the exact name first, then case-insensitively.
    let mut names = NameTable::default();
    for file_permission in file_permissions.iter_mut() {
        let permission = names.get_or_insert_exact(&file_permission.name);
        permission.in_permissions_file = true;
        permission.authorization_type = file_permission.authorization_type.take();
        for (scheme, file_scheme) in &mut file_permission.schemes {
            let info = permission.schemes.entry(*scheme).or_default();
            info.in_permissions_file = true;
            info.texts = std::mem::take(&mut file_scheme.texts);
            info.requires_admin_consent = file_scheme.requires_admin_consent;
            info.privilege_level = file_scheme.privilege_level;
        }
    }
    if let Some(descriptions) = descriptions {
        for (entries, schemes) in [
            (&descriptions.delegated, &[Scheme::DelegatedWork, Scheme::DelegatedPersonal][..]),
            (&descriptions.application, &[Scheme::Application][..]),
        ] {
            for entry in entries {
                merge_description(names.get_or_insert(&entry.value), entry, schemes);
            }
        }
    }
    if let Some(provisioning) = provisioning {
        for (name, deployments) in provisioning {
            merge_deployments(names.get_or_insert(name), deployments);
        }
    }
    if let Some(service_principal) = service_principal {
        merge_service_principal(&mut names, service_principal);
    }
    let mut permissions: Vec<Permission> = names.permissions;
    for permission in &mut permissions {
        // App roles always need an administrator's consent; permissions.json says
        // otherwise for some Application schemes (`graphperm lint` lists them), which
        // pages must not show as "User consent".
        if let Some(info) = permission.schemes.get_mut(&Scheme::Application) {
            info.requires_admin_consent = Some(true);
        }
        share_delegated_guid(permission);
    }
    permissions.sort_by(|a, b| {
        a.name.to_ascii_lowercase().cmp(&b.name.to_ascii_lowercase()).then(a.name.cmp(&b.name))
    });
    permissions
}

/// The lookups of the sorted permissions.
struct PermissionIndexes {
    /// By exact name.
    exact_index: HashMap<String, usize>,
    /// By lower-cased name: every permission spelled so, in id order.
    folded_index: HashMap<String, Vec<usize>>,
    /// Every GUID any source gives, lower-cased, to its permission and scheme.
    guid_index: HashMap<String, Vec<(usize, Scheme)>>,
}

impl PermissionIndexes {
    fn of(permissions: &[Permission]) -> PermissionIndexes {
        let exact_index = permissions
            .iter()
            .enumerate()
            .map(|(index, permission)| (permission.name.clone(), index))
            .collect();
        let mut folded_index: HashMap<String, Vec<usize>> =
            HashMap::with_capacity_and_hasher(permissions.len(), Default::default());
        let mut guid_index: HashMap<String, Vec<(usize, Scheme)>> = HashMap::default();
        for (index, permission) in permissions.iter().enumerate() {
            folded_index.entry(permission.name.to_ascii_lowercase()).or_default().push(index);
            for (scheme, info) in &permission.schemes {
                for (id, _) in &info.id_candidates {
                    let entry = guid_index.entry(id.to_ascii_lowercase()).or_default();
                    if !entry.contains(&(index, *scheme)) {
                        entry.push((index, *scheme));
                    }
                }
            }
        }
        PermissionIndexes { exact_index, folded_index, guid_index }
    }
}

/// Every (path key, method rank, method) of permissions.json with the first raw path
/// written for it, in key then method order: one endpoint each before merging.
type EndpointKeys = BTreeMap<(String, u8, String), String>;

fn endpoint_keys(file_permissions: &[permissions::FilePermission]) -> EndpointKeys {
    let mut keys = EndpointKeys::new();
    for file_permission in file_permissions {
        for set in &file_permission.path_sets {
            for (path, _) in &set.paths {
                for method in &set.methods {
                    keys.entry((resolve::endpoint_key(path), method_rank(method), method.clone()))
                        .or_insert_with(|| path.clone());
                }
            }
        }
    }
    keys
}

/// The endpoints, their (method, key) index, and for each entry of [`EndpointKeys`] (in
/// order) the endpoint it became after merging.
struct Resolved {
    endpoints: Vec<Endpoint>,
    endpoint_index: HashMap<(String, String), usize>,
    renumbered: Vec<usize>,
}

/// One endpoint per operation: each distinct path resolved once per schema (the versions
/// side by side on threads), spellings the schema resolves to one path merged, and the
/// schema's own spellings indexed too.
fn resolve_endpoints(keys: &EndpointKeys, schemas: &BTreeMap<ApiVersion, Schema>) -> Resolved {
    let mut distinct_paths: Vec<(&str, &str)> =
        keys.iter().map(|((key, _, _), raw_path)| (key.as_str(), raw_path.as_str())).collect();
    distinct_paths.dedup_by_key(|(key, _)| *key);
    let mut per_version: Vec<(ApiVersion, HashMap<&str, Resolution>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = schemas
            .iter()
            .map(|(version, schema)| {
                let paths = &distinct_paths;
                scope.spawn(move || {
                    let resolved: HashMap<&str, Resolution> = paths
                        .iter()
                        .filter_map(|(key, raw_path)| resolve::resolve(schema, raw_path).map(|r| (*key, r)))
                        .collect();
                    (*version, resolved)
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().expect("resolution does not panic")).collect()
    });
    let mut endpoints: Vec<Endpoint> = Vec::with_capacity(keys.len());
    let mut endpoint_index: HashMap<(String, String), usize> =
        HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    let mut keyed = keys.iter().peekable();
    while let Some(((key, _, method), raw_path)) = keyed.next() {
        // The last endpoint of a path takes the resolutions; earlier methods copy them.
        let last_of_key = keyed.peek().is_none_or(|((next, _, _), _)| next != key);
        let mut resolutions: BTreeMap<ApiVersion, Resolution> = per_version
            .iter_mut()
            .filter_map(|(version, resolved)| {
                let resolution = if last_of_key {
                    resolved.remove(key.as_str())
                } else {
                    resolved.get(key.as_str()).cloned()
                };
                resolution.map(|r| (*version, r))
            })
            .collect();
        // Only POST calls an action: another method on an action's path is not in that
        // schema (`Resolution::allows`).
        let mut schema_method = BTreeMap::new();
        resolutions.retain(|version, resolution| {
            let allowed = resolution.allows(method);
            if !allowed && let Some(other) = resolution.operation_method() {
                schema_method.insert(*version, other);
            }
            allowed
        });
        let path = resolutions
            .values()
            .next()
            .map(|resolution| resolution.canonical_path.clone())
            .unwrap_or_else(|| raw_path.clone());
        endpoint_index.insert((method.clone(), key.clone()), endpoints.len());
        endpoints.push(Endpoint {
            method: method.clone(),
            raw_path: raw_path.clone(),
            key: key.clone(),
            path,
            resolutions,
            schema_method,
            cmdlets: BTreeMap::new(),
            docs: None,
            granted_by: Vec::new(),
        });
    }

    // One operation, one endpoint: spellings the schema resolves to one path are merged.
    let (endpoints, renumbered) = merge_same_operation(endpoints);
    for id in endpoint_index.values_mut() {
        *id = renumbered[*id];
    }

    // The schema's spellings find their endpoint too: a function written bare in the data
    // (`getLicensesForApp`) gains its parameters (`getLicensesForApp(bundleId={bundleId})`).
    for (id, endpoint) in endpoints.iter().enumerate() {
        for resolution in endpoint.resolutions.values() {
            let canonical = resolve::endpoint_key(&resolution.canonical_path);
            if canonical != endpoint.key {
                endpoint_index.entry((endpoint.method.clone(), canonical)).or_insert(id);
            }
        }
    }
    Resolved { endpoints, endpoint_index, renumbered }
}

/// The grants of permissions.json, in file order per permission, each recorded on its
/// permission and its endpoint; two spellings of one operation in one pathSet make one
/// grant.
fn join_grants(
    file_permissions: &[permissions::FilePermission],
    keys: &EndpointKeys,
    renumbered: &[usize],
    exact_index: &HashMap<String, usize>,
    permissions: &mut [Permission],
    endpoints: &mut [Endpoint],
) {
    let mut ids_by_key: HashMap<&str, Vec<(&str, usize)>> =
        HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    for (id, ((key, _, method), _)) in keys.iter().enumerate() {
        ids_by_key.entry(key.as_str()).or_default().push((method.as_str(), renumbered[id]));
    }
    for file_permission in file_permissions {
        let permission_id = exact_index[&file_permission.name];
        for (set_index, set) in file_permission.path_sets.iter().enumerate() {
            for (path, value) in &set.paths {
                let key = resolve::endpoint_key(path);
                let ids = &ids_by_key[key.as_str()];
                for method in &set.methods {
                    let endpoint_id = ids
                        .iter()
                        .find(|(known, _)| *known == method.as_str())
                        .map(|(_, id)| *id)
                        .expect("every (path, method) of the file has an endpoint");
                    let permission = &mut permissions[permission_id];
                    if let Some(grant) = permission
                        .grants
                        .iter_mut()
                        .rev()
                        .take_while(|grant| grant.path_set == set_index)
                        .find(|grant| grant.endpoint == endpoint_id)
                    {
                        for scheme in &value.least {
                            if !grant.least.contains(scheme) {
                                grant.least.push(*scheme);
                            }
                        }
                        for name in &value.also_requires {
                            if !grant.also_requires.contains(name) {
                                grant.also_requires.push(name.clone());
                            }
                        }
                        continue;
                    }
                    endpoints[endpoint_id].granted_by.push((permission_id, permission.grants.len()));
                    permission.grants.push(Grant {
                        endpoint: endpoint_id,
                        schemes: set.schemes.clone(),
                        least: value.least.clone(),
                        also_requires: value.also_requires.clone(),
                        other: value.other.clone(),
                        path_set: set_index,
                        path_set_methods: set.methods.len(),
                    });
                }
            }
        }
    }
}

/// How far a schema may lag permissions.json and still say what its version lacks: a path
/// added after the schema was published is rare within days (the shared data's v1.0
/// schema is 2026-08-03, permissions.json 2026-08-07).
const SCHEMA_LAG_DAYS: i64 = 14;

/// Which schemas can say a path is absent from their version, from the dates of their
/// files.
#[derive(Debug, Clone, Copy)]
struct CurrentSchemas {
    /// v1.0's schema is at most [`SCHEMA_LAG_DAYS`] older than permissions.json.
    v1: bool,
    /// Beta's schema is, too.
    beta: bool,
    /// Beta's schema is at least as new as v1.0's: it can say a path of v1.0 is absent
    /// from beta (an older beta schema cannot).
    beta_as_new_as_v1: bool,
}

impl CurrentSchemas {
    fn new(
        schemas: &BTreeMap<ApiVersion, Schema>,
        schema_files: &BTreeMap<ApiVersion, schema_files::SchemaFiles>,
        data_date: Option<jiff::Timestamp>,
    ) -> CurrentSchemas {
        // A version's schema date, when the schema loaded.
        let date = |version| {
            schema_files
                .get(&version)
                .filter(|_| schemas.contains_key(&version))
                .and_then(|files| files.structure_date.as_deref())
                .and_then(|date| date.parse::<jiff::Timestamp>().ok())
        };
        let lag = jiff::SignedDuration::from_hours(24 * SCHEMA_LAG_DAYS);
        let current = |version| {
            date(version)
                .zip(data_date)
                .is_some_and(|(date, data_date)| date.checked_add(lag).is_ok_and(|late| late >= data_date))
        };
        let (v1, beta) = (date(ApiVersion::V1), date(ApiVersion::Beta));
        CurrentSchemas {
            v1: current(ApiVersion::V1),
            beta: current(ApiVersion::Beta),
            beta_as_new_as_v1: beta.is_some_and(|beta| v1.is_none_or(|v1| beta >= v1)),
        }
    }

    fn lacks(self, version: ApiVersion, endpoint: &Endpoint) -> bool {
        !endpoint.resolutions.contains_key(&version)
            && match version {
                ApiVersion::V1 => self.v1,
                ApiVersion::Beta => {
                    self.beta || self.beta_as_new_as_v1 && endpoint.resolutions.contains_key(&ApiVersion::V1)
                }
            }
    }
}

/// Permissions under construction, found by exact name, else case-insensitively.
#[derive(Default)]
struct NameTable {
    permissions: Vec<Permission>,
    exact: HashMap<String, usize>,
    folded: HashMap<String, usize>,
}

impl NameTable {
    /// The permission with exactly this name, created if absent.
    fn get_or_insert_exact(&mut self, name: &str) -> &mut Permission {
        let index = match self.exact.get(name) {
            Some(&index) => index,
            None => self.insert(name),
        };
        &mut self.permissions[index]
    }

    /// The permission with this name, matched exactly, else case-insensitively.
    fn get_or_insert(&mut self, name: &str) -> &mut Permission {
        let index = match self.exact.get(name).or_else(|| self.folded.get(&name.to_ascii_lowercase())) {
            Some(&index) => index,
            None => self.insert(name),
        };
        &mut self.permissions[index]
    }

    fn insert(&mut self, name: &str) -> usize {
        self.permissions.push(new_permission(name));
        let index = self.permissions.len() - 1;
        self.exact.insert(name.to_string(), index);
        self.folded.entry(name.to_ascii_lowercase()).or_insert(index);
        index
    }
}

fn new_permission(name: &str) -> Permission {
    Permission {
        name: name.to_string(),
        schemes: BTreeMap::new(),
        in_permissions_file: false,
        authorization_type: None,
        grants: Vec::new(),
    }
}

/// GET, POST, PATCH, PUT, DELETE: the order people read CRUD in.
fn method_rank(method: &str) -> u8 {
    match method {
        "GET" => 0,
        "POST" => 1,
        "PATCH" => 2,
        "PUT" => 3,
        "DELETE" => 4,
        _ => 5,
    }
}

/// Adds the GUID and texts of a descriptions entry. Delegated entries apply to the
/// delegated schemes the permission declares (DelegatedWork when it declares none).
/// Merges endpoints that are one operation: the same method on spellings the schema
/// resolves to one path (a function written bare and with its parameters,
/// `getUserArchivedPrintJobs` and `getUserArchivedPrintJobs(userId={value},…)`). The
/// endpoint whose own key is the schema's path is kept (else the first); the others'
/// resolutions fill versions it lacks. Returns the endpoints and each old id's new id.
fn merge_same_operation(endpoints: Vec<Endpoint>) -> (Vec<Endpoint>, Vec<usize>) {
    let operation = |endpoint: &Endpoint| (endpoint.method.clone(), resolve::endpoint_key(&endpoint.path));
    let mut groups: HashMap<(String, String), Vec<usize>> = HashMap::default();
    for (id, endpoint) in endpoints.iter().enumerate() {
        groups.entry(operation(endpoint)).or_default().push(id);
    }
    // The kept endpoint of each old id.
    let mut keeper: Vec<usize> = (0..endpoints.len()).collect();
    for ((_, canonical), ids) in &groups {
        if ids.len() > 1 {
            let kept = ids.iter().copied().find(|&id| endpoints[id].key == *canonical).unwrap_or(ids[0]);
            for &id in ids {
                keeper[id] = kept;
            }
        }
    }
    let mut slots: Vec<Option<Endpoint>> = endpoints.into_iter().map(Some).collect();
    for id in 0..slots.len() {
        if keeper[id] != id {
            let merged = slots[id].take().expect("merged once");
            let kept = slots[keeper[id]].as_mut().expect("a kept endpoint is never merged away");
            for (version, resolution) in merged.resolutions {
                kept.resolutions.entry(version).or_insert(resolution);
            }
            for (version, method) in merged.schema_method {
                kept.schema_method.entry(version).or_insert(method);
            }
            let Endpoint { resolutions, schema_method, .. } = kept;
            schema_method.retain(|version, _| !resolutions.contains_key(version));
            if let Some(resolution) = kept.resolutions.values().next() {
                kept.path = resolution.canonical_path.clone();
            }
        }
    }
    let mut new_id = vec![usize::MAX; slots.len()];
    let mut kept = Vec::with_capacity(slots.len());
    for (id, slot) in slots.into_iter().enumerate() {
        if let Some(endpoint) = slot {
            new_id[id] = kept.len();
            kept.push(endpoint);
        }
    }
    let renumbered = keeper.iter().map(|&id| new_id[id]).collect();
    (kept, renumbered)
}

fn merge_description(permission: &mut Permission, entry: &descriptions::Entry, schemes: &[Scheme]) {
    let declared: Vec<Scheme> =
        schemes.iter().copied().filter(|scheme| permission.schemes.contains_key(scheme)).collect();
    let targets = if declared.is_empty() { vec![schemes[0]] } else { declared };
    for scheme in targets {
        let info = permission.schemes.entry(scheme).or_default();
        if let Some(id) = entry.id.as_deref().filter(|id| !id.is_empty()) {
            info.add_id_candidate(id, ValueSource::Descriptions);
            if info.id.is_none() {
                info.id = Some(id.to_string());
                info.id_source = Some(ValueSource::Descriptions);
            }
        }
        fill(&mut info.texts.admin_display_name, &entry.admin_consent_display_name);
        fill(&mut info.texts.admin_description, &entry.admin_consent_description);
        if scheme.is_delegated() {
            fill(&mut info.texts.user_display_name, &entry.consent_display_name);
            fill(&mut info.texts.user_description, &entry.consent_description);
        }
        if info.requires_admin_consent.is_none() {
            info.requires_admin_consent = entry.is_admin;
        }
        if info.is_enabled.is_none() {
            info.is_enabled = entry.is_enabled;
        }
    }
}

fn fill(slot: &mut Option<String>, value: &Option<String>) {
    if slot.as_deref().is_none_or(str::is_empty) {
        if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
            *slot = Some(value.clone());
        }
    }
}

/// Provisioning GUIDs are the newest source: they win over the descriptions file's.
/// The public environment wins over national clouds; a deployment that is not public
/// (PPE only, a national cloud only) never sets the GUID people use.
fn merge_deployments(permission: &mut Permission, deployments: &[provisioning::Deployment]) {
    let mut ordered: Vec<&provisioning::Deployment> = deployments.iter().collect();
    ordered.sort_by_key(|deployment| !deployment.is_public());
    let mut seen: Vec<Scheme> = Vec::new();
    for deployment in ordered {
        let Some(scheme) = permissions::parse_scheme_key(&deployment.scheme) else {
            continue;
        };
        if seen.contains(&scheme) {
            continue;
        }
        seen.push(scheme);
        let info: &mut SchemeInfo = permission.schemes.entry(scheme).or_default();
        if let Some(id) = deployment.id.as_ref().filter(|id| !id.is_empty())
            && deployment.is_public()
        {
            info.id = Some(id.clone());
            info.id_source = Some(ValueSource::Provisioning);
            // Provisioning comes before descriptions in precedence.
            info.id_candidates.insert(0, (id.clone(), ValueSource::Provisioning));
        }
        info.is_hidden = deployment.is_hidden.or(info.is_hidden);
        info.is_enabled = deployment.is_enabled.or(info.is_enabled);
        info.environment = deployment.environment.clone();
    }
}

/// The service principal is the first source: its GUIDs, texts and enabled state replace
/// the files'. Scopes apply to the delegated schemes the permission declares (DelegatedWork
/// when it declares none).
fn merge_service_principal(names: &mut NameTable, service_principal: &service_principal::ServicePrincipal) {
    let take = |info: &mut SchemeInfo, id: &str, is_enabled: Option<bool>| {
        info.id = Some(id.to_string());
        info.id_source = Some(ValueSource::ServicePrincipal);
        info.id_candidates.insert(0, (id.to_string(), ValueSource::ServicePrincipal));
        info.is_enabled = is_enabled.or(info.is_enabled);
        info.texts_source = Some(ValueSource::ServicePrincipal);
    };
    for role in &service_principal.app_roles {
        let Some(value) = role.value.as_deref().filter(|value| !value.is_empty()) else {
            continue;
        };
        let info = names.get_or_insert(value).schemes.entry(Scheme::Application).or_default();
        take(info, &role.id, role.is_enabled);
        replace(&mut info.texts.admin_display_name, &role.display_name);
        replace(&mut info.texts.admin_description, &role.description);
    }
    for scope in &service_principal.scopes {
        let Some(value) = scope.value.as_deref().filter(|value| !value.is_empty()) else {
            continue;
        };
        let permission = names.get_or_insert(value);
        let declared: Vec<Scheme> = [Scheme::DelegatedWork, Scheme::DelegatedPersonal]
            .into_iter()
            .filter(|scheme| permission.schemes.contains_key(scheme))
            .collect();
        let targets = if declared.is_empty() { vec![Scheme::DelegatedWork] } else { declared };
        for scheme in targets {
            let info = permission.schemes.entry(scheme).or_default();
            take(info, &scope.id, scope.is_enabled);
            replace(&mut info.texts.admin_display_name, &scope.admin_consent_display_name);
            replace(&mut info.texts.admin_description, &scope.admin_consent_description);
            replace(&mut info.texts.user_display_name, &scope.user_consent_display_name);
            replace(&mut info.texts.user_description, &scope.user_consent_description);
            if info.requires_admin_consent.is_none() {
                info.requires_admin_consent =
                    scope.kind.as_deref().map(|kind| kind.eq_ignore_ascii_case("Admin"));
            }
        }
    }
}

fn replace(slot: &mut Option<String>, value: &Option<String>) {
    if let Some(value) = value.as_ref().filter(|v| !v.is_empty()) {
        *slot = Some(value.clone());
    }
}

/// DelegatedWork and DelegatedPersonal are one OAuth2 scope, so they share its GUID:
/// Personal without a GUID takes Work's, and a Personal GUID that differs from Work's is
/// replaced when another source (the descriptions file's scope, the service principal)
/// confirms Work's GUID. A Personal GUID only provisioning gives stays, as a candidate.
fn share_delegated_guid(permission: &mut Permission) {
    let Some(work) = permission.schemes.get(&Scheme::DelegatedWork) else {
        return;
    };
    let Some(work_id) = work.id.clone() else {
        return;
    };
    let confirmed = work
        .id_candidates
        .iter()
        .filter(|(id, _)| *id == work_id)
        .any(|(_, source)| matches!(source, ValueSource::Descriptions | ValueSource::ServicePrincipal));
    let Some(personal) = permission.schemes.get_mut(&Scheme::DelegatedPersonal) else {
        return;
    };
    match personal.id.as_deref() {
        None => {
            personal.id = Some(work_id.clone());
            personal.id_source = Some(ValueSource::SharedDelegated);
            personal.add_id_candidate(&work_id, ValueSource::SharedDelegated);
        }
        Some(id) if id != work_id && confirmed => {
            personal.id = Some(work_id.clone());
            personal.id_source = Some(ValueSource::SharedDelegated);
            personal.id_candidates.insert(0, (work_id, ValueSource::SharedDelegated));
        }
        Some(_) => {}
    }
}

fn localized_table(source: descriptions::Descriptions) -> HashMap<String, LocalizedPair> {
    let mut table: HashMap<String, LocalizedPair> = HashMap::default();
    for (entries, delegated) in [(source.delegated, true), (source.application, false)] {
        for entry in entries {
            let texts = ConsentTexts {
                admin_display_name: entry.admin_consent_display_name,
                admin_description: entry.admin_consent_description,
                user_display_name: entry.consent_display_name,
                user_description: entry.consent_description,
            };
            let pair = table.entry(entry.value.to_ascii_lowercase()).or_default();
            if delegated {
                pair.delegated = Some(texts);
            } else {
                pair.application = Some(texts);
            }
        }
    }
    table
}

/// Gives every endpoint its cmdlet per version: the map's entry where it has one, else a
/// derived name.
fn attach_cmdlets(
    endpoints: &mut [Endpoint],
    endpoint_index: &HashMap<(String, String), usize>,
    cmdlet_map: Option<&[cmdlets::CommandEntry]>,
    current: CurrentSchemas,
) -> HashMap<String, Vec<(ApiVersion, usize)>> {
    for entry in cmdlet_map.unwrap_or_default() {
        let (Some(uri), Some(method)) = (&entry.uri, &entry.method) else {
            continue;
        };
        let version = match entry.api_version.as_deref().and_then(ApiVersion::parse) {
            Some(version) => version,
            None => continue,
        };
        let key = (method.to_ascii_uppercase(), resolve::endpoint_key(uri));
        if let Some(&endpoint_id) = endpoint_index.get(&key) {
            let endpoint = &mut endpoints[endpoint_id];
            endpoint.cmdlets.entry(version).or_insert_with(|| Cmdlet {
                name: entry.command.clone(),
                source: CmdletSource::Metadata,
                module: entry.module.clone(),
                version_unconfirmed: false,
            });
            if endpoint.docs.is_none() || version == ApiVersion::V1 {
                endpoint.docs = entry.api_reference_link.clone().or(endpoint.docs.take());
            }
        }
    }
    let mut index: HashMap<String, Vec<(ApiVersion, usize)>> = HashMap::default();
    for (endpoint_id, endpoint) in endpoints.iter_mut().enumerate() {
        // permissions.json does not split versions, and the shared schemas may be older
        // than it: a name is derived per version from that version's path where its schema
        // has it, else from the best-known path, marked unconfirmed. No name is derived
        // where a schema that can say so lacks the path ([`CurrentSchemas::lacks`]): a
        // made-up cmdlet is a wrong fact (Get-MgUserProfileEmail for the beta-only
        // /me/profile/emails, New-MgEmailthreatReview for /emailthreats/{id}/review, which
        // the 2026 v1.0 schema lacks), and the PowerShell sample then sends the request
        // itself.
        for version in ApiVersion::ALL {
            if endpoint.cmdlets.contains_key(&version) {
                continue;
            }
            if current.lacks(version, endpoint) {
                continue;
            }
            let own = endpoint.resolutions.get(&version);
            let (path, operation) = match own.or_else(|| endpoint.resolutions.values().next()) {
                // Adding or removing a reference is a call on `…/$ref` (`ByRef`).
                Some(resolution) if resolution.reference_call(&endpoint.method) => {
                    (format!("{}/$ref", resolution.canonical_path), None)
                }
                Some(resolution) => (resolution.canonical_path.clone(), resolution.operation.clone()),
                None => {
                    (endpoint.path.clone(), crate::cmdlet::guess_operation(&endpoint.method, &endpoint.path))
                }
            };
            let name = crate::cmdlet::derive(&endpoint.method, &path, version, operation.as_deref());
            endpoint.cmdlets.insert(
                version,
                Cmdlet {
                    name,
                    source: CmdletSource::Derived,
                    module: None,
                    version_unconfirmed: own.is_none(),
                },
            );
        }
        for (version, cmdlet) in &endpoint.cmdlets {
            let entry = index.entry(cmdlet.name.to_ascii_lowercase()).or_default();
            if !entry.contains(&(*version, endpoint_id)) {
                entry.push((*version, endpoint_id));
            }
        }
    }
    index
}
