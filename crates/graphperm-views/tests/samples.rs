//! Request samples: a golden file per language for the identityApiConnector endpoints,
//! syntax checks (Python, JavaScript, Java, Go, JSON, shell) over a broad sample of the
//! catalogue, and hostile names that must stay inside their string literals and read back
//! unchanged in every language this machine runs.
//!
//! Compared by hand with Microsoft's snippets in
//! `../shared/graph-data/microsoft-graph-docs-contrib/api-reference/v1.0/includes/snippets/`
//! (create, get, list, update, delete, uploadClientCertificate). Differences that matter:
//! - Bodies: Microsoft's examples carry hand-written values ("Test API",
//!   "https://someapi.com/api"); ours are derived from the schema (`Example`,
//!   `https://example.com`, `<password>`, `username value`). Top-level order matches
//!   (displayName, targetUrl, authenticationConfiguration: names, then scalars, then
//!   objects); inside basicAuthentication we follow the schema (password before username)
//!   where Microsoft writes username first. Both pick basicAuthentication for the abstract
//!   authenticationConfiguration and send `@odata.type` for it.
//! - C#: Microsoft's create snippet instantiates the abstract
//!   `ApiAuthenticationConfigurationBase` and passes username/password through
//!   `AdditionalData`; we instantiate `BasicAuthentication` with typed properties (what
//!   the seed page shows and what compiles against SDK v5's models).
//! - Go/Python/PHP strip the braces from key placeholders (`"identityApiConnector-id"`),
//!   C# and Java keep them (`"{identityApiConnector-id}"`), as Microsoft's snippets do.
//!   Microsoft's Java get snippet is still SDK v5 (`apiConnectors("id").buildRequest()`);
//!   ours is v6 (`apiConnectors().byIdentityApiConnectorId(...)`). Microsoft's PHP get
//!   snippet is an old preview (`apiConnectorsById`); ours is v2's `byIdentityApiConnectorId`.
//! - JavaScript: Microsoft puts a concrete GUID in the URL; we keep `{identityApiConnector-id}`.
//!   We assign `let result =` for every call with a result, Microsoft only for reads.
//! - Python: Microsoft writes `'identityApiConnector-id'`, we write double quotes
//!   everywhere; Microsoft's create snippet imports the models as we do.
//! - C#: keys use the .NET SDK's indexer (`ApiConnectors["{identityApiConnector-id}"]`),
//!   as Microsoft's get snippet does; the SDK has no `ByIdentityApiConnectorId` in C#.
//! - PowerShell: the shared data has no cmdlet map, so the cmdlet names are derived (and
//!   say so in a note) and `Import-Module Microsoft.Graph.Identity.SignIns` is missing;
//!   the names match Microsoft's (New-/Get-/Update-/Remove-MgIdentityApiConnector,
//!   Invoke-MgUploadIdentityApiConnectorClientCertificate). Microsoft's list snippet's
//!   `-OutFile $outFileId` is a generator quirk we do not copy. We write single-quoted
//!   strings (no `$` expansion) where Microsoft writes double-quoted ones.
//! - Microsoft's update snippet writes `"@odata.type" = "microsoft.graph.basicAuthentication"`
//!   without `#`; we always write the `#` form.
//! - Azure CLI: Microsoft's CLI tab is the Graph CLI (`mgc identity api-connectors get`);
//!   ours is `az rest`, which needs no extra tool.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use graphperm_core::model::{ApiVersion, Cmdlet, CmdletSource, EndpointId};
use graphperm_core::{Catalogue, DataDir};
use graphperm_views::samples::{
    ClassHome, Language, Object, Primitive, Request, Sample, Step, Value, endpoint_samples, quote, render,
    schema_note,
};

fn shared_data() -> PathBuf {
    graphperm_fixtures::shared_data()
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue::load(&DataDir::new(shared_data())).expect("the shared data loads"))
}

/// The identityApiConnector endpoints of the issue, in the order of Microsoft's docs.
const CONNECTOR_ENDPOINTS: [(&str, &str, &str); 6] = [
    ("create", "POST", "/identity/apiConnectors"),
    ("get", "GET", "/identity/apiConnectors/{id}"),
    ("list", "GET", "/identity/apiConnectors"),
    ("update", "PATCH", "/identity/apiConnectors/{id}"),
    ("delete", "DELETE", "/identity/apiConnectors/{id}"),
    ("uploadClientCertificate", "POST", "/identity/apiConnectors/{id}/uploadClientCertificate"),
];

fn connector(method: &str, path: &str) -> EndpointId {
    catalogue().endpoint(method, path).unwrap_or_else(|| panic!("{method} {path} is in the catalogue"))
}

fn sample(endpoint: EndpointId, version: ApiVersion, language: Language) -> Sample {
    endpoint_samples(catalogue(), endpoint, version)
        .into_iter()
        .find(|sample| sample.language == language)
        .expect("every language has a sample")
}

