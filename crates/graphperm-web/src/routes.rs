//! Every route of the explorer, and the layers around them.

use std::any::Any;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::state::AppState;
use crate::{api, cache, handlers, security};

pub fn router(state: AppState) -> Router {
    with_layers(pages().merge(api_router()), state)
}

/// The pages, assets and health check.
fn pages() -> Router<AppState> {
    Router::new()
        .route("/", get(handlers::home))
        .route("/search", get(handlers::search))
        .route("/permissions", get(handlers::index))
        .route("/permissions.json", get(handlers::export_json))
        .route("/permissions.csv", get(handlers::export_csv))
        .route("/permission/{name}", get(handlers::permission))
        .route("/permissions/{name}", get(handlers::permission))
        .route("/resource/{version}/{type}", get(handlers::resource))
        .route("/endpoint", get(handlers::endpoint))
        .route("/cmdlet/{name}", get(handlers::cmdlet))
        .route("/least", get(handlers::least_get).post(handlers::least_post))
        .route("/lint", get(handlers::lint))
        .route("/audit", get(handlers::audit_get).post(handlers::audit_post))
        .route("/changes", get(handlers::changes))
        .route("/changes.atom", get(handlers::changes_feed))
        // Assets.
        .route("/static/{name}", get(handlers::static_asset))
        .route("/favicon.ico", get(handlers::favicon))
        .route("/healthz", get(|| async { "ok" }))
}

/// The JSON API, one table: the router is built from it and the OpenAPI test compares
/// the document's paths and methods with it.
fn api_table() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/openapi.json", get(api::openapi)),
        ("/api/v1/permissions", get(api::permissions)),
        ("/api/v1/permission/{name}", get(api::permission)),
        ("/api/v1/search", get(api::search)),
        ("/api/v1/least", get(api::least_get).post(api::least)),
        ("/api/v1/endpoint", get(api::endpoint)),
        ("/api/v1/resource/{version}/{type}", get(api::resource)),
        ("/api/v1/cmdlet/{name}", get(api::cmdlet)),
    ]
}

fn api_router() -> Router<AppState> {
    api_table().into_iter().fold(Router::new(), |router, (path, methods)| router.route(path, methods))
}

/// The paths of the JSON API as the router has them (`{name}` placeholders).
pub fn api_paths() -> Vec<&'static str> {
    api_table().into_iter().map(|(path, _)| path).collect()
}

/// The explorer's routes plus `extra` under the same layers (tests add a panicking route).
pub fn with_extra_routes(state: AppState, extra: Router<AppState>) -> Router {
    with_layers(pages().merge(api_router()).merge(extra), state)
}

/// The layers, innermost first: limits, compression of what the page cache does not
/// hold, the request deadline, request limits, the panic catcher, the one error shape (a
/// panic's bare 500 becomes the JSON error or the error page), the page cache, and
/// outermost the security headers, so that every response carries them. The cache sits
/// outside the limits and the deadline: a hit skips them (a page costs what a static
/// server's does), a miss renders through all of them, and only a 200 is ever kept.
///
/// The cache and the security headers wrap the routed app once, as its fallback, not
/// each route: `Router::layer` wraps every route's boxed service, and a `from_fn` layer
/// clones the service inside it on every request, so per-route outer layers cloned the
/// whole boxed stack below them (about 25 allocations) on every hit, and routed the path
/// first. A hit now clones an `Arc` and is answered before any routing.
fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    let app = routes
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(security::MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(security::MAX_BODY_BYTES))
        // The default levels (brotli 11) cost milliseconds per page; the fastest level
        // still shrinks HTML about fivefold. Cached pages carry precompressed variants.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(middleware::from_fn_with_state(state.clone(), security::deadline))
        .layer(middleware::from_fn(security::limit_query))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn(security::error_shape))
        .with_state(state.clone());
    Router::new()
        .fallback_service(app)
        .layer(middleware::from_fn_with_state(state, cache::serve))
        .layer(middleware::from_fn(security::headers))
}

/// A panic in a handler is logged and becomes a bare 500, which `security::error_shape`
/// turns into the page or JSON error; never a dropped connection.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_string()))
        .unwrap_or_else(|| "unknown panic".to_string());
    tracing::error!("handler panicked: {detail}");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
