//! The permission view: everything about one permission, as `graphperm show --format
//! json`, `/permission/{Name}.json` and the permission page print it.
//!
//! Public contract: `schema/permission.schema.json`. Keys may be added, never renamed.

use std::collections::BTreeMap;

use graphperm_core::Catalogue;
use graphperm_core::least::Engine;
use graphperm_core::model::{ApiVersion, ConsentTexts, Grant, Permission, PermissionId, Scheme, ValueSource};
use graphperm_core::resources::{self, Reach};
use graphperm_core::schema::TypeKind;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionView {
    pub name: String,
    pub schemes: BTreeMap<&'static str, SchemeView>,
    pub endpoints: Vec<EndpointView>,
    pub resources: Vec<ResourceView>,
    pub data_date: Option<String>,
    /// False for permissions known only from the descriptions/provisioning files.
    pub in_permissions_file: bool,
    pub has_endpoints: bool,
    pub max_privilege_level: Option<u8>,
    pub related: Vec<RelatedView>,
    /// The locale of the consent texts ("en-US" when no localized text was used).
    pub lang: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemeView {
    pub id: Option<String>,
    /// `adminDisplayName`, `adminDescription`, `userDisplayName`, `userDescription`.
    #[serde(flatten)]
    pub texts: ConsentTexts,
    pub requires_admin_consent: Option<bool>,
    pub privilege_level: Option<u8>,
    pub privilege_label: Option<&'static str>,
    pub is_hidden: Option<bool>,
    pub is_enabled: Option<bool>,
    pub environment: Option<String>,
    pub in_permissions_file: bool,
    /// Where `id` came from: `servicePrincipal`, `provisioningInfo`, `descriptions` or
    /// `sharedDelegated` (absent without a GUID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_source: Option<&'static str>,
    /// Every GUID a source gave, with the source, the chosen one first; more than one
    /// distinct `id` here means the sources disagree.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub id_candidates: Vec<IdCandidateView>,
    /// Where the display names and descriptions came from when not the files
    /// (`servicePrincipal` after `graphperm import-sp`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub texts_source: Option<&'static str>,
}

/// One GUID and the source that gives it.
#[derive(Debug, Clone, Serialize)]
pub struct IdCandidateView {
    pub id: String,
    pub source: &'static str,
}

impl IdCandidateView {
    /// Where the GUID came from, for a reader ([`ValueSource::label`]).
    pub fn source_label(&self) -> &'static str {
        ValueSource::parse(self.source).map_or(self.source, ValueSource::label)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointView {
    pub method: String,
    /// Canonical casing from the schema where resolved, else as permissions.json has it.
    pub path: String,
    /// As permissions.json writes it.
    pub raw_path: String,
    /// Versions whose schema has the path; empty when neither does.
    pub versions: Vec<&'static str>,
    /// The schemes under which the ranking offers the permission for this call
    /// ([`offers`]): what permissions.json lists, less what the call cannot take (an
    /// app-only `/me` call, a read-only permission for a write).
    pub schemes: Vec<&'static str>,
    /// The schemes under which the ranking calls it least privileged for this call.
    pub least_privilege_for: Vec<&'static str>,
    /// Schemes permissions.json lists for this call that the ranking never offers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_offered: Vec<&'static str>,
    pub also_requires: Vec<String>,
    /// Fully qualified resource type, preferring v1.0.
    pub resource: Option<String>,
    pub cmdlets: BTreeMap<&'static str, CmdletView>,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CmdletView {
    pub name: String,
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// A derived name in a version whose schema does not confirm the endpoint (JSON key
    /// `versionUnconfirmed`, present only when true).
    #[serde(rename = "versionUnconfirmed", skip_serializing_if = "std::ops::Not::not")]
    pub version_unconfirmed: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceView {
    /// Short type name, e.g. `identityApiConnector`.
    pub name: String,
    pub full_name: String,
    pub version: &'static str,
    /// `entity` or `complex`.
    pub kind: &'static str,
    /// `endpoint`, `property` or `derived`: why the permission reaches it.
    pub reach: &'static str,
    pub base_type: Option<String>,
    pub is_abstract: bool,
    pub description: Option<String>,
    pub properties: Vec<PropertyView>,
    pub relationships: Vec<RelationshipView>,
    pub derived_types: Vec<String>,
    pub json_representation: serde_json::Value,
    pub docs: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyView {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub nullable: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipView {
    pub name: String,
    #[serde(rename = "type")]
    pub type_name: String,
    pub collection: bool,
    pub contains_target: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelatedView {
    pub name: String,
    pub max_privilege_level: Option<u8>,
    /// `less`, `same` or `more` privileged than this permission, or `unknown` when either
    /// has no privilege level.
    pub relation: &'static str,
    /// What `relation` compared: the two ranked levels and the schemes they were read
    /// from; absent when `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compared: Option<Compared>,
    pub shared_endpoints: usize,
}

/// The levels a relation compares ([`RelatedView::compared`]).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Compared {
    /// The related permission's ranked level over `schemes`.
    pub level: u8,
    /// This permission's ranked level over `schemes`.
    pub own_level: u8,
    pub schemes: Vec<&'static str>,
}

/// People's words for privilege levels 1–5.
pub fn privilege_label(level: u8) -> &'static str {
    match level {
        0 | 1 => "Minimal",
        2 => "Low",
        3 => "Medium",
        4 => "High",
        _ => "Critical",
    }
}

/// Builds the view. `lang` selects localized consent texts (English fallback per text).
/// `with_resources: false` leaves `resources` and `related` empty (for whole-catalogue
/// exports, where they would repeat for every permission).
/// Under which schemes the one ranking ([`Engine::rank_candidates`]) offers `permission`
/// for the endpoint of `grant`, and whether as least privileged. A scheme permissions.json
/// lists is missing where the call cannot take the permission: app-only access to a `/me`
/// endpoint, a read-only permission for a write, a placeholder entry.
pub fn offers(engine: &Engine, permission: &Permission, grant: &Grant) -> Vec<(Scheme, bool)> {
    grant
        .schemes
        .iter()
        .filter_map(|&scheme| {
            engine
                .rank_candidates(&[grant.endpoint], scheme)
                .into_iter()
                .find(|candidate| engine.permission_name(candidate.permission) == permission.name)
                .map(|candidate| (scheme, candidate.least))
        })
        .collect()
}

pub fn permission_view(
    engine: &Engine,
    permission: &Permission,
    lang: Option<&str>,
    with_resources: bool,
) -> PermissionView {
    let catalogue = engine.catalogue();
    let mut used_locale = false;
    let schemes = permission
        .schemes
        .iter()
        .map(|(scheme, info)| {
            let localized = lang.and_then(|lang| catalogue.localized(&permission.name, *scheme, lang));
            used_locale |= localized.is_some();
            (
                scheme.as_str(),
                SchemeView {
                    id: info.id.clone(),
                    texts: localized.map_or_else(|| info.texts.clone(), |local| local.or(&info.texts)),
                    requires_admin_consent: info.requires_admin_consent,
                    privilege_level: info.privilege_level,
                    privilege_label: info.privilege_level.map(privilege_label),
                    is_hidden: info.is_hidden,
                    is_enabled: info.is_enabled,
                    environment: info.environment.clone(),
                    in_permissions_file: info.in_permissions_file,
                    id_source: info.id_source.map(|source| source.as_str()),
                    id_candidates: info
                        .id_candidates
                        .iter()
                        .map(|(id, source)| IdCandidateView { id: id.clone(), source: source.as_str() })
                        .collect(),
                    texts_source: info.texts_source.map(|source| source.as_str()),
                },
            )
        })
        .collect();
    // Endpoints are numbered in (path, method) order; grants follow file order.
    let mut grants: Vec<&graphperm_core::model::Grant> = permission.grants.iter().collect();
    grants.sort_by_key(|grant| grant.endpoint);
    let endpoints = grants
        .into_iter()
        .map(|grant| {
            let endpoint = &catalogue.endpoints[grant.endpoint];
            let offered = offers(engine, permission, grant);
            EndpointView {
                method: endpoint.method.clone(),
                path: endpoint.path.clone(),
                raw_path: endpoint.raw_path.clone(),
                versions: endpoint.resolutions.keys().map(|v| v.as_str()).collect(),
                schemes: offered.iter().map(|(scheme, _)| scheme.as_str()).collect(),
                least_privilege_for: offered
                    .iter()
                    .filter(|(_, least)| *least)
                    .map(|(scheme, _)| scheme.as_str())
                    .collect(),
                not_offered: grant
                    .schemes
                    .iter()
                    .filter(|scheme| !offered.iter().any(|(offered, _)| offered == *scheme))
                    .map(|scheme| scheme.as_str())
                    .collect(),
                also_requires: grant.also_requires.clone(),
                resource: endpoint.resource().map(str::to_string),
                cmdlets: endpoint
                    .cmdlets
                    .iter()
                    .map(|(version, cmdlet)| {
                        (
                            version.as_str(),
                            CmdletView {
                                name: cmdlet.name.clone(),
                                source: cmdlet.source.as_str(),
                                module: cmdlet.module.clone(),
                                version_unconfirmed: cmdlet.version_unconfirmed,
                            },
                        )
                    })
                    .collect(),
                docs: endpoint.docs.clone(),
            }
        })
        .collect();
    let resources = if with_resources {
        resources::permission_resources(catalogue, permission)
            .into_iter()
            .filter_map(|resource| {
                resource_view(catalogue, resource.version, &resource.type_name, resource.reach)
            })
            .collect()
    } else {
        Vec::new()
    };
    PermissionView {
        name: permission.name.clone(),
        schemes,
        endpoints,
        resources,
        data_date: catalogue.data_date_text(),
        in_permissions_file: permission.in_permissions_file,
        has_endpoints: !permission.grants.is_empty(),
        max_privilege_level: permission.max_privilege_level(),
        related: if with_resources { related(engine, permission) } else { Vec::new() },
        lang: match (used_locale, lang) {
            (true, Some(lang)) => lang.to_string(),
            _ => "en-US".to_string(),
        },
    }
}

/// The view of one resource type in one version, or `None` when the schema lacks it.
pub fn resource_view(
    catalogue: &Catalogue,
    version: ApiVersion,
    type_name: &str,
    reach: Reach,
) -> Option<ResourceView> {
    let schema = catalogue.schema(version)?;
    let ty = schema.find_type(type_name)?;
    let full_name = ty.full_name();
    let properties = schema
        .all_properties(&full_name)
        .into_iter()
        .map(|property| PropertyView {
            name: property.name.clone(),
            type_name: property.type_name.clone(),
            nullable: property.nullable,
            description: property.description.clone(),
        })
        .collect();
    let relationships = schema
        .all_navigation(&full_name)
        .into_iter()
        .map(|navigation| RelationshipView {
            name: navigation.name.clone(),
            type_name: navigation.target.clone(),
            collection: navigation.collection,
            contains_target: navigation.contains_target,
            description: navigation.description.clone(),
        })
        .collect();
    Some(ResourceView {
        name: ty.name.clone(),
        full_name: full_name.clone(),
        version: version.as_str(),
        kind: match ty.kind {
            TypeKind::Entity => "entity",
            TypeKind::Complex => "complex",
            TypeKind::Enum => "enum",
        },
        reach: match reach {
            Reach::Endpoint => "endpoint",
            Reach::Property => "property",
            Reach::Derived => "derived",
        },
        base_type: ty.base_type.clone(),
        is_abstract: ty.is_abstract,
        description: ty.description.clone(),
        properties,
        relationships,
        derived_types: schema.all_derived(&full_name),
        json_representation: resources::json_representation(schema, &full_name),
        docs: resources::learn_resource_url(&full_name, version),
    })
}

/// How `other_id` compares with `own_id`: `less`, `same` or `more` privileged, by the
/// ranking's levels (made monotone within a family, [`Engine::rank_level`], so a
/// ReadWrite is never below its Read) over the schemes where both have a level (all of
/// each when there are none); `unknown` when either has no level at all.
fn relation(
    engine: &Engine,
    other_id: PermissionId,
    own_id: PermissionId,
) -> (&'static str, Option<Compared>) {
    let schemes: Vec<Scheme> = Scheme::ALL
        .into_iter()
        .filter(|scheme| {
            engine.rank_level(other_id, *scheme).is_some() && engine.rank_level(own_id, *scheme).is_some()
        })
        .collect();
    // Levels of different schemes do not compare (Device.ReadWrite.All, application only,
    // against User.Read, delegated only): no scheme in common, no relation.
    if schemes.is_empty() {
        return ("unknown", None);
    }
    let level = |id| schemes.iter().filter_map(|scheme| engine.rank_level(id, *scheme)).max();
    match (level(other_id), level(own_id)) {
        (Some(level), Some(own)) => (
            match level.cmp(&own) {
                std::cmp::Ordering::Less => "less",
                std::cmp::Ordering::Equal => "same",
                std::cmp::Ordering::Greater => "more",
            },
            Some(Compared {
                level,
                own_level: own,
                schemes: schemes.iter().map(|scheme| scheme.as_str()).collect(),
            }),
        ),
        // A permission outside permissions.json has no level to compare.
        _ => ("unknown", None),
    }
}

/// Permissions sharing endpoints with this one, or named alike (`APIConnectors.*`),
/// most shared first, each compared with this one ([`relation`]).
pub(crate) fn related(engine: &Engine, permission: &Permission) -> Vec<RelatedView> {
    let catalogue = engine.catalogue();
    // A permission outside the catalogue (none reaches here from a page) has nothing to
    // compare with.
    let own_id = catalogue.permission_id_exact(&permission.name);
    let prefix = permission.name.split('.').next().unwrap_or_default().to_ascii_lowercase();
    let mut shared: BTreeMap<usize, usize> = BTreeMap::new();
    for grant in &permission.grants {
        for (other, _) in &catalogue.endpoints[grant.endpoint].granted_by {
            *shared.entry(*other).or_default() += 1;
        }
    }
    for (id, other) in catalogue.permissions.iter().enumerate() {
        if other.name.split('.').next().unwrap_or_default().to_ascii_lowercase() == prefix {
            shared.entry(id).or_default();
        }
    }
    let mut related: Vec<RelatedView> = shared
        .into_iter()
        .filter(|(id, _)| !catalogue.permissions[*id].name.eq_ignore_ascii_case(&permission.name))
        .map(|(id, count)| {
            let other = &catalogue.permissions[id];
            let (relation, compared) =
                own_id.map_or(("unknown", None), |own_id| relation(engine, id, own_id));
            RelatedView {
                name: other.name.clone(),
                max_privilege_level: other.max_privilege_level(),
                relation,
                compared,
                shared_endpoints: count,
            }
        })
        .collect();
    related.sort_by(|a, b| {
        b.shared_endpoints
            .cmp(&a.shared_endpoints)
            .then(a.max_privilege_level.cmp(&b.max_privilege_level))
            .then(a.name.cmp(&b.name))
    });
    related.truncate(16);
    related
}

/// The endpoints of a permission as CSV (one row per endpoint), the bytes of
/// `/permission/{Name}.csv`.
pub fn permission_csv(view: &PermissionView) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "permission",
        "method",
        "path",
        "versions",
        "schemes",
        "leastPrivilegeFor",
        "alsoRequires",
        "resource",
        "cmdletV1",
        "cmdletBeta",
        "docs",
    ]);
    for endpoint in &view.endpoints {
        let cmdlet =
            |version: &str| endpoint.cmdlets.get(version).map(|c| c.name.clone()).unwrap_or_default();
        let _ = writer.write_record([
            view.name.as_str(),
            &endpoint.method,
            &endpoint.path,
            &endpoint.versions.join(" "),
            &endpoint.schemes.join(" "),
            &endpoint.least_privilege_for.join(" "),
            &endpoint.also_requires.join(" "),
            endpoint.resource.as_deref().unwrap_or_default(),
            &cmdlet("v1.0"),
            &cmdlet("beta"),
            endpoint.docs.as_deref().unwrap_or_default(),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