#[test]
fn connector_golden_files() {
    for language in Language::ALL {
        let mut text = String::new();
        for (label, method, path) in CONNECTOR_ENDPOINTS {
            let sample = sample(connector(method, path), ApiVersion::V1, language);
            writeln!(text, "=== {label}: {method} {path}").unwrap();
            text.push_str(&sample.code);
            for note in &sample.notes {
                writeln!(text, "note: {note}").unwrap();
            }
            text.push('\n');
        }
        insta::assert_snapshot!(format!("connector_{}", language.as_str()), text);
    }
}

#[test]
fn every_language_once_per_endpoint() {
    let samples = endpoint_samples(catalogue(), connector("GET", "/identity/apiConnectors"), ApiVersion::V1);
    let languages: Vec<Language> = samples.iter().map(|sample| sample.language).collect();
    assert_eq!(languages, Language::ALL);
    for language in Language::ALL {
        assert_eq!(Language::parse(language.as_str()), Some(language));
    }
}

#[test]
fn a_sample_serializes_with_the_language_key() {
    let sample = sample(connector("GET", "/identity/apiConnectors"), ApiVersion::V1, Language::CSharp);
    let json = serde_json::to_value(&sample).unwrap();
    assert_eq!(json["language"], "csharp");
    assert_eq!(json["label"], "C#");
    assert_eq!(json["code"], sample.code);
    assert!(json["notes"].is_array());
}

#[test]
fn create_body_uses_a_concrete_authentication_type() {
    let http = sample(connector("POST", "/identity/apiConnectors"), ApiVersion::V1, Language::Http).code;
    let body = json_body_of_http(&http).expect("a create request has a body");
    assert_eq!(body["authenticationConfiguration"]["@odata.type"], "#microsoft.graph.basicAuthentication");
    assert!(body["authenticationConfiguration"].get("username").is_some());
    assert!(body.get("id").is_none(), "the service assigns ids");
    let upload = sample(
        connector("POST", "/identity/apiConnectors/{id}/uploadClientCertificate"),
        ApiVersion::V1,
        Language::Http,
    );
    let body = json_body_of_http(&upload.code).expect("the action has parameters");
    let keys: BTreeSet<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["password", "pkcs12Value"]));
}

#[test]
fn a_path_missing_from_the_schema_still_gets_samples_and_a_note() {
    let catalogue = catalogue();
    let (endpoint, version) = catalogue
        .endpoints
        .iter()
        .enumerate()
        .find_map(|(index, endpoint)| {
            ApiVersion::ALL
                .into_iter()
                .find(|version| !endpoint.resolutions.contains_key(version))
                .map(|version| (index, version))
        })
        .expect("some path is missing from some schema");
    let samples = endpoint_samples(catalogue, endpoint, version);
    assert_eq!(samples.len(), Language::ALL.len());
    // Said once for the set, not under each of the nine languages.
    let note = schema_note(catalogue, endpoint, version).expect("a path missing from the schema has a note");
    assert!(note.contains("not in the"), "{note}");
    assert!(samples.iter().all(|sample| sample.notes.iter().all(|own| own != &note)));
    let resolved = catalogue.endpoints[endpoint].resolutions.keys().next().copied();
    if let Some(resolved) = resolved {
        assert_eq!(schema_note(catalogue, endpoint, resolved), None);
    }
}

/// The first read and the first write endpoint of every permission, in every version
/// whose schema has it (and v1.0 when none has): a broad, varied set.
fn broad_sample() -> Vec<(EndpointId, ApiVersion)> {
    let catalogue = catalogue();
    let mut chosen = BTreeSet::new();
    for permission in &catalogue.permissions {
        let endpoints: Vec<EndpointId> = permission.grants.iter().map(|grant| grant.endpoint).collect();
        let read = endpoints.iter().find(|&&id| catalogue.endpoints[id].method == "GET");
        let write = endpoints.iter().find(|&&id| catalogue.endpoints[id].method != "GET");
        for &id in read.into_iter().chain(write) {
            let versions = catalogue.endpoints[id].versions();
            if versions.is_empty() {
                chosen.insert((id, ApiVersion::V1));
            }
            for version in versions {
                chosen.insert((id, version));
            }
        }
    }
    chosen.into_iter().collect()
}

