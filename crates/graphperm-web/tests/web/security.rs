//! Security headers, limits, caching of assets, no panics reaching users.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::{fixture, get, send};

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    for uri in ["/", "/permission/Widget.Read.All", "/api/v1/search?q=w", "/nothing", "/static/app.css"] {
        let reply = get(&fixture(), uri).await;
        let policy = reply.header("content-security-policy");
        assert!(policy.contains("script-src 'self'"), "{uri}: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{uri}: {policy}");
        assert_eq!(reply.header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(reply.header("referrer-policy"), "no-referrer", "{uri}");
    }
}

#[tokio::test]
async fn pages_have_no_inline_script_or_style_and_load_nothing_from_outside() {
    for uri in [
        "/",
        "/permissions",
        "/permission/Widget.ReadWrite.All",
        "/least?calls=GET%20/widgets",
        "/resource/v1.0/widget",
    ] {
        let html = get(&fixture(), uri).await.text();
        assert!(!html.contains("<script>") && !html.contains("style=") && !html.contains("<style"), "{uri}");
        for attribute in ["src=\"http", "href=\"//", "src=\"//"] {
            assert!(!html.contains(attribute), "{uri} has {attribute}");
        }
        assert!(!html.contains("rel=\"stylesheet\" href=\"http"), "{uri}");
    }
}

#[tokio::test]
async fn assets_are_versioned_and_cached_for_a_year() {
    let home = get(&fixture(), "/").await.text();
    let start = home.find("/static/app.css?v=").expect("a versioned stylesheet");
    let url = &home[start..home[start..].find('"').unwrap() + start];
    let css = get(&fixture(), url).await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
    assert_eq!(css.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(get(&fixture(), "/static/nothing.js").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn responses_are_compressed_when_asked() {
    let request =
        Request::get("/permissions").header(header::ACCEPT_ENCODING, "gzip").body(Body::empty()).unwrap();
    let reply = send(&fixture(), request).await;
    assert_eq!(reply.header("content-encoding"), "gzip");
}

#[tokio::test]
async fn long_queries_and_large_bodies_are_refused() {
    let long = format!("/search?q={}", "a".repeat(20_000));
    assert_eq!(get(&fixture(), &long).await.status, StatusCode::URI_TOO_LONG);
    let api_long = get(&fixture(), &format!("/api/v1/search?q={}", "a".repeat(20_000))).await;
    assert_eq!(api_long.status, StatusCode::URI_TOO_LONG);
    assert!(api_long.json()["error"].as_str().unwrap().contains("query string"));
    let big = Request::post("/api/v1/least")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(r#"{{"text":"{}"}}"#, "x".repeat(5 * 1024 * 1024))))
        .unwrap();
    assert_eq!(send(&fixture(), big).await.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn bad_api_input_is_a_json_400() {
    for body in
        ["{not json", r#"{"scheme":"delegated-everything","text":"GET /widgets"}"#, r#"{"calls":"nope"}"#]
    {
        let request = Request::post("/api/v1/least")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let reply = send(&fixture(), request).await;
        assert!(reply.status.is_client_error(), "{body}: {}", reply.status);
        assert!(reply.json()["error"].is_string(), "{body}");
    }
}

#[tokio::test]
async fn hostile_input_never_breaks_a_page() {
    let state = fixture();
    for uri in [
        "/permission/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/endpoint?method=%00&path=%2F%2F%2F..%2F..",
        "/least?calls=%7B%22requests%22%3A%5B%5D&format=batch",
        "/least?calls=GET%20%2Fwidgets&scheme=nonsense",
        "/search?q=%F0%9F%92%A9%3Cb%3E",
        "/resource/beta/%2E%2E",
        "/permissions?page=99999999999999999999999",
    ] {
        let reply = get(&state, uri).await;
        assert!(!reply.status.is_server_error(), "{uri}: {}", reply.status);
        assert!(!reply.text().contains("<script>alert"), "{uri}");
    }
}
