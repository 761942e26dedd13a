//! The axum handlers of the HTML pages: each reads its extractors, calls one
//! `pages::render_*` function and wraps the HTML. The JSON API is in `crate::api`.

mod assets;
mod audit;
mod form;
mod least;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use graphperm_views::lint::LintFilter;
use graphperm_views::suggest::near_names;
use graphperm_views::{export, permission};
use serde::Deserialize;

use crate::error::WebError;
use crate::pages::{self, IndexOptions, MethodTab, PermissionOptions, SchemeFilter};
use crate::state::AppState;

pub use assets::{favicon, static_asset};
pub use audit::{audit_get, audit_post};
pub use least::{least_get, least_post};

pub async fn home(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    pages::render_home_page(&state).map(Html)
}

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    /// One kind of result, shown in full (`permission`, `endpoint`, `cmdlet`, `resource`).
    #[serde(default)]
    pub kind: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<Html<String>, WebError> {
    pages::render_search_page(&state, &query.q, query.kind.as_deref()).map(Html)
}

pub async fn index(
    State(state): State<AppState>,
    Query(options): Query<IndexOptions>,
) -> Result<Html<String>, WebError> {
    pages::render_index_page(&state, &options).map(Html)
}

#[derive(Debug, Default, Deserialize)]
pub struct PermissionQuery {
    pub lang: Option<String>,
    pub scheme: Option<String>,
    pub tab: Option<String>,
    /// Only the rows under this path root (`users`) of a long tab.
    pub root: Option<String>,
    /// Page of the root's rows; anything that is not a number is page 1.
    pub page: Option<String>,
}

/// `/permission/{Name}`, `/permissions/{Name}` and their `.json` / `.csv` forms.
pub async fn permission(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<PermissionQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let lang = language(&state, query.lang.as_deref(), &headers);
    if let Some(base) = name.strip_suffix(".json") {
        let view = permission_or_404(&state, base, lang.as_deref())?;
        let mut bytes =
            serde_json::to_vec_pretty(&view).map_err(|error| WebError::internal(error.to_string()))?;
        bytes.push(b'\n');
        return Ok(download(bytes, "application/json", &format!("{}.json", view.name)));
    }
    if let Some(base) = name.strip_suffix(".csv") {
        let view = permission_or_404(&state, base, lang.as_deref())?;
        let csv = permission::permission_csv(&view);
        return Ok(download(csv.into_bytes(), "text/csv; charset=utf-8", &format!("{}.csv", view.name)));
    }
    let options = PermissionOptions {
        lang,
        scheme: query.scheme.as_deref().map(SchemeFilter::parse).unwrap_or_default(),
        tab: query.tab.as_deref().map(MethodTab::parse).unwrap_or_default(),
        root: query.root.filter(|root| !root.is_empty() && root.len() <= 200),
        page: query.page.and_then(|page| page.parse().ok()).unwrap_or(1),
    };
    let html = pages::render_permission_page(&state, &name, &options)?;
    Ok(Html(html).into_response())
}

fn permission_or_404(
    state: &AppState,
    name: &str,
    lang: Option<&str>,
) -> Result<permission::PermissionView, WebError> {
    let Some(found) = state.catalogue.permission(name.trim()) else {
        return Err(WebError::not_found(
            "permission",
            name,
            near_names(&state.catalogue, name, Some("permission")),
        ));
    };
    Ok(permission::permission_view(&state.engine, found, lang, true))
}

#[derive(Debug, Default, Deserialize)]
pub struct LintQuery {
    pub check: Option<String>,
    pub q: Option<String>,
    /// The findings about one permission (exact name), as its page counts them.
    pub permission: Option<String>,
    /// With `path`: the findings about one endpoint, as its page counts them.
    pub method: Option<String>,
    pub path: Option<String>,
}

/// `/lint`: the data checks.
pub async fn lint(
    State(state): State<AppState>,
    Query(query): Query<LintQuery>,
) -> Result<Html<String>, WebError> {
    let endpoint = match query.path.as_deref() {
        Some(path) => {
            let method = query.method.as_deref().unwrap_or("GET").to_ascii_uppercase();
            let Some(id) = state.catalogue.endpoint(&method, path) else {
                return Err(WebError::not_found("endpoint", format!("{method} {path}"), Vec::new()));
            };
            let endpoint = &state.catalogue.endpoints[id];
            Some((id, format!("{} {}", endpoint.method, endpoint.raw_path)))
        }
        None => None,
    };
    let filter = LintFilter {
        check: query.check.as_deref(),
        query: query.q.as_deref(),
        permission: query.permission.as_deref(),
        endpoint: endpoint.as_ref().map(|(id, label)| (*id, label.as_str())),
    };
    pages::render_lint_page(&state, filter).map(Html)
}

