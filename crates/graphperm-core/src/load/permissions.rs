//! Reads `permissions/new/permissions.json`: permissions, their schemes and pathSets,
//! with each path's value (`least=...;AlsoRequires=...`) parsed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{LoadError, LoadWarning};
use crate::model::{ConsentTexts, Scheme};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawFile {
    permissions: BTreeMap<String, RawPermission>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPermission {
    #[serde(default)]
    authorization_type: Option<String>,
    #[serde(default)]
    schemes: BTreeMap<String, RawScheme>,
    #[serde(default)]
    path_sets: Vec<RawPathSet>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawScheme {
    admin_display_name: Option<String>,
    admin_description: Option<String>,
    user_display_name: Option<String>,
    user_description: Option<String>,
    requires_admin_consent: Option<bool>,
    privilege_level: Option<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawPathSet {
    scheme_keys: Vec<String>,
    methods: Vec<String>,
    /// Path → value, in file order.
    paths: serde_json::Map<String, serde_json::Value>,
}

/// One permission as permissions.json states it.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePermission {
    pub name: String,
    pub authorization_type: Option<String>,
    pub schemes: BTreeMap<Scheme, FileScheme>,
    pub path_sets: Vec<PathSet>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FileScheme {
    pub texts: ConsentTexts,
    pub requires_admin_consent: Option<bool>,
    pub privilege_level: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PathSet {
    pub schemes: Vec<Scheme>,
    /// Upper-case methods.
    pub methods: Vec<String>,
    pub paths: Vec<(String, PathValue)>,
    /// Paths as written where the file put a placeholder in parentheses, and as read
    /// ([`crate::resolve::repair_placeholder_brackets`]): `graphperm lint` reports them.
    pub repaired: Vec<(String, String)>,
}

/// A parsed path value: `least=DelegatedWork,Application;AlsoRequires=Policy.Read.All`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathValue {
    pub least: Vec<Scheme>,
    pub also_requires: Vec<String>,
    /// Keys we do not interpret (and `least=` values that are not schemes), as written.
    pub other: Vec<(String, Vec<String>)>,
}

impl PathValue {
    /// Parses a path value: keys separated by `;`, values by `,`, keys case-insensitive.
    pub fn parse(text: &str) -> PathValue {
        let mut value = PathValue::default();
        for part in text.split(';').map(str::trim).filter(|part| !part.is_empty()) {
            let (key, values) = part.split_once('=').unwrap_or((part, ""));
            let key = key.trim();
            let values: Vec<String> =
                values.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect();
            match key.to_ascii_lowercase().as_str() {
                "least" => {
                    let mut unknown = Vec::new();
                    for scheme_text in values {
                        match parse_scheme_key(&scheme_text) {
                            Some(scheme) if !value.least.contains(&scheme) => value.least.push(scheme),
                            Some(_) => {}
                            None => unknown.push(scheme_text),
                        }
                    }
                    if !unknown.is_empty() {
                        value.other.push((key.to_string(), unknown));
                    }
                }
                "alsorequires" => value.also_requires.extend(values),
                _ => value.other.push((key.to_string(), values)),
            }
        }
        value
    }
}

/// The exact scheme keys of permissions.json, case-insensitively.
pub fn parse_scheme_key(text: &str) -> Option<Scheme> {
    Scheme::ALL.into_iter().find(|scheme| scheme.as_str().eq_ignore_ascii_case(text.trim()))
}

/// Reads the file. Unknown scheme keys become warnings, not errors.
pub fn read(path: &Path, warnings: &mut Vec<LoadWarning>) -> Result<Vec<FilePermission>, LoadError> {
    let raw: RawFile = super::json::read(path)?;
    convert(raw, path, warnings)
}

/// Parses file contents (for tests and fuzzing).
pub fn parse(
    bytes: &[u8],
    path: &Path,
    warnings: &mut Vec<LoadWarning>,
) -> Result<Vec<FilePermission>, LoadError> {
    let raw: RawFile = super::json::parse(bytes, path)?;
    convert(raw, path, warnings)
}

fn convert(
    raw: RawFile,
    path: &Path,
    warnings: &mut Vec<LoadWarning>,
) -> Result<Vec<FilePermission>, LoadError> {
    let mut permissions = Vec::with_capacity(raw.permissions.len());
    for (name, raw_permission) in raw.permissions {
        let mut schemes = BTreeMap::new();
        for (key, raw_scheme) in raw_permission.schemes {
            let Some(scheme) = parse_scheme_key(&key) else {
                warnings.push(LoadWarning {
                    message: format!("{}: permission {name}: unknown scheme {key:?} ignored", path.display()),
                });
                continue;
            };
            schemes.insert(
                scheme,
                FileScheme {
                    texts: ConsentTexts {
                        admin_display_name: raw_scheme.admin_display_name,
                        admin_description: raw_scheme.admin_description,
                        user_display_name: raw_scheme.user_display_name,
                        user_description: raw_scheme.user_description,
                    },
                    requires_admin_consent: raw_scheme.requires_admin_consent,
                    privilege_level: raw_scheme.privilege_level,
                },
            );
        }
        let mut path_sets = Vec::with_capacity(raw_permission.path_sets.len());
        for (set_index, raw_set) in raw_permission.path_sets.into_iter().enumerate() {
            let mut set_schemes = Vec::new();
            for key in &raw_set.scheme_keys {
                match parse_scheme_key(key) {
                    Some(scheme) if !set_schemes.contains(&scheme) => set_schemes.push(scheme),
                    Some(_) => {}
                    None => warnings.push(LoadWarning {
                        message: format!(
                            "{}: permission {name}: pathSets[{set_index}]: unknown scheme key {key:?} ignored",
                            path.display()
                        ),
                    }),
                }
            }
            let mut paths = Vec::with_capacity(raw_set.paths.len());
            let mut repaired = Vec::new();
            for (path_text, value) in raw_set.paths {
                let text = match value {
                    serde_json::Value::String(text) => text,
                    serde_json::Value::Null => String::new(),
                    other => {
                        return Err(LoadError::Json {
                            path: path.to_path_buf(),
                            line: 0,
                            column: 0,
                            message: format!(
                                "at permissions.{name}.pathSets[{set_index}].paths.{path_text}: invalid type: {}, expected a string",
                                json_kind(&other)
                            ),
                        });
                    }
                };
                let path_text = match crate::resolve::repair_placeholder_brackets(&path_text) {
                    Some(read_as) => {
                        repaired.push((path_text, read_as.clone()));
                        read_as
                    }
                    None => path_text,
                };
                paths.push((path_text, PathValue::parse(&text)));
            }
            path_sets.push(PathSet {
                schemes: set_schemes,
                methods: raw_set.methods.iter().map(|method| method.trim().to_ascii_uppercase()).collect(),
                paths,
                repaired,
            });
        }
        permissions.push(FilePermission {
            name,
            authorization_type: raw_permission.authorization_type,
            schemes,
            path_sets,
        });
    }
    Ok(permissions)
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_value(text: &str, least: &[Scheme], also: &[&str], other: &[(&str, &[&str])]) {
        let value = PathValue::parse(text);
        assert_eq!(value.least, least, "{text}");
        assert_eq!(value.also_requires, also, "{text}");
        let other_owned: Vec<(String, Vec<String>)> =
            other.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect();
        assert_eq!(value.other, other_owned, "{text}");
    }

    #[test]
    fn parses_path_values() {
        use Scheme::*;
        check_value("", &[], &[], &[]);
        check_value("least=DelegatedWork,Application", &[DelegatedWork, Application], &[], &[]);
        check_value(
            "least=Application;AlsoRequires=Policy.Read.All",
            &[Application],
            &["Policy.Read.All"],
            &[],
        );
        check_value(
            "AlsoRequires=User.Read.All,Group.Read.All",
            &[],
            &["User.Read.All", "Group.Read.All"],
            &[],
        );
        // Keys are case-insensitive; unknown keys and unknown schemes are kept.
        check_value(
            " LEAST = delegatedpersonal ; alsorequires=A.B ; Note=x,y ; least=Bogus",
            &[DelegatedPersonal],
            &["A.B"],
            &[("Note", &["x", "y"]), ("least", &["Bogus"])],
        );
    }

    const FIXTURE: &str = r#"{"permissions": {
      "Widget.Read.All": {
        "authorizationType": "oAuth2",
        "schemes": {
          "DelegatedWork": {"adminDisplayName": "Read widgets", "requiresAdminConsent": false, "privilegeLevel": 1},
          "Telepathy": {"adminDisplayName": "?"}
        },
        "pathSets": [
          {"schemeKeys": ["DelegatedWork", "Bogus"], "methods": ["get"],
           "paths": {"/widgets": "least=DelegatedWork", "/widgets/{id}": ""}}
        ]
      }
    }}"#;

    #[test]
    fn reads_permissions_and_warns_about_unknown_schemes() {
        let mut warnings = Vec::new();
        let permissions = parse(FIXTURE.as_bytes(), Path::new("p.json"), &mut warnings).unwrap();
        assert_eq!(permissions.len(), 1);
        let permission = &permissions[0];
        assert_eq!(permission.schemes.len(), 1);
        assert_eq!(permission.schemes[&Scheme::DelegatedWork].privilege_level, Some(1));
        assert_eq!(permission.path_sets[0].methods, ["GET"]);
        assert_eq!(permission.path_sets[0].schemes, [Scheme::DelegatedWork]);
        assert_eq!(permission.path_sets[0].paths[0].0, "/widgets");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn wrong_path_value_type_names_the_path() {
        let text = FIXTURE.replace("\"least=DelegatedWork\"", "42");
        let error = parse(text.as_bytes(), Path::new("p.json"), &mut Vec::new()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("pathSets[0].paths./widgets"), "{message}");
        assert!(message.contains("expected a string"), "{message}");
    }
}
