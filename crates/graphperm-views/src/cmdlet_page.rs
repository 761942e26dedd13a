//! The cmdlet page as typed values: the endpoints a Microsoft Graph PowerShell cmdlet
//! calls and the least privileged permission of each, with the full ranking one click
//! away on the endpoint page (not repeated on each of the 16,000 cmdlet pages of the
//! static site; issue #12).

use graphperm_core::Catalogue;
use graphperm_core::least::Engine;
use graphperm_core::model::{ApiVersion, CmdletSource, Scheme};
use serde::Serialize;

use crate::endpoint_page::{SchemeGrants, grants_by_scheme};
use crate::links::{self, Link};
use crate::summary::endpoint_summary;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CmdletPage {
    /// The cmdlet's name as the data spells it.
    pub name: String,
    /// What the cmdlet does, Learn-style ("Get user").
    pub summary: Option<String>,
    /// The full module name (`Microsoft.Graph.Users`) when the cmdlet map names it.
    pub module: Option<String>,
    /// The cmdlet's Learn page, or a Learn search for its name when the module is unknown.
    pub learn: String,
    /// What the Learn link says: "Get-MgUser on Microsoft Learn", or "Search Microsoft
    /// Learn for Get-MgUser" when it is a search (the module is unknown).
    pub learn_label: String,
    /// The name is derived from the path with the SDK's naming rules, not read from its
    /// command map.
    pub derived: bool,
    /// `Connect-MgGraph -Scopes "…"` with the least delegated permissions of its calls.
    pub connect: Option<String>,
    /// App-only: the least application permissions, for a note (no scopes to pass).
    pub app_only: Vec<String>,
    pub calls: Vec<CallSection>,
}

/// One endpoint the cmdlet calls.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallSection {
    pub version: &'static str,
    pub method: String,
    pub path: String,
    pub url: String,
    pub summary: Option<String>,
    pub schemes: Vec<SchemeGrants>,
}

impl CallSection {
    /// Per scheme: its label and its least privileged permissions.
    pub fn least(&self) -> Vec<(&'static str, Vec<&Link>)> {
        self.schemes.iter().map(|grants| (grants.label, grants.least())).collect()
    }
}

/// The page of the cmdlet `name` (any case); `None` when no endpoint has it.
pub fn cmdlet_page(catalogue: &Catalogue, engine: &Engine, name: &str) -> Option<CmdletPage> {
    let name = name.trim();
    let endpoints = catalogue.cmdlet_endpoints(name);
    if endpoints.is_empty() {
        return None;
    }
    let mut display_name = name.to_string();
    let mut module = None;
    let mut derived = false;
    let mut first_version = None;
    let calls: Vec<CallSection> = endpoints
        .iter()
        .map(|&(version, endpoint_id)| {
            let endpoint = &catalogue.endpoints[endpoint_id];
            if let Some(cmdlet) = endpoint.cmdlets.get(&version) {
                if cmdlet.name.eq_ignore_ascii_case(name) {
                    display_name = cmdlet.name.clone();
                }
                module = module.take().or_else(|| cmdlet.module.as_deref().map(|m| full_module(m, version)));
                derived |= cmdlet.source == CmdletSource::Derived;
            }
            first_version.get_or_insert(version);
            CallSection {
                version: version.as_str(),
                method: endpoint.method.clone(),
                path: endpoint.path_in(version).to_string(),
                url: links::endpoint_url(&endpoint.method, &endpoint.path),
                summary: endpoint_summary(catalogue, endpoint, Some(version)),
                schemes: grants_by_scheme(engine, endpoint_id),
            }
        })
        .collect();
    let least_of = |scheme: Scheme| -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for call in &calls {
            let rows = call.schemes.iter().find(|grants| grants.scheme == scheme.as_str()).map(|g| &g.rows);
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
    let (learn, learn_label) =
        learn_link(&display_name, module.as_deref(), first_version.unwrap_or(ApiVersion::V1));
    Some(CmdletPage {
        summary: calls.first().and_then(|call| call.summary.clone()),
        name: display_name,
        module,
        learn_label,
        learn,
        derived,
        connect,
        app_only: least_of(Scheme::Application),
        calls,
    })
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
/// browser filtered to the name, which lists the page. With what the link says.
fn learn_link(name: &str, module: Option<&str>, version: ApiVersion) -> (String, String) {
    let view = match version {
        ApiVersion::V1 => "graph-powershell-1.0",
        ApiVersion::Beta => "graph-powershell-beta",
    };
    match module {
        Some(module) => (
            format!(
                "https://learn.microsoft.com/powershell/module/{}/{}?view={view}",
                module.to_ascii_lowercase(),
                name.to_ascii_lowercase()
            ),
            format!("{name} on Microsoft Learn"),
        ),
        None => (
            format!(
                "https://learn.microsoft.com/powershell/module/?term={}&view={view}",
                links::encode(name)
            ),
            format!("Search Microsoft Learn for {name}"),
        ),
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
            learn_link("Get-MgUser", Some("Microsoft.Graph.Users"), ApiVersion::V1),
            (
                "https://learn.microsoft.com/powershell/module/microsoft.graph.users/get-mguser?view=graph-powershell-1.0"
                    .to_string(),
                "Get-MgUser on Microsoft Learn".to_string()
            )
        );
        assert_eq!(
            learn_link("Get-MgBetaUser", None, ApiVersion::Beta),
            (
                "https://learn.microsoft.com/powershell/module/?term=Get-MgBetaUser&view=graph-powershell-beta"
                    .to_string(),
                "Search Microsoft Learn for Get-MgBetaUser".to_string()
            )
        );
    }
}
