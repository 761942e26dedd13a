//! Learn-style one-line summaries of endpoints ("List users", "Get user", "Create
//! identityApiConnector", "user: sendMail"), for method tables, the PowerShell table,
//! the endpoint page and search results.
//!
//! Microsoft Learn titles a method page after the resource type and what the call does.
//! The same title is derived here from the schema resolution of the path: the type it
//! addresses, whether that is a collection, and the action or function it ends with.

use graphperm_core::Catalogue;
use graphperm_core::model::{ApiVersion, Endpoint};
use graphperm_core::resolve::{Resolution, resolve};
use graphperm_core::schema::short_name;

/// The summary of `endpoint` as resolved in `version`, else in any version that resolves
/// it. `None` for a path no schema resolves: its type is unknown, and a guess from the
/// path's words would be wrong as often as right (`POST …/upload` is an action, `POST
/// …/messages` a create).
pub fn endpoint_summary(
    catalogue: &Catalogue,
    endpoint: &Endpoint,
    version: Option<ApiVersion>,
) -> Option<String> {
    let (version, resolution) = version
        .and_then(|version| endpoint.resolutions.get(&version).map(|resolution| (version, resolution)))
        .or_else(|| endpoint.resolutions.iter().next().map(|(version, resolution)| (*version, resolution)))?;
    let bound_type = resolution.operation.as_deref().and_then(|operation| {
        let schema = catalogue.schema(version)?;
        let parent = parent_of_operation(&resolution.canonical_path, operation)?;
        resolve(schema, parent)?.resource
    });
    summary(&endpoint.method, resolution, bound_type.as_deref())
}

/// The summary from a resolution. `bound_type` is the type an action or function is
/// bound to (the resolution of the path without its last segment); when unknown, the
/// resolution's own resource stands in. `None` when the resolution names no type.
pub fn summary(method: &str, resolution: &Resolution, bound_type: Option<&str>) -> Option<String> {
    if let Some(operation) = &resolution.operation {
        let on = bound_type.or(resolution.resource.as_deref());
        return Some(match on {
            Some(type_name) => format!("{}: {operation}", short_name(type_name)),
            None => operation.clone(),
        });
    }
    let type_name = short_name(resolution.resource.as_deref()?);
    let method = method.to_ascii_uppercase();
    // A value property (`POST /me/responsibilities`) is a part of its type, not the type:
    // "Create user" would name another call.
    if let Some(property) = &resolution.property {
        let verb = match method.as_str() {
            "GET" => "Get",
            "POST" => "Add to",
            "PATCH" | "PUT" => "Update",
            "DELETE" => "Delete",
            other => other,
        };
        return Some(format!("{verb} {type_name} {property}"));
    }
    // `$count`, `$ref` and `$value` address a count, a reference or the content of the
    // type, which Learn titles by what they do to it ("Add member", "Get photo content").
    match (resolution.canonical_path.rsplit('/').next().unwrap_or_default(), method.as_str()) {
        ("$count", _) => return Some(format!("Count {}", plural(type_name))),
        ("$ref", "POST" | "PUT") => return Some(format!("Add {type_name}")),
        ("$ref", "DELETE") => return Some(format!("Remove {type_name}")),
        ("$value", "GET") => return Some(format!("Get {type_name} content")),
        ("$value", "PUT" | "PATCH" | "POST") => return Some(format!("Update {type_name} content")),
        ("$value", "DELETE") => return Some(format!("Delete {type_name} content")),
        _ => {}
    }
    // A navigation that does not contain its target holds references: posting to it adds
    // one, deleting an item removes one; neither creates nor deletes the object
    // (`DELETE /print/shares/{id}/allowedUsers/{user-id}` read "Delete user").
    if resolution.reference {
        match method.as_str() {
            "POST" => return Some(format!("Add {type_name}")),
            "DELETE" => return Some(format!("Remove {type_name}")),
            _ => {}
        }
    }
    let verb = match (method.as_str(), resolution.collection) {
        ("GET", true) => return Some(format!("List {}", plural(type_name))),
        ("GET", false) => "Get",
        ("POST", _) => "Create",
        ("PATCH" | "PUT", _) => "Update",
        ("DELETE", _) => "Delete",
        (other, _) => return Some(format!("{other} {type_name}")),
    };
    Some(format!("{verb} {type_name}"))
}

