//! The endpoint page as typed values: method + path → the permissions that grant it per
//! scheme, least privileged first, its resolution per version, samples, cmdlets and
//! Learn link. The cmdlet page shows the same grants (see [`grants_by_scheme`]).

use graphperm_core::Catalogue;
use graphperm_core::least::Engine;
use graphperm_core::lint::Findings;
use graphperm_core::model::{ApiVersion, EndpointId, Scheme, resource_specific_target};
use graphperm_core::resources::learn_resource_url;
use graphperm_core::schema::page_name;
use serde::Serialize;

use crate::badge::{Badge, level_badge, scheme_group};
use crate::links::{self, Link};
use crate::samples::{SampleSet, sample_set};
use crate::summary::endpoint_summary;

/// The methods an endpoint page looks for, in the order a path without a method tries.
pub const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointPage {
    pub method: String,
    /// The path as the page and its URL write it.
    pub path: String,
    /// The path as permissions.json writes it.
    pub raw_path: String,
    /// Learn-style title of the call ("Get user", "user: sendMail").
    pub summary: Option<String>,
    /// The method's page on Learn, or a Learn search for the summary when unknown.
    pub learn_method: Link,
    pub versions: Vec<VersionRow>,
    pub schemes: Vec<SchemeGrants>,
    pub cmdlets: Vec<CmdletLink>,
    /// The same path's other methods.
    pub other_methods: Vec<Link>,
    pub sample_sets: Vec<SampleSet>,
    /// Findings of the data checks about this endpoint, and the `/lint` link listing them.
    pub data_notes: usize,
    pub data_notes_url: String,
    /// Permissions permissions.json lists for this call only through placeholder entries
    /// (no GUID, level or texts, and no real permission they stand for): shown apart,
    /// never offered.
    pub placeholders: Vec<Link>,
    /// Permissions permissions.json lists for this call that no scheme offers: read-only
    /// ones for a write, and app-only grants of a `/me` call (the engine's reconciliation,
    /// README "Ranking"), with the reason.
    pub not_offered: Vec<Link>,
    pub not_offered_reason: Option<&'static str>,
}

/// The endpoint in one version of the schema.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionRow {
    pub version: &'static str,
    /// The version's schema has the path.
    pub found: bool,
    pub path: String,
    pub resource: Option<Link>,
    /// Learn-style summary of the call in this version.
    pub summary: Option<String>,
    pub learn: Option<String>,
}

/// The permissions granting one endpoint under one scheme, least privileged first.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemeGrants {
    /// `DelegatedWork`, `DelegatedPersonal` or `Application`.
    pub scheme: &'static str,
    pub label: &'static str,
    /// `delegated` or `application`, for the scheme filter.
    pub group: &'static str,
    pub rows: Vec<GrantRow>,
}

