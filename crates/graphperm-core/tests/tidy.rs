//! House-style checks over the whole workspace, run by `cargo test` (after
//! rust-analyzer's tidy tests): every Rust file opens with a `//!` line saying what it is
//! for, and no test carries the ignore attribute.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "target" | "node_modules" | "fixtures" | "snapshots")
                && !name.starts_with('.')
            {
                rust_files(&path, found);
            }
        } else if name.ends_with(".rs") {
            found.push(path);
        }
    }
}

fn workspace_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut found = Vec::new();
    rust_files(&root.join("crates"), &mut found);
    rust_files(&root.join("fuzz"), &mut found);
    assert!(found.len() > 20, "found only {} Rust files", found.len());
    found
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let missing: Vec<String> = workspace_files()
        .into_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a `//!` opening line: {missing:#?}");
}

#[test]
fn no_test_is_ignored() {
    let marker = ["#[", "ignore"].concat();
    let ignored: Vec<String> = workspace_files()
        .into_iter()
        .filter(|path| std::fs::read_to_string(path).unwrap_or_default().contains(&marker))
        .map(|path| path.display().to_string())
        .collect();
    assert!(ignored.is_empty(), "ignored tests in {ignored:#?}");
}
