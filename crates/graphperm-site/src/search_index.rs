//! The palette's search index for the static site, where there is no `/api/v1/search`:
//! one JSON file of every name the server's index holds, with the file each one opens.
//! `static/site.js` loads it on the first search and matches in the browser.

use std::collections::BTreeSet;

use graphperm_core::model::ApiVersion;
use graphperm_core::schema::{TypeKind, short_name};
use graphperm_web::AppState;
use serde::Serialize;

use crate::urls::{UrlMap, cmdlet_file, endpoint_file, permission_file, resource_file};

/// Kinds by their number in [`SearchIndexFile::entries`]; `site.js` holds the same list.
pub const KINDS: [&str; 4] = ["permission", "endpoint", "cmdlet", "resource"];

/// `{"version": 1, "kinds": [...], "entries": [[kind, label, file, detail], ...]}`:
/// arrays, not objects, because the file is read by every visitor who searches.
#[derive(Debug, Serialize)]
pub struct SearchIndexFile {
    pub version: u32,
    pub kinds: [&'static str; 4],
    pub entries: Vec<(u8, String, String, String)>,
}

/// The same entries as `graphperm_core::search::SearchIndex::build`: permissions, one
/// resource type per name (v1.0 when it has it), cmdlets, endpoints.
pub fn build_search_index(state: &AppState) -> SearchIndexFile {
    let catalogue = &state.catalogue;
    let map = UrlMap::new(state);
    let mut entries = Vec::new();
    for permission in &catalogue.permissions {
        let detail = permission
            .schemes
            .values()
            .find_map(|scheme| scheme.admin_display_name.clone())
            .unwrap_or_default();
        entries.push((0, permission.name.clone(), permission_file(&permission.name, "html"), detail));
    }
    for endpoint in &catalogue.endpoints {
        entries.push((
            1,
            format!("{} {}", endpoint.method, endpoint.path),
            endpoint_file(&endpoint.method, &endpoint.path),
            endpoint.resource().unwrap_or_default().to_string(),
        ));
    }
    let cmdlets: BTreeSet<&str> = catalogue
        .endpoints
        .iter()
        .flat_map(|endpoint| endpoint.cmdlets.values())
        .map(|c| c.name.as_str())
        .collect();
    for cmdlet in cmdlets {
        entries.push((2, cmdlet.to_string(), cmdlet_file(cmdlet), String::new()));
    }
    let mut seen = BTreeSet::new();
    for version in [ApiVersion::V1, ApiVersion::Beta] {
        let Some(schema) = catalogue.schema(version) else {
            continue;
        };
        for ty in &schema.types {
            if ty.kind == TypeKind::Enum || !seen.insert(ty.name.to_ascii_lowercase()) {
                continue;
            }
            if let Some(name) = map.resource_name(version, &ty.full_name()) {
                entries.push((
                    3,
                    short_name(&name).to_string(),
                    resource_file(version, &name),
                    version.as_str().into(),
                ));
            }
        }
    }
    SearchIndexFile { version: 1, kinds: KINDS, entries }
}
