//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`. Written by
//! hand: the view types live in `graphperm-views`, whose public contract is its JSON.
//! The permission and least-privilege shapes are the repository's JSON Schemas
//! (`schema/*.schema.json`), embedded with their `$defs` moved under
//! `components/schemas`; the smaller shapes are described here. Every error is the
//! `Error` object. Examples name real items of the Microsoft Graph data, so a client
//! generated from the document (or schemathesis) reaches every operation.

use serde_json::{Map, Value, json};

const PERMISSION_SCHEMA: &str = include_str!("../../../schema/permission.schema.json");
const LEAST_SCHEMA: &str = include_str!("../../../schema/least.schema.json");

pub fn document() -> Value {
    let mut schemas = Map::new();
    embed(&mut schemas, "Permission", PERMISSION_SCHEMA);
    embed(&mut schemas, "Least", LEAST_SCHEMA);
    for (name, schema) in small_schemas() {
        schemas.insert(name.to_string(), schema);
    }
    let ok = |description: &str, schema: &str| json!({ "description": description, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } });
    let query = |name: &str, description: &str, required: bool, example: &str| json!({ "name": name, "in": "query", "required": required, "description": description, "schema": { "type": "string" }, "example": example });
    let path_param = |name: &str, description: &str, example: &str| json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string", "minLength": 1 }, "example": example });
    let scheme_values = json!(["all", "delegated-work", "delegated-personal", "application"]);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "graphperm API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Microsoft Graph permissions, endpoints, resource types and the least-privilege engine. The JSON shapes are those of `graphperm show/search/least --format json`. Every error is `{\"error\": ...}` with the HTTP status."
        },
        "paths": {
            "/api/openapi.json": { "get": {
                "summary": "This document",
                "responses": with_errors(json!({ "200": { "description": "The OpenAPI document", "content": { "application/json": { "schema": { "type": "object" } } } } }))
            }},
            "/api/v1/permissions": { "get": {
                "summary": "List permissions, filtered like the /permissions page",
                "parameters": [
                    query("q", "Text in the name or display name, or a GUID", false, "User.Read"),
                    query("scheme", "delegated | application (other values: no filter)", false, "delegated"),
                    query("consent", "admin | user (other values: no filter)", false, "admin"),
                    query("level", "Privilege level 1-5 (other values: no filter)", false, "3"),
                    query("endpoints", "yes | no (other values: no filter)", false, "yes"),
                    query("sort", "name | level | -level | endpoints | -endpoints", false, "-level"),
                    query("page", "Ignored by the API (the page lists 100 per page)", false, "1")
                ],
                "responses": with_errors(json!({ "200": ok("Matching permissions", "PermissionList") }))
            }},
            "/api/v1/permission/{name}": { "get": {
                "summary": "Everything about one permission (the view of `graphperm show --format json`)",
                "parameters": [ path_param("name", "Permission name, case-insensitive", "User.Read"), query("lang", "Locale of the consent texts, e.g. de-DE", false, "de-DE") ],
                "responses": with_errors(json!({ "200": ok("The permission view", "Permission") }))
            }},
            "/api/v1/search": { "get": {
                "summary": "Search permissions, endpoints, cmdlets and resource types",
                "parameters": [
                    query("q", "Search text (longer text is cut to 128 characters; empty finds nothing)", true, "user.read"),
                    { "name": "limit", "in": "query", "required": false, "description": "Most hits to return", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 }, "example": 20 }
                ],
                "responses": with_errors(json!({ "200": ok("Hits, best first, with matched character positions", "SearchResults") }))
            }},
            "/api/v1/least": {
                "post": {
                    "summary": "The minimal, least privileged permission set per scheme for a set of calls",
                    "requestBody": { "required": true, "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/LeastRequest" },
                        "example": { "text": "GET /me\nPOST /groups", "scheme": "all" }
                    }}},
                    "responses": with_errors(json!({ "200": ok("The least-privilege report", "Least") }))
                },
                "get": {
                    "summary": "The same for calls in the query string",
                    "parameters": [
                        query("calls", "METHOD URL per line", true, "GET /me"),
                        { "name": "scheme", "in": "query", "required": false, "description": "The schemes to answer for", "schema": { "type": "string", "enum": scheme_values, "default": "all" }, "example": "all" },
                        query("granted", "Permissions the app holds, separated by commas or spaces (names or GUIDs): the report adds missing, excess and broader ones", false, "User.Read")
                    ],
                    "responses": with_errors(json!({ "200": ok("The least-privilege report", "Least") }))
                }
            },
            "/api/v1/endpoint": { "get": {
                "summary": "The permissions of one endpoint per scheme, least privileged first",
                "parameters": [ query("method", "HTTP method (default GET)", false, "GET"), query("path", "Path template in any spelling, e.g. /users/{id}", true, "/users/{id}") ],
                "responses": with_errors(json!({ "200": ok("The endpoint", "Endpoint") }))
            }},
            "/api/v1/resource/{version}/{type}": { "get": {
                "summary": "A resource type: properties, relationships, derived types, JSON representation",
                "parameters": [ path_param("version", "v1.0 or beta", "v1.0"), path_param("type", "Type name, e.g. identityApiConnector", "user") ],
                "responses": with_errors(json!({ "200": ok("The resource view", "PermissionResource") }))
            }},
            "/api/v1/cmdlet/{name}": { "get": {
                "summary": "The endpoints a Microsoft Graph PowerShell cmdlet calls",
                "parameters": [ path_param("name", "Cmdlet name, e.g. Get-MgUser", "Get-MgUser") ],
                "responses": with_errors(json!({ "200": ok("The cmdlet's endpoints", "Cmdlet") }))
            }}
        },
        "components": {
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "An error: 400 invalid input, 404 unknown name (with suggestions), 405 method not allowed, 408 request too slow, 413 body too large, 414 query too long, 415 wrong media type, 422 past a documented limit, 431 headers too large, 503 busy or past the calculation deadline",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            }
        }
    })
}

