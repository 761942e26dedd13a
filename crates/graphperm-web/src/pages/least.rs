//! The least-privilege calculator: template glue over [`graphperm_views::least_page`].
//! A plain form (GET or POST), and every result has a shareable GET URL with the calls in
//! the query string.

use askama::Template;
pub use graphperm_views::least_page::LeastForm;
use graphperm_views::least_page::{LeastPage, least_page};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "least.html")]
struct LeastTemplate {
    layout: Layout,
    page: LeastPage,
}

/// The template reads the view's fields as its own.
impl std::ops::Deref for LeastTemplate {
    type Target = LeastPage;
    fn deref(&self) -> &LeastPage {
        &self.page
    }
}

/// Renders the calculator; with calls in the form, the result too.
pub fn render_least_page(state: &AppState, form: &LeastForm) -> Result<String, WebError> {
    let layout = Layout::new(
        Some(state),
        "Least-privilege calculator",
        "The fewest, least privileged Microsoft Graph permissions for a set of calls.",
        "least",
    );
    Ok(LeastTemplate { layout, page: least_page(&state.catalogue, &state.engine, form) }.render()?)
}
