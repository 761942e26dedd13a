//! Reading calls from what people have at hand: `METHOD URL` lines, a JSON `$batch`
//! request body, a HAR browser recording and a Microsoft Graph PowerShell script.
//!
//! Every reader is total: bad pieces become [`InputProblem`]s with their source, the rest
//! is still read. Sizes are capped ([`MAX_INPUT_BYTES`], [`MAX_CALLS`]).

use serde_json::Value;

use super::Severity;
use super::url::{METHODS, is_graph_url};

/// Largest input text accepted by one reader, in bytes.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;
/// Most calls read from all inputs together.
pub const MAX_CALLS: usize = 100_000;

/// One call to resolve, before matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallSpec {
    pub target: Target,
    /// Where the call came from, for people: `argument 2`, `line 14`, `batch request 3`,
    /// `HAR entry 7`, `script line 9`.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A request; the method is as written (checked later).
    Request { method: String, url: String },
    /// A Microsoft Graph PowerShell cmdlet, resolved through the catalogue's cmdlet map.
    Cmdlet { name: String },
}

/// A piece of input that could not be read as a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputProblem {
    pub source: String,
    pub message: String,
    /// [`Severity::Note`] for skipped non-Graph requests, else [`Severity::Error`].
    pub severity: Severity,
}

/// Calls and problems read from one or more inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calls {
    pub calls: Vec<CallSpec>,
    pub problems: Vec<InputProblem>,
    /// True once [`MAX_CALLS`] was reached.
    pub truncated: bool,
}

