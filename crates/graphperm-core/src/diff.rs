//! What changed between two catalogues: permissions added and removed; per scheme the
//! GUID, display names, descriptions, consent and privilege level; endpoints added and
//! removed per permission; least-privilege flags; resource types and their properties
//! per API version.
//!
//! This is the change model only. Renderers (text, Markdown, JSON, Atom) live in the
//! `graphperm-sync` crate, which also pairs diffs with the snapshots of a sync cache.

use std::collections::{BTreeMap, BTreeSet};

use crate::catalogue::Catalogue;
use crate::model::{ApiVersion, Permission, Scheme, SchemeInfo};
use crate::schema::Schema;

/// Every change between an old and a new catalogue, each list sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueDiff {
    /// Data dates of the two catalogues, when known.
    pub old_date: Option<String>,
    pub new_date: Option<String>,
    pub permissions_added: Vec<PermissionSummary>,
    pub permissions_removed: Vec<PermissionSummary>,
    pub permissions_changed: Vec<PermissionChange>,
    /// One entry per API version whose schema changed or appeared/disappeared.
    pub schemas: Vec<SchemaChange>,
}

impl CatalogueDiff {
    /// True when the two catalogues say the same thing.
    pub fn is_empty(&self) -> bool {
        self.permissions_added.is_empty()
            && self.permissions_removed.is_empty()
            && self.permissions_changed.is_empty()
            && self.schemas.is_empty()
    }
}

/// A permission that appeared or disappeared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionSummary {
    pub name: String,
    /// Schemes with their GUIDs.
    pub schemes: Vec<(Scheme, Option<String>)>,
    /// Distinct endpoints (method × path) the permission grants.
    pub endpoints: usize,
}

/// How one permission present in both catalogues changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionChange {
    pub name: String,
    pub schemes: Vec<SchemeChange>,
    pub endpoints_added: Vec<EndpointRef>,
    pub endpoints_removed: Vec<EndpointRef>,
    /// Least-privilege flags that flipped on endpoints granted in both catalogues.
    pub least: Vec<LeastChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// A scheme of a permission that appeared, disappeared or changed fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeChange {
    pub scheme: Scheme,
    pub kind: ChangeKind,
    /// For `Changed`, the fields that differ; for `Added`/`Removed`, the GUID only.
    pub fields: Vec<FieldChange>,
}

/// The fields of a scheme that are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchemeField {
    Id,
    AdminDisplayName,
    AdminDescription,
    UserDisplayName,
    UserDescription,
    RequiresAdminConsent,
    PrivilegeLevel,
}

impl SchemeField {
    pub const ALL: [SchemeField; 7] = [
        SchemeField::Id,
        SchemeField::AdminDisplayName,
        SchemeField::AdminDescription,
        SchemeField::UserDisplayName,
        SchemeField::UserDescription,
        SchemeField::RequiresAdminConsent,
        SchemeField::PrivilegeLevel,
    ];

    /// The camelCase key used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            SchemeField::Id => "id",
            SchemeField::AdminDisplayName => "adminDisplayName",
            SchemeField::AdminDescription => "adminDescription",
            SchemeField::UserDisplayName => "userDisplayName",
            SchemeField::UserDescription => "userDescription",
            SchemeField::RequiresAdminConsent => "requiresAdminConsent",
            SchemeField::PrivilegeLevel => "privilegeLevel",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            SchemeField::Id => "GUID",
            SchemeField::AdminDisplayName => "admin display name",
            SchemeField::AdminDescription => "admin description",
            SchemeField::UserDisplayName => "user display name",
            SchemeField::UserDescription => "user description",
            SchemeField::RequiresAdminConsent => "requires admin consent",
            SchemeField::PrivilegeLevel => "privilege level",
        }
    }

    /// True for free prose (descriptions), which renderers may shorten.
    pub fn is_prose(self) -> bool {
        matches!(self, SchemeField::AdminDescription | SchemeField::UserDescription)
    }

    fn value(self, info: &SchemeInfo) -> Option<String> {
        match self {
            SchemeField::Id => info.id.clone(),
            SchemeField::AdminDisplayName => info.texts.admin_display_name.clone(),
            SchemeField::AdminDescription => info.texts.admin_description.clone(),
            SchemeField::UserDisplayName => info.texts.user_display_name.clone(),
            SchemeField::UserDescription => info.texts.user_description.clone(),
            SchemeField::RequiresAdminConsent => info.requires_admin_consent.map(|v| v.to_string()),
            SchemeField::PrivilegeLevel => info.privilege_level.map(|v| v.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: SchemeField,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// An endpoint as permissions.json writes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EndpointRef {
    pub method: String,
    pub path: String,
}

/// On `endpoint`, the permission became (or stopped being) least privileged for `scheme`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeastChange {
    pub endpoint: EndpointRef,
    pub scheme: Scheme,
    pub now_least: bool,
}

/// Whether a version's schema could be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaStatus {
    Compared,
    /// Only the old catalogue has this version's schema (its file went missing).
    OnlyOld,
    /// Only the new catalogue has it.
    OnlyNew,
}

