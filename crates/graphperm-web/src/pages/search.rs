//! The search results page: permissions, endpoints, cmdlets and resource types, grouped,
//! each with its badges (schemes, consent, privilege, least-privileged count) and a
//! Learn-style summary, for browsers without JavaScript and for a second look.

use askama::Template;
use graphperm_views::search::{SearchHitView, add_facts, search_hits};

use super::{Badge, Layout, thousands};
use crate::error::WebError;
use crate::state::AppState;

/// Longest query searched; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

/// Hits asked of the search index: enough that every kind gets its share even when one
/// kind fills the top ranks (a query like `mail` matches hundreds of endpoints).
const SEARCHED_HITS: usize = 400;

/// Hits shown per group.
const SHOWN_PER_GROUP: usize = 15;

/// Hits asked of the index for one kind's page (`kind=`): its group shows every hit of
/// that kind among them, at most [`SHOWN_OF_ONE_KIND`].
const SEARCHED_HITS_OF_ONE_KIND: usize = 3_000;
const SHOWN_OF_ONE_KIND: usize = 500;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    /// Every kind of result for the query (`/search?q=…`).
    all_kinds_url: String,
    groups: Vec<Group>,
}

struct Group {
    id: &'static str,
    title: &'static str,
    /// Hits of this kind among the searched ones, formatted.
    total: String,
    more: bool,
    /// This group's page: every hit of its kind (`?q=…&kind=…`).
    all_url: String,
    /// Only this group is shown, in full.
    alone: bool,
    hits: Vec<Hit>,
}

struct Hit {
    url: String,
    pieces: Vec<(String, bool)>,
    /// Learn-style summary for endpoints and cmdlets, display name for permissions.
    summary: Option<String>,
    badges: Vec<Badge>,
}

/// The results page; with `kind` (`permission`, `endpoint`, `cmdlet`, `resource`) only
/// that group, with every hit of it among the searched ones.
pub fn render_search_page(state: &AppState, query: &str, kind: Option<&str>) -> Result<String, WebError> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let only = kind.filter(|kind| ["permission", "endpoint", "cmdlet", "resource"].contains(kind));
    let searched = if only.is_some() { SEARCHED_HITS_OF_ONE_KIND } else { SEARCHED_HITS };
    let results = if query.trim().is_empty() {
        Vec::new()
    } else {
        search_hits(&state.catalogue, &state.search, &query, searched)
    };
    // The index returns the best `searched` hits: when it returned that many, more names
    // match than were counted, and each count is a lower bound ("400+").
    let capped = results.len() >= searched;
    let groups = [
        ("permission", "permissions", "Permissions"),
        ("endpoint", "endpoints", "Endpoints"),
        ("cmdlet", "cmdlets", "PowerShell cmdlets"),
        ("resource", "resources", "Resource types"),
    ]
    .into_iter()
    .filter(|(kind, _, _)| only.is_none_or(|only| only == *kind))
    .filter_map(|(kind, id, title)| {
        let of_kind: Vec<&SearchHitView> = results.iter().filter(|hit| hit.kind == kind).collect();
        let shown = if only.is_some() { SHOWN_OF_ONE_KIND } else { SHOWN_PER_GROUP };
        (!of_kind.is_empty()).then(|| Group {
            id,
            title,
            total: format!("{}{}", thousands(of_kind.len()), if capped { "+" } else { "" }),
            more: of_kind.len() > shown,
            all_url: format!("/search?q={}&kind={kind}#{id}", graphperm_views::links::encode(&query)),
            alone: only.is_some(),
            hits: of_kind.into_iter().take(shown).map(|view| hit(state, view.clone())).collect(),
        })
    })
    .collect();
    let page = SearchPage {
        layout: Layout::new(Some(state), format!("Search: {query}"), "", "search"),
        all_kinds_url: format!("/search?q={}", graphperm_views::links::encode(&query)),
        query,
        groups,
    };
    Ok(page.render()?)
}

fn hit(state: &AppState, mut view: SearchHitView) -> Hit {
    add_facts(&mut view, &state.catalogue, &state.engine);
    Hit {
        url: view.url,
        pieces: highlight(&view.label, &view.matched),
        summary: view.summary,
        badges: view.badges,
    }
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
