//! The PowerShell reader: a script's logical lines (backtick continuations), comments,
//! tokens and `$variables`, then `Invoke-MgGraphRequest` requests read directly and other
//! `Verb-Mg…` cmdlets kept by name.

use super::Target;
use crate::least::url::METHODS;

/// Reports each call of `script` to `found` with its line number: a request or cmdlet, or
/// why an `Invoke-MgGraphRequest` could not be read.
pub(super) fn read(script: &str, mut found: impl FnMut(usize, Result<Target, String>)) {
    let mut in_block_comment = false;
    for (number, line) in logical_lines(script) {
        let code = strip_comments(&line, &mut in_block_comment);
        let tokens = tokenize(&code);
        let mut index = 0;
        while index < tokens.len() {
            let token = &tokens[index];
            if token.quoted || !is_mg_cmdlet(&token.text) {
                index += 1;
                continue;
            }
            if is_request_cmdlet(&token.text) {
                let (end, request) = read_request(&tokens, index + 1);
                found(number, request.map(|(method, url)| Target::Request { method, url }));
                index = end;
                continue;
            }
            if !is_session_cmdlet(&token.text) {
                found(number, Ok(Target::Cmdlet { name: token.text.clone() }));
            }
            index += 1;
        }
    }
}

/// Script lines with backtick continuations joined, numbered by their first line.
fn logical_lines(script: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (index, line) in script.lines().enumerate() {
        if current.is_empty() {
            start = index + 1;
        }
        let trimmed = line.trim_end();
        if let Some(continued) = trimmed.strip_suffix('`') {
            current.push_str(continued);
            current.push(' ');
            continue;
        }
        current.push_str(trimmed);
        out.push((start, std::mem::take(&mut current)));
    }
    if !current.is_empty() {
        out.push((start, current));
    }
    out
}

/// Removes `# …` line comments and `<# … #>` block comments outside strings.
fn strip_comments(line: &str, in_block: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if *in_block {
            if c == '#' && chars.peek() == Some(&'>') {
                chars.next();
                *in_block = false;
            }
            continue;
        }
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    out.push(c);
                }
                '<' if chars.peek() == Some(&'#') => {
                    chars.next();
                    *in_block = true;
                }
                '#' => break,
                _ => out.push(c),
            },
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    quoted: bool,
}

/// Splits PowerShell code into words and strings; variables inside double-quoted
/// strings become `{name}` so that they bind to template placeholders.
fn tokenize(code: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() || matches!(c, '(' | ')' | ';' | '|' | '{' | '}' | ',' | '=') {
            chars.next();
            continue;
        }
        if c == '\'' || c == '"' {
            chars.next();
            let mut text = String::new();
            let mut escaped = false;
            for next in chars.by_ref() {
                if escaped {
                    text.push(next);
                    escaped = false;
                    continue;
                }
                if c == '"' && next == '`' {
                    escaped = true;
                    continue;
                }
                if next == c {
                    break;
                }
                text.push(next);
            }
            let text = if c == '"' { expand_variables(&text) } else { text };
            tokens.push(Token { text, quoted: true });
            continue;
        }
        let mut text = String::new();
        while let Some(&next) = chars.peek() {
            if next.is_whitespace() || matches!(next, '(' | ')' | ';' | '|' | ',' | '=' | '\'' | '"') {
                break;
            }
            text.push(next);
            chars.next();
        }
        tokens.push(Token { text, quoted: false });
    }
    tokens
}

/// `"…/users/$id/…"`, `"…/$($user.Id)/…"`, `"${id}"` → `{id}`; OData system segments
/// (`$ref`, `$count`, `$value`, `$batch`, query options) are kept as written.
fn expand_variables(text: &str) -> String {
    const SYSTEM: [&str; 12] = [
        "ref", "count", "value", "batch", "filter", "select", "expand", "top", "skip", "orderby", "search",
        "format",
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(position) = rest.find('$') {
        out.push_str(&rest[..position]);
        let after = &rest[position + 1..];
        if let Some(inner) = after.strip_prefix('(') {
            let mut depth = 1;
            let mut end = inner.len();
            for (index, c) in inner.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = index;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            out.push_str("{var}");
            rest = inner.get(end + 1..).unwrap_or("");
            continue;
        }
        if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            out.push('{');
            out.push_str(&inner[..end]);
            out.push('}');
            rest = inner.get(end + 1..).unwrap_or("");
            continue;
        }
        let name_len =
            after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).unwrap_or(after.len());
        let name = &after[..name_len];
        if name.is_empty() || SYSTEM.contains(&name.to_ascii_lowercase().as_str()) {
            out.push('$');
            rest = after;
            continue;
        }
        out.push('{');
        out.push_str(name);
        out.push('}');
        // `$user.Id` is one value in a string only with `$(...)`; `.Id` stays text, which
        // is how PowerShell expands it too.
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}

