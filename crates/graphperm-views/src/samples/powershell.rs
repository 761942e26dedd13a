//! Microsoft Graph PowerShell: the endpoint's cmdlet with `-XxxId` key parameters and
//! `-BodyParameter $params`, or `Invoke-MgGraphRequest` when no cmdlet is known.

use super::{Request, Step, Value, quote};

pub fn render(request: &Request<'_>) -> String {
    let mut text = String::new();
    if let Some(module) = request.cmdlet.and_then(|cmdlet| cmdlet.module.as_deref()) {
        text.push_str(&format!("Import-Module {}\n\n", quote::identifier_path(module)));
    }
    if let Some(body) = &request.body {
        text.push_str("$params = ");
        literal(&Value::Object(body.clone()), 0, &mut text);
        text.push_str("\n\n");
    }
    match request.cmdlet {
        Some(cmdlet) => {
            text.push_str(&quote::identifier_path(&cmdlet.name));
            for step in &request.steps {
                match step {
                    Step::Key { entity, .. } => {
                        let name = quote::pascal(entity);
                        text.push_str(&format!(" -{name}Id ${}Id", quote::camel(entity)));
                    }
                    Step::Function { parameters, .. } => {
                        for (parameter, _) in parameters {
                            text.push_str(&format!(
                                " -{} ${}",
                                quote::pascal(parameter),
                                quote::camel(parameter)
                            ));
                        }
                    }
                    _ => {}
                }
            }
            if request.body.is_some() {
                text.push_str(" -BodyParameter $params");
            }
            if request.stream_body {
                text.push_str(&format!(" -InFile {}", quote::powershell(super::UPLOAD_FILE)));
            }
        }
        None => {
            text.push_str(&format!(
                "Invoke-MgGraphRequest -Method {} -Uri {}",
                request.method,
                quote::powershell(&request.url())
            ));
            if request.body.is_some() {
                text.push_str(" -Body $params");
            }
            if request.stream_body {
                text.push_str(&format!(" -InputFilePath {}", quote::powershell(super::UPLOAD_FILE)));
            }
        }
    }
    text.push('\n');
    text
}

fn literal(value: &Value, depth: usize, out: &mut String) {
    let indent = "\t".repeat(depth + 1);
    let closing = "\t".repeat(depth);
    match value {
        Value::Object(object) => {
            out.push_str("@{\n");
            if let Some(odata_type) = &object.odata_type {
                out.push_str(&format!("{indent}'@odata.type' = {}\n", quote::powershell(odata_type)));
            }
            for (name, field) in &object.fields {
                out.push_str(&indent);
                out.push_str(&key(name));
                out.push_str(" = ");
                literal(field, depth + 1, out);
                out.push('\n');
            }
            out.push_str(&closing);
            out.push('}');
        }
        Value::List(items) => {
            out.push_str("@(\n");
            for item in items {
                out.push_str(&indent);
                literal(item, depth + 1, out);
                out.push('\n');
            }
            out.push_str(&closing);
            out.push(')');
        }
        other => match other.to_json() {
            serde_json::Value::Bool(true) => out.push_str("$true"),
            serde_json::Value::Bool(false) => out.push_str("$false"),
            serde_json::Value::String(text) => out.push_str(&quote::powershell(&text)),
            json => out.push_str(&json.to_string()),
        },
    }
}

fn key(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { name.to_string() } else { quote::powershell(name) }
}
