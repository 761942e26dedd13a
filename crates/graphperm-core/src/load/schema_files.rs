//! Picks each API version's schema: the newest structural CSDL file of the data folder
//! resolves paths, and docs descriptions are joined in from the described file by type
//! and member name.
//!
//! msgraph-metadata publishes each version twice: `cleanMetadataWithDescriptions*.xml`
//! (with docs descriptions, updated rarely) and `cleanMetadata.xml` (the same structure
//! without them, regenerated with every service change). The newer one wins the
//! structure; dates come from the sync manifest (`lastModifiedRfc3339`) when the folder
//! has one, else the files' modification times (a copied file's time says nothing of its
//! upstream date, so with a manifest a file it does not list has no known date, and an
//! unknown date never wins). When only one of the two is present, it is used alone.

use std::path::Path;

use rustc_hash::FxHashMap as HashMap;

use crate::data_dir::{self, DataDir, UpstreamFile};
use crate::error::{LoadError, LoadWarning};
use crate::model::ApiVersion;
use crate::schema::Schema;

use super::csdl;

/// Which files a version's schema was built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFiles {
    /// `<repository>/<path>` of the file whose structure (types, paths) is used.
    pub structure: String,
    /// Its date (RFC 3339), from the sync manifest or the file time.
    pub structure_date: Option<String>,
    /// `<repository>/<path>` of the file the descriptions were joined from, when it is
    /// not the structural one.
    pub descriptions: Option<String>,
    pub descriptions_date: Option<String>,
}

/// The (described, structural) pair of files of a version.
pub fn files_of(version: ApiVersion) -> (UpstreamFile, UpstreamFile) {
    match version {
        ApiVersion::V1 => (data_dir::SCHEMA_V1, data_dir::SCHEMA_V1_STRUCTURAL),
        ApiVersion::Beta => (data_dir::SCHEMA_BETA, data_dir::SCHEMA_BETA_STRUCTURAL),
    }
}

/// Reads `version`'s schema from the freshest files present. `Ok(None)` (with a warning)
/// when neither file is there. `dates` are the sync manifest's, if the folder has one.
pub fn read(
    dir: &DataDir,
    version: ApiVersion,
    dates: Option<&HashMap<String, String>>,
    warnings: &mut Vec<LoadWarning>,
) -> Result<Option<(Schema, SchemaFiles)>, LoadError> {
    let (described, structural) = files_of(version);
    let described_path = dir.path_of(&described);
    let structural_path = dir.path_of(&structural);
    let date_of = |file: &UpstreamFile, path: &Path| match dates {
        Some(dates) => dates.get(&file.relative_path()).cloned(),
        None => {
            let modified = std::fs::metadata(path).ok()?.modified().ok()?;
            Some(data_dir::format_system_time(modified))
        }
    };
    match (described_path.is_file(), structural_path.is_file()) {
        (false, false) => {
            warnings.push(LoadWarning {
                message: format!(
                    "optional file {} (or {}) is missing from {}: {} paths are not resolved to resource types",
                    described.relative_path(),
                    structural.relative_path(),
                    dir.root.display(),
                    version
                ),
            });
            Ok(None)
        }
        (true, false) => {
            let schema = parse_file(&described_path, version)?;
            let files = SchemaFiles {
                structure: described.relative_path(),
                structure_date: date_of(&described, &described_path),
                descriptions: None,
                descriptions_date: None,
            };
            Ok(Some((schema, files)))
        }
        (false, true) => {
            warnings.push(LoadWarning {
                message: format!(
                    "optional file {} is missing from {}: {} types have no docs descriptions \
                     (the structure comes from {})",
                    described.relative_path(),
                    dir.root.display(),
                    version,
                    structural.relative_path()
                ),
            });
            let schema = parse_file(&structural_path, version)?;
            let files = SchemaFiles {
                structure: structural.relative_path(),
                structure_date: date_of(&structural, &structural_path),
                descriptions: None,
                descriptions_date: None,
            };
            Ok(Some((schema, files)))
        }
        (true, true) => {
            let described_date = date_of(&described, &described_path);
            let structural_date = date_of(&structural, &structural_path);
            if !is_newer(structural_date.as_deref(), described_date.as_deref()) {
                // The described file is as new: it carries both structure and descriptions.
                let schema = parse_file(&described_path, version)?;
                let files = SchemaFiles {
                    structure: described.relative_path(),
                    structure_date: described_date,
                    descriptions: None,
                    descriptions_date: None,
                };
                return Ok(Some((schema, files)));
            }
            // Both are large: parse them side by side.
            let (structure, descriptions) = std::thread::scope(|scope| {
                let descriptions = scope.spawn(|| parse_file(&described_path, version));
                let structure = parse_file(&structural_path, version);
                (structure, descriptions.join().expect("parsing does not panic"))
            });
            let mut schema = structure?;
            join_descriptions(&mut schema, &descriptions?);
            let files = SchemaFiles {
                structure: structural.relative_path(),
                structure_date: structural_date,
                descriptions: Some(described.relative_path()),
                descriptions_date: described_date,
            };
            Ok(Some((schema, files)))
        }
    }
}

