//! Where the upstream files live: the data folder in upstream layout
//! `<repository>/<path>`, the list of files the loaders read, and the data date.
//!
//! A data folder is either a snapshot itself (it holds the repository folders) or a sync
//! cache (it holds `current`, a symbolic link or a one-line text file naming the
//! snapshot folder to use, next to `snapshots/`).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use jiff::Timestamp;

/// The manifest file `graphperm sync` writes at the root of each snapshot.
pub const MANIFEST_FILE: &str = "graphperm-manifest.json";

/// One upstream file the catalogue can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpstreamFile {
    /// Folder name of the repository in the data folder (the upstream repository name).
    pub repository: &'static str,
    /// Path inside the repository.
    pub path: &'static str,
    /// A missing required file stops loading; a missing optional one is a warning.
    pub required: bool,
}

impl UpstreamFile {
    /// `<repository>/<path>`, the file's place in a data folder.
    pub fn relative_path(&self) -> String {
        format!("{}/{}", self.repository, self.path)
    }
}

pub const DEVX_CONTENT: &str = "microsoft-graph-devx-content";
pub const METADATA: &str = "msgraph-metadata";
pub const SDK_POWERSHELL: &str = "msgraph-sdk-powershell";

/// The default base URLs `graphperm sync` downloads from: raw files of each repository's
/// default branch on GitHub (the pages link a file's GitHub page from them).
pub const DEFAULT_SOURCES: [(&str, &str); 3] = [
    (DEVX_CONTENT, "https://raw.githubusercontent.com/microsoftgraph/microsoft-graph-devx-content/dev"),
    (METADATA, "https://raw.githubusercontent.com/microsoftgraph/msgraph-metadata/master"),
    (SDK_POWERSHELL, "https://raw.githubusercontent.com/microsoftgraph/msgraph-sdk-powershell/main"),
];

pub const PERMISSIONS: UpstreamFile =
    UpstreamFile { repository: DEVX_CONTENT, path: "permissions/new/permissions.json", required: true };
pub const PROVISIONING: UpstreamFile =
    UpstreamFile { repository: DEVX_CONTENT, path: "permissions/new/provisioningInfo.json", required: false };
pub const DESCRIPTIONS: UpstreamFile = UpstreamFile {
    repository: DEVX_CONTENT,
    path: "permissions/permissions-descriptions.json",
    required: false,
};
pub const SCHEMA_V1: UpstreamFile = UpstreamFile {
    repository: METADATA,
    path: "clean_v10_metadata/cleanMetadataWithDescriptionsv1.0.xml",
    required: false,
};
pub const SCHEMA_BETA: UpstreamFile = UpstreamFile {
    repository: METADATA,
    path: "clean_beta_metadata/cleanMetadataWithDescriptionsbeta.xml",
    required: false,
};
/// The v1.0 schema without docs descriptions, regenerated with every service change:
/// when newer than [`SCHEMA_V1`], its structure is used (see `load::schema_files`).
pub const SCHEMA_V1_STRUCTURAL: UpstreamFile =
    UpstreamFile { repository: METADATA, path: "clean_v10_metadata/cleanMetadata.xml", required: false };
/// The beta schema without docs descriptions (see [`SCHEMA_V1_STRUCTURAL`]).
pub const SCHEMA_BETA_STRUCTURAL: UpstreamFile =
    UpstreamFile { repository: METADATA, path: "clean_beta_metadata/cleanMetadata.xml", required: false };
pub const CMDLET_MAP: UpstreamFile = UpstreamFile {
    repository: SDK_POWERSHELL,
    path: "src/Authentication/Authentication/custom/common/MgCommandMetadata.json",
    required: false,
};

/// Locales of the localized descriptions files (`permissions-descriptions_<locale>.json`).
pub const LOCALES: [&str; 7] = ["de-DE", "es-ES", "fr-FR", "ja-JP", "pt-BR", "ru-RU", "zh-CN"];

/// The localized descriptions files, in the order of [`LOCALES`].
pub const LOCALIZED_DESCRIPTIONS: [UpstreamFile; 7] = [
    localized("permissions/permissions-descriptions_de-DE.json"),
    localized("permissions/permissions-descriptions_es-ES.json"),
    localized("permissions/permissions-descriptions_fr-FR.json"),
    localized("permissions/permissions-descriptions_ja-JP.json"),
    localized("permissions/permissions-descriptions_pt-BR.json"),
    localized("permissions/permissions-descriptions_ru-RU.json"),
    localized("permissions/permissions-descriptions_zh-CN.json"),
];

