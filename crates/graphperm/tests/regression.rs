//! Regression tests of the binary named after the defects of issue 14 ("Hold under
//! attack and load"), on the shared data, each with a time limit that catches a hang.

mod common;

use std::time::Duration;

use assert_cmd::Command;
use common::{fixture, graphperm, shared_data};
use predicates::prelude::*;

/// Far above what any of these takes; only a hang or a runaway gets here.
const LIMIT: Duration = Duration::from_secs(60);

fn least() -> Command {
    let mut command = graphperm();
    command.timeout(LIMIT).arg("--data").arg(shared_data()).arg("least");
    command
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The issue's pathological segment: four holes of one template and a segment that
/// repeats their separators 178 times (8 KB). The backtracking matcher took 27 s.
fn pathological_call() -> String {
    format!(
        "GET /sites/x/pages/y/getwebpartsbyposition(horizontalsectionid={}",
        ",columnid=,webpartindex=,isinverticalsection=".repeat(178)
    )
}

#[test]
fn defect_1_pathological_segment_is_answered_at_once() {
    let output = least().arg(pathological_call()).args(["--format", "json"]).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    common::validate("least.schema.json", &value);
    // Without its closing parenthesis the segment is no call of that function.
    assert_eq!(value["calls"][0]["status"], "unmatched", "{value:#}");
    assert_eq!(output.status.code(), Some(4));
    // Twice in one input (the issue's 16 KB query), closed this time: both match.
    let closed = format!("{})", pathological_call());
    let output = least().args([&closed, &closed]).args(["--format", "json"]).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    for call in value["calls"].as_array().unwrap() {
        assert_eq!(call["status"], "matched", "{call:#}");
    }
}

#[test]
fn defect_2_cmdlet_lines_past_the_cap_after_expansion_exit_four() {
    let temp = tempfile::tempdir().unwrap();
    let script = write(&temp, "many.ps1", "Get-MgUserCalendarEvent\n".repeat(100_000).as_bytes());
    least()
        .arg("--ps1")
        .arg(&script)
        .assert()
        .code(4)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("too many calls").and(predicate::str::contains("limit of 100000")));
}

#[test]
fn defect_4_unknown_method_exits_four() {
    least().arg("FOO /me").assert().code(4).stdout(predicate::str::contains("unknown HTTP method FOO"));
}

#[test]
fn defect_4_batch_without_a_requests_array_exits_four() {
    let temp = tempfile::tempdir().unwrap();
    let batch = write(&temp, "batch.json", br#"{"requests":"nope"}"#);
    least()
        .arg("--batch")
        .arg(&batch)
        .assert()
        .code(4)
        .stdout(predicate::str::contains("\"requests\" array"));
}

#[test]
fn defect_4_har_entries_without_a_url_exit_four() {
    let temp = tempfile::tempdir().unwrap();
    let har = write(&temp, "r.har", br#"{"log":{"entries":[{"request":{"method":"GET"}},{}]}}"#);
    least().arg("--har").arg(&har).assert().code(4).stdout(predicate::str::contains("without request.url"));
}

#[test]
fn defect_4_binary_garbage_as_a_script_exits_four() {
    let temp = tempfile::tempdir().unwrap();
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let script = write(&temp, "garbage.ps1", &garbage);
    least().arg("--ps1").arg(&script).assert().code(4).stderr(predicate::str::contains("garbage.ps1: line"));
}

#[test]
fn defect_4_invalid_utf8_in_a_file_is_named_with_its_line() {
    let temp = tempfile::tempdir().unwrap();
    let calls = write(&temp, "calls.txt", b"GET /me\nGET /users/\xff\xfe\nGET /groups\n");
    least()
        .arg("--file")
        .arg(&calls)
        .assert()
        .code(4)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("calls.txt: line 2 is not valid UTF-8"));
}

#[test]
fn defect_4_an_input_without_calls_exits_four() {
    let temp = tempfile::tempdir().unwrap();
    let script = write(&temp, "empty.ps1", b"# nothing here\nWrite-Host 'hi'\n");
    least().arg("--ps1").arg(&script).assert().code(4).stderr(predicate::str::contains("no calls"));
}

#[test]
fn defect_4_a_missing_input_file_exits_four() {
    least()
        .args(["--file", "/nonexistent/calls.txt"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot read"));
}

#[test]
fn defect_6_control_characters_of_a_har_url_are_escaped() {
    let temp = tempfile::tempdir().unwrap();
    let har = write(
        &temp,
        "r.har",
        br#"{"log":{"entries":[{"request":{"method":"GET","url":"https://graph.microsoft.com/v1.0/me/\u001b]0;owned\u0007x"}}]}}"#,
    );
    for no_color in [true, false] {
        let mut command = least();
        if !no_color {
            command.env_remove("NO_COLOR");
        }
        let output = command.arg("--har").arg(&har).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!stdout.contains(['\u{1b}', '\u{7}']), "{stdout:?}");
        assert!(stdout.contains("/me/\\u{1b}]0;owned\\u{7}x"), "{stdout}");
    }
}

#[test]
fn defect_8_search_limit_zero_lists_every_match() {
    let all = graphperm()
        .timeout(LIMIT)
        .arg("--data")
        .arg(shared_data())
        .args(["search", "user.read", "--limit", "0"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let default = graphperm()
        .timeout(LIMIT)
        .arg("--data")
        .arg(shared_data())
        .args(["search", "user.read"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let count = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(count(&default), 20);
    assert!(count(&all) > 20, "{}", count(&all));
}

#[test]
fn defect_8_an_io_error_is_printed_once() {
    let temp = tempfile::tempdir().unwrap();
    let file = write(&temp, "plain-file", b"x");
    let output = graphperm()
        .timeout(LIMIT)
        .arg("--data")
        .arg(fixture())
        .arg("site")
        .arg("--out")
        .arg(file.join("site"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches("Not a directory").count(), 1, "{stderr}");
}

/// Issue 11, point 7: 4 meant two things. A failed download is now 6.
#[test]
fn exit_code_of_a_failed_download_is_six() {
    let temp = tempfile::tempdir().unwrap();
    let mut command = graphperm();
    command.timeout(LIMIT).arg("--data").arg(temp.path()).args(["sync", "--attempts", "1", "--timeout", "2"]);
    for repository in ["microsoft-graph-devx-content", "msgraph-metadata", "msgraph-sdk-powershell"] {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        command.arg("--source").arg(format!("{repository}=http://127.0.0.1:1"));
    }
    command.assert().code(6).stderr(predicate::str::contains("The current data in"));
}
