//! `graphperm least` end to end on the shared data: every input kind, both formats, the
//! JSON contract (`schema/least.schema.json`) and the exit codes; and `graphperm lint`.

mod common;

use assert_cmd::Command;
use common::{graphperm, shared_data};
use predicates::prelude::*;

fn least() -> Command {
    let mut command = graphperm();
    command.arg("--data").arg(shared_data()).arg("least");
    command
}

fn validate(value: &serde_json::Value) {
    common::validate("least.schema.json", value);
}

fn json(command: &mut Command) -> (serde_json::Value, i32) {
    let output = command.args(["--format", "json"]).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("JSON on stdout; stderr: {}", String::from_utf8_lossy(&output.stderr)));
    validate(&value);
    (value, output.status.code().unwrap_or(-1))
}

#[test]
fn arguments_in_json_exit_zero_when_everything_is_covered() {
    let (value, code) = json(least().args(["GET", "/me/messages", "PATCH /users/a@contoso.com", "/users"]));
    assert_eq!(code, 0, "{value:#}");
    let calls = value["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0]["template"], "/me/messages");
    assert_eq!(calls[1]["method"], "PATCH");
    assert_eq!(calls[2]["method"], "GET");
    assert!(calls[0]["unsupported"]["Application"].is_string());
    let delegated = value["minimal"]["DelegatedWork"].as_array().unwrap();
    let covered: Vec<u64> =
        delegated.iter().flat_map(|c| c["covers"].as_array().unwrap()).filter_map(|i| i.as_u64()).collect();
    for index in 0..3 {
        assert!(covered.contains(&index), "call {index} not covered: {delegated:?}");
    }
}

#[test]
fn unmatched_call_exits_four_with_suggestions() {
    let (value, code) = json(least().args(["GET /usres/x", "GET /me"]));
    assert_eq!(code, 4);
    assert_eq!(value["calls"][0]["status"], "unmatched");
    assert!(value["calls"][0]["suggestions"].as_array().unwrap().iter().any(|s| s == "GET /users"));
    assert_eq!(value["diagnostics"][0]["severity"], "error");
}

#[test]
fn granted_missing_exits_four() {
    let (value, code) =
        json(least().args(["GET /groups", "--scheme", "application", "--granted", "User.Read.All"]));
    assert_eq!(code, 4);
    let application = &value["granted"]["schemes"]["Application"];
    assert_eq!(application["excess"][0], "User.Read.All");
    assert_eq!(application["notGranted"][0], 0);
    let (_, code) =
        json(least().args(["GET /groups", "--scheme", "application", "--granted", "Group.ReadWrite.All"]));
    assert_eq!(code, 0);
}

#[test]
fn file_from_stdin_batch_har_and_script() {
    let directory = tempfile::tempdir().unwrap();
    let batch = directory.path().join("batch.json");
    std::fs::write(&batch, r#"{"requests":[{"id":"1","method":"GET","url":"/groups/g1/members"}]}"#).unwrap();
    let har = directory.path().join("session.har");
    std::fs::write(
        &har,
        r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://graph.microsoft.com/beta/me/events?$top=5"}},
            {"request":{"method":"GET","url":"https://login.microsoftonline.com/x"}}]}}"#,
    )
    .unwrap();
    let script = directory.path().join("script.ps1");
    std::fs::write(
        &script,
        "Invoke-MgGraphRequest -Method DELETE -Uri \"https://graph.microsoft.com/v1.0/users/$id\"\n",
    )
    .unwrap();
    let (value, code) = json(
        least()
            .args(["--file", "-", "--batch"])
            .arg(&batch)
            .arg("--har")
            .arg(&har)
            .arg("--ps1")
            .arg(&script)
            .write_stdin("# comment\nGET /users\n"),
    );
    assert_eq!(code, 0, "{value:#}");
    let sources: Vec<&str> =
        value["calls"].as_array().unwrap().iter().map(|c| c["source"].as_str().unwrap()).collect();
    assert_eq!(sources, vec!["text line 2", "batch request 1", "har entry 1", "ps1 line 1"]);
    assert_eq!(value["calls"][2]["version"], "beta");
    assert_eq!(value["calls"][3]["template"], "/users/{id}");
    assert!(value["diagnostics"].as_array().unwrap().iter().any(|d| d["severity"] == "note"));
}

#[test]
fn text_output_names_the_minimal_set() {
    least()
        .args(["GET /me", "--scheme", "delegated-work"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Minimal permissions").and(predicate::str::contains("User.Read")));
}

#[test]
fn no_calls_is_a_usage_error() {
    least().assert().code(2).stderr(predicate::str::contains("no calls given"));
}

/// Issue 10: with the default `--scheme all`, a scheme with no candidate no longer
/// counts as satisfied: `GET /groups --granted User.Read.All` exits 4.
#[test]
fn granted_with_every_scheme_exits_four_when_a_capable_scheme_lacks_it() {
    let (value, code) = json(least().args(["GET /groups", "--granted", "User.Read.All"]));
    assert_eq!(code, 4, "{value:#}");
    assert_eq!(value["granted"]["schemes"]["DelegatedWork"]["canMakeAll"], true);
    let (value, code) = json(least().args(["GET /users", "--granted", "Directory.ReadWrite.All"]));
    assert_eq!(code, 0, "{value:#}");
    let broader = &value["granted"]["schemes"]["Application"]["broader"][0];
    assert_eq!(broader["granted"], "Directory.ReadWrite.All");
}

#[test]
fn fewest_says_what_the_broad_permission_grants_beyond_the_calls() {
    let (value, code) = json(least().args(["GET /users", "GET /groups", "GET /devices", "--fewest"]));
    assert_eq!(code, 0);
    assert_eq!(value["objective"], "fewest");
    let chosen = &value["minimal"]["Application"][0];
    assert_eq!(chosen["name"], "Directory.Read.All");
    assert!(chosen["beyond"]["otherEndpoints"].as_u64().unwrap() > 0);
}

#[test]
fn lint_names_file_and_entry() {
    let output = graphperm()
        .arg("--data")
        .arg(shared_data())
        .args(["lint", "--format", "json", "--check", "placeholder"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|finding| finding["entry"] == "permissions.Calendars.ReadBasic.schemes.Application"
                && finding["file"] == "permissions/new/permissions.json")
    );
    assert!(findings.iter().all(|finding| finding["check"] == "placeholder"));
}
