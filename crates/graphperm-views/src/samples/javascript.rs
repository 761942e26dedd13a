//! JavaScript with the Microsoft Graph JavaScript client (`@microsoft/microsoft-graph-client`).

use super::code::{Code, LiteralStyle};
use super::{Request, Value, quote};

const RESERVED: [&str; 12] = [
    "client", "options", "result", "await", "class", "delete", "default", "function", "new", "this", "var",
    "let",
];

/// Object and array literals, two spaces deep, strings in single quotes.
const STYLE: LiteralStyle =
    LiteralStyle::new(["{", "}", "[", "]"], [",", ": "], quote::javascript, ["false", "true"]);

pub fn render(request: &Request<'_>) -> String {
    let mut text =
        String::from("const options = {\n\tauthProvider,\n};\n\nconst client = Client.init(options);\n\n");
    let body_name = request.body.as_ref().map(|body| {
        let name = quote::camel(&body.type_name);
        let name = if RESERVED.contains(&name.as_str()) { "requestBody".to_string() } else { name };
        let mut code = Code::new(request, "", &[], "  ");
        code.literal(&Value::Object(body.clone()), &STYLE);
        text.push_str(&format!("const {name} = {};\n\n", code.take_expression()));
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
