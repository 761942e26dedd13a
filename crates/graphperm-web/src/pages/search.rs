//! The search results page: what the palette shows, for browsers without JavaScript.

use askama::Template;
use graphperm_views::search::{SearchHitView, search_view};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

/// Longest query searched; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 200;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    query: String,
    groups: Vec<Group>,
}

struct Group {
    title: &'static str,
    hits: Vec<Hit>,
}

struct Hit {
    url: String,
    pieces: Vec<(String, bool)>,
    detail: Option<String>,
}

pub fn render_search_page(state: &AppState, query: &str) -> Result<String, WebError> {
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let results = if query.trim().is_empty() {
        Vec::new()
    } else {
        search_view(&state.catalogue, &state.search, &query, 60).results
    };
    let groups = [
        ("permission", "Permissions"),
        ("endpoint", "Endpoints"),
        ("cmdlet", "Cmdlets"),
        ("resource", "Resource types"),
    ]
    .into_iter()
    .map(|(kind, title)| Group {
        title,
        hits: results.iter().filter(|hit| hit.kind == kind).map(hit).collect(),
    })
    .filter(|group| !group.hits.is_empty())
    .collect();
    let page =
        SearchPage { layout: Layout::new(Some(state), format!("Search: {query}"), "", ""), query, groups };
    Ok(page.render()?)
}

fn hit(view: &SearchHitView) -> Hit {
    Hit { url: view.url.clone(), pieces: highlight(&view.label, &view.matched), detail: view.detail.clone() }
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