impl Calls {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, target: Target, source: String) {
        if self.calls.len() >= MAX_CALLS {
            if !self.truncated {
                self.truncated = true;
                self.problem(source, format!("more than {MAX_CALLS} calls: the rest is ignored"));
            }
            return;
        }
        self.calls.push(CallSpec { target, source });
    }

    fn problem(&mut self, source: String, message: String) {
        self.problems.push(InputProblem { source, message, severity: Severity::Error });
    }

    fn note(&mut self, source: String, message: String) {
        self.problems.push(InputProblem { source, message, severity: Severity::Note });
    }

    fn too_large(&mut self, what: &str, text: &str) -> bool {
        if text.len() > MAX_INPUT_BYTES {
            self.problem(
                what.to_string(),
                format!("{} bytes is more than the limit of {MAX_INPUT_BYTES}", text.len()),
            );
            return true;
        }
        false
    }

    /// One call given as arguments or a line: `METHOD URL` or just `URL` (GET).
    pub fn add_call(&mut self, text: &str, source: String) {
        match parse_call_line(text) {
            Ok(Some((method, url))) => self.push(Target::Request { method, url }, source),
            Ok(None) => {}
            Err(message) => self.problem(source, message),
        }
    }

    /// One call per line; blank lines and `#` comments are skipped.
    pub fn add_text(&mut self, text: &str, name: &str) {
        if self.too_large(name, text) {
            return;
        }
        for (number, line) in text.lines().enumerate() {
            self.add_call(line, format!("{name} line {}", number + 1));
        }
    }

    /// A JSON `$batch` request body: `{"requests": [{"id", "method", "url"}]}`.
    pub fn add_batch_text(&mut self, text: &str, name: &str) {
        if self.too_large(name, text) {
            return;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(value) => self.add_batch(&value, name),
            Err(error) => self.problem(name.to_string(), format!("not JSON: {error}")),
        }
    }

    pub fn add_batch(&mut self, body: &Value, name: &str) {
        let Some(requests) = body.get("requests").and_then(Value::as_array) else {
            self.problem(name.to_string(), "a $batch body needs a \"requests\" array".to_string());
            return;
        };
        for (index, request) in requests.iter().enumerate() {
            let id = request
                .get("id")
                .map(|id| match id {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .unwrap_or_else(|| (index + 1).to_string());
            let source = format!("{name} request {id}");
            let method = request.get("method").and_then(Value::as_str).unwrap_or("GET");
            match request.get("url").and_then(Value::as_str) {
                Some(url) => {
                    self.push(Target::Request { method: method.to_string(), url: url.to_string() }, source)
                }
                None => self.problem(source, "batch request without a \"url\"".to_string()),
            }
        }
    }

    /// A HAR recording: every request to a Graph host; `$batch` requests are opened.
    pub fn add_har_text(&mut self, text: &str, name: &str) {
        if self.too_large(name, text) {
            return;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(value) => self.add_har(&value, name),
            Err(error) => self.problem(name.to_string(), format!("not JSON: {error}")),
        }
    }

    pub fn add_har(&mut self, har: &Value, name: &str) {
        let Some(entries) = har.pointer("/log/entries").and_then(Value::as_array) else {
            self.problem(name.to_string(), "a HAR file needs log.entries".to_string());
            return;
        };
        let mut skipped = 0usize;
        for (index, entry) in entries.iter().enumerate() {
            let source = format!("{name} entry {}", index + 1);
            let request = entry.get("request");
            let method = request.and_then(|r| r.get("method")).and_then(Value::as_str).unwrap_or("GET");
            let Some(url) = request.and_then(|r| r.get("url")).and_then(Value::as_str) else {
                self.problem(source, "HAR entry without request.url".to_string());
                continue;
            };
            if !url.contains("://") || !is_graph_url(url) {
                skipped += 1;
                continue;
            }
            if method.eq_ignore_ascii_case("OPTIONS") {
                // CORS preflights are not calls.
                continue;
            }
            let path = url.split(['?', '#']).next().unwrap_or(url);
            if path.trim_end_matches('/').ends_with("/$batch") {
                let body = request
                    .and_then(|r| r.pointer("/postData/text"))
                    .and_then(Value::as_str)
                    .and_then(|text| serde_json::from_str::<Value>(text).ok());
                match body {
                    Some(body) => self.add_batch(&body, &source),
                    None => self.problem(source, "$batch request without a readable body".to_string()),
                }
                continue;
            }
            self.push(Target::Request { method: method.to_string(), url: url.to_string() }, source);
        }
        if skipped > 0 {
            self.note(name.to_string(), format!("{skipped} requests to other hosts skipped"));
        }
    }

    /// A PowerShell script: `Invoke-MgGraphRequest -Method X -Uri Y` read directly, other
    /// `Verb-Mg…` cmdlets kept by name for the catalogue's cmdlet map.
    pub fn add_powershell(&mut self, script: &str, name: &str) {
        if self.too_large(name, script) {
            return;
        }
        let mut in_block_comment = false;
        for (number, line) in logical_lines(script) {
            let source = format!("{name} line {number}");
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
                    match request {
                        Ok((method, url)) => self.push(Target::Request { method, url }, source.clone()),
                        Err(message) => self.problem(source.clone(), message),
                    }
                    index = end;
                    continue;
                }
                if !is_session_cmdlet(&token.text) {
                    self.push(Target::Cmdlet { name: token.text.clone() }, source.clone());
                }
                index += 1;
            }
        }
    }
}

/// `METHOD URL [HTTP/1.1]` or `URL`. `Ok(None)` for blank lines and comments.
pub fn parse_call_line(line: &str) -> Result<Option<(String, String)>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (first, rest) = match line.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (line, ""),
    };
    let is_word = first.chars().all(|c| c.is_ascii_alphabetic());
    if !is_word {
        return Ok(Some(("GET".to_string(), strip_http_version(line).to_string())));
    }
    let method = first.to_ascii_uppercase();
    if !METHODS.contains(&method.as_str()) {
        return Err(format!("unknown HTTP method {first} (expected {})", METHODS.join(", ")));
    }
    if rest.is_empty() {
        return Err(format!("{method} without a URL"));
    }
    Ok(Some((method, strip_http_version(rest).to_string())))
}

