//! The JSON API under `/api/v1/`: the same views as the CLI's `--format json`.
//! Errors are `{"error": ...}` with the HTTP status.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use graphperm_core::model::{ApiVersion, Scheme};
use graphperm_core::resources::Reach;
use graphperm_views::least::{LeastRequest, RequestError, run};
use graphperm_views::links;
use graphperm_views::permission::{permission_view, resource_view};
use graphperm_views::search::search_view;
use graphperm_views::suggest::near_names;
use serde::{Deserialize, Serialize};

use crate::error::WebError;
use crate::handlers::{self, EndpointQuery, PermissionQuery, ResourcePath};
use crate::heavy;
use crate::pages::index::{IndexOptions, index_rows};
use crate::pages::search::MAX_QUERY_CHARS;
use crate::state::{AppState, SEARCH_CACHE_ENTRIES};

type ApiResult = Result<Response, WebError>;

fn json<T: Serialize>(value: &T) -> ApiResult {
    Ok(Json(value).into_response())
}

pub async fn permissions(State(state): State<AppState>, Query(options): Query<IndexOptions>) -> ApiResult {
    let rows = index_rows(&state.catalogue, &options);
    json(
        &serde_json::json!({ "count": rows.len(), "dataDate": state.catalogue.data_date_text(), "permissions": rows }),
    )
}

pub async fn permission(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(query): Query<PermissionQuery>,
    headers: HeaderMap,
) -> ApiResult {
    let lang = handlers::language(&state, query.lang.as_deref(), &headers);
    let Some(found) = state.catalogue.permission(name.trim()) else {
        return Err(WebError::not_found(
            "permission",
            &name,
            near_names(&state.catalogue, &name, Some("permission")),
        )
        .for_api());
    };
    json(&permission_view(&state.engine, found, lang.as_deref(), true))
}

/// Read as text so that a bad value is our 400 (`{"error": ...}`), not a rejection.
#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
    pub limit: Option<String>,
}

/// Most hits one search returns; the OpenAPI document says the same.
const MAX_SEARCH_LIMIT: usize = 100;

pub async fn search(State(state): State<AppState>, Query(query): Query<SearchQuery>) -> ApiResult {
    let Some(q) = query.q else {
        return Err(WebError::bad_request("the query parameter q is required").for_api());
    };
    let limit = match query.limit.as_deref() {
        None => 20,
        Some(text) => match text.trim().parse::<usize>() {
            Ok(limit) if (1..=MAX_SEARCH_LIMIT).contains(&limit) => limit,
            _ => {
                return Err(WebError::bad_request(format!(
                    "limit must be a whole number from 1 to {MAX_SEARCH_LIMIT}, not {text:?}"
                ))
                .for_api());
            }
        },
    };
    let text: String = q.chars().take(MAX_QUERY_CHARS).collect();
    let key = (text.clone(), limit);
    let cached = state.search_cache.lock().ok().and_then(|cache| cache.get(&key).cloned());
    let body = match cached {
        Some(body) => body,
        None => {
            let view = search_view(&state.catalogue, &state.engine, &state.search, &text, limit);
            let body = axum::body::Bytes::from(
                serde_json::to_vec(&view).map_err(|error| WebError::internal(error.to_string()).for_api())?,
            );
            if let Ok(mut cache) = state.search_cache.lock() {
                if cache.len() >= SEARCH_CACHE_ENTRIES {
                    cache.clear();
                }
                cache.insert(key, body.clone());
            }
            body
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], body)
        .into_response())
}

pub async fn least(
    State(state): State<AppState>,
    body: Result<Json<LeastRequest>, JsonRejection>,
) -> ApiResult {
    let Json(request) =
        body.map_err(|rejection| WebError::rejected(rejection.status(), rejection.body_text()).for_api())?;
    least_report(&state, request).await
}

