//! The link checker: every internal link (href/src) on the main pages resolves.

use std::collections::{BTreeSet, VecDeque};

use axum::http::StatusCode;
use graphperm_web::AppState;

use crate::support::{fixture, get, shared};

/// Internal URLs in `href="..."` and `src="..."` attributes, unescaped, without fragment.
fn internal_links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let Some(end) = rest.find('"') else { break };
            let value = unescape(&rest[..end]);
            rest = &rest[end..];
            if value.starts_with('/') && !value.starts_with("//") {
                let without_fragment = value.split('#').next().unwrap_or_default().to_string();
                if !without_fragment.is_empty() {
                    found.push(without_fragment);
                }
            }
        }
    }
    found
}

/// Decodes the character references askama writes (`&#38;`, `&amp;`, ...).
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            _ => entity
                .strip_prefix('#')
                .and_then(|number| number.parse::<u32>().ok())
                .and_then(char::from_u32),
        };
        match decoded {
            Some(character) => {
                out.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Visits `start` pages and the pages they link to, `depth` links deep; returns the
/// broken links as "page -> link (status)".
async fn crawl(state: &AppState, start: &[&str], depth: usize) -> (usize, Vec<String>) {
    let mut seen: BTreeSet<String> = start.iter().map(|uri| uri.to_string()).collect();
    let mut queue: VecDeque<(String, String, usize)> =
        start.iter().map(|uri| (uri.to_string(), "(start)".to_string(), 0)).collect();
    let mut broken = Vec::new();
    let mut checked = 0;
    while let Some((uri, from, level)) = queue.pop_front() {
        let reply = get(state, &uri).await;
        checked += 1;
        if reply.status != StatusCode::OK {
            broken.push(format!("{from} -> {uri} ({})", reply.status));
            continue;
        }
        let is_html = reply.header("content-type").starts_with("text/html");
        if level >= depth || !is_html {
            continue;
        }
        for link in internal_links(&reply.text()) {
            if seen.insert(link.clone()) {
                queue.push_back((link, uri.clone(), level + 1));
            }
        }
    }
    (checked, broken)
}

#[test]
fn link_extraction() {
    let html = r##"<a href="/a?x=1&#38;y=2#top">a</a> <a href="https://learn.microsoft.com/x">l</a> <script src="/static/app.js?v=1"></script> <a href="#local">l</a> <a href="//evil">e</a>"##;
    assert_eq!(internal_links(html), vec!["/a?x=1&y=2", "/static/app.js?v=1"]);
}

#[tokio::test]
async fn every_link_of_the_fixture_site_resolves() {
    let (checked, broken) = crawl(&fixture(), &["/"], 6).await;
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    assert!(checked > 30, "the crawl reached only {checked} pages");
}

#[tokio::test]
async fn every_link_of_the_main_pages_resolves_on_the_shared_data() {
    let main_pages = [
        "/",
        "/permissions",
        "/permission/APIConnectors.ReadWrite.All",
        "/permission/User.Read",
        "/resource/v1.0/identityApiConnector",
        "/endpoint?method=GET&path=/identity/apiConnectors",
        "/cmdlet/Get-MgIdentityApiConnector",
        "/least?calls=GET%20/me%0AGET%20/users%0APOST%20/groups",
        "/search?q=apiconnector",
    ];
    let (checked, broken) = crawl(&shared(), &main_pages, 1).await;
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    assert!(checked > 150, "the crawl reached only {checked} pages");
}
