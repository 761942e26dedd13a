//! Loaders for every upstream file, and the join that turns them into a [`Catalogue`].
//!
//! Each submodule reads one format into private parsing structs and returns plain data;
//! [`load_catalogue`] reads them all, warns about missing optional files, and joins:
//! permission names case-insensitively across files, endpoints by (method, path key),
//! paths through each version's schema, cmdlets from the map or derived.

pub mod cmdlets;
pub mod csdl;
pub mod descriptions;
mod join;
pub mod json;
pub mod permissions;
pub mod provisioning;
pub mod schema_files;
pub mod service_principal;

pub use join::join;

use std::collections::BTreeMap;

use std::path::Path;

use crate::catalogue::Catalogue;
use crate::data_dir::{self, DataDir, UpstreamFile};
use crate::error::{LoadError, LoadWarning};
use crate::model::ApiVersion;
use crate::schema::Schema;

/// Every upstream file, parsed, before the join.
#[derive(Debug, Default)]
pub struct Sources {
    pub permissions: Vec<permissions::FilePermission>,
    pub descriptions: Option<descriptions::Descriptions>,
    pub localized: Vec<(String, descriptions::Descriptions)>,
    pub provisioning: Option<BTreeMap<String, Vec<provisioning::Deployment>>>,
    pub schemas: Vec<Schema>,
    /// Per version, the files its schema was built from.
    pub schema_files: BTreeMap<ApiVersion, schema_files::SchemaFiles>,
    pub cmdlet_map: Option<Vec<cmdlets::CommandEntry>>,
    /// The imported Microsoft Graph service principal (`graphperm import-sp`), if any.
    pub service_principal: Option<service_principal::ServicePrincipal>,
    pub warnings: Vec<LoadWarning>,
}

/// Reads every upstream file of `dir` (the bare parse, without joining).
pub fn read_sources(dir: &DataDir) -> Result<Sources, LoadError> {
    let mut sources = Sources::default();
    let permissions_path = dir.path_of(&data_dir::PERMISSIONS);
    sources.permissions = permissions::read(&permissions_path, &mut sources.warnings)?;
    sources.descriptions = optional(dir, &data_dir::DESCRIPTIONS, &mut sources.warnings, descriptions::read)?;
    for (locale, file) in data_dir::LOCALES.iter().zip(data_dir::LOCALIZED_DESCRIPTIONS.iter()) {
        if let Some(localized) = optional(dir, file, &mut sources.warnings, descriptions::read)? {
            sources.localized.push((locale.to_string(), localized));
        }
    }
    sources.provisioning = optional(dir, &data_dir::PROVISIONING, &mut sources.warnings, provisioning::read)?;
    let dates = data_dir::manifest_file_dates(dir);
    for version in ApiVersion::ALL {
        if let Some((schema, files)) =
            schema_files::read(dir, version, dates.as_ref(), &mut sources.warnings)?
        {
            sources.schemas.push(schema);
            sources.schema_files.insert(version, files);
        }
    }
    sources.cmdlet_map = optional(dir, &data_dir::CMDLET_MAP, &mut sources.warnings, cmdlets::read)?;
    let imported = dir.requested.join(service_principal::FILE_NAME);
    if imported.is_file() {
        sources.service_principal = Some(service_principal::read(&imported)?);
    }
    Ok(sources)
}

/// Reads an optional file: absent → a warning naming it and `None`; present but
/// malformed → the error.
fn optional<T>(
    dir: &DataDir,
    file: &UpstreamFile,
    warnings: &mut Vec<LoadWarning>,
    read: impl FnOnce(&Path) -> Result<T, LoadError>,
) -> Result<Option<T>, LoadError> {
    let path = dir.path_of(file);
    if !path.is_file() {
        warnings.push(LoadWarning {
            message: format!(
                "optional file {} is missing from {}: {}",
                file.relative_path(),
                dir.root.display(),
                what_is_lost(file)
            ),
        });
        return Ok(None);
    }
    read(&path).map(Some)
}

fn what_is_lost(file: &UpstreamFile) -> &'static str {
    match file.path {
        p if p == data_dir::CMDLET_MAP.path => "cmdlet names are derived from paths instead",
        p if p == data_dir::SCHEMA_V1.path => "v1.0 paths are not resolved to resource types",
        p if p == data_dir::SCHEMA_BETA.path => "beta paths are not resolved to resource types",
        p if p == data_dir::PROVISIONING.path => "hidden/enabled status and some GUIDs are unknown",
        p if p == data_dir::DESCRIPTIONS.path => "GUIDs and consent texts are unknown",
        _ => "descriptions in this language fall back to English",
    }
}

/// Reads and joins everything.
pub fn load_catalogue(dir: &DataDir) -> Result<Catalogue, LoadError> {
    let started = std::time::Instant::now();
    let sources = read_sources(dir)?;
    tracing::debug!("sources parsed in {:?}", started.elapsed());
    let data_date = data_dir::data_date(dir, &data_dir::upstream_files());
    Ok(join(dir.clone(), data_date, sources))
}
