//! Request URL normalisation: a `METHOD URL` as a person or a tool writes it becomes the
//! version, the lower-cased path segments and the alternative spellings the matcher tries.
//!
//! The same segment rules ([`normalise_segment`]) are applied to the path templates of
//! permissions.json, so both sides meet in one canonical form: function calls without
//! their empty `()`, `microsoft.graph.` casts spelled out in full, keys in parentheses
//! split into their own segment.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use crate::model::ApiVersion;

/// Longest request URL accepted, in bytes. Graph itself rejects URLs past about 8 KiB.
pub const MAX_URL_BYTES: usize = 8192;
/// Most path segments accepted in one URL.
pub const MAX_SEGMENTS: usize = 96;

/// Hosts of Microsoft Graph: the global service and the national clouds.
pub const GRAPH_HOSTS: [&str; 5] = [
    "graph.microsoft.com",
    "graph.microsoft.us",
    "dod-graph.microsoft.us",
    "microsoftgraph.chinacloudapi.cn",
    "canary.graph.microsoft.com",
];

/// The HTTP methods a Graph call can use.
pub const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// A request URL reduced to what decides its permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalisedUrl {
    /// `/v1.0` or `/beta` of the URL; v1.0 when the URL has no version prefix.
    pub version: ApiVersion,
    /// True when the URL named its version.
    pub explicit_version: bool,
    /// Canonical segments (see [`normalise_segment`]), the primary spelling.
    pub segments: Vec<String>,
    /// Other spellings of the same path, tried after `segments` in this order (alternate
    /// keys written as `users(userPrincipalName='x')` or `directoryRoles/roleTemplateId=x`).
    pub variants: Vec<Vec<String>>,
    /// True when the path starts at `/me`.
    pub is_me: bool,
}

/// Why a URL could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    Empty,
    TooLong(usize),
    TooManySegments(usize),
    NotGraphHost(String),
    UnknownScheme(String),
    UnknownVersion(String),
    NoPath,
}

impl std::fmt::Display for UrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlError::Empty => f.write_str("empty URL"),
            UrlError::TooLong(bytes) => {
                write!(f, "URL of {bytes} bytes is longer than {MAX_URL_BYTES}")
            }
            UrlError::TooManySegments(count) => {
                write!(f, "URL has {count} path segments, more than {MAX_SEGMENTS}")
            }
            UrlError::NotGraphHost(host) => write!(f, "{host} is not a Microsoft Graph host"),
            UrlError::UnknownScheme(scheme) => write!(f, "unsupported URL scheme {scheme}"),
            UrlError::UnknownVersion(version) => {
                write!(f, "unknown Graph version {version} (expected v1.0 or beta)")
            }
            UrlError::NoPath => f.write_str("URL has no path after the version"),
        }
    }
}

/// Normalises a request URL: absolute on a Graph host or relative, with or without
/// `/v1.0`/`/beta`, with query string and fragment dropped and each segment
/// percent-decoded and lower-cased.
pub fn normalise(url: &str) -> Result<NormalisedUrl, UrlError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(UrlError::Empty);
    }
    if url.len() > MAX_URL_BYTES {
        return Err(UrlError::TooLong(url.len()));
    }
    let path = strip_origin(url)?;
    let path = cut_query(path);
    let mut raw_segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if raw_segments.len() > MAX_SEGMENTS {
        return Err(UrlError::TooManySegments(raw_segments.len()));
    }
    let mut version = ApiVersion::V1;
    let mut explicit_version = false;
    if let Some(first) = raw_segments.first() {
        if let Some(parsed) = ApiVersion::parse(first) {
            version = parsed;
            explicit_version = true;
            raw_segments.remove(0);
        } else if looks_like_version(first) {
            return Err(UrlError::UnknownVersion((*first).to_string()));
        }
    }
    let mut segments = Vec::with_capacity(raw_segments.len() + 2);
    for raw in raw_segments {
        let decoded = percent_decode_str(raw).decode_utf8_lossy();
        for piece in normalise_segment(&decoded) {
            segments.push(piece);
        }
    }
    if segments.is_empty() {
        return Err(UrlError::NoPath);
    }
    let is_me = segments[0] == "me";
    let variants = variants(&segments);
    Ok(NormalisedUrl { version, explicit_version, segments, variants, is_me })
}

