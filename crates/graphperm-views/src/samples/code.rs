//! The code writer the SDK samples share: the imports a sample collects, the statements
//! it declares before the call, nested blocks written with one indentation unit per
//! level, and the sample's sections joined by blank lines.

use std::collections::BTreeSet;

use super::{Object, Request, Value, VariableNames, quote};

/// One sample being written. `root` is the SDK's package, namespace or module for the
/// request's API version (`Microsoft.Graph.Beta`, `msgraph`…).
pub(crate) struct Code<'r> {
    pub(crate) request: &'r Request<'r>,
    pub(crate) root: &'static str,
    pub(crate) names: VariableNames,
    imports: BTreeSet<String>,
    statements: Vec<String>,
    /// The expression being written and its current nesting depth.
    expression: String,
    unit: &'static str,
    depth: usize,
}

impl<'r> Code<'r> {
    /// `reserved` are the names a variable must not take; `unit` is one level of
    /// indentation.
    pub(crate) fn new(
        request: &'r Request<'r>,
        root: &'static str,
        reserved: &'static [&'static str],
        unit: &'static str,
    ) -> Code<'r> {
        Code {
            request,
            root,
            names: VariableNames::new(reserved),
            imports: BTreeSet::new(),
            statements: Vec::new(),
            expression: String::new(),
            unit,
            depth: 0,
        }
    }

    /// Records an import; each is written once, sorted.
    pub(crate) fn import(&mut self, import: impl Into<String>) {
        self.imports.insert(import.into());
    }

    /// Records the import a form needs, if any.
    pub(crate) fn import_each(&mut self, imports: impl IntoIterator<Item = &'static str>) {
        self.imports.extend(imports.into_iter().map(str::to_string));
    }

    /// The imports, sorted, each formatted as the language writes one.
    pub(crate) fn imports(&self, format: impl Fn(&str) -> String) -> Vec<String> {
        self.imports.iter().map(|import| format(import)).collect()
    }

    /// A statement before the call (it may span lines).
    pub(crate) fn statement(&mut self, statement: impl Into<String>) {
        self.statements.push(statement.into());
    }

    /// Declares `name = value` with a fresh variable name and returns the name.
    pub(crate) fn declare(&mut self, base: &str, declaration: impl Fn(&str) -> String) -> String {
        let name = self.names.fresh(base);
        self.statement(declaration(&name));
        name
    }

    /// Declares what the call sends and returns the argument that names it: the body
    /// object (`object` declares it), else the uploaded file (`stream` declares it).
    pub(crate) fn body_argument(
        &mut self,
        object: impl FnOnce(&mut Self, &Object) -> String,
        stream: impl FnOnce(&mut Self) -> String,
    ) -> Option<String> {
        let request = self.request;
        match &request.body {
            Some(body) => Some(object(self, body)),
            None => request.stream_body.then(|| stream(self)),
        }
    }

    /// Writes an expression with `write` and declares it as a statement:
    /// `declaration(name, expression)`. Returns the name.
    pub(crate) fn declare_expression(
        &mut self,
        base: &str,
        write: impl FnOnce(&mut Self),
        declaration: impl Fn(&str, &str) -> String,
    ) -> String {
        write(self);
        let expression = self.take_expression();
        self.declare(base, |name| declaration(name, &expression))
    }

    /// Sets an object's members the setter way, one statement each:
    /// `setter(name, field, expression)`, where `value` declares what a member's value
    /// needs and returns the expression (the variable it declared, or a literal). Returns
    /// `name`, the variable set.
    pub(crate) fn set_members(
        &mut self,
        name: String,
        object: &Object,
        value: impl Fn(&mut Self, &Value, &str) -> String,
        setter: impl Fn(&str, &str, &str) -> String,
    ) -> String {
        for (field_name, field) in object.members("odataType") {
            let expression = value(self, &field, &quote::camel(&field_name));
            self.statement(setter(&name, &quote::pascal(&field_name), &expression));
        }
        name
    }

    /// The body argument of a language that writes the body as one initialiser
    /// expression: `value` writes it, `declaration(name, expression)` declares it under
    /// `base`; a stream body is declared by `stream`. Empty without a body.
    pub(crate) fn expression_body(
        &mut self,
        base: &str,
        value: fn(&mut Self, &Value),
        declaration: impl Fn(&str, &str) -> String,
        stream: impl FnOnce(&mut Self) -> String,
    ) -> String {
        self.body_argument(
            |code, body| {
                code.declare_expression(base, |code| value(code, &Value::Object(body.clone())), declaration)
            },
            stream,
        )
        .unwrap_or_default()
    }

    /// Appends text to the expression being written.
    pub(crate) fn push(&mut self, text: &str) {
        self.expression.push_str(text);
    }

    /// Starts a new line of the expression at the current depth.
    pub(crate) fn line(&mut self) {
        self.expression.push('\n');
        for _ in 0..self.depth {
            self.expression.push_str(self.unit);
        }
    }

    /// Writes `open`, each item on a line of its own one level deeper followed by
    /// `after`, and `close` on a line at the current depth.
    pub(crate) fn block<T>(
        &mut self,
        open: &str,
        items: impl IntoIterator<Item = T>,
        after: &str,
        close: &str,
        mut write: impl FnMut(&mut Self, T),
    ) {
        self.push(open);
        self.depth += 1;
        for item in items {
            self.line();
            write(self, item);
            self.push(after);
        }
        self.depth -= 1;
        self.line();
        self.push(close);
    }

    /// The expression written so far; the writer starts a new one.
    pub(crate) fn take_expression(&mut self) -> String {
        std::mem::take(&mut self.expression)
    }

    /// The whole sample: `head` sections, the statements, then `tail` sections; empty
    /// sections are left out and the others separated by a blank line.
    pub(crate) fn finish(self, head: Vec<Vec<String>>, tail: Vec<Vec<String>>) -> String {
        let mut sections = head;
        sections.push(self.statements);
        sections.extend(tail);
        let sections: Vec<String> = sections
            .into_iter()
            .filter(|section| !section.is_empty())
            .map(|section| section.join("\n"))
            .collect();
        format!("{}\n", sections.join("\n\n"))
    }
}

