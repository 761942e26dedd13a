//! The request-builder chain of the typed SDKs (C#, Go, Java, PHP, Python), written once
//! over a per-language [`Dialect`]: how links are joined and called, how names are cased,
//! how keys and string arguments are written.

use super::code::Code;
use super::{Request, Step, quote};

/// How a chain selects one item by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    /// The indexer: `["{user-id}"]` (C#).
    Indexer,
    /// A method named after the entity, `.ByUserId(…)`, with the placeholder in braces or
    /// bare, as the SDK's own snippets write it.
    Method { braces: bool },
    /// A snake-case method from the entity's own words: `.by_o_auth2_permission_grant_id(…)`.
    Snake,
}

/// What differs between the SDKs' request-builder chains.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    /// Joins the links of a chain: `.` or `->`.
    accessor: &'static str,
    /// Follows a link without arguments: `()` where request builders are methods.
    call: &'static str,
    /// A request builder's name in the language's casing.
    member: fn(&str) -> String,
    /// A string literal.
    literal: fn(&str) -> String,
    key: Key,
    /// Go's builders take string arguments as pointers, so each gets a variable.
    pointer_arguments: bool,
}

impl Dialect {
    /// Request builders that are properties (C#, Python).
    pub(crate) const fn properties(
        member: fn(&str) -> String,
        literal: fn(&str) -> String,
        key: Key,
    ) -> Dialect {
        Dialect { accessor: ".", call: "", member, literal, key, pointer_arguments: false }
    }

    /// Request builders that are methods, joined with `accessor` (Go, Java, PHP).
    pub(crate) const fn methods(
        accessor: &'static str,
        member: fn(&str) -> String,
        literal: fn(&str) -> String,
        key: Key,
    ) -> Dialect {
        Dialect { accessor, call: "()", member, literal, key, pointer_arguments: false }
    }

    pub(crate) const fn with_pointer_arguments(self) -> Dialect {
        Dialect { pointer_arguments: true, ..self }
    }

    /// A link without arguments.
    fn plain(&self, name: &str) -> String {
        format!("{}{}{}", self.accessor, (self.member)(name), self.call)
    }

    /// A string argument of a builder method.
    fn argument(&self, code: &mut Code<'_>, name: &str, value: &str) -> String {
        let literal = (self.literal)(value);
        if !self.pointer_arguments {
            return literal;
        }
        let variable = code.declare(&quote::camel(name), |variable| format!("{variable} := {literal}"));
        format!("&{variable}")
    }

    /// The link that selects one item by key.
    fn key(&self, entity: &str, placeholder: &str) -> String {
        let bare = (self.literal)(placeholder);
        let braced = || (self.literal)(&format!("{{{placeholder}}}"));
        match self.key {
            Key::Indexer => format!("[{}]", braced()),
            Key::Method { braces } => {
                let method = (self.member)(&format!("by{}Id", quote::pascal(entity)));
                format!("{}{method}({})", self.accessor, if braces { braced() } else { bare })
            }
            Key::Snake => format!("{}by_{}_id({bare})", self.accessor, quote::snake(entity)),
        }
    }

    /// `applicationsWithAppId("…")`, `get_office365_active_user_detail_with_period("D7")`.
    fn with_arguments(&self, code: &mut Code<'_>, name: &str, arguments: &[(String, String)]) -> String {
        let names: Vec<String> = arguments.iter().map(|(key, _)| quote::pascal(key)).collect();
        let values: Vec<String> =
            arguments.iter().map(|(key, value)| self.argument(code, key, value)).collect();
        let method = (self.member)(&format!("{name}With{}", names.join("With")));
        format!("{}{method}({})", self.accessor, values.join(", "))
    }
}

/// The chain after the client: `.Identity.ApiConnectors["{id}"]`, `->identity()->…`.
pub(crate) fn chain(dialect: &Dialect, code: &mut Code<'_>) -> String {
    let request = code.request;
    let mut text = String::new();
    for step in &request.steps {
        let link = match step {
            Step::Key { entity, placeholder } => dialect.key(entity, placeholder),
            Step::AlternateKey { collection, arguments } => {
                dialect.with_arguments(code, collection, arguments)
            }
            Step::Function { name, parameters, .. } if !parameters.is_empty() => {
                dialect.with_arguments(code, name, parameters)
            }
            Step::Navigation { name } | Step::Function { name, .. } | Step::Action { name, .. } => {
                dialect.plain(name)
            }
            Step::Cast { type_name } => dialect.plain(&format!("graph{}", quote::pascal(type_name))),
            Step::Ref => dialect.plain("ref"),
            Step::Count => dialect.plain("count"),
            Step::Value => dialect.plain("content"),
            Step::ItemWithPath { name, path } => {
                let argument = dialect.argument(code, "path", path);
                format!(
                    "{}{}{}({argument})",
                    dialect.plain(name),
                    dialect.accessor,
                    (dialect.member)("itemWithPath")
                )
            }
        };
        text.push_str(&link);
    }
    text
}

/// The request builder's method for the call, before a language's casing and suffix: the
/// HTTP method (`get`), or for a function or action returning a collection its own
/// response type (`getAsDeltaGetResponse`).
pub(crate) fn call_name(request: &Request<'_>) -> String {
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
