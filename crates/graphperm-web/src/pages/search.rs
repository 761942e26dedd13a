//! The search results page: permissions, endpoints, cmdlets and resource types, grouped,
//! each with its badges (schemes, consent, privilege, least-privileged count) and a
//! Learn-style summary, for browsers without JavaScript and for a second look.

use askama::Template;
use graphperm_core::Catalogue;
use graphperm_core::model::{Permission, Scheme};
use graphperm_views::search::{SearchHitView, search_view};
use graphperm_views::summary::endpoint_summary;

use super::endpoint::grants_by_scheme;
use super::{Badge, Layout, level_badge, scheme_badge, thousands};
use crate::error::WebError;
use crate::state::AppState;

/// Longest query searched; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

/// Hits asked of the search index: enough that every kind gets its share even when one
/// kind fills the top ranks (a query like `mail` matches hundreds of endpoints).
const SEARCHED_HITS: usize = 400;

/// Hits shown per group.
const SHOWN_PER_GROUP: usize = 15;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    groups: Vec<Group>,
}

struct Group {
    id: &'static str,
    title: &'static str,
    /// Hits of this kind among the searched ones, formatted.
    total: String,
    more: bool,
    hits: Vec<Hit>,
}

struct Hit {
    url: String,
    pieces: Vec<(String, bool)>,
    /// Learn-style summary for endpoints and cmdlets, display name for permissions.
    summary: Option<String>,
    badges: Vec<Badge>,
}

pub fn render_search_page(state: &AppState, query: &str) -> Result<String, WebError> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let results = if query.trim().is_empty() { Vec::new() } else { hits_for(state, &query) };
    let groups = [
        ("permission", "permissions", "Permissions"),
        ("endpoint", "endpoints", "Endpoints"),
        ("cmdlet", "cmdlets", "PowerShell cmdlets"),
        ("resource", "resources", "Resource types"),
    ]
    .into_iter()
    .filter_map(|(kind, id, title)| {
        let of_kind: Vec<&SearchHitView> = results.iter().filter(|hit| hit.kind == kind).collect();
        (!of_kind.is_empty()).then(|| Group {
            id,
            title,
            total: thousands(of_kind.len()),
            more: of_kind.len() > SHOWN_PER_GROUP,
            hits: of_kind.into_iter().take(SHOWN_PER_GROUP).map(|view| hit(state, view)).collect(),
        })
    })
    .collect();
    let page = SearchPage {
        layout: Layout::new(Some(state), format!("Search: {query}"), "", "search"),
        query,
        groups,
    };
    Ok(page.render()?)
}

/// The index's hits for `query`. A query of several words is searched with its words in
/// reverse order too, best score kept: names put the noun first (`Mail.Send`) where
/// people type the verb first (`send mail`).
fn hits_for(state: &AppState, query: &str) -> Vec<SearchHitView> {
    let mut results = search_view(&state.catalogue, &state.search, query, SEARCHED_HITS).results;
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.len() > 1 {
        let reversed = words.iter().rev().copied().collect::<Vec<_>>().join(" ");
        for extra in search_view(&state.catalogue, &state.search, &reversed, SEARCHED_HITS).results {
            match results.iter_mut().find(|known| known.url == extra.url) {
                Some(known) if known.score < extra.score => *known = extra,
                Some(_) => {}
                None => results.push(extra),
            }
        }
        results.sort_by_key(|hit| std::cmp::Reverse(hit.score));
    }
    results
}

fn hit(state: &AppState, view: &SearchHitView) -> Hit {
    let catalogue = &state.catalogue;
    let (summary, badges) = match view.kind {
        "permission" => catalogue
            .permission(&view.label)
            .map(|permission| (view.detail.clone(), permission_badges(permission)))
            .unwrap_or_default(),
        "endpoint" => endpoint_facts(state, &view.label),
        "cmdlet" => cmdlet_facts(state, &view.label),
        _ => (
            None,
            view.detail.iter().map(|version| Badge::new(version.clone(), "muted", "API version")).collect(),
        ),
    };
    Hit { url: view.url.clone(), pieces: highlight(&view.label, &view.matched), summary, badges }
}