fn strip_http_version(text: &str) -> &str {
    match text.rsplit_once(char::is_whitespace) {
        Some((url, version)) if version.to_ascii_uppercase().starts_with("HTTP/") => url.trim(),
        _ => text.trim(),
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

/// What kind of input a pasted text is, for a form that accepts any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// `METHOD URL` lines.
    Text,
    /// A JSON `$batch` request body.
    Batch,
    /// A HAR recording.
    Har,
    /// A Microsoft Graph PowerShell script.
    PowerShell,
}

impl InputFormat {
    /// The form's and the API's name: `text`, `batch`, `har` or `ps1`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Batch => "batch",
            InputFormat::Har => "har",
            InputFormat::PowerShell => "ps1",
        }
    }

    /// Guesses the kind: JSON with `log` is HAR, other JSON a `$batch` body, text with a
    /// `Verb-Mg…` cmdlet (the rule the PowerShell reader itself applies) PowerShell,
    /// anything else `METHOD URL` lines.
    pub fn detect(input: &str) -> InputFormat {
        let trimmed = input.trim_start();
        if trimmed.starts_with('{') {
            return match serde_json::from_str::<serde_json::Value>(trimmed) {
                Ok(value) if value.get("log").is_some() => InputFormat::Har,
                _ => InputFormat::Batch,
            };
        }
        let is_separator = |c: char| c.is_whitespace() || "=()|;{}".contains(c);
        if input.split(is_separator).any(is_mg_cmdlet) { InputFormat::PowerShell } else { InputFormat::Text }
    }
}

