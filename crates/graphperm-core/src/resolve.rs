//! Resolves a path template of permissions.json through one version's schema: from the
//! entity set or singleton, through keys, navigation and structural properties, casts,
//! bound functions and actions, `$ref`/`$count`/`$value` and drive paths
//! (`root:/{path}:`), case-insensitively.
//!
//! The result is the resource type the path addresses and the path in the schema's own
//! casing. A path that does not resolve yields `None`: the caller shows it as "not in
//! this version's schema", never drops it.

use crate::schema::{Schema, TypeDef, TypeKind, short_name, split_collection};

/// What a path template resolves to in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The path with schema casing and `{type-id}` placeholders.
    pub canonical_path: String,
    /// Fully qualified entity or complex type the path addresses (or returns). For a
    /// function returning a primitive, the type it is bound to.
    pub resource: Option<String>,
    /// True when the path addresses a collection.
    pub collection: bool,
    /// The schema name of the action or function the path ends with, if it does.
    pub operation: Option<String>,
}

/// The lookup key of a path template: lower-cased, placeholders as `{}`, no query string,
/// no trailing slash.
pub fn endpoint_key(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default().trim();
    let mut key = String::with_capacity(path.len());
    let mut in_placeholder = false;
    for character in path.chars() {
        match character {
            '{' => {
                in_placeholder = true;
                key.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => key.push(character.to_ascii_lowercase()),
        }
    }
    while key.len() > 1 && key.ends_with('/') {
        key.pop();
    }
    if !key.starts_with('/') {
        key.insert(0, '/');
    }
    key
}

/// One segment of a path template, split into its name and parenthesised arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSegment {
    /// `users` of `users(id)`; `root` of the drive path `root:/a/b:`; empty for a bare
    /// `(team-id)`.
    pub name: String,
    /// `id` of `users(id)`.
    pub arguments: Option<String>,
    /// The segment as written (for drive paths, the whole `root:/...:` run).
    pub text: String,
    /// True for a drive path item (`root:/folder/file.txt:`).
    pub drive_path: bool,
}

fn is_placeholder(text: &str) -> bool {
    text.starts_with('{') && text.ends_with('}')
}

/// The one path grammar of every schema walk (the resolver's and the code samples'):
/// splits a template on `/` outside parentheses, without its query string, folding a
/// drive path `root:/a/b:` (from a segment ending in `:` to the next one, or to the end)
/// into one segment named `root`.
pub fn split_path(path: &str) -> Vec<PathSegment> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for character in path.chars() {
        match character {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                if !current.is_empty() {
                    parts.push(std::mem::take(&mut current));
                }
                continue;
            }
            _ => {}
        }
        current.push(character);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    let mut found = Vec::new();
    let mut parts = parts.into_iter().peekable();
    while let Some(part) = parts.next() {
        if let Some(name) = part.strip_suffix(':').filter(|name| !name.is_empty()) {
            // `root:` starts a drive path that runs to the next segment ending in `:`.
            let name = name.to_string();
            let mut text = format!("{part}/");
            while let Some(next) = parts.next() {
                text.push_str(&next);
                if next.ends_with(':') {
                    break;
                }
                if parts.peek().is_some() {
                    text.push('/');
                }
            }
            found.push(PathSegment { name, arguments: None, text, drive_path: true });
            continue;
        }
        let (name, arguments) = match part.find('(') {
            Some(open) if part.ends_with(')') => {
                (part[..open].to_string(), Some(part[open + 1..part.len() - 1].to_string()))
            }
            _ => (part.clone(), None),
        };
        found.push(PathSegment { name, arguments, text: part, drive_path: false });
    }
    found
}

/// Where the walk stands: the current type and whether it is a collection.
#[derive(Debug, Clone)]
struct Position {
    type_name: String,
    collection: bool,
    /// The last entity (or complex) type on the way, the resource for primitive results.
    resource: String,
    /// False once a primitive or stream is reached: only `$value` may follow.
    navigable: bool,
}

