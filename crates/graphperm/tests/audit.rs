//! `graphperm audit`, `graphperm import-sp` and `least --granted` with GUIDs, end to end.

mod common;

use common::{graphperm, shared_data};

/// Application roles User.Read.All and RoleManagement.ReadWrite.Directory, a delegated
/// scope given by an unknown GUID, and an Exchange (other resource) entry.
const MANIFEST: &str = r#"{"displayName": "demo", "requiredResourceAccess": [
  {"resourceAppId": "00000003-0000-0000-c000-000000000000", "resourceAccess": [
    {"id": "df021288-bdef-4463-88db-98f22de89214", "type": "Role"},
    {"id": "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", "type": "Role"},
    {"id": "0badc0de-0000-4000-8000-000000000000", "type": "Scope"}]},
  {"resourceAppId": "00000002-0000-0ff1-ce00-000000000000", "resourceAccess": [
    {"id": "dc50a0fb-09a3-484d-be87-e023b12c6440", "type": "Role"}]}]}"#;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn audit_prints_text_json_and_markdown() {
    let temp = tempfile::tempdir().unwrap();
    let manifest = write(temp.path(), "app.json", MANIFEST);
    let run = |format: &str| {
        let output = graphperm()
            .arg("--data")
            .arg(shared_data())
            .arg("audit")
            .arg(&manifest)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let names: Vec<&str> =
        json["permissions"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["RoleManagement.ReadWrite.Directory", "User.Read.All"]);
    assert_eq!(json["permissions"][0]["tier0"], true);
    assert_eq!(json["summary"]["unknown"], 1);
    assert_eq!(json["otherResources"][0]["resourceAppId"], "00000002-0000-0ff1-ce00-000000000000");
    let text = run("text");
    assert!(text.contains("RoleManagement.ReadWrite.Directory  TIER-0 [application]"), "{text}");
    let markdown = run("markdown");
    assert!(markdown.starts_with("### Microsoft Graph permissions audit"), "{markdown}");
    assert!(markdown.contains("| `User.Read.All` | application |"), "{markdown}");
}

#[test]
fn audit_with_calls_exits_4_when_permissions_are_missing() {
    let temp = tempfile::tempdir().unwrap();
    let manifest = write(temp.path(), "app.json", MANIFEST);
    let calls = write(temp.path(), "calls.txt", "GET /users\nPOST /users/{id}/sendMail\n");
    let output = graphperm()
        .arg("--data")
        .arg(shared_data())
        .args(["audit", "--format", "json", "--file"])
        .arg(&calls)
        .arg(&manifest)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", String::from_utf8_lossy(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let application = &json["calls"][0];
    assert_eq!(application["scheme"], "Application");
    assert!(application["missing"].as_array().unwrap().iter().any(|m| m == "Mail.Send"), "{application:#}");
    assert!(
        application["excess"].as_array().unwrap().iter().any(|m| m == "RoleManagement.ReadWrite.Directory")
    );
}

/// `audit` reads its files as `least` does: bytes that are not text are named with their
/// line, not replaced by U+FFFD and matched.
#[test]
fn audit_names_the_line_of_a_calls_file_that_is_not_text() {
    let temp = tempfile::tempdir().unwrap();
    let manifest = write(temp.path(), "app.json", MANIFEST);
    let calls = temp.path().join("calls.txt");
    std::fs::write(&calls, b"GET /users\nGET /users/\xff\n").unwrap();
    let output = graphperm()
        .arg("--data")
        .arg(shared_data())
        .args(["audit", "--file"])
        .arg(&calls)
        .arg(&manifest)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("calls.txt: line 2 is not valid UTF-8 (byte 23)"), "{stderr}");
}

#[test]
fn bad_audit_input_names_the_file_and_json_path() {
    let temp = tempfile::tempdir().unwrap();
    let manifest = write(
        temp.path(),
        "broken.json",
        r#"{"requiredResourceAccess": [{"resourceAppId": "x", "resourceAccess": [{"id": "a", "type": "Owner"}]}]}"#,
    );
    let output = graphperm().arg("--data").arg(shared_data()).arg("audit").arg(&manifest).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("broken.json: at requiredResourceAccess[0].resourceAccess[0].type"), "{stderr}");
}

#[test]
fn import_sp_validates_then_copies_into_the_data_folder() {
    let fixture = graphperm_fixtures::fixture("service-principal").join("graph-sp.json");
    let data = tempfile::tempdir().unwrap();
    let bad = write(
        data.path(),
        "bad.json",
        r#"{"appId": "00000002-0000-0000-c000-000000000000", "appRoles": []}"#,
    );
    let output = graphperm().arg("--data").arg(data.path()).arg("import-sp").arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.json:1:1: at appId"));
    assert!(!data.path().join("graphperm-service-principal.json").exists());

    let output = graphperm().arg("--data").arg(data.path()).arg("import-sp").arg(&fixture).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("2 app roles, 3 delegated scopes, 1 RSC permissions")
    );
    let copied = std::fs::read(data.path().join("graphperm-service-principal.json")).unwrap();
    assert_eq!(copied, std::fs::read(&fixture).unwrap());
}

#[test]
fn least_granted_accepts_guids() {
    let output = graphperm()
        .arg("--data")
        .arg(shared_data())
        .args(["least", "GET /users", "--scheme", "application", "--format", "json"])
        .args(["--granted", "df021288-bdef-4463-88db-98f22de89214"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["granted"]["granted"], serde_json::json!(["User.Read.All"]), "{json:#}");
    assert_eq!(json["granted"]["unknown"], serde_json::json!([]));
}
