//! One `render_*` function per page. They take the state and plain options, never axum
//! extractors, and return the HTML, so the server and a static export share them.

pub mod audit;
pub mod changes;
pub mod cmdlet;
pub mod endpoint;
pub mod error;
pub mod home;
pub mod index;
pub mod least;
pub mod lint;
pub mod permission;
pub mod resource;
pub mod search;

use graphperm_views::dates::DataDate;
pub use graphperm_views::dates::human_date;

use crate::assets::asset_url;
use crate::state::AppState;

pub use changes::{render_changes_feed, render_changes_page};
pub use cmdlet::render_cmdlet_page;
pub use endpoint::render_endpoint_page;
pub use graphperm_views::badge::{Badge, thousands};
pub use home::render_home_page;
pub use index::{IndexOptions, render_index_page};
pub use least::{LeastForm, render_least_page};
pub use lint::render_lint_page;
pub use permission::{MethodTab, PermissionOptions, SchemeFilter, render_permission_page};
pub use resource::render_resource_page;
pub use search::render_search_page;

/// What every page's frame needs: title, asset URLs, the data date, the active section.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub description: String,
    pub css: String,
    pub js: String,
    pub icon: String,
    /// "April 6, 2026 at 4:06 AM UTC", or empty when unknown.
    pub data_date: String,
    /// The same date as RFC 3339, for `<time datetime>`; empty when unknown.
    pub data_date_iso: String,
    /// `home`, `permissions`, `least` or empty.
    pub nav: &'static str,
}

impl Layout {
    pub fn new(
        state: Option<&AppState>,
        title: impl Into<String>,
        description: impl Into<String>,
        nav: &'static str,
    ) -> Layout {
        let date = state.map(|state| DataDate::of(&state.catalogue)).unwrap_or_default();
        Layout {
            title: title.into(),
            description: description.into(),
            css: asset_url("app.css"),
            js: asset_url("app.js"),
            icon: asset_url("favicon.svg"),
            data_date: date.human,
            data_date_iso: date.iso,
            nav,
        }
    }
}

/// A permission name as HTML that wraps at its dots, never inside a word: the name
/// escaped, with a `<wbr>` after each dot (copying it gives the name unchanged).
/// `DeviceManagementConfiguration.ReadWrite.All` broke as `…Configuration.Rea` / `dWrite.All`
/// in a 390 px card.
pub fn name_breaks(name: &str) -> String {
    html_escape::encode_text(name).replace('.', ".<wbr>")
}

/// A path as HTML that wraps after its slashes, never inside a segment:
/// `/deviceManagement/managedDevi` / `ces` in a 390 px heading.
pub fn path_breaks(path: &str) -> String {
    html_escape::encode_text(path).replace('/', "/<wbr>")
}