#[test]
fn broad_sample_passes_the_syntax_checks() {
    let samples: Vec<(String, Vec<Sample>)> = broad_sample()
        .into_iter()
        .map(|(id, version)| {
            let endpoint = &catalogue().endpoints[id];
            (
                format!("{} {} ({version})", endpoint.method, endpoint.path),
                endpoint_samples(catalogue(), id, version),
            )
        })
        .collect();
    assert!(samples.len() > 500, "the sample covers many endpoints: {}", samples.len());
    let mut with_body = 0;
    let mut python = Vec::new();
    let mut javascript = Vec::new();
    let mut shell = Vec::new();
    let mut java = Vec::new();
    let mut go = Vec::new();
    for (label, set) in &samples {
        for sample in set {
            assert!(!sample.code.trim().is_empty(), "{label}: empty {} sample", sample.language.label());
            match sample.language {
                Language::Http => {
                    if let Some(body) = json_body_of_http(&sample.code) {
                        with_body += usize::from(body.as_object().is_some_and(|object| !object.is_empty()));
                    }
                }
                Language::Python => python.push((label.clone(), sample.code.clone())),
                Language::JavaScript => javascript.push((label.clone(), sample.code.clone())),
                Language::AzureCli => shell.push((label.clone(), sample.code.clone())),
                Language::Java => java.push((label.clone(), sample.code.clone())),
                Language::Go => go.push((label.clone(), sample.code.clone())),
                _ => {}
            }
        }
    }
    assert!(with_body > 100, "many write samples carry a schema-built body: {with_body}");
    check_python(&python);
    check_javascript(&javascript);
    check_shell(&shell);
    check_java(&java);
    check_go(&go);
}

#[test]
fn connector_samples_pass_the_syntax_checks() {
    let mut python = Vec::new();
    let mut javascript = Vec::new();
    let mut shell = Vec::new();
    let mut java = Vec::new();
    let mut go = Vec::new();
    for (label, method, path) in CONNECTOR_ENDPOINTS {
        let endpoint = connector(method, path);
        python.push((label.to_string(), sample(endpoint, ApiVersion::V1, Language::Python).code));
        javascript.push((label.to_string(), sample(endpoint, ApiVersion::V1, Language::JavaScript).code));
        shell.push((label.to_string(), sample(endpoint, ApiVersion::V1, Language::AzureCli).code));
        java.push((label.to_string(), sample(endpoint, ApiVersion::V1, Language::Java).code));
        go.push((label.to_string(), sample(endpoint, ApiVersion::V1, Language::Go).code));
        let http = sample(endpoint, ApiVersion::V1, Language::Http).code;
        assert_eq!(json_body_of_http(&http).is_some(), method != "GET" && method != "DELETE", "{label}");
    }
    check_python(&python);
    check_javascript(&javascript);
    check_shell(&shell);
    check_java(&java);
    check_go(&go);
}

/// Text that tries to leave every kind of literal: quotes of each language, backslashes,
/// `$` and `${}` expansion, backticks, newlines, `</script>`, U+2028 and the typographic
/// quotes PowerShell treats as `'`.
const HOSTILE: &str = "x'\"\\`$(touch /tmp/pwned)${HOME}\n\r\t</script>\u{2028}\u{2018}\u{2019}é\u{1F600}";

fn hostile_request<'a>(cmdlet: &'a Cmdlet, ends_with_action: bool) -> Request<'a> {
    let string = |text: &str| Value::Primitive { kind: Primitive::String, text: text.to_string() };
    let nested = Object {
        type_name: HOSTILE.to_string(),
        declared_type: HOSTILE.to_string(),
        home: ClassHome::Models,
        odata_type: Some(HOSTILE.to_string()),
        fields: vec![(HOSTILE.to_string(), string(HOSTILE))],
    };
    let mut steps = vec![
        Step::Navigation { name: HOSTILE.to_string() },
        Step::Key { entity: HOSTILE.to_string(), placeholder: HOSTILE.to_string() },
        Step::AlternateKey {
            collection: HOSTILE.to_string(),
            arguments: vec![(HOSTILE.to_string(), HOSTILE.to_string())],
        },
        Step::Cast { type_name: HOSTILE.to_string() },
        Step::Function {
            name: HOSTILE.to_string(),
            parameters: vec![(HOSTILE.to_string(), HOSTILE.to_string())],
            returns_collection: false,
        },
        Step::ItemWithPath { name: HOSTILE.to_string(), path: HOSTILE.to_string() },
    ];
    if ends_with_action {
        steps.push(Step::Action {
            name: HOSTILE.to_string(),
            parameters: vec![(HOSTILE.to_string(), "Edm.String".to_string())],
            returns: Some(format!("Collection({HOSTILE})")),
        });
    }
    Request {
        method: "POST".to_string(),
        version: ApiVersion::Beta,
        path: format!("/{HOSTILE}/{{{HOSTILE}}}"),
        steps,
        body: Some(Object {
            type_name: HOSTILE.to_string(),
            declared_type: HOSTILE.to_string(),
            home: if ends_with_action { ClassHome::RequestBuilder } else { ClassHome::Models },
            odata_type: Some(HOSTILE.to_string()),
            fields: vec![
                (HOSTILE.to_string(), string(HOSTILE)),
                (
                    "list".to_string(),
                    Value::List(vec![Value::Enum {
                        type_name: HOSTILE.to_string(),
                        member: HOSTILE.to_string(),
                    }]),
                ),
                ("objects".to_string(), Value::List(vec![Value::Object(nested.clone())])),
                ("nested".to_string(), Value::Object(nested)),
                (
                    "when".to_string(),
                    Value::Primitive { kind: Primitive::DateTimeOffset, text: HOSTILE.to_string() },
                ),
            ],
        }),
        stream_body: false,
        has_result: true,
        cmdlet: Some(cmdlet),
    }
}

