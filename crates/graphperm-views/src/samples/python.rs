//! Python with the Microsoft Graph Python SDK (`msgraph-sdk`, Kiota-generated): typed
//! model constructors with keyword arguments, then an awaited request-builder chain.
//!
//! The sample uses top-level `await` like Microsoft's snippets; run it inside an
//! `async def`.

use super::chain::{self, Dialect, Key};
use super::code::Code;
use super::{ClassHome, Language, Object, Primitive, Request, Step, Value, forms, path, quote};

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// Python's request builders are snake_case properties (keywords get a trailing `_`).
const DIALECT: Dialect = Dialect::properties(ident, quote::python, Key::Snake);

pub fn render(request: &Request<'_>) -> String {
    let package = if request.is_beta() { "msgraph_beta" } else { "msgraph" };
    let mut code = Code::new(request, package, &[], "    ");
    let argument = code.expression_body(
        "request_body",
        value,
        |name, body| format!("{name} = {body}"),
        |code| {
            let file = quote::python(super::UPLOAD_FILE);
            code.declare("content", |name| {
                format!("with open({file}, \"rb\") as file:\n    {name} = file.read()")
            })
        },
    );
    let assign = if request.has_result { "result = " } else { "" };
    let call = format!(
        "{assign}await graph_client{}.{}({argument})",
        chain::chain(&DIALECT, &mut code),
        request.method.to_ascii_lowercase()
    );
    let mut imports = vec![format!("from {package} import GraphServiceClient")];
    imports.extend(code.imports(str::to_string));
    let client = "graph_client = GraphServiceClient(credentials, scopes)";
    code.finish(vec![imports, vec![client.to_string()]], vec![vec![call]])
}

/// A snake_case identifier; keywords get a trailing `_`, as the SDK's generator does.
fn ident(name: &str) -> String {
    keyword_safe(quote::snake(name))
}

/// Enum members and classes are PascalCase, so `None`, `True` and `False` collide too.
fn keyword_safe(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) { format!("{name}_") } else { name }
}

fn class_import(code: &Code<'_>, object: &Object) -> String {
    let class = keyword_safe(quote::pascal(&object.type_name));
    let (package, steps) = (code.root, &code.request.steps);
    match object.home {
        ClassHome::Models => {
            format!("from {package}.generated.models.{} import {class}", ident(&object.type_name))
        }
        ClassHome::RequestBuilder => {
            let builder_steps = &steps[..steps.len().saturating_sub(1)];
            let mut modules: Vec<String> =
                path::builder_segments(builder_steps).iter().map(|segment| ident(segment)).collect();
            if let Some(Step::Action { name, .. }) = steps.last() {
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

/// Writes a value as a constructor call or literal.
fn value(code: &mut Code<'_>, field: &Value) {
    match field {
        Value::Object(object) => {
            code.import(class_import(code, object));
            let class = keyword_safe(quote::pascal(&object.type_name));
            code.block(&format!("{class}("), object.members("odataType"), ",", ")", |code, (name, field)| {
                code.push(&format!("{} = ", ident(&name)));
                value(code, &field);
            });
        }
        Value::List(items) => code.block("[", items, ",", "]", value),
        Value::Enum { type_name, member } => {
            let class = keyword_safe(quote::pascal(type_name));
            code.import(format!("from {}.generated.models.{} import {class}", code.root, ident(type_name)));
            code.push(&format!("{class}.{}", keyword_safe(quote::pascal(member))));
        }
        Value::Primitive { kind, text } => {
            let text = match kind {
                Primitive::Boolean => if text == "true" { "True" } else { "False" }.to_string(),
                // fromisoformat reads a trailing Z only from Python 3.11 on.
                Primitive::DateTimeOffset => text.replace('Z', "+00:00"),
                _ => text.clone(),
            };
            let expression = forms::expression(code, Language::Python, *kind, &text);
            code.push(&expression);
        }
    }
}
