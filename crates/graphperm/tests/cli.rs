//! The `graphperm` binary end to end: arguments, output formats, exit codes, and the
//! public JSON contract, on the synthetic fixture and on the shared data set.

mod common;

use common::{fixture, graphperm, shared_data, validate};
use predicates::prelude::*;

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("valid JSON on stdout")
}

#[test]
fn show_json_on_the_fixture() {
    let output = graphperm()
        .args(["show", "widget.readwrite.all", "--format", "json", "--data"])
        .arg(fixture())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut value = json_of(&output.stdout);
    validate("permission.schema.json", &value);
    // The data date is the files' modification time here: not a stable fact.
    value["dataDate"] = serde_json::Value::Null;
    insta::assert_json_snapshot!("show_fixture_widget_readwrite_all", value);
}

#[test]
fn show_json_for_api_connectors_on_the_shared_data() {
    let output = graphperm()
        .arg("--data")
        .arg(shared_data())
        .args(["show", "APIConnectors.ReadWrite.All", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let value = json_of(&output.stdout);
    validate("permission.schema.json", &value);
    // Facts only: upstream prose is redacted.
    insta::assert_json_snapshot!("show_shared_api_connectors", value, {
        ".dataDate" => "[date]",
        ".schemes.*.adminDisplayName" => insta::dynamic_redaction(prose),
        ".schemes.*.adminDescription" => insta::dynamic_redaction(prose),
        ".schemes.*.userDisplayName" => insta::dynamic_redaction(prose),
        ".schemes.*.userDescription" => insta::dynamic_redaction(prose),
        ".resources[].description" => insta::dynamic_redaction(prose),
        ".resources[].properties[].description" => insta::dynamic_redaction(prose),
        ".resources[].relationships[].description" => insta::dynamic_redaction(prose),
    });
}

/// Redacts upstream prose but keeps whether it is there (null stays null).
fn prose(
    value: insta::internals::Content,
    _path: insta::internals::ContentPath<'_>,
) -> insta::internals::Content {
    if value.is_nil() { value } else { "[text]".into() }
}

#[test]
fn show_text_and_csv() {
    graphperm()
        .args(["show", "Widget.Read.All"])
        .arg("--data")
        .arg(fixture())
        .assert()
        .success()
        .stdout(predicate::str::contains("11111111-1111-4111-8111-111111111111"))
        .stdout(predicate::str::contains("GET    /widgets/{widget-id}/parts"));
    let output = graphperm()
        .args(["show", "Widget.Read.All", "--format", "csv"])
        .arg("--data")
        .arg(fixture())
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(reader.headers().unwrap().get(1), Some("method"));
    assert_eq!(reader.records().count(), 3);
}

#[test]
fn show_localized_texts_with_english_fallback() {
    let output = graphperm()
        .args(["show", "Widget.Read.All", "--format", "json", "--lang", "de-DE", "--data"])
        .arg(fixture())
        .output()
        .unwrap();
    let value = json_of(&output.stdout);
    assert_eq!(value["lang"], "de-DE");
    assert_eq!(value["schemes"]["DelegatedWork"]["adminDisplayName"], "Alle Widgets lesen");
    // No German text for the application role: English.
    assert_eq!(value["schemes"]["Application"]["adminDisplayName"], "Read all widgets");
}

#[test]
fn unknown_permission_exits_3_with_suggestions() {
    graphperm()
        .args(["show", "Widget.Reed.All"])
        .arg("--data")
        .arg(fixture())
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("no permission named"))
        .stderr(predicate::str::contains("did you mean: Widget.Read.All"));
}

/// The CLI offers what the server's 404 page offers: names within a few edits, not the
/// fuzzy search's best effort (`Read` is in many names but near none).
#[test]
fn unknown_permission_suggests_only_near_names() {
    graphperm()
        .args(["show", "Read"])
        .arg("--data")
        .arg(fixture())
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no permission named"))
        .stderr(predicate::str::contains("did you mean").not());
}

#[test]
fn data_folder_from_flag_or_environment() {
    graphperm().env("GRAPHPERM_DATA", fixture()).args(["show", "Widget.Read"]).assert().success();
    let empty = tempfile::tempdir().unwrap();
    graphperm()
        .env("GRAPHPERM_DATA", fixture())
        .args(["show", "Widget.Read", "--data"])
        .arg(empty.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("graphperm sync"))
        .stderr(predicate::str::contains("--data DIR"));
}

#[test]
fn malformed_data_names_the_file_and_position() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("microsoft-graph-devx-content/permissions/new/permissions.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{\"permissions\": {\"A\": {\"schemes\": 7}}}").unwrap();
    graphperm()
        .args(["show", "A", "--data"])
        .arg(temp.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("permissions.json:1:"))
        .stderr(predicate::str::contains("at permissions.A.schemes"));
}

#[test]
fn export_csv_fills_every_guid_the_data_has() {
    let output =
        graphperm().args(["export", "--format", "csv", "--data"]).arg(shared_data()).output().unwrap();
    assert!(output.status.success());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[2], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let with_id = rows.iter().filter(|row| !row[2].is_empty()).count();
    assert!(rows.len() > 1800, "{}", rows.len());
    assert!(with_id * 100 / rows.len() >= 75, "{with_id}/{}", rows.len());
    let connector =
        rows.iter().find(|row| &row[0] == "APIConnectors.ReadWrite.All" && &row[1] == "Application").unwrap();
    assert_eq!(&connector[2], "1dfe531a-24a6-4f1b-80f4-7a0dc5a0a171");
    assert_eq!(&connector[11], "6");
}

#[test]
fn export_json_to_a_file() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("catalogue.json");
    graphperm()
        .args(["export", "--out"])
        .arg(&out)
        .arg("--data")
        .arg(fixture())
        .assert()
        .success()
        .stdout("");
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(value["permissionCount"], 5);
    for permission in value["permissions"].as_array().unwrap() {
        validate("permission.schema.json", permission);
    }
}

#[test]
fn search_ranks_names_and_finds_every_kind() {
    let output = graphperm()
        .args(["search", "user.read", "--format", "json", "--limit", "5", "--data"])
        .arg(shared_data())
        .output()
        .unwrap();
    let value = json_of(&output.stdout);
    assert_eq!(value["results"][0]["label"], "User.Read");
    assert_eq!(value["results"][0]["url"], "/permission/User.Read");
    for (query, kind, label) in [
        ("identityApiConnector", "resource", "identityApiConnector"),
        ("Get-MgIdentityApiConnector", "cmdlet", "Get-MgIdentityApiConnector"),
        ("GET /identity/apiConnectors", "endpoint", "GET /identity/apiConnectors"),
        ("APIConectors.ReadWrite.All", "permission", "APIConnectors.ReadWrite.All"),
    ] {
        let output = graphperm()
            .args(["search", query, "--format", "json", "--limit", "3", "--data"])
            .arg(shared_data())
            .output()
            .unwrap();
        let value = json_of(&output.stdout);
        let first = &value["results"][0];
        assert_eq!((first["kind"].as_str(), first["label"].as_str()), (Some(kind), Some(label)), "{query}");
    }
    graphperm().args(["search", "zzzzqqqqxxxx", "--data"]).arg(shared_data()).assert().code(3);
}

#[test]
fn broken_pipe_is_not_an_error() {
    // `graphperm export | head -c 10`: the closed pipe ends the command quietly.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("graphperm"))
        .args(["export", "--data"])
        .arg(shared_data())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!String::from_utf8_lossy(&output.stderr).contains("error"));
}
