//! Python with the Microsoft Graph Python SDK (`msgraph-sdk`, Kiota-generated): typed
//! model constructors with keyword arguments, then an awaited request-builder chain.
//!
//! The sample uses top-level `await` like Microsoft's snippets; run it inside an
//! `async def`.

use std::collections::BTreeSet;

use super::{ClassHome, Object, Primitive, Request, Step, Value, path, quote};

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

pub fn render(request: &Request<'_>) -> String {
    let package = if request.is_beta() { "msgraph_beta" } else { "msgraph" };
    let mut imports = BTreeSet::new();
    let mut body_text = String::new();
    if let Some(body) = &request.body {
        body_text.push_str("request_body = ");
        object(body, 0, request, package, &mut imports, &mut body_text);
        body_text.push_str("\n\n");
    }
    let client = "GraphServiceClient";
    let mut text = format!("from {package} import {client}\n");
    for line in &imports {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&format!("\ngraph_client = {client}(credentials, scopes)\n\n"));
    text.push_str(&body_text);
    if request.stream_body {
        text.push_str(&format!(
            "with open({}, \"rb\") as file:\n    content = file.read()\n\n",
            quote::python(super::UPLOAD_FILE)
        ));
    }
    if request.has_result {
        text.push_str("result = ");
    }
    text.push_str("await graph_client");
    text.push_str(&chain(&request.steps));
    let method = request.method.to_ascii_lowercase();
    let argument = if request.body.is_some() {
        "request_body"
    } else if request.stream_body {
        "content"
    } else {
        ""
    };
    text.push_str(&format!(".{method}({argument})\n"));
    text
}

fn chain(steps: &[Step]) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Navigation { name } => text.push_str(&format!(".{}", ident(name))),
            Step::Key { entity, placeholder } => {
                text.push_str(&format!(".by_{}_id({})", quote::snake(entity), quote::python(placeholder)));
            }
            Step::AlternateKey { collection, arguments } => {
                let names: Vec<String> = arguments.iter().map(|(key, _)| quote::snake(key)).collect();
                let values: Vec<String> = arguments.iter().map(|(_, value)| quote::python(value)).collect();
                text.push_str(&format!(
                    ".{}_with_{}({})",
                    quote::snake(collection),
                    names.join("_with_"),
                    values.join(", ")
                ));
            }
            Step::Cast { type_name } => text.push_str(&format!(".graph_{}", quote::snake(type_name))),
            Step::Function { name, parameters, .. } if !parameters.is_empty() => {
                let names: Vec<String> = parameters.iter().map(|(key, _)| quote::snake(key)).collect();
                let values: Vec<String> = parameters.iter().map(|(_, value)| quote::python(value)).collect();
                text.push_str(&format!(
                    ".{}_with_{}({})",
                    quote::snake(name),
                    names.join("_with_"),
                    values.join(", ")
                ));
            }
            Step::Function { name, .. } | Step::Action { name, .. } => {
                text.push_str(&format!(".{}", ident(name)))
            }
            Step::Ref => text.push_str(".ref"),
            Step::Count => text.push_str(".count"),
            Step::Value => text.push_str(".content"),
            Step::ItemWithPath { name, path } => {
                text.push_str(&format!(".{}.item_with_path({})", ident(name), quote::python(path)));
            }
        }
    }
    text
}

/// A snake_case identifier; keywords get a trailing `_`, as the SDK's generator does.
fn ident(name: &str) -> String {
    keyword_safe(quote::snake(name))
}

/// Enum members and classes are PascalCase, so `None`, `True` and `False` collide too.
fn keyword_safe(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

fn class_import(object: &Object, request: &Request<'_>, package: &str) -> String {
    let class = keyword_safe(quote::pascal(&object.type_name));
    match object.home {
        ClassHome::Models => {
            format!("from {package}.generated.models.{} import {class}", ident(&object.type_name))
        }
        ClassHome::RequestBuilder => {
            let builder_steps = &request.steps[..request.steps.len().saturating_sub(1)];
            let mut modules: Vec<String> =
                path::builder_segments(builder_steps).iter().map(|segment| ident(segment)).collect();
            if let Some(Step::Action { name, .. }) = request.steps.last() {
                modules.push(ident(name));
            }
            format!(
                "from {package}.generated.{}.{} import {class}",
                modules.join("."),
                ident(&object.type_name)
            )
        }
    }
}

fn object(
    object_value: &Object,
    depth: usize,
    request: &Request<'_>,
    package: &str,
    imports: &mut BTreeSet<String>,
    out: &mut String,
) {
    imports.insert(class_import(object_value, request, package));
    let indent = "    ".repeat(depth + 1);
    out.push_str(&format!("{}(\n", keyword_safe(quote::pascal(&object_value.type_name))));
    if let Some(odata_type) = &object_value.odata_type {
        out.push_str(&format!("{indent}odata_type = {},\n", quote::python(odata_type)));
    }
    for (name, field) in &object_value.fields {
        out.push_str(&format!("{indent}{} = ", ident(name)));
        value(field, depth + 1, request, package, imports, out);
        out.push_str(",\n");
    }
    out.push_str(&"    ".repeat(depth));
    out.push(')');
}

fn value(
    field: &Value,
    depth: usize,
    request: &Request<'_>,
    package: &str,
    imports: &mut BTreeSet<String>,
    out: &mut String,
) {
    match field {
        Value::Object(nested) => object(nested, depth, request, package, imports, out),
        Value::List(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&"    ".repeat(depth + 1));
                value(item, depth + 1, request, package, imports, out);
                out.push_str(",\n");
            }
            out.push_str(&"    ".repeat(depth));
            out.push(']');
        }
        Value::Enum { type_name, member } => {
            let class = keyword_safe(quote::pascal(type_name));
            imports.insert(format!("from {package}.generated.models.{} import {class}", ident(type_name)));
            out.push_str(&format!("{class}.{}", keyword_safe(quote::pascal(member))));
        }
        Value::Primitive { kind, text } => out.push_str(&match kind {
            Primitive::String => quote::python(text),
            Primitive::Boolean => if text == "true" { "True" } else { "False" }.to_string(),
            Primitive::Int32 | Primitive::Int64 | Primitive::Double => text.clone(),
            Primitive::DateTimeOffset => {
                imports.insert("from datetime import datetime".to_string());
                // fromisoformat reads a trailing Z only from Python 3.11 on.
                format!("datetime.fromisoformat({})", quote::python(&text.replace('Z', "+00:00")))
            }
            Primitive::Date => {
                imports.insert("from datetime import date".to_string());
                format!("date.fromisoformat({})", quote::python(text))
            }
            Primitive::TimeOfDay => {
                imports.insert("from datetime import time".to_string());
                format!("time.fromisoformat({})", quote::python(text))
            }
            Primitive::Duration => {
                imports.insert("from datetime import timedelta".to_string());
                "timedelta(hours = 1)".to_string()
            }
            Primitive::Guid => {
                imports.insert("from uuid import UUID".to_string());
                format!("UUID({})", quote::python(text))
            }
            Primitive::Binary => {
                imports.insert("import base64".to_string());
                format!("base64.b64decode({})", quote::python(text))
            }
        }),
    }
}
