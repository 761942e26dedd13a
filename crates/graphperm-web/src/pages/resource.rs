//! The resource type page: template glue over [`graphperm_views::resource_page`].

use askama::Template;
use graphperm_views::links;
use graphperm_views::resource_page::{ResourceMiss, ResourcePage, resource_page};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "resource.html")]
struct ResourceTemplate {
    layout: Layout,
    page: ResourcePage,
}

/// The template reads the view's fields as its own.
impl std::ops::Deref for ResourceTemplate {
    type Target = ResourcePage;
    fn deref(&self) -> &ResourcePage {
        &self.page
    }
}

pub fn render_resource_page(state: &AppState, version: &str, type_name: &str) -> Result<String, WebError> {
    let page = match resource_page(&state.catalogue, &state.resource_endpoints, version, type_name) {
        Ok(page) => page,
        Err(ResourceMiss::UnknownVersion) => {
            return Err(WebError::not_found(
                "API version",
                version,
                vec![crate::error::Suggestion {
                    label: format!("v1.0/{type_name}"),
                    url: links::resource_url(links::DEFAULT_VERSION, type_name),
                }],
            ));
        }
        Err(ResourceMiss::UnknownType(api_version)) => {
            return Err(WebError::not_found(
                "resource type",
                format!("{}/{type_name}", api_version.as_str()),
                graphperm_views::suggest::near_names(&state.catalogue, type_name, Some("resource")),
            ));
        }
    };
    let layout = Layout::new(
        Some(state),
        format!("{} ({})", page.resource.name, page.resource.version),
        page.description.clone().unwrap_or_default(),
        "",
    );
    Ok(ResourceTemplate { layout, page }.render()?)
}