/// Schemes, consent, privilege level, and on how many endpoints it is least privileged.
fn permission_badges(permission: &Permission) -> Vec<Badge> {
    let mut badges: Vec<Badge> = permission.schemes.keys().map(|scheme| scheme_badge(*scheme)).collect();
    // Application permissions always need an administrator; what varies, and what the
    // badge says, is whether a user can consent to the delegated permission.
    let delegated: Vec<Option<bool>> = permission
        .schemes
        .iter()
        .filter(|(scheme, _)| scheme.is_delegated())
        .map(|(_, info)| info.requires_admin_consent)
        .collect();
    if delegated.is_empty() || delegated.contains(&Some(true)) {
        badges.push(Badge::new("Admin consent", "admin", "An administrator must consent"));
    } else if delegated.contains(&Some(false)) {
        badges.push(Badge::new(
            "User consent",
            "user",
            "Users can consent to the delegated permission for themselves",
        ));
    }
    if let Some(level) = permission.max_privilege_level() {
        badges.push(level_badge(level));
    }
    let least = permission.grants.iter().filter(|grant| !grant.least.is_empty()).count();
    if least > 0 {
        badges.push(Badge::new(
            format!("Least privileged for {}", thousands(least)),
            "least",
            "Endpoints for which permissions.json names it the least privileged permission",
        ));
    }
    badges
}

/// An endpoint hit (`GET /me/sendMail`): its summary and the least privileged
/// permission per scheme.
fn endpoint_facts(state: &AppState, label: &str) -> (Option<String>, Vec<Badge>) {
    let Some((method, path)) = label.split_once(' ') else { return (None, Vec::new()) };
    let Some(endpoint_id) = state.catalogue.endpoint(method, path) else { return (None, Vec::new()) };
    let endpoint = &state.catalogue.endpoints[endpoint_id];
    (endpoint_summary(&state.catalogue, endpoint, None), least_badges(state, endpoint_id))
}

/// A cmdlet hit: the summary and least permissions of the endpoint it calls.
fn cmdlet_facts(state: &AppState, name: &str) -> (Option<String>, Vec<Badge>) {
    let catalogue: &Catalogue = &state.catalogue;
    let Some(&(version, endpoint_id)) = catalogue.cmdlet_endpoints(name).first() else {
        return (None, Vec::new());
    };
    let endpoint = &catalogue.endpoints[endpoint_id];
    let summary = endpoint_summary(catalogue, endpoint, Some(version))
        .map(|summary| format!("{summary} · {} {}", endpoint.method, endpoint.path));
    (summary, least_badges(state, endpoint_id))
}

/// "Delegated: Mail.Send" and "Application: Mail.Send": the first (least privileged)
/// permission of the endpoint for a signed-in user and for an app alone.
fn least_badges(state: &AppState, endpoint_id: usize) -> Vec<Badge> {
    let grants = grants_by_scheme(state, endpoint_id);
    [(Scheme::DelegatedWork, "Delegated"), (Scheme::Application, "Application")]
        .into_iter()
        .filter_map(|(scheme, short)| {
            let first = grants.iter().find(|grants| grants.label == scheme.label())?.rows.first()?;
            let badge = scheme_badge(scheme);
            Some(Badge::new(
                format!("{short}: {}", first.link.label),
                badge.class,
                format!("Least privileged permission, {}", badge.title),
            ))
        })
        .collect()
}

/// Splits `label` into runs of matched and unmatched characters.
pub fn highlight(label: &str, matched: &[u32]) -> Vec<(String, bool)> {
    let mut pieces: Vec<(String, bool)> = Vec::new();
    for (index, character) in label.chars().enumerate() {
        let is_match = u32::try_from(index).is_ok_and(|index| matched.contains(&index));
        match pieces.last_mut() {
            Some((text, flag)) if *flag == is_match => text.push(character),
            _ => pieces.push((character.to_string(), is_match)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn highlight_groups_runs() {
        let pieces = highlight("User.Read", &[0, 1, 2, 3, 5]);
        assert_eq!(
            pieces,
            vec![
                ("User".to_string(), true),
                (".".to_string(), false),
                ("R".to_string(), true),
                ("ead".to_string(), false)
            ]
        );
        assert!(highlight("", &[1]).is_empty());
    }
}
