//! Reads `permissions/permissions-descriptions*.json`: the GUIDs of delegated scopes and
//! application roles with their consent texts (English, or one locale per file).

use std::path::Path;

use serde::Deserialize;

use crate::error::LoadError;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFile {
    #[serde(default)]
    delegated_scopes_list: Option<Vec<Entry>>,
    #[serde(default)]
    application_scopes_list: Option<Vec<Entry>>,
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

/// Reads a descriptions file. A JSON object with neither list is some other file (a
/// wrong download), not an empty descriptions file: an error, so that sync rejects it.
pub fn read(path: &Path) -> Result<Descriptions, LoadError> {
    let raw: RawFile = super::json::read(path)?;
    from_raw(raw, path)
}

fn from_raw(raw: RawFile, path: &Path) -> Result<Descriptions, LoadError> {
    if raw.delegated_scopes_list.is_none() && raw.application_scopes_list.is_none() {
        return Err(LoadError::Json {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "not a permission descriptions file: neither delegatedScopesList nor \
                      applicationScopesList is present"
                .to_string(),
        });
    }
    Ok(Descriptions {
        delegated: raw.delegated_scopes_list.unwrap_or_default(),
        application: raw.application_scopes_list.unwrap_or_default(),
    })
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
        let read = from_raw(raw, Path::new("d.json")).unwrap();
        assert_eq!(read.delegated[0].value, "W.Read");
        assert_eq!(read.application[0].consent_description, None);
    }

    #[test]
    fn a_file_with_neither_list_is_an_error() {
        // Issue 14: `{"permissions": 5}` as a translation loaded as an empty one.
        let raw: RawFile = crate::load::json::parse(br#"{"permissions": 5}"#, Path::new("d.json")).unwrap();
        let error = from_raw(raw, Path::new("d.json")).unwrap_err().to_string();
        assert!(error.starts_with("d.json:1:1: not a permission descriptions file"), "{error}");
        let raw: RawFile =
            crate::load::json::parse(br#"{"delegatedScopesList": []}"#, Path::new("d.json")).unwrap();
        assert!(from_raw(raw, Path::new("d.json")).is_ok());
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
