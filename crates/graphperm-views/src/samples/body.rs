//! Request bodies built from the schema: a typed value tree that each language renders in
//! its own way (object initialisers, setters, hashtables, JSON).
//!
//! Which properties: keys the caller chooses, then names (a subject, a title) and
//! required scalars, other scalars, objects and collections (schema order within each),
//! leaving out what the service sets itself (`id`, timestamps, `createdBy`, what the
//! schema's description calls read-only, the values Outlook computes for a message or an
//! event), streams and navigation properties; capped so a 60-property type does not make a 60-line sample. An abstract
//! complex type is replaced by its first concrete derived type, with `@odata.type`.

use graphperm_core::schema::{Schema, TypeKind, split_collection};

/// Top-level properties at most; nested objects take fewer.
const TOP_LEVEL_PROPERTIES: usize = 6;
const NESTED_PROPERTIES: usize = 4;
const MAX_DEPTH: usize = 2;

/// Properties the service fills in; a create or update request does not send them: the
/// audit stamps of every type, and what Outlook computes for its items (a message's
/// `bodyPreview`, `conversationIndex` and `internetMessageId`, an item's `changeKey`),
/// whose descriptions do not say so.
const SERVICE_SET: [&str; 18] = [
    "createdDateTime",
    "lastModifiedDateTime",
    "deletedDateTime",
    "createdBy",
    "lastModifiedBy",
    "createdOn",
    "changeKey",
    "bodyPreview",
    "uniqueBody",
    "conversationId",
    "conversationIndex",
    "hasAttachments",
    "isDraft",
    "parentFolderId",
    "receivedDateTime",
    "sentDateTime",
    "webLink",
    "internetMessageId",
];

/// Names a person fills in first, after the keys, and what an item is not sent without:
/// a message's body and recipients, an event's start and end (a sendMail body without
/// `toRecipients` sends nothing).
const NAME_LIKE: [&str; 8] =
    ["displayName", "name", "subject", "title", "body", "toRecipients", "start", "end"];

/// True when the schema's description says the service owns the value ("… Read-only.",
/// "Read-only. Returned only on $select.", "is read-only and calculated"), not when it is
/// read-only in some cases only ("Read-only for users synced from on-premises directory").
fn described_read_only(description: Option<&str>) -> bool {
    let Some(text) = description else { return false };
    let lower = text.to_ascii_lowercase();
    lower.match_indices("read-only").any(|(at, found)| {
        let starts_word = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let rest = &lower[at + found.len()..];
        starts_word
            && (rest.is_empty() || rest.starts_with(['.', ';', ',', ')']) || rest.starts_with(" and "))
    })
}

/// Where an object's class lives in the typed SDKs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassHome {
    /// The models namespace (`Microsoft.Graph.Models`, `msgraph.generated.models`).
    Models,
    /// The request builder's own namespace: `<Action>PostRequestBody`.
    RequestBuilder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `text` is the value as JSON writes it inside quotes (or bare for numbers/booleans).
    Primitive {
        kind: Primitive,
        text: String,
    },
    /// `type_name` is the enum's short name.
    Enum {
        type_name: String,
        member: String,
    },
    Object(Object),
    /// Always one item, so the item's type can be read from it.
    List(Vec<Value>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    /// Short class name: `identityApiConnector`, `uploadClientCertificatePostRequestBody`.
    pub type_name: String,
    /// The declared type's short name (differs from `type_name` for an abstract type);
    /// typed collections are declared with it.
    pub declared_type: String,
    pub home: ClassHome,
    /// `#microsoft.graph.basicAuthentication` when the concrete type differs from the
    /// declared one.
    pub odata_type: Option<String>,
    pub fields: Vec<(String, Value)>,
}

impl Object {
    /// The fields, after a string field named `odata_key` carrying the `@odata.type`
    /// when the object announces one.
    pub fn members(&self, odata_key: &str) -> Vec<(String, Value)> {
        let odata = self.odata_type.iter().map(|odata_type| {
            (odata_key.to_string(), Value::Primitive { kind: Primitive::String, text: odata_type.clone() })
        });
        odata.chain(self.fields.iter().cloned()).collect()
    }
}

impl Value {
    /// The JSON a raw request sends.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as Json;
        match self {
            Value::Primitive { kind, text } => match kind {
                Primitive::Boolean => Json::Bool(text == "true"),
                Primitive::Int32 | Primitive::Int64 | Primitive::Double => {
                    serde_json::from_str(text).unwrap_or_else(|_| Json::String(text.clone()))
                }
                _ => Json::String(text.clone()),
            },
            Value::Enum { member, .. } => Json::String(member.clone()),
            Value::Object(object) => Json::Object(
                object
                    .members("@odata.type")
                    .into_iter()
                    .map(|(name, value)| (name, value.to_json()))
                    .collect(),
            ),
            Value::List(items) => Json::Array(items.iter().map(Value::to_json).collect()),
        }
    }
}

