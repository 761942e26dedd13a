//! Where each server URL lives in the static site: `/permission/User.Read` becomes
//! `permission/User.Read.html`, `/endpoint?method=GET&path=/users/{id}` becomes
//! `endpoint/GET/users/~7Bid~7D.html`, and so on.
//!
//! A static host cannot answer query strings, so every URL that carries its meaning in
//! the query (endpoint pages, the filtered and sorted index) maps to a file path. File
//! names keep the RFC 3986 unreserved characters except `~`; every other byte becomes
//! `~XX` (upper-case hex), so names never need percent-encoding and the mapping is
//! one-to-one.

use std::collections::HashMap;

use graphperm_core::model::{ApiVersion, EndpointId};
use graphperm_core::schema::page_name;
use graphperm_views::permission_page::MethodTab;
use graphperm_web::AppState;

/// Sort orders of the index the site writes (the index page's own sort links); `name`
/// is the default order.
pub const INDEX_SORTS: [&str; 4] = ["name", "-level", "level", "-endpoints"];

/// Single filters of the index the site writes, as (query key, value): the ones the
/// home page links to and every privilege level. Other combinations fall back to the
/// unfiltered index, because a static host cannot filter.
pub const INDEX_FILTERS: [(&str, &str); 11] = [
    ("scheme", "delegated"),
    ("scheme", "application"),
    ("consent", "admin"),
    ("consent", "user"),
    ("level", "1"),
    ("level", "2"),
    ("level", "3"),
    ("level", "4"),
    ("level", "5"),
    ("endpoints", "yes"),
    ("endpoints", "no"),
];

/// Longest file name segment written; longer ones are cut and get a hash, because file
/// systems limit a name to 255 bytes.
const MAX_SEGMENT: usize = 180;

/// A site-relative file path and what to keep after it (`?v=...` of an asset, the
/// permission page's `?scheme=`, a `#fragment`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl {
    pub file: String,
    pub suffix: String,
}

/// Encodes one path segment as a file name (see the module docs).
pub fn file_segment(text: &str) -> String {
    let all_dots = !text.is_empty() && text.bytes().all(|byte| byte == b'.');
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => encoded.push(byte as char),
            b'.' if !all_dots => encoded.push('.'),
            _ => encoded.push_str(&format!("~{byte:02X}")),
        }
    }
    if encoded.is_empty() {
        // An empty segment (a trailing or doubled slash).
        encoded.push('~');
    }
    if encoded.len() > MAX_SEGMENT {
        let hash = graphperm_views::links::content_hash(text.as_bytes());
        encoded.truncate(MAX_SEGMENT - 2 - hash.len());
        // Cutting may split a `~XX` escape; drop the partial escape so names stay valid.
        if let Some(position) = encoded.rfind('~').filter(|position| encoded.len() - position < 3) {
            encoded.truncate(position);
        }
        encoded.push_str(&format!("~~{hash}"));
    }
    encoded
}

pub fn permission_file(name: &str, extension: &str) -> String {
    format!("permission/{}.{extension}", file_segment(name))
}

/// The file of one view of a permission page: the default tab is `permission/X.html`,
/// another tab `permission/X/beta.html`, one path root of a long tab
/// `permission/X/v1.users.html` and its further pages `permission/X/v1.users.2.html`.
pub fn permission_page_file(name: &str, tab: MethodTab, root: Option<&str>, page: usize) -> String {
    match root {
        None if tab == MethodTab::ApiV1 => permission_file(name, "html"),
        None => format!("permission/{}/{}.html", file_segment(name), tab.id()),
        Some(root) if page > 1 => {
            format!("permission/{}/{}.{}.{page}.html", file_segment(name), tab.id(), file_segment(root))
        }
        Some(root) => format!("permission/{}/{}.{}.html", file_segment(name), tab.id(), file_segment(root)),
    }
}

pub fn resource_file(version: ApiVersion, short: &str) -> String {
    format!("resource/{}/{}.html", version.as_str(), file_segment(short))
}

pub fn endpoint_file(method: &str, path: &str) -> String {
    let segments: Vec<String> = path.strip_prefix('/').unwrap_or(path).split('/').map(file_segment).collect();
    format!("endpoint/{}/{}.html", file_segment(&method.to_ascii_uppercase()), segments.join("/"))
}

pub fn cmdlet_file(name: &str) -> String {
    format!("cmdlet/{}.html", file_segment(&name.to_ascii_lowercase()))
}