/// True when `candidate` is known to be strictly newer than `current` (an unknown date
/// never wins).
fn is_newer(candidate: Option<&str>, current: Option<&str>) -> bool {
    match (candidate, current) {
        (Some(candidate), Some(current)) => candidate > current,
        (Some(_), None) => true,
        _ => false,
    }
}

fn parse_file(path: &Path, version: ApiVersion) -> Result<Schema, LoadError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: path.to_path_buf(), source })?;
    csdl::parse(&text, version, path)
}

/// Copies docs descriptions from `described` into `schema`: types by full name, then
/// their properties and navigation properties by name, operations by name and binding
/// type (all case-insensitively). A docs description replaces a service-provided one;
/// members the described file does not know keep theirs.
pub fn join_descriptions(schema: &mut Schema, described: &Schema) {
    for ty in &mut schema.types {
        let Some(source) = described.find_type(&ty.full_name()) else {
            continue;
        };
        replace(&mut ty.description, &source.description);
        for property in &mut ty.properties {
            if let Some(found) =
                source.properties.iter().find(|p| p.name.eq_ignore_ascii_case(&property.name))
            {
                replace(&mut property.description, &found.description);
            }
        }
        for navigation in &mut ty.navigation {
            if let Some(found) =
                source.navigation.iter().find(|n| n.name.eq_ignore_ascii_case(&navigation.name))
            {
                replace(&mut navigation.description, &found.description);
            }
        }
    }
    let mut operations: HashMap<(String, String), &Option<String>> = HashMap::default();
    for operation in &described.operations {
        let binding = operation.binding_type.as_deref().unwrap_or_default().to_ascii_lowercase();
        operations.entry((operation.name.to_ascii_lowercase(), binding)).or_insert(&operation.description);
    }
    for operation in &mut schema.operations {
        let binding = operation.binding_type.as_deref().unwrap_or_default().to_ascii_lowercase();
        if let Some(found) = operations.get(&(operation.name.to_ascii_lowercase(), binding)) {
            replace(&mut operation.description, found);
        }
    }
}

