//! The change history of a sync cache, apart from the downloader so the web server can
//! show it without linking an HTTP client: the snapshots a cache holds ([`snapshots`],
//! with their [`manifest`]), each diffed against the one before ([`history`]), rendered
//! for people and programs ([`changes`]) and as an Atom feed ([`atom`]).
//!
//! The diff itself (the change model) lives in [`graphperm_core::diff`].
//!
//! The web layer's Changes page and `/changes.atom` use three calls, once at start-up:
//! [`history::history`]`(&data.requested, Some(&catalogue), limit)` for the change sets
//! (newest first, each a [`history::ChangeSet`] with `from`, `to` and `diff`),
//! [`changes::html`] or [`changes::json`] to show one diff, and [`atom::atom_feed`] for
//! the feed.

pub mod atom;
pub mod changes;
pub mod history;
pub mod manifest;
pub mod snapshots;
