//! The home page as typed values: counts and the most privileged permissions.

use graphperm_core::Catalogue;
use graphperm_core::least::order::is_tier_zero;
use graphperm_core::model::Permission;
use serde::Serialize;

use crate::badge::{Badge, level_badge, thousands};
use crate::links;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HomePage {
    pub permission_count: String,
    pub endpoint_count: String,
    pub cmdlet_count: String,
    pub type_count: String,
    /// The highest privilege level any permission has, with its label ("4 · High").
    pub top_level: Option<(u8, &'static str)>,
    /// How many permissions have that level (the list shows the first [`TOP_ROWS`]).
    pub top_count: usize,
    pub most_privileged: Vec<TopRow>,
    /// Every tier-0 permission of the data (`least::order::TIER_ZERO`), whatever its
    /// level: control of the whole tenant.
    pub tier_zero: Vec<TierZero>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TierZero {
    pub name: String,
    pub url: String,
    pub level: Option<Badge>,
}

/// Rows of the "most privileged" table; the link under it lists them all.
pub const TOP_ROWS: usize = 12;

#[derive(Debug, Clone, Serialize)]
pub struct TopRow {
    pub name: String,
    pub url: String,
    pub level: Badge,
    /// One of the tier-0 permissions (control of the whole tenant).
    pub tier_zero: bool,
    pub endpoints: String,
    pub description: String,
}

pub fn home_page(catalogue: &Catalogue) -> HomePage {
    // The data decides what "most privileged" means: level 5 may not occur at all. The
    // same predicate as the index's `level=` filter, so the link shows the same list.
    let top_level =
        catalogue.permissions.iter().filter_map(|permission| permission.max_privilege_level()).max();
    let mut top: Vec<&Permission> = catalogue
        .permissions
        .iter()
        .filter(|permission| top_level.is_some() && permission.max_privilege_level() == top_level)
        .collect();
    // Tier 0 first (control of the whole tenant, `least::order::TIER_ZERO`), then the
    // permissions granting the most endpoints: a Read of many endpoints is not more
    // privileged than Directory.ReadWrite.All.
    top.sort_by(|a, b| {
        is_tier_zero(&b.name)
            .cmp(&is_tier_zero(&a.name))
            .then(b.grants.len().cmp(&a.grants.len()))
            .then(a.name.cmp(&b.name))
    });
    let top_count = top.len();
    let most_privileged = top
        .into_iter()
        .take(TOP_ROWS)
        .map(|permission| TopRow {
            name: permission.name.clone(),
            url: links::permission_url(&permission.name),
            level: level_badge(permission.max_privilege_level().unwrap_or_default()),
            tier_zero: is_tier_zero(&permission.name),
            endpoints: thousands(permission.grants.len()),
            description: permission
                .schemes
                .values()
                .find_map(|scheme| scheme.texts.admin_display_name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let tier_zero = graphperm_core::least::order::TIER_ZERO
        .iter()
        .filter_map(|name| catalogue.permission_id_exact(name))
        .map(|id| &catalogue.permissions[id])
        .map(|permission| TierZero {
            name: permission.name.clone(),
            url: links::permission_url(&permission.name),
            level: permission.max_privilege_level().map(level_badge),
        })
        .collect();
    HomePage {
        tier_zero,
        permission_count: thousands(catalogue.permissions.len()),
        endpoint_count: thousands(catalogue.endpoints.len()),
        cmdlet_count: thousands(catalogue.cmdlets().count()),
        type_count: thousands(catalogue.schemas.values().map(|schema| schema.types.len()).max().unwrap_or(0)),
        top_level: top_level.map(|level| (level, crate::permission::privilege_label(level))),
        top_count,
        most_privileged,
    }
}
