//! The resource type page as typed values: properties, relationships, derived types,
//! JSON representation, the endpoints that address the type and the permissions that
//! reach it. [`ResourceSection`] is also the permission page's main resource.

use std::collections::{BTreeMap, HashMap};

use graphperm_core::Catalogue;
use graphperm_core::model::{ApiVersion, EndpointId, Scheme};
use graphperm_core::resources::Reach;
use graphperm_core::schema::{Schema, short_name, split_collection};
use serde::Serialize;

use crate::badge::{Badge, level_badge};
use crate::links::{self, Link};
use crate::permission::{ResourceView, resource_view};
use crate::summary::endpoint_summary;

/// Endpoints by the resource type they address, per version; built once per catalogue.
#[derive(Debug, Clone, Default)]
pub struct ResourceEndpoints {
    /// Keyed by (version, lower-cased fully qualified type name).
    by_type: HashMap<(ApiVersion, String), Vec<EndpointId>>,
}

impl ResourceEndpoints {
    pub fn build(catalogue: &Catalogue) -> ResourceEndpoints {
        let mut by_type: HashMap<(ApiVersion, String), Vec<EndpointId>> = HashMap::new();
        for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
            for (version, resolution) in &endpoint.resolutions {
                if let Some(resource) = &resolution.resource {
                    by_type.entry((*version, resource.to_ascii_lowercase())).or_default().push(id);
                }
            }
        }
        ResourceEndpoints { by_type }
    }

    /// The endpoints addressing `full_name` (any case) in `version`.
    pub fn of(&self, version: ApiVersion, full_name: &str) -> &[EndpointId] {
        self.by_type.get(&(version, full_name.to_ascii_lowercase())).map_or(&[], Vec::as_slice)
    }
}

/// A type name as shown (`Collection(thumbnail)`) with a link to its page when the
/// schema knows it.
#[derive(Debug, Clone, Serialize)]
pub struct TypeRef {
    pub label: String,
    pub url: Option<String>,
}

pub fn type_ref(schema: Option<&Schema>, version: ApiVersion, type_name: &str) -> TypeRef {
    let (inner, collection) = split_collection(type_name);
    let short = if inner.starts_with("Edm.") { inner } else { short_name(inner) };
    let label = if collection { format!("Collection({short})") } else { short.to_string() };
    let url = schema
        .and_then(|schema| schema.find_type(inner))
        .map(|ty| links::resource_url(version, &ty.full_name()));
    TypeRef { label, url }
}

/// One resource type in full, as the resource page and the permission page show it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSection {
    pub name: String,
    pub anchor: String,
    pub version: &'static str,
    /// The type's own page; absent on that page.
    pub url: Option<String>,
    /// How a permission reaches the type, in words; absent on the type's own page, which
    /// is about no one permission.
    pub reach: Option<&'static str>,
    pub kind: &'static str,
    pub description: Option<String>,
    pub base_type: Option<TypeRef>,
    pub properties: Vec<PropertyRow>,
    pub relationships: Vec<PropertyRow>,
    pub derived: Vec<TypeRef>,
    /// The JSON representation, pretty-printed.
    pub json: String,
    pub docs: String,
    /// Shown unfolded.
    pub open: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PropertyRow {
    pub name: String,
    pub type_ref: TypeRef,
    pub description: Option<String>,
}

