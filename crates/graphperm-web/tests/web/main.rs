//! Route tests of the web explorer through `app(state).oneshot(...)`, no socket: full-page
//! snapshots from a tiny synthetic fixture, facts from the shared upstream data, the link
//! checker, and the security rules.

mod audit;
mod cache;
mod errors;
mod fixture_pages;
mod links;
mod openapi;
mod permission_pages;
mod security;
mod server;
mod shared_data;
mod small_pages;
mod support;
mod tidy;