#[test]
fn hostile_names_stay_inside_their_literals() {
    let cmdlet = Cmdlet {
        name: HOSTILE.to_string(),
        source: CmdletSource::Metadata,
        module: Some(HOSTILE.to_string()),
        version_unconfirmed: false,
    };
    for ends_with_action in [false, true] {
        let request = hostile_request(&cmdlet, ends_with_action);
        let label = format!("hostile (action: {ends_with_action})");
        check_python(&[(label.clone(), render(&request, Language::Python).code)]);
        check_javascript(&[(label.clone(), render(&request, Language::JavaScript).code)]);
        check_java(&[(label.clone(), render(&request, Language::Java).code)]);
        check_go(&[(label.clone(), render(&request, Language::Go).code)]);
        let http = render(&request, Language::Http).code;
        assert_eq!(http.lines().next().unwrap().split(' ').count(), 2, "one request line: {http}");
        let body = json_body_of_http(&http).expect("the body parses");
        assert_eq!(body[HOSTILE], HOSTILE);
        // The shell gets the body back unchanged: nothing expands, nothing ends the word.
        let shell = render(&request, Language::AzureCli).code;
        let arguments = shell_arguments(&shell);
        let body_index = arguments.iter().position(|argument| argument == "--body").unwrap();
        let sent: serde_json::Value = serde_json::from_str(&arguments[body_index + 1]).unwrap();
        assert_eq!(sent, body);
        assert!(!Path::new("/tmp/pwned").exists());
        // Raw line breaks would end a string literal in C#, Go and Java (PHP's and
        // PowerShell's single-quoted strings may span lines, so they need no escapes).
        for language in [Language::CSharp, Language::Go, Language::Java] {
            let code = render(&request, language).code;
            assert!(!code.contains('\u{2028}'), "{language:?}: raw U+2028");
            assert!(!code.contains("touch /tmp/pwned)${HOME}\n"), "{language:?}: raw newline from the data");
        }
        // PowerShell: single-quoted (no `$` expansion), every quote PowerShell reads as `'`
        // doubled.
        let powershell = render(&request, Language::PowerShell).code;
        let expected = format!(
            "'{}'",
            HOSTILE
                .replace('\'', "''")
                .replace('\u{2018}', "\u{2018}\u{2018}")
                .replace('\u{2019}', "\u{2019}\u{2019}")
        );
        assert!(powershell.contains(&expected), "{powershell}");
        assert!(!powershell.contains(&format!("\"{HOSTILE}")), "no double-quoted data: {powershell}");
    }
}

