//! What the binary's test files share: where the data sets are, a `graphperm` command
//! with a clean environment, and validation against the repository's JSON Schemas.

#![allow(dead_code, reason = "each test binary uses part of it")]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The synthetic data folder shared by every crate's tests.
pub fn fixture() -> PathBuf {
    graphperm_fixtures::fixture("mini")
}

/// The shared upstream data beside the project.
pub fn shared_data() -> PathBuf {
    graphperm_fixtures::shared_data()
}

/// `graphperm` without `GRAPHPERM_DATA` from the caller's environment, without colour.
pub fn graphperm() -> Command {
    let mut command = Command::cargo_bin("graphperm").unwrap();
    command.env_remove("GRAPHPERM_DATA").env("NO_COLOR", "1");
    command
}

/// Asserts that `value` satisfies `schema/<schema_file>`.
pub fn validate(schema_file: &str, value: &serde_json::Value) {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema").join(schema_file);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let errors: Vec<String> =
        validator.iter_errors(value).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
