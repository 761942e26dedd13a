//! Rendered responses kept as bytes: each page is rendered once, compressed once per
//! encoding (brotli at a high level, gzip), and then served from memory with an ETag,
//! so a page costs what a static file server's does. It sits in front of the handlers
//! and knows nothing of what they render.
//!
//! The catalogue never changes after load, so a successful GET answer depends only on
//! its URL and on the consent-text language (`?lang=` or `Accept-Language`, resolved
//! the way the pages resolve it). Only 200 answers are kept. The cache is bounded by
//! bytes (oldest entries leave first); the two exports are pinned outside the budget,
//! since they are fixed, large, and the costliest to make.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use crate::error::WebError;
use crate::handlers;
use crate::state::AppState;

/// Bytes of cached pages (identity and compressed) before the oldest leave.
pub const DEFAULT_BUDGET_BYTES: usize = 96 * 1024 * 1024;
/// Largest page kept; larger answers pass through uncached.
const MAX_ENTRY_BYTES: usize = 8 * 1024 * 1024;
/// Largest pinned export (the full JSON export of the shared data is about 100 MiB).
const MAX_PINNED_BYTES: usize = 1024 * 1024 * 1024;
/// Fixed, large answers kept outside the budget.
const PINNED: [&str; 2] = ["/permissions.json", "/permissions.csv"];
/// Answers that depend on more than URL and language, or are computed per input and
/// bounded elsewhere (the calculator runs on the blocking pool with its own limits).
const UNCACHED: [&str; 5] = ["/healthz", "/least", "/api/v1/least", "/changes.atom", "/favicon.ico"];

pub struct PageCache {
    inner: Mutex<Entries>,
    /// One lock per URL being rendered: concurrent first requests wait for one render.
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    budget: usize,
}

#[derive(Default)]
struct Entries {
    map: HashMap<String, Arc<Entry>>,
    /// Insertion order of the unpinned keys, oldest first.
    order: VecDeque<String>,
    bytes: usize,
}

/// One cached answer and its variants.
pub struct Entry {
    /// The answer's headers per encoding (identity, gzip, brotli), made once: content
    /// type, ETag, `Vary`, `Content-Encoding` and the security headers, so a hit copies
    /// one map and the outer security layer has nothing to add.
    headers: [HeaderMap; 3],
    /// Hex of the body's hash; each encoding's ETag adds a suffix.
    tag: String,
    identity: Bytes,
    compressible: bool,
    gzip: OnceCell<Bytes>,
    brotli: OnceCell<Bytes>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    const ALL: [Encoding; 3] = [Encoding::Identity, Encoding::Gzip, Encoding::Brotli];
}

impl Entry {
    fn new(kept: HeaderMap, tag: String, identity: Bytes, compressible: bool) -> Entry {
        let headers = Encoding::ALL.map(|encoding| {
            let mut headers = kept.clone();
            let (suffix, coding) = match encoding {
                Encoding::Identity => ("", None),
                Encoding::Gzip => ("-gz", Some("gzip")),
                Encoding::Brotli => ("-br", Some("br")),
            };
            if let Ok(value) = HeaderValue::from_str(&format!("\"{tag}{suffix}\"")) {
                headers.insert(header::ETAG, value);
            }
            if compressible {
                headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            }
            if let Some(coding) = coding {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            crate::security::add_security_headers(&mut headers);
            headers
        });
        Entry { headers, tag, identity, compressible, gzip: OnceCell::new(), brotli: OnceCell::new() }
    }
}

impl PageCache {
    pub fn new(budget: usize) -> PageCache {
        PageCache { inner: Mutex::new(Entries::default()), rendering: Mutex::new(HashMap::new()), budget }
    }

    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.inner.lock().ok()?.map.get(key).cloned()
    }

