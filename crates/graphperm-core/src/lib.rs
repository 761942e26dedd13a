//! The graphperm core: every Microsoft Graph permission, endpoint, resource type and
//! cmdlet, joined into one read-only [`Catalogue`], plus search and the least-privilege
//! engine over it.
//!
//! This crate knows nothing of HTTP, HTML, terminals or async runtimes: it reads a data
//! folder in the upstream layout once ([`Catalogue::load`]) and answers questions from
//! memory afterwards.

pub mod audit;
pub mod catalogue;
pub mod cmdlet;
pub mod data_dir;
pub mod diff;
pub mod error;
pub mod guids;
pub mod least;
pub mod lint;
pub mod load;
pub mod model;
pub mod resolve;
pub mod resources;
pub mod schema;
pub mod search;

pub use catalogue::Catalogue;
pub use data_dir::DataDir;
pub use error::LoadError;
pub use model::{ApiVersion, Scheme};
