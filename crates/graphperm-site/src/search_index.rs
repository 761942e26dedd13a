//! The palette's search index for the static site, where there is no `/api/v1/search`:
//! one JSON file of every name the server's index holds, with the file each one opens.
//! `static/site.js` loads it on the first search and matches in the browser.

use std::collections::{BTreeSet, HashMap};

use graphperm_core::model::ApiVersion;
use graphperm_core::schema::{TypeKind, page_name};
use graphperm_views::badge::{Badge, least_badges, permission_badges};
use graphperm_web::AppState;
use serde::Serialize;

use crate::urls::{UrlMap, cmdlet_file, endpoint_file, permission_file, resource_file};

/// Kinds by their number in [`SearchIndexFile::entries`]; `site.js` holds the same list.
pub const KINDS: [&str; 4] = ["permission", "endpoint", "cmdlet", "resource"];

/// `{"version": 1, "kinds": [...], "badges": [[label, class, title], ...], "entries":
/// [[kind, label, file, detail, [badge, ...]], ...]}`: arrays, not objects, and each
/// badge written once and named by its number, because the file is read by every
/// visitor who searches. The badges are those of the server's search results
/// (`graphperm_views::badge`): a permission's schemes, consent, level and least count;
/// an endpoint's or cmdlet's least privileged permission per scheme.
#[derive(Debug, Serialize)]
pub struct SearchIndexFile {
    pub version: u32,
    pub kinds: [&'static str; 4],
    pub badges: Vec<(String, String, String)>,
    pub entries: Vec<(u8, String, String, String, Vec<u32>)>,
}

/// Numbers badges in the order first seen.
#[derive(Default)]
struct BadgeTable {
    badges: Vec<(String, String, String)>,
    numbers: HashMap<(String, String, String), u32>,
}

impl BadgeTable {
    fn numbers(&mut self, badges: Vec<Badge>) -> Vec<u32> {
        badges
            .into_iter()
            .map(|badge| {
                let key = (badge.label, badge.class, badge.title);
                *self.numbers.entry(key.clone()).or_insert_with(|| {
                    self.badges.push(key);
                    u32::try_from(self.badges.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect()
    }
}

/// The same entries as `graphperm_core::search::SearchIndex::build`: permissions, one
/// resource type per name (v1.0 when it has it), cmdlets, endpoints.
pub fn build_search_index(state: &AppState) -> SearchIndexFile {
    let catalogue = &state.catalogue;
    let map = UrlMap::new(state);
    let mut entries = Vec::new();
    let mut badges = BadgeTable::default();
    for permission in &catalogue.permissions {
        let detail = permission
            .schemes
            .values()
            .find_map(|scheme| scheme.texts.admin_display_name.clone())
            .unwrap_or_default();
        let numbers = badges.numbers(permission_badges(permission));
        entries.push((
            0,
            permission.name.clone(),
            permission_file(&permission.name, "html"),
            detail,
            numbers,
        ));
    }
    let mut endpoint_badges: Vec<Option<Vec<u32>>> = vec![None; catalogue.endpoints.len()];
    let mut badges_of = |id: usize, badges: &mut BadgeTable| -> Vec<u32> {
        endpoint_badges[id].get_or_insert_with(|| badges.numbers(least_badges(&state.engine, id))).clone()
    };
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        entries.push((
            1,
            format!("{} {}", endpoint.method, endpoint.path),
            endpoint_file(&endpoint.method, &endpoint.path),
            endpoint.resource().unwrap_or_default().to_string(),
            badges_of(id, &mut badges),
        ));
    }
    let cmdlets: BTreeSet<&str> = catalogue
        .endpoints
        .iter()
        .flat_map(|endpoint| endpoint.cmdlets.values())
        .map(|c| c.name.as_str())
        .collect();
    for cmdlet in cmdlets {
        let numbers = catalogue
            .cmdlet_endpoints(cmdlet)
            .first()
            .map(|&(_, id)| badges_of(id, &mut badges))
            .unwrap_or_default();
        entries.push((2, cmdlet.to_string(), cmdlet_file(cmdlet), String::new(), numbers));
    }
    let mut seen = BTreeSet::new();
    for version in [ApiVersion::V1, ApiVersion::Beta] {
        let Some(schema) = catalogue.schema(version) else {
            continue;
        };
        for ty in &schema.types {
            if ty.kind == TypeKind::Enum || !seen.insert(page_name(&ty.full_name()).to_ascii_lowercase()) {
                continue;
            }
            if let Some(name) = map.resource_name(version, &ty.full_name()) {
                entries.push((
                    3,
                    name.clone(),
                    resource_file(version, &name),
                    version.as_str().into(),
                    Vec::new(),
                ));
            }
        }
    }
    SearchIndexFile { version: 1, kinds: KINDS, badges: badges.badges, entries }
}
