//! The home page: the search front and centre, counts, the most privileged permissions.

use askama::Template;
use graphperm_views::links;

use super::{Badge, Layout, level_badge};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    layout: Layout,
    permission_count: usize,
    endpoint_count: usize,
    cmdlet_count: usize,
    type_count: usize,
    most_privileged: Vec<TopRow>,
}

struct TopRow {
    name: String,
    url: String,
    level: Badge,
    endpoints: usize,
    description: String,
}

pub fn render_home_page(state: &AppState) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    let mut top: Vec<&graphperm_core::model::Permission> = catalogue
        .permissions
        .iter()
        .filter(|permission| permission.max_privilege_level() >= Some(5))
        .collect();
    top.sort_by(|a, b| b.grants.len().cmp(&a.grants.len()).then(a.name.cmp(&b.name)));
    let most_privileged = top
        .into_iter()
        .take(12)
        .map(|permission| TopRow {
            name: permission.name.clone(),
            url: links::permission_url(&permission.name),
            level: level_badge(permission.max_privilege_level().unwrap_or(5)),
            endpoints: permission.grants.len(),
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
        permission_count: catalogue.permissions.len(),
        endpoint_count: catalogue.endpoints.len(),
        cmdlet_count: catalogue.cmdlets().count(),
        type_count: catalogue.schemas.values().map(|schema| schema.types.len()).max().unwrap_or(0),
        most_privileged,
    };
    Ok(page.render()?)
}
