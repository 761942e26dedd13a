//! Page fragments and JSON snapshots from the synthetic fixture (fixtures/mini).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::support::{fixture, fragment, get, send, text_of};

#[track_caller]
fn assert_html(reply: &crate::support::Reply) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("content-type"), "text/html; charset=utf-8");
}

#[tokio::test]
async fn permission_page() {
    let reply = get(&fixture(), "/permission/Widget.ReadWrite.All").await;
    assert_html(&reply);
    let html = reply.text();
    let header = text_of(fragment(&html, r#"<ul class="badges""#, "</ul>"));
    insta::assert_snapshot!(header, @"Delegated work Application Read/Write All resources Admin consent · Delegated work Admin consent · Application Privilege 3/5 · Medium");
    let tabs = text_of(fragment(&html, r#"<nav class="tabs""#, "</nav>"));
    insta::assert_snapshot!(tabs, @"API v1.0 9 API beta 0 PowerShell v1.0 9 PowerShell beta 0");
    let rows: Vec<String> = crate::permission_pages::method_rows(&html)
        .into_iter()
        .map(|row| format!("{} {} -> {:?}", row.method, row.label, row.links))
        .collect();
    insta::assert_debug_snapshot!("permission_page_v1_rows", rows);
    let cards: Vec<String> = html
        .match_indices(r#"<section class="card scheme-card""#)
        .map(|(at, _)| text_of(fragment(&html[at..], "<h3", "</h3>")))
        .collect();
    insta::assert_debug_snapshot!(cards, @r#"
    [
        "Delegated permission · work or school account",
        "Application permission",
    ]
    "#);
    let note = text_of(fragment(&html, r#"<p class="note">"#, "</p>"));
    insta::assert_snapshot!(note, @"10 endpoints; 9 in the v1.0 schema.");
}

#[tokio::test]
async fn permission_page_folds_rows_not_in_the_schema() {
    let html = get(&fixture(), "/permission/Widget.ReadWrite.All?tab=beta").await.text();
    let folded = fragment(&html, r#"<details class="not-in-schema-group">"#, "</details>");
    let summary = text_of(fragment(folded, "<summary>", "</summary>"));
    insta::assert_snapshot!(summary, @"10 not in the beta API metadata");
    let rows: Vec<String> = crate::permission_pages::method_rows(folded)
        .into_iter()
        .map(|row| format!("{} {} -> {:?}", row.method, row.label, row.links))
        .collect();
    insta::assert_debug_snapshot!("permission_page_beta_folded_rows", rows);
}

#[tokio::test]
async fn permission_page_filtered_to_app_only_on_the_powershell_v1_tab() {
    let reply = get(&fixture(), "/permissions/widget.readwrite.all?scheme=application&tab=ps-v1").await;
    assert_html(&reply);
    let html = reply.text();
    assert!(html.contains(r#"data-show="application""#));
    assert!(
        html.contains(r#"href="/permission/Widget.ReadWrite.All?scheme=application&#38;tab=ps-v1#methods" data-tab="ps-v1" aria-current="page""#),
        "{html}"
    );
    assert!(html.contains(r#"data-panel="ps-v1""#));
    assert!(!html.contains(r#"data-panel="v1""#), "only the open tab is rendered");
}

#[tokio::test]
async fn upstream_html_in_descriptions_is_escaped() {
    let html = get(&fixture(), "/permission/Widget.ReadWrite.All").await.text();
    assert!(html.contains("without a user &#60;b&#62;really&#60;/b&#62;."));
    assert!(!html.contains("<b>really</b>"));
}

#[tokio::test]
async fn localized_texts_by_query_and_accept_language() {
    let by_query = get(&fixture(), "/permission/Widget.Read.All?lang=de-DE").await.text();
    let request = Request::get("/permission/Widget.Read.All")
        .header(header::ACCEPT_LANGUAGE, "de;q=0.9, fr;q=0.5")
        .body(Body::empty())
        .unwrap();
    let by_header = send(&fixture(), request).await.text();
    let english = get(&fixture(), "/permission/Widget.Read.All").await.text();
    let german =
        crate::support::text_of(crate::support::fragment(&by_query, r#"<div class="cards">"#, "</section>"));
    insta::assert_snapshot!(versionless(&german));
    assert_eq!(by_query.replace("?lang=de-DE", ""), by_header.replace("?lang=de-DE", ""));
    assert_ne!(by_query, english);
}

#[tokio::test]
async fn json_and_csv_exports_of_a_permission() {
    let json = get(&fixture(), "/permission/Widget.ReadWrite.All.json").await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(json.header("content-type"), "application/json");
    assert!(json.body.ends_with(b"}\n"));
    insta::assert_snapshot!("permission_json", json.text());
    let csv = get(&fixture(), "/permission/Widget.ReadWrite.All.csv").await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    insta::assert_snapshot!("permission_csv", csv.text());
}

#[tokio::test]
async fn index_page_filters_and_sorts() {
    let reply = get(&fixture(), "/permissions?scheme=delegated&sort=-level").await;
    assert_html(&reply);
    insta::assert_snapshot!(versionless(&reply.text()));
    let none = get(&fixture(), "/permissions?q=zzzz&level=9&page=banana").await.text();
    assert!(none.contains("No permission matches."));
}

#[tokio::test]
async fn calculator_result_by_get_and_post() {
    let get_reply =
        get(&fixture(), "/least?calls=GET%20%2Fwidgets%0APOST%20%2Fwidgets%2F1%2Fupload%0AGET%20%2Fnothing")
            .await;
    assert_html(&get_reply);
    let html = get_reply.text();
    // What a reader checks: each scheme's set (without the registration commands) and
    // each call's status.
    let sets: Vec<String> = html
        .match_indices("<section class=\"card\" data-scheme-result=")
        .map(|(at, _)| {
            let card = fragment(&html[at..], "<section", "</section>");
            text_of(card.split("<details").next().unwrap_or(card))
        })
        .collect();
    insta::assert_debug_snapshot!("calculator_sets", sets);
    let calls = text_of(fragment(&html, "<table class=\"calls stack\">", "</table>"));
    insta::assert_snapshot!("calculator_calls", calls);
    let post = Request::post("/least")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            "calls=GET+%2Fwidgets%0APOST+%2Fwidgets%2F1%2Fupload%0AGET+%2Fnothing&format=auto&scheme=all",
        ))
        .unwrap();
    let post_reply = send(&fixture(), post).await;
    assert_eq!(post_reply.text(), get_reply.text());
}

#[tokio::test]
async fn calculator_reads_an_uploaded_batch_file() {
    let boundary = "XBOUNDARY";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"calls\"\r\n\r\n\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"batch.json\"\r\nContent-Type: application/json\r\n\r\n{{\"requests\":[{{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me/widgets\"}}]}}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"scheme\"\r\n\r\ndelegated-personal\r\n--{boundary}--\r\n"
    );
    let request = Request::post("/least")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(body))
        .unwrap();
    let html = send(&fixture(), request).await.text();
    let result =
        crate::support::text_of(crate::support::fragment(&html, r#"<div class="cards">"#, "</section>"));
    assert!(
        result.starts_with(
            "Delegated personal Widget.Read Privilege 1/5 · Minimal Least privileged covers #1 GET /me/widgets \
             Register this set"
        ),
        "{result}"
    );
    assert!(result.contains("--api-permissions 33333333-3333-4333-8333-333333333333=Scope"), "{result}");
    assert!(html.contains("/least?calls=GET%20%2Fme%2Fwidgets&#38;scheme=delegated-personal"), "{html}");
}

#[tokio::test]
async fn api_least_matches_the_page() {
    let request = Request::post("/api/v1/least")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"text":"GET /widgets\nDELETE /widgets/7","scheme":"application"}"#))
        .unwrap();
    let reply = send(&fixture(), request).await;
    assert_eq!(reply.status, StatusCode::OK);
    insta::assert_json_snapshot!(reply.json());
}

#[tokio::test]
async fn api_routes() {
    let state = fixture();
    let search = get(&state, "/api/v1/search?q=widget.read&limit=3").await.json();
    insta::assert_json_snapshot!("api_search", search);
    let endpoint = get(&state, "/api/v1/endpoint?method=get&path=/WIDGETS/{x}").await.json();
    insta::assert_json_snapshot!("api_endpoint", endpoint);
    let resource = get(&state, "/api/v1/resource/v1.0/widget").await.json();
    insta::assert_json_snapshot!("api_resource", resource);
    let cmdlet = get(&state, "/api/v1/cmdlet/get-mgwidget").await.json();
    insta::assert_json_snapshot!("api_cmdlet", cmdlet);
    let permissions = get(&state, "/api/v1/permissions?scheme=application").await.json();
    insta::assert_json_snapshot!("api_permissions", permissions);
    let permission = get(&state, "/api/v1/permission/widget.read.all").await.json();
    assert_eq!(permission["name"], "Widget.Read.All");
}

#[tokio::test]
async fn whole_catalogue_exports() {
    let state = fixture();
    let json = get(&state, "/permissions.json").await;
    assert_eq!(json.json()["permissionCount"], 5);
    let csv = get(&state, "/permissions.csv").await.text();
    assert!(csv.starts_with("permission,scheme,id,"));
}

#[tokio::test]
async fn not_found_pages_suggest_names() {
    let state = fixture();
    let page = get(&state, "/permission/Widget.Reed.All").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let api = get(&state, "/api/v1/permission/Widget.Reed.All").await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    insta::assert_json_snapshot!("not_found_api", api.json());
    let unknown_route = get(&state, "/api/v1/nothing").await;
    assert_eq!(unknown_route.json()["error"], "No API route named \"/api/v1/nothing\"");
    for uri in [
        "/resource/v9/widget",
        "/resource/v1.0/nothing",
        "/endpoint?path=/nothing",
        "/cmdlet/Get-MgNothing",
        "/some/page",
    ] {
        assert_eq!(get(&state, uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
}

#[tokio::test]
async fn changes_page_and_feed_without_history() {
    let page = get(&fixture(), "/changes").await;
    assert_html(&page);
    assert!(page.text().contains("No earlier data to compare with yet"));
    let request =
        Request::get("/changes.atom").header(header::HOST, "example.test:8080").body(Body::empty()).unwrap();
    let feed = send(&fixture(), request).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert_eq!(feed.header("content-type"), "application/atom+xml; charset=utf-8");
    let text = feed.text();
    assert!(text.starts_with("<?xml"), "{text}");
    assert!(
        text.contains(
            r#"<link rel="self" type="application/atom+xml" href="http://example.test:8080/changes.atom"/>"#
        ),
        "{text}"
    );
    assert!(!text.contains("<entry>"));
    let hostile =
        Request::get("/changes.atom").header(header::HOST, "evil\"><x").body(Body::empty()).unwrap();
    assert!(send(&fixture(), hostile).await.text().contains("http://localhost/changes.atom"));
}

/// Asset URLs carry a content hash (`app.css?v=…`) that changes with every style edit;
/// `security::assets_are_versioned_and_cached_for_a_year` checks the versioning, so page
/// snapshots keep a placeholder and stay about the page.
fn versionless(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find("?v=") {
        out.push_str(&rest[..at + 3]);
        rest = &rest[at + 3..];
        let hash_len = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        if hash_len > 0 {
            out.push_str("[hash]");
        }
        rest = &rest[hash_len..];
    }
    out.push_str(rest);
    out
}
