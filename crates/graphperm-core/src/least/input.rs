//! Reading calls from what people have at hand: `METHOD URL` lines, a JSON `$batch`
//! request body, a HAR browser recording and a Microsoft Graph PowerShell script.
//!
//! Every reader is total: bad pieces become [`InputProblem`]s with their source, the rest
//! is still read. Sizes are capped ([`MAX_INPUT_BYTES`], [`MAX_CALLS`]).

use serde_json::Value;

mod powershell;

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
        powershell::read(script, |number, found| {
            let source = format!("{name} line {number}");
            match found {
                Ok(target) => self.push(target, source),
                Err(message) => self.problem(source, message),
            }
        });
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
        if input.split(is_separator).any(powershell::is_mg_cmdlet) {
            InputFormat::PowerShell
        } else {
            InputFormat::Text
        }
    }
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
