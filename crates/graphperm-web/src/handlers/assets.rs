//! Serves the embedded CSS, JavaScript and icon with long-lived caching.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::assets::{asset, asset_url};
use crate::error::WebError;

/// `/static/{name}`: the URLs carry a content hash, so a year of caching is safe.
pub async fn static_asset(Path(name): Path<String>) -> Result<Response, WebError> {
    let Some(found) = asset(&name) else {
        return Err(WebError::not_found("file", name, Vec::new()));
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, found.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        found.bytes,
    )
        .into_response())
}

pub async fn favicon() -> Redirect {
    Redirect::permanent(&asset_url("favicon.svg"))
}
