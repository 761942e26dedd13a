//! C# with the Microsoft Graph .NET SDK v5 (Kiota-generated): object initialisers for the
//! body, then `await graphClient.<Chain>.<Method>Async(requestBody)`.

use std::collections::BTreeSet;

use super::{ClassHome, Object, Primitive, Request, Step, Value, path, quote};

pub fn render(request: &Request<'_>) -> String {
    let root = if request.is_beta() { "Microsoft.Graph.Beta" } else { "Microsoft.Graph" };
    let mut usings = BTreeSet::new();
    let mut body_text = String::new();
    if let Some(body) = &request.body {
        body_text.push_str("var requestBody = ");
        object(body, 0, request, root, &mut usings, &mut body_text);
        body_text.push_str(";\n\n");
    }
    let mut text = String::new();
    if !usings.is_empty() {
        text.push_str("// Dependencies\n");
        for using in &usings {
            text.push_str(&format!("using {using};\n"));
        }
        text.push('\n');
    }
    text.push_str(&body_text);
    if request.stream_body {
        text.push_str(&format!(
            "using var stream = File.OpenRead({});\n\n",
            quote::csharp(super::UPLOAD_FILE)
        ));
    }
    text.push_str("// graphClient is a GraphServiceClient: https://learn.microsoft.com/graph/sdks/create-client?tabs=csharp\n");
    if request.has_result {
        text.push_str("var result = ");
    }
    text.push_str("await graphClient");
    text.push_str(&chain(&request.steps));
    let argument = if request.body.is_some() {
        "requestBody"
    } else if request.stream_body {
        "stream"
    } else {
        ""
    };
    text.push_str(&format!(".{}({argument});\n", method_name(request)));
    text
}

/// `GetAsync`, `PostAsync`…; a function or action returning a collection has its own
/// response type: `GetAsDeltaGetResponseAsync`.
fn method_name(request: &Request<'_>) -> String {
    let verb = quote::pascal(&request.method.to_ascii_lowercase());
    match request.last_step() {
        Some(Step::Function { name, returns_collection: true, .. }) => {
            format!("GetAs{}GetResponseAsync", quote::pascal(name))
        }
        Some(Step::Action { name, returns: Some(returned), .. }) if returned.starts_with("Collection(") => {
            format!("PostAs{}PostResponseAsync", quote::pascal(name))
        }
        _ => format!("{verb}Async"),
    }
}

fn chain(steps: &[Step]) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Navigation { name } => text.push_str(&format!(".{}", quote::pascal(name))),
            Step::Key { placeholder, .. } => {
                text.push_str(&format!("[{}]", quote::csharp(&format!("{{{placeholder}}}"))))
            }
            Step::AlternateKey { collection, arguments } => {
                let names: Vec<String> = arguments.iter().map(|(key, _)| quote::pascal(key)).collect();
                let values: Vec<String> = arguments.iter().map(|(_, value)| quote::csharp(value)).collect();
                text.push_str(&format!(
                    ".{}With{}({})",
                    quote::pascal(collection),
                    names.join("With"),
                    values.join(", ")
                ));
            }
            Step::Cast { type_name } => text.push_str(&format!(".Graph{}", quote::pascal(type_name))),
            Step::Function { name, parameters, .. } if !parameters.is_empty() => {
                let names: Vec<String> = parameters.iter().map(|(key, _)| quote::pascal(key)).collect();
                let values: Vec<String> = parameters.iter().map(|(_, value)| quote::csharp(value)).collect();
                text.push_str(&format!(
                    ".{}With{}({})",
                    quote::pascal(name),
                    names.join("With"),
                    values.join(", ")
                ));
            }
            Step::Function { name, .. } | Step::Action { name, .. } => {
                text.push_str(&format!(".{}", quote::pascal(name)))
            }
            Step::Ref => text.push_str(".Ref"),
            Step::Count => text.push_str(".Count"),
            Step::Value => text.push_str(".Content"),
            Step::ItemWithPath { name, path } => {
                text.push_str(&format!(".{}.ItemWithPath({})", quote::pascal(name), quote::csharp(path)));
            }
        }
    }
    text
}

