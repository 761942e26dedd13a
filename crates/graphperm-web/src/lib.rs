//! The graphperm web explorer: server-rendered pages, a JSON API and embedded assets,
//! served by `graphperm serve` and rendered by the same functions for the static site.
//!
//! [`app`] builds the whole router from an [`AppState`] (tests call it with
//! `tower::ServiceExt::oneshot`, no socket needed). The [`pages`] module holds one
//! `render_*` function per page that knows nothing of axum: it takes the state and plain
//! options and returns HTML, so another output (a static export) can call it too.

mod api;
mod assets;
mod cache;
mod error;
mod handlers;
mod heavy;
mod openapi;
pub mod pages;
mod routes;
mod security;
mod server;
mod state;

pub use assets::{Asset, asset, asset_url, assets};
pub use error::{Surface, WebError};
pub use openapi::document as openapi_document;
pub use routes::api_paths;
pub use server::{ServeOptions, serve};
pub use state::{AppState, Limits};

/// The explorer's router: pages, API, assets, security headers, limits and compression.
pub fn app(state: AppState) -> axum::Router {
    routes::router(state)
}

/// [`app`] plus `extra` routes under the same layers, for tests of the layers themselves
/// (a handler that panics, one that sleeps).
pub fn app_with_extra_routes(state: AppState, extra: axum::Router<AppState>) -> axum::Router {
    routes::with_extra_routes(state, extra)
}
