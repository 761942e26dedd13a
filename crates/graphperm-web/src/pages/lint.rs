//! The data-checks page (`/lint`): template glue over [`graphperm_views::lint`]; every
//! finding of `graphperm lint` over the served data, by check, with the file and entry
//! each is about.

use askama::Template;
use graphperm_views::lint::{LintFilter, LintPage, lint_page};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "lint.html")]
struct LintTemplate {
    layout: Layout,
    page: LintPage,
}

/// The template reads the view's fields as its own.
impl std::ops::Deref for LintTemplate {
    type Target = LintPage;
    fn deref(&self) -> &LintPage {
        &self.page
    }
}

/// The findings `filter` selects ([`lint_page`]).
pub fn render_lint_page(state: &AppState, filter: LintFilter<'_>) -> Result<String, WebError> {
    let layout = Layout::new(
        Some(state),
        "Data checks",
        "Where Microsoft's permission data misleads a least-privilege answer.",
        "",
    );
    Ok(LintTemplate { layout, page: lint_page(&state.findings(), filter) }.render()?)
}
