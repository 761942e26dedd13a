//! Where each upstream repository is downloaded from: the raw-file base URL per
//! repository, overridable with `--source REPOSITORY=BASE_URL`.

use std::collections::BTreeMap;

use graphperm_core::data_dir::UpstreamFile;

use crate::error::SyncError;

pub use graphperm_core::data_dir::DEFAULT_SOURCES;

/// Base URL per repository name. Files are fetched as `BASE_URL/<path>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    base_urls: BTreeMap<String, String>,
}

impl Default for Sources {
    fn default() -> Self {
        Sources {
            base_urls: DEFAULT_SOURCES
                .iter()
                .map(|(repository, url)| (repository.to_string(), url.to_string()))
                .collect(),
        }
    }
}

impl Sources {
    /// Every repository served from `base_url/<repository>`: handy for a mirror or a
    /// local `python3 -m http.server` over a folder in the upstream layout.
    pub fn all_under(base_url: &str) -> Sources {
        let base = base_url.trim_end_matches('/');
        Sources {
            base_urls: DEFAULT_SOURCES
                .iter()
                .map(|(repository, _)| (repository.to_string(), format!("{base}/{repository}")))
                .collect(),
        }
    }

    /// Applies one `REPOSITORY=BASE_URL` override.
    pub fn set(&mut self, spec: &str) -> Result<(), SyncError> {
        let invalid = |reason: String| SyncError::InvalidSource { value: spec.to_string(), reason };
        let (repository, url) =
            spec.split_once('=').ok_or_else(|| invalid("expected REPOSITORY=BASE_URL".to_string()))?;
        let repository = repository.trim();
        // Accept `owner/name` too, since that is how people write GitHub repositories.
        let repository = repository.rsplit('/').next().unwrap_or(repository);
        if !self.base_urls.contains_key(repository) {
            let known: Vec<&str> = self.base_urls.keys().map(String::as_str).collect();
            return Err(invalid(format!("unknown repository {repository:?} (known: {})", known.join(", "))));
        }
        let url = url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(invalid("the base URL must start with http:// or https://".to_string()));
        }
        self.base_urls.insert(repository.to_string(), url.to_string());
        Ok(())
    }

    /// The base URL of a repository.
    pub fn base_url(&self, repository: &str) -> Option<&str> {
        self.base_urls.get(repository).map(String::as_str)
    }

    /// The URL of one upstream file.
    pub fn url_of(&self, file: &UpstreamFile) -> Option<String> {
        self.base_url(file.repository).map(|base| format!("{base}/{}", file.path))
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.base_urls.iter().map(|(repository, url)| (repository.as_str(), url.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use graphperm_core::data_dir::METADATA;

    #[test]
    fn overrides_by_repository_name() {
        let mut sources = Sources::default();
        sources.set("microsoftgraph/msgraph-metadata=http://127.0.0.1:8000/meta/").unwrap();
        assert_eq!(sources.base_url(METADATA), Some("http://127.0.0.1:8000/meta"));
        let file = graphperm_core::data_dir::SCHEMA_V1;
        assert_eq!(
            sources.url_of(&file).unwrap(),
            "http://127.0.0.1:8000/meta/clean_v10_metadata/cleanMetadataWithDescriptionsv1.0.xml"
        );
    }

    #[test]
    fn rejects_unknown_repository_and_bad_urls() {
        let mut sources = Sources::default();
        let error = sources.set("nope=https://example.com").unwrap_err();
        assert!(error.to_string().contains("unknown repository \"nope\""), "{error}");
        let error = sources.set("msgraph-metadata").unwrap_err();
        assert!(error.to_string().contains("REPOSITORY=BASE_URL"), "{error}");
        let error = sources.set("msgraph-metadata=ftp://x").unwrap_err();
        assert!(error.to_string().contains("http://"), "{error}");
    }
}
