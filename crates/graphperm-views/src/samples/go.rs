//! Go with the Microsoft Graph Go SDK (Kiota-generated): constructors and setters taking
//! pointers, then `graphClient.<Chain>().<Method>(context.Background(), …)`.

use std::collections::BTreeSet;

use super::{ClassHome, Object, Primitive, Request, Step, Value, VariableNames, path, quote};

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

struct Writer<'r> {
    request: &'r Request<'r>,
    module: &'static str,
    imports: BTreeSet<String>,
    names: VariableNames,
    lines: Vec<String>,
}

pub fn render(request: &Request<'_>) -> String {
    let module = if request.is_beta() {
        "github.com/microsoftgraph/msgraph-beta-sdk-go"
    } else {
        "github.com/microsoftgraph/msgraph-sdk-go"
    };
    let mut writer = Writer {
        request,
        module,
        imports: BTreeSet::new(),
        names: VariableNames::new(&RESERVED),
        lines: Vec::new(),
    };
    writer.imports.insert("\"context\"".to_string());
    let body = request.body.as_ref().map(|body| writer.object(body, "requestBody"));
    let body = body.or_else(|| {
        request.stream_body.then(|| {
            writer.imports.insert("\"os\"".to_string());
            let name = writer.names.fresh("content");
            writer.lines.push(format!("{name}, _ := os.ReadFile({})", quote::go(super::UPLOAD_FILE)));
            name
        })
    });
    let chain = writer.chain();
    let mut text = String::from("import (\n");
    for import in &writer.imports {
        text.push_str(&format!("\t{import}\n"));
    }
    text.push_str(")\n\n");
    for line in &writer.lines {
        text.push_str(line);
        text.push('\n');
    }
    if !writer.lines.is_empty() {
        text.push('\n');
    }
    text.push_str("// graphClient is a *msgraphsdk.GraphServiceClient: https://learn.microsoft.com/graph/sdks/create-client?tabs=go\n");
    let call = method_name(request);
    let arguments = match &body {
        Some(body) => format!("context.Background(), {body}, nil"),
        None if matches!(request.method.as_str(), "POST" | "PATCH" | "PUT") => {
            "context.Background(), nil, nil".to_string()
        }
        None => "context.Background(), nil".to_string(),
    };
    let assign = if request.has_result { "result, err := " } else { "err := " };
    text.push_str(&format!("{assign}graphClient{chain}.{call}({arguments})\n"));
    text
}

fn method_name(request: &Request<'_>) -> String {
    match request.last_step() {
        Some(Step::Function { name, returns_collection: true, .. }) => {
            format!("GetAs{}GetResponse", quote::pascal(name))
        }
        Some(Step::Action { name, returns: Some(returned), .. }) if returned.starts_with("Collection(") => {
            format!("PostAs{}PostResponse", quote::pascal(name))
        }
        _ => quote::pascal(&request.method.to_ascii_lowercase()),
    }
}

