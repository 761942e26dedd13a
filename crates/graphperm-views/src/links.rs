//! Site-relative links to the explorer's pages, shared by the server, the static site
//! and the JSON views, so every surface points at the same URLs.

use graphperm_core::model::ApiVersion;
use graphperm_core::schema::short_name;

/// Percent-encodes a path segment or query value (RFC 3986 unreserved kept).
pub fn encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// Decodes `%XX` escapes (invalid UTF-8 becomes U+FFFD); the inverse of [`encode`].
pub fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

pub fn permission_url(name: &str) -> String {
    format!("/permission/{}", encode(name))
}

pub fn resource_url(version: ApiVersion, type_name: &str) -> String {
    format!("/resource/{}/{}", version.as_str(), encode(short_name(type_name)))
}

pub fn endpoint_url(method: &str, path: &str) -> String {
    format!("/endpoint?method={}&path={}", encode(method), encode(path))
}

pub fn cmdlet_url(name: &str) -> String {
    format!("/cmdlet/{}", encode(name))
}