/// Runs the engine on the blocking pool (`crate::heavy`) and answers the report as JSON,
/// or `{"error": ...}`: 400 for an invalid request, 413 past the engine's caps (calls
/// counted after expansion, report size), 422 past the server's report-size cap, 503 past
/// the deadline.
async fn least_report(state: &AppState, request: LeastRequest) -> ApiResult {
    let job_state = state.clone();
    let limit = state.limits.max_report_bytes;
    let body = heavy::run(state, move |cancelled| {
        let report = run(&job_state.engine, &request).map_err(|error| match error {
            RequestError::Invalid(message) => WebError::bad_request(message),
            RequestError::TooManyCalls { .. } | RequestError::ReportTooLarge { .. } => {
                WebError::too_large(error.to_string())
            }
        })?;
        cancelled.check()?;
        heavy::json_within(&report, limit)
    })
    .await
    .map_err(WebError::for_api)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct LeastQuery {
    pub calls: Option<String>,
    pub scheme: Option<String>,
    /// Permissions the app holds, separated by commas or spaces.
    pub granted: Option<String>,
}

/// `GET /api/v1/least?calls=GET%20/me%0APOST%20/groups&scheme=application`.
pub async fn least_get(State(state): State<AppState>, Query(query): Query<LeastQuery>) -> ApiResult {
    let Some(calls) = query.calls else {
        return Err(WebError::bad_request("the query parameter calls is required").for_api());
    };
    let granted: Vec<String> = query
        .granted
        .as_deref()
        .unwrap_or_default()
        .split([',', ' ', '\n', '\r', '\t'])
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect();
    let request = LeastRequest {
        text: Some(calls),
        scheme: query.scheme,
        granted: (!granted.is_empty()).then_some(granted),
        ..LeastRequest::default()
    };
    least_report(&state, request).await
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct EndpointApiView {
    method: String,
    path: String,
    raw_path: String,
    versions: Vec<&'static str>,
    resource: Option<String>,
    docs: Option<String>,
    cmdlets: Vec<(String, String)>,
    permissions: Vec<SchemePermissions>,
    url: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemePermissions {
    scheme: &'static str,
    /// Least privileged first.
    permissions: Vec<GrantApiView>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct GrantApiView {
    name: String,
    least_privilege: bool,
    privilege_level: Option<u8>,
    also_requires: Vec<String>,
}

pub async fn endpoint(State(state): State<AppState>, Query(query): Query<EndpointQuery>) -> ApiResult {
    let catalogue = &state.catalogue;
    let method = query.method.as_deref().unwrap_or("GET");
    let Some(id) = catalogue.endpoint(method, &query.path) else {
        let label = format!("{method} {}", query.path);
        return Err(WebError::not_found(
            "endpoint",
            label,
            near_names(&state.catalogue, &query.path, Some("endpoint")),
        )
        .for_api());
    };
    let endpoint = &catalogue.endpoints[id];
    // The one ranking (`Engine::rank_candidates`), as the endpoint page shows it: what a
    // scheme cannot reach (app-only `/me`) or a write does not take (a read-only
    // permission) is not offered, and `leastPrivilege` is the method-aware flag.
    let engine = &state.engine;
    let permissions = Scheme::ALL
        .into_iter()
        .map(|scheme| SchemePermissions {
            scheme: scheme.as_str(),
            permissions: engine
                .rank_candidates(&[id], scheme)
                .into_iter()
                .map(|candidate| GrantApiView {
                    name: engine.permission_name(candidate.permission).to_string(),
                    least_privilege: candidate.least,
                    privilege_level: candidate.privilege_level,
                    also_requires: candidate.also_requires,
                })
                .collect(),
        })
        .collect();
    json(&EndpointApiView {
        method: endpoint.method.clone(),
        path: endpoint.path.clone(),
        raw_path: endpoint.raw_path.clone(),
        versions: endpoint.resolutions.keys().map(|version| version.as_str()).collect(),
        resource: endpoint.resource().map(str::to_string),
        docs: endpoint.docs.clone(),
        cmdlets: endpoint
            .cmdlets
            .iter()
            .map(|(version, cmdlet)| (version.as_str().to_string(), cmdlet.name.clone()))
            .collect(),
        permissions,
        url: links::endpoint_url(&endpoint.method, &endpoint.path),
    })
}

pub async fn resource(State(state): State<AppState>, Path(path): Path<ResourcePath>) -> ApiResult {
    let Some(version) = ApiVersion::parse(&path.version) else {
        return Err(WebError::not_found("API version", &path.version, Vec::new()).for_api());
    };
    match resource_view(&state.catalogue, version, &path.type_name, Reach::Endpoint) {
        Some(view) => json(&view),
        None => Err(WebError::not_found(
            "resource type",
            format!("{}/{}", version.as_str(), path.type_name),
            near_names(&state.catalogue, &path.type_name, Some("resource")),
        )
        .for_api()),
    }
}

pub async fn cmdlet(State(state): State<AppState>, Path(name): Path<String>) -> ApiResult {
    let catalogue = &state.catalogue;
    let endpoints = catalogue.cmdlet_endpoints(name.trim());
    if endpoints.is_empty() {
        return Err(WebError::not_found(
            "cmdlet",
            &name,
            near_names(&state.catalogue, &name, Some("cmdlet")),
        )
        .for_api());
    }
    let calls: Vec<serde_json::Value> = endpoints
        .iter()
        .map(|&(version, id)| {
            let endpoint = &catalogue.endpoints[id];
            serde_json::json!({
                "version": version.as_str(),
                "method": endpoint.method,
                "path": endpoint.path,
                "url": links::endpoint_url(&endpoint.method, &endpoint.path),
            })
        })
        .collect();
    json(&serde_json::json!({ "name": name.trim(), "endpoints": calls }))
}

pub async fn openapi() -> Response {
    Json(crate::openapi::document()).into_response()
}
