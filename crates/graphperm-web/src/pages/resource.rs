//! The resource type page of one version: properties, relationships, derived types,
//! JSON representation, the endpoints that address it and the permissions that reach it.

use std::collections::BTreeMap;

use askama::Template;
use graphperm_core::model::{ApiVersion, Scheme};
use graphperm_core::resources::Reach;
use graphperm_views::links;
use graphperm_views::permission::resource_view;

use super::permission::{ResourceSection, resource_section};
use super::{Badge, Layout, Link, level_badge};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "resource.html")]
struct ResourcePage {
    layout: Layout,
    resource: ResourceSection,
    full_name: String,
    other_version: Option<Link>,
    endpoints: Vec<EndpointRow>,
    permissions: Vec<ReachRow>,
}

struct EndpointRow {
    method: String,
    path: String,
    url: String,
    summary: Option<String>,
}

struct ReachRow {
    link: Link,
    level: Option<Badge>,
    schemes: String,
    least: usize,
    endpoints: usize,
}

pub fn render_resource_page(state: &AppState, version: &str, type_name: &str) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    let Some(api_version) = ApiVersion::parse(version) else {
        return Err(WebError::not_found(
            "API version",
            version,
            vec![crate::error::Suggestion {
                label: format!("v1.0/{type_name}"),
                url: links::resource_url(ApiVersion::V1, type_name),
            }],
        ));
    };
    let Some(view) = resource_view(catalogue, api_version, type_name, Reach::Endpoint) else {
        return Err(WebError::not_found(
            "resource type",
            format!("{}/{type_name}", api_version.as_str()),
            graphperm_views::suggest::near_names(&state.catalogue, type_name, Some("resource")),
        ));
    };
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
    let endpoint_ids = state
        .endpoints_by_resource
        .get(&(api_version, view.full_name.to_ascii_lowercase()))
        .cloned()
        .unwrap_or_default();
    let endpoints = endpoint_ids
        .iter()
        .map(|&id| {
            let endpoint = &catalogue.endpoints[id];
            let path = endpoint
                .resolutions
                .get(&api_version)
                .map_or_else(|| endpoint.path.clone(), |r| r.canonical_path.clone());
            EndpointRow {
                method: endpoint.method.clone(),
                url: links::endpoint_url(&endpoint.method, &endpoint.path),
                path,
                summary: graphperm_views::summary::endpoint_summary(catalogue, endpoint, Some(api_version)),
            }
        })
        .collect();
    // Permission → (schemes, endpoints where it is flagged least, endpoints reached).
    let mut reach: BTreeMap<usize, (Vec<Scheme>, usize, usize)> = BTreeMap::new();
    for &id in &endpoint_ids {
        for &(permission_id, grant_index) in &catalogue.endpoints[id].granted_by {
            let grant = &catalogue.permissions[permission_id].grants[grant_index];
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
    let page = ResourcePage {
        layout: Layout::new(
            Some(state),
            format!("{} ({})", view.name, view.version),
            view.description.clone().unwrap_or_default(),
            "",
        ),
        full_name: view.full_name.clone(),
        resource: resource_section(state, &view, true),
        other_version,
        endpoints,
        permissions,
    };
    Ok(page.render()?)
}