/// The canonical form of one path segment, shared by request URLs and templates. Most
/// segments give one piece; a key in parentheses (`users('x')`) gives two.
pub fn normalise_segment(segment: &str) -> Vec<String> {
    let mut text = segment.trim().to_lowercase();
    // permissions.json has a few typos like `{id}}`.
    while text.contains("}}") {
        text = text.replace("}}", "}");
    }
    if let Some(open) = text.find('(')
        && text.ends_with(')')
    {
        let name = strip_function_prefix(&text[..open]);
        let inner = &text[open + 1..text.len() - 1];
        let args: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
        if args.is_empty() {
            return vec![name.to_string()];
        }
        if !has_named_argument(&args) {
            // `users('id')`, `workflows({id})`: the key is its own segment, as in `users/id`.
            return vec![name.to_string(), unquote(&args).to_string()];
        }
        return vec![format!("{name}({args})")];
    }
    if let Some(rest) = text.strip_prefix("graph.")
        && is_identifier_path(rest)
    {
        return vec![format!("microsoft.graph.{rest}")];
    }
    if let Some(rest) = text.strip_prefix("default.") {
        return vec![rest.to_string()];
    }
    vec![text]
}

/// True for a segment that names an OData cast or a namespaced action
/// (`microsoft.graph.user`), not an id that happens to start the same way.
pub fn is_cast(segment: &str) -> bool {
    segment.strip_prefix("microsoft.graph.").is_some_and(is_identifier_path)
}

/// Letters, digits, `_` and dots: a (dotted) OData name.
fn is_identifier_path(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// True for `$ref`, `$count`, `$value` and other `$` system segments.
pub fn is_system(segment: &str) -> bool {
    segment.starts_with('$')
}

fn strip_function_prefix(name: &str) -> &str {
    let name = name.strip_prefix("microsoft.graph.").unwrap_or(name);
    name.strip_prefix("default.").unwrap_or(name)
}

/// True when the argument list has `name=value` at its top level (outside quotes).
fn has_named_argument(args: &str) -> bool {
    let mut quoted = false;
    for c in args.chars() {
        match c {
            '\'' => quoted = !quoted,
            '=' if !quoted => return true,
            _ => {}
        }
    }
    false
}

fn unquote(text: &str) -> &str {
    text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')).unwrap_or(text)
}

fn looks_like_version(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    lower.len() <= 6
        && lower.starts_with('v')
        && lower[1..].chars().all(|c| c.is_ascii_digit() || c == '.')
        && lower.len() > 1
}

/// Returns the path part of a URL: everything after the host for absolute URLs.
fn strip_origin(url: &str) -> Result<&str, UrlError> {
    let Some(scheme_end) = url.find("://") else {
        return Ok(url);
    };
    // A colon-slash-slash after the first slash is part of a path, not a scheme.
    if url[..scheme_end].contains('/') {
        return Ok(url);
    }
    let scheme = &url[..scheme_end];
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(UrlError::UnknownScheme(scheme.to_string()));
    }
    let rest = &url[scheme_end + 3..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    if !GRAPH_HOSTS.contains(&host.as_str()) {
        return Err(UrlError::NotGraphHost(host));
    }
    Ok(&rest[host_end..])
}

/// True when an absolute URL points at a Microsoft Graph host (relative URLs count).
pub fn is_graph_url(url: &str) -> bool {
    !matches!(strip_origin(url.trim()), Err(UrlError::NotGraphHost(_)))
}

/// Drops the query string and fragment. A `?` inside parentheses or quotes (function
/// arguments) does not start a query.
fn cut_query(path: &str) -> &str {
    let mut depth = 0usize;
    let mut quoted = false;
    for (index, c) in path.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            '?' | '#' if !quoted && depth == 0 => return &path[..index],
            _ => {}
        }
    }
    path
}

