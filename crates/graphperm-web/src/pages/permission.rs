//! The permission page: template glue over [`graphperm_views::permission_page`] (the
//! rows) and [`graphperm_views::permission_sections`] (everything around them).

use askama::Template;
pub use graphperm_views::permission_page::{MethodTab, PageOptions as PermissionOptions, SchemeFilter};
use graphperm_views::permission_page::{PermissionPage, permission_page};
use graphperm_views::permission_sections::{PermissionSections, permission_sections};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "permission.html")]
struct PermissionTemplate<'a> {
    layout: Layout,
    page: &'a PermissionPage,
    name: &'a str,
    sections: PermissionSections,
}

/// The template reads the sections' fields as its own.
impl std::ops::Deref for PermissionTemplate<'_> {
    type Target = PermissionSections;
    fn deref(&self) -> &PermissionSections {
        &self.sections
    }
}

/// Renders `/permission/{name}`; an unknown name is a 404 with the nearest names.
pub fn render_permission_page(
    state: &AppState,
    name: &str,
    options: &PermissionOptions,
) -> Result<String, WebError> {
    let Some(page) = permission_page(&state.catalogue, &state.engine, name, options) else {
        return Err(WebError::not_found(
            "permission",
            name,
            graphperm_views::suggest::near_names(&state.catalogue, name, Some("permission")),
        ));
    };
    let sections = permission_sections(&state.catalogue, &page, options, &state.findings());
    let layout = Layout::new(
        Some(state),
        page.view.name.clone(),
        page.summary.clone().unwrap_or_default(),
        "permissions",
    );
    Ok(PermissionTemplate { layout, page: &page, name: &page.view.name, sections }.render()?)
}