/// How a language without SDK types writes a body as a literal: JavaScript objects,
/// PowerShell hashtables.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LiteralStyle {
    /// An object's opening and closing bracket, then a list's.
    brackets: [&'static str; 4],
    /// After each entry of an object or list, and between a property's name and value.
    separators: [&'static str; 2],
    string: fn(&str) -> String,
    /// `false` and `true`.
    booleans: [&'static str; 2],
}

impl LiteralStyle {
    pub(crate) const fn new(
        brackets: [&'static str; 4],
        separators: [&'static str; 2],
        string: fn(&str) -> String,
        booleans: [&'static str; 2],
    ) -> LiteralStyle {
        LiteralStyle { brackets, separators, string, booleans }
    }
}

impl Code<'_> {
    /// Writes a value as a literal in `style`; the `@odata.type` goes first, as in JSON.
    pub(crate) fn literal(&mut self, value: &Value, style: &LiteralStyle) {
        match value {
            Value::Object(object) => {
                let [open, close, ..] = style.brackets;
                let [after, assign] = style.separators;
                self.block(open, object.members("@odata.type"), after, close, |code, (name, field)| {
                    code.push(&format!("{}{assign}", quote::property_key(&name, style.string)));
                    code.literal(&field, style);
                });
            }
            Value::List(items) => {
                let [.., open, close] = style.brackets;
                self.block(open, items, style.separators[0], close, |code, item| code.literal(item, style));
            }
            scalar => match scalar.to_json() {
                serde_json::Value::Bool(flag) => self.push(style.booleans[usize::from(flag)]),
                serde_json::Value::String(text) => self.push(&(style.string)(&text)),
                json => self.push(&json.to_string()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use graphperm_core::model::ApiVersion;

    fn request() -> Request<'static> {
        Request {
            method: "GET".to_string(),
            version: ApiVersion::V1,
            path: "/me".to_string(),
            steps: Vec::new(),
            body: None,
            stream_body: false,
            has_result: true,
            cmdlet: None,
        }
    }

    #[test]
    fn blocks_nest_with_one_unit_per_level() {
        let request = request();
        let mut code = Code::new(&request, "root", &[], "\t");
        code.block("[", [vec!["a", "b"], vec![]], ",", "]", |code, inner| {
            code.block("(", inner, ";", ")", |code, word| code.push(word));
        });
        assert_eq!(code.take_expression(), "[\n\t(\n\t\ta;\n\t\tb;\n\t),\n\t(\n\t),\n]");
    }

    #[test]
    fn sections_skip_empty_parts_and_imports_are_sorted_once() {
        let request = request();
        let mut code = Code::new(&request, "root", &["x"], "  ");
        code.import("b");
        code.import("a");
        code.import("b");
        let name = code.declare("x", |name| format!("{name} = 1"));
        assert_eq!(name, "xValue");
        let imports = code.imports(|import| format!("use {import};"));
        let text = code.finish(vec![imports, Vec::new()], vec![vec!["call()".to_string()]]);
        assert_eq!(text, "use a;\nuse b;\n\nxValue = 1\n\ncall()\n");
    }
}