/// Resolves `path` in `schema`, or `None` when some segment is unknown.
pub fn resolve(schema: &Schema, path: &str) -> Option<Resolution> {
    let segments = split_path(path);
    let (first, rest) = segments.split_first()?;
    let mut canonical: Vec<String> = Vec::with_capacity(segments.len());
    let mut position = match schema.root(&first.name) {
        Some(root) => {
            canonical.push(root.name.clone());
            Position {
                type_name: root.type_name.clone(),
                collection: root.collection,
                resource: root.type_name.clone(),
                navigable: true,
            }
        }
        None => {
            let operation = schema.unbound_operations(strip_namespace(&first.name)).into_iter().next()?;
            canonical.push(operation_text(&operation.name, first.arguments.as_deref(), operation));
            let return_type = operation.return_type.clone()?;
            position_of(schema, &return_type)?
        }
    };
    if let Some(arguments) = first.arguments.as_deref()
        && schema.root(&first.name).is_some()
    {
        position = key_step(position, Some(arguments), &mut canonical)?;
    }
    let mut operation = None;
    for segment in rest {
        let (next, through) = step(schema, position, segment, &mut canonical)?;
        position = next;
        operation = through;
    }
    Some(Resolution {
        canonical_path: format!("/{}", canonical.join("/")),
        resource: Some(position.resource.clone()),
        collection: position.collection,
        operation,
    })
}

fn step(
    schema: &Schema,
    position: Position,
    segment: &PathSegment,
    canonical: &mut Vec<String>,
) -> Option<(Position, Option<String>)> {
    let lower = segment.name.to_ascii_lowercase();
    if matches!(lower.as_str(), "$ref" | "$count" | "$value") {
        canonical.push(lower);
        return Some((position, None));
    }
    if !position.navigable {
        return None;
    }
    if is_placeholder(&segment.name) && segment.arguments.is_none() {
        let next = key_step(position, None, canonical)?;
        if segment.drive_path {
            // `items/{id}:/folder/file.txt:` addresses an item below the keyed one.
            let key = canonical.pop().unwrap_or_default();
            canonical.push(drive_text(&key, &segment.text));
        }
        return Some((next, None));
    }
    // Navigation and structural properties apply to single entities; a collection must
    // be keyed first. Drive paths address an item like a key does.
    if !position.collection {
        if let Some(navigation) = schema.find_navigation(&position.type_name, &segment.name) {
            let mut next = position_of_type(schema, &navigation.target, navigation.collection);
            next.resource = resource_or(&next, &position);
            canonical.push(if segment.drive_path {
                drive_text(&navigation.name, &segment.text)
            } else {
                navigation.name.clone()
            });
            if segment.drive_path {
                next.collection = false;
            }
            return finish_arguments(next, segment, canonical).map(|next| (next, None));
        }
        if let Some(property) = schema.find_property(&position.type_name, &segment.name) {
            let (inner, collection) = split_collection(&property.type_name);
            let mut next = position_of_type(schema, inner, collection);
            next.resource = resource_or(&next, &position);
            canonical.push(property.name.clone());
            return Some((next, None));
        }
    }
    let bare_name = strip_namespace(&segment.name);
    let operations = schema.bound_operations(&position.type_name, bare_name);
    let operation = operations
        .iter()
        .find(|operation| operation.binding_collection == position.collection)
        .or_else(|| operations.first());
    if let Some(operation) = operation {
        canonical.push(operation_text(&operation.name, segment.arguments.as_deref(), operation));
        let next = match &operation.return_type {
            Some(return_type) => {
                let mut next = position_of(schema, return_type)?;
                next.resource = resource_or(&next, &position);
                next
            }
            // An action without a result addresses the thing it is bound to.
            None => Position { navigable: false, ..position },
        };
        return Some((next, Some(operation.name.clone())));
    }
    if let Some(cast) = cast_target(schema, &segment.name, &position.type_name) {
        let full_name = cast.full_name();
        canonical.push(full_name.clone());
        return Some((
            Position {
                type_name: full_name.clone(),
                collection: position.collection,
                resource: full_name,
                navigable: true,
            },
            None,
        ));
    }
    None
}

