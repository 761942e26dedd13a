//! The public JSON and CSV shapes of graphperm: what `graphperm show --format json`,
//! `/permission/{Name}.json` and the static site's exports all print, byte for byte.
//!
//! These structs are the public contract documented by the JSON Schemas in `schema/`;
//! the core's model types stay free to change.

pub mod audit;
pub mod badge;
pub mod cmdlet_page;
pub mod dates;
pub mod endpoint_page;
pub mod export;
pub mod home_page;
pub mod index_page;
pub mod least;
pub mod least_page;
pub mod links;
pub mod lint;
pub mod permission;
pub mod permission_page;
pub mod permission_sections;
pub mod registration;
pub mod resource_page;
pub mod samples;
pub mod search;
pub mod sources;
pub mod suggest;
pub mod summary;