/// Every language the machine can run reads the hostile string back from its literal,
/// character for character, including the one outside the Basic Multilingual Plane
/// (which Go rejects as a surrogate pair and Python turns into two lone surrogates).
#[test]
fn hostile_literals_read_back_in_every_runnable_language() {
    let expected: Vec<u32> = HOSTILE.chars().map(u32::from).collect();
    let folder = tempfile::tempdir().unwrap();
    let programs: [(&str, &str, String, Vec<&str>); 4] = [
        (
            "Python",
            "read.py",
            format!("print([ord(c) for c in {}])\n", quote::python(HOSTILE)),
            vec!["python3"],
        ),
        (
            "JavaScript",
            "read.js",
            format!(
                "console.log(Array.from({}, (c) => c.codePointAt(0)).join(' '));\n",
                quote::javascript(HOSTILE)
            ),
            vec!["node"],
        ),
        (
            "Java",
            "Read.java",
            format!(
                "class Read {{ public static void main(String[] a) {{ {}.codePoints().forEach(System.out::println); }} }}\n",
                quote::java(HOSTILE)
            ),
            vec!["java"],
        ),
        (
            "Go",
            "read.go",
            format!(
                "package main\n\nimport \"fmt\"\n\nfunc main() {{\n\tfor _, r := range {} {{\n\t\tfmt.Println(r)\n\t}}\n}}\n",
                quote::go(HOSTILE)
            ),
            vec!["go", "run"],
        ),
    ];
    for (language, file, program, command) in programs {
        let path = folder.path().join(file);
        std::fs::write(&path, &program).unwrap();
        let output = Command::new(command[0])
            .args(&command[1..])
            .arg(&path)
            .env("GOCACHE", folder.path().join("go-cache"))
            .output()
            .unwrap_or_else(|error| panic!("{language}: {} runs: {error}", command[0]));
        assert!(
            output.status.success(),
            "{language}:\n{program}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let read: Vec<u32> = String::from_utf8_lossy(&output.stdout)
            .split(|c: char| !c.is_ascii_digit())
            .filter(|number| !number.is_empty())
            .map(|number| number.parse().unwrap())
            .collect();
        assert_eq!(read, expected, "{language} reads {program}");
    }
}

/// The JSON body after the blank line of a raw HTTP sample.
fn json_body_of_http(http: &str) -> Option<serde_json::Value> {
    let (headers, body) = http.split_once("\n\n")?;
    if headers.contains("application/octet-stream") {
        return None;
    }
    Some(
        serde_json::from_str(body)
            .unwrap_or_else(|error| panic!("JSON body does not parse: {error}\n{body}")),
    )
}

/// Runs `python3 -m py_compile` over every sample, each wrapped in an `async def`.
fn check_python(samples: &[(String, String)]) {
    let mut source = String::new();
    for (index, (_, code)) in samples.iter().enumerate() {
        writeln!(source, "async def sample_{index}():").unwrap();
        for line in code.lines() {
            writeln!(source, "    {line}").unwrap();
        }
        source.push_str("    pass\n\n");
    }
    run_checker("py", &source, samples, |path| {
        Command::new("python3").arg("-m").arg("py_compile").arg(path).output()
    });
}

/// Runs `node --check` over every sample, each wrapped in an `async function`.
fn check_javascript(samples: &[(String, String)]) {
    let mut source = String::new();
    for (index, (_, code)) in samples.iter().enumerate() {
        writeln!(source, "async function sample_{index}() {{\n{code}\n}}\n").unwrap();
    }
    run_checker("js", &source, samples, |path| Command::new("node").arg("--check").arg(path).output());
}

/// Runs `javac` over every Java sample, each in its own class, and fails on parse errors
/// only: the SDK is not on the class path, so unresolved symbols are expected. (javac
/// stops after parsing when any file has a syntax error.) Java expands `\uXXXX` before
/// lexing, which makes it the language where an escaping slip breaks a literal.
fn check_java(samples: &[(String, String)]) {
    let folder = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (index, (_, code)) in samples.iter().enumerate() {
        let (imports, statements): (Vec<&str>, Vec<&str>) =
            code.lines().partition(|line| line.starts_with("import "));
        let source = format!(
            "{}\nclass Sample{index} {{\n void run() throws Exception {{\n{}\n }}\n}}\n",
            imports.join("\n"),
            statements.join("\n")
        );
        let path = folder.path().join(format!("Sample{index}.java"));
        std::fs::write(&path, source).unwrap();
        files.push(path);
    }
    let output = Command::new("javac")
        .arg("-Xmaxerrs")
        .arg("1000000")
        .arg("-d")
        .arg(folder.path().join("classes"))
        .args(&files)
        .output()
        .expect("javac runs");
    let errors = String::from_utf8_lossy(&output.stderr);
    let parse_errors: Vec<&str> = errors
        .lines()
        .filter(|line| line.contains(": error: "))
        .filter(|line| {
            [
                "expected",
                "illegal ",
                "unclosed ",
                "not a statement",
                "reached end of file",
                "malformed",
                "orphaned",
            ]
            .iter()
            .any(|marker| line.contains(marker))
        })
        .collect();
    assert!(
        parse_errors.is_empty(),
        "javac parse errors in {} samples:\n{}\n--- first samples: {:?}",
        samples.len(),
        errors.lines().take(40).collect::<Vec<_>>().join("\n"),
        samples.iter().take(3).map(|(label, _)| label).collect::<Vec<_>>()
    );
    // Parsing passed, so javac went on to resolve names and found the SDK missing.
    assert!(
        errors.contains("cannot find symbol") || errors.contains("does not exist") || output.status.success(),
        "javac did not get past parsing:\n{}",
        errors.lines().take(40).collect::<Vec<_>>().join("\n")
    );
}

/// Runs `gofmt -e` over every Go sample, each a file of its own (imports must come first)
/// with the statements wrapped in a function. Parsing is all: the SDK is not there, and
/// Go rejects escapes that are no code point (a surrogate pair from UTF-16).
fn check_go(samples: &[(String, String)]) {
    let folder = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (index, (label, code)) in samples.iter().enumerate() {
        let (imports, statements) =
            code.split_once("\n)\n").unwrap_or_else(|| panic!("{label}: a Go sample opens with its imports"));
        let source =
            format!("package samples\n\n{imports}\n)\n\nfunc sample{index}() {{\n{statements}\n}}\n");
        let path = folder.path().join(format!("sample{index}.go"));
        std::fs::write(&path, source).unwrap();
        files.push(path);
    }
    let output = Command::new("gofmt").arg("-e").arg("-l").args(&files).output().expect("gofmt runs");
    assert!(
        output.status.success(),
        "gofmt parse errors in {} samples:\n{}\n--- first samples: {:?}",
        samples.len(),
        String::from_utf8_lossy(&output.stderr).lines().take(40).collect::<Vec<_>>().join("\n"),
        samples.iter().take(3).map(|(label, _)| label).collect::<Vec<_>>()
    );
}

/// Runs `bash -n` over every Azure CLI sample.
fn check_shell(samples: &[(String, String)]) {
    let source: String = samples.iter().map(|(_, code)| format!("{code}\n")).collect();
    run_checker("sh", &source, samples, |path| Command::new("bash").arg("-n").arg(path).output());
}

fn run_checker(
    extension: &str,
    source: &str,
    samples: &[(String, String)],
    run: impl Fn(&Path) -> std::io::Result<std::process::Output>,
) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join(format!("samples.{extension}"));
    std::fs::write(&path, source).unwrap();
    let output = run(&path).expect("the checker runs");
    assert!(
        output.status.success(),
        "{extension} check failed over {} samples:\n{}\n{}\n--- first samples: {:?}",
        samples.len(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
        samples.iter().take(3).map(|(label, _)| label).collect::<Vec<_>>()
    );
}

/// The arguments `az` would receive: the sample runs in bash with `az` replaced by a
/// function that prints them NUL-separated.
fn shell_arguments(sample: &str) -> Vec<String> {
    let script = format!("az() {{ printf '%s\\0' \"$@\"; }}\n{sample}");
    let output = Command::new("bash").arg("-c").arg(script).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .unwrap()
        .split('\0')
        .filter(|argument| !argument.is_empty())
        .map(str::to_string)
        .collect()
}

/// The sendMail sample's message listed `changeKey`, `bodyPreview`, `conversationId` and
/// `conversationIndex`, values the service computes: no body of the shared data's v1.0
/// samples sends a property its description calls read-only, and sendMail's message
/// starts with its subject.
#[test]
fn bodies_leave_out_what_the_service_computes() {
    let catalogue = catalogue();
    let send_mail = catalogue.endpoint("POST", "/me/sendMail").expect("POST /me/sendMail");
    let http = sample(send_mail, ApiVersion::V1, Language::Http).code;
    let body = json_body_of_http(&http).expect("a JSON body");
    let message = body
        .as_object()
        .and_then(|body| body.values().find_map(|value| value.as_object()))
        .expect("a message object");
    let fields: Vec<&str> = message.keys().map(String::as_str).collect();
    assert_eq!(fields.first(), Some(&"subject"), "{http}");
    for computed in ["changeKey", "bodyPreview", "conversationId", "conversationIndex"] {
        assert!(!fields.contains(&computed), "{computed} in {http}");
    }
    // Over every POST and PATCH of v1.0: no top-level field its description calls read-only.
    let schema = catalogue.schema(ApiVersion::V1).unwrap();
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        if !matches!(endpoint.method.as_str(), "POST" | "PATCH") {
            continue;
        }
        let Some(resolution) = endpoint.resolutions.get(&ApiVersion::V1) else { continue };
        // An entity body (a create or an update), not an action's parameters.
        if !matches!(resolution.steps.last(), Some(Step::Navigation { .. } | Step::Key { .. })) {
            continue;
        }
        let Some(resource) = resolution.resource.as_deref() else { continue };
        let Some(body) = json_body_of_http(&sample(id, ApiVersion::V1, Language::Http).code) else {
            continue;
        };
        let Some(body) = body.as_object() else { continue };
        for property in schema.all_properties(resource) {
            let read_only = property
                .description
                .as_deref()
                .is_some_and(|text| text.ends_with("Read-only.") || text.contains(" Read-only. "));
            assert!(
                !(read_only && body.contains_key(&property.name)),
                "{} {}: {} is read-only",
                endpoint.method,
                endpoint.path,
                property.name
            );
        }
    }
}

