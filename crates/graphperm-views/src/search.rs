//! Search results as JSON: `graphperm search --format json` and `/api/v1/search?q=`.

use graphperm_core::Catalogue;
use graphperm_core::search::{SearchIndex, SearchTarget};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SearchView {
    pub query: String,
    pub results: Vec<SearchHitView>,
}

#[derive(Debug, Serialize)]
pub struct SearchHitView {
    /// `permission`, `resource`, `cmdlet` or `endpoint`.
    pub kind: &'static str,
    pub label: String,
    /// Site-relative link to the item's page.
    pub url: String,
    pub score: u32,
    /// Char positions of `label` that matched, for highlighting.
    pub matched: Vec<u32>,
    /// One line of context: privilege level, resource, or module.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

pub fn search_view(catalogue: &Catalogue, index: &SearchIndex, query: &str, limit: usize) -> SearchView {
    let results = index
        .search(query, limit)
        .into_iter()
        .map(|hit| {
            let (url, detail) = match &hit.target {
                SearchTarget::Permission(id) => {
                    let permission = &catalogue.permissions[*id];
                    (
                        crate::links::permission_url(&permission.name),
                        permission.schemes.values().find_map(|s| s.admin_display_name.clone()),
                    )
                }
                SearchTarget::Endpoint(id) => {
                    let endpoint = &catalogue.endpoints[*id];
                    (
                        crate::links::endpoint_url(&endpoint.method, &endpoint.path),
                        endpoint.resource().map(str::to_string),
                    )
                }
                SearchTarget::Cmdlet(name) => (crate::links::cmdlet_url(name), None),
                SearchTarget::ResourceType(version, name) => {
                    (crate::links::resource_url(*version, name), Some(version.as_str().to_string()))
                }
            };
            SearchHitView {
                kind: hit.kind.as_str(),
                label: hit.label,
                url,
                score: hit.score,
                matched: hit.matched,
                detail,
            }
        })
        .collect();
    SearchView { query: query.to_string(), results }
}
