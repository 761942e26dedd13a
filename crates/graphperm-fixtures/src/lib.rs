//! Where graphperm's tests and benchmarks find their data, in one place: the synthetic
//! folders under the repository's `fixtures/` and the shared upstream data that sits
//! beside the repository (`../shared/graph-data`).

use std::path::{Path, PathBuf};

/// The environment variable that points the tests at another copy of the shared data.
pub const SHARED_DATA_VARIABLE: &str = "GRAPHPERM_SHARED_DATA";

/// The repository's root folder.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A synthetic data folder under `fixtures/`, e.g. `fixture("mini")`.
///
/// # Panics
/// When the folder does not exist, naming the path looked at.
pub fn fixture(name: &str) -> PathBuf {
    let path = repository_root().join("fixtures").join(name);
    assert!(path.is_dir(), "the fixture folder {} is missing", path.display());
    path
}

/// A copy of the fixture folder `name` in a temporary folder, for a test that adds,
/// replaces or breaks files.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&fixture(name), temp.path());
    temp
}

/// Copies the folder `from` into `to`, recursively.
///
/// # Panics
/// On any I/O error, naming the path.
pub fn copy_tree(from: &Path, to: &Path) {
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|error| panic!("cannot read {}: {error}", from.display()));
    for entry in entries {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            std::fs::create_dir_all(&target)
                .unwrap_or_else(|error| panic!("cannot create {}: {error}", target.display()));
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|error| panic!("cannot copy to {}: {error}", target.display()));
        }
    }
}

/// The shared upstream data (`../shared/graph-data` beside the repository, or the folder
/// named by `GRAPHPERM_SHARED_DATA`).
///
/// # Panics
/// When the folder is missing, with what to do about it: the tests on real data must
/// fail loudly rather than pass on nothing.
pub fn shared_data() -> PathBuf {
    match shared_data_if_present() {
        Ok(path) => path,
        Err(path) => panic!(
            "the shared upstream data is missing at {}: put the shared `graph-data` folder beside the \
             repository (as ../shared/graph-data) or set {SHARED_DATA_VARIABLE} to a copy of it",
            path.display()
        ),
    }
}

/// The shared data folder, or the path where it was looked for.
pub fn shared_data_if_present() -> Result<PathBuf, PathBuf> {
    let path = std::env::var_os(SHARED_DATA_VARIABLE)
        .map(PathBuf::from)
        .unwrap_or_else(|| repository_root().join("../shared/graph-data"));
    if path.join("microsoft-graph-devx-content").is_dir() { Ok(path) } else { Err(path) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mini_fixture_is_a_data_folder() {
        assert!(fixture("mini").join("microsoft-graph-devx-content").is_dir());
    }

    #[test]
    fn a_fixture_copy_holds_every_file() {
        let copy = fixture_copy("mini");
        let permissions = "microsoft-graph-devx-content/permissions/new/permissions.json";
        assert_eq!(
            std::fs::read(copy.path().join(permissions)).unwrap(),
            std::fs::read(fixture("mini").join(permissions)).unwrap()
        );
    }

    #[test]
    #[should_panic(expected = "the fixture folder")]
    fn a_missing_fixture_names_its_path() {
        fixture("no-such-fixture");
    }
}
