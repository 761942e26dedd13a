//! The OpenAPI document against the router: the same paths and methods, and every
//! operation's example values answer 200 on the shared data with the documented shape.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;

use crate::support::{fixture, get, send, shared};

fn document() -> Value {
    graphperm_web::openapi_document()
}

/// The methods the router has for `path`, from the `Allow` header of its 405.
async fn router_methods(path: &str) -> BTreeSet<String> {
    let concrete = path.replace(['{', '}'], "");
    let request = Request::builder().method("TRACE").uri(&concrete).body(Body::empty()).unwrap();
    let reply = send(&fixture(), request).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{concrete} is routed");
    reply
        .header("allow")
        .split(',')
        .map(|method| method.trim().to_ascii_lowercase())
        .filter(|method| method != "head" && !method.is_empty())
        .collect()
}

#[tokio::test]
async fn the_document_describes_exactly_the_routes_of_the_router() {
    let document = document();
    assert_eq!(document["openapi"], "3.1.0");
    let documented: BTreeSet<&str> =
        document["paths"].as_object().unwrap().keys().map(String::as_str).collect();
    let routed: BTreeSet<&str> = graphperm_web::api_paths().into_iter().collect();
    assert_eq!(documented, routed);
    for path in routed {
        let methods: BTreeSet<String> =
            document["paths"][path].as_object().unwrap().keys().cloned().collect();
        assert_eq!(methods, router_methods(path).await, "{path}");
    }
}

/// The request an operation's examples make.
fn example_request(path: &str, method: &str, operation: &Value) -> Request<Body> {
    let mut uri = path.to_string();
    let mut query = Vec::new();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let name = parameter["name"].as_str().unwrap();
        let example = match &parameter["example"] {
            Value::String(text) => text.clone(),
            Value::Null => panic!("{path}: parameter {name} has no example"),
            other => other.to_string(),
        };
        let encoded = graphperm_views::links::encode(&example);
        match parameter["in"].as_str() {
            Some("path") => uri = uri.replace(&format!("{{{name}}}"), &encoded),
            Some("query") => query.push(format!("{name}={encoded}")),
            other => panic!("{path}: parameter in {other:?}"),
        }
    }
    if !query.is_empty() {
        uri = format!("{uri}?{}", query.join("&"));
    }
    let builder = Request::builder().method(method.to_ascii_uppercase().as_str()).uri(uri);
    match operation["requestBody"]["content"]["application/json"]["example"].as_object() {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(Value::Object(body.clone()).to_string()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

#[tokio::test]
async fn every_example_answers_200_in_the_documented_shape() {
    let document = document();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let reply = send(&shared(), example_request(path, method, operation)).await;
            assert_eq!(reply.status, StatusCode::OK, "{method} {path}: {}", reply.text());
            let schema_ref = &operation["responses"]["200"]["content"]["application/json"]["schema"];
            let mut schema = document.clone();
            schema.as_object_mut().unwrap().insert("$ref".to_string(), schema_ref["$ref"].clone());
            if schema_ref["$ref"].is_null() {
                continue;
            }
            let validator = jsonschema::validator_for(&schema).expect("a valid schema");
            let body = reply.json();
            let errors: Vec<String> = validator.iter_errors(&body).take(5).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{method} {path}: {errors:?}");
        }
    }
}

#[tokio::test]
async fn errors_are_documented_for_every_operation() {
    let document = document();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            for status in ["400", "404", "415", "422", "503", "default"] {
                assert_eq!(
                    operation["responses"][status]["$ref"], "#/components/responses/Error",
                    "{method} {path} {status}"
                );
            }
        }
    }
    let served = get(&fixture(), "/api/openapi.json").await.json();
    assert_eq!(served, document, "the served document is the document");
}
