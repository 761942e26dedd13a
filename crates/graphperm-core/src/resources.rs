//! The data a permission exposes: the resource types its endpoints address, the complex
//! and derived types reachable from their properties, and a JSON representation of
//! each type in the shape Microsoft Learn shows.

use std::collections::HashSet;

use crate::catalogue::Catalogue;
use crate::model::{ApiVersion, Permission};
use crate::schema::{Schema, TypeKind, split_collection};

/// Why a type belongs to a permission's resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// An endpoint of the permission addresses (or returns) it.
    Endpoint,
    /// A property of another resource has this (complex) type.
    Property,
    /// It derives from a type reached through a property.
    Derived,
}

/// One resource type of a permission, in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceRef {
    pub version: ApiVersion,
    /// Fully qualified type name.
    pub type_name: String,
    pub reach: Reach,
}

/// The resource types of a permission per version: endpoint resources first (in grant
/// order), then the complex types and their derived types reachable from properties.
pub fn permission_resources(catalogue: &Catalogue, permission: &Permission) -> Vec<ResourceRef> {
    let mut found = Vec::new();
    for (version, schema) in &catalogue.schemas {
        let mut seen: HashSet<String> = HashSet::new();
        let mut queue: Vec<(String, Reach)> = Vec::new();
        for grant in &permission.grants {
            let endpoint = &catalogue.endpoints[grant.endpoint];
            if let Some(resource) =
                endpoint.resolutions.get(version).and_then(|resolution| resolution.resource.clone())
                && schema.find_type(&resource).is_some()
                && seen.insert(resource.to_ascii_lowercase())
            {
                queue.push((resource, Reach::Endpoint));
            }
        }
        let mut next = 0;
        while next < queue.len() && queue.len() < 512 {
            let (type_name, _) = queue[next].clone();
            next += 1;
            for property in schema.all_properties(&type_name) {
                let (inner, _) = split_collection(&property.type_name);
                let Some(property_type) = schema.find_type(inner) else {
                    continue;
                };
                if property_type.kind != TypeKind::Complex {
                    continue;
                }
                let full_name = property_type.full_name();
                if seen.insert(full_name.to_ascii_lowercase()) {
                    queue.push((full_name.clone(), Reach::Property));
                }
                for derived in schema.all_derived(&full_name) {
                    if seen.insert(derived.to_ascii_lowercase()) {
                        queue.push((derived, Reach::Derived));
                    }
                }
            }
        }
        found.extend(queue.into_iter().map(|(type_name, reach)| ResourceRef {
            version: *version,
            type_name,
            reach,
        }));
    }
    found
}

/// The Learn page of a resource type.
pub fn learn_resource_url(type_name: &str, version: ApiVersion) -> String {
    format!(
        "https://learn.microsoft.com/graph/api/resources/{}?view={}",
        learn_slug(type_name),
        version.learn_view()
    )
}

/// Learn's page name for a type: its name within `microsoft.graph`, lower-cased, with a
/// nested namespace joined by a hyphen (`microsoft.graph.callRecords.userIdentity` →
/// `callrecords-useridentity`, `microsoft.graph.user` → `user`).
fn learn_slug(type_name: &str) -> String {
    crate::schema::page_name(type_name).replace('.', "-").to_ascii_lowercase()
}

/// A JSON representation of a type: every property (inherited first) with a placeholder
/// value naming its type, as on Microsoft Learn.
pub fn json_representation(schema: &Schema, type_name: &str) -> serde_json::Value {
    let key = schema.key_of(type_name);
    let mut object = serde_json::Map::new();
    if schema.find_type(type_name).is_some_and(|ty| ty.kind == TypeKind::Complex && ty.base_type.is_some()) {
        object.insert(
            "@odata.type".to_string(),
            serde_json::Value::String(format!("#{}", qualified(schema, type_name))),
        );
    }
    for property in schema.all_properties(type_name) {
        let (inner, collection) = split_collection(&property.type_name);
        let mut value = placeholder(schema, inner);
        if key.iter().any(|k| k == &property.name) && inner == "Edm.String" {
            value = serde_json::Value::String("String (identifier)".to_string());
        }
        if collection {
            value = serde_json::Value::Array(vec![value]);
        }
        object.insert(property.name.clone(), value);
    }
    serde_json::Value::Object(object)
}

fn qualified(schema: &Schema, type_name: &str) -> String {
    schema.find_type(type_name).map(|ty| ty.full_name()).unwrap_or_else(|| type_name.to_string())
}

fn placeholder(schema: &Schema, type_name: &str) -> serde_json::Value {
    use serde_json::Value;
    if let Some(primitive) = type_name.strip_prefix("Edm.") {
        let text = match primitive {
            "DateTimeOffset" => "String (timestamp)",
            "Date" => "Date",
            "TimeOfDay" => "TimeOfDay",
            "Duration" => "Duration",
            "Guid" => "Guid",
            "Binary" => "Binary",
            "Stream" => "Stream",
            "Boolean" => "Boolean",
            "Int16" | "Int32" | "Int64" | "Byte" | "SByte" => "Int32",
            "Double" | "Single" | "Decimal" => "Double",
            _ => "String",
        };
        let text = if primitive == "Int64" { "Int64" } else { text };
        return Value::String(text.to_string());
    }
    match schema.find_type(type_name) {
        Some(ty) if ty.kind == TypeKind::Enum => Value::String(ty.name.clone()),
        Some(ty) => {
            let mut object = serde_json::Map::new();
            object.insert("@odata.type".to_string(), Value::String(ty.full_name()));
            Value::Object(object)
        }
        None => Value::String(type_name.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A type of a nested namespace has its own Learn page: `callRecords.userIdentity`
    /// linked to `microsoft.graph.userIdentity`'s.
    #[test]
    fn learn_pages_of_nested_namespaces_keep_the_namespace() {
        assert_eq!(
            learn_resource_url("microsoft.graph.callRecords.userIdentity", ApiVersion::V1),
            "https://learn.microsoft.com/graph/api/resources/callrecords-useridentity?view=graph-rest-1.0"
        );
        assert_eq!(
            learn_resource_url("microsoft.graph.userIdentity", ApiVersion::Beta),
            "https://learn.microsoft.com/graph/api/resources/useridentity?view=graph-rest-beta"
        );
        assert_eq!(learn_slug("microsoft.graph.security.alert"), "security-alert");
        assert_eq!(learn_slug("user"), "user");
    }
}
