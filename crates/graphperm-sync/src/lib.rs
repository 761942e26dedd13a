//! `graphperm sync` and `graphperm diff` as a library: download the upstream Microsoft
//! Graph files into validated snapshots that are switched in atomically, and render what
//! changed between two catalogues (text, Markdown, JSON, Atom).
//!
//! The change history and its renderers live in [`graphperm_history`] (re-exported here
//! as [`history`], [`changes`] and [`atom`]) so the web server does not link the
//! downloader.

pub mod check;
pub mod error;
pub mod fetch;
pub mod manifest;
pub mod progress;
pub mod run;
pub mod snapshot;
pub mod source;

pub use error::{SyncError, SyncFailure};
pub use fetch::HttpOptions;
pub use graphperm_history::{atom, changes, history};
pub use progress::ProgressMode;
pub use run::{SyncOptions, SyncReport, sync};
pub use snapshot::{SnapshotInfo, list_snapshots};
pub use source::Sources;
