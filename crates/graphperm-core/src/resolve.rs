//! Resolves a path template of permissions.json through one version's schema: from the
//! entity set or singleton, through keys, navigation and structural properties, casts,
//! bound functions and actions, `$ref`/`$count`/`$value` and drive paths
//! (`root:/{path}:`), case-insensitively.
//!
//! The result is the resource type the path addresses, the path in the schema's own
//! casing and the typed [`Step`]s of the walk, which the code samples turn into SDK
//! request-builder chains. A path that does not resolve yields `None`: the caller shows
//! it as "not in this version's schema", never drops it, and reads its steps from the
//! path alone with [`steps_without_schema`].

use crate::schema::{Operation, OperationKind, Schema, TypeDef, TypeKind, short_name, split_collection};

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
    /// The structural property of primitive, enum or stream type the path ends with
    /// (`/me/responsibilities`, `…/items/{id}/content`): `resource` is then the type
    /// holding it, not what the path addresses.
    pub property: Option<String>,
    /// The path ends at a navigation that does not contain its target, or at a keyed
    /// item of one (`/groups/{id}/members`, `/print/shares/{id}/allowedUsers/{id}`):
    /// writing there adds or removes a reference, it does not create or delete the
    /// object.
    pub reference: bool,
    /// The walk, one typed step per segment (a keyed navigation gives two).
    pub steps: Vec<Step>,
}

impl Resolution {
    /// The method the schema allows on the path when it ends with an action: `POST`;
    /// `None` otherwise (any method: a function that returns an entity may be updated
    /// through, as `PATCH …/workbook/names/{id}/range` is).
    pub fn operation_method(&self) -> Option<&'static str> {
        match self.steps.last() {
            Some(Step::Action { .. }) => Some("POST"),
            _ => None,
        }
    }

    /// True when `method` on this path adds (`POST` on the navigation) or removes
    /// (`DELETE` of an item) a reference: a call on its `$ref` (`POST
    /// /groups/{id}/members/$ref`), which the data writes without it. The samples send it
    /// there and the derived cmdlet names it (`Remove-MgGroupMemberByRef`, not a
    /// `Remove-MgGroupMember` that would delete the object).
    pub fn reference_call(&self, method: &str) -> bool {
        self.reference
            && self.operation.is_none()
            && !matches!(self.steps.last(), Some(Step::Ref | Step::Count | Step::Value))
            && (method.eq_ignore_ascii_case("POST") && self.collection
                || method.eq_ignore_ascii_case("DELETE") && !self.collection)
    }

    /// True when `method` may be used on the path by the schema: only `POST` calls an
    /// action (permissions.json lists `GET /me/findMeetingTimes`, an action).
    pub fn allows(&self, method: &str) -> bool {
        self.operation_method().is_none_or(|allowed| method.eq_ignore_ascii_case(allowed))
    }
}

/// One step of a path walk, in request-builder terms.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// `applications(appId='{appId}')`: the collection and its key arguments, keys in the
    /// schema's casing.
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
    /// `root:/{path}:`: an item addressed by path under `name`.
    ItemWithPath {
        name: String,
        path: String,
    },
}