    fn insert(&self, key: String, entry: Arc<Entry>, pinned: bool) {
        let Ok(mut inner) = self.inner.lock() else { return };
        if inner.map.contains_key(&key) {
            return;
        }
        if !pinned {
            // Compressed variants are a fraction of the identity bytes; count them as half.
            let cost = entry.identity.len() + entry.identity.len() / 2 + key.len();
            inner.bytes += cost;
            inner.order.push_back(key.clone());
            while inner.bytes > self.budget {
                let Some(oldest) = inner.order.pop_front() else { break };
                if let Some(old) = inner.map.remove(&oldest) {
                    inner.bytes = inner.bytes.saturating_sub(old.identity.len() * 3 / 2 + oldest.len());
                }
            }
        }
        inner.map.insert(key, entry);
    }

    fn render_lock(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut rendering = self.rendering.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        rendering.entry(key.to_string()).or_default().clone()
    }

    fn rendered(&self, key: &str) {
        if let Ok(mut rendering) = self.rendering.lock() {
            rendering.remove(key);
        }
    }
}

#[derive(serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// The middleware: answers GET and HEAD from the cache, filling it on a miss.
pub async fn serve(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !matches!(*request.method(), Method::GET | Method::HEAD) || UNCACHED.contains(&path) {
        return next.run(request).await;
    }
    let pinned = PINNED.contains(&path);
    // Most requests name no language: skip parsing the query for one.
    let lang = match request.uri().query() {
        Some(query) if query.contains("lang") => {
            Query::<LangQuery>::try_from_uri(request.uri()).ok().and_then(|Query(query)| query.lang)
        }
        _ => None,
    };
    let lang = handlers::language(&state, lang.as_deref(), request.headers()).unwrap_or_default();
    let url = request.uri().path_and_query().map_or(path, |whole| whole.as_str());
    let key = format!("{lang}\u{0}{url}");
    let wanted = RequestParts::of(request.headers());
    if let Some(entry) = state.pages.get(&key) {
        return respond(&entry, &wanted).await;
    }
    let lock = state.pages.render_lock(&key);
    let guard = lock.lock().await;
    if let Some(entry) = state.pages.get(&key) {
        drop(guard);
        return respond(&entry, &wanted).await;
    }
    let result = fill(request, next, pinned).await;
    let response = match result {
        Filled::Entry(entry) => {
            state.pages.insert(key.clone(), entry.clone(), pinned);
            respond(&entry, &wanted).await
        }
        Filled::Pass(response) => response,
    };
    drop(guard);
    state.pages.rendered(&key);
    response
}

enum Filled {
    Entry(Arc<Entry>),
    Pass(Response),
}

/// Renders through the handler (asking for identity bytes) and keeps a 200 answer.
async fn fill(mut request: Request, next: Next, pinned: bool) -> Filled {
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    request.headers_mut().remove(header::IF_NONE_MATCH);
    let response = next.run(request).await;
    let cacheable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::CONTENT_ENCODING)
        && !response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("no-store"));
    if !cacheable {
        return Filled::Pass(response);
    }
    let (parts, body) = response.into_parts();
    let limit = if pinned { MAX_PINNED_BYTES } else { MAX_ENTRY_BYTES };
    let bytes = match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(error) => {
            return Filled::Pass(
                WebError::internal(format!("a response could not be kept: {error}")).into_response(),
            );
        }
    };
    let identity = bytes.clone();
    let tag = tokio::task::spawn_blocking(move || {
        let digest = Sha256::digest(&identity);
        digest.iter().take(10).map(|byte| format!("{byte:02x}")).collect::<String>()
    })
    .await
    .unwrap_or_default();
    let mut headers = HeaderMap::new();
    for name in [header::CONTENT_TYPE, header::CONTENT_DISPOSITION, header::CACHE_CONTROL] {
        if let Some(value) = parts.headers.get(&name) {
            headers.insert(name, value.clone());
        }
    }
    let compressible =
        headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| {
            value.starts_with("text/")
                || value.contains("json")
                || value.contains("javascript")
                || value.contains("xml")
                || value.contains("svg")
        });
    Filled::Entry(Arc::new(Entry::new(headers, tag, bytes, compressible)))
}

/// What the request asks of the representation.
struct RequestParts {
    encoding: Encoding,
    if_none_match: Option<String>,
}

