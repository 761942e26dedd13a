//! The Atom feed of a cache's change history (`/changes.atom`): one entry per sync that
//! changed something, newest first, its content the HTML rendering of the diff.

use std::fmt::Write as _;

use html_escape::encode_double_quoted_attribute as escape;

use crate::changes::{html, summary_line};
use crate::history::ChangeSet;

/// Feed-level facts the web layer knows.
#[derive(Debug, Clone)]
pub struct FeedInfo<'a> {
    pub title: &'a str,
    /// Absolute URL of the feed itself (`rel="self"`), also used as the feed id.
    pub feed_url: &'a str,
    /// Absolute URL of the Changes page; entries link to `#<snapshot name>` on it.
    pub page_url: &'a str,
}

/// Renders an Atom 1.0 document. Entries keep the order given (newest first).
pub fn atom_feed(info: &FeedInfo<'_>, changes: &[ChangeSet]) -> String {
    let updated = changes.iter().map(entry_date).max().unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="utf-8"?>"#);
    let _ = writeln!(out, r#"<feed xmlns="http://www.w3.org/2005/Atom">"#);
    let _ = writeln!(out, "  <title>{}</title>", escape(info.title));
    let _ = writeln!(out, "  <id>{}</id>", escape(info.feed_url));
    let _ =
        writeln!(out, r#"  <link rel="self" type="application/atom+xml" href="{}"/>"#, escape(info.feed_url));
    let _ = writeln!(out, r#"  <link rel="alternate" type="text/html" href="{}"/>"#, escape(info.page_url));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(out, "  <author><name>graphperm</name></author>");
    let _ = writeln!(out, r#"  <generator version="{}">graphperm</generator>"#, env!("CARGO_PKG_VERSION"));
    for change in changes.iter().filter(|change| !change.diff.is_empty()) {
        let link = format!("{}#{}", info.page_url, change.to.name);
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(
            out,
            "    <title>{}</title>",
            escape(&format!("Data of {}: {}", entry_date(change), summary_line(&change.diff)))
        );
        let _ = writeln!(out, "    <id>{}</id>", escape(&link));
        let _ = writeln!(out, r#"    <link rel="alternate" type="text/html" href="{}"/>"#, escape(&link));
        let _ = writeln!(out, "    <updated>{}</updated>", entry_date(change));
        let _ = writeln!(out, r#"    <content type="html">{}</content>"#, escape(&html(&change.diff)));
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}

/// The entry's date: the newer snapshot's data date, else its creation time.
fn entry_date(change: &ChangeSet) -> String {
    change
        .to
        .data_date
        .clone()
        .or_else(|| change.to.created_at.clone())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}