/// `POST /print/shares/{id}/allowedUsers` adds a reference (the navigation does not
/// contain its users): its samples created a whole user. They call `…/allowedUsers/$ref`
/// with the reference, as removing one calls `…/allowedUsers/{id}/$ref`; a path ending at
/// a value property (`POST /me/responsibilities`) gets no made-up body of its holding
/// type. Checked on every v1.0 endpoint that adds or removes a reference.
#[test]
fn reference_calls_send_a_reference() {
    let catalogue = catalogue();
    let mut seen = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        let Some(resolution) = endpoint.resolutions.get(&ApiVersion::V1) else { continue };
        let method = endpoint.method.to_ascii_uppercase();
        let adds = method == "POST" && resolution.collection;
        let removes = method == "DELETE" && !resolution.collection;
        if !resolution.reference || resolution.operation.is_some() || !(adds || removes) {
            continue;
        }
        if resolution.canonical_path.ends_with("/$ref") || resolution.canonical_path.ends_with("/$count") {
            continue;
        }
        seen += 1;
        let request = graphperm_views::samples::request(catalogue, id, ApiVersion::V1).unwrap();
        assert!(request.path.ends_with("/$ref"), "{} {}", endpoint.method, request.path);
        if adds {
            let body = request.json_body().unwrap();
            assert!(body.contains("\"@odata.id\""), "{} {}: {body}", endpoint.method, endpoint.path);
        } else {
            assert!(request.body.is_none());
        }
    }
    assert!(seen > 50, "{seen}");
    let shares = catalogue.endpoint("POST", "/print/shares/{id}/allowedUsers").expect("in the data");
    let http = sample(shares, ApiVersion::V1, Language::Http).code;
    assert!(http.contains("/allowedUsers/$ref"), "{http}");
    let responsibilities = catalogue.endpoint("POST", "/me/responsibilities").expect("in the data");
    let mut checked = 0;
    for version in [ApiVersion::V1, ApiVersion::Beta] {
        if catalogue.endpoints[responsibilities]
            .resolutions
            .get(&version)
            .is_some_and(|r| r.property.is_some())
        {
            checked += 1;
            let request = graphperm_views::samples::request(catalogue, responsibilities, version).unwrap();
            assert!(request.body.is_none(), "{:?}", request.json_body());
        }
    }
    assert!(checked > 0, "POST /me/responsibilities ends at a value property");
}