/// `user` → `users`, `policy` → `policies`, `address` → `addresses`: the English plural
/// Learn uses in its "List …" titles.
pub fn plural(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with('y') && !lower.ends_with("ay") && !lower.ends_with("ey") && !lower.ends_with("oy") {
        format!("{}ies", &word[..word.len() - 1])
    } else if lower.ends_with("sis") {
        // analysis → analyses
        format!("{}es", &word[..word.len() - 2])
    } else if ["ss", "us", "x", "ch", "sh", "z"].iter().any(|ending| lower.ends_with(ending)) {
        format!("{word}es")
    } else if lower.ends_with('s') {
        // Already plural, as Learn writes it: "List licenseDetails", "List mailboxSettings".
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The canonical path up to the segment naming `operation` (`/me/sendMail` → `/me`).
fn parent_of_operation<'a>(canonical_path: &'a str, operation: &str) -> Option<&'a str> {
    let at = canonical_path.rfind(&format!("/{operation}"))?;
    (at > 0).then(|| &canonical_path[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolution(resource: Option<&str>, collection: bool, operation: Option<&str>) -> Resolution {
        Resolution {
            canonical_path: String::new(),
            resource: resource.map(str::to_string),
            collection,
            operation: operation.map(str::to_string),
            property: None,
            reference: false,
            steps: Vec::new(),
        }
    }

    #[track_caller]
    fn check(method: &str, resolved: Resolution, bound_type: Option<&str>, expected: &str) {
        assert_eq!(summary(method, &resolved, bound_type).as_deref(), Some(expected));
    }

    #[test]
    fn crud_summaries_read_like_learn() {
        let connector = "microsoft.graph.identityApiConnector";
        check("GET", resolution(Some(connector), true, None), None, "List identityApiConnectors");
        check("GET", resolution(Some(connector), false, None), None, "Get identityApiConnector");
        check("POST", resolution(Some(connector), true, None), None, "Create identityApiConnector");
        check("PATCH", resolution(Some(connector), false, None), None, "Update identityApiConnector");
        check("put", resolution(Some(connector), false, None), None, "Update identityApiConnector");
        check("DELETE", resolution(Some(connector), false, None), None, "Delete identityApiConnector");
        check("GET", resolution(Some("microsoft.graph.policy"), true, None), None, "List policies");
    }

    #[test]
    fn counts_references_and_contents() {
        let at = |path: &str, resource: &str, collection: bool| Resolution {
            canonical_path: path.to_string(),
            resource: Some(resource.to_string()),
            collection,
            operation: None,
            property: None,
            reference: false,
            steps: Vec::new(),
        };
        check("GET", at("/users/$count", "microsoft.graph.user", true), None, "Count users");
        let members = "microsoft.graph.directoryObject";
        check("POST", at("/groups/{group-id}/members/$ref", members, true), None, "Add directoryObject");
        check(
            "DELETE",
            at("/groups/{group-id}/members/{id}/$ref", members, false),
            None,
            "Remove directoryObject",
        );
        check("GET", at("/groups/{group-id}/members/$ref", members, true), None, "List directoryObjects");
        let photo = "microsoft.graph.profilePhoto";
        check("GET", at("/me/photo/$value", photo, false), None, "Get profilePhoto content");
        check("PUT", at("/me/photo/$value", photo, false), None, "Update profilePhoto content");
    }

    #[test]
    fn operations_name_the_bound_type() {
        let uploaded =
            resolution(Some("microsoft.graph.identityApiConnector"), false, Some("uploadClientCertificate"));
        check("POST", uploaded, None, "identityApiConnector: uploadClientCertificate");
        let send_mail = resolution(Some("microsoft.graph.message"), false, Some("sendMail"));
        check("POST", send_mail, Some("microsoft.graph.user"), "user: sendMail");
        check("GET", resolution(None, false, Some("delta")), None, "delta");
        assert_eq!(summary("GET", &resolution(None, false, None), None), None);
    }

    /// `POST /me/responsibilities` was "Create user": a value property is named.
    #[test]
    fn value_properties_are_named_with_their_type() {
        let at = |property: &str| Resolution {
            canonical_path: format!("/me/{property}"),
            resource: Some("microsoft.graph.user".to_string()),
            collection: true,
            operation: None,
            property: Some(property.to_string()),
            reference: false,
            steps: Vec::new(),
        };
        check("POST", at("responsibilities"), None, "Add to user responsibilities");
        check("GET", at("aboutMe"), None, "Get user aboutMe");
        check("PATCH", at("aboutMe"), None, "Update user aboutMe");
        check("DELETE", at("aboutMe"), None, "Delete user aboutMe");
    }

    #[test]
    fn references_are_added_and_removed() {
        let at = |collection: bool| Resolution {
            canonical_path: "/print/shares/{printerShare-id}/allowedUsers".to_string(),
            resource: Some("microsoft.graph.user".to_string()),
            collection,
            operation: None,
            property: None,
            reference: true,
            steps: Vec::new(),
        };
        check("POST", at(true), None, "Add user");
        check("DELETE", at(false), None, "Remove user");
        check("GET", at(true), None, "List users");
        check("GET", at(false), None, "Get user");
    }

    #[test]
    fn plurals() {
        for (word, expected) in [
            ("user", "users"),
            ("policy", "policies"),
            ("day", "days"),
            ("address", "addresses"),
            ("status", "statuses"),
            ("analysis", "analyses"),
            ("licenseDetails", "licenseDetails"),
            ("mailboxSettings", "mailboxSettings"),
            ("box", "boxes"),
            ("identityApiConnector", "identityApiConnectors"),
        ] {
            assert_eq!(plural(word), expected);
        }
    }

    #[test]
    fn parents_of_operations() {
        assert_eq!(parent_of_operation("/me/sendMail", "sendMail"), Some("/me"));
        assert_eq!(
            parent_of_operation(
                "/identity/apiConnectors/{id}/uploadClientCertificate",
                "uploadClientCertificate"
            ),
            Some("/identity/apiConnectors/{id}")
        );
        assert_eq!(parent_of_operation("/sendMail", "sendMail"), None);
    }
}
