//! Search results: `graphperm search --format json`, `/api/v1/search?q=` (which the
//! palette reads), and the grouped search page, from one query and one set of facts.

use graphperm_core::Catalogue;
use graphperm_core::least::Engine;
use graphperm_core::search::{SearchIndex, SearchTarget};
use serde::Serialize;

use crate::badge::{Badge, least_badges, permission_badges};
use crate::summary::endpoint_summary;

#[derive(Debug, Serialize)]
pub struct SearchView {
    pub query: String,
    pub results: Vec<SearchHitView>,
}

#[derive(Debug, Clone, Serialize)]
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
    /// Learn-style summary of an endpoint or cmdlet ("Get user", "user: sendMail"), the
    /// display name of a permission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Schemes, consent, privilege level and least-privileged count of a permission; the
    /// least privileged permission per scheme of an endpoint or cmdlet; a resource
    /// type's API version.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub badges: Vec<Badge>,
    #[serde(skip)]
    target: Option<SearchTarget>,
}

/// The best `limit` hits for `query`, each with its summary and badges.
pub fn search_view(
    catalogue: &Catalogue,
    engine: &Engine,
    index: &SearchIndex,
    query: &str,
    limit: usize,
) -> SearchView {
    let mut results = search_hits(catalogue, index, query, limit);
    for hit in &mut results {
        add_facts(hit, catalogue, engine);
    }
    SearchView { query: query.to_string(), results }
}

/// The best `limit` hits for `query`, without summaries and badges (see [`add_facts`]).
/// A query of several words is searched with its words in reverse order too, and with
/// its words joined, best score kept: names put the noun first (`Mail.Send`) where people
/// type the verb first (`send mail`), and paths and cmdlets join the words (`sendMail`),
/// where a space is a character the name does not hold (typos are forgiven only in
/// permission and resource-type names).
pub fn search_hits(
    catalogue: &Catalogue,
    index: &SearchIndex,
    query: &str,
    limit: usize,
) -> Vec<SearchHitView> {
    let mut results = ranked(catalogue, index, query, limit);
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.len() > 1 {
        let reversed = words.iter().rev().copied().collect::<Vec<_>>().join(" ");
        let joined = words.concat();
        let extras = [reversed, joined].map(|variant| ranked(catalogue, index, &variant, limit));
        for extra in extras.into_iter().flatten() {
            match results.iter_mut().find(|known| known.url == extra.url) {
                Some(known) if known.score < extra.score => *known = extra,
                Some(_) => {}
                None => results.push(extra),
            }
        }
        // Stable: equal scores keep the index's order.
        results.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        results.truncate(limit);
    }
    results
}

/// Fills in a hit's summary and badges.
pub fn add_facts(hit: &mut SearchHitView, catalogue: &Catalogue, engine: &Engine) {
    match &hit.target {
        Some(SearchTarget::Permission(id)) => {
            hit.summary = hit.detail.clone();
            hit.badges = permission_badges(&catalogue.permissions[*id]);
        }
        Some(SearchTarget::Endpoint(id)) => {
            hit.summary = endpoint_summary(catalogue, &catalogue.endpoints[*id], None);
            hit.badges = least_badges(engine, *id);
        }
        Some(SearchTarget::Cmdlet(name)) => {
            if let Some(&(version, id)) = catalogue.cmdlet_endpoints(name).first() {
                let endpoint = &catalogue.endpoints[id];
                hit.summary = endpoint_summary(catalogue, endpoint, Some(version))
                    .map(|summary| format!("{summary} · {} {}", endpoint.method, endpoint.path));
                hit.badges = least_badges(engine, id);
            }
        }
        Some(SearchTarget::ResourceType(version, _)) => {
            hit.badges = vec![Badge::new(version.as_str(), "muted", "API version")];
        }
        None => {}
    }
}

fn ranked(catalogue: &Catalogue, index: &SearchIndex, query: &str, limit: usize) -> Vec<SearchHitView> {
    index
        .search(query, limit)
        .into_iter()
        .map(|hit| {
            let (url, detail) = match &hit.target {
                SearchTarget::Permission(id) => {
                    let permission = &catalogue.permissions[*id];
                    (
                        crate::links::permission_url(&permission.name),
                        permission.schemes.values().find_map(|s| s.texts.admin_display_name.clone()),
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
                summary: None,
                badges: Vec::new(),
                target: Some(hit.target),
            }
        })
        .collect()
}
