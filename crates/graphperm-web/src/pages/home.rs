//! The home page: the search front and centre, counts, the most privileged permissions.

use askama::Template;
use graphperm_views::links;

use super::{Badge, Layout, level_badge, thousands};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    permission_count: String,
    endpoint_count: String,
    cmdlet_count: String,
    type_count: String,
    /// The highest privilege level any permission has, with its label ("4 · High").
    top_level: Option<(u8, &'static str)>,
    /// How many permissions have that level (the list shows the first [`TOP_ROWS`]).
    top_count: usize,
    most_privileged: Vec<TopRow>,
}

/// Rows of the "most privileged" table; the link under it lists them all.
const TOP_ROWS: usize = 12;

struct TopRow {
    name: String,
    url: String,
    level: Badge,
    endpoints: String,
    description: String,
}

pub fn render_home_page(state: &AppState) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    // The data decides what "most privileged" means: level 5 may not occur at all. The
    // same predicate as the index's `level=` filter, so the link shows the same list.
    let top_level =
        catalogue.permissions.iter().filter_map(|permission| permission.max_privilege_level()).max();
    let mut top: Vec<&graphperm_core::model::Permission> = catalogue
        .permissions
        .iter()
        .filter(|permission| top_level.is_some() && permission.max_privilege_level() == top_level)
        .collect();
    top.sort_by(|a, b| b.grants.len().cmp(&a.grants.len()).then(a.name.cmp(&b.name)));
    let top_count = top.len();
    let most_privileged = top
        .into_iter()
        .take(TOP_ROWS)
        .map(|permission| TopRow {
            name: permission.name.clone(),
            url: links::permission_url(&permission.name),
            level: level_badge(permission.max_privilege_level().unwrap_or_default()),
            endpoints: thousands(permission.grants.len()),
            description: permission
                .schemes
                .values()
                .find_map(|scheme| scheme.admin_display_name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let page = HomePage {
        layout: Layout::new(
            Some(state),
            "Microsoft Graph permissions explorer",
            "Every Microsoft Graph permission with its endpoints, resources, cmdlets and the least-privileged choice.",
            "home",
        ),
        permission_count: thousands(catalogue.permissions.len()),
        endpoint_count: thousands(catalogue.endpoints.len()),
        cmdlet_count: thousands(catalogue.cmdlets().count()),
        type_count: thousands(catalogue.schemas.values().map(|schema| schema.types.len()).max().unwrap_or(0)),
        top_level: top_level.map(|level| (level, graphperm_views::permission::privilege_label(level))),
        top_count,
        most_privileged,
    };
    Ok(page.render()?)
}
