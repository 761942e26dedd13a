//! Reads what an app holds from the JSON people have at hand: an application manifest
//! (`requiredResourceAccess`), `az ad app permission list` output, an app's
//! `oauth2PermissionGrants` or `appRoleAssignments` (a Graph list response or a bare
//! array). Every entry keeps its JSON path, and bad input names the file and the path.

use serde_json::Value;

use crate::load::provisioning::GRAPH_APP_ID;

/// Largest input accepted (a manifest is a few KB; a grant list of a big tenant a few MB).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// Most entries read from one input.
pub const MAX_ENTRIES: usize = 20_000;

/// Delegated (`Scope`) or application (`Role`) access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessKind {
    Scope,
    Role,
}

impl AccessKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessKind::Scope => "Scope",
            AccessKind::Role => "Role",
        }
    }

    /// "delegated" or "application", for people.
    pub fn label(self) -> &'static str {
        match self {
            AccessKind::Scope => "delegated",
            AccessKind::Role => "application",
        }
    }
}

/// Which shape the input had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputShape {
    /// An application manifest or `az ad app show` (`requiredResourceAccess`).
    Manifest,
    /// `az ad app permission list` (an array of `{resourceAppId, resourceAccess}`).
    PermissionList,
    /// `oauth2PermissionGrants` (delegated grants, scopes by name).
    PermissionGrants,
    /// `appRoleAssignments` (application grants, roles by GUID).
    AppRoleAssignments,
}

impl InputShape {
    pub fn as_str(self) -> &'static str {
        match self {
            InputShape::Manifest => "manifest",
            InputShape::PermissionList => "permissionList",
            InputShape::PermissionGrants => "oauth2PermissionGrants",
            InputShape::AppRoleAssignments => "appRoleAssignments",
        }
    }
}

/// One permission the input says the app requests or holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedAccess {
    pub kind: AccessKind,
    /// The GUID, when the input names the permission by GUID.
    pub id: Option<String>,
    /// The name, when the input names the permission by name (grants' `scope`).
    pub name: Option<String>,
    /// The resource application id (`resourceAppId`), when the input has it.
    pub resource_app_id: Option<String>,
    /// The resource service principal's object id or display name (grants), when given.
    pub resource: Option<String>,
    /// Where in the input it was (`requiredResourceAccess[0].resourceAccess[2]`).
    pub json_path: String,
}

impl RequestedAccess {
    /// True when the input says the resource is Microsoft Graph, false when it says
    /// another one, `None` when it cannot tell (grants give only an object id).
    pub fn is_graph(&self, graph_object_id: Option<&str>) -> Option<bool> {
        if let Some(app_id) = &self.resource_app_id {
            return Some(app_id.eq_ignore_ascii_case(GRAPH_APP_ID));
        }
        let resource = self.resource.as_deref()?;
        if resource.eq_ignore_ascii_case("Microsoft Graph") {
            return Some(true);
        }
        graph_object_id.map(|graph| resource.eq_ignore_ascii_case(graph))
    }
}

/// Bad input: the file (or input name), the JSON path and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}: {location}{message}")]
pub struct AuditInputError {
    pub source_name: String,
    /// `at <json path>: ` or empty.
    location: String,
    pub message: String,
}

impl AuditInputError {
    fn new(source_name: &str, json_path: &str, message: impl Into<String>) -> AuditInputError {
        let location = if json_path.is_empty() { String::new() } else { format!("at {json_path}: ") };
        AuditInputError { source_name: source_name.to_string(), location, message: message.into() }
    }
}

/// What was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditInput {
    pub shape: InputShape,
    pub entries: Vec<RequestedAccess>,
}

/// Reads JSON text; `source_name` (the file name) prefixes errors.
pub fn parse(text: &str, source_name: &str) -> Result<AuditInput, AuditInputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(AuditInputError::new(
            source_name,
            "",
            format!("the input has {} bytes, more than the limit of {MAX_INPUT_BYTES}", text.len()),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|error| {
        AuditInputError::new(
            source_name,
            "",
            format!("line {} column {}: {error}", error.line(), error.column()),
        )
    })?;
    read_value(&value, source_name)
}

