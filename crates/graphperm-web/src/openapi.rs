//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json`. Written by
//! hand: the view types live in `graphperm-views`, whose public contract is its JSON.

use serde_json::{Value, json};

pub fn document() -> Value {
    let error = json!({ "$ref": "#/components/responses/Error" });
    let object = json!({ "type": "object" });
    let ok = |description: &str| json!({ "description": description, "content": { "application/json": { "schema": object } } });
    let query = |name: &str, description: &str, required: bool| json!({ "name": name, "in": "query", "required": required, "description": description, "schema": { "type": "string" } });
    let path_param = |name: &str, description: &str| json!({ "name": name, "in": "path", "required": true, "description": description, "schema": { "type": "string" } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "graphperm API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Microsoft Graph permissions, endpoints, resource types and the least-privilege engine. The JSON shapes are those of `graphperm show/search/least --format json`."
        },
        "paths": {
            "/api/v1/permissions": { "get": {
                "summary": "List permissions, filtered like the /permissions page",
                "parameters": [
                    query("q", "Text in the name or display name, or a GUID", false),
                    query("scheme", "delegated | application", false),
                    query("consent", "admin | user", false),
                    query("level", "Privilege level 1-5", false),
                    query("endpoints", "yes | no", false),
                    query("sort", "name | level | -level | endpoints | -endpoints", false)
                ],
                "responses": { "200": ok("Matching permissions"), "400": error }
            }},
            "/api/v1/permission/{name}": { "get": {
                "summary": "Everything about one permission (the view of `graphperm show --format json`)",
                "parameters": [ path_param("name", "Permission name, case-insensitive"), query("lang", "Locale of the consent texts, e.g. de-DE", false) ],
                "responses": { "200": ok("The permission view"), "404": error }
            }},
            "/api/v1/search": { "get": {
                "summary": "Search permissions, endpoints, cmdlets and resource types",
                "parameters": [ query("q", "Search text", true), { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 100, "default": 20 } } ],
                "responses": { "200": ok("Hits, best first, with matched character positions") }
            }},
            "/api/v1/least": {
                "post": {
                    "summary": "The minimal, least privileged permission set per scheme for a set of calls",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object",
                        "properties": {
                            "calls": { "type": "array", "items": { "type": "object", "properties": { "method": { "type": "string" }, "url": { "type": "string" } }, "required": ["url"] } },
                            "text": { "type": "string", "description": "METHOD URL per line" },
                            "batch": { "type": "object", "description": "A JSON $batch request body" },
                            "har": { "type": "object", "description": "A HAR recording" },
                            "ps1": { "type": "string", "description": "A Microsoft Graph PowerShell script" },
                            "scheme": { "type": "string", "enum": ["all", "delegated-work", "delegated-personal", "application"] },
                            "granted": { "type": "array", "items": { "type": "string" } }
                        }
                    }}}},
                    "responses": { "200": ok("The least-privilege report"), "400": error, "413": error }
                },
                "get": {
                    "summary": "The same for calls in the query string",
                    "parameters": [ query("calls", "METHOD URL per line", true), query("scheme", "all | delegated-work | delegated-personal | application", false) ],
                    "responses": { "200": ok("The least-privilege report"), "400": error }
                }
            },
            "/api/v1/endpoint": { "get": {
                "summary": "The permissions of one endpoint per scheme, least privileged first",
                "parameters": [ query("method", "HTTP method (default GET)", false), query("path", "Path template in any spelling, e.g. /users/{id}", true) ],
                "responses": { "200": ok("The endpoint"), "404": error }
            }},
            "/api/v1/resource/{version}/{type}": { "get": {
                "summary": "A resource type: properties, relationships, derived types, JSON representation",
                "parameters": [ path_param("version", "v1.0 or beta"), path_param("type", "Type name, e.g. identityApiConnector") ],
                "responses": { "200": ok("The resource view"), "404": error }
            }},
            "/api/v1/cmdlet/{name}": { "get": {
                "summary": "The endpoints a Microsoft Graph PowerShell cmdlet calls",
                "parameters": [ path_param("name", "Cmdlet name, e.g. Get-MgUser") ],
                "responses": { "200": ok("The cmdlet's endpoints"), "404": error }
            }}
        },
        "components": {
            "responses": {
                "Error": {
                    "description": "An error",
                    "content": { "application/json": { "schema": {
                        "type": "object",
                        "properties": { "error": { "type": "string" }, "suggestions": { "type": "array", "items": { "type": "object", "properties": { "label": { "type": "string" }, "url": { "type": "string" } } } } },
                        "required": ["error"]
                    }}}
                }
            }
        }
    })
}
