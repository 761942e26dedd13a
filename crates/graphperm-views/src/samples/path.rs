//! Walks an endpoint's path through the schema into SDK navigation steps: collections,
//! keys, casts, functions and actions, `$ref`, `$count`, `$value` and drive paths.
//!
//! Without a schema (the path is not in that version) the walk reads the path alone:
//! `{x}` segments become keys and everything else a navigation step.

use graphperm_core::resolve::{cast_target, split_path};
use graphperm_core::schema::{OperationKind, Schema, short_name, split_collection};

/// One step of the request-builder chain.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// An entity set, singleton, navigation or structural property.
    Navigation {
        name: String,
    },
    /// `{identityApiConnector-id}`: `entity` is the keyed type's short name.
    Key {
        entity: String,
        placeholder: String,
    },
    /// `applications(appId='{appId}')`: the collection and its key arguments.
    AlternateKey {
        collection: String,
        arguments: Vec<(String, String)>,
    },
    /// A cast to a derived type (short name).
    Cast {
        type_name: String,
    },
    /// A function; parameters are (name, value as written, e.g. `{period}`).
    Function {
        name: String,
        parameters: Vec<(String, String)>,
        returns_collection: bool,
    },
    /// An action: `parameters` are (name, type) for the body; `returns` is its result type.
    Action {
        name: String,
        parameters: Vec<(String, String)>,
        returns: Option<String>,
    },
    Ref,
    Count,
    Value,
    /// `root:/{path}:` — an item addressed by path under `name`.
    ItemWithPath {
        name: String,
        path: String,
    },
}

/// The steps of `path`, walked through `schema` when given.
pub fn walk(schema: Option<&Schema>, path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    // (type, collection) at the current position, when the schema knows it.
    let mut position: Option<(String, bool)> = None;
    for (index, segment) in split_path(path).into_iter().enumerate() {
        // A drive path keeps its whole text (`root:/{path}:`), read below.
        let (name, arguments) =
            if segment.drive_path { (segment.text, None) } else { (segment.name, segment.arguments) };
        match name.to_ascii_lowercase().as_str() {
            "$ref" => {
                steps.push(Step::Ref);
                continue;
            }
            "$count" => {
                steps.push(Step::Count);
                position = None;
                continue;
            }
            "$value" => {
                steps.push(Step::Value);
                continue;
            }
            _ => {}
        }
        // `(team-id)` as a segment of its own (a slip in permissions.json) is a key too.
        let bare_key = match (name.is_empty(), &arguments) {
            (true, Some(arguments)) => Some(
                placeholder_of(arguments.trim())
                    .unwrap_or_else(|| arguments.trim().trim_matches('\'').to_string()),
            ),
            _ => None,
        };
        if let Some(placeholder) = bare_key.or_else(|| placeholder_of(&name).filter(|_| arguments.is_none()))
        {
            let previous = match steps.last() {
                Some(Step::Navigation { name }) => Some(name.as_str()),
                _ => None,
            };
            let entity = match &position {
                Some((type_name, _)) => short_name(type_name).to_string(),
                None => entity_from_placeholder(&placeholder, previous),
            };
            steps.push(Step::Key { entity, placeholder });
            if let Some((_, collection)) = position.as_mut() {
                *collection = false;
            }
            continue;
        }
        if let Some((before, after)) = name.split_once(':') {
            let path = after.trim_start_matches('/').trim_end_matches(':').to_string();
            steps.push(Step::ItemWithPath { name: before.to_string(), path });
            position = None;
            continue;
        }
        let Some(schema) = schema else {
            push_navigation(&mut steps, &name, arguments, None, None);
            continue;
        };
        if index == 0 {
            if let Some(root) = schema.root(&name) {
                position = Some((root.type_name.clone(), root.collection));
                let keyed =
                    push_navigation(&mut steps, &root.name, arguments, position.as_ref(), Some(schema));
                if keyed && let Some((_, collection)) = position.as_mut() {
                    *collection = false;
                }
                continue;
            }
            let unbound = schema.unbound_operations(&name);
            if let Some(operation) = unbound
                .iter()
                .find(|operation| parameters_match(operation, arguments.as_deref()))
                .or_else(|| unbound.first())
            {
                position = operation.return_type.as_deref().map(|returned| {
                    let (inner, collection) = split_collection(returned);
                    (inner.to_string(), collection)
                });
                steps.push(operation_step(operation, arguments));
                continue;
            }
            push_navigation(&mut steps, &name, arguments, None, None);
            continue;
        }
        let Some((type_name, collection)) = position.clone() else {
            push_navigation(&mut steps, &name, arguments, None, None);
            continue;
        };
        if !collection {
            if let Some(navigation) = schema
                .all_navigation(&type_name)
                .into_iter()
                .find(|navigation| navigation.name.eq_ignore_ascii_case(&name))
            {
                position = Some((navigation.target.clone(), navigation.collection));
                let keyed =
                    push_navigation(&mut steps, &navigation.name, arguments, position.as_ref(), Some(schema));
                if keyed && let Some((_, collection)) = position.as_mut() {
                    *collection = false;
                }
                continue;
            }
            if let Some(property) = schema
                .all_properties(&type_name)
                .into_iter()
                .find(|property| property.name.eq_ignore_ascii_case(&name))
            {
                let (inner, collection) = split_collection(&property.type_name);
                position = Some((inner.to_string(), collection));
                steps.push(Step::Navigation { name: property.name.clone() });
                continue;
            }
        }
        let bare = name.rsplit('.').next().unwrap_or(&name);
        let operations = schema.bound_operations(&type_name, bare);
        if let Some(operation) = operations
            .iter()
            .filter(|operation| operation.binding_collection == collection)
            .find(|operation| parameters_match(operation, arguments.as_deref()))
            .or_else(|| operations.iter().find(|operation| operation.binding_collection == collection))
            .or_else(|| operations.first())
        {
            position = operation.return_type.as_deref().map(|returned| {
                let (inner, collection) = split_collection(returned);
                (inner.to_string(), collection)
            });
            steps.push(operation_step(operation, arguments));
            continue;
        }
        if let Some(cast) = cast_target(schema, &name, &type_name) {
            steps.push(Step::Cast { type_name: cast.name.clone() });
            position = Some((cast.full_name(), collection));
            continue;
        }
        push_navigation(&mut steps, &name, arguments, None, None);
        position = None;
    }
    steps
}