/// The one cast rule of every schema walk (this one and the code samples'): a segment
/// names a cast when it is a type of the schema, with or without the namespace, that is
/// not an enum and derives from (or is) the type the walk stands on.
pub fn cast_target<'a>(schema: &'a Schema, segment: &str, current_type: &str) -> Option<&'a TypeDef> {
    schema
        .find_type(segment)
        .filter(|cast| cast.kind != TypeKind::Enum && schema.is_a(&cast.full_name(), current_type))
}

/// A key segment (`{id}`) or key arguments (`users(id)`, `applications(appId='x')`).
fn key_step(position: Position, arguments: Option<&str>, canonical: &mut Vec<String>) -> Option<Position> {
    if !position.collection {
        return None;
    }
    let short = short_name(&position.type_name).to_string();
    match arguments {
        None => canonical.push(format!("{{{short}-id}}")),
        Some(arguments) => {
            let last = canonical.pop().unwrap_or_default();
            let arguments = if is_placeholder(arguments.trim()) {
                format!("{{{short}-id}}")
            } else {
                arguments.to_string()
            };
            canonical.push(format!("{last}({arguments})"));
        }
    }
    Some(Position { collection: false, ..position })
}

/// A navigation segment written with a key in parentheses: `authorities({id})`.
fn finish_arguments(
    position: Position,
    segment: &PathSegment,
    canonical: &mut Vec<String>,
) -> Option<Position> {
    match segment.arguments.as_deref() {
        Some(arguments) if position.collection => key_step(position, Some(arguments), canonical),
        Some(_) => None,
        None => Some(position),
    }
}

fn drive_text(name: &str, text: &str) -> String {
    match text.split_once(':') {
        Some((_, rest)) => format!("{name}:{rest}"),
        None => text.to_string(),
    }
}