/// A GET never sends a body. permissions.json lists `GET /me/findMeetingTimes` and
/// `GET /me/exportPersonalData`, actions the schema POSTs only; their GET samples were
/// built from the action's parameters, a GET with a JSON body. Such an endpoint is not
/// in the schema (`method-not-in-schema`), so its samples follow the path's text. Over
/// every GET endpoint of the data, in both versions.
#[test]
fn no_get_sample_has_a_body() {
    let catalogue = catalogue();
    let mut checked = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        if endpoint.method != "GET" {
            continue;
        }
        for version in [ApiVersion::V1, ApiVersion::Beta] {
            let http = sample(id, version, Language::Http).code;
            assert!(!http.contains("\n\n"), "GET {} ({version:?}) has a body:\n{http}", endpoint.path);
            checked += 1;
        }
    }
    assert!(checked > 10_000, "{checked}");
    for path in ["/me/findMeetingTimes", "/me/exportPersonalData"] {
        let id = catalogue.endpoint("GET", path).unwrap_or_else(|| panic!("GET {path} is in the data"));
        let endpoint = &catalogue.endpoints[id];
        assert!(endpoint.resolutions.is_empty(), "GET {path} is not in the schema");
        assert_eq!(endpoint.schema_method.get(&ApiVersion::V1), Some(&"POST"), "{path}");
    }
    // The action itself, POSTed, stays in the schema with its body.
    let post =
        catalogue.endpoint("POST", "/me/findMeetingTimes").expect("POST /me/findMeetingTimes is in the data");
    assert!(catalogue.endpoints[post].resolutions.contains_key(&ApiVersion::V1));
    let http = sample(post, ApiVersion::V1, Language::Http).code;
    assert!(json_body_of_http(&http).is_some(), "{http}");
}

/// The PowerShell SDK has no `/me` cmdlets: a `/me` call is its `/users/{user-id}` cmdlet
/// with the mandatory -UserId. `GET /me` was `Get-MgUser` alone, which lists every user
/// (403 with User.Read). Over every `/me` endpoint with a cmdlet, in both versions.
#[test]
fn powershell_for_me_names_the_user() {
    let catalogue = catalogue();
    let mut checked = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        if !endpoint.is_me() {
            continue;
        }
        for version in [ApiVersion::V1, ApiVersion::Beta] {
            let code = sample(id, version, Language::PowerShell).code;
            if code.contains("Invoke-MgGraphRequest") {
                continue;
            }
            checked += 1;
            let call = code.lines().find(|line| line.contains("-Mg")).unwrap_or_else(|| panic!("{code}"));
            assert!(
                call.contains(" -UserId $userId"),
                "{} {} ({version:?}): {code}",
                endpoint.method,
                endpoint.path
            );
        }
    }
    assert!(checked > 500, "{checked}");
    let me = catalogue.endpoint("GET", "/me").expect("GET /me is in the data");
    let code = sample(me, ApiVersion::V1, Language::PowerShell).code;
    assert!(code.contains("Get-MgUser -UserId $userId\n"), "{code}");
}

