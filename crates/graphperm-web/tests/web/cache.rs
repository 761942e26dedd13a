//! The page cache: rendered once, served as bytes with an ETag, precompressed variants
//! that decompress to the same bytes, 304 on a matching If-None-Match, one entry per
//! consent-text language.

use std::io::Read;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::{Reply, fixture, send};

async fn get_with(uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    send(&fixture(), request.body(Body::empty()).unwrap()).await
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("valid brotli");
    out
}

const SECURITY_HEADERS: [&str; 5] = [
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "cross-origin-opener-policy",
];

#[tokio::test]
async fn pages_and_exports_carry_an_etag_and_answer_304() {
    for uri in [
        "/permission/Widget.Read.All",
        "/permissions.json",
        "/permissions.csv",
        "/api/v1/permission/Widget.Read.All",
    ] {
        let first = get_with(uri, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        let etag = first.header("etag").to_string();
        assert!(etag.starts_with('"') && etag.len() > 8, "{uri}: {etag:?}");
        let second = get_with(uri, &[]).await;
        assert_eq!(second.body, first.body, "{uri}: the same bytes");
        assert_eq!(second.header("etag"), etag);
        // A hit answers from headers the cache made once: every security header is there.
        let compressed_hit = get_with(uri, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        for reply in [&second, &compressed_hit] {
            for name in SECURITY_HEADERS {
                assert!(!reply.header(name).is_empty(), "{uri}: {name} on a cache hit");
            }
        }
        let not_modified = get_with(uri, &[(header::IF_NONE_MATCH, &etag)]).await;
        assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(not_modified.body.is_empty());
        assert!(not_modified.header("content-security-policy").contains("default-src"), "{uri}");
        let changed = get_with(uri, &[(header::IF_NONE_MATCH, "\"something-else\"")]).await;
        assert_eq!(changed.status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn compressed_variants_decompress_to_the_identity_bytes() {
    for uri in ["/permission/Widget.ReadWrite.All", "/permissions.json", "/", "/api/v1/search?q=widget"] {
        let identity = get_with(uri, &[]).await;
        assert_eq!(identity.header("content-encoding"), "", "{uri}");
        let gzip = get_with(uri, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        assert_eq!(gzip.header("content-encoding"), "gzip", "{uri}");
        assert_eq!(gunzip(&gzip.body), identity.body, "{uri}");
        let brotli = get_with(uri, &[(header::ACCEPT_ENCODING, "gzip, deflate, br")]).await;
        assert_eq!(brotli.header("content-encoding"), "br", "{uri}");
        assert_eq!(unbrotli(&brotli.body), identity.body, "{uri}");
        assert_ne!(gzip.header("etag"), brotli.header("etag"), "{uri}: one ETag per representation");
        assert!(brotli.header("vary").contains("accept-encoding"), "{uri}");
    }
}

#[tokio::test]
async fn the_consent_language_is_part_of_the_key() {
    let uri = "/permission/Widget.Read.All";
    let english = get_with(uri, &[(header::ACCEPT_LANGUAGE, "en-US")]).await;
    let german = get_with(uri, &[(header::ACCEPT_LANGUAGE, "de-DE")]).await;
    let german_by_query = get_with(&format!("{uri}?lang=de-DE"), &[]).await;
    assert_ne!(english.body, german.body, "the fixture has German consent texts");
    assert_eq!(german.header("etag"), get_with(uri, &[(header::ACCEPT_LANGUAGE, "de")]).await.header("etag"));
    assert_ne!(german_by_query.body, english.body);
}

#[tokio::test]
async fn errors_are_not_cached() {
    let first = get_with("/permission/No.Such.Permission", &[]).await;
    assert_eq!(first.status, StatusCode::NOT_FOUND);
    assert_eq!(first.header("etag"), "");
}