/// The file of one index page: `sort` is one of [`INDEX_SORTS`], `filter` one of
/// [`INDEX_FILTERS`].
pub fn index_file(filter: Option<(&str, &str)>, sort: &str, page: usize) -> String {
    match filter {
        None if sort == "name" && page == 1 => "permissions.html".to_string(),
        None => format!("permissions/{}/{page}.html", file_segment(sort)),
        Some((key, value)) => {
            format!(
                "permissions/{}-{}/{}/{page}.html",
                file_segment(key),
                file_segment(value),
                file_segment(sort)
            )
        }
    }
}

/// Maps server URLs to site files, resolving names the way the server does (any case,
/// any placeholder spelling) to the one file the site writes.
#[derive(Debug, Clone)]
pub struct UrlMap<'a> {
    pub state: &'a AppState,
    /// (method, path) → endpoint, for both spellings an endpoint has (`path` with the
    /// schema's casing, `raw_path` from permissions.json): the catalogue's lookup key does
    /// not always accept the schema-cased spelling (`{bundleId}` inside a function call).
    endpoints: HashMap<(&'a str, &'a str), EndpointId>,
}

impl<'a> UrlMap<'a> {
    pub fn new(state: &'a AppState) -> UrlMap<'a> {
        let mut endpoints = HashMap::new();
        for (id, endpoint) in state.catalogue.endpoints.iter().enumerate() {
            endpoints.insert((endpoint.method.as_str(), endpoint.path.as_str()), id);
            endpoints.entry((endpoint.method.as_str(), endpoint.raw_path.as_str())).or_insert(id);
        }
        UrlMap { state, endpoints }
    }

    /// The canonical page name of a type in `version` ([`page_name`]), as its page file
    /// is named.
    pub fn resource_name(&self, version: ApiVersion, type_name: &str) -> Option<String> {
        let schema = self.state.catalogue.schema(version)?;
        let found = schema.find_type(type_name)?;
        Some(page_name(&found.full_name()).to_string())
    }

    /// The endpoint an `/endpoint?method=&path=` URL shows, with the page's own fallback:
    /// no method means GET, else the first method the path has.
    pub fn endpoint(&self, method: Option<&str>, path: &str) -> Option<EndpointId> {
        let catalogue = &self.state.catalogue;
        let wanted = method.unwrap_or("GET").to_ascii_uppercase();
        if let Some(id) = self.endpoints.get(&(wanted.as_str(), path)) {
            return Some(*id);
        }
        catalogue.endpoint(&wanted, path).or_else(|| {
            method.is_none().then(|| {
                ["GET", "POST", "PATCH", "PUT", "DELETE"]
                    .into_iter()
                    .find_map(|other| catalogue.endpoint(other, path))
            })?
        })
    }

    /// The site file of a root-relative server URL (`/permission/User.Read?tab=beta#x`),
    /// or `None` when the static site has no such file (the JSON API, unknown names).
    pub fn map(&self, url: &str) -> Option<SiteUrl> {
        let (before_fragment, fragment) = match url.split_once('#') {
            Some((before, fragment)) => (before, format!("#{fragment}")),
            None => (url, String::new()),
        };
        let (path, query) = before_fragment.split_once('?').unwrap_or((before_fragment, ""));
        let pairs = query_pairs(query);
        let get = |key: &str| pairs.iter().find(|(name, _)| name == key).map(|(_, value)| value.as_str());
        let segments: Vec<String> =
            path.trim_start_matches('/').split('/').map(graphperm_views::links::decode).collect();
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let keep_query = if query.is_empty() { String::new() } else { format!("?{query}") };
        let catalogue = &self.state.catalogue;
        let file = match segments.as_slice() {
            [""] => "index.html".to_string(),
            ["search"] => "search.html".to_string(),
            ["least"] => "least.html".to_string(),
            // The data checks: the static page lists every check (no filtering).
            ["lint"] => "lint.html".to_string(),
            ["changes"] => "changes.html".to_string(),
            ["changes.atom"] => "changes.atom".to_string(),
            ["permissions.json"] => "permissions.json".to_string(),
            ["permissions.csv"] => "permissions.csv".to_string(),
            ["permissions"] => return Some(SiteUrl { file: self.index_url(&pairs), suffix: fragment }),
            ["permission" | "permissions", name] => {
                let (base, extension) = match (name.strip_suffix(".json"), name.strip_suffix(".csv")) {
                    (Some(base), _) => (base, "json"),
                    (_, Some(base)) => (base, "csv"),
                    _ => (*name, "html"),
                };
                let permission = catalogue.permission(base.trim())?;
                if extension != "html" {
                    return Some(SiteUrl {
                        file: permission_file(&permission.name, extension),
                        suffix: fragment,
                    });
                }
                let tab = get("tab").map(MethodTab::parse).unwrap_or_default();
                let root = get("root").filter(|root| !root.is_empty()).map(str::to_ascii_lowercase);
                let page = get("page").and_then(|page| page.parse().ok()).unwrap_or(1).max(1);
                let file = permission_page_file(&permission.name, tab, root.as_deref(), page);
                return Some(SiteUrl { file, suffix: format!("{keep_query}{fragment}") });
            }
            ["resource", version, type_name] => {
                let version = ApiVersion::parse(version)?;
                match self.resource_name(version, type_name) {
                    Some(name) => resource_file(version, &name),
                    // A page may name a type its version's schema lacks (a resolution
                    // borrowed from the other version); the server answers 404 with
                    // suggestions, the static site links the other version's page.
                    None => ApiVersion::ALL.into_iter().find_map(|other| {
                        Some(resource_file(other, &self.resource_name(other, type_name)?))
                    })?,
                }
            }
            ["endpoint"] => {
                let endpoint = &catalogue.endpoints[self.endpoint(get("method"), get("path")?)?];
                endpoint_file(&endpoint.method, &endpoint.path)
            }
            ["cmdlet", name] => {
                if catalogue.cmdlet_endpoints(name.trim()).is_empty() {
                    return None;
                }
                cmdlet_file(name.trim())
            }
            ["static", name] => {
                graphperm_web::asset(name)?;
                return Some(SiteUrl {
                    file: format!("static/{name}"),
                    suffix: format!("{keep_query}{fragment}"),
                });
            }
            _ => return None,
        };
        Some(SiteUrl { file, suffix: fragment })
    }

    /// The index page for a query: its sort and page, and a single known filter; any
    /// other combination (a text query, several filters) falls back to the full index.
    fn index_url(&self, pairs: &[(String, String)]) -> String {
        let mut sort = "name";
        let mut page = 1;
        let mut filters = Vec::new();
        for (key, value) in pairs {
            match key.as_str() {
                "sort" if !value.is_empty() => {
                    sort = INDEX_SORTS.iter().find(|known| **known == value).copied().unwrap_or("name");
                }
                "page" => page = value.trim().parse::<usize>().unwrap_or(1).max(1),
                _ if value.is_empty() => {}
                _ => filters.push((key.as_str(), value.as_str())),
            }
        }
        match filters.as_slice() {
            [] => index_file(None, sort, page),
            [filter] if INDEX_FILTERS.contains(filter) => index_file(Some(*filter), sort, page),
            _ => "permissions.html".to_string(),
        }
    }
}

/// `a=1&b=%2F` → [("a", "1"), ("b", "/")]; `+` is a space, as in forms.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                graphperm_views::links::decode(&key.replace('+', " ")),
                graphperm_views::links::decode(&value.replace('+', " ")),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_segment(input: &str, expected: &str) {
        assert_eq!(file_segment(input), expected);
    }