fn replace(slot: &mut Option<String>, value: &Option<String>) {
    if let Some(value) = value.as_ref().filter(|value| !value.trim().is_empty()) {
        *slot = Some(value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(body: &str) -> Schema {
        let text = format!(
            r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
            <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">{body}
            </Schema></edmx:DataServices></edmx:Edmx>"#
        );
        csdl::parse(&text, ApiVersion::V1, Path::new("t.xml")).unwrap()
    }

    const DESCRIBED: &str = r#"
        <EntityType Name="widget">
          <Annotation Term="Org.OData.Core.V1.Description" String="A widget." />
          <Property Name="name" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Description" String="Its name." /></Property>
          <Property Name="gone" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Description" String="Removed since." /></Property>
          <NavigationProperty Name="parts" Type="Collection(graph.part)"><Annotation Term="Org.OData.Core.V1.Description" String="The parts." /></NavigationProperty>
        </EntityType>
        <Action Name="upload" IsBound="true"><Parameter Name="b" Type="graph.widget" />
          <Annotation Term="Org.OData.Core.V1.Description" String="Uploads." /></Action>
        <EntityContainer Name="c"><EntitySet Name="widgets" EntityType="graph.widget" /></EntityContainer>"#;

    const STRUCTURAL: &str = r#"
        <EntityType Name="widget">
          <Property Name="Name" Type="Edm.String" />
          <Property Name="color" Type="Edm.String"><Annotation Term="Org.OData.Core.V1.Description" String="Service text." /></Property>
          <NavigationProperty Name="parts" Type="Collection(graph.part)" />
        </EntityType>
        <EntityType Name="gadget" />
        <Action Name="upload" IsBound="true"><Parameter Name="b" Type="graph.widget" /></Action>
        <EntityContainer Name="c"><EntitySet Name="widgets" EntityType="graph.widget" />
          <EntitySet Name="gadgets" EntityType="graph.gadget" /></EntityContainer>"#;

    #[test]
    fn descriptions_join_by_type_and_member_name() {
        let mut structure = schema(STRUCTURAL);
        join_descriptions(&mut structure, &schema(DESCRIBED));
        let widget = structure.find_type("widget").unwrap();
        assert_eq!(widget.description.as_deref(), Some("A widget."));
        assert_eq!(widget.properties[0].description.as_deref(), Some("Its name."), "case-insensitive name");
        assert_eq!(widget.properties[1].description.as_deref(), Some("Service text."), "kept");
        assert_eq!(widget.navigation[0].description.as_deref(), Some("The parts."));
        assert!(widget.properties.iter().all(|p| p.name != "gone"), "the structure is the newer file's");
        assert!(structure.root("gadgets").is_some());
        assert_eq!(structure.operations[0].description.as_deref(), Some("Uploads."));
    }

    #[test]
    fn newer_needs_a_known_date() {
        assert!(is_newer(Some("2026-08-04T10:21:25Z"), Some("2023-05-09T00:00:00Z")));
        assert!(!is_newer(Some("2023-05-09T00:00:00Z"), Some("2023-05-09T00:00:00Z")));
        assert!(!is_newer(None, Some("2023-05-09T00:00:00Z")));
        assert!(is_newer(Some("2023-05-09T00:00:00Z"), None));
    }

    fn write(dir: &Path, file: &UpstreamFile, body: &str) {
        let path = dir.join(file.repository).join(file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = format!(
            r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
            <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">{body}
            </Schema></edmx:DataServices></edmx:Edmx>"#
        );
        std::fs::write(path, text).unwrap();
    }

    fn dates(pairs: &[(UpstreamFile, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(file, date)| (file.relative_path(), date.to_string())).collect()
    }

    #[test]
    fn the_newest_structure_wins_with_descriptions_joined() {
        let temp = tempfile::tempdir().unwrap();
        write(temp.path(), &data_dir::SCHEMA_V1, DESCRIBED);
        write(temp.path(), &data_dir::SCHEMA_V1_STRUCTURAL, STRUCTURAL);
        let dir = DataDir::new(temp.path());
        let mut warnings = Vec::new();
        let newer_structure = dates(&[
            (data_dir::SCHEMA_V1, "2023-05-09T00:00:00Z"),
            (data_dir::SCHEMA_V1_STRUCTURAL, "2026-08-04T00:00:00Z"),
        ]);
        let (schema, files) =
            read(&dir, ApiVersion::V1, Some(&newer_structure), &mut warnings).unwrap().unwrap();
        assert!(schema.find_type("gadget").is_some());
        assert_eq!(schema.find_type("widget").unwrap().description.as_deref(), Some("A widget."));
        assert_eq!(files.structure, data_dir::SCHEMA_V1_STRUCTURAL.relative_path());
        assert_eq!(files.descriptions, Some(data_dir::SCHEMA_V1.relative_path()));
        assert!(warnings.is_empty(), "{warnings:?}");

        let newer_described = dates(&[
            (data_dir::SCHEMA_V1, "2026-09-01T00:00:00Z"),
            (data_dir::SCHEMA_V1_STRUCTURAL, "2026-08-04T00:00:00Z"),
        ]);
        let (schema, files) =
            read(&dir, ApiVersion::V1, Some(&newer_described), &mut warnings).unwrap().unwrap();
        assert!(schema.find_type("gadget").is_none());
        assert_eq!(files.structure, data_dir::SCHEMA_V1.relative_path());
        assert_eq!(files.descriptions, None);

        // A manifest that lists only the structural file: the other's date is unknown.
        let only_structure = dates(&[(data_dir::SCHEMA_V1_STRUCTURAL, "2026-08-04T00:00:00Z")]);
        let (_, files) = read(&dir, ApiVersion::V1, Some(&only_structure), &mut warnings).unwrap().unwrap();
        assert_eq!(files.structure, data_dir::SCHEMA_V1_STRUCTURAL.relative_path());
    }

    #[test]
    fn one_file_alone_is_used_and_none_is_a_warning() {
        let temp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(temp.path());
        let mut warnings = Vec::new();
        let no_manifest = None;
        assert!(read(&dir, ApiVersion::Beta, no_manifest, &mut warnings).unwrap().is_none());
        assert!(warnings[0].message.contains("cleanMetadataWithDescriptionsbeta.xml"), "{warnings:?}");

        write(temp.path(), &data_dir::SCHEMA_BETA_STRUCTURAL, STRUCTURAL);
        let mut warnings = Vec::new();
        let (schema, files) = read(&dir, ApiVersion::Beta, no_manifest, &mut warnings).unwrap().unwrap();
        assert_eq!(schema.version, ApiVersion::Beta);
        assert_eq!(files.structure, data_dir::SCHEMA_BETA_STRUCTURAL.relative_path());
        assert!(warnings[0].message.contains("no docs descriptions"), "{warnings:?}");
    }

    #[test]
    fn a_broken_structural_file_is_an_error_naming_it() {
        let temp = tempfile::tempdir().unwrap();
        write(temp.path(), &data_dir::SCHEMA_V1, DESCRIBED);
        let path = temp
            .path()
            .join(data_dir::SCHEMA_V1_STRUCTURAL.repository)
            .join(data_dir::SCHEMA_V1_STRUCTURAL.path);
        std::fs::write(&path, "<Schema Namespace=\"x\"><EntityType").unwrap();
        let newer_structure = dates(&[
            (data_dir::SCHEMA_V1, "2023-05-09T00:00:00Z"),
            (data_dir::SCHEMA_V1_STRUCTURAL, "2026-08-04T00:00:00Z"),
        ]);
        let error = read(&DataDir::new(temp.path()), ApiVersion::V1, Some(&newer_structure), &mut Vec::new())
            .unwrap_err();
        assert!(error.to_string().contains("cleanMetadata.xml"), "{error}");
    }
}
