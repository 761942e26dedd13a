//! Java with the Microsoft Graph Java SDK v6 (Kiota-generated): `new X()` and setters,
//! then `graphClient.<chain>().<method>(body)`.

use std::collections::BTreeSet;

use super::{ClassHome, Object, Primitive, Request, Step, Value, VariableNames, path, quote};

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

struct Writer<'r> {
    request: &'r Request<'r>,
    root: &'static str,
    imports: BTreeSet<String>,
    names: VariableNames,
    lines: Vec<String>,
}

pub fn render(request: &Request<'_>) -> String {
    let root = if request.is_beta() { "com.microsoft.graph.beta" } else { "com.microsoft.graph" };
    let mut writer = Writer {
        request,
        root,
        imports: BTreeSet::new(),
        names: VariableNames::new(&RESERVED),
        lines: Vec::new(),
    };
    let body = request.body.as_ref().map(|body| writer.object(body, &quote::camel(&body.type_name)));
    let body = body.or_else(|| {
        request.stream_body.then(|| {
            writer.imports.insert("java.io.FileInputStream".to_string());
            writer.imports.insert("java.io.InputStream".to_string());
            writer.lines.push(format!(
                "InputStream stream = new FileInputStream({});",
                quote::java(super::UPLOAD_FILE)
            ));
            "stream".to_string()
        })
    });
    let mut text = String::new();
    for import in &writer.imports {
        text.push_str(&format!("import {import};\n"));
    }
    if !writer.imports.is_empty() {
        text.push('\n');
    }
    for line in &writer.lines {
        text.push_str(line);
        text.push('\n');
    }
    if !writer.lines.is_empty() {
        text.push('\n');
    }
    text.push_str("// graphClient is a GraphServiceClient: https://learn.microsoft.com/graph/sdks/create-client?tabs=java\n");
    if request.has_result {
        text.push_str("var result = ");
    }
    text.push_str("graphClient");
    text.push_str(&chain(&request.steps));
    text.push_str(&format!(".{}({});\n", method_name(request), body.unwrap_or_default()));
    text
}

fn method_name(request: &Request<'_>) -> String {
    match request.last_step() {
        Some(Step::Function { name, returns_collection: true, .. }) => {
            format!("getAs{}GetResponse", quote::pascal(name))
        }
        Some(Step::Action { name, returns: Some(returned), .. }) if returned.starts_with("Collection(") => {
            format!("postAs{}PostResponse", quote::pascal(name))
        }
        _ => request.method.to_ascii_lowercase(),
    }
}

fn chain(steps: &[Step]) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Navigation { name } => text.push_str(&format!(".{}()", method(name))),
            Step::Key { entity, placeholder } => text.push_str(&format!(
                ".by{}Id({})",
                quote::pascal(entity),
                quote::java(&format!("{{{placeholder}}}"))
            )),
            Step::AlternateKey { collection, arguments } => {
                let names: Vec<String> = arguments.iter().map(|(key, _)| quote::pascal(key)).collect();
                let values: Vec<String> = arguments.iter().map(|(_, value)| quote::java(value)).collect();
                text.push_str(&format!(
                    ".{}With{}({})",
                    method(collection),
                    names.join("With"),
                    values.join(", ")
                ));
            }
            Step::Cast { type_name } => text.push_str(&format!(".graph{}()", quote::pascal(type_name))),
            Step::Function { name, parameters, .. } if !parameters.is_empty() => {
                let names: Vec<String> = parameters.iter().map(|(key, _)| quote::pascal(key)).collect();
                let values: Vec<String> = parameters.iter().map(|(_, value)| quote::java(value)).collect();
                text.push_str(&format!(".{}With{}({})", method(name), names.join("With"), values.join(", ")));
            }
            Step::Function { name, .. } | Step::Action { name, .. } => {
                text.push_str(&format!(".{}()", method(name)))
            }
            Step::Ref => text.push_str(".ref()"),
            Step::Count => text.push_str(".count()"),
            Step::Value => text.push_str(".content()"),
            Step::ItemWithPath { name, path } => {
                text.push_str(&format!(".{}().itemWithPath({})", method(name), quote::java(path)));
            }
        }
    }
    text
}

/// A request-builder method name; Java keywords (`default`) get the `Escaped` suffix the
/// SDK's generator gives them.
fn method(name: &str) -> String {
    let camel = quote::camel(name);
    if RESERVED.contains(&camel.as_str()) { format!("{camel}Escaped") } else { camel }
}