/// The documented error statuses of every operation, plus `default` for any other.
fn with_errors(mut responses: Value) -> Value {
    let error = json!({ "$ref": "#/components/responses/Error" });
    if let Some(map) = responses.as_object_mut() {
        for status in ["400", "404", "405", "408", "413", "414", "415", "422", "431", "503", "default"] {
            map.insert(status.to_string(), error.clone());
        }
    }
    responses
}

/// A JSON Schema file as `components/schemas/{prefix}` plus one `{prefix}{Name}` per
/// `$defs` entry, with its `#/$defs/` references rewritten.
fn embed(schemas: &mut Map<String, Value>, prefix: &str, text: &str) {
    let mut root: Value = serde_json::from_str(text).expect("the embedded JSON Schemas are valid JSON");
    if let Some(object) = root.as_object_mut() {
        object.remove("$schema");
        object.remove("$id");
        if let Some(Value::Object(definitions)) = object.remove("$defs") {
            for (name, mut definition) in definitions {
                rewrite_refs(&mut definition, prefix);
                schemas.insert(component_name(prefix, &name), definition);
            }
        }
    }
    rewrite_refs(&mut root, prefix);
    schemas.insert(prefix.to_string(), root);
}

fn component_name(prefix: &str, name: &str) -> String {
    let mut characters = name.chars();
    let first: String = characters.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    format!("{prefix}{first}{}", characters.as_str())
}

fn rewrite_refs(value: &mut Value, prefix: &str) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object.iter_mut() {
                if key == "$ref"
                    && let Some(name) = inner.as_str().and_then(|text| text.strip_prefix("#/$defs/"))
                {
                    *inner = json!(format!("#/components/schemas/{}", component_name(prefix, name)));
                } else {
                    rewrite_refs(inner, prefix);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, prefix)),
        _ => {}
    }
}

