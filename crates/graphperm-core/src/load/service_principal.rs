//! Reads the Microsoft Graph service principal as a tenant returns it
//! (`GET /servicePrincipals(appId='00000003-0000-0000-c000-000000000000')`): app roles,
//! delegated scopes and resource-specific (RSC) application permissions, the first source
//! for GUIDs, display names, descriptions and enabled state when present.
//!
//! `graphperm import-sp FILE` validates a file with [`parse`] and copies it to
//! [`FILE_NAME`] in the data folder, where [`super::read_sources`] finds it.

use std::path::Path;

use serde::Deserialize;

use crate::error::LoadError;
use crate::guids::is_guid;
use crate::load::provisioning::GRAPH_APP_ID;

/// Name of the imported file, at the root of the data folder the user names (a sync
/// cache's root, so it outlives snapshots).
pub const FILE_NAME: &str = "graphperm-service-principal.json";

/// Largest file accepted: the real one is about 1 MB.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// The parts of the service principal graphperm uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServicePrincipal {
    pub app_roles: Vec<AppRole>,
    pub scopes: Vec<Scope>,
    pub rsc_permissions: Vec<RscPermission>,
}

/// An application permission (`appRoles[]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppRole {
    pub id: String,
    pub value: Option<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub is_enabled: Option<bool>,
    #[serde(default)]
    pub allowed_member_types: Vec<String>,
}

/// A delegated permission (`oauth2PermissionScopes[]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    pub id: String,
    pub value: Option<String>,
    pub admin_consent_display_name: Option<String>,
    pub admin_consent_description: Option<String>,
    pub user_consent_display_name: Option<String>,
    pub user_consent_description: Option<String>,
    /// `Admin` (admin consent required) or `User`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub is_enabled: Option<bool>,
}

/// A resource-specific consent permission (`resourceSpecificApplicationPermissions[]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RscPermission {
    pub id: String,
    pub value: String,
    pub display_name: Option<String>,
    pub description: Option<String>,
    pub is_enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawServicePrincipal {
    #[serde(default)]
    app_id: Option<String>,
    #[serde(default)]
    app_roles: Vec<AppRole>,
    #[serde(default)]
    oauth2_permission_scopes: Vec<Scope>,
    #[serde(default)]
    resource_specific_application_permissions: Vec<RscPermission>,
}

/// The object itself, or a list response (`GET /servicePrincipals?$filter=appId eq ...`)
/// holding it in `value`.
#[derive(Deserialize)]
#[serde(untagged)]
enum RawFile {
    List { value: Vec<serde_json::Value> },
    One(serde::de::IgnoredAny),
}

/// Reads and validates a service principal file.
pub fn read(path: &Path) -> Result<ServicePrincipal, LoadError> {
    let size =
        std::fs::metadata(path).map_err(|source| LoadError::Io { path: path.to_path_buf(), source })?.len();
    if size > MAX_BYTES {
        return Err(LoadError::Json {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!(
                "the file has {size} bytes; a service principal has far fewer (limit {MAX_BYTES})"
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io { path: path.to_path_buf(), source })?;
    parse(&bytes, path)
}

/// Parses and validates service principal JSON; `path` only names the file in errors.
pub fn parse(bytes: &[u8], path: &Path) -> Result<ServicePrincipal, LoadError> {
    let invalid = |message: String| LoadError::Json { path: path.to_path_buf(), line: 1, column: 1, message };
    // Typed parse first, so shape errors carry line, column and JSON path.
    let raw: RawServicePrincipal = match super::json::parse::<RawFile>(bytes, path)? {
        RawFile::One(_) => super::json::parse(bytes, path)?,
        RawFile::List { value } => {
            if value.len() != 1 {
                return Err(invalid(format!(
                    "at value: expected exactly one service principal, found {}",
                    value.len()
                )));
            }
            #[derive(Deserialize)]
            struct List {
                value: Vec<RawServicePrincipal>,
            }
            let mut list: List = super::json::parse(bytes, path)?;
            list.value.remove(0)
        }
    };
    if let Some(app_id) = raw.app_id.as_deref()
        && !app_id.eq_ignore_ascii_case(GRAPH_APP_ID)
    {
        return Err(invalid(format!(
            "at appId: {app_id} is not the Microsoft Graph service principal ({GRAPH_APP_ID})"
        )));
    }
    if raw.app_roles.is_empty() && raw.oauth2_permission_scopes.is_empty() {
        return Err(invalid(
            "expected appRoles or oauth2PermissionScopes: this is not a service principal's JSON".to_string(),
        ));
    }
    for (list, ids) in [
        ("appRoles", raw.app_roles.iter().map(|r| r.id.as_str()).collect::<Vec<_>>()),
        ("oauth2PermissionScopes", raw.oauth2_permission_scopes.iter().map(|s| s.id.as_str()).collect()),
        (
            "resourceSpecificApplicationPermissions",
            raw.resource_specific_application_permissions.iter().map(|p| p.id.as_str()).collect(),
        ),
    ] {
        if let Some(index) = ids.iter().position(|id| !is_guid(id)) {
            return Err(invalid(format!("at {list}[{index}].id: expected a GUID, found {:?}", ids[index])));
        }
    }
    Ok(ServicePrincipal {
        app_roles: raw.app_roles,
        scopes: raw.oauth2_permission_scopes,
        rsc_permissions: raw.resource_specific_application_permissions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = include_str!("../../../../fixtures/service-principal/graph-sp.json");

    #[test]
    fn reads_roles_scopes_and_rsc() {
        let sp = parse(FIXTURE.as_bytes(), Path::new("sp.json")).unwrap();
        assert_eq!(sp.app_roles.len(), 2);
        assert_eq!(sp.scopes.len(), 3);
        assert_eq!(sp.rsc_permissions[0].value, "Widget.Read.Group");
        assert_eq!(sp.scopes[0].kind.as_deref(), Some("User"));
    }

    #[test]
    fn accepts_a_list_response() {
        let list = format!("{{\"value\": [{FIXTURE}]}}");
        assert_eq!(parse(list.as_bytes(), Path::new("sp.json")).unwrap().app_roles.len(), 2);
        let error = parse(b"{\"value\": []}", Path::new("sp.json")).unwrap_err().to_string();
        assert!(error.contains("exactly one service principal"), "{error}");
    }

    #[test]
    fn bad_input_names_the_file_and_json_path() {
        let cases: &[(&str, &str)] = &[
            (r#"{"appRoles": [{"id": 5}]}"#, "sp.json:1:"),
            (r#"{"appRoles": [{"id": 5}]}"#, "appRoles[0].id"),
            (r#"{"appRoles": [{"id": "not-a-guid", "value": "X"}]}"#, "at appRoles[0].id: expected a GUID"),
            (r#"{"appId": "00000002-0000-0000-c000-000000000000", "appRoles": []}"#, "at appId:"),
            (r#"{"displayName": "x"}"#, "not a service principal"),
            ("[1, 2", "sp.json:1:"),
        ];
        for (text, expected) in cases {
            let error = parse(text.as_bytes(), Path::new("sp.json")).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}: {error}");
            assert!(error.starts_with("sp.json:"), "{error}");
        }
    }

    #[test]
    fn guids_are_checked_by_shape() {
        assert!(is_guid("00000003-0000-0000-c000-000000000000"));
        assert!(!is_guid("00000003-0000-0000-c000-00000000000"));
        assert!(!is_guid("0000000300000-0000-c000-000000000000"));
    }
}
