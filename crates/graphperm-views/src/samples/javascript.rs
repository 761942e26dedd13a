//! JavaScript with the Microsoft Graph JavaScript client (`@microsoft/microsoft-graph-client`).

use super::{Request, Value, quote};

const RESERVED: [&str; 12] = [
    "client", "options", "result", "await", "class", "delete", "default", "function", "new", "this", "var",
    "let",
];

pub fn render(request: &Request<'_>) -> String {
    let mut text =
        String::from("const options = {\n\tauthProvider,\n};\n\nconst client = Client.init(options);\n\n");
    let body_name = request.body.as_ref().map(|body| {
        let name = quote::camel(&body.type_name);
        let name = if RESERVED.contains(&name.as_str()) { "requestBody".to_string() } else { name };
        text.push_str(&format!("const {name} = "));
        literal(&Value::Object(body.clone()), 0, &mut text);
        text.push_str(";\n\n");
        name
    });
    let body_name = body_name.or_else(|| {
        request.stream_body.then(|| {
            text.push_str(&format!(
                "const stream = fs.createReadStream({});\n\n",
                quote::javascript(super::UPLOAD_FILE)
            ));
            "stream".to_string()
        })
    });
    if request.has_result {
        text.push_str("let result = ");
    }
    text.push_str(&format!("await client.api({})", quote::javascript(&request.path)));
    if request.is_beta() {
        text.push_str("\n\t.version('beta')");
    }
    let method = match request.method.as_str() {
        "GET" => "get",
        "POST" => "post",
        "PATCH" => "patch",
        "PUT" => "put",
        "DELETE" => "delete",
        _ => "get",
    };
    match body_name {
        Some(name) => text.push_str(&format!("\n\t.{method}({name});\n")),
        None if matches!(method, "post" | "put" | "patch") => {
            text.push_str(&format!("\n\t.{method}({{}});\n"))
        }
        None => text.push_str(&format!("\n\t.{method}();\n")),
    }
    text
}

fn literal(value: &Value, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth + 1);
    let closing = "  ".repeat(depth);
    match value {
        Value::Object(_) | Value::List(_) => {}
        other => {
            match other.to_json() {
                serde_json::Value::String(text) => out.push_str(&quote::javascript(&text)),
                json => out.push_str(&json.to_string()),
            }
            return;
        }
    }
    match value {
        Value::Object(object) => {
            out.push_str("{\n");
            let odata = object.odata_type.iter().map(|odata_type| {
                (
                    "@odata.type".to_string(),
                    Value::Primitive { kind: super::Primitive::String, text: odata_type.clone() },
                )
            });
            for (name, field) in odata.chain(object.fields.iter().cloned()) {
                out.push_str(&indent);
                out.push_str(&key(&name));
                out.push_str(": ");
                literal(&field, depth + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&closing);
            out.push('}');
        }
        Value::List(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&indent);
                literal(item, depth + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&closing);
            out.push(']');
        }
        _ => {}
    }
}

/// A property name: bare when it is a plain identifier, quoted otherwise.
fn key(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { name.to_string() } else { quote::javascript(name) }
}
