//! The permissions index: template glue over [`graphperm_views::index_page`]. A GET
//! form, so it works without JavaScript.

use askama::Template;
pub use graphperm_views::index_page::{IndexOptions, IndexPage, PAGE_SIZE, index_page, index_rows};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "index.html")]
struct IndexTemplate {
    layout: Layout,
    page_view: IndexPage,
}

/// The template reads the view's fields as its own.
impl std::ops::Deref for IndexTemplate {
    type Target = IndexPage;
    fn deref(&self) -> &IndexPage {
        &self.page_view
    }
}

pub fn render_index_page(state: &AppState, options: &IndexOptions) -> Result<String, WebError> {
    let layout = Layout::new(
        Some(state),
        "Permissions",
        "Every Microsoft Graph permission, filterable.",
        "permissions",
    );
    Ok(IndexTemplate { layout, page_view: index_page(&state.catalogue, options) }.render()?)
}