impl RequestParts {
    fn of(headers: &HeaderMap) -> RequestParts {
        let accept = headers.get(header::ACCEPT_ENCODING).and_then(|value| value.to_str().ok()).unwrap_or("");
        RequestParts {
            encoding: negotiate(accept),
            if_none_match: headers
                .get(header::IF_NONE_MATCH)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string),
        }
    }
}

/// `br` when accepted, else `gzip`, else identity (`;q=0` means refused).
fn negotiate(accept: &str) -> Encoding {
    let accepts = |name: &str| {
        accept.split(',').take(32).any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|param| {
                param.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()) == Some(0.0)
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Encoding::Brotli
    } else if accepts("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

async fn respond(entry: &Arc<Entry>, wanted: &RequestParts) -> Response {
    let encoding = if entry.compressible { wanted.encoding } else { Encoding::Identity };
    let mut headers = entry.headers[encoding as usize].clone();
    if wanted.if_none_match.as_deref().is_some_and(|tags| tags.contains(&entry.tag)) {
        headers.remove(header::CONTENT_TYPE);
        headers.remove(header::CONTENT_DISPOSITION);
        headers.remove(header::CONTENT_ENCODING);
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let body = match encoding {
        Encoding::Identity => entry.identity.clone(),
        Encoding::Gzip => compressed(&entry.gzip, &entry.identity, gzip).await,
        Encoding::Brotli => compressed(&entry.brotli, &entry.identity, brotli).await,
    };
    (StatusCode::OK, headers, Body::from(body)).into_response()
}

/// The variant, compressed once on the blocking pool by the first request that wants it.
async fn compressed(cell: &OnceCell<Bytes>, identity: &Bytes, compress: fn(&[u8]) -> Vec<u8>) -> Bytes {
    cell.get_or_init(|| {
        let identity = identity.clone();
        async move {
            tokio::task::spawn_blocking(move || Bytes::from(compress(&identity)))
                .await
                .unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()))
        }
    })
    .await
    .clone()
}

/// Brotli at the highest level for pages, lower for the multi-megabyte exports (level
/// 11 costs about a second per megabyte; level 5 still beats gzip -9).
fn brotli(input: &[u8]) -> Vec<u8> {
    let quality = match input.len() {
        0..=1_048_576 => 11,
        1_048_577..=8_388_608 => 9,
        _ => 5,
    };
    let mut output = Vec::with_capacity(input.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut output, 64 * 1024, quality, 22);
        // Writing into a Vec cannot fail.
        let _ = writer.write_all(input);
    }
    output
}

fn gzip(input: &[u8]) -> Vec<u8> {
    let level = if input.len() <= 8_388_608 { 9 } else { 6 };
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(input.len() / 4), flate2::Compression::new(level));
    let _ = encoder.write_all(input);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(accept: &str, expected: Encoding) {
        assert_eq!(negotiate(accept), expected, "{accept:?}");
    }

    #[test]
    fn encodings_are_negotiated() {
        check("gzip, deflate, br", Encoding::Brotli);
        check("gzip", Encoding::Gzip);
        check("br;q=0, gzip", Encoding::Gzip);
        check("identity", Encoding::Identity);
        check("", Encoding::Identity);
        check("BR", Encoding::Brotli);
    }

    #[test]
    fn the_budget_evicts_the_oldest_unpinned_entries() {
        let cache = PageCache::new(1000);
        let entry = |size: usize| {
            Arc::new(Entry::new(HeaderMap::new(), String::new(), Bytes::from(vec![b'x'; size]), true))
        };
        cache.insert("pinned".into(), entry(5000), true);
        cache.insert("a".into(), entry(400), false);
        cache.insert("b".into(), entry(400), false);
        assert!(cache.get("a").is_none(), "the oldest left");
        assert!(cache.get("b").is_some());
        assert!(cache.get("pinned").is_some(), "pinned entries stay");
    }

    #[test]
    fn variants_decompress_to_the_page() {
        let page = "<p>permission</p>".repeat(100);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(page.as_bytes())[..], &mut decoded).expect("valid brotli");
        assert_eq!(decoded, page.as_bytes());
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(&gzip(page.as_bytes())[..]),
            &mut text,
        )
        .expect("valid gzip");
        assert_eq!(text, page);
    }
}
