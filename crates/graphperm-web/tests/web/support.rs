//! The driver: build states once, send requests, read bodies.

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use graphperm_core::{Catalogue, DataDir};
use graphperm_web::AppState;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// The synthetic fixture, with a fixed data date so page snapshots are stable.
pub fn fixture() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let mut catalogue = Catalogue::load(&DataDir::new(graphperm_fixtures::fixture("mini")))
                .expect("the fixture loads");
            catalogue.data_date = Some("2026-04-06T04:06:00Z".parse().expect("a timestamp"));
            AppState::new(catalogue)
        })
        .clone()
}

/// The shared upstream data set.
pub fn shared() -> AppState {
    static STATE: OnceLock<AppState> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let mut catalogue = Catalogue::load(&DataDir::new(graphperm_fixtures::shared_data()))
                .expect("the shared data loads");
            catalogue.data_date = Some("2026-08-03T17:43:07Z".parse().expect("a timestamp"));
            AppState::new(catalogue)
        })
        .clone()
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or_default()
    }
}

pub async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = graphperm_web::app(state.clone()).oneshot(request).await.expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.expect("a body").to_bytes().to_vec();
    Reply { status, headers, body }
}

pub async fn get(state: &AppState, uri: &str) -> Reply {
    send(state, Request::get(uri).body(Body::empty()).expect("a request")).await
}

/// The text of an HTML fragment, tags removed and whitespace collapsed: facts, no markup.
/// A `<wbr>` (a place a name may wrap) adds nothing; every other tag separates words.
pub fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for character in html.replace("<wbr>", "").chars() {
        match character {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(character),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of `html` from the element starting with `start` to the next `end`.
pub fn fragment<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start:?} is in the page"));
    let rest = &html[from..];
    let to = rest.find(end).map_or(rest.len(), |index| index + end.len());
    &rest[..to]
}