/// The shapes without a schema file of their own.
fn small_schemas() -> Vec<(&'static str, Value)> {
    let string = json!({ "type": "string" });
    let nullable_string = json!({ "type": ["string", "null"] });
    let scheme_values = json!(["all", "delegated-work", "delegated-personal", "application"]);
    vec![
        (
            "Error",
            json!({
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": { "type": "string", "description": "What went wrong, in one sentence" },
                    "suggestions": { "type": "array", "description": "For unknown names: the nearest ones", "items": {
                        "type": "object", "required": ["label", "url"],
                        "properties": { "label": string, "url": string }
                    }}
                }
            }),
        ),
        (
            "PermissionList",
            json!({
                "type": "object",
                "required": ["count", "dataDate", "permissions"],
                "properties": {
                    "count": { "type": "integer", "minimum": 0 },
                    "dataDate": nullable_string,
                    "permissions": { "type": "array", "items": {
                        "type": "object",
                        "required": ["name", "url", "schemes", "requiresAdminConsent", "maxPrivilegeLevel", "endpointCount", "displayName"],
                        "properties": {
                            "name": string,
                            "url": string,
                            "schemes": { "type": "array", "items": { "enum": ["DelegatedWork", "DelegatedPersonal", "Application"] } },
                            "requiresAdminConsent": { "type": "boolean", "description": "Some scheme needs an administrator's consent (application permissions always do)." },
                            "delegatedAdminConsent": { "type": "boolean", "description": "For the delegated schemes: true when an administrator must consent, false when a user may. Absent without a delegated scheme or when the data does not say." },
                            "maxPrivilegeLevel": { "type": ["integer", "null"], "minimum": 1, "maximum": 5 },
                            "privilegeLevel": { "type": ["integer", "null"], "minimum": 1, "maximum": 5, "description": "The highest level among the schemes the filters select (scheme kind; consent=user: the delegated ones; consent=admin: those needing an administrator; never a placeholder entry): what the level filter and sorts read." },
                            "endpointCount": { "type": "integer", "minimum": 0 },
                            "displayName": nullable_string
                        }
                    }}
                }
            }),
        ),
        (
            "SearchResults",
            json!({
                "type": "object",
                "required": ["query", "results"],
                "properties": {
                    "query": string,
                    "results": { "type": "array", "items": {
                        "type": "object",
                        "required": ["kind", "label", "url", "score", "matched"],
                        "properties": {
                            "kind": { "enum": ["permission", "resource", "cmdlet", "endpoint"] },
                            "label": string,
                            "url": string,
                            "score": { "type": "integer", "minimum": 0 },
                            "matched": { "type": "array", "items": { "type": "integer", "minimum": 0 } },
                            "detail": string,
                            "summary": string,
                            "badges": { "type": "array", "items": {
                                "type": "object",
                                "required": ["label", "class", "title"],
                                "properties": { "label": string, "class": string, "title": string }
                            }}
                        }
                    }}
                }
            }),
        ),
        (
            "LeastRequest",
            json!({
                "type": "object",
                "description": "Every field is optional; calls from all of them are resolved together.",
                "properties": {
                    "calls": { "type": "array", "items": {
                        "type": "object",
                        "required": ["url"],
                        "properties": { "method": { "type": ["string", "null"], "description": "Default GET" }, "url": string }
                    }},
                    "text": { "type": ["string", "null"], "description": "METHOD URL per line, # comments" },
                    "batch": { "description": "A JSON $batch request body (anything else is reported as a problem)" },
                    "har": { "description": "A HAR recording (anything else is reported as a problem)" },
                    "ps1": { "type": ["string", "null"], "description": "A Microsoft Graph PowerShell script" },
                    "scheme": { "type": ["string", "null"], "enum": [scheme_values[0], scheme_values[1], scheme_values[2], scheme_values[3], null], "default": "all" },
                    "granted": { "type": ["array", "null"], "items": string, "description": "Permissions the app holds, to compare with" }
                }
            }),
        ),
        (
            "Endpoint",
            json!({
                "type": "object",
                "required": ["method", "path", "rawPath", "versions", "resource", "docs", "cmdlets", "permissions", "url"],
                "properties": {
                    "method": string,
                    "path": string,
                    "rawPath": string,
                    "versions": { "type": "array", "items": { "enum": ["v1.0", "beta"] } },
                    "resource": nullable_string,
                    "docs": nullable_string,
                    "cmdlets": { "type": "array", "description": "[version, cmdlet name] pairs", "items": {
                        "type": "array", "items": string, "minItems": 2, "maxItems": 2
                    }},
                    "permissions": { "type": "array", "items": {
                        "type": "object",
                        "required": ["scheme", "permissions"],
                        "properties": {
                            "scheme": { "enum": ["DelegatedWork", "DelegatedPersonal", "Application"] },
                            "permissions": { "type": "array", "description": "Least privileged first", "items": {
                                "type": "object",
                                "required": ["name", "leastPrivilege", "privilegeLevel", "alsoRequires"],
                                "properties": {
                                    "name": string,
                                    "leastPrivilege": { "type": "boolean" },
                                    "privilegeLevel": { "type": ["integer", "null"] },
                                    "alsoRequires": { "type": "array", "items": string }
                                }
                            }}
                        }
                    }},
                    "url": string
                }
            }),
        ),
        (
            "Cmdlet",
            json!({
                "type": "object",
                "required": ["name", "endpoints"],
                "properties": {
                    "name": string,
                    "endpoints": { "type": "array", "items": {
                        "type": "object",
                        "required": ["version", "method", "path", "url"],
                        "properties": { "version": { "enum": ["v1.0", "beta"] }, "method": string, "path": string, "url": string }
                    }}
                }
            }),
        ),
    ]
}
