//! PHP with the Microsoft Graph PHP SDK v2 (Kiota-generated): `new X()` and setters, then
//! `$graphServiceClient-><chain>()-><method>($requestBody)->wait()`.

use super::chain::{self, Dialect, Key};
use super::code::Code;
use super::{ClassHome, Language, Object, Request, Value, forms, path, quote};

const RESERVED: [&str; 3] = ["this", "graphServiceClient", "result"];

/// PHP's request builders are camelCase methods joined with `->`.
const DIALECT: Dialect = Dialect::methods("->", quote::camel, quote::php, Key::Method { braces: false });

pub fn render(request: &Request<'_>) -> String {
    let root = if request.is_beta() { "Microsoft\\Graph\\Beta" } else { "Microsoft\\Graph" };
    let mut code = Code::new(request, root, &RESERVED, "\t");
    code.import(format!("{root}\\GraphServiceClient"));
    let body = code.body_argument(
        |code, body| object(code, body, "requestBody"),
        |code| {
            code.import("GuzzleHttp\\Psr7\\Utils");
            let file = quote::php(super::UPLOAD_FILE);
            format!(
                "${}",
                code.declare("stream", |name| format!("${name} = Utils::streamFor(fopen({file}, 'r'));"))
            )
        },
    );
    let assign = if request.has_result { "$result = " } else { "" };
    let call = format!(
        "{assign}$graphServiceClient{}->{}({})->wait();",
        chain::chain(&DIALECT, &mut code),
        request.method.to_ascii_lowercase(),
        body.unwrap_or_default()
    );
    let uses = code.imports(|import| format!("use {import};"));
    let client = "$graphServiceClient = new GraphServiceClient($tokenRequestContext, $scopes);";
    code.finish(vec![vec!["<?php".to_string()], uses, vec![client.to_string()]], vec![vec![call]])
}

/// The class of an object or enum, imported from its namespace.
fn class(code: &mut Code<'_>, home: ClassHome, type_name: &str) -> String {
    let class = quote::pascal(type_name);
    let namespace = match home {
        ClassHome::Models => format!("{}\\Generated\\Models", code.root),
        ClassHome::RequestBuilder => {
            let segments: Vec<String> = path::builder_segments(&code.request.steps)
                .iter()
                .map(|segment| quote::pascal(segment))
                .collect();
            format!("{}\\Generated\\{}", code.root, segments.join("\\"))
        }
    };
    code.import(format!("{namespace}\\{class}"));
    class
}

/// Declares the object (and its fields) and returns the variable.
fn object(code: &mut Code<'_>, object: &Object, base: &str) -> String {
    let class = class(code, object.home, &object.type_name);
    let name = format!("${}", code.declare(base, |name| format!("${name} = new {class}();")));
    code.set_members(name, object, value, |name, field, expression| {
        format!("{name}->set{field}({expression});")
    })
}

/// Declares what a value needs and returns the expression a setter takes.
fn value(code: &mut Code<'_>, field: &Value, base: &str) -> String {
    match field {
        Value::Object(nested) => object(code, nested, base),
        Value::List(items) => {
            let expressions: Vec<String> =
                items.iter().map(|item| value(code, item, &format!("{base}Item"))).collect();
            let list = expressions.join(", ");
            format!("${}", code.declare(base, |name| format!("${name} = [{list}];")))
        }
        Value::Enum { type_name, member } => {
            let class = class(code, ClassHome::Models, type_name);
            format!("new {class}({})", quote::php(member))
        }
        Value::Primitive { kind, text } => forms::expression(code, Language::Php, *kind, text),
    }
}