/// Alternative spellings of alternate keys. Graph accepts `users(userPrincipalName='x')`
/// for `users/x` and `directoryRoles/roleTemplateId=x` for `directoryRoles(roleTemplateId=x)`;
/// the data spells each only one way, so the matcher tries both.
fn variants(segments: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    // `name(key='value')` with a single named argument → `name`, `value`.
    let mut split_keys = Vec::with_capacity(segments.len() + 2);
    let mut changed = false;
    for segment in segments {
        match single_named_key(segment) {
            Some((name, value)) => {
                split_keys.push(name.to_string());
                split_keys.push(value.into_owned());
                changed = true;
            }
            None => split_keys.push(segment.clone()),
        }
    }
    if changed {
        out.push(split_keys);
    }
    // `parent/key=value` → `parent(key=value)`.
    let mut merged: Vec<String> = Vec::with_capacity(segments.len());
    let mut changed = false;
    for segment in segments {
        let is_key_value = !segment.contains('(')
            && segment.split_once('=').is_some_and(|(key, value)| {
                !key.is_empty() && !value.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric())
            });
        match merged.last_mut() {
            Some(previous) if is_key_value && !previous.contains('(') => {
                previous.push('(');
                previous.push_str(segment);
                previous.push(')');
                changed = true;
            }
            _ => merged.push(segment.clone()),
        }
    }
    if changed {
        out.push(merged);
    }
    out
}

fn single_named_key(segment: &str) -> Option<(&str, Cow<'_, str>)> {
    let open = segment.find('(')?;
    let inner = segment.strip_suffix(')')?.get(open + 1..)?;
    if inner.contains(',') {
        return None;
    }
    let (key, value) = inner.split_once('=')?;
    if key.is_empty() || value.is_empty() {
        return None;
    }
    Some((&segment[..open], Cow::Borrowed(unquote(value))))
}

/// Most `$expand` navigations read from one URL.
pub const MAX_EXPANDS: usize = 16;

