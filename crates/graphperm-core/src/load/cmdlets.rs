//! Reads the PowerShell SDK's `MgCommandMetadata.json`: every cmdlet with its URI,
//! method, API version, module and Learn link.

use std::path::Path;

use serde::Deserialize;

use crate::error::LoadError;

/// One entry of the cmdlet map (only the keys graphperm uses).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct CommandEntry {
    #[serde(default)]
    pub uri: Option<String>,
    pub command: String,
    #[serde(default)]
    pub api_version: Option<String>,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub module: Option<String>,
    #[serde(default)]
    pub api_reference_link: Option<String>,
}

pub fn read(path: &Path) -> Result<Vec<CommandEntry>, LoadError> {
    super::json::read(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_with_null_uri() {
        let text = r#"[
          {"Uri": "/identity/apiConnectors", "Command": "Get-MgIdentityApiConnector", "ApiVersion": "v1.0",
           "Variants": ["List"], "Method": "GET", "Permissions": [], "OutputType": "x", "Module": "Identity.SignIns",
           "ApiReferenceLink": "https://learn.microsoft.com/graph/api/identitycontainer-list-apiconnectors?view=graph-rest-1.0",
           "CommandAlias": null},
          {"Uri": null, "Command": "Connect-MgGraph", "ApiVersion": "", "Variants": [], "Method": null,
           "Permissions": [], "OutputType": null, "Module": "Authentication", "ApiReferenceLink": null, "CommandAlias": null}
        ]"#;
        let entries: Vec<CommandEntry> =
            crate::load::json::parse(text.as_bytes(), Path::new("m.json")).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].uri, None);
        assert_eq!(entries[0].module.as_deref(), Some("Identity.SignIns"));
    }
}