impl SchemaStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaStatus::Compared => "compared",
            SchemaStatus::OnlyOld => "onlyOld",
            SchemaStatus::OnlyNew => "onlyNew",
        }
    }
}

/// Resource types and properties added or removed in one API version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaChange {
    pub version: ApiVersion,
    pub status: SchemaStatus,
    /// Fully qualified type names.
    pub types_added: Vec<String>,
    pub types_removed: Vec<String>,
    /// Properties (structural and navigation) added to or removed from types present in
    /// both schemas.
    pub properties_added: Vec<PropertyRef>,
    pub properties_removed: Vec<PropertyRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PropertyRef {
    /// Fully qualified type name.
    pub type_name: String,
    pub property: String,
    pub navigation: bool,
}

/// Compares two catalogues.
pub fn diff(old: &Catalogue, new: &Catalogue) -> CatalogueDiff {
    let old_permissions = by_name(old);
    let new_permissions = by_name(new);
    let mut diff = CatalogueDiff {
        old_date: old.data_date_text(),
        new_date: new.data_date_text(),
        ..CatalogueDiff::default()
    };
    for (key, permission) in &new_permissions {
        match old_permissions.get(key) {
            None => diff.permissions_added.push(summary(new, permission)),
            Some(before) => {
                if let Some(change) = compare_permission(old, before, new, permission) {
                    diff.permissions_changed.push(change);
                }
            }
        }
    }
    for (key, permission) in &old_permissions {
        if !new_permissions.contains_key(key) {
            diff.permissions_removed.push(summary(old, permission));
        }
    }
    for version in ApiVersion::ALL {
        if let Some(change) = compare_schemas(version, old.schema(version), new.schema(version)) {
            diff.schemas.push(change);
        }
    }
    diff
}

fn by_name(catalogue: &Catalogue) -> BTreeMap<String, &Permission> {
    catalogue
        .permissions
        .iter()
        .map(|permission| (permission.name.to_ascii_lowercase(), permission))
        .collect()
}

fn summary(catalogue: &Catalogue, permission: &Permission) -> PermissionSummary {
    PermissionSummary {
        name: permission.name.clone(),
        schemes: permission.schemes.iter().map(|(scheme, info)| (*scheme, info.id.clone())).collect(),
        endpoints: grants(catalogue, permission).len(),
    }
}

/// What a permission grants on one endpoint, merged over its pathSets.
struct GrantFacts {
    display: EndpointRef,
    least: BTreeSet<Scheme>,
}

/// The permission's endpoints keyed by (method, lookup key), so spellings match.
fn grants(catalogue: &Catalogue, permission: &Permission) -> BTreeMap<(String, String), GrantFacts> {
    let mut endpoints: BTreeMap<(String, String), GrantFacts> = BTreeMap::new();
    for grant in &permission.grants {
        let Some(endpoint) = catalogue.endpoints.get(grant.endpoint) else {
            continue;
        };
        let facts =
            endpoints.entry((endpoint.method.clone(), endpoint.key.clone())).or_insert_with(|| GrantFacts {
                display: EndpointRef { method: endpoint.method.clone(), path: endpoint.raw_path.clone() },
                least: BTreeSet::new(),
            });
        facts.least.extend(grant.least.iter().copied());
    }
    endpoints
}