/// `Default.findByKbNumber` / `microsoft.graph.delta` → the operation's own name.
fn strip_namespace(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn operation_text(name: &str, arguments: Option<&str>, operation: &crate::schema::Operation) -> String {
    match (arguments, operation.kind) {
        (Some(arguments), _) => format!("{name}({})", schema_arguments(arguments, operation)),
        (None, crate::schema::OperationKind::Function) if !operation.parameters.is_empty() => {
            let parameters: Vec<String> = operation
                .parameters
                .iter()
                .map(|(parameter, _)| format!("{parameter}={{{parameter}}}"))
                .collect();
            format!("{name}({})", parameters.join(","))
        }
        _ => name.to_string(),
    }
}

/// Named arguments as the schema spells them: `userid={value}` of a function whose
/// parameter is `userId` becomes `userId={userId}`. Values that are not placeholders, and
/// names the function does not have, are kept as written.
fn schema_arguments(arguments: &str, operation: &crate::schema::Operation) -> String {
    arguments
        .split(',')
        .map(|argument| {
            let Some((name, value)) = argument.split_once('=') else {
                return argument.to_string();
            };
            let Some((parameter, _)) = operation
                .parameters
                .iter()
                .find(|(parameter, _)| parameter.eq_ignore_ascii_case(name.trim()))
            else {
                return argument.to_string();
            };
            if is_placeholder(value.trim()) {
                format!("{parameter}={{{parameter}}}")
            } else {
                format!("{parameter}={}", value.trim())
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn position_of_type(schema: &Schema, type_name: &str, collection: bool) -> Position {
    let navigable = schema.find_type(type_name).is_some_and(|ty| ty.kind != TypeKind::Enum);
    Position { type_name: type_name.to_string(), collection, resource: type_name.to_string(), navigable }
}

fn position_of(schema: &Schema, written_type: &str) -> Option<Position> {
    let (inner, collection) = split_collection(written_type);
    Some(position_of_type(schema, inner, collection))
}

/// The resource of a step: its own type when it is a schema type, else the previous one.
fn resource_or(next: &Position, previous: &Position) -> String {
    if next.navigable { next.type_name.clone() } else { previous.resource.clone() }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::model::ApiVersion;

    const TINY: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" /></EntityType>
      <EntityType Name="identityContainer" BaseType="graph.entity">
        <NavigationProperty Name="apiConnectors" Type="Collection(graph.identityApiConnector)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="identityApiConnector" BaseType="graph.entity">
        <Property Name="displayName" Type="Edm.String" />
        <Property Name="settings" Type="graph.connectorSettings" />
      </EntityType>
      <ComplexType Name="connectorSettings"><Property Name="flag" Type="Edm.Boolean" /></ComplexType>
      <EntityType Name="directoryObject" BaseType="graph.entity" />
      <EntityType Name="group" BaseType="graph.directoryObject">
        <NavigationProperty Name="members" Type="Collection(graph.directoryObject)" />
        <NavigationProperty Name="drive" Type="graph.drive" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="user" BaseType="graph.directoryObject" />
      <EntityType Name="drive" BaseType="graph.entity"><NavigationProperty Name="root" Type="graph.driveItem" ContainsTarget="true" /></EntityType>
      <EntityType Name="driveItem" BaseType="graph.entity">
        <Property Name="content" Type="Edm.Stream" />
        <NavigationProperty Name="children" Type="Collection(graph.driveItem)" ContainsTarget="true" />
      </EntityType>
      <Action Name="uploadClientCertificate" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.identityApiConnector" /><Parameter Name="pkcs12Value" Type="Edm.String" />
        <ReturnType Type="graph.identityApiConnector" />
      </Action>
      <Function Name="delta" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(graph.group)" /><ReturnType Type="Collection(graph.group)" /></Function>
      <Function Name="getReport" IsBound="true"><Parameter Name="bindingParameter" Type="graph.group" /><Parameter Name="period" Type="Edm.String" /><ReturnType Type="Edm.Stream" /></Function>
      <Action Name="reset" IsBound="true"><Parameter Name="bindingParameter" Type="graph.group" /></Action>
      <EntityContainer Name="GraphService">
        <Singleton Name="identity" Type="microsoft.graph.identityContainer" />
        <EntitySet Name="groups" EntityType="microsoft.graph.group" />
        <EntitySet Name="applications" EntityType="microsoft.graph.group" />
      </EntityContainer>
    </Schema></edmx:DataServices></edmx:Edmx>"#;

    fn schema() -> Schema {
        crate::load::csdl::parse(TINY, ApiVersion::V1, Path::new("tiny.xml")).unwrap()
    }

    /// Resolves `path` and compares "canonical path -> resource[]".
    fn check(path: &str, expected: Option<&str>) {
        let got = resolve(&schema(), path).map(|resolution| {
            format!(
                "{} -> {}{}",
                resolution.canonical_path,
                resolution.resource.unwrap_or_default(),
                if resolution.collection { "[]" } else { "" }
            )
        });
        assert_eq!(got.as_deref(), expected, "{path}");
    }

    #[test]
    fn resolves_navigation_keys_and_actions() {
        check(
            "/identity/apiconnectors",
            Some("/identity/apiConnectors -> microsoft.graph.identityApiConnector[]"),
        );
        check(
            "/identity/apiconnectors/{id}",
            Some("/identity/apiConnectors/{identityApiConnector-id} -> microsoft.graph.identityApiConnector"),
        );
        check(
            "/IDENTITY/apiConnectors/{identityApiConnector-id}/uploadclientcertificate",
            Some(
                "/identity/apiConnectors/{identityApiConnector-id}/uploadClientCertificate -> microsoft.graph.identityApiConnector",
            ),
        );
        check("/identity", Some("/identity -> microsoft.graph.identityContainer"));
    }

    #[test]
    fn resolves_complex_properties_and_primitive_results() {
        check(
            "/identity/apiconnectors/{id}/settings",
            Some(
                "/identity/apiConnectors/{identityApiConnector-id}/settings -> microsoft.graph.connectorSettings",
            ),
        );
        check(
            "/groups/{id}/getreport(period={value})",
            Some("/groups/{group-id}/getReport(period={period}) -> microsoft.graph.group"),
        );
        check("/groups/{id}/reset", Some("/groups/{group-id}/reset -> microsoft.graph.group"));
        check("/groups/{id}/reset/members", None);
    }

    /// The one path grammar: what the resolver and the samples' walk split a template
    /// into.
    #[test]
    fn paths_split_into_segments() {
        let texts = |path: &str| split_path(path).into_iter().map(|segment| segment.text).collect::<Vec<_>>();
        assert_eq!(
            texts("/drives/{drive-id}/root:/{path}:/content"),
            ["drives", "{drive-id}", "root:/{path}:", "content"]
        );
        // Unclosed: the drive path runs to the end.
        assert_eq!(
            texts("/drives/{id}/root:/{item-path}/media"),
            ["drives", "{id}", "root:/{item-path}/media"]
        );
        // A slash inside parentheses does not split.
        assert_eq!(texts("/a(b='c/d')/e"), ["a(b='c/d')", "e"]);
        // The query string is not part of the path.
        assert_eq!(
            texts("/agentRegistry/agentInstances?$filter=card/id eq '{id}'"),
            ["agentRegistry", "agentInstances"]
        );
        let segments = split_path("/teams/(team-id)/reports/getReport(period='D7')");
        assert_eq!((segments[1].name.as_str(), segments[1].arguments.as_deref()), ("", Some("team-id")));
        assert_eq!(
            (segments[3].name.as_str(), segments[3].arguments.as_deref()),
            ("getReport", Some("period='D7'"))
        );
        assert!(split_path("/drive/root:/{id}:/content")[1].drive_path);
    }

    #[test]
    fn resolves_ref_count_value_casts_and_functions() {
        check(
            "/groups/{id}/members/$ref",
            Some("/groups/{group-id}/members/$ref -> microsoft.graph.directoryObject[]"),
        );
        check("/groups/$count", Some("/groups/$count -> microsoft.graph.group[]"));
        check(
            "/groups/{id}/members/microsoft.graph.user",
            Some("/groups/{group-id}/members/microsoft.graph.user -> microsoft.graph.user[]"),
        );
        check(
            "/groups/{id}/members/user",
            Some("/groups/{group-id}/members/microsoft.graph.user -> microsoft.graph.user[]"),
        );
        check("/groups/delta()", Some("/groups/delta() -> microsoft.graph.group[]"));
        check("/groups/microsoft.graph.delta", Some("/groups/delta -> microsoft.graph.group[]"));
        // A cast to an unrelated type is not a cast.
        check("/groups/{id}/members/microsoft.graph.drive", None);
    }

    #[test]
    fn resolves_alternate_keys_and_drive_paths() {
        check("/applications(appid={value})", Some("/applications(appid={value}) -> microsoft.graph.group"));
        check("/applications({id})/drive", Some("/applications({group-id})/drive -> microsoft.graph.drive"));
        check(
            "/groups/{id}/drive/root:/{id}:/children",
            Some("/groups/{group-id}/drive/root:/{id}:/children -> microsoft.graph.driveItem[]"),
        );
        check(
            "/groups/{id}/drive/root:/{item-path}",
            Some("/groups/{group-id}/drive/root:/{item-path} -> microsoft.graph.driveItem"),
        );
        check(
            "/groups/{id}/drive/root/content",
            Some("/groups/{group-id}/drive/root/content -> microsoft.graph.driveItem"),
        );
        check(
            "/groups/{id}/drive/root/children/{id}:/{path}:/children",
            Some(
                "/groups/{group-id}/drive/root/children/{driveItem-id}:/{path}:/children -> microsoft.graph.driveItem[]",
            ),
        );
    }

    #[test]
    fn unknown_paths_do_not_resolve() {
        check("/nothing", None);
        check("/groups/{id}/{id}", None);
        check("/identity/{id}", None);
        check("", None);
    }

    #[test]
    fn endpoint_keys_ignore_case_placeholders_and_trailing_slash() {
        assert_eq!(endpoint_key("/identity/apiConnectors/"), "/identity/apiconnectors");
        assert_eq!(
            endpoint_key("/identity/apiConnectors/{identityApiConnector-id}"),
            endpoint_key("/identity/apiconnectors/{id}")
        );
        assert_eq!(endpoint_key("/agents?$filter=x eq '{id}'"), "/agents");
        assert_eq!(endpoint_key("users"), "/users");
    }
}
