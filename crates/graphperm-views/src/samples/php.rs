//! PHP with the Microsoft Graph PHP SDK v2 (Kiota-generated): `new X()` and setters, then
//! `$graphServiceClient-><chain>()-><method>($requestBody)->wait()`.

use std::collections::BTreeSet;

use super::{ClassHome, Object, Primitive, Request, Step, Value, VariableNames, path, quote};

const RESERVED: [&str; 3] = ["this", "graphServiceClient", "result"];

struct Writer<'r> {
    request: &'r Request<'r>,
    root: &'static str,
    imports: BTreeSet<String>,
    names: VariableNames,
    lines: Vec<String>,
}

pub fn render(request: &Request<'_>) -> String {
    let root = if request.is_beta() { "Microsoft\\Graph\\Beta" } else { "Microsoft\\Graph" };
    let mut writer = Writer {
        request,
        root,
        imports: BTreeSet::new(),
        names: VariableNames::new(&RESERVED),
        lines: Vec::new(),
    };
    writer.imports.insert(format!("{root}\\GraphServiceClient"));
    let body = request.body.as_ref().map(|body| writer.object(body, "requestBody"));
    let body = body.or_else(|| {
        request.stream_body.then(|| {
            writer.imports.insert("GuzzleHttp\\Psr7\\Utils".to_string());
            writer
                .lines
                .push(format!("$stream = Utils::streamFor(fopen({}, 'r'));", quote::php(super::UPLOAD_FILE)));
            "$stream".to_string()
        })
    });
    let mut text = String::from("<?php\n\n");
    for import in &writer.imports {
        text.push_str(&format!("use {import};\n"));
    }
    text.push_str("\n$graphServiceClient = new GraphServiceClient($tokenRequestContext, $scopes);\n\n");
    for line in &writer.lines {
        text.push_str(line);
        text.push('\n');
    }
    if !writer.lines.is_empty() {
        text.push('\n');
    }
    if request.has_result {
        text.push_str("$result = ");
    }
    text.push_str("$graphServiceClient");
    text.push_str(&chain(&request.steps));
    let method = request.method.to_ascii_lowercase();
    text.push_str(&format!("->{method}({})->wait();\n", body.unwrap_or_default()));
    text
}

fn chain(steps: &[Step]) -> String {
    let mut text = String::new();
    for step in steps {
        match step {
            Step::Navigation { name } => text.push_str(&format!("->{}()", quote::camel(name))),
            Step::Key { entity, placeholder } => {
                text.push_str(&format!("->by{}Id({})", quote::pascal(entity), quote::php(placeholder)));
            }
            Step::AlternateKey { collection, arguments } => {
                let names: Vec<String> = arguments.iter().map(|(key, _)| quote::pascal(key)).collect();
                let values: Vec<String> = arguments.iter().map(|(_, value)| quote::php(value)).collect();
                text.push_str(&format!(
                    "->{}With{}({})",
                    quote::camel(collection),
                    names.join("With"),
                    values.join(", ")
                ));
            }
            Step::Cast { type_name } => text.push_str(&format!("->graph{}()", quote::pascal(type_name))),
            Step::Function { name, parameters, .. } if !parameters.is_empty() => {
                let names: Vec<String> = parameters.iter().map(|(key, _)| quote::pascal(key)).collect();
                let values: Vec<String> = parameters.iter().map(|(_, value)| quote::php(value)).collect();
                text.push_str(&format!(
                    "->{}With{}({})",
                    quote::camel(name),
                    names.join("With"),
                    values.join(", ")
                ));
            }
            Step::Function { name, .. } | Step::Action { name, .. } => {
                text.push_str(&format!("->{}()", quote::camel(name)))
            }
            Step::Ref => text.push_str("->ref()"),
            Step::Count => text.push_str("->count()"),
            Step::Value => text.push_str("->content()"),
            Step::ItemWithPath { name, path } => {
                text.push_str(&format!("->{}()->itemWithPath({})", quote::camel(name), quote::php(path)));
            }
        }
    }
    text
}

impl Writer<'_> {
    fn class(&mut self, home: ClassHome, type_name: &str) -> String {
        let class = quote::pascal(type_name);
        let namespace = match home {
            ClassHome::Models => format!("{}\\Generated\\Models", self.root),
            ClassHome::RequestBuilder => {
                let segments: Vec<String> = path::builder_segments(&self.request.steps)
                    .iter()
                    .map(|segment| quote::pascal(segment))
                    .collect();
                format!("{}\\Generated\\{}", self.root, segments.join("\\"))
            }
        };
        self.imports.insert(format!("{namespace}\\{class}"));
        class
    }

    fn object(&mut self, object: &Object, base: &str) -> String {
        let class = self.class(object.home, &object.type_name);
        let name = format!("${}", self.names.fresh(base));
        self.lines.push(format!("{name} = new {class}();"));
        if let Some(odata_type) = &object.odata_type {
            self.lines.push(format!("{name}->setOdataType({});", quote::php(odata_type)));
        }
        for (field_name, field) in &object.fields {
            let expression = self.value(field, &quote::camel(field_name));
            self.lines.push(format!("{name}->set{}({expression});", quote::pascal(field_name)));
        }
        name
    }

    fn value(&mut self, value: &Value, base: &str) -> String {
        match value {
            Value::Object(object) => self.object(object, base),
            Value::List(items) => {
                let expressions: Vec<String> =
                    items.iter().map(|item| self.value(item, &format!("{base}Item"))).collect();
                let name = format!("${}", self.names.fresh(base));
                self.lines.push(format!("{name} = [{}];", expressions.join(", ")));
                name
            }
            Value::Enum { type_name, member } => {
                let class = self.class(ClassHome::Models, type_name);
                format!("new {class}({})", quote::php(member))
            }
            Value::Primitive { kind, text } => match kind {
                Primitive::String | Primitive::Guid => quote::php(text),
                Primitive::Boolean | Primitive::Int32 | Primitive::Int64 | Primitive::Double => text.clone(),
                Primitive::DateTimeOffset => format!("new \\DateTime({})", quote::php(text)),
                Primitive::Date => {
                    self.imports.insert("Microsoft\\Kiota\\Abstractions\\Types\\Date".to_string());
                    format!("new Date({})", quote::php(text))
                }
                Primitive::TimeOfDay => {
                    self.imports.insert("Microsoft\\Kiota\\Abstractions\\Types\\Time".to_string());
                    format!("new Time({})", quote::php(text))
                }
                Primitive::Duration => format!("new \\DateInterval({})", quote::php(text)),
                Primitive::Binary => {
                    format!("\\GuzzleHttp\\Psr7\\Utils::streamFor(base64_decode({}))", quote::php(text))
                }
            },
        }
    }
}
