//! String literals for every output language: text from the data goes through these
//! functions and nowhere else, so a name with quotes, backslashes, `$`, newlines or
//! Unicode line separators stays inside its literal.

use percent_encoding::{AsciiSet, utf8_percent_encode};

/// C# regular string literal.
pub fn csharp(text: &str) -> String {
    c_like(text, '"', Astral::Long, false)
}

/// Java string literal. A backslash is always doubled, so no `\u` unicode escape (which
/// Java expands before lexing) can form from the data. Java has no escape for a code
/// point above U+FFFF, so those are written as their UTF-16 surrogate pair.
pub fn java(text: &str) -> String {
    c_like(text, '"', Astral::Surrogates, false)
}

/// Go interpreted string literal.
pub fn go(text: &str) -> String {
    c_like(text, '"', Astral::Long, false)
}

/// Python string literal in double quotes.
pub fn python(text: &str) -> String {
    c_like(text, '"', Astral::Long, false)
}

/// JavaScript string literal in single quotes (the Graph JS snippets' style).
pub fn javascript(text: &str) -> String {
    c_like(text, '\'', Astral::Braced, true)
}

/// PHP single-quoted literal: only `\` and `'` are special inside it.
pub fn php(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\\' || c == '\'' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// PowerShell single-quoted literal: no `$` expansion, no backtick escapes. PowerShell
/// also ends such a literal at the typographic single quotes, so those are doubled too.
pub fn powershell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// POSIX shell single-quoted word.
pub fn shell(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// HCL (Terraform) string: `${` and `%{` would start templates, so they are escaped.
pub fn hcl(text: &str) -> String {
    let body = c_like(text, '"', Astral::Long, false);
    body.replace("${", "$${").replace("%{", "%%{")
}

/// What a Graph request path keeps as written in the docs: the unreserved characters plus
/// the characters of OData paths and `{placeholders}`.
const GRAPH_PATH: &AsciiSet = &crate::links::UNRESERVED
    .remove(b'/')
    .remove(b'{')
    .remove(b'}')
    .remove(b'(')
    .remove(b')')
    .remove(b'\'')
    .remove(b'=')
    .remove(b',')
    .remove(b':')
    .remove(b'$')
    .remove(b'@')
    .remove(b'!')
    .remove(b'*')
    .remove(b'+')
    .remove(b';');

/// Percent-encodes what cannot stand in a Graph request path as written in docs: keeps
/// the characters of OData paths and `{placeholders}`, encodes spaces, quotes other than
/// `'`, control characters and everything non-ASCII.
pub fn url_path(text: &str) -> String {
    utf8_percent_encode(text, GRAPH_PATH).to_string()
}

/// How a string literal writes a character above U+FFFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Astral {
    /// `\ud83d\ude00`: Java, which has no longer escape.
    Surrogates,
    /// `\U0001f600`: C#, Go, Python, HCL.
    Long,
    /// `\u{1f600}`: JavaScript.
    Braced,
}

/// The escapes C#, Java, Go, Python and JavaScript share. Other non-ASCII characters are
/// written as `\uXXXX`, which all of them read; `\u2028` in particular must not appear raw
/// in older JavaScript. Characters above U+FFFF take each language's own form: Go rejects
/// a surrogate escape and Python reads it as two lone surrogates.
fn c_like(text: &str, delimiter: char, astral: Astral, escape_script_end: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(delimiter);
    let mut previous = None;
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' | '\'' if c == delimiter => {
                out.push('\\');
                out.push(c);
            }
            // `</script>` inside a page's inline script would end it; `<\/` reads the same.
            '/' if escape_script_end && previous == Some('<') => out.push_str("\\/"),
            ' '..='~' => out.push(c),
            '\u{10000}'.. if astral == Astral::Long => out.push_str(&format!("\\U{:08x}", u32::from(c))),
            '\u{10000}'.. if astral == Astral::Braced => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
        previous = Some(c);
    }
    out.push(delimiter);
    out
}

/// An object literal's property name: bare when it is a plain identifier, else quoted
/// with `quote` (JavaScript objects, PowerShell hashtables).
pub fn property_key(name: &str, quote: fn(&str) -> String) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { name.to_string() } else { quote(name) }
}

/// An identifier from data: ASCII letters, digits and `_` only, never starting with a
/// digit, never empty.
pub fn identifier(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `displayName` / `identity-api_connector` → `DisplayName` / `IdentityApiConnector`.
pub fn pascal(text: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    identifier(&out)
}

/// `displayName` → `displayName`, `@odata.type` → `odataType`.
pub fn camel(text: &str) -> String {
    let pascal = pascal(text);
    let mut chars = pascal.chars();
    match chars.next() {
        Some(first) => identifier(&(first.to_ascii_lowercase().to_string() + chars.as_str())),
        None => identifier(""),
    }
}

/// `identityApiConnector` → `identity_api_connector`; `office365` stays one word.
pub fn snake(text: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            previous_lower = true;
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            previous_lower = false;
        }
    }
    let out = out.trim_matches('_').to_string();
    identifier(&out)
}

/// A dotted or dashed name from the data used as code (a cmdlet, a module): letters,
/// digits, `.`, `-` and `_` only.
pub fn identifier_path(text: &str) -> String {
    let out: String =
        text.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    if out.is_empty() { "_".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Quote = fn(&str) -> String;

    #[test]
    fn literals() {
        let cases: [(Quote, &str, &str); 14] = [
            (csharp, "a\"b\\c\n", r#""a\"b\\c\n""#),
            (python, "it's \"x\"", r#""it's \"x\"""#),
            (javascript, "it's </script>", r"'it\'s <\/script>'"),
            (javascript, "\u{2028}é", r"'\u2028\u00e9'"),
            (javascript, "\u{1F600}", r"'\u{1f600}'"),
            (go, "\u{1F600}", r#""\U0001f600""#),
            (csharp, "\u{1F600}", r#""\U0001f600""#),
            (python, "\u{1F600}é", r#""\U0001f600\u00e9""#),
            (java, "\u{1F600}", r#""\ud83d\ude00""#),
            (java, "\\u000a", r#""\\u000a""#),
            (php, "it's \\ $x", r"'it\'s \\ $x'"),
            (powershell, "it's \u{2019}$x", "'it''s \u{2019}\u{2019}$x'"),
            (shell, "it's $(x)", r"'it'\''s $(x)'"),
            (hcl, "${x} %{y} \"", r#""$${x} %%{y} \"""#),
        ];
        for (quote, input, expected) in cases {
            assert_eq!(quote(input), expected, "{input:?}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(pascal("identityApiConnector"), "IdentityApiConnector");
        assert_eq!(camel("@odata.type"), "odataType");
        assert_eq!(snake("getOffice365ActiveUserDetail"), "get_office365_active_user_detail");
        assert_eq!(snake("x\"); import os"), "x_import_os");
        assert_eq!(identifier("9lives"), "_9lives");
        assert_eq!(url_path("/a b/{id}\n"), "/a%20b/{id}%0A");
    }
}