pub async fn changes(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    pages::render_changes_page(&state).map(Html)
}

/// `/changes.atom`: absolute links need the host the client used.
pub async fn changes_feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    let feed = pages::render_changes_feed(&state, &format!("http://{host}"));
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed).into_response()
}

/// `/permissions.json`: made on the blocking pool (it takes a while); the page cache
/// keeps it, with its compressed variants, after the first request.
pub async fn export_json(State(state): State<AppState>) -> Result<Response, WebError> {
    let bytes = blocking(move || {
        let mut bytes = serde_json::to_vec_pretty(&export::export_view(&state.engine))
            .map_err(|error| WebError::internal(error.to_string()))?;
        bytes.push(b'\n');
        Ok(bytes)
    })
    .await?;
    Ok(download(bytes, "application/json", "permissions.json"))
}

pub async fn export_csv(State(state): State<AppState>) -> Result<Response, WebError> {
    let bytes = blocking(move || Ok(export::export_csv(&state.engine))).await?;
    Ok(download(bytes, "text/csv; charset=utf-8", "permissions.csv"))
}

/// Work that is not user-controlled but too long for an async worker.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(error) => Err(WebError::internal(format!("a blocking job failed: {error}"))),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ResourcePath {
    pub version: String,
    #[serde(rename = "type")]
    pub type_name: String,
}

pub async fn resource(
    State(state): State<AppState>,
    Path(path): Path<ResourcePath>,
) -> Result<Html<String>, WebError> {
    pages::render_resource_page(&state, &path.version, &path.type_name).map(Html)
}

#[derive(Debug, Default, Deserialize)]
pub struct EndpointQuery {
    pub method: Option<String>,
    #[serde(default)]
    pub path: String,
}

pub async fn endpoint(
    State(state): State<AppState>,
    Query(query): Query<EndpointQuery>,
) -> Result<Html<String>, WebError> {
    pages::render_endpoint_page(&state, query.method.as_deref(), &query.path).map(Html)
}

pub async fn cmdlet(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Html<String>, WebError> {
    pages::render_cmdlet_page(&state, &name).map(Html)
}

/// Unknown URLs: JSON under `/api/`, else a page suggesting what the last segment names.
pub async fn not_found(State(state): State<AppState>, uri: Uri) -> WebError {
    let path = uri.path();
    if path.starts_with("/api/") {
        return WebError::not_found("API route", path, Vec::new()).for_api();
    }
    let last = path.rsplit('/').find(|segment| !segment.is_empty()).unwrap_or_default();
    let decoded = graphperm_views::links::decode(last);
    WebError::not_found(
        "page",
        path,
        if decoded.is_empty() { Vec::new() } else { near_names(&state.catalogue, &decoded, None) },
    )
}

/// The locale for consent texts: `?lang=`, else the first Accept-Language the data has.
/// `None` means English.
pub fn language(state: &AppState, requested: Option<&str>, headers: &HeaderMap) -> Option<String> {
    // `Some(None)`: English, the main files' language, stops the search.
    let pick = |wanted: &str| -> Option<Option<String>> {
        let language = wanted.trim().split(['-', '_']).next().unwrap_or_default();
        if language.eq_ignore_ascii_case("en") {
            return Some(None);
        }
        state.catalogue.locale(wanted).map(|locale| Some(locale.to_string()))
    };
    if let Some(requested) = requested.filter(|text| !text.trim().is_empty()) {
        return pick(requested).flatten();
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut ranges: Vec<(f32, &str)> = accept
        .split(',')
        .take(16)
        .filter_map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim();
            let quality = parts
                .find_map(|part| part.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()))
                .unwrap_or(1.0);
            (!tag.is_empty() && tag != "*").then_some((quality, tag))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges.into_iter().find_map(|(_, tag)| pick(tag)).flatten()
}

/// A response the browser saves as `filename` when asked to download it.
fn download(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let safe: String = filename
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' })
        .collect();
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{safe}\"")),
        ],
        bytes,
    )
        .into_response()
}