const fn localized(path: &'static str) -> UpstreamFile {
    UpstreamFile { repository: DEVX_CONTENT, path, required: false }
}

/// Every upstream file the loaders read, required ones first.
pub fn upstream_files() -> Vec<UpstreamFile> {
    let mut files = vec![
        PERMISSIONS,
        PROVISIONING,
        DESCRIPTIONS,
        SCHEMA_V1,
        SCHEMA_BETA,
        SCHEMA_V1_STRUCTURAL,
        SCHEMA_BETA_STRUCTURAL,
        CMDLET_MAP,
    ];
    files.extend(LOCALIZED_DESCRIPTIONS);
    files
}

/// A data folder, resolved to the snapshot the loaders read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    /// The folder the user named (or the default one).
    pub requested: PathBuf,
    /// The snapshot folder holding the repository folders.
    pub root: PathBuf,
}

impl DataDir {
    /// Resolves `dir`: a snapshot itself, or a sync cache whose `current` names one.
    pub fn new(dir: impl Into<PathBuf>) -> DataDir {
        let requested: PathBuf = dir.into();
        let root = resolve_current(&requested).unwrap_or_else(|| requested.clone());
        DataDir { requested, root }
    }

    /// The default data folder: the user's cache folder + `graphperm`, where
    /// `graphperm sync` writes.
    pub fn default_location(cache_dir: Option<PathBuf>) -> PathBuf {
        cache_dir.unwrap_or_else(std::env::temp_dir).join("graphperm")
    }

    pub fn path_of(&self, file: &UpstreamFile) -> PathBuf {
        self.root.join(file.repository).join(file.path)
    }

    /// True when the required files are present.
    pub fn has_data(&self) -> bool {
        self.path_of(&PERMISSIONS).is_file()
    }

    pub fn manifest_path(&self) -> PathBuf {
        self.root.join(MANIFEST_FILE)
    }
}

fn resolve_current(dir: &Path) -> Option<PathBuf> {
    if dir.join(DEVX_CONTENT).is_dir() {
        return None;
    }
    let current = dir.join("current");
    if current.is_dir() {
        return Some(current);
    }
    // A text file holding the snapshot's folder name, relative to `dir`.
    let named = std::fs::read_to_string(&current).ok()?;
    let named = named.trim();
    if named.is_empty() {
        return None;
    }
    let target = dir.join(named);
    target.is_dir().then_some(target)
}

/// The data date: the newest of the files' dates.
///
/// A sync manifest's `dataDate`, else its `files[].lastModifiedRfc3339` or
/// `files[].downloadedAt`, win when present (they carry upstream dates); otherwise the
/// files' modification times. A date that does not parse as RFC 3339 is not a date.
pub fn data_date(dir: &DataDir, files: &[UpstreamFile]) -> Option<Timestamp> {
    if let Some(date) = manifest_date(&dir.manifest_path()) {
        return Some(date);
    }
    let newest = files
        .iter()
        .filter_map(|file| std::fs::metadata(dir.path_of(file)).ok())
        .filter_map(|meta| meta.modified().ok())
        .max()?;
    Timestamp::try_from(newest).ok()
}

fn manifest_date(path: &Path) -> Option<Timestamp> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    if let Some(date) = value.get("dataDate").and_then(|v| v.as_str()).and_then(|v| v.parse().ok()) {
        return Some(date);
    }
    value
        .get("files")?
        .as_array()?
        .iter()
        .filter_map(|file| {
            file.get("lastModifiedRfc3339").or_else(|| file.get("downloadedAt")).and_then(|v| v.as_str())
        })
        .filter_map(|date| date.parse::<Timestamp>().ok())
        .max()
}

/// One file of the sync manifest (`files[]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestFile {
    /// Its upstream date (`lastModifiedRfc3339`).
    pub last_modified: Option<String>,
    /// The URL the sync downloaded it from (`url`, pinned to a commit).
    pub url: Option<String>,
}

