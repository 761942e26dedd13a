//! Every route of the explorer, and the layers around them.

use std::any::Any;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;

use crate::error::WebError;
use crate::state::AppState;
use crate::{api, handlers, security};

pub fn router(state: AppState) -> Router {
    Router::new()
        // Pages.
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
        // JSON API.
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/v1/permissions", get(api::permissions))
        .route("/api/v1/permission/{name}", get(api::permission))
        .route("/api/v1/search", get(api::search))
        .route("/api/v1/least", get(api::least_get).post(api::least))
        .route("/api/v1/endpoint", get(api::endpoint))
        .route("/api/v1/resource/{version}/{type}", get(api::resource))
        .route("/api/v1/cmdlet/{name}", get(api::cmdlet))
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(security::MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(security::MAX_BODY_BYTES))
        .layer(middleware::from_fn(security::limit_query))
        // The default levels (brotli 11) cost milliseconds per page; the fastest level
        // still shrinks HTML about fivefold.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(middleware::from_fn(security::headers))
        .layer(CatchPanicLayer::custom(panic_response))
        .with_state(state)
}

/// A panic in a handler becomes a logged 500 page, never a dropped connection.
fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_string()))
        .unwrap_or_else(|| "unknown panic".to_string());
    let mut response = WebError::internal(format!("handler panicked: {detail}")).into_response();
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response
}
