//! The audit page: the empty form, a pasted manifest (URL-encoded), an uploaded file
//! (multipart), calls, and bad input shown with its JSON path.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::{fixture, fragment, get, send, text_of};

const MANIFEST: &str = r#"{"requiredResourceAccess": [{"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [{"id": "55555555-5555-4555-8555-555555555555", "type": "Role"}, {"id": "0badc0de-0000-4000-8000-000000000000", "type": "Scope"}]}]}"#;

fn form_post(body: String) -> Request<Body> {
    Request::post("/audit")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

fn encode(text: &str) -> String {
    graphperm_views::links::encode(text)
}

#[tokio::test]
async fn the_form_explains_the_inputs() {
    let reply = get(&fixture(), "/audit").await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.text();
    assert!(html.contains(r#"<form class="least-form" action="/audit" method="post""#), "{html}");
    assert!(html.contains("graphperm audit FILE"), "the page documents the CLI");
    assert!(!html.contains(r#"id="result""#));
}

#[tokio::test]
async fn a_pasted_manifest_is_audited() {
    let html =
        send(&fixture(), form_post(format!("input={}&calls={}", encode(MANIFEST), encode("GET /widgets"))))
            .await
            .text();
    let result = text_of(fragment(&html, r#"<section class="section" id="result""#, "</section>"));
    assert!(result.starts_with("1 permission, 0 tier-0, 1 needs admin consent"), "{result}");
    assert!(result.contains("Widget.Read.All Application 2/5 yes no 3 endpoints"), "{result}");
    assert!(
        result
            .contains("0badc0de-0000-4000-8000-000000000000 at requiredResourceAccess[0].resourceAccess[1]"),
        "{result}"
    );
    assert!(result.contains("Calls, Application"), "{result}");
    assert!(html.contains(r#"<a href="/permission/Widget.Read.All">Widget.Read.All</a>"#), "{html}");
}

#[tokio::test]
async fn an_uploaded_file_replaces_the_pasted_input() {
    let boundary = "XBOUNDARY";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"input\"\r\n\r\n\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"app.json\"\r\nContent-Type: application/json\r\n\r\n{MANIFEST}\r\n--{boundary}--\r\n"
    );
    let request = Request::post("/audit")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let html = send(&fixture(), request).await.text();
    assert!(html.contains(r#"<a href="/permission/Widget.Read.All">Widget.Read.All</a>"#), "{html}");
}

#[tokio::test]
async fn bad_input_is_shown_with_its_json_path() {
    let broken = r#"{"requiredResourceAccess": [{"resourceAppId": "x", "resourceAccess": [{"id": "a", "type": "Owner"}]}]}"#;
    let reply = send(&fixture(), form_post(format!("input={}", encode(broken)))).await;
    assert_eq!(reply.status, StatusCode::OK);
    let html = reply.text();
    let alert = text_of(fragment(&html, r#"<p class="error-box" role="alert">"#, "</p>"));
    assert!(alert.contains("input: at requiredResourceAccess[0].resourceAccess[0].type"), "{alert}");
}
