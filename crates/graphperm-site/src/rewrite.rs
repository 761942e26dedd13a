//! Turns a page rendered for the server into a page of the static site: root-relative
//! links (`href="/permission/User.Read"`) become links to the written files, relative to
//! the page (`../permission/User.Read.html`) or under `--base-url`.
//!
//! Post-processing the HTML instead of giving the templates a base path keeps the web
//! layer unaware of the static site: one renderer, two outputs.

use html_escape::{decode_html_entities, encode_double_quoted_attribute};

use crate::urls::UrlMap;

/// Attributes that hold a URL to rewrite. `data-copy` (text to copy, often a path) and
/// `data-page-url` (read by app.js as a path on this origin; `site.js` sets it) are not.
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "action", "data-copy-url"];

/// The nav's API link, left out of static pages.
const API_NAV_LINK: &str = "<a href=\"/api/openapi.json\">API</a>";

/// How links to other files of the site are written.
#[derive(Debug, Clone)]
pub enum LinkBase {
    /// Relative to the page, so the site works under any base path.
    Relative,
    /// Absolute: the given prefix (`https://example.org/graphperm/` or `/graphperm/`,
    /// always ending in `/`) and the file path.
    Prefix(String),
}

impl LinkBase {
    /// The prefix that reaches the site's root from `page` (a site-relative file path).
    pub fn root_from(&self, page: &str) -> String {
        match self {
            LinkBase::Relative => "../".repeat(page.matches('/').count()),
            LinkBase::Prefix(prefix) => prefix.clone(),
        }
    }
}

/// The rewritten page and the root-relative URLs that have no file in the site.
#[derive(Debug)]
pub struct Rewritten {
    pub html: String,
    pub unresolved: Vec<String>,
}

/// Rewrites every URL attribute of `html`, written to `page`, and injects `site.js`.
pub fn rewrite_page(html: &str, page: &str, map: &UrlMap<'_>, base: &LinkBase, site_js: &str) -> Rewritten {
    let root = base.root_from(page);
    // The nav's link to the JSON API: a static host has no API.
    let html = html.replacen(API_NAV_LINK, "", 1);
    let html = html.as_str();
    let mut output = String::with_capacity(html.len() + html.len() / 8);
    let mut unresolved = Vec::new();
    let mut rest = html;
    while let Some((start, name_len)) = next_attribute(rest) {
        let value_start = start + name_len + 2;
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        output.push_str(&rest[..value_start]);
        let raw = &rest[value_start..value_start + value_len];
        let value = decode_html_entities(raw);
        if value.starts_with('/') && !value.starts_with("//") {
            match map.map(&value) {
                Some(site_url) => {
                    output.push_str(&encode_double_quoted_attribute(&format!(
                        "{root}{}{}",
                        site_url.file, site_url.suffix
                    )));
                }
                None => {
                    unresolved.push(value.into_owned());
                    output.push_str(raw);
                }
            }
        } else {
            output.push_str(raw);
        }
        rest = &rest[value_start + value_len..];
    }
    output.push_str(rest);
    // site.js goes before the other scripts: both are deferred, so it runs first.
    let tag = format!("<script src=\"{root}{site_js}\" defer></script>\n");
    if let Some(position) = output.find("<script") {
        output.insert_str(position, &tag);
    }
    Rewritten { html: output, unresolved }
}

/// The next ` name="` of a URL attribute: (offset of the name, length of the name).
/// One forward scan over `="`, so a page costs time linear in its length.
fn next_attribute(html: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = html[from..].find("=\"") {
        let equals = from + found;
        for name in URL_ATTRIBUTES {
            if html[..equals].ends_with(name) {
                let position = equals - name.len();
                let before = html[..position].chars().next_back();
                if matches!(before, Some(' ' | '\n' | '\t')) {
                    return Some((position, name.len()));
                }
            }
        }
        from = equals + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_found_in_order() {
        let html = r#"<a class="x" href="/a"><img src="/b"><p data-copy="/users">"#;
        assert_eq!(next_attribute(html), Some((13, 4)));
        assert_eq!(
            next_attribute(&html[20..]).map(|(position, _)| &html[20 + position..20 + position + 3]),
            Some("src")
        );
        assert_eq!(next_attribute(r#"<p data-copy="/users" xhref="/x">"#), None);
    }

    #[test]
    fn relative_roots_follow_depth() {
        assert_eq!(LinkBase::Relative.root_from("index.html"), "");
        assert_eq!(LinkBase::Relative.root_from("endpoint/GET/users/x.html"), "../../../");
        assert_eq!(LinkBase::Prefix("/docs/".into()).root_from("a/b.html"), "/docs/");
    }

    #[test]
    fn escapes_round_trip() {
        assert_eq!(
            decode_html_entities("/endpoint?method=GET&amp;path=%2Fme"),
            "/endpoint?method=GET&path=%2Fme"
        );
        assert_eq!(
            decode_html_entities("/endpoint?method=GET&#38;path=%2Fme"),
            "/endpoint?method=GET&path=%2Fme"
        );
        assert_eq!(encode_double_quoted_attribute("a.html?x=1&y=2"), "a.html?x=1&amp;y=2");
    }
}