/// Reads an already parsed JSON value.
pub fn read_value(value: &Value, source_name: &str) -> Result<AuditInput, AuditInputError> {
    let mut reader = Reader { source_name, entries: Vec::new() };
    let shape = match value {
        Value::Object(object) if object.contains_key("requiredResourceAccess") => {
            reader.resource_access_list(&object["requiredResourceAccess"], "requiredResourceAccess")?;
            InputShape::Manifest
        }
        Value::Object(object) if object.contains_key("value") => {
            reader.grant_list(&object["value"], "value")?
        }
        Value::Array(items) if items.first().is_some_and(|item| item.get("resourceAppId").is_some()) => {
            reader.resource_access_list(value, "")?;
            InputShape::PermissionList
        }
        Value::Array(_) => reader.grant_list(value, "")?,
        _ => {
            return Err(AuditInputError::new(
                source_name,
                "",
                "expected an application manifest (requiredResourceAccess), `az ad app permission list` \
                 output, or a list of oauth2PermissionGrants or appRoleAssignments",
            ));
        }
    };
    Ok(AuditInput { shape, entries: reader.entries })
}

struct Reader<'a> {
    source_name: &'a str,
    entries: Vec<RequestedAccess>,
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() { child.to_string() } else { format!("{parent}.{child}") }
}

fn index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

