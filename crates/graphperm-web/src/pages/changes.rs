//! The Changes page and its Atom feed: what each sync changed, newest first, from the
//! sync cache's snapshots (`graphperm_history::history`).

use askama::Template;
use graphperm_history::atom::{FeedInfo, atom_feed};
use graphperm_history::changes::{html, summary_line};
use graphperm_views::sources::{Source, data_sources};

use super::{Layout, human_date};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "changes.html")]
struct ChangesPage {
    layout: Layout,
    entries: Vec<Entry>,
    /// The upstream files the data comes from, shown when there is no history.
    sources: Vec<Source>,
}

struct Entry {
    anchor: String,
    date: String,
    summary: String,
    /// HTML built by `graphperm_history::changes::html`, which escapes every data text.
    fragment: String,
}

pub fn render_changes_page(state: &AppState) -> Result<String, WebError> {
    let entries: Vec<Entry> = state
        .changes
        .iter()
        .filter(|change| !change.diff.is_empty())
        .map(|change| Entry {
            anchor: change.to.name.clone(),
            date: change
                .to
                .data_date
                .as_deref()
                .or(change.to.created_at.as_deref())
                .map(human_date)
                .unwrap_or_else(|| change.to.name.clone()),
            summary: summary_line(&change.diff),
            fragment: html(&change.diff),
        })
        .collect();
    let page = ChangesPage {
        sources: if entries.is_empty() { data_sources(&state.catalogue) } else { Vec::new() },
        layout: Layout::new(
            Some(state),
            "Changes",
            "What changed in the Microsoft Graph permission data.",
            "changes",
        ),
        entries,
    };
    Ok(page.render()?)
}

/// The Atom feed; `base` is the absolute site URL without a trailing slash.
pub fn render_changes_feed(state: &AppState, base: &str) -> String {
    let feed_url = format!("{base}/changes.atom");
    let page_url = format!("{base}/changes");
    let info = FeedInfo {
        title: "graphperm: Microsoft Graph permission changes",
        feed_url: &feed_url,
        page_url: &page_url,
    };
    atom_feed(&info, &state.changes)
}