impl Writer<'_> {
    fn models(&mut self) -> &'static str {
        self.imports.insert(format!("graphmodels \"{}/models\"", self.module));
        "graphmodels"
    }

    /// Declares a string variable for a chain argument and returns `&name`.
    fn string_argument(&mut self, base: &str, value: &str) -> String {
        let name = self.names.fresh(&quote::camel(base));
        self.lines.push(format!("{name} := {}", quote::go(value)));
        format!("&{name}")
    }

    fn chain(&mut self) -> String {
        let mut text = String::new();
        let steps = self.request.steps.clone();
        for step in &steps {
            match step {
                Step::Navigation { name } => text.push_str(&format!(".{}()", quote::pascal(name))),
                Step::Key { entity, placeholder } => {
                    text.push_str(&format!(".By{}Id({})", quote::pascal(entity), quote::go(placeholder)));
                }
                Step::AlternateKey { collection, arguments } => {
                    let names: Vec<String> = arguments.iter().map(|(key, _)| quote::pascal(key)).collect();
                    let values: Vec<String> =
                        arguments.iter().map(|(key, value)| self.string_argument(key, value)).collect();
                    text.push_str(&format!(
                        ".{}With{}({})",
                        quote::pascal(collection),
                        names.join("With"),
                        values.join(", ")
                    ));
                }
                Step::Cast { type_name } => text.push_str(&format!(".Graph{}()", quote::pascal(type_name))),
                Step::Function { name, parameters, .. } if !parameters.is_empty() => {
                    let names: Vec<String> = parameters.iter().map(|(key, _)| quote::pascal(key)).collect();
                    let values: Vec<String> =
                        parameters.iter().map(|(key, value)| self.string_argument(key, value)).collect();
                    text.push_str(&format!(
                        ".{}With{}({})",
                        quote::pascal(name),
                        names.join("With"),
                        values.join(", ")
                    ));
                }
                Step::Function { name, .. } | Step::Action { name, .. } => {
                    text.push_str(&format!(".{}()", quote::pascal(name)))
                }
                Step::Ref => text.push_str(".Ref()"),
                Step::Count => text.push_str(".Count()"),
                Step::Value => text.push_str(".Content()"),
                Step::ItemWithPath { name, path } => {
                    let argument = self.string_argument("path", path);
                    text.push_str(&format!(".{}().ItemWithPath({argument})", quote::pascal(name)));
                }
            }
        }
        text
    }

    /// The constructor of a class: `graphmodels.NewX()` or, for an action's body, the
    /// request builder package's `New<Path><Action>PostRequestBody()`.
    fn constructor(&mut self, object: &Object) -> String {
        match object.home {
            ClassHome::Models => {
                let package = self.models();
                format!("{package}.New{}()", quote::pascal(&object.type_name))
            }
            ClassHome::RequestBuilder => {
                let segments = path::builder_segments(&self.request.steps);
                let first = segments
                    .first()
                    .map(|segment| quote::snake(segment).replace('_', ""))
                    .unwrap_or_default();
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
                self.imports.insert(format!("{alias} \"{}/{package_path}\"", self.module));
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
    fn object(&mut self, object: &Object, base: &str) -> String {
        let name = self.names.fresh(base);
        let constructor = self.constructor(object);
        self.lines.push(format!("{name} := {constructor}"));
        if let Some(odata_type) = &object.odata_type {
            let odata = self.names.fresh("odataType");
            self.lines.push(format!("{odata} := {}", quote::go(odata_type)));
            self.lines.push(format!("{name}.SetOdataType(&{odata})"));
        }
        for (field_name, field) in &object.fields {
            let expression = self.value(field, &quote::camel(field_name));
            self.lines.push(format!("{name}.Set{}({expression})", quote::pascal(field_name)));
        }
        name
    }

    /// Declares what a value needs and returns the expression a setter takes.
    fn value(&mut self, value: &Value, base: &str) -> String {
        match value {
            Value::Object(object) => self.object(object, base),
            Value::List(items) => {
                let element = self.element_type(items);
                let expressions: Vec<String> = items
                    .iter()
                    .map(|item| match item {
                        Value::Object(object) => self.object(object, &quote::camel(&object.type_name)),
                        other => self.bare(other),
                    })
                    .collect();
                let name = self.names.fresh(base);
                self.lines.push(format!("{name} := []{element}{{\n\t{},\n}}", expressions.join(",\n\t")));
                name
            }
            Value::Primitive {
                kind: Primitive::Binary | Primitive::Date | Primitive::TimeOfDay | Primitive::Duration,
                ..
            } => {
                let expression = self.bare(value);
                let name = self.names.fresh(base);
                self.lines.push(format!("{name} := {expression}"));
                name
            }
            other => {
                let expression = self.bare(other);
                let name = self.names.fresh(base);
                self.lines.push(format!("{name} := {expression}"));
                format!("&{name}")
            }
        }
    }

    /// A value as a Go expression of the (non-pointer) type a slice holds.
    fn bare(&mut self, value: &Value) -> String {
        match value {
            Value::Enum { type_name, member } => {
                let package = self.models();
                format!(
                    "{package}.{}_{}",
                    quote::snake(member).replace('_', "").to_ascii_uppercase(),
                    quote::identifier(type_name).to_ascii_uppercase()
                )
            }
            Value::Primitive { kind, text } => match kind {
                Primitive::String => quote::go(text),
                Primitive::Boolean => text.clone(),
                Primitive::Int32 => format!("int32({text})"),
                Primitive::Int64 => format!("int64({text})"),
                Primitive::Double => format!("float64({text})"),
                Primitive::DateTimeOffset => {
                    self.imports.insert("\"time\"".to_string());
                    format!(
                        "func() time.Time {{ t, _ := time.Parse(time.RFC3339, {}); return t }}()",
                        quote::go(text)
                    )
                }
                Primitive::Date | Primitive::TimeOfDay | Primitive::Duration => {
                    self.imports
                        .insert("\"github.com/microsoft/kiota-abstractions-go/serialization\"".to_string());
                    let parser = match kind {
                        Primitive::Date => "ParseDateOnly",
                        Primitive::TimeOfDay => "ParseTimeOnly",
                        _ => "ParseISODuration",
                    };
                    format!(
                        "func() *serialization.{} {{ v, _ := serialization.{parser}({}); return v }}()",
                        parser.trim_start_matches("Parse"),
                        quote::go(text)
                    )
                }
                Primitive::Guid => {
                    self.imports.insert("\"github.com/google/uuid\"".to_string());
                    format!("uuid.MustParse({})", quote::go(text))
                }
                Primitive::Binary => format!("[]byte({})", quote::go(text)),
            },
            Value::Object(_) | Value::List(_) => "nil".to_string(),
        }
    }

    fn element_type(&mut self, items: &[Value]) -> String {
        match items.first() {
            Some(Value::Object(object)) => {
                let package = self.models();
                format!("{package}.{}able", quote::pascal(&object.declared_type))
            }
            Some(Value::Enum { type_name, .. }) => {
                let package = self.models();
                format!("{package}.{}", quote::pascal(type_name))
            }
            Some(Value::Primitive { kind, .. }) => match kind {
                Primitive::String => "string".to_string(),
                Primitive::Boolean => "bool".to_string(),
                Primitive::Int32 => "int32".to_string(),
                Primitive::Int64 => "int64".to_string(),
                Primitive::Double => "float64".to_string(),
                Primitive::DateTimeOffset => "time.Time".to_string(),
                Primitive::Date => "*serialization.DateOnly".to_string(),
                Primitive::TimeOfDay => "*serialization.TimeOnly".to_string(),
                Primitive::Duration => "*serialization.ISODuration".to_string(),
                Primitive::Guid => "uuid.UUID".to_string(),
                Primitive::Binary => "[]byte".to_string(),
            },
            _ => "any".to_string(),
        }
    }
}
