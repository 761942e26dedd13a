//! The endpoint page: method + path → the permissions that grant it per scheme, least
//! privileged first, with its resolution per version, cmdlets and Learn link.

use askama::Template;
use graphperm_core::model::{ApiVersion, EndpointId, Scheme, resource_specific_target};
use graphperm_core::resources::learn_resource_url;
use graphperm_views::links;
use graphperm_views::summary::endpoint_summary;

use super::{Badge, Layout, Link, level_badge};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "endpoint.html")]
struct EndpointPage {
    layout: Layout,
    method: String,
    path: String,
    raw_path: String,
    /// Learn-style title of the call ("Get user", "user: sendMail").
    summary: Option<String>,
    /// The method's page on Learn, or a Learn search for the summary when unknown.
    learn_method: Link,
    versions: Vec<VersionRow>,
    schemes: Vec<SchemeGrants>,
    cmdlets: Vec<(String, Link)>,
    other_methods: Vec<Link>,
    sample_sets: Vec<super::samples::SampleSet>,
    /// Findings of the data checks about this endpoint, and the `/lint` link listing them.
    data_notes: usize,
    data_notes_url: String,
    /// Permissions permissions.json lists for this call only through placeholder entries
    /// (no GUID, level or texts, and no real permission they stand for): shown apart,
    /// never offered.
    placeholders: Vec<Link>,
}

struct VersionRow {
    version: &'static str,
    found: bool,
    path: String,
    resource: Option<Link>,
    /// Learn-style summary of the call in this version.
    summary: Option<String>,
    learn: Option<String>,
}

/// The permissions granting one endpoint under one scheme, least privileged first.
pub(crate) struct SchemeGrants {
    pub(crate) label: &'static str,
    pub(crate) group: &'static str,
    pub(crate) rows: Vec<GrantRow>,
}

pub(crate) struct GrantRow {
    pub(crate) link: Link,
    /// Least privileged for this method (the ranking of `graphperm least`).
    pub(crate) least: bool,
    pub(crate) level: Option<Badge>,
    pub(crate) also_requires: Vec<Link>,
    /// `team` or `chat` for a resource-specific consent permission.
    pub(crate) resource_specific: Option<&'static str>,
}

/// The rows come from the least-privilege engine, so the page, the calculator and
/// `graphperm least` rank alike (method-aware least flags, placeholders replaced).
pub(crate) fn grants_by_scheme(state: &AppState, endpoint_id: EndpointId) -> Vec<SchemeGrants> {
    let engine = &state.engine;
    Scheme::ALL
        .into_iter()
        .map(|scheme| {
            let rows = engine
                .rank_candidates(&[endpoint_id], scheme)
                .into_iter()
                .map(|candidate| {
                    let name = engine.permission_name(candidate.permission);
                    GrantRow {
                        link: Link::new(name.to_string(), links::permission_url(name)),
                        least: candidate.least,
                        level: candidate.privilege_level.map(level_badge),
                        also_requires: candidate
                            .also_requires
                            .iter()
                            .map(|name| Link::new(name.clone(), links::permission_url(name)))
                            .collect(),
                        resource_specific: resource_specific_target(name),
                    }
                })
                .collect();
            SchemeGrants { label: scheme.label(), group: super::scheme_group(scheme), rows }
        })
        .collect()
}

/// `method` defaults to GET, falling back to any method the path has.
pub fn render_endpoint_page(state: &AppState, method: Option<&str>, path: &str) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    let path: String = path.chars().take(2048).collect();
    let wanted = method.unwrap_or("GET").to_ascii_uppercase();
    let found = catalogue.endpoint(&wanted, &path).or_else(|| {
        method.is_none().then(|| {
            ["GET", "POST", "PATCH", "PUT", "DELETE"]
                .into_iter()
                .find_map(|other| catalogue.endpoint(other, &path))
        })?
    });
    let Some(endpoint_id) = found else {
        let label = format!("{wanted} {path}");
        return Err(WebError::not_found(
            "endpoint",
            label,
            graphperm_views::suggest::near_names(&state.catalogue, &path, Some("endpoint")),
        ));
    };
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
                resource: resource.map(|resource| {
                    Link::new(
                        graphperm_core::schema::short_name(&resource).to_string(),
                        links::resource_url(version, &resource),
                    )
                }),
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
                    super::query_value(&format!("Microsoft Graph {terms}"))
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
    let page = EndpointPage {
        placeholders,
        layout: Layout::new(
            Some(state),
            format!("{} {}", endpoint.method, endpoint.path),
            summary.clone().unwrap_or_default(),
            "",
        ),
        method: endpoint.method.clone(),
        path: endpoint.path.clone(),
        raw_path: endpoint.raw_path.clone(),
        summary,
        learn_method,
        versions,
        schemes: grants_by_scheme(state, endpoint_id),
        cmdlets: endpoint
            .cmdlets
            .iter()
            .map(|(version, cmdlet)| {
                (
                    version.as_str().to_string(),
                    Link::new(cmdlet.name.clone(), links::cmdlet_url(&cmdlet.name)),
                )
            })
            .collect(),
        other_methods,
        sample_sets: super::samples::sample_set(state, endpoint_id).into_iter().collect(),
        data_notes: super::lint::findings(state).for_endpoint(endpoint_id),
        data_notes_url: format!(
            "/lint?q={}",
            links::encode(&format!("{} {} (", endpoint.method, endpoint.raw_path))
        ),
    };
    Ok(page.render()?)
}
