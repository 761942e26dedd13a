//! The home page: template glue over [`graphperm_views::home_page`]; the search front
//! and centre, counts, the most privileged permissions.

use askama::Template;
use graphperm_views::home_page::{HomePage, home_page};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate {
    layout: Layout,
    page: HomePage,
}

/// The template reads the view's fields as its own.
impl std::ops::Deref for HomeTemplate {
    type Target = HomePage;
    fn deref(&self) -> &HomePage {
        &self.page
    }
}

pub fn render_home_page(state: &AppState) -> Result<String, WebError> {
    let layout = Layout::new(
        Some(state),
        "Microsoft Graph permissions explorer",
        "Every Microsoft Graph permission with its endpoints, resources, cmdlets and the least-privileged choice.",
        "home",
    );
    Ok(HomeTemplate { layout, page: home_page(&state.catalogue) }.render()?)
}