/// The body of a create (`update` false) or update request for `type_name`. An update
/// changes what a person names first: the name-like properties (`displayName`, an
/// event's `subject`, `start` and `end`), else the first property a create would send.
/// Sending every property of a create in a PATCH made requests the service refuses
/// (`PATCH /users/{id}` with aboutMe, birthday and hireDate, which are updated alone, and
/// deviceEnrollmentLimit 1, which allows 5 or 1000).
pub fn entity_body(schema: &Schema, type_name: &str, update: bool) -> Option<Object> {
    let (concrete, odata_type) = concrete(schema, type_name)?;
    let ty = schema.find_type(&concrete)?;
    let mut fields = fields(schema, &concrete, 0, true);
    if update {
        let (named, others): (Vec<_>, Vec<_>) =
            fields.into_iter().partition(|(name, _)| NAME_LIKE.contains(&name.as_str()));
        let key = schema.key_of(&concrete);
        fields = if named.is_empty() {
            others.into_iter().filter(|(name, _)| !key.iter().any(|k| k == name)).take(1).collect()
        } else {
            named
        };
    }
    Some(Object {
        type_name: ty.name.clone(),
        declared_type: graphperm_core::schema::short_name(type_name).to_string(),
        home: ClassHome::Models,
        odata_type,
        fields,
    })
}

/// The body of an action: one field per parameter.
pub fn action_body(schema: &Schema, action: &str, parameters: &[(String, String)]) -> Object {
    let fields = parameters
        .iter()
        .filter_map(|(name, type_name)| {
            example(schema, name, type_name, 0).map(|value| (name.clone(), value))
        })
        .collect();
    Object {
        type_name: format!("{action}PostRequestBody"),
        declared_type: format!("{action}PostRequestBody"),
        home: ClassHome::RequestBuilder,
        odata_type: None,
        fields,
    }
}

/// The body of a `POST …/$ref`: the reference to add.
pub fn reference_body(version: &str) -> Object {
    Object {
        type_name: "referenceCreate".to_string(),
        declared_type: "referenceCreate".to_string(),
        home: ClassHome::Models,
        odata_type: None,
        fields: vec![(
            "@odata.id".to_string(),
            Value::Primitive {
                kind: Primitive::String,
                text: format!("https://graph.microsoft.com/{version}/directoryObjects/{{id}}"),
            },
        )],
    }
}

/// The type to instantiate for a declared type: itself, or for an abstract type its
/// first concrete derived type (with the `@odata.type` to announce it).
fn concrete(schema: &Schema, type_name: &str) -> Option<(String, Option<String>)> {
    let ty = schema.find_type(type_name)?;
    if !ty.is_abstract {
        return Some((ty.full_name(), None));
    }
    let derived = schema
        .all_derived(&ty.full_name())
        .into_iter()
        .find(|name| schema.find_type(name).is_some_and(|derived| !derived.is_abstract))?;
    let full = schema.find_type(&derived)?.full_name();
    Some((full.clone(), Some(format!("#{full}"))))
}

fn fields(schema: &Schema, type_name: &str, depth: usize, top: bool) -> Vec<(String, Value)> {
    let key = schema.key_of(type_name);
    let limit = if top { TOP_LEVEL_PROPERTIES } else { NESTED_PROPERTIES };
    let mut candidates: Vec<_> = schema
        .all_properties(type_name)
        .into_iter()
        .filter(|property| {
            // A key named `id` is assigned by the service; other keys (a `name`, an
            // `appId`) are chosen by the caller and go first.
            let service_assigned_id = property.name == "id" && key.iter().any(|k| k == "id");
            let service_set = SERVICE_SET.contains(&property.name.as_str())
                || described_read_only(property.description.as_deref());
            let annotation = property.name.starts_with('@');
            let stream = property.type_name == "Edm.Stream";
            !(service_assigned_id || service_set || annotation || stream)
        })
        .collect();
    // Keys first, then names and required scalars, then other scalars, then objects,
    // then collections: what a person fills in first, in the schema's order otherwise.
    candidates.sort_by_key(|property| {
        let (inner, collection) = split_collection(&property.type_name);
        let scalar =
            inner.starts_with("Edm.") || schema.find_type(inner).is_some_and(|ty| ty.kind == TypeKind::Enum);
        // Names and required scalars in NAME_LIKE's order (a subject before a body).
        let named = NAME_LIKE.iter().position(|name| *name == property.name);
        if key.contains(&property.name) {
            (0, 0)
        } else if let Some(position) = named {
            (1, position)
        } else if collection {
            (4, 0)
        } else if !property.nullable && scalar {
            (1, NAME_LIKE.len())
        } else if scalar {
            (2, 0)
        } else {
            (3, 0)
        }
    });
    candidates
        .into_iter()
        .filter_map(|property| {
            example(schema, &property.name, &property.type_name, depth + 1)
                .map(|value| (property.name.clone(), value))
        })
        .take(limit)
        .collect()
}