/// `Verb-Mg…` with an alphabetic verb, in any case (PowerShell names are
/// case-insensitive).
pub(super) fn is_mg_cmdlet(word: &str) -> bool {
    let Some((verb, noun)) = word.split_once('-') else {
        return false;
    };
    !verb.is_empty()
        && verb.chars().all(|c| c.is_ascii_alphabetic())
        && noun.len() > 2
        && noun.get(..2).is_some_and(|prefix| prefix.eq_ignore_ascii_case("mg"))
        && noun.chars().all(|c| c.is_ascii_alphanumeric())
}

fn is_request_cmdlet(word: &str) -> bool {
    word.eq_ignore_ascii_case("Invoke-MgGraphRequest") || word.eq_ignore_ascii_case("Invoke-MgRestMethod")
}

/// Cmdlets of the SDK's authentication module: they call no Graph API.
fn is_session_cmdlet(word: &str) -> bool {
    const SESSION: [&str; 16] = [
        "Connect-MgGraph",
        "Disconnect-MgGraph",
        "Get-MgContext",
        "Get-MgRequestContext",
        "Set-MgRequestContext",
        "Select-MgProfile",
        "Get-MgProfile",
        "Find-MgGraphCommand",
        "Find-MgGraphPermission",
        "Get-MgEnvironment",
        "Add-MgEnvironment",
        "Set-MgEnvironment",
        "Remove-MgEnvironment",
        "Get-MgGraphOption",
        "Set-MgGraphOption",
        "Invoke-MgGraphRequest",
    ];
    SESSION.iter().any(|name| name.eq_ignore_ascii_case(word))
}

/// Reads `-Method X -Uri Y` (any order, `-Method` defaults to GET; positional Method
/// then Uri) after an `Invoke-MgGraphRequest`, up to the next cmdlet.
fn read_request(tokens: &[Token], start: usize) -> (usize, Result<(String, String), String>) {
    let mut method: Option<String> = None;
    let mut uri: Option<String> = None;
    let mut index = start;
    while index < tokens.len() {
        let token = &tokens[index];
        if !token.quoted && is_mg_cmdlet(&token.text) {
            break;
        }
        if !token.quoted && token.text.starts_with('-') {
            let parameter = token.text.trim_start_matches('-').trim_end_matches(':').to_ascii_lowercase();
            let value = tokens.get(index + 1).map(|t| t.text.clone());
            match parameter.as_str() {
                "method" => {
                    method = value;
                    index += 2;
                }
                "uri" | "url" => {
                    uri = value;
                    index += 2;
                }
                _ => index += 1,
            }
            continue;
        }
        if method.is_none() && METHODS.iter().any(|m| m.eq_ignore_ascii_case(&token.text)) {
            method = Some(token.text.clone());
        } else if uri.is_none() && token.text.contains('/') {
            uri = Some(token.text.clone());
        }
        index += 1;
    }
    let method = method.map(|method| method.trim().to_string());
    let uri = uri.map(|uri| uri.trim().to_string());
    let result = match uri {
        _ if method.as_deref() == Some("") => Err("Invoke-MgGraphRequest with an empty -Method".to_string()),
        Some(uri) if uri.is_empty() => Err("Invoke-MgGraphRequest with an empty -Uri".to_string()),
        Some(uri) if (uri.starts_with('$') || uri.starts_with('{')) && !uri.contains('/') => {
            Err(format!("Invoke-MgGraphRequest with a variable as -Uri ({uri}) cannot be read"))
        }
        Some(uri) => Ok((method.unwrap_or_else(|| "GET".to_string()).to_ascii_uppercase(), uri)),
        None => Err("Invoke-MgGraphRequest without -Uri".to_string()),
    };
    (index, result)
}