/// The navigations of a URL's `$expand=` query option (top level only, options in
/// parentheses dropped, `*` skipped), and the URL's path without its query: `GET
/// /users/x?$expand=manager($select=id),memberOf` reads `manager` and `memberOf`, each
/// also a GET of `/users/x/manager` and `/users/x/memberOf`.
pub fn expand_navigations(url: &str) -> (String, Vec<String>) {
    let path = cut_query(url.trim()).to_string();
    let Some(query) = url.trim().get(path.len()..).and_then(|rest| rest.strip_prefix('?')) else {
        return (path, Vec::new());
    };
    let query = query.split('#').next().unwrap_or_default();
    let mut out = Vec::new();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode_str(key).decode_utf8_lossy();
        if !key.trim().eq_ignore_ascii_case("$expand") {
            continue;
        }
        let value = percent_decode_str(&value.replace('+', " ")).decode_utf8_lossy().into_owned();
        let mut depth = 0usize;
        let mut current = String::new();
        for c in value.chars().chain(std::iter::once(',')) {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    let name = current.trim().split('/').next().unwrap_or_default().to_string();
                    if !name.is_empty() && name != "*" && out.len() < MAX_EXPANDS && !out.contains(&name) {
                        out.push(name);
                    }
                    current.clear();
                }
                _ if depth == 0 => current.push(c),
                _ => {}
            }
        }
    }
    (path, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, expected: &str) {
        let normalised = normalise(url).unwrap_or_else(|error| panic!("{url}: {error}"));
        let mut got = format!("{} /{}", normalised.version, normalised.segments.join("/"));
        for variant in &normalised.variants {
            got.push_str(" | /");
            got.push_str(&variant.join("/"));
        }
        assert_eq!(got, expected, "{url}");
    }

    fn check_error(url: &str, expected: UrlError) {
        assert_eq!(normalise(url), Err(expected), "{url}");
    }

    #[test]
    fn absolute_and_relative() {
        check("https://graph.microsoft.com/v1.0/me", "v1.0 /me");
        check("https://graph.microsoft.com/beta/Users/", "beta /users");
        check("/v1.0/users?$select=id#frag", "v1.0 /users");
        check("users/ABC", "v1.0 /users/abc");
        check("https://graph.microsoft.us/beta/groups", "beta /groups");
        check("https://dod-graph.microsoft.us/v1.0/groups", "v1.0 /groups");
        check("https://microsoftgraph.chinacloudapi.cn/v1.0/groups", "v1.0 /groups");
        check("HTTPS://GRAPH.MICROSOFT.COM:443/v1.0//users", "v1.0 /users");
    }

    #[test]
    fn percent_decoding_happens_per_segment() {
        check("/users/a%2Fb%40contoso.com/messages", "v1.0 /users/a/b@contoso.com/messages");
        check("/me/drive/root:/My%20Folder/f.txt:/content", "v1.0 /me/drive/root:/my folder/f.txt:/content");
    }

    #[test]
    fn functions_keys_and_casts() {
        check("/users/delta()", "v1.0 /users/delta");
        check("/users('abc')/manager", "v1.0 /users/abc/manager");
        check(
            "/reports/getOffice365ActiveUserDetail(period='D7')",
            "v1.0 /reports/getoffice365activeuserdetail(period='d7') | /reports/getoffice365activeuserdetail/d7",
        );
        check("/groups/x/members/graph.user", "v1.0 /groups/x/members/microsoft.graph.user");
        check("/users/microsoft.graph.delta()", "v1.0 /users/delta");
        check(
            "/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')",
            "v1.0 /serviceprincipals(appid='00000003-0000-0000-c000-000000000000') | /serviceprincipals/00000003-0000-0000-c000-000000000000",
        );
        check(
            "/directoryRoles/roleTemplateId=62e90394/members",
            "v1.0 /directoryroles/roletemplateid=62e90394/members | /directoryroles(roletemplateid=62e90394)/members",
        );
        check(
            "/me/drive/items/1/workbook/worksheets/S/range(address='A1:B2')",
            "v1.0 /me/drive/items/1/workbook/worksheets/s/range(address='a1:b2') | /me/drive/items/1/workbook/worksheets/s/range/a1:b2",
        );
        check("/a/f(x = 1, y = 2)", "v1.0 /a/f(x=1,y=2)");
    }

    #[test]
    fn query_inside_function_arguments_is_kept() {
        check("/a/f(q='x?y')?$top=1", "v1.0 /a/f(q='x?y') | /a/f/x?y");
    }

    #[test]
    fn bad_urls() {
        check_error("", UrlError::Empty);
        check_error("https://example.com/v1.0/me", UrlError::NotGraphHost("example.com".into()));
        check_error("ftp://graph.microsoft.com/v1.0/me", UrlError::UnknownScheme("ftp".into()));
        check_error("/v2.0/me", UrlError::UnknownVersion("v2.0".into()));
        check_error("https://graph.microsoft.com/v1.0/", UrlError::NoPath);
        check_error(&"/a".repeat(200), UrlError::TooManySegments(200));
        check_error(&"a".repeat(9000), UrlError::TooLong(9000));
    }

    #[test]
    fn template_typos_are_repaired() {
        assert_eq!(normalise_segment("{id}}"), vec!["{id}".to_string()]);
        assert_eq!(
            normalise_segment("Default.findByKbNumber(kbNumber={kbNumber})"),
            vec!["findbykbnumber(kbnumber={kbnumber})".to_string()]
        );
        assert_eq!(
            normalise_segment("cloudCertificationAuthority({id})"),
            vec!["cloudcertificationauthority".to_string(), "{id}".to_string()]
        );
    }

    #[test]
    fn expand_navigations_are_read() {
        assert_eq!(
            expand_navigations("/users/x?$select=id&$expand=manager($select=id,displayName),memberOf"),
            ("/users/x".to_string(), vec!["manager".to_string(), "memberOf".to_string()])
        );
        assert_eq!(expand_navigations("/users/x?%24expand=*").1, Vec::<String>::new());
        assert_eq!(expand_navigations("/users/x").1, Vec::<String>::new());
    }
}
