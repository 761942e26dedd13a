//! Site-relative links to the explorer's pages, shared by the server, the static site
//! and the JSON views, so every surface points at the same URLs.

use graphperm_core::model::ApiVersion;
use graphperm_core::schema::page_name;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// A link with its text, as every page shows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Link {
    pub fn new(label: impl Into<String>, url: impl Into<String>) -> Link {
        Link { label: label.into(), url: url.into() }
    }
}

/// What a path segment or query value keeps: the unreserved characters of RFC 3986.
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes a path segment or query value (RFC 3986 unreserved kept).
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// A short, stable hash of some content for asset URLs (`app.css?v=…`) and file names:
/// 16 hex digits of XXH3-64, the same across builds and platforms (unlike `DefaultHasher`).
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Decodes `%XX` escapes (invalid UTF-8 becomes U+FFFD); the inverse of [`encode`].
pub fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The version a link without one points at.
pub const DEFAULT_VERSION: ApiVersion = ApiVersion::V1;

pub fn permission_url(name: &str) -> String {
    format!("/permission/{}", encode(name))
}

pub fn resource_url(version: ApiVersion, type_name: &str) -> String {
    format!("/resource/{}/{}", version.as_str(), encode(page_name(type_name)))
}

pub fn endpoint_url(method: &str, path: &str) -> String {
    format!("/endpoint?method={}&path={}", encode(method), encode(path))
}

pub fn cmdlet_url(name: &str) -> String {
    format!("/cmdlet/{}", encode(name))
}
