//! The driver: states loaded once, sites built into temporary folders, and the link
//! checker that walks every written page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use graphperm_core::{Catalogue, DataDir};
use graphperm_site::{SiteOptions, SiteReport, build_site};
use graphperm_web::AppState;

pub fn fixture() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            AppState::new(
                Catalogue::load(&DataDir::new(graphperm_fixtures::fixture("mini")))
                    .expect("the fixture loads"),
            )
        })
        .clone()
}

pub fn shared() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            AppState::new(
                Catalogue::load(&DataDir::new(graphperm_fixtures::shared_data()))
                    .expect("the shared data loads"),
            )
        })
        .clone()
}

/// A site built into a temporary folder, kept as long as the value lives.
pub struct Built {
    pub _temp: tempfile::TempDir,
    pub dir: PathBuf,
    pub report: SiteReport,
}

/// Builds `state`'s site into `<temp>/<subfolder>` (a prefix folder when not empty).
pub fn build(state: &AppState, subfolder: &str, base_url: Option<&str>) -> Built {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let dir = if subfolder.is_empty() { temp.path().to_path_buf() } else { temp.path().join(subfolder) };
    let options = SiteOptions { base_url: base_url.map(str::to_string) };
    let report = build_site(state, &dir, &options).expect("the site builds");
    Built { _temp: temp, dir, report }
}

/// The shared data's site, built once for all tests that only read it.
pub fn shared_site() -> &'static Built {
    static SITE: OnceLock<Built> = OnceLock::new();
    SITE.get_or_init(|| build(&shared(), "", None))
}

/// Every file under `dir`, as site-relative paths with `/`.
pub fn files(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("under dir");
                found.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found
}

/// Every value of an `href`, `src` or `action` attribute, HTML entities decoded.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for name in [" href=\"", " src=\"", " action=\"", "\nhref=\"", "\nsrc=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(name) {
            rest = &rest[start + name.len()..];
            let end = rest.find('"').expect("a closing quote");
            found.push(rest[..end].replace("&amp;", "&").replace("&#38;", "&").replace("&#x2f;", "/"));
            rest = &rest[end..];
        }
    }
    found
}

/// Joins a link to the page it is on (both site-relative), `None` when it leaves the site.
pub fn resolve(page: &str, link: &str) -> Option<String> {
    let path = link.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if let Some(rooted) = path.strip_prefix('/') {
        parts.clear();
        return resolve_parts(parts, rooted);
    }
    resolve_parts(parts, path)
}

fn resolve_parts<'a>(mut parts: Vec<&'a str>, path: &'a str) -> Option<String> {
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Broken internal links of a site built with `base` (`None`: relative links), as
/// "page -> link". External links are skipped; links under `base` are checked.
pub fn broken_links(dir: &Path, base: Option<&str>) -> Vec<String> {
    let written = files(dir);
    let mut broken = Vec::new();
    for page in written.iter().filter(|file| file.ends_with(".html")) {
        let html = std::fs::read_to_string(dir.join(page)).expect("a readable page");
        for link in links(&html) {
            if link.is_empty() || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            let target = match base {
                Some(base) if link.starts_with(base) => resolve("", &link[base.len()..]),
                _ if link.starts_with("http://") || link.starts_with("https://") => continue,
                // 404.html is served at any address, so without a base its links are
                // root-relative; every other page must link relatively.
                None if link.starts_with('/') && page != "404.html" => None,
                _ if base.is_some() && link.starts_with('/') => None,
                _ => resolve(page, &link),
            };
            let ok = target.as_ref().is_some_and(|target| {
                written.contains(target) || written.contains(&format!("{target}/index.html"))
            });
            if !ok {
                broken.push(format!("{page} -> {link}"));
            }
        }
    }
    broken
}

/// The `<loc>` values of a sitemap.
pub fn sitemap_locations(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|part| part.split("</loc>").next().unwrap_or_default().replace("&amp;", "&"))
        .collect()
}
