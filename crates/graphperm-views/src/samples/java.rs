//! Java with the Microsoft Graph Java SDK v6 (Kiota-generated): `new X()` and setters,
//! then `graphClient.<chain>().<method>(body)`.

use super::chain::{self, Dialect, Key};
use super::code::Code;
use super::{ClassHome, Language, Object, Request, Value, forms, path, quote};

const RESERVED: [&str; 53] = [
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "try",
    "void",
    "volatile",
    "while",
    "var",
    "result",
    "graphClient",
];

/// Java's request builders are camelCase methods.
const DIALECT: Dialect = Dialect::methods(".", member, quote::java, Key::Method { braces: true });

/// A request builder's name; keywords get the `Escaped` suffix the SDK's generator gives
/// them (`defaultEscaped()`).
fn member(name: &str) -> String {
    let camel = quote::camel(name);
    if RESERVED.contains(&camel.as_str()) { format!("{camel}Escaped") } else { camel }
}

pub fn render(request: &Request<'_>) -> String {
    let root = if request.is_beta() { "com.microsoft.graph.beta" } else { "com.microsoft.graph" };
    let mut code = Code::new(request, root, &RESERVED, "\t");
    let body = code.body_argument(
        |code, body| object(code, body, &quote::camel(&body.type_name)),
        |code| {
            code.import_each(["java.io.FileInputStream", "java.io.InputStream"]);
            let file = quote::java(super::UPLOAD_FILE);
            code.declare("stream", |name| format!("InputStream {name} = new FileInputStream({file});"))
        },
    );
    let assign = if request.has_result { "var result = " } else { "" };
    let call = format!(
        "{assign}graphClient{}.{}({});",
        chain::chain(&DIALECT, &mut code),
        chain::call_name(request),
        body.unwrap_or_default()
    );
    let imports = code.imports(|import| format!("import {import};"));
    let comment = if request.is_beta() {
        "// graphClient is a com.microsoft.graph.beta.serviceclient.GraphServiceClient (the beta SDK): https://learn.microsoft.com/graph/sdks/create-client?tabs=java"
    } else {
        "// graphClient is a GraphServiceClient: https://learn.microsoft.com/graph/sdks/create-client?tabs=java"
    };
    code.finish(vec![imports], vec![vec![comment.to_string(), call]])
}

/// The class of an object, imported from its package.
fn class(code: &mut Code<'_>, object: &Object) -> String {
    let class = quote::pascal(&object.type_name);
    let package = match object.home {
        ClassHome::Models => format!("{}.models", code.root),
        ClassHome::RequestBuilder => {
            let segments: Vec<String> = path::builder_segments(&code.request.steps)
                .iter()
                .map(|segment| quote::identifier(segment).to_ascii_lowercase())
                .collect();
            format!("{}.{}", code.root, segments.join("."))
        }
    };
    code.import(format!("{package}.{class}"));
    class
}

/// Declares the object (and its fields) and returns the variable name.
fn object(code: &mut Code<'_>, object: &Object, base: &str) -> String {
    let class = class(code, object);
    let name = code.declare(base, |name| format!("{class} {name} = new {class}();"));
    code.set_members(name, object, value, |name, field, expression| {
        format!("{name}.set{field}({expression});")
    })
}

/// Declares what a value needs and returns the expression a setter takes.
fn value(code: &mut Code<'_>, field: &Value, base: &str) -> String {
    match field {
        Value::Object(nested) => object(code, nested, base),
        Value::List(items) => {
            code.import("java.util.LinkedList");
            code.import("java.util.List");
            let element = element_type(code, items);
            let name =
                code.declare(base, |name| format!("List<{element}> {name} = new LinkedList<{element}>();"));
            for item in items {
                let expression = value(code, item, &format!("{base}Item"));
                code.statement(format!("{name}.add({expression});"));
            }
            name
        }
        Value::Enum { type_name, member } => {
            let class = quote::pascal(type_name);
            code.import(format!("{}.models.{class}", code.root));
            format!("{class}.{}", quote::pascal(member))
        }
        Value::Primitive { kind, text } => forms::expression(code, Language::Java, *kind, text),
    }
}

fn element_type(code: &mut Code<'_>, items: &[Value]) -> String {
    match items.first() {
        Some(Value::Object(object)) => {
            let class = quote::pascal(&object.declared_type);
            code.import(format!("{}.models.{class}", code.root));
            class
        }
        Some(Value::Enum { type_name, .. }) => quote::pascal(type_name),
        Some(Value::Primitive { kind, .. }) => forms::list_type(Language::Java, *kind).to_string(),
        _ => "Object".to_string(),
    }
}
