//! Every error in one shape: `{"error": ...}` under `/api/`, the HTML error page
//! elsewhere, with the security headers, whoever made it (a handler, an extractor's
//! rejection, the router, the panic catcher, the limits).

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::routing::get;
use graphperm_web::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::{Reply, fixture, send};

#[track_caller]
fn assert_api_error(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.header("content-type"), "application/json");
    assert!(reply.json()["error"].as_str().is_some_and(|text| !text.is_empty()), "{}", reply.text());
    assert_secure(reply);
}

#[track_caller]
fn assert_page_error(reply: &Reply, status: StatusCode) {
    assert_eq!(reply.status, status, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.header("content-type"), "text/html; charset=utf-8");
    assert!(reply.text().contains(&format!("{}", status.as_u16())), "{}", reply.text());
    assert_secure(reply);
}

#[track_caller]
fn assert_secure(reply: &Reply) {
    assert!(reply.header("content-security-policy").contains("default-src 'none'"), "no CSP");
    assert_eq!(reply.header("x-content-type-options"), "nosniff");
    assert_eq!(reply.header("x-frame-options"), "DENY");
}

fn request(method: &str, uri: &str, content_type: Option<&str>, body: &str) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(content_type) = content_type {
        builder = builder.header(header::CONTENT_TYPE, content_type);
    }
    builder.body(Body::from(body.to_string())).expect("a request")
}

#[tokio::test]
async fn regression_rejected_query_and_path_values_are_json_errors() {
    let state = fixture();
    for uri in [
        "/api/v1/search?limit=x",
        "/api/v1/search?q=w&limit=0",
        "/api/v1/search?q=w&limit=101",
        "/api/v1/search",
        "/api/v1/least",
        "/api/v1/permission/%ff",
        "/api/v1/search?q=a&q=b",
    ] {
        let reply = send(&state, request("GET", uri, None, "")).await;
        assert_api_error(&reply, StatusCode::BAD_REQUEST);
    }
    let page = send(&state, request("GET", "/permission/%ff", None, "")).await;
    assert_page_error(&page, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn regression_wrong_media_types_are_415() {
    let state = fixture();
    let body = r#"{"text":"GET /widgets"}"#;
    for content_type in [Some("text/plain"), None, Some("application/x-www-form-urlencoded")] {
        let reply = send(&state, request("POST", "/api/v1/least", content_type, body)).await;
        assert_api_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
    let page = send(&state, request("POST", "/least", Some("application/json"), body)).await;
    assert_page_error(&page, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let state = fixture();
    let reply = send(&state, request("DELETE", "/api/v1/search?q=w", None, "")).await;
    assert_api_error(&reply, StatusCode::METHOD_NOT_ALLOWED);
    assert!(reply.header("allow").contains("GET"), "{:?}", reply.headers);
    let page = send(&state, request("PUT", "/permissions", None, "")).await;
    assert_page_error(&page, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn limits_answer_in_the_error_shape() {
    let state = fixture();
    let long = format!("/api/v1/search?q={}", "a".repeat(20_000));
    assert_api_error(&send(&state, request("GET", &long, None, "")).await, StatusCode::URI_TOO_LONG);
    let mut big_headers = Request::get("/api/v1/search?q=w");
    for index in 0..10 {
        big_headers = big_headers.header(format!("x-filler-{index}"), "b".repeat(4000));
    }
    let reply = send(&state, big_headers.body(Body::empty()).unwrap()).await;
    assert_api_error(&reply, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    let body = format!(r#"{{"text":"{}"}}"#, "x".repeat(5 * 1024 * 1024));
    let reply = send(&state, request("POST", "/api/v1/least", Some("application/json"), &body)).await;
    assert_api_error(&reply, StatusCode::PAYLOAD_TOO_LARGE);
    let reply = send(&state, request("POST", "/api/v1/least", Some("application/json"), "[1]")).await;
    assert_api_error(&reply, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn reply_of(router: Router, uri: &str) -> Reply {
    let response = router.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.expect("answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("a body").to_bytes().to_vec();
    Reply { status, headers, body }
}

async fn boom() -> &'static str {
    panic!("a deliberate test panic")
}

#[tokio::test]
async fn regression_a_panic_is_a_500_page_with_the_security_headers() {
    let extra: Router<AppState> = Router::new().route("/boom", get(boom)).route("/api/v1/boom", get(boom));
    let router = graphperm_web::app_with_extra_routes(fixture(), extra);
    let page = reply_of(router.clone(), "/boom").await;
    assert_page_error(&page, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(!page.text().contains("deliberate"), "the panic's detail is logged, not shown");
    let api = reply_of(router, "/api/v1/boom").await;
    assert_api_error(&api, StatusCode::INTERNAL_SERVER_ERROR);
}
