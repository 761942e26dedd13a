//! Reads `permissions/permissions-descriptions*.json`: the GUIDs of delegated scopes and
//! application roles with their consent texts (English, or one locale per file).

use std::path::Path;

use serde::Deserialize;

use crate::error::LoadError;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFile {
    #[serde(default)]
    delegated_scopes_list: Vec<Entry>,
    #[serde(default)]
    application_scopes_list: Vec<Entry>,
}

/// One scope or role of a descriptions file.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    #[serde(default)]
    pub id: Option<String>,
    pub value: String,
    #[serde(default)]
    pub admin_consent_display_name: Option<String>,
    #[serde(default)]
    pub admin_consent_description: Option<String>,
    #[serde(default)]
    pub consent_display_name: Option<String>,
    #[serde(default)]
    pub consent_description: Option<String>,
    #[serde(default)]
    pub is_admin: Option<bool>,
    #[serde(default)]
    pub is_enabled: Option<bool>,
}

/// The two lists of a descriptions file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Descriptions {
    /// Delegated scopes: one GUID for both delegated schemes.
    pub delegated: Vec<Entry>,
    /// Application roles.
    pub application: Vec<Entry>,
}

pub fn read(path: &Path) -> Result<Descriptions, LoadError> {
    let raw: RawFile = super::json::read(path)?;
    Ok(Descriptions { delegated: raw.delegated_scopes_list, application: raw.application_scopes_list })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_lists_and_tolerates_nulls() {
        let text = r#"{"delegatedScopesList": [{"id": "a", "value": "W.Read", "isAdmin": false}],
            "applicationScopesList": [{"id": "b", "value": "W.Read.All", "consentDescription": null,
            "allowedMemberTypes": ["Application"]}]}"#;
        let raw: RawFile = crate::load::json::parse(text.as_bytes(), Path::new("d.json")).unwrap();
        assert_eq!(raw.delegated_scopes_list[0].value, "W.Read");
        assert_eq!(raw.application_scopes_list[0].consent_description, None);
    }

    #[test]
    fn missing_value_is_an_error_with_its_path() {
        let text = r#"{"delegatedScopesList": [{"id": "a"}]}"#;
        let error = crate::load::json::parse::<RawFile>(text.as_bytes(), Path::new("d.json")).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("delegatedScopesList[0]"), "{message}");
        assert!(message.contains("missing field `value`"), "{message}");
    }
}