/// The path segments in request-builder terms, as SDK namespaces and modules spell them:
/// keys are `item`, casts `graph<Type>`, `$value` is `content`.
pub fn builder_segments(steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|step| match step {
            Step::Navigation { name } => name.clone(),
            Step::Key { .. } => "item".to_string(),
            Step::AlternateKey { collection, arguments } => {
                let keys: Vec<String> = arguments.iter().map(|(key, _)| super::quote::pascal(key)).collect();
                format!("{collection}With{}", keys.join("With"))
            }
            Step::Cast { type_name } => format!("graph{}", super::quote::pascal(type_name)),
            Step::Function { name, .. } | Step::Action { name, .. } => name.clone(),
            Step::Ref => "ref".to_string(),
            Step::Count => "count".to_string(),
            Step::Value => "content".to_string(),
            Step::ItemWithPath { name, .. } => format!("{name}ItemWithPath"),
        })
        .collect()
}

/// Pushes a navigation step, and a key step for `name({id})` / `name(key='{x}')`.
/// Returns true when a key followed.
fn push_navigation(
    steps: &mut Vec<Step>,
    name: &str,
    arguments: Option<String>,
    position: Option<&(String, bool)>,
    schema: Option<&Schema>,
) -> bool {
    let Some(arguments) = arguments else {
        steps.push(Step::Navigation { name: name.to_string() });
        return false;
    };
    let pairs = parse_arguments(&arguments);
    if pairs.iter().all(|(key, _)| key.is_empty()) {
        steps.push(Step::Navigation { name: name.to_string() });
        let placeholder = placeholder_of(arguments.trim())
            .unwrap_or_else(|| arguments.trim().trim_matches('\'').to_string());
        let entity = position
            .map(|(type_name, _)| short_name(type_name).to_string())
            .unwrap_or_else(|| entity_from_placeholder(&placeholder, Some(name)));
        steps.push(Step::Key { entity, placeholder });
    } else {
        // Key names in the schema's casing (`appid` → `appId`), generic placeholders
        // (`{value}`) named after their key.
        let arguments = pairs
            .into_iter()
            .map(|(key, value)| {
                let key = match (schema, position) {
                    (Some(schema), Some((type_name, _))) => schema
                        .all_properties(type_name)
                        .into_iter()
                        .find(|property| property.name.eq_ignore_ascii_case(&key))
                        .map(|property| property.name.clone())
                        .unwrap_or(key),
                    _ => key,
                };
                let value = if placeholder_of(&value).is_some() { format!("{{{key}}}") } else { value };
                (key, value)
            })
            .collect();
        steps.push(Step::AlternateKey { collection: name.to_string(), arguments });
    }
    true
}

fn operation_step(operation: &graphperm_core::schema::Operation, arguments: Option<String>) -> Step {
    match operation.kind {
        OperationKind::Function => {
            let written = arguments.as_deref().map(parse_arguments).unwrap_or_default();
            let parameters = operation
                .parameters
                .iter()
                .map(|(parameter, _)| {
                    let value = written
                        .iter()
                        .find(|(key, _)| key.eq_ignore_ascii_case(parameter))
                        .map(|(_, value)| value.clone())
                        .filter(|value| placeholder_of(value).is_none())
                        .unwrap_or_else(|| format!("{{{parameter}}}"));
                    (parameter.clone(), value)
                })
                .collect();
            Step::Function {
                name: operation.name.clone(),
                parameters,
                returns_collection: operation
                    .return_type
                    .as_deref()
                    .is_some_and(|returned| split_collection(returned).1),
            }
        }
        OperationKind::Action => Step::Action {
            name: operation.name.clone(),
            parameters: operation.parameters.clone(),
            returns: operation.return_type.clone(),
        },
    }
}