impl Reader<'_> {
    fn error(&self, json_path: &str, message: impl Into<String>) -> AuditInputError {
        AuditInputError::new(self.source_name, json_path, message)
    }

    fn push(&mut self, entry: RequestedAccess) -> Result<(), AuditInputError> {
        if self.entries.len() >= MAX_ENTRIES {
            return Err(self.error(&entry.json_path, format!("more than {MAX_ENTRIES} entries")));
        }
        self.entries.push(entry);
        Ok(())
    }

    fn array<'v>(&self, value: &'v Value, json_path: &str) -> Result<&'v Vec<Value>, AuditInputError> {
        value
            .as_array()
            .ok_or_else(|| self.error(json_path, format!("expected an array, found {}", kind_of(value))))
    }

    fn string<'v>(&self, value: &'v Value, json_path: &str) -> Result<&'v str, AuditInputError> {
        value
            .as_str()
            .ok_or_else(|| self.error(json_path, format!("expected a string, found {}", kind_of(value))))
    }

    fn field<'v>(&self, item: &'v Value, key: &str, json_path: &str) -> Result<&'v Value, AuditInputError> {
        item.get(key).ok_or_else(|| self.error(json_path, format!("missing field `{key}`")))
    }

    /// `[{resourceAppId, resourceAccess: [{id, type}]}]`.
    fn resource_access_list(&mut self, value: &Value, json_path: &str) -> Result<(), AuditInputError> {
        for (position, resource) in self.array(value, json_path)?.iter().enumerate() {
            let resource_path = index(json_path, position);
            let app_path = join(&resource_path, "resourceAppId");
            let app_id = self.string(self.field(resource, "resourceAppId", &resource_path)?, &app_path)?;
            let access_path = join(&resource_path, "resourceAccess");
            let access = self.field(resource, "resourceAccess", &resource_path)?;
            for (access_index, item) in self.array(access, &access_path)?.iter().enumerate() {
                let item_path = index(&access_path, access_index);
                let id_path = join(&item_path, "id");
                let id = self.string(self.field(item, "id", &item_path)?, &id_path)?;
                let type_path = join(&item_path, "type");
                let kind = match self.string(self.field(item, "type", &item_path)?, &type_path)? {
                    kind if kind.eq_ignore_ascii_case("Scope") => AccessKind::Scope,
                    kind if kind.eq_ignore_ascii_case("Role") => AccessKind::Role,
                    other => {
                        return Err(self
                            .error(&type_path, format!("expected \"Scope\" or \"Role\", found {other:?}")));
                    }
                };
                self.push(RequestedAccess {
                    kind,
                    id: Some(id.trim().to_string()),
                    name: None,
                    resource_app_id: Some(app_id.trim().to_string()),
                    resource: None,
                    json_path: item_path,
                })?;
            }
        }
        Ok(())
    }

    /// oauth2PermissionGrants (`scope` names) or appRoleAssignments (`appRoleId`).
    fn grant_list(&mut self, value: &Value, json_path: &str) -> Result<InputShape, AuditInputError> {
        let items = self.array(value, json_path)?;
        let mut shape = None;
        for (position, item) in items.iter().enumerate() {
            let item_path = index(json_path, position);
            let resource = item
                .get("resourceDisplayName")
                .and_then(Value::as_str)
                .filter(|name| name.eq_ignore_ascii_case("Microsoft Graph"))
                .or_else(|| item.get("resourceId").and_then(Value::as_str))
                .map(str::to_string);
            if let Some(scope) = item.get("scope") {
                shape.get_or_insert(InputShape::PermissionGrants);
                let scope_path = join(&item_path, "scope");
                for name in self.string(scope, &scope_path)?.split_whitespace() {
                    self.push(RequestedAccess {
                        kind: AccessKind::Scope,
                        id: None,
                        name: Some(name.to_string()),
                        resource_app_id: None,
                        resource: resource.clone(),
                        json_path: scope_path.clone(),
                    })?;
                }
            } else if let Some(role) = item.get("appRoleId") {
                shape.get_or_insert(InputShape::AppRoleAssignments);
                let role_path = join(&item_path, "appRoleId");
                let id = self.string(role, &role_path)?;
                self.push(RequestedAccess {
                    kind: AccessKind::Role,
                    id: Some(id.trim().to_string()),
                    name: None,
                    resource_app_id: None,
                    resource: resource.clone(),
                    json_path: item_path,
                })?;
            } else {
                return Err(self.error(
                    &item_path,
                    "expected an oauth2PermissionGrant (with `scope`) or an appRoleAssignment (with `appRoleId`)",
                ));
            }
        }
        Ok(shape.unwrap_or(InputShape::PermissionGrants))
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_manifest() {
        let text = r#"{"appId": "x", "requiredResourceAccess": [
            {"resourceAppId": "00000003-0000-0000-c000-000000000000",
             "resourceAccess": [{"id": "a", "type": "Scope"}, {"id": "b", "type": "Role"}]},
            {"resourceAppId": "00000002-0000-0000-c000-000000000000", "resourceAccess": [{"id": "c", "type": "Scope"}]}]}"#;
        let input = parse(text, "app.json").unwrap();
        assert_eq!(input.shape, InputShape::Manifest);
        assert_eq!(input.entries.len(), 3);
        assert_eq!(input.entries[1].kind, AccessKind::Role);
        assert_eq!(input.entries[1].json_path, "requiredResourceAccess[0].resourceAccess[1]");
        assert_eq!(input.entries[2].is_graph(None), Some(false));
        assert_eq!(input.entries[0].is_graph(None), Some(true));
    }

    #[test]
    fn reads_az_permission_list() {
        let text = r#"[{"resourceAccess": [{"id": "a", "type": "Role"}], "resourceAppId": "00000003-0000-0000-c000-000000000000"}]"#;
        let input = parse(text, "list.json").unwrap();
        assert_eq!(input.shape, InputShape::PermissionList);
        assert_eq!(input.entries[0].json_path, "[0].resourceAccess[0]");
    }

    #[test]
    fn reads_grants_and_assignments() {
        let grants = r#"{"value": [{"clientId": "c", "consentType": "AllPrincipals", "resourceId": "r1", "scope": " User.Read  Mail.Send "}]}"#;
        let input = parse(grants, "grants.json").unwrap();
        assert_eq!(input.shape, InputShape::PermissionGrants);
        let names: Vec<_> = input.entries.iter().map(|e| e.name.clone().unwrap()).collect();
        assert_eq!(names, ["User.Read", "Mail.Send"]);
        assert_eq!(input.entries[0].is_graph(None), None);
        assert_eq!(input.entries[0].is_graph(Some("R1")), Some(true));

        let assignments =
            r#"[{"appRoleId": "g", "resourceDisplayName": "Microsoft Graph", "resourceId": "r1"}]"#;
        let input = parse(assignments, "roles.json").unwrap();
        assert_eq!(input.shape, InputShape::AppRoleAssignments);
        assert_eq!(input.entries[0].is_graph(None), Some(true));
    }

    #[test]
    fn bad_input_names_the_file_and_json_path() {
        let cases = [
            (
                r#"{"requiredResourceAccess": [{"resourceAppId": "x", "resourceAccess": [{"id": "a", "type": "Owner"}]}]}"#,
                "app.json: at requiredResourceAccess[0].resourceAccess[0].type: expected \"Scope\" or \"Role\"",
            ),
            (
                r#"{"requiredResourceAccess": [{"resourceAccess": []}]}"#,
                "app.json: at requiredResourceAccess[0]: missing field `resourceAppId`",
            ),
            (
                r#"{"requiredResourceAccess": {"x": 1}}"#,
                "app.json: at requiredResourceAccess: expected an array",
            ),
            (
                r#"{"value": [{"scope": 5}]}"#,
                "app.json: at value[0].scope: expected a string, found a number",
            ),
            (r#"{"value": [{"id": "x"}]}"#, "app.json: at value[0]: expected an oauth2PermissionGrant"),
            (r#"{"requiredResourceAccess": ["#, "app.json: line 1 column"),
            ("42", "app.json: expected an application manifest"),
        ];
        for (text, expected) in cases {
            let error = parse(text, "app.json").unwrap_err().to_string();
            assert!(error.starts_with(expected), "{text}: {error}");
        }
    }
}