/// An example value for a property or parameter, or `None` when it cannot be built (an
/// unknown type, or nesting too deep).
fn example(schema: &Schema, name: &str, type_name: &str, depth: usize) -> Option<Value> {
    let (inner, collection) = split_collection(type_name);
    let value = if let Some(primitive) = inner.strip_prefix("Edm.") {
        primitive_example(name, primitive)?
    } else {
        let ty = schema.find_type(inner)?;
        match ty.kind {
            TypeKind::Enum => Value::Enum {
                type_name: ty.name.clone(),
                member: ty
                    .members
                    .iter()
                    .find(|member| !member.eq_ignore_ascii_case("unknownFutureValue"))
                    .or_else(|| ty.members.first())?
                    .clone(),
            },
            _ if depth > MAX_DEPTH => return None,
            _ => {
                let (concrete, odata_type) = concrete(schema, inner)?;
                let concrete_type = schema.find_type(&concrete)?;
                Value::Object(Object {
                    type_name: concrete_type.name.clone(),
                    declared_type: ty.name.clone(),
                    home: ClassHome::Models,
                    odata_type,
                    fields: fields(schema, &concrete, depth, false),
                })
            }
        }
    };
    Some(if collection { Value::List(vec![value]) } else { value })
}

fn primitive_example(name: &str, primitive: &str) -> Option<Value> {
    let lower = name.to_ascii_lowercase();
    let (kind, text) = match primitive {
        "String" => (Primitive::String, string_example(name, &lower)),
        "Boolean" => (Primitive::Boolean, "true".to_string()),
        "Byte" | "SByte" | "Int16" | "Int32" => (Primitive::Int32, "1".to_string()),
        "Int64" => (Primitive::Int64, "1".to_string()),
        "Double" | "Single" | "Decimal" => (Primitive::Double, "1.5".to_string()),
        "DateTimeOffset" => (Primitive::DateTimeOffset, "2024-01-01T08:00:00Z".to_string()),
        "Date" => (Primitive::Date, "2024-01-01".to_string()),
        "TimeOfDay" => (Primitive::TimeOfDay, "08:00:00".to_string()),
        "Duration" => (Primitive::Duration, "PT1H".to_string()),
        "Guid" => (Primitive::Guid, "00000000-0000-0000-0000-000000000000".to_string()),
        "Binary" => (Primitive::Binary, "SGVsbG8=".to_string()),
        _ => return None,
    };
    Some(Value::Primitive { kind, text })
}

/// A string that reads like the property: URLs for `…Url`, an address for `…mail…`,
/// `<password>` for secrets, else the name itself.
fn string_example(name: &str, lower: &str) -> String {
    if lower.ends_with("url") || lower.ends_with("uri") {
        "https://example.com".to_string()
    } else if lower.contains("mail") || lower.ends_with("userprincipalname") || lower == "address" {
        "user@contoso.com".to_string()
    } else if lower.contains("password") || lower.contains("secret") {
        format!("<{name}>")
    } else if lower == "displayname" || lower == "name" {
        "Example".to_string()
    } else {
        format!("{name} value")
    }
}

#[cfg(test)]
mod tests {
    use super::described_read_only;

    #[test]
    fn read_only_is_read_from_descriptions() {
        for owned in [
            "The plans that are assigned to the user. Read-only. Not nullable.",
            "Read-only.Returned only on $select.",
            "This property is read-only and calculated based on ageGroup.",
            "Security identifier (SID) of the user (read-only)",
        ] {
            assert!(described_read_only(Some(owned)), "{owned}");
        }
        for writable in [
            "Read-only for users synced from on-premises directory. Maximum length is 64 characters.",
            "The display name of the group.",
            "Whether the item is unread-only-ish",
        ] {
            assert!(!described_read_only(Some(writable)), "{writable}");
        }
        assert!(!described_read_only(None));
    }
}