/// True when the written arguments (`period={value}`) name exactly the operation's
/// parameters: it picks the right overload of `getOffice365ActiveUserDetail`.
fn parameters_match(operation: &graphperm_core::schema::Operation, arguments: Option<&str>) -> bool {
    let written = arguments.map(parse_arguments).unwrap_or_default();
    written.len() == operation.parameters.len()
        && written.iter().all(|(key, _)| {
            operation.parameters.iter().any(|(parameter, _)| parameter.eq_ignore_ascii_case(key))
        })
}

/// The keyed entity's name when no schema says it: `{user-id}` → `user`; a generic
/// `{id}` takes the collection's name in the singular (`agentCollections` →
/// `agentCollection`).
fn entity_from_placeholder(placeholder: &str, collection: Option<&str>) -> String {
    let stem = placeholder.strip_suffix("-id").unwrap_or(placeholder);
    let generic = matches!(stem.to_ascii_lowercase().as_str(), "id" | "value" | "key");
    match collection {
        Some(collection) if generic => {
            if let Some(base) = collection.strip_suffix("ies") {
                format!("{base}y")
            } else {
                collection.strip_suffix('s').unwrap_or(collection).to_string()
            }
        }
        _ => stem.to_string(),
    }
}

/// `{identityApiConnector-id}` → `identityApiConnector-id`.
fn placeholder_of(text: &str) -> Option<String> {
    text.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')).map(str::to_string)
}

/// `a=1,b='{x}'` → [("a", "1"), ("b", "{x}")]; a bare value gets an empty name.
fn parse_arguments(text: &str) -> Vec<(String, String)> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) => (key.trim().to_string(), value.trim().trim_matches('\'').to_string()),
            None => (String::new(), part.trim().trim_matches('\'').to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parenthesised_segment_is_a_key() {
        // permissions.json has `/teams/(team-id)/channels/{id}/messages/{id}`.
        assert_eq!(
            walk(None, "/teams/(team-id)/channels")[..2],
            [
                Step::Navigation { name: "teams".into() },
                Step::Key { entity: "team".into(), placeholder: "team-id".into() },
            ]
        );
    }

    #[test]
    fn a_generic_key_is_named_after_its_collection() {
        assert_eq!(
            walk(None, "/agentCollections/{id}")[1],
            Step::Key { entity: "agentCollection".into(), placeholder: "id".into() }
        );
        assert_eq!(entity_from_placeholder("id", Some("policies")), "policy");
    }

    /// The samples' walk takes casts by the resolver's rule (`resolve::cast_target`): a
    /// type derived from where the walk stands, with or without its namespace; an
    /// unrelated type is no cast, whatever its spelling.
    #[test]
    fn casts_follow_the_resolvers_rule() {
        const SCHEMA: &str = r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
        <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
          <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" /></EntityType>
          <EntityType Name="directoryObject" BaseType="graph.entity" />
          <EntityType Name="user" BaseType="graph.directoryObject" />
          <EntityType Name="group" BaseType="graph.directoryObject"><NavigationProperty Name="members" Type="Collection(graph.directoryObject)" /></EntityType>
          <EntityType Name="printer" BaseType="graph.entity" />
          <EntityContainer Name="GraphService"><EntitySet Name="groups" EntityType="microsoft.graph.group" /></EntityContainer>
        </Schema></edmx:DataServices></edmx:Edmx>"#;
        let schema = graphperm_core::load::csdl::parse(
            SCHEMA,
            graphperm_core::model::ApiVersion::V1,
            std::path::Path::new("casts.xml"),
        )
        .expect("the test schema");
        let last = |path: &str| walk(Some(&schema), path).pop().expect("a step");
        let cast_to_user = Step::Cast { type_name: "user".into() };
        assert_eq!(last("/groups/{id}/members/microsoft.graph.user"), cast_to_user);
        assert_eq!(last("/groups/{id}/members/user"), cast_to_user);
        assert!(!matches!(last("/groups/{id}/members/microsoft.graph.printer"), Step::Cast { .. }));
        for path in ["/groups/{id}/members/user", "/groups/{id}/members/microsoft.graph.printer"] {
            let casts_here = matches!(last(path), Step::Cast { .. });
            let resolves = graphperm_core::resolve::resolve(&schema, path).is_some();
            assert_eq!(casts_here, resolves, "{path}: the samples and the resolver disagree");
        }
    }

    /// A query string in a template (permissions.json has a few) is not navigation: the
    /// SDK chain stops at the path.
    #[test]
    fn a_query_string_is_not_a_step() {
        assert_eq!(
            walk(None, "/agentRegistry/agentInstances?$filter=agentCardManifest/id eq '{id}'"),
            [
                Step::Navigation { name: "agentRegistry".into() },
                Step::Navigation { name: "agentInstances".into() }
            ]
        );
    }

    #[test]
    fn walks_without_schema() {
        assert_eq!(
            walk(None, "/identity/apiConnectors/{identityApiConnector-id}"),
            [
                Step::Navigation { name: "identity".into() },
                Step::Navigation { name: "apiConnectors".into() },
                Step::Key {
                    entity: "identityApiConnector".into(),
                    placeholder: "identityApiConnector-id".into()
                },
            ]
        );
    }
}
