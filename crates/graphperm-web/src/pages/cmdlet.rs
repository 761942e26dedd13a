//! The cmdlet page: the endpoints a Microsoft Graph PowerShell cmdlet calls and the
//! permissions each needs, least privileged first.

use askama::Template;
use graphperm_views::links;

use super::Layout;
use super::endpoint::{SchemeGrants, grants_by_scheme};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "cmdlet.html")]
struct CmdletPage {
    layout: Layout,
    name: String,
    module: Option<String>,
    derived: bool,
    calls: Vec<CallSection>,
}

struct CallSection {
    version: &'static str,
    method: String,
    path: String,
    url: String,
    schemes: Vec<SchemeGrants>,
}

pub fn render_cmdlet_page(state: &AppState, name: &str) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    let endpoints = catalogue.cmdlet_endpoints(name.trim());
    if endpoints.is_empty() {
        return Err(WebError::not_found(
            "cmdlet",
            name,
            crate::handlers::suggest(state, name, Some("cmdlet")),
        ));
    }
    let mut display_name = name.trim().to_string();
    let mut module = None;
    let mut derived = false;
    let calls = endpoints
        .iter()
        .map(|&(version, endpoint_id)| {
            let endpoint = &catalogue.endpoints[endpoint_id];
            if let Some(cmdlet) = endpoint.cmdlets.get(&version) {
                if cmdlet.name.eq_ignore_ascii_case(name.trim()) {
                    display_name = cmdlet.name.clone();
                }
                module = module.take().or_else(|| cmdlet.module.clone());
                derived |= cmdlet.source == graphperm_core::model::CmdletSource::Derived;
            }
            CallSection {
                version: version.as_str(),
                method: endpoint.method.clone(),
                path: endpoint
                    .resolutions
                    .get(&version)
                    .map_or_else(|| endpoint.path.clone(), |r| r.canonical_path.clone()),
                url: links::endpoint_url(&endpoint.method, &endpoint.path),
                schemes: grants_by_scheme(state, endpoint_id),
            }
        })
        .collect();
    let page = CmdletPage {
        layout: Layout::new(Some(state), display_name.clone(), "", ""),
        name: display_name,
        module,
        derived,
        calls,
    };
    Ok(page.render()?)
}