fn object(
    object_value: &Object,
    depth: usize,
    request: &Request<'_>,
    root: &str,
    usings: &mut BTreeSet<String>,
    out: &mut String,
) {
    usings.insert(namespace(object_value.home, request, root));
    let indent = "\t".repeat(depth + 1);
    out.push_str(&format!("new {}\n{}{{\n", quote::pascal(&object_value.type_name), "\t".repeat(depth)));
    if let Some(odata_type) = &object_value.odata_type {
        out.push_str(&format!("{indent}OdataType = {},\n", quote::csharp(odata_type)));
    }
    for (name, field) in &object_value.fields {
        out.push_str(&format!("{indent}{} = ", quote::pascal(name)));
        value(field, depth + 1, request, root, usings, out);
        out.push_str(",\n");
    }
    out.push_str(&"\t".repeat(depth));
    out.push('}');
}

fn namespace(home: ClassHome, request: &Request<'_>, root: &str) -> String {
    match home {
        ClassHome::Models => format!("{root}.Models"),
        ClassHome::RequestBuilder => {
            let segments: Vec<String> =
                path::builder_segments(&request.steps).iter().map(|segment| quote::pascal(segment)).collect();
            format!("{root}.{}", segments.join("."))
        }
    }
}

fn value(
    field: &Value,
    depth: usize,
    request: &Request<'_>,
    root: &str,
    usings: &mut BTreeSet<String>,
    out: &mut String,
) {
    match field {
        Value::Object(nested) => object(nested, depth, request, root, usings, out),
        Value::List(items) => {
            out.push_str(&format!("new List<{}>\n{}{{\n", item_type(items), "\t".repeat(depth)));
            for item in items {
                out.push_str(&"\t".repeat(depth + 1));
                value(item, depth + 1, request, root, usings, out);
                out.push_str(",\n");
            }
            out.push_str(&"\t".repeat(depth));
            out.push('}');
        }
        Value::Enum { type_name, member } => {
            usings.insert(format!("{root}.Models"));
            out.push_str(&format!("{}.{}", quote::pascal(type_name), quote::pascal(member)));
        }
        Value::Primitive { kind, text } => out.push_str(&match kind {
            Primitive::String => quote::csharp(text),
            Primitive::Boolean | Primitive::Int32 => text.clone(),
            Primitive::Int64 => format!("{text}L"),
            Primitive::Double => format!("{text}d"),
            Primitive::DateTimeOffset => format!("DateTimeOffset.Parse({})", quote::csharp(text)),
            Primitive::Date => {
                usings.insert("Microsoft.Kiota.Abstractions".to_string());
                format!("new Date(DateTime.Parse({}))", quote::csharp(text))
            }
            Primitive::TimeOfDay => {
                usings.insert("Microsoft.Kiota.Abstractions".to_string());
                format!("new Time(DateTime.Parse({}))", quote::csharp(text))
            }
            Primitive::Duration => {
                format!("System.Xml.XmlConvert.ToTimeSpan({})", quote::csharp(text))
            }
            Primitive::Guid => format!("Guid.Parse({})", quote::csharp(text)),
            Primitive::Binary => format!("Convert.FromBase64String({})", quote::csharp(text)),
        }),
    }
}

/// The element type of a `List<T>`, from its first item.
fn item_type(items: &[Value]) -> String {
    match items.first() {
        Some(Value::Object(object)) => quote::pascal(&object.declared_type),
        Some(Value::Enum { type_name, .. }) => format!("{}?", quote::pascal(type_name)),
        Some(Value::Primitive { kind, .. }) => match kind {
            Primitive::String => "string",
            Primitive::Boolean => "bool?",
            Primitive::Int32 => "int?",
            Primitive::Int64 => "long?",
            Primitive::Double => "double?",
            Primitive::DateTimeOffset => "DateTimeOffset?",
            Primitive::Date => "Date?",
            Primitive::TimeOfDay => "Time?",
            Primitive::Duration => "TimeSpan?",
            Primitive::Guid => "Guid?",
            Primitive::Binary => "byte[]",
        }
        .to_string(),
        Some(Value::List(_)) | None => "object".to_string(),
    }
}