pub fn resource_section(catalogue: &Catalogue, resource: &ResourceView, open: bool) -> ResourceSection {
    let version = ApiVersion::parse(resource.version).unwrap_or(ApiVersion::V1);
    let schema = catalogue.schema(version);
    let json = serde_json::to_string_pretty(&resource.json_representation).unwrap_or_default();
    ResourceSection {
        name: resource.name.clone(),
        anchor: format!("resource-{}-{}", resource.version.replace('.', ""), resource.name),
        version: resource.version,
        url: Some(links::resource_url(version, &resource.full_name)),
        reach: Some(match resource.reach {
            "endpoint" => "addressed by its endpoints",
            "property" => "the type of a property",
            _ => "derived from a property's type",
        }),
        kind: resource.kind,
        description: resource.description.clone(),
        base_type: resource.base_type.as_deref().map(|base| type_ref(schema, version, base)),
        properties: resource
            .properties
            .iter()
            .map(|property| PropertyRow {
                name: property.name.clone(),
                type_ref: type_ref(schema, version, &property.type_name),
                description: property.description.clone(),
            })
            .collect(),
        relationships: resource
            .relationships
            .iter()
            .map(|relationship| {
                let type_name = if relationship.collection {
                    format!("Collection({})", relationship.type_name)
                } else {
                    relationship.type_name.clone()
                };
                PropertyRow {
                    name: relationship.name.clone(),
                    type_ref: type_ref(schema, version, &type_name),
                    description: relationship.description.clone(),
                }
            })
            .collect(),
        derived: resource.derived_types.iter().map(|derived| type_ref(schema, version, derived)).collect(),
        json,
        docs: resource.docs.clone(),
        open,
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourcePage {
    pub resource: ResourceSection,
    pub full_name: String,
    pub description: Option<String>,
    /// The same type in the other version.
    pub other_version: Option<Link>,
    pub endpoints: Vec<EndpointRow>,
    pub permissions: Vec<ReachRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointRow {
    pub method: String,
    pub path: String,
    pub url: String,
    pub summary: Option<String>,
}

/// A permission reaching the type through its endpoints.
#[derive(Debug, Clone, Serialize)]
pub struct ReachRow {
    pub link: Link,
    pub level: Option<Badge>,
    /// Scheme labels, comma-separated.
    pub schemes: String,
    /// Endpoints of the type where it is flagged least privileged.
    pub least: usize,
    pub endpoints: usize,
}

/// Why there is no resource page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceMiss {
    UnknownVersion,
    UnknownType(ApiVersion),
}

pub fn resource_page(
    catalogue: &Catalogue,
    index: &ResourceEndpoints,
    version: &str,
    type_name: &str,
) -> Result<ResourcePage, ResourceMiss> {
    let api_version = ApiVersion::parse(version).ok_or(ResourceMiss::UnknownVersion)?;
    let view = resource_view(catalogue, api_version, type_name, Reach::Endpoint)
        .ok_or(ResourceMiss::UnknownType(api_version))?;
    let other = match api_version {
        ApiVersion::V1 => ApiVersion::Beta,
        ApiVersion::Beta => ApiVersion::V1,
    };
    let other_version =
        catalogue.schema(other).and_then(|schema| schema.find_type(&view.full_name)).map(|ty| {
            Link::new(
                format!("{} in {}", ty.name, other.as_str()),
                links::resource_url(other, &ty.full_name()),
            )
        });
    let endpoint_ids = index.of(api_version, &view.full_name);
    let endpoints = endpoint_ids
        .iter()
        .map(|&id| {
            let endpoint = &catalogue.endpoints[id];
            let path = endpoint.path_in(api_version).to_string();
            EndpointRow {
                method: endpoint.method.clone(),
                url: links::endpoint_url(&endpoint.method, &endpoint.path),
                path,
                summary: endpoint_summary(catalogue, endpoint, Some(api_version)),
            }
        })
        .collect();
    // Permission → (schemes, endpoints where it is flagged least, endpoints reached).
    let mut reach: BTreeMap<usize, (Vec<Scheme>, usize, usize)> = BTreeMap::new();
    for &id in endpoint_ids {
        for (permission_id, grant) in catalogue.endpoint_grants(&catalogue.endpoints[id]) {
            let entry = reach.entry(permission_id).or_default();
            for scheme in &grant.schemes {
                if !entry.0.contains(scheme) {
                    entry.0.push(*scheme);
                }
            }
            entry.1 += usize::from(!grant.least.is_empty());
            entry.2 += 1;
        }
    }
    let mut permissions: Vec<ReachRow> = reach
        .into_iter()
        .map(|(id, (mut schemes, least, endpoints))| {
            let permission = &catalogue.permissions[id];
            schemes.sort();
            ReachRow {
                link: Link::new(permission.name.clone(), links::permission_url(&permission.name)),
                level: permission.max_privilege_level().map(level_badge),
                schemes: schemes.iter().map(|scheme| scheme.label()).collect::<Vec<_>>().join(", "),
                least,
                endpoints,
            }
        })
        .collect();
    permissions.sort_by(|a, b| {
        b.least
            .cmp(&a.least)
            .then(a.level.as_ref().map(|l| l.label.clone()).cmp(&b.level.as_ref().map(|l| l.label.clone())))
            .then(a.link.label.cmp(&b.link.label))
    });
    Ok(ResourcePage {
        full_name: view.full_name.clone(),
        description: view.description.clone(),
        resource: ResourceSection { url: None, reach: None, ..resource_section(catalogue, &view, true) },
        other_version,
        endpoints,
        permissions,
    })
}
