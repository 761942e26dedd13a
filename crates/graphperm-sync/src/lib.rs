//! `graphperm sync` and `graphperm diff` as a library: download the upstream Microsoft
//! Graph files into validated snapshots that are switched in atomically, and render what
//! changed between two catalogues (text, Markdown, JSON, Atom).
//!
//! The diff itself (the change model) lives in [`graphperm_core::diff`]; this crate
//! renders it ([`changes`]) and pairs it with the snapshots of a cache ([`history`]).
//!
//! The web layer's Changes page and `/changes.atom` use three calls, once at start-up:
//! [`history::history`]`(&data.requested, Some(&catalogue), limit)` for the change sets
//! (newest first, each a [`history::ChangeSet`] with `from`, `to` and `diff`),
//! [`changes::html`] or [`changes::json`] to show one diff, and [`atom::atom_feed`] for
//! the feed.

pub mod atom;
pub mod changes;
pub mod check;
pub mod error;
pub mod fetch;
pub mod history;
pub mod manifest;
pub mod progress;
pub mod run;
pub mod snapshot;
pub mod source;

pub use error::{SyncError, SyncFailure};
pub use fetch::HttpOptions;
pub use progress::ProgressMode;
pub use run::{SyncOptions, SyncReport, sync};
pub use snapshot::{SnapshotInfo, list_snapshots};
pub use source::Sources;