/// A path template with each segment that is only a parenthesised name (`(team-id)`)
/// written as the placeholder it stands for (`{team-id}`); `None` when there is none.
/// permissions.json writes `/teams/(team-id)/channels/…` twice; such a segment cannot be
/// a function call or a key (both follow a name), so it is read as a placeholder and
/// `graphperm lint` reports it.
pub fn repair_placeholder_brackets(path: &str) -> Option<String> {
    let is_bare = |segment: &str| {
        segment.strip_prefix('(').and_then(|rest| rest.strip_suffix(')')).is_some_and(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
    };
    if !path.split('/').any(is_bare) {
        return None;
    }
    let segments: Vec<String> = path
        .split('/')
        .map(|segment| {
            if is_bare(segment) {
                format!("{{{}}}", &segment[1..segment.len() - 1])
            } else {
                segment.to_string()
            }
        })
        .collect();
    Some(segments.join("/"))
}

/// The lookup key of a path template: lower-cased, placeholders as `{}` (also those
/// written in parentheses), no query string, no trailing slash.
pub fn endpoint_key(path: &str) -> String {
    let repaired = repair_placeholder_brackets(path);
    let path = repaired.as_deref().unwrap_or(path);
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
    let mut walk =
        Walk { canonical: Vec::with_capacity(segments.len()), steps: Vec::new(), reference: false };
    let mut position = match schema.root(&first.name) {
        Some(root) => {
            walk.canonical.push(root.name.clone());
            let position = Position {
                type_name: root.type_name.clone(),
                collection: root.collection,
                resource: root.type_name.clone(),
                navigable: true,
            };
            match first.arguments.as_deref() {
                Some(arguments) => walk.key(schema, position, Some(arguments))?,
                None => {
                    walk.steps.push(Step::Navigation { name: root.name.clone() });
                    position
                }
            }
        }
        None => {
            let unbound = schema.unbound_operations(strip_namespace(&first.name));
            let operation = pick_operation(&unbound, first.arguments.as_deref(), |_| true)?;
            walk.operation(&operation.name, first.arguments.as_deref(), operation);
            let return_type = operation.return_type.clone()?;
            position_of(schema, &return_type)?
        }
    };
    let mut operation = None;
    let mut property = None;
    for segment in rest {
        let steps_before = walk.steps.len();
        let (next, through) = step(schema, position, segment, &mut walk)?;
        // A value property: the walk stopped being navigable at this segment's own
        // property step (not an operation's result or a `$value`).
        property = match walk.steps[steps_before..] {
            [Step::Navigation { ref name }] if !next.navigable && through.is_none() => Some(name.clone()),
            _ => None,
        };
        position = next;
        operation = through;
    }
    Some(Resolution {
        canonical_path: format!("/{}", walk.canonical.join("/")),
        resource: Some(position.resource.clone()),
        collection: position.collection,
        operation,
        property,
        reference: walk.reference,
        steps: walk.steps,
    })
}

/// What a walk has written so far: the path in schema casing, one text per segment, and
/// the typed steps.
struct Walk {
    canonical: Vec<String>,
    steps: Vec<Step>,
    /// The walk stands on a navigation that does not contain its target (or a keyed
    /// item of one): see [`Resolution::reference`].
    reference: bool,
}

impl Walk {
    /// A key segment (`{id}`, `arguments` None) or the key arguments of the segment just
    /// written (`users(id)`, `applications(appId='x')`); only a collection takes a key.
    fn key(&mut self, schema: &Schema, position: Position, arguments: Option<&str>) -> Option<Position> {
        if !position.collection {
            return None;
        }
        let short = short_name(&position.type_name).to_string();
        match arguments {
            None => {
                self.canonical.push(format!("{{{short}-id}}"));
                self.steps.push(Step::Key { entity: short.clone(), placeholder: format!("{short}-id") });
            }
            Some(arguments) => {
                let last = self.canonical.pop().unwrap_or_default();
                let arguments = if is_placeholder(arguments.trim()) {
                    format!("{{{short}-id}}")
                } else {
                    arguments.to_string()
                };
                self.steps.extend(keyed_steps(Some(schema), &last, &arguments, Some(&position.type_name)));
                self.canonical.push(format!("{last}({arguments})"));
            }
        }
        Some(Position { collection: false, ..position })
    }

    /// A bound or unbound operation: `name(arguments in the schema's casing)`.
    fn operation(&mut self, name: &str, arguments: Option<&str>, operation: &Operation) {
        let arguments = operation_arguments(arguments, operation);
        self.steps.push(operation_step(operation, arguments.as_deref()));
        self.canonical.push(match arguments {
            Some(arguments) => format!("{name}({arguments})"),
            None => name.to_string(),
        });
    }

    /// A drive path (`root:/a/b:`, `{driveItem-id}:/a/b:`) replacing the segment just
    /// written (its text and its step). A drive segment always holds a `:`.
    fn drive_path(&mut self, text: &str) {
        let Some((_, path)) = text.split_once(':') else { return };
        let name = self.canonical.pop().unwrap_or_default();
        self.steps.pop();
        self.steps.push(Step::ItemWithPath {
            name: name.clone(),
            path: path.trim_start_matches('/').trim_end_matches(':').to_string(),
        });
        self.canonical.push(format!("{name}:{path}"));
    }
}

fn step(
    schema: &Schema,
    position: Position,
    segment: &PathSegment,
    walk: &mut Walk,
) -> Option<(Position, Option<String>)> {
    let lower = segment.name.to_ascii_lowercase();
    let special = match lower.as_str() {
        "$ref" => Some(Step::Ref),
        "$count" => Some(Step::Count),
        "$value" => Some(Step::Value),
        _ => None,
    };
    if let Some(special) = special {
        walk.canonical.push(lower);
        walk.steps.push(special);
        return Some((position, None));
    }
    if !position.navigable {
        return None;
    }
    if is_placeholder(&segment.name) && segment.arguments.is_none() {
        let next = walk.key(schema, position, None)?;
        if segment.drive_path {
            // `items/{id}:/folder/file.txt:` addresses an item below the keyed one.
            walk.drive_path(&segment.text);
        }
        return Some((next, None));
    }
    // Navigation and structural properties apply to single entities; a collection must
    // be keyed first. Drive paths address an item like a key does.
    if !position.collection {
        if let Some(navigation) = schema.find_navigation(&position.type_name, &segment.name) {
            walk.reference = !navigation.contains_target;
            let mut next = position_of_type(schema, &navigation.target, navigation.collection);
            next.resource = resource_or(&next, &position);
            walk.canonical.push(navigation.name.clone());
            // With key arguments (`authorities({id})`) the key's steps name the navigation.
            let Some(arguments) = segment.arguments.as_deref() else {
                walk.steps.push(Step::Navigation { name: navigation.name.clone() });
                if segment.drive_path {
                    walk.drive_path(&segment.text);
                    next.collection = false;
                }
                return Some((next, None));
            };
            return walk.key(schema, next, Some(arguments)).map(|next| (next, None));
        }
        if let Some(property) = schema.find_property(&position.type_name, &segment.name) {
            walk.reference = false;
            let (inner, collection) = split_collection(&property.type_name);
            let mut next = position_of_type(schema, inner, collection);
            next.resource = resource_or(&next, &position);
            walk.canonical.push(property.name.clone());
            walk.steps.push(Step::Navigation { name: property.name.clone() });
            return Some((next, None));
        }
    }
    let operations = schema.bound_operations(&position.type_name, strip_namespace(&segment.name));
    let collection = position.collection;
    if let Some(operation) = pick_operation(&operations, segment.arguments.as_deref(), |operation| {
        operation.binding_collection == collection
    }) {
        walk.reference = false;
        walk.operation(&operation.name, segment.arguments.as_deref(), operation);
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
        walk.canonical.push(full_name.clone());
        walk.steps.push(Step::Cast { type_name: cast.name.clone() });
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

/// The one cast rule of every schema walk: a segment names a cast when it is a type of
/// the schema, with or without the namespace, that is not an enum and derives from (or
/// is) the type the walk stands on.
pub fn cast_target<'a>(schema: &'a Schema, segment: &str, current_type: &str) -> Option<&'a TypeDef> {
    schema
        .find_type(segment)
        .filter(|cast| cast.kind != TypeKind::Enum && schema.is_a(&cast.full_name(), current_type))
}

/// The overload an operation segment names: among those `fits` accepts (the binding), the
/// one whose parameters the written arguments name exactly (`getOffice365ActiveUserDetail`
/// by `period` or by `date`), else the first that fits, else the first.
fn pick_operation<'a>(
    operations: &[&'a Operation],
    arguments: Option<&str>,
    fits: impl Fn(&Operation) -> bool,
) -> Option<&'a Operation> {
    let fitting = || operations.iter().copied().filter(|operation| fits(operation));
    arguments
        .and_then(|arguments| fitting().find(|operation| parameters_match(operation, arguments)))
        .or_else(|| fitting().next())
        .or_else(|| operations.first().copied())
}