fn compare_permission(
    old_catalogue: &Catalogue,
    old: &Permission,
    new_catalogue: &Catalogue,
    new: &Permission,
) -> Option<PermissionChange> {
    let mut change = PermissionChange {
        name: new.name.clone(),
        schemes: compare_schemes(old, new),
        endpoints_added: Vec::new(),
        endpoints_removed: Vec::new(),
        least: Vec::new(),
    };
    let old_grants = grants(old_catalogue, old);
    let new_grants = grants(new_catalogue, new);
    for (key, facts) in &new_grants {
        match old_grants.get(key) {
            None => change.endpoints_added.push(facts.display.clone()),
            Some(before) => {
                for scheme in Scheme::ALL {
                    let was = before.least.contains(&scheme);
                    let is = facts.least.contains(&scheme);
                    if was != is {
                        change.least.push(LeastChange {
                            endpoint: facts.display.clone(),
                            scheme,
                            now_least: is,
                        });
                    }
                }
            }
        }
    }
    for (key, facts) in &old_grants {
        if !new_grants.contains_key(key) {
            change.endpoints_removed.push(facts.display.clone());
        }
    }
    let unchanged = change.schemes.is_empty()
        && change.endpoints_added.is_empty()
        && change.endpoints_removed.is_empty()
        && change.least.is_empty();
    (!unchanged).then_some(change)
}

fn compare_schemes(old: &Permission, new: &Permission) -> Vec<SchemeChange> {
    let mut changes = Vec::new();
    for scheme in Scheme::ALL {
        let id_only =
            |info: &SchemeInfo| vec![FieldChange { field: SchemeField::Id, old: None, new: info.id.clone() }];
        match (old.scheme(scheme), new.scheme(scheme)) {
            (None, None) => {}
            (None, Some(info)) => {
                changes.push(SchemeChange { scheme, kind: ChangeKind::Added, fields: id_only(info) })
            }
            (Some(info), None) => changes.push(SchemeChange {
                scheme,
                kind: ChangeKind::Removed,
                fields: id_only(info)
                    .into_iter()
                    .map(|field| FieldChange { old: field.new, new: None, ..field })
                    .collect(),
            }),
            (Some(before), Some(after)) => {
                let fields: Vec<FieldChange> = SchemeField::ALL
                    .iter()
                    .filter_map(|field| {
                        let old = field.value(before);
                        let new = field.value(after);
                        (old != new).then_some(FieldChange { field: *field, old, new })
                    })
                    .collect();
                if !fields.is_empty() {
                    changes.push(SchemeChange { scheme, kind: ChangeKind::Changed, fields });
                }
            }
        }
    }
    changes
}

fn compare_schemas(version: ApiVersion, old: Option<&Schema>, new: Option<&Schema>) -> Option<SchemaChange> {
    let empty = |status| SchemaChange {
        version,
        status,
        types_added: Vec::new(),
        types_removed: Vec::new(),
        properties_added: Vec::new(),
        properties_removed: Vec::new(),
    };
    let (old, new) = match (old, new) {
        (None, None) => return None,
        (Some(_), None) => return Some(empty(SchemaStatus::OnlyOld)),
        (None, Some(_)) => return Some(empty(SchemaStatus::OnlyNew)),
        (Some(old), Some(new)) => (old, new),
    };
    let old_types = members_by_type(old);
    let new_types = members_by_type(new);
    let mut change = empty(SchemaStatus::Compared);
    for (key, (name, members)) in &new_types {
        match old_types.get(key) {
            None => change.types_added.push(name.clone()),
            Some((_, before)) => {
                change.properties_added.extend(members.difference(before).map(|(property, navigation)| {
                    PropertyRef {
                        type_name: name.clone(),
                        property: property.clone(),
                        navigation: *navigation,
                    }
                }));
                change.properties_removed.extend(before.difference(members).map(|(property, navigation)| {
                    PropertyRef {
                        type_name: name.clone(),
                        property: property.clone(),
                        navigation: *navigation,
                    }
                }));
            }
        }
    }
    for (key, (name, _)) in &old_types {
        if !new_types.contains_key(key) {
            change.types_removed.push(name.clone());
        }
    }
    let unchanged = change.types_added.is_empty()
        && change.types_removed.is_empty()
        && change.properties_added.is_empty()
        && change.properties_removed.is_empty();
    (!unchanged).then_some(change)
}

/// Lower-cased full type name → (full name, declared properties with a navigation flag).
type TypeMembers = BTreeMap<String, (String, BTreeSet<(String, bool)>)>;

fn members_by_type(schema: &Schema) -> TypeMembers {
    schema
        .types
        .iter()
        .map(|ty| {
            let members = ty
                .properties
                .iter()
                .map(|p| (p.name.clone(), false))
                .chain(ty.navigation.iter().map(|n| (n.name.clone(), true)))
                .collect();
            (ty.full_name().to_ascii_lowercase(), (ty.full_name(), members))
        })
        .collect()
}
