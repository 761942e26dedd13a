//! Reads `permissions/new/provisioningInfo.json`: GUID, hidden/enabled and environment
//! per permission and scheme, keeping only the Microsoft Graph resource.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::LoadError;

/// The Microsoft Graph resource application id.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFile {
    permission_deployments: BTreeMap<String, Vec<Deployment>>,
}

/// One deployment of a permission.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    #[serde(default)]
    pub id: Option<String>,
    pub scheme: String,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default)]
    pub is_hidden: Option<bool>,
    #[serde(default)]
    pub is_enabled: Option<bool>,
    #[serde(default)]
    pub resource_app_id: Option<String>,
}

impl Deployment {
    /// True for the Microsoft Graph resource (an empty resourceAppId means Graph).
    pub fn is_graph(&self) -> bool {
        match self.resource_app_id.as_deref().map(str::trim) {
            None | Some("") => true,
            Some(id) => id.eq_ignore_ascii_case(GRAPH_APP_ID),
        }
    }

    /// True when the environment list (`public`, `PPE;public`, empty) names the public
    /// cloud, which is what people mean by "the" permission.
    pub fn is_public(&self) -> bool {
        match self.environment.as_deref().map(str::trim) {
            None | Some("") => true,
            Some(list) => {
                list.split(';').any(|environment| environment.trim().eq_ignore_ascii_case("public"))
            }
        }
    }
}

/// Graph deployments per permission name.
pub fn read(path: &Path) -> Result<BTreeMap<String, Vec<Deployment>>, LoadError> {
    let raw: RawFile = super::json::read(path)?;
    Ok(graph_only(raw.permission_deployments))
}

fn graph_only(all: BTreeMap<String, Vec<Deployment>>) -> BTreeMap<String, Vec<Deployment>> {
    all.into_iter()
        .filter_map(|(name, deployments)| {
            let graph: Vec<Deployment> = deployments.into_iter().filter(Deployment::is_graph).collect();
            (!graph.is_empty()).then_some((name, graph))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_graph_deployments() {
        let text = r#"{"permissionDeployments": {
            "Zone.Read.All": [{"id": "1", "scheme": "Application", "resourceAppId": "bceea168-88ac-4736-95dc-4ce488ffe324"}],
            "W.Read": [{"id": "2", "scheme": "DelegatedWork", "resourceAppId": ""},
                       {"scheme": "DelegatedWork", "resourceAppId": "", "environment": "PPE"},
                       {"id": "3", "scheme": "Application", "resourceAppId": "00000003-0000-0000-C000-000000000000", "isHidden": true}]
        }}"#;
        let raw: RawFile = crate::load::json::parse(text.as_bytes(), Path::new("p.json")).unwrap();
        let graph = graph_only(raw.permission_deployments);
        assert_eq!(graph.keys().collect::<Vec<_>>(), ["W.Read"]);
        assert_eq!(graph["W.Read"].len(), 3);
        assert_eq!(graph["W.Read"][1].id, None);
        assert!(!graph["W.Read"][1].is_public());
        assert!(graph["W.Read"][0].is_public());
        assert_eq!(graph["W.Read"][2].is_hidden, Some(true));
    }
}