/// True when the written arguments (`period={value}`) name exactly the operation's
/// parameters.
fn parameters_match(operation: &Operation, arguments: &str) -> bool {
    let written = parse_arguments(arguments);
    written.len() == operation.parameters.len()
        && written.iter().all(|(key, _)| {
            operation.parameters.iter().any(|(parameter, _)| parameter.eq_ignore_ascii_case(key))
        })
}

/// `Default.findByKbNumber` / `microsoft.graph.delta` → the operation's own name.
fn strip_namespace(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The arguments of an operation segment as the schema spells them; every parameter as a
/// placeholder for a function written without arguments.
fn operation_arguments(arguments: Option<&str>, operation: &Operation) -> Option<String> {
    match (arguments, operation.kind) {
        (Some(arguments), _) => Some(schema_arguments(arguments, operation)),
        (None, OperationKind::Function) if !operation.parameters.is_empty() => Some(
            operation
                .parameters
                .iter()
                .map(|(parameter, _)| format!("{parameter}={{{parameter}}}"))
                .collect::<Vec<_>>()
                .join(","),
        ),
        _ => None,
    }
}

/// Named arguments as the schema spells them: `userid={value}` of a function whose
/// parameter is `userId` becomes `userId={userId}`. Values that are not placeholders, and
/// names the function does not have, are kept as written.
fn schema_arguments(arguments: &str, operation: &Operation) -> String {
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

/// The step of an operation, with the arguments in the schema's spelling.
fn operation_step(operation: &Operation, arguments: Option<&str>) -> Step {
    match operation.kind {
        OperationKind::Function => {
            let written = arguments.map(parse_arguments).unwrap_or_default();
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

/// The steps of `name(arguments)`: the navigation and its key (`users({user-id})`), or one
/// alternate-key step (`applications(appId='{appId}')`, keys in the schema's casing when
/// the keyed type is known, generic placeholders named after their key).
fn keyed_steps(schema: Option<&Schema>, name: &str, arguments: &str, keyed_type: Option<&str>) -> Vec<Step> {
    let pairs = parse_arguments(arguments);
    if pairs.iter().all(|(key, _)| key.is_empty()) {
        let placeholder = placeholder_of(arguments.trim())
            .unwrap_or_else(|| arguments.trim().trim_matches('\'').to_string());
        let entity = keyed_type
            .map(|type_name| short_name(type_name).to_string())
            .unwrap_or_else(|| entity_from_placeholder(&placeholder, Some(name)));
        return vec![Step::Navigation { name: name.to_string() }, Step::Key { entity, placeholder }];
    }
    let arguments = pairs
        .into_iter()
        .map(|(key, value)| {
            let key = match (schema, keyed_type) {
                (Some(schema), Some(type_name)) => schema
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
    vec![Step::AlternateKey { collection: name.to_string(), arguments }]
}

/// The steps of a path read without a schema (the path is not in that version): `{x}`
/// segments are keys, `name(x)` a keyed navigation, `root:/a:` an item by path, and
/// everything else a navigation step.
pub fn steps_without_schema(path: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    for segment in split_path(path) {
        // A drive path keeps its whole text (`root:/{path}:`).
        let (name, arguments) =
            if segment.drive_path { (segment.text, None) } else { (segment.name, segment.arguments) };
        let special = match name.to_ascii_lowercase().as_str() {
            "$ref" => Some(Step::Ref),
            "$count" => Some(Step::Count),
            "$value" => Some(Step::Value),
            _ => None,
        };
        if let Some(special) = special {
            steps.push(special);
            continue;
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
            let entity = entity_from_placeholder(&placeholder, previous);
            steps.push(Step::Key { entity, placeholder });
            continue;
        }
        if let Some((before, after)) = name.split_once(':') {
            let path = after.trim_start_matches('/').trim_end_matches(':').to_string();
            steps.push(Step::ItemWithPath { name: before.to_string(), path });
            continue;
        }
        match arguments {
            Some(arguments) => steps.extend(keyed_steps(None, &name, &arguments, None)),
            None => steps.push(Step::Navigation { name }),
        }
    }
    steps
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
      <Action Name="createUploadSession" IsBound="true"><Parameter Name="bindingParameter" Type="graph.driveItem" /><Parameter Name="item" Type="Edm.String" /><ReturnType Type="graph.drive" /></Action>
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

    /// A path ending at a value property names it, so a summary does not take the path
    /// for its holding type (`POST /me/responsibilities` read "Create user").
    #[test]
    fn value_properties_are_named() {
        let property = |path: &str| resolve(&schema(), path).and_then(|resolution| resolution.property);
        assert_eq!(property("/identity/apiconnectors/{id}/displayName").as_deref(), Some("displayName"));
        assert_eq!(property("/groups/{id}/drive/root/content").as_deref(), Some("content"));
        // A complex property is navigable: it is what the path addresses.
        assert_eq!(property("/identity/apiconnectors/{id}/settings"), None);
        // Neither an operation's primitive result, nor `$value` after a property.
        assert_eq!(property("/groups/{id}/getreport(period={value})"), None);
        assert_eq!(property("/groups/{id}/drive/root/content/$value"), None);
        assert_eq!(property("/groups/{id}/members"), None);
    }

    /// Writing to a navigation that does not contain its target adds or removes a
    /// reference: the resolution says so, through keys and `$ref`, and a containment
    /// navigation, a property or an entity set does not.
    #[test]
    fn non_containment_navigations_are_references() {
        let reference = |path: &str| resolve(&schema(), path).map(|resolution| resolution.reference);
        assert_eq!(reference("/groups/{id}/members"), Some(true));
        assert_eq!(reference("/groups/{id}/members/{id}"), Some(true));
        assert_eq!(reference("/groups/{id}/members/$ref"), Some(true));
        assert_eq!(reference("/groups/{id}/drive"), Some(false));
        assert_eq!(reference("/groups/{id}/drive/root/children"), Some(false));
        assert_eq!(reference("/groups"), Some(false));
        assert_eq!(reference("/groups/{id}"), Some(false));
        assert_eq!(reference("/identity/apiconnectors/{id}/displayName"), Some(false));
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
    fn a_parenthesised_segment_is_a_placeholder() {
        assert_eq!(
            repair_placeholder_brackets("/teams/(team-id)/channels/{id}/messages/{id}").as_deref(),
            Some("/teams/{team-id}/channels/{id}/messages/{id}")
        );
        // Functions, keys and arguments keep their parentheses.
        for path in
            ["/reports/getTeamsUserActivityCounts(period='{period}')", "/users('{id}')", "/me/x/delta()"]
        {
            assert_eq!(repair_placeholder_brackets(path), None, "{path}");
        }
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

    fn steps(path: &str) -> Vec<Step> {
        resolve(&schema(), path).unwrap_or_else(|| panic!("{path} resolves")).steps
    }

    fn navigation(name: &str) -> Step {
        Step::Navigation { name: name.into() }
    }

    /// The walk's typed steps are what the code samples build on: one per segment, keys
    /// named after the keyed type, names in the schema's casing.
    #[test]
    fn the_walk_records_typed_steps() {
        assert_eq!(
            steps("/identity/apiconnectors/{id}/uploadclientcertificate"),
            [
                navigation("identity"),
                navigation("apiConnectors"),
                Step::Key {
                    entity: "identityApiConnector".into(),
                    placeholder: "identityApiConnector-id".into()
                },
                Step::Action {
                    name: "uploadClientCertificate".into(),
                    parameters: vec![("pkcs12Value".into(), "Edm.String".into())],
                    returns: Some("microsoft.graph.identityApiConnector".into()),
                },
            ]
        );
        assert_eq!(
            steps("/groups/{id}/getreport(period='D7')").pop(),
            Some(Step::Function {
                name: "getReport".into(),
                parameters: vec![("period".into(), "D7".into())],
                returns_collection: false
            })
        );
        assert_eq!(
            steps("/applications(appid='{x}')"),
            [Step::AlternateKey {
                collection: "applications".into(),
                arguments: vec![("appid".into(), "{appid}".into())]
            }]
        );
        assert_eq!(
            steps("/groups({id})/members/$ref"),
            [
                navigation("groups"),
                Step::Key { entity: "group".into(), placeholder: "group-id".into() },
                navigation("members"),
                Step::Ref
            ]
        );
    }

    /// Casts by the one rule: a derived type, with or without its namespace, is a cast
    /// step (short name); an unrelated type does not resolve at all.
    #[test]
    fn casts_are_steps_by_the_one_rule() {
        let cast_to_user = Step::Cast { type_name: "user".into() };
        assert_eq!(steps("/groups/{id}/members/microsoft.graph.user").pop(), Some(cast_to_user.clone()));
        assert_eq!(steps("/groups/{id}/members/user").pop(), Some(cast_to_user));
        assert!(resolve(&schema(), "/groups/{id}/members/microsoft.graph.drive").is_none());
    }

    /// After a drive path the walk still knows where it stands: an action there is an
    /// action step (the samples' own walk used to lose its place and call it a navigation).
    #[test]
    fn an_operation_after_a_drive_path_is_typed() {
        assert_eq!(
            steps("/groups/{id}/drive/root:/{path}:/createUploadSession"),
            [
                navigation("groups"),
                Step::Key { entity: "group".into(), placeholder: "group-id".into() },
                navigation("drive"),
                Step::ItemWithPath { name: "root".into(), path: "{path}".into() },
                Step::Action {
                    name: "createUploadSession".into(),
                    parameters: vec![("item".into(), "Edm.String".into())],
                    returns: Some("microsoft.graph.drive".into()),
                },
            ]
        );
        assert_eq!(
            steps("/groups/{id}/drive/root/children/{id}:/a/b.txt:/content")[4..],
            [
                navigation("children"),
                Step::ItemWithPath { name: "{driveItem-id}".into(), path: "a/b.txt".into() },
                navigation("content"),
            ]
        );
    }

    /// A path no schema has is read from its text alone.
    #[test]
    fn steps_without_a_schema_read_the_path() {
        assert_eq!(
            steps_without_schema("/identity/apiConnectors/{identityApiConnector-id}"),
            [
                navigation("identity"),
                navigation("apiConnectors"),
                Step::Key {
                    entity: "identityApiConnector".into(),
                    placeholder: "identityApiConnector-id".into()
                },
            ]
        );
        // `/teams/(team-id)/…` in permissions.json: a parenthesised segment is a key too.
        assert_eq!(
            steps_without_schema("/teams/(team-id)/channels")[..2],
            [navigation("teams"), Step::Key { entity: "team".into(), placeholder: "team-id".into() }]
        );
        // A generic key is named after its collection, in the singular.
        assert_eq!(
            steps_without_schema("/agentCollections/{id}")[1],
            Step::Key { entity: "agentCollection".into(), placeholder: "id".into() }
        );
        assert_eq!(entity_from_placeholder("id", Some("policies")), "policy");
        // A query string is not a step.
        assert_eq!(
            steps_without_schema("/agentRegistry/agentInstances?$filter=agentCardManifest/id eq '{id}'"),
            [navigation("agentRegistry"), navigation("agentInstances")]
        );
        assert_eq!(
            steps_without_schema("/drive/root:/a/b:/content"),
            [
                navigation("drive"),
                Step::ItemWithPath { name: "root".into(), path: "a/b".into() },
                navigation("content")
            ]
        );
    }
}
