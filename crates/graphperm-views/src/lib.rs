//! The public JSON and CSV shapes of graphperm: what `graphperm show --format json`,
//! `/permission/{Name}.json` and the static site's exports all print, byte for byte.
//!
//! These structs are the public contract documented by the JSON Schemas in `schema/`;
//! the core's model types stay free to change.

pub mod audit;
pub mod badge;
pub mod export;
pub mod least;
pub mod links;
pub mod lint;
pub mod permission;
pub mod permission_page;
pub mod registration;
pub mod samples;
pub mod search;
pub mod suggest;
pub mod summary;
