//! Route tests of the web explorer through `app(state).oneshot(...)`, no socket: full-page
//! snapshots from a tiny synthetic fixture, facts from the shared upstream data, the link
//! checker, and the security rules.

mod fixture_pages;
mod links;
mod security;
mod shared_data;
mod small_pages;
mod support;