impl SchemeGrants {
    /// The least privileged permissions (the engine's flag, else the first of the
    /// ranking); empty when the scheme cannot make the call.
    pub fn least(&self) -> Vec<&Link> {
        let mut least: Vec<&Link> = self.rows.iter().filter(|row| row.least).map(|row| &row.link).collect();
        if least.is_empty() {
            least.extend(self.rows.first().map(|row| &row.link));
        }
        least
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantRow {
    pub link: Link,
    /// Least privileged for this method (the ranking of `graphperm least`).
    pub least: bool,
    pub level: Option<Badge>,
    /// The level the ranking uses where it is above the data's: a family member of lower
    /// access has a higher level in the data (DeviceManagementConfiguration.ReadWrite.All
    /// is 3 for Application, its Read.All 4), so this permission ranks at that level.
    pub ranked_level: Option<u8>,
    pub also_requires: Vec<Link>,
    /// `team` or `chat` for a resource-specific consent permission.
    pub resource_specific: Option<&'static str>,
}

/// A cmdlet calling the endpoint in one version.
#[derive(Debug, Clone, Serialize)]
pub struct CmdletLink {
    pub version: &'static str,
    pub link: Link,
}

/// The rows come from the least-privilege engine, so the endpoint and cmdlet pages, the
/// calculator and `graphperm least` rank alike (method-aware least flags, placeholders
/// replaced).
pub fn grants_by_scheme(engine: &Engine, endpoint_id: EndpointId) -> Vec<SchemeGrants> {
    Scheme::ALL
        .into_iter()
        .map(|scheme| {
            let rows = engine
                .rank_candidates(&[endpoint_id], scheme)
                .into_iter()
                .map(|candidate| {
                    let name = engine.permission_name(candidate.permission);
                    GrantRow {
                        link: Link::new(name, links::permission_url(name)),
                        least: candidate.least,
                        level: candidate.privilege_level.map(level_badge),
                        ranked_level: engine
                            .rank_level(candidate.permission, scheme)
                            .filter(|ranked| candidate.privilege_level.is_some_and(|level| level < *ranked)),
                        also_requires: candidate
                            .also_requires
                            .iter()
                            .map(|name| Link::new(name.clone(), links::permission_url(name)))
                            .collect(),
                        resource_specific: resource_specific_target(name),
                    }
                })
                .collect();
            SchemeGrants { scheme: scheme.as_str(), label: scheme.label(), group: scheme_group(scheme), rows }
        })
        .collect()
}

/// The endpoint `method` + `path` names: `method` defaults to GET, falling back to any
/// method the path has. `None` when the catalogue has no such endpoint.
pub fn find_endpoint(catalogue: &Catalogue, method: Option<&str>, path: &str) -> Option<EndpointId> {
    let wanted = method.unwrap_or("GET").to_ascii_uppercase();
    catalogue.endpoint(&wanted, path).or_else(|| {
        method.is_none().then(|| METHODS.into_iter().find_map(|other| catalogue.endpoint(other, path)))?
    })
}

/// The page of one endpoint; `findings` are the data checks' findings (for the count of
/// data notes).
pub fn endpoint_page(
    catalogue: &Catalogue,
    engine: &Engine,
    findings: &Findings,
    endpoint_id: EndpointId,
) -> EndpointPage {
    let endpoint = &catalogue.endpoints[endpoint_id];
    let versions = ApiVersion::ALL
        .into_iter()
        .map(|version| {
            let resolution = endpoint.resolutions.get(&version);
            let resource = resolution.and_then(|r| r.resource.clone());
            VersionRow {
                version: version.as_str(),
                found: resolution.is_some(),
                path: resolution.map_or_else(|| endpoint.raw_path.clone(), |r| r.canonical_path.clone()),
                learn: resource.as_deref().map(|resource| learn_resource_url(resource, version)),
                resource: resource
                    .map(|resource| Link::new(page_name(&resource), links::resource_url(version, &resource))),
                summary: resolution.and_then(|_| endpoint_summary(catalogue, endpoint, Some(version))),
            }
        })
        .collect();
    let other_methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .into_iter()
        .filter(|other| *other != endpoint.method)
        .filter(|other| catalogue.endpoint(other, &endpoint.path).is_some())
        .map(|other| Link::new(other, links::endpoint_url(other, &endpoint.path)))
        .collect();
    let summary = endpoint_summary(catalogue, endpoint, None);
    let learn_method = match &endpoint.docs {
        Some(url) => Link::new("Method documentation on Microsoft Learn", url.clone()),
        None => {
            let terms = summary.clone().unwrap_or_else(|| format!("{} {}", endpoint.method, endpoint.path));
            Link::new(
                "Find the method on Microsoft Learn",
                format!(
                    "https://learn.microsoft.com/search/?terms={}&category=Reference",
                    links::encode(&format!("Microsoft Graph {terms}"))
                ),
            )
        }
    };
    let mut placeholders: Vec<Link> = Vec::new();
    for (id, grant) in catalogue.endpoint_grants(endpoint) {
        let permission = &catalogue.permissions[id];
        let unlisted = grant.schemes.iter().all(|scheme| {
            permission.is_placeholder(*scheme) && catalogue.placeholder_replacement(id, *scheme).is_none()
        });
        if unlisted && !placeholders.iter().any(|link| link.label == permission.name) {
            placeholders.push(Link::new(permission.name.clone(), links::permission_url(&permission.name)));
        }
    }
    let offered: Vec<usize> = Scheme::ALL
        .into_iter()
        .flat_map(|scheme| engine.rank_candidates(&[endpoint_id], scheme))
        .flat_map(|candidate| [Some(candidate.permission), candidate.replaces].into_iter().flatten())
        .collect();
    let mut not_offered: Vec<Link> = Vec::new();
    for (id, _) in catalogue.endpoint_grants(endpoint) {
        let name = &catalogue.permissions[id].name;
        let listed = placeholders.iter().chain(&not_offered).any(|link| &link.label == name);
        if !offered.contains(&id) && !listed {
            not_offered.push(Link::new(name.clone(), links::permission_url(name)));
        }
    }
    let not_offered_reason = (!not_offered.is_empty()).then(|| {
        if endpoint.is_me() {
            "app-only access cannot call /me, and a read-only permission does not grant a write"
        } else {
            "a read-only permission does not grant a write"
        }
    });
    EndpointPage {
        method: endpoint.method.clone(),
        path: endpoint.path.clone(),
        raw_path: endpoint.raw_path.clone(),
        summary,
        learn_method,
        versions,
        schemes: grants_by_scheme(engine, endpoint_id),
        cmdlets: endpoint
            .cmdlets
            .iter()
            .map(|(version, cmdlet)| CmdletLink {
                version: version.as_str(),
                link: Link::new(cmdlet.name.clone(), links::cmdlet_url(&cmdlet.name)),
            })
            .collect(),
        other_methods,
        sample_sets: sample_set(catalogue, endpoint_id).into_iter().collect(),
        data_notes: findings.for_endpoint(endpoint_id),
        data_notes_url: format!(
            "/lint?method={}&path={}",
            links::encode(&endpoint.method),
            links::encode(&endpoint.path)
        ),
        placeholders,
        not_offered,
        not_offered_reason,
    }
}