/// A sendMail sample sends something: its message has a subject, a body and a recipient
/// with an address, and no value the service sets (`internetMessageId`). It had subject,
/// importance, inferenceClassification and internetMessageId, and no recipient.
#[test]
fn send_mail_has_a_recipient_and_a_body() {
    let catalogue = catalogue();
    let id = catalogue.endpoint("POST", "/me/sendMail").expect("POST /me/sendMail is in the data");
    let http = sample(id, ApiVersion::V1, Language::Http).code;
    let body = json_body_of_http(&http).expect("sendMail has a body");
    let message = body.get("Message").or_else(|| body.get("message")).unwrap_or_else(|| panic!("{http}"));
    assert!(message.get("subject").is_some(), "{http}");
    assert!(message["body"].get("content").is_some(), "{http}");
    assert_eq!(message["toRecipients"][0]["emailAddress"]["address"], "user@contoso.com", "{http}");
    assert!(message.get("internetMessageId").is_none(), "{http}");
}

/// A beta sample names the beta SDK's client in every language: C#, Go and Java said
/// "graphClient is a GraphServiceClient" (the v1.0 SDK, which has no beta-only builders
/// such as /me/profile) while Python and PHP imported the beta packages. Over every
/// endpoint's first write and read per permission, in both versions.
#[test]
fn beta_samples_name_the_beta_sdk_in_every_language() {
    let mut checked = 0;
    for (id, version) in broad_sample() {
        for version in [version, ApiVersion::Beta] {
            for language in [Language::CSharp, Language::Go, Language::Java, Language::Python, Language::Php]
            {
                let code = sample(id, version, language).code;
                let names_beta = code.to_ascii_lowercase().contains("beta");
                assert_eq!(names_beta, version == ApiVersion::Beta, "{language:?} {version:?}:\n{code}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked}");
}

/// A reference call's PowerShell sample uses the endpoint's own cmdlet, which names the
/// reference call: DELETE /groups/{id}/members/{id} said "No cmdlet is known" while its
/// page listed Remove-MgGroupMember (a name for deleting the object). Over every endpoint
/// and version whose path adds or removes a reference.
#[test]
fn a_reference_call_sample_uses_the_by_ref_cmdlet_its_page_lists() {
    let catalogue = catalogue();
    let mut checked = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        for (version, resolution) in &endpoint.resolutions {
            if !resolution.reference_call(&endpoint.method) {
                continue;
            }
            let Some(cmdlet) = endpoint.cmdlets.get(version) else { continue };
            let powershell = sample(id, *version, Language::PowerShell);
            assert!(cmdlet.name.ends_with("ByRef"), "{} {}: {}", endpoint.method, endpoint.path, cmdlet.name);
            assert!(
                powershell.code.contains(&cmdlet.name),
                "{} {} ({version}): {} not in\n{}",
                endpoint.method,
                endpoint.path,
                cmdlet.name,
                powershell.code
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}

/// An update sends what a person names first, not a create's every property: PATCH
/// /users/{id} sent aboutMe, birthday and hireDate (which the service updates only
/// alone) with deviceEnrollmentLimit 1 (it allows 5 or 1000). Over every PATCH endpoint
/// in both versions: the body is the name-like properties, or one property.
#[test]
fn an_update_body_changes_one_thing() {
    const NAME_LIKE: [&str; 8] =
        ["displayName", "name", "subject", "title", "body", "toRecipients", "start", "end"];
    let catalogue = catalogue();
    let mut checked = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        if endpoint.method != "PATCH" {
            continue;
        }
        for version in [ApiVersion::V1, ApiVersion::Beta] {
            let http = sample(id, version, Language::Http).code;
            let Some(body) = json_body_of_http(&http) else { continue };
            let Some(object) = body.as_object() else { continue };
            let keys: Vec<&str> =
                object.keys().map(String::as_str).filter(|key| !key.starts_with('@')).collect();
            let named = keys.iter().all(|key| NAME_LIKE.contains(key));
            assert!(named || keys.len() <= 1, "PATCH {} ({version:?}): {keys:?}", endpoint.path);
            checked += 1;
        }
    }
    assert!(checked > 1_000, "{checked}");
    let user =
        catalogue.endpoint("PATCH", "/users/{user-id}").expect("PATCH /users/{user-id} is in the data");
    let body = json_body_of_http(&sample(user, ApiVersion::V1, Language::Http).code).expect("a body");
    assert_eq!(
        body.as_object().map(|object| object.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["displayName".to_string()])
    );
}

/// GET …/calendarView is refused without startDateTime and endDateTime: the samples sent
/// the path alone and said nothing. Over every calendarView endpoint: its sample set says
/// which parameters to add; other endpoints get no such note.
#[test]
fn a_calendar_view_says_it_needs_its_dates() {
    let catalogue = catalogue();
    let mut views = 0;
    for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
        let Some(set) = graphperm_views::samples::sample_set(catalogue, id) else { continue };
        let says = set.notes.iter().any(|note| note.contains("startDateTime and endDateTime"));
        let is_view =
            endpoint.method == "GET" && endpoint.path.to_ascii_lowercase().ends_with("/calendarview");
        assert_eq!(says, is_view, "{} {}", endpoint.method, endpoint.path);
        views += usize::from(is_view);
    }
    assert!(views > 5, "{views}");
}
