//! Go with the Microsoft Graph Go SDK (Kiota-generated): constructors and setters taking
//! pointers, then `graphClient.<Chain>().<Method>(context.Background(), …)`.

use super::chain::{self, Dialect, Key};
use super::code::Code;
use super::{ClassHome, Language, Object, Primitive, Request, Value, forms, path, quote};

/// Go keywords and names the sample itself declares.
const RESERVED: [&str; 29] = [
    "break",
    "case",
    "chan",
    "const",
    "continue",
    "default",
    "defer",
    "else",
    "fallthrough",
    "for",
    "func",
    "go",
    "goto",
    "if",
    "import",
    "interface",
    "map",
    "package",
    "range",
    "return",
    "select",
    "struct",
    "switch",
    "type",
    "var",
    "err",
    "result",
    "graphClient",
    "context",
];

/// Go's request builders are PascalCase methods taking string pointers.
const DIALECT: Dialect =
    Dialect::methods(".", quote::pascal, quote::go, Key::Method { braces: false }).with_pointer_arguments();

pub fn render(request: &Request<'_>) -> String {
    let module = if request.is_beta() {
        "github.com/microsoftgraph/msgraph-beta-sdk-go"
    } else {
        "github.com/microsoftgraph/msgraph-sdk-go"
    };
    let mut code = Code::new(request, module, &RESERVED, "\t");
    code.import("\"context\"");
    let body = code.body_argument(
        |code, body| object(code, body, "requestBody"),
        |code| {
            code.import("\"os\"");
            let file = quote::go(super::UPLOAD_FILE);
            code.declare("content", |name| format!("{name}, _ := os.ReadFile({file})"))
        },
    );
    let chain = chain::chain(&DIALECT, &mut code);
    let arguments = match &body {
        Some(body) => format!("context.Background(), {body}, nil"),
        None if matches!(request.method.as_str(), "POST" | "PATCH" | "PUT") => {
            "context.Background(), nil, nil".to_string()
        }
        None => "context.Background(), nil".to_string(),
    };
    let assign = if request.has_result { "result, err := " } else { "err := " };
    let call =
        format!("{assign}graphClient{chain}.{}({arguments})", quote::pascal(&chain::call_name(request)));
    let mut imports = vec!["import (".to_string()];
    imports.extend(code.imports(|import| format!("\t{import}")));
    imports.push(")".to_string());
    let comment = if request.is_beta() {
        "// graphClient is a *msgraphbetasdk.GraphServiceClient (the beta SDK, github.com/microsoftgraph/msgraph-beta-sdk-go): https://learn.microsoft.com/graph/sdks/create-client?tabs=go"
    } else {
        "// graphClient is a *msgraphsdk.GraphServiceClient: https://learn.microsoft.com/graph/sdks/create-client?tabs=go"
    };
    code.finish(vec![imports], vec![vec![comment.to_string(), call]])
}

/// The models package, imported.
fn models(code: &mut Code<'_>) -> &'static str {
    code.import(format!("graphmodels \"{}/models\"", code.root));
    "graphmodels"
}

/// The constructor of a class: `graphmodels.NewX()` or, for an action's body, the
/// request builder package's `New<Path><Action>PostRequestBody()`.
fn constructor(code: &mut Code<'_>, object: &Object) -> String {
    match object.home {
        ClassHome::Models => {
            let package = models(code);
            format!("{package}.New{}()", quote::pascal(&object.type_name))
        }
        ClassHome::RequestBuilder => {
            let segments = path::builder_segments(&code.request.steps);
            let first =
                segments.first().map(|segment| quote::snake(segment).replace('_', "")).unwrap_or_default();
            let (package_path, prefix_segments) = if first == "me" {
                ("users".to_string(), {
                    let mut rest = vec!["item".to_string()];
                    rest.extend(segments.iter().skip(1).cloned());
                    rest
                })
            } else {
                (first, segments.iter().skip(1).cloned().collect::<Vec<_>>())
            };
            let alias = format!("graph{package_path}");
            code.import(format!("{alias} \"{}/{package_path}\"", code.root));
            // The action's own segment is already in the class name.
            let prefix: String = prefix_segments
                .iter()
                .take(prefix_segments.len().saturating_sub(1))
                .map(|segment| quote::pascal(segment))
                .collect();
            format!("{alias}.New{prefix}{}()", quote::pascal(&object.type_name))
        }
    }
}

/// Declares the object (and its fields) and returns the variable name.
fn object(code: &mut Code<'_>, object: &Object, base: &str) -> String {
    let name = code.names.fresh(base);
    let constructor = constructor(code, object);
    code.statement(format!("{name} := {constructor}"));
    code.set_members(name, object, value, |name, field, expression| {
        format!("{name}.Set{field}({expression})")
    })
}

/// Declares what a value needs and returns the expression a setter takes.
fn value(code: &mut Code<'_>, field: &Value, base: &str) -> String {
    match field {
        Value::Object(nested) => object(code, nested, base),
        Value::List(items) => {
            let element = element_type(code, items);
            let expressions: Vec<String> = items
                .iter()
                .map(|item| match item {
                    Value::Object(nested) => object(code, nested, &quote::camel(&nested.type_name)),
                    other => bare(code, other),
                })
                .collect();
            let name = code.names.fresh(base);
            code.push(&format!("{name} := []{element}"));
            code.block("{", expressions, ",", "}", |code, expression| code.push(&expression));
            let statement = code.take_expression();
            code.statement(statement);
            name
        }
        // Kiota's own types are pointers already.
        Value::Primitive {
            kind: Primitive::Binary | Primitive::Date | Primitive::TimeOfDay | Primitive::Duration,
            ..
        } => {
            let expression = bare(code, field);
            code.declare(base, |name| format!("{name} := {expression}"))
        }
        other => {
            let expression = bare(code, other);
            let name = code.declare(base, |name| format!("{name} := {expression}"));
            format!("&{name}")
        }
    }
}

/// A value as a Go expression of the (non-pointer) type a slice holds.
fn bare(code: &mut Code<'_>, field: &Value) -> String {
    match field {
        Value::Enum { type_name, member } => {
            let package = models(code);
            format!(
                "{package}.{}_{}",
                quote::snake(member).replace('_', "").to_ascii_uppercase(),
                quote::identifier(type_name).to_ascii_uppercase()
            )
        }
        Value::Primitive { kind, text } => forms::expression(code, Language::Go, *kind, text),
        Value::Object(_) | Value::List(_) => "nil".to_string(),
    }
}

fn element_type(code: &mut Code<'_>, items: &[Value]) -> String {
    match items.first() {
        Some(Value::Object(object)) => {
            format!("{}.{}able", models(code), quote::pascal(&object.declared_type))
        }
        Some(Value::Enum { type_name, .. }) => format!("{}.{}", models(code), quote::pascal(type_name)),
        Some(Value::Primitive { kind, .. }) => forms::list_type(Language::Go, *kind).to_string(),
        _ => "any".to_string(),
    }
}