impl Writer<'_> {
    fn class(&mut self, object: &Object) -> String {
        let class = quote::pascal(&object.type_name);
        let package = match object.home {
            ClassHome::Models => format!("{}.models", self.root),
            ClassHome::RequestBuilder => {
                let segments: Vec<String> = path::builder_segments(&self.request.steps)
                    .iter()
                    .map(|segment| quote::identifier(segment).to_ascii_lowercase())
                    .collect();
                format!("{}.{}", self.root, segments.join("."))
            }
        };
        self.imports.insert(format!("{package}.{class}"));
        class
    }

    fn object(&mut self, object: &Object, base: &str) -> String {
        let class = self.class(object);
        let name = self.names.fresh(base);
        self.lines.push(format!("{class} {name} = new {class}();"));
        if let Some(odata_type) = &object.odata_type {
            self.lines.push(format!("{name}.setOdataType({});", quote::java(odata_type)));
        }
        for (field_name, field) in &object.fields {
            let expression = self.value(field, &quote::camel(field_name));
            self.lines.push(format!("{name}.set{}({expression});", quote::pascal(field_name)));
        }
        name
    }

    fn value(&mut self, value: &Value, base: &str) -> String {
        match value {
            Value::Object(object) => self.object(object, base),
            Value::List(items) => {
                self.imports.insert("java.util.LinkedList".to_string());
                self.imports.insert("java.util.List".to_string());
                let element = self.element_type(items);
                let name = self.names.fresh(base);
                self.lines.push(format!("List<{element}> {name} = new LinkedList<{element}>();"));
                for item in items {
                    let expression = self.value(item, &format!("{base}Item"));
                    self.lines.push(format!("{name}.add({expression});"));
                }
                name
            }
            Value::Enum { type_name, member } => {
                let class = quote::pascal(type_name);
                self.imports.insert(format!("{}.models.{class}", self.root));
                format!("{class}.{}", quote::pascal(member))
            }
            Value::Primitive { kind, text } => match kind {
                Primitive::String => quote::java(text),
                Primitive::Boolean | Primitive::Int32 => text.clone(),
                Primitive::Int64 => format!("{text}L"),
                Primitive::Double => format!("{text}d"),
                Primitive::DateTimeOffset => {
                    self.imports.insert("java.time.OffsetDateTime".to_string());
                    format!("OffsetDateTime.parse({})", quote::java(text))
                }
                Primitive::Date => {
                    self.imports.insert("java.time.LocalDate".to_string());
                    format!("LocalDate.parse({})", quote::java(text))
                }
                Primitive::TimeOfDay => {
                    self.imports.insert("java.time.LocalTime".to_string());
                    format!("LocalTime.parse({})", quote::java(text))
                }
                Primitive::Duration => {
                    self.imports.insert("com.microsoft.kiota.PeriodAndDuration".to_string());
                    format!("PeriodAndDuration.parse({})", quote::java(text))
                }
                Primitive::Guid => {
                    self.imports.insert("java.util.UUID".to_string());
                    format!("UUID.fromString({})", quote::java(text))
                }
                Primitive::Binary => {
                    self.imports.insert("java.util.Base64".to_string());
                    format!("Base64.getDecoder().decode({})", quote::java(text))
                }
            },
        }
    }

    fn element_type(&mut self, items: &[Value]) -> String {
        match items.first() {
            Some(Value::Object(object)) => {
                let class = quote::pascal(&object.declared_type);
                self.imports.insert(format!("{}.models.{class}", self.root));
                class
            }
            Some(Value::Enum { type_name, .. }) => quote::pascal(type_name),
            Some(Value::Primitive { kind, .. }) => match kind {
                Primitive::String => "String",
                Primitive::Boolean => "Boolean",
                Primitive::Int32 => "Integer",
                Primitive::Int64 => "Long",
                Primitive::Double => "Double",
                Primitive::DateTimeOffset => "OffsetDateTime",
                Primitive::Date => "LocalDate",
                Primitive::TimeOfDay => "LocalTime",
                Primitive::Duration => "PeriodAndDuration",
                Primitive::Guid => "UUID",
                Primitive::Binary => "byte[]",
            }
            .to_string(),
            _ => "Object".to_string(),
        }
    }
}
