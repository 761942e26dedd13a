//! The cmdlet page: template glue over [`graphperm_views::cmdlet_page`].

use askama::Template;
use graphperm_views::cmdlet_page::{CmdletPage, cmdlet_page};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "cmdlet.html")]
struct CmdletTemplate {
    layout: Layout,
    page: CmdletPage,
}

/// The template reads the view's fields as its own.
impl std::ops::Deref for CmdletTemplate {
    type Target = CmdletPage;
    fn deref(&self) -> &CmdletPage {
        &self.page
    }
}

pub fn render_cmdlet_page(state: &AppState, name: &str) -> Result<String, WebError> {
    let Some(page) = cmdlet_page(&state.catalogue, &state.engine, name) else {
        return Err(WebError::not_found(
            "cmdlet",
            name,
            graphperm_views::suggest::near_names(&state.catalogue, name, Some("cmdlet")),
        ));
    };
    let layout = Layout::new(
        Some(state),
        page.name.clone(),
        format!("The Microsoft Graph PowerShell cmdlet {}: its endpoints and permissions.", page.name),
        "",
    );
    Ok(CmdletTemplate { layout, page }.render()?)
}
