//! The endpoint page: template glue over [`graphperm_views::endpoint_page`].

use askama::Template;
use graphperm_views::endpoint_page::{EndpointPage, endpoint_page, find_endpoint};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "endpoint.html")]
struct EndpointTemplate {
    layout: Layout,
    page: EndpointPage,
}

/// The template reads the view's fields as its own.
impl std::ops::Deref for EndpointTemplate {
    type Target = EndpointPage;
    fn deref(&self) -> &EndpointPage {
        &self.page
    }
}

/// `method` defaults to GET, falling back to any method the path has.
pub fn render_endpoint_page(state: &AppState, method: Option<&str>, path: &str) -> Result<String, WebError> {
    let path: String = path.chars().take(2048).collect();
    let Some(endpoint_id) = find_endpoint(&state.catalogue, method, &path) else {
        let label = format!("{} {path}", method.unwrap_or("GET").to_ascii_uppercase());
        return Err(WebError::not_found(
            "endpoint",
            label,
            graphperm_views::suggest::near_names(&state.catalogue, &path, Some("endpoint")),
        ));
    };
    let page = endpoint_page(&state.catalogue, &state.engine, &state.findings(), endpoint_id);
    let layout = Layout::new(
        Some(state),
        format!("{} {}", page.method, page.path),
        page.summary.clone().unwrap_or_default(),
        "",
    );
    Ok(EndpointTemplate { layout, page }.render()?)
}