fn is_mg_cmdlet(word: &str) -> bool {
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

#[cfg(test)]
mod detect_tests {
    use super::InputFormat;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(InputFormat::detect(input).as_str(), expected, "{input}");
    }

    #[test]
    fn formats_are_detected() {
        check("GET /me\nPOST /users", "text");
        check("https://graph.microsoft.com/v1.0/me/messages", "text");
        check(r#"{"requests":[{"id":"1","method":"GET","url":"/me"}]}"#, "batch");
        check(r#"{"log":{"entries":[]}}"#, "har");
        check("$user = Get-MgUser -UserId $id\nNew-MgGroup -DisplayName x", "ps1");
        check("GET /me/drive-items", "text");
        // PowerShell names are case-insensitive, as the reader treats them.
        check("get-mguser -UserId $id", "ps1");
        check("$users = (get-mguser -All);", "ps1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requests(calls: &Calls) -> Vec<String> {
        calls
            .calls
            .iter()
            .map(|call| match &call.target {
                Target::Request { method, url } => format!("{method} {url} [{}]", call.source),
                Target::Cmdlet { name } => format!("cmdlet {name} [{}]", call.source),
            })
            .collect()
    }

    fn problems(calls: &Calls) -> Vec<String> {
        calls.problems.iter().map(|p| format!("{}: {}", p.source, p.message)).collect()
    }

    #[test]
    fn text_lines() {
        let mut calls = Calls::new();
        calls.add_text(
            "# my app\n\nGET /me\npatch https://graph.microsoft.com/v1.0/users/x HTTP/1.1\n/groups?$filter=displayName eq 'a b'\nFETCH /x\nPOST\n",
            "file",
        );
        assert_eq!(
            requests(&calls),
            vec![
                "GET /me [file line 3]",
                "PATCH https://graph.microsoft.com/v1.0/users/x [file line 4]",
                "GET /groups?$filter=displayName eq 'a b' [file line 5]",
            ]
        );
        assert_eq!(
            problems(&calls),
            vec![
                "file line 6: unknown HTTP method FETCH (expected GET, POST, PUT, PATCH, DELETE)",
                "file line 7: POST without a URL",
            ]
        );
    }

    #[test]
    fn batch_body() {
        let mut calls = Calls::new();
        calls.add_batch_text(
            r#"{"requests":[{"id":"1","method":"GET","url":"/me"},{"id":2,"url":"users/x/manager"},{"id":"3","method":"POST"}]}"#,
            "batch",
        );
        assert_eq!(
            requests(&calls),
            vec!["GET /me [batch request 1]", "GET users/x/manager [batch request 2]"]
        );
        assert_eq!(problems(&calls), vec!["batch request 3: batch request without a \"url\""]);
        let mut calls = Calls::new();
        calls.add_batch_text("{", "b");
        assert_eq!(calls.problems.len(), 1);
        calls.add_batch_text("[]", "b");
        assert_eq!(calls.problems.len(), 2);
    }

    #[test]
    fn har_recording() {
        let har = r#"{"log":{"entries":[
            {"request":{"method":"GET","url":"https://graph.microsoft.com/v1.0/me?$select=id"}},
            {"request":{"method":"GET","url":"https://login.microsoftonline.com/common/oauth2"}},
            {"request":{"method":"OPTIONS","url":"https://graph.microsoft.com/v1.0/me"}},
            {"request":{"method":"POST","url":"https://graph.microsoft.com/v1.0/$batch",
              "postData":{"text":"{\"requests\":[{\"id\":\"a\",\"method\":\"GET\",\"url\":\"/me/messages\"}]}"}}},
            {"request":{"method":"GET"}}
        ]}}"#;
        let mut calls = Calls::new();
        calls.add_har_text(har, "har");
        assert_eq!(
            requests(&calls),
            vec![
                "GET https://graph.microsoft.com/v1.0/me?$select=id [har entry 1]",
                "GET /me/messages [har entry 4 request a]",
            ]
        );
        assert_eq!(
            problems(&calls),
            vec!["har entry 5: HAR entry without request.url", "har: 1 requests to other hosts skipped"]
        );
    }

    /// Fuzz finding of 2026-11-30 (`least_powershell`): a quoted -Uri that ends at the end
    /// of its line became a request with an empty URL.
    #[test]
    fn powershell_empty_uri_or_method_is_a_problem_not_a_call() {
        let script = "Invoke-MgGraphRequest -Method GET -Uri '\n\nhttps://graph.microsoft.com/v1.0/me'\n\
                      Invoke-MgGraphRequest -Uri ''\n\
                      Invoke-MgGraphRequest -Method '' -Uri /me\n\
                      Invoke-MgGraphRequest -Method ' ' -Uri /me\n";
        let mut calls = Calls::new();
        calls.add_powershell(script, "s.ps1");
        for call in &calls.calls {
            if let Target::Request { method, url } = &call.target {
                assert!(!method.is_empty() && !url.is_empty(), "{call:?}");
            }
        }
        let problems = problems(&calls);
        assert!(
            problems.contains(&"s.ps1 line 1: Invoke-MgGraphRequest with an empty -Uri".to_string()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"s.ps1 line 4: Invoke-MgGraphRequest with an empty -Uri".to_string()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"s.ps1 line 5: Invoke-MgGraphRequest with an empty -Method".to_string()),
            "{problems:?}"
        );
        assert!(
            problems.contains(&"s.ps1 line 6: Invoke-MgGraphRequest with an empty -Method".to_string()),
            "{problems:?}"
        );
    }

    #[test]
    fn powershell_script() {
        let script = r#"
Connect-MgGraph -Scopes "User.Read.All" # sign in
<# Get-MgGroup in a block comment #>
$users = Get-MgUser -All
Invoke-MgGraphRequest -Method POST -Uri "https://graph.microsoft.com/v1.0/groups/$groupId/members/`$ref" -Body $body
Invoke-MgGraphRequest -Uri 'https://graph.microsoft.com/beta/users/$ref' `
    -Method DELETE
Invoke-MgGraphRequest GET "/v1.0/users/$($user.Id)/messages"
Invoke-MgGraphRequest -Method GET -Uri $uri
get-mgbetauser -UserId x | Update-MgUser -UserId y
"#;
        let mut calls = Calls::new();
        calls.add_powershell(script, "s.ps1");
        assert_eq!(
            requests(&calls),
            vec![
                "cmdlet Get-MgUser [s.ps1 line 4]",
                "POST https://graph.microsoft.com/v1.0/groups/{groupId}/members/$ref [s.ps1 line 5]",
                "DELETE https://graph.microsoft.com/beta/users/$ref [s.ps1 line 6]",
                "GET /v1.0/users/{var}/messages [s.ps1 line 8]",
                "cmdlet get-mgbetauser [s.ps1 line 10]",
                "cmdlet Update-MgUser [s.ps1 line 10]",
            ]
        );
        // Multi-byte characters where the `Mg` prefix would be.
        let mut unicode = Calls::new();
        unicode.add_powershell("Get-aÑxy Get-Ñxyz", "s.ps1");
        assert!(unicode.calls.is_empty());
        assert_eq!(
            problems(&calls),
            vec!["s.ps1 line 9: Invoke-MgGraphRequest with a variable as -Uri ($uri) cannot be read"]
        );
    }

    #[test]
    fn limits_hold() {
        let mut calls = Calls::new();
        let text = "GET /me\n".repeat(MAX_CALLS + 5);
        calls.add_text(&text, "big");
        assert_eq!(calls.calls.len(), MAX_CALLS);
        assert_eq!(calls.problems.len(), 1);
    }
}