/// Per file (`<repository>/<path>`), what the sync manifest says of it; `None` without a
/// readable manifest.
pub fn manifest_files(dir: &DataDir) -> Option<rustc_hash::FxHashMap<String, ManifestFile>> {
    let text = std::fs::read_to_string(dir.manifest_path()).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    let files = value.get("files").and_then(|files| files.as_array()).map(Vec::as_slice).unwrap_or_default();
    let text_of =
        |file: &serde_json::Value, field: &str| file.get(field).and_then(|v| v.as_str()).map(str::to_string);
    let entries = files
        .iter()
        .filter_map(|file| {
            let name = file.get("file")?.as_str()?;
            let entry = ManifestFile {
                last_modified: text_of(file, "lastModifiedRfc3339"),
                url: text_of(file, "url"),
            };
            Some((name.to_string(), entry))
        })
        .collect();
    Some(entries)
}

/// Per file (`<repository>/<path>`), its upstream date from the sync manifest
/// (`files[].lastModifiedRfc3339`); `None` without a readable manifest.
pub fn manifest_file_dates(dir: &DataDir) -> Option<rustc_hash::FxHashMap<String, String>> {
    manifest_field(dir, |file| file.last_modified)
}

/// Per file (`<repository>/<path>`), the URL the sync downloaded it from
/// (`files[].url`, pinned to a commit); `None` without a readable manifest.
pub fn manifest_file_urls(dir: &DataDir) -> Option<rustc_hash::FxHashMap<String, String>> {
    manifest_field(dir, |file| file.url)
}

fn manifest_field(
    dir: &DataDir,
    field: impl Fn(ManifestFile) -> Option<String>,
) -> Option<rustc_hash::FxHashMap<String, String>> {
    let files = manifest_files(dir)?;
    Some(files.into_iter().filter_map(|(name, file)| field(file).map(|value| (name, value))).collect())
}

/// Formats a time as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds); a time outside the
/// years -9999 to 9999 is written as 1970-01-01.
pub fn format_system_time(time: SystemTime) -> String {
    format_timestamp(Timestamp::try_from(time).unwrap_or(Timestamp::UNIX_EPOCH))
}

pub fn format_unix_seconds(seconds: u64) -> String {
    let timestamp = i64::try_from(seconds).ok().and_then(|seconds| Timestamp::from_second(seconds).ok());
    format_timestamp(timestamp.unwrap_or(Timestamp::UNIX_EPOCH))
}

/// RFC 3339 in UTC with whole seconds, the one form every stored date takes.
pub fn format_timestamp(timestamp: Timestamp) -> String {
    timestamp.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_unix_seconds() {
        assert_eq!(format_unix_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_unix_seconds(1_775_448_360), "2026-04-06T04:06:00Z");
        assert_eq!(format_unix_seconds(951_782_400), "2000-02-29T00:00:00Z");
        let late = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(1_775_448_360_999);
        assert_eq!(format_system_time(late), "2026-04-06T04:06:00Z");
    }

    /// The data date is a typed timestamp: the manifest's `dataDate` when it is one,
    /// else the newest file date the manifest gives; text that is no date is ignored.
    #[test]
    fn the_data_date_is_read_as_a_timestamp() {
        let temp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(temp.path());
        let write = |manifest: &str| std::fs::write(dir.manifest_path(), manifest).unwrap();
        let date = || data_date(&dir, &[]).map(format_timestamp);
        write(r#"{"dataDate": "2026-08-03T10:42:36-07:00"}"#);
        assert_eq!(date().as_deref(), Some("2026-08-03T17:42:36Z"), "written in UTC");
        write(
            r#"{"dataDate": "last tuesday", "files": [
                {"lastModifiedRfc3339": "2026-01-02T00:00:00Z"}, {"downloadedAt": "2026-03-04T05:06:07Z"}]}"#,
        );
        assert_eq!(date().as_deref(), Some("2026-03-04T05:06:07Z"));
        write(r#"{"dataDate": "last tuesday"}"#);
        assert_eq!(date(), None, "no date and no files");
    }

    #[test]
    fn resolves_current_file_and_plain_snapshot() {
        let temp = tempfile::tempdir().unwrap();
        let snapshot = temp.path().join("snapshots/one");
        std::fs::create_dir_all(snapshot.join(DEVX_CONTENT)).unwrap();
        std::fs::write(temp.path().join("current"), "snapshots/one\n").unwrap();
        assert_eq!(DataDir::new(temp.path()).root, snapshot);
        assert_eq!(DataDir::new(&snapshot).root, snapshot);
    }
}
