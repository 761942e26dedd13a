//! The cmdlet page: the endpoints a Microsoft Graph PowerShell cmdlet calls and the least
//! privileged permission of each, with the full ranking one click away on the endpoint
//! page (not repeated on each of the 16,000 cmdlet pages of the static site; issue #12).

use askama::Template;
use graphperm_core::model::{ApiVersion, Scheme};
use graphperm_views::links;
use graphperm_views::summary::endpoint_summary;

use super::endpoint::{SchemeGrants, grants_by_scheme};
use super::{Layout, Link};
use crate::error::WebError;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "cmdlet.html")]
struct CmdletPage {
    layout: Layout,
    name: String,
    /// What the cmdlet does, Learn-style ("Get user").
    summary: Option<String>,
    /// The full module name (`Microsoft.Graph.Users`) when the cmdlet map names it.
    module: Option<String>,
    /// The cmdlet's Learn page, or a Learn search for its name when the module is unknown.
    learn: String,
    derived: bool,
    /// `Connect-MgGraph -Scopes "…"` with the least delegated permissions of its calls.
    connect: Option<String>,
    /// App-only: the least application permissions, for a note (no scopes to pass).
    app_only: Vec<String>,
    calls: Vec<CallSection>,
}

struct CallSection {
    version: &'static str,
    method: String,
    path: String,
    url: String,
    summary: Option<String>,
    schemes: Vec<SchemeGrants>,
}

impl CallSection {
    /// Per scheme: its label and its least privileged permissions (the engine's flag,
    /// else the first of the ranking); empty when the scheme cannot make the call.
    fn least(&self) -> Vec<(&'static str, Vec<&Link>)> {
        self.schemes
            .iter()
            .map(|grants| {
                let mut least: Vec<&Link> =
                    grants.rows.iter().filter(|row| row.least).map(|row| &row.link).collect();
                if least.is_empty() {
                    least.extend(grants.rows.first().map(|row| &row.link));
                }
                (grants.label, least)
            })
            .collect()
    }
}

pub fn render_cmdlet_page(state: &AppState, name: &str) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    let endpoints = catalogue.cmdlet_endpoints(name.trim());
    if endpoints.is_empty() {
        return Err(WebError::not_found(
            "cmdlet",
            name,
            graphperm_views::suggest::near_names(&state.catalogue, name, Some("cmdlet")),
        ));
    }
    let mut display_name = name.trim().to_string();
    let mut module = None;
    let mut derived = false;
    let mut first_version = None;
    let calls: Vec<CallSection> = endpoints
        .iter()
        .map(|&(version, endpoint_id)| {
            let endpoint = &catalogue.endpoints[endpoint_id];
            if let Some(cmdlet) = endpoint.cmdlets.get(&version) {
                if cmdlet.name.eq_ignore_ascii_case(name.trim()) {
                    display_name = cmdlet.name.clone();
                }
                module = module.take().or_else(|| cmdlet.module.as_deref().map(|m| full_module(m, version)));
                derived |= cmdlet.source == graphperm_core::model::CmdletSource::Derived;
            }
            first_version.get_or_insert(version);
            CallSection {
                version: version.as_str(),
                method: endpoint.method.clone(),
                path: endpoint
                    .resolutions
                    .get(&version)
                    .map_or_else(|| endpoint.path.clone(), |r| r.canonical_path.clone()),
                url: links::endpoint_url(&endpoint.method, &endpoint.path),
                summary: endpoint_summary(catalogue, endpoint, Some(version)),
                schemes: grants_by_scheme(state, endpoint_id),
            }
        })
        .collect();
    let least_of = |scheme: Scheme| -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for call in &calls {
            let rows = call.schemes.iter().find(|grants| grants.label == scheme.label()).map(|g| &g.rows);
            // The first row is the least privileged one (grants_by_scheme sorts them).
            if let Some(first) = rows.and_then(|rows| rows.first())
                && !names.contains(&first.link.label)
            {
                names.push(first.link.label.clone());
            }
        }
        names
    };
    let delegated = least_of(Scheme::DelegatedWork);
    let connect = (!delegated.is_empty()).then(|| {
        let scopes: Vec<String> = delegated.iter().map(|name| format!("\"{name}\"")).collect();
        format!("Connect-MgGraph -Scopes {}", scopes.join(","))
    });
    let learn = learn_url(&display_name, module.as_deref(), first_version.unwrap_or(ApiVersion::V1));
    let page = CmdletPage {
        layout: Layout::new(
            Some(state),
            display_name.clone(),
            format!("The Microsoft Graph PowerShell cmdlet {display_name}: its endpoints and permissions."),
            "",
        ),
        summary: calls.first().and_then(|call| call.summary.clone()),
        name: display_name,
        module,
        learn,
        derived,
        connect,
        app_only: least_of(Scheme::Application),
        calls,
    };
    Ok(page.render()?)
}

/// `Users` → `Microsoft.Graph.Users` (v1.0) or `Microsoft.Graph.Beta.Users` (beta); a
/// name that already is full is kept.
fn full_module(module: &str, version: ApiVersion) -> String {
    if module.starts_with("Microsoft.Graph") {
        return module.to_string();
    }
    match version {
        ApiVersion::V1 => format!("Microsoft.Graph.{module}"),
        ApiVersion::Beta => format!("Microsoft.Graph.Beta.{module}"),
    }
}

/// The cmdlet's reference page on Learn when its module is known; else Learn's module
/// browser filtered to the name, which lists the page.
fn learn_url(name: &str, module: Option<&str>, version: ApiVersion) -> String {
    let view = match version {
        ApiVersion::V1 => "graph-powershell-1.0",
        ApiVersion::Beta => "graph-powershell-beta",
    };
    match module {
        Some(module) => format!(
            "https://learn.microsoft.com/powershell/module/{}/{}?view={view}",
            module.to_ascii_lowercase(),
            name.to_ascii_lowercase()
        ),
        None => {
            format!("https://learn.microsoft.com/powershell/module/?term={}&view={view}", links::encode(name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learn_links_and_modules() {
        assert_eq!(full_module("Identity.SignIns", ApiVersion::V1), "Microsoft.Graph.Identity.SignIns");
        assert_eq!(full_module("Users", ApiVersion::Beta), "Microsoft.Graph.Beta.Users");
        assert_eq!(full_module("Microsoft.Graph.Users", ApiVersion::Beta), "Microsoft.Graph.Users");
        assert_eq!(
            learn_url("Get-MgUser", Some("Microsoft.Graph.Users"), ApiVersion::V1),
            "https://learn.microsoft.com/powershell/module/microsoft.graph.users/get-mguser?view=graph-powershell-1.0"
        );
        assert_eq!(
            learn_url("Get-MgBetaUser", None, ApiVersion::Beta),
            "https://learn.microsoft.com/powershell/module/?term=Get-MgBetaUser&view=graph-powershell-beta"
        );
    }
}