    #[test]
    fn segments_are_safe_file_names() {
        check_segment("User.Read", "User.Read");
        check_segment("{id}", "~7Bid~7D");
        check_segment("a~b c", "a~7Eb~20c");
        check_segment("..", "~2E~2E");
        check_segment("", "~");
        check_segment("microsoft.graph.delta()", "microsoft.graph.delta~28~29");
        let long = "x".repeat(400);
        let encoded = file_segment(&long);
        assert!(encoded.len() <= MAX_SEGMENT, "{}", encoded.len());
        assert_ne!(encoded, file_segment(&"x".repeat(401)));
    }

    #[test]
    fn files_by_kind() {
        assert_eq!(endpoint_file("get", "/users/{id}"), "endpoint/GET/users/~7Bid~7D.html");
        assert_eq!(endpoint_file("GET", "/"), "endpoint/GET/~.html");
        assert_eq!(cmdlet_file("Get-MgUser"), "cmdlet/get-mguser.html");
        assert_eq!(index_file(None, "name", 1), "permissions.html");
        assert_eq!(index_file(None, "-level", 2), "permissions/-level/2.html");
        assert_eq!(index_file(Some(("level", "5")), "name", 1), "permissions/level-5/name/1.html");
    }

    #[test]
    fn queries_decode() {
        assert_eq!(
            query_pairs("method=GET&path=%2Fusers%2F%7Bid%7D&x"),
            vec![
                ("method".to_string(), "GET".to_string()),
                ("path".to_string(), "/users/{id}".to_string()),
                ("x".to_string(), String::new())
            ]
        );
    }
}
