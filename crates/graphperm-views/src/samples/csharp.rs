//! C# with the Microsoft Graph .NET SDK v5 (Kiota-generated): object initialisers for the
//! body, then `await graphClient.<Chain>.<Method>Async(requestBody)`.

use super::chain::{self, Dialect, Key};
use super::code::Code;
use super::{ClassHome, Language, Request, Value, forms, path, quote};

/// C#'s request builders are PascalCase properties; keys use the indexer.
const DIALECT: Dialect = Dialect::properties(quote::pascal, quote::csharp, Key::Indexer);

pub fn render(request: &Request<'_>) -> String {
    let root = if request.is_beta() { "Microsoft.Graph.Beta" } else { "Microsoft.Graph" };
    let mut code = Code::new(request, root, &[], "\t");
    let argument = code.expression_body(
        "requestBody",
        value,
        |name, body| format!("var {name} = {body};"),
        |code| {
            let file = quote::csharp(super::UPLOAD_FILE);
            code.declare("stream", |name| format!("using var {name} = File.OpenRead({file});"))
        },
    );
    let assign = if request.has_result { "var result = " } else { "" };
    let call = format!(
        "{assign}await graphClient{}.{}Async({argument});",
        chain::chain(&DIALECT, &mut code),
        quote::pascal(&chain::call_name(request))
    );
    let mut usings = code.imports(|using| format!("using {using};"));
    if !usings.is_empty() {
        usings.insert(0, "// Dependencies".to_string());
    }
    let comment = if request.is_beta() {
        "// graphClient is a Microsoft.Graph.Beta.GraphServiceClient (the beta SDK, package Microsoft.Graph.Beta): https://learn.microsoft.com/graph/sdks/create-client?tabs=csharp"
    } else {
        "// graphClient is a GraphServiceClient: https://learn.microsoft.com/graph/sdks/create-client?tabs=csharp"
    };
    code.finish(vec![usings], vec![vec![comment.to_string(), call]])
}

/// Writes a value as an initialiser expression.
fn value(code: &mut Code<'_>, field: &Value) {
    match field {
        Value::Object(object) => {
            code.import(namespace(code.request, object.home, code.root));
            code.push(&format!("new {}", quote::pascal(&object.type_name)));
            code.line();
            code.block("{", object.members("odataType"), ",", "}", |code, (name, field)| {
                code.push(&format!("{} = ", quote::pascal(&name)));
                value(code, &field);
            });
        }
        Value::List(items) => {
            code.push(&format!("new List<{}>", item_type(items)));
            code.line();
            code.block("{", items, ",", "}", value);
        }
        Value::Enum { type_name, member } => {
            code.import(format!("{}.Models", code.root));
            code.push(&format!("{}.{}", quote::pascal(type_name), quote::pascal(member)));
        }
        Value::Primitive { kind, text } => {
            let expression = forms::expression(code, Language::CSharp, *kind, text);
            code.push(&expression);
        }
    }
}

fn namespace(request: &Request<'_>, home: ClassHome, root: &str) -> String {
    match home {
        ClassHome::Models => format!("{root}.Models"),
        ClassHome::RequestBuilder => {
            let segments: Vec<String> =
                path::builder_segments(&request.steps).iter().map(|segment| quote::pascal(segment)).collect();
            format!("{root}.{}", segments.join("."))
        }
    }
}

/// The element type of a `List<T>`, from its first item.
fn item_type(items: &[Value]) -> String {
    match items.first() {
        Some(Value::Object(object)) => quote::pascal(&object.declared_type),
        Some(Value::Enum { type_name, .. }) => format!("{}?", quote::pascal(type_name)),
        Some(Value::Primitive { kind, .. }) => forms::list_type(Language::CSharp, *kind).to_string(),
        Some(Value::List(_)) | None => "object".to_string(),
    }
}
