//! `graphperm diff` between the shared upstream data and a copy changed by the test:
//! a permission added, a GUID changed, an endpoint dropped, a least-privilege flag and a
//! privilege level changed, a resource type and properties added and removed. Snapshots
//! of the JSON and Markdown keep facts only (descriptions and dates are redacted).

use std::path::Path;

use graphperm_core::data_dir::{
    DESCRIPTIONS, MANIFEST_FILE, PERMISSIONS, PROVISIONING, SCHEMA_V1, SCHEMA_V1_STRUCTURAL,
};
use graphperm_core::diff::{CatalogueDiff, ChangeKind, SchemeField, diff};
use graphperm_core::{Catalogue, DataDir, Scheme};
use graphperm_sync::changes::{Format, render};
use serde_json::{Value, json};

use crate::{shared_data, upstream_copy};

const USER_READ_GUID: &str = "e1fe6dd8-ba31-4d61-89e7-88639da4683d";
const NEW_GUID: &str = "00000000-0000-4000-8000-000000000001";

/// Replaces `from` by `to` exactly `count` times in a file of the copy.
fn edit(root: &Path, file: &str, from: &str, to: &str, count: usize) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), count, "{from:?} in {file}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

/// The shared data with the changes the snapshots below describe.
fn modified_copy() -> tempfile::TempDir {
    let copy = upstream_copy();
    let permissions_path = copy.path().join(PERMISSIONS.relative_path());
    let mut permissions: Value =
        serde_json::from_str(&std::fs::read_to_string(&permissions_path).unwrap()).unwrap();
    let table = permissions["permissions"].as_object_mut().unwrap();
    table.insert(
        "GraphpermTest.Read.All".to_string(),
        json!({
            "authorizationType": "oAuth2",
            "schemes": {
                "Application": {
                    "adminDisplayName": "Read graphperm test data",
                    "adminDescription": "Test permission added by the graphperm diff test.",
                    "requiresAdminConsent": true,
                    "privilegeLevel": 2
                }
            },
            "pathSets": [{
                "schemeKeys": ["Application"],
                "methods": ["GET"],
                "paths": {"/identity/apiconnectors": "least=Application"}
            }]
        }),
    );
    let access_reviews = &mut table["AccessReview.Read.All"];
    access_reviews["schemes"]["Application"]["privilegeLevel"] = json!(4);
    access_reviews["schemes"]["Application"]["adminDescription"] = json!("Reworded by the test.");
    let paths = access_reviews["pathSets"][0]["paths"].as_object_mut().unwrap();
    assert!(paths.remove("/accessreviews/{id}/reviewers").is_some());
    paths.insert("/accessreviews".to_string(), json!("least=DelegatedWork"));
    std::fs::write(&permissions_path, serde_json::to_string_pretty(&permissions).unwrap()).unwrap();

    for file in [PROVISIONING, DESCRIPTIONS] {
        edit(copy.path(), &file.relative_path(), USER_READ_GUID, NEW_GUID, 1);
    }
    let schema = SCHEMA_V1.relative_path();
    edit(
        copy.path(),
        &schema,
        r#"<EntityType Name="identityApiConnector" BaseType="graph.entity">"#,
        r#"<EntityType Name="graphpermTestType" BaseType="graph.entity"><Property Name="name" Type="Edm.String" /></EntityType>
      <EntityType Name="identityApiConnector" BaseType="graph.entity"><Property Name="graphpermTestProperty" Type="Edm.String" />"#,
        1,
    );
    edit(
        copy.path(),
        &schema,
        r#"<Property Name="targetUrl" Type="Edm.String">
          <Annotation Term="Org.OData.Core.V1.Description" String="The URL of the API endpoint to call." />
        </Property>"#,
        "",
        1,
    );
    // The v1.0 structure comes from the newer structural file (by the manifest's dates, as
    // on the shared data): it gets the same changes.
    let structural = SCHEMA_V1_STRUCTURAL.relative_path();
    edit(
        copy.path(),
        &structural,
        r#"<EntityType Name="identityApiConnector" BaseType="graph.entity">"#,
        r#"<EntityType Name="graphpermTestType" BaseType="graph.entity"><Property Name="name" Type="Edm.String" /></EntityType>
      <EntityType Name="identityApiConnector" BaseType="graph.entity"><Property Name="graphpermTestProperty" Type="Edm.String" />"#,
        1,
    );
    edit(
        copy.path(),
        &structural,
        "<Property Name=\"targetUrl\" Type=\"Edm.String\" />\n      </EntityType>\n      <EntityType Name=\"identityBuiltInUserFlowAttribute\"",
        "</EntityType>\n      <EntityType Name=\"identityBuiltInUserFlowAttribute\"",
        1,
    );
    std::fs::copy(shared_data().join(MANIFEST_FILE), copy.path().join(MANIFEST_FILE)).unwrap();
    copy
}

fn computed_diff() -> CatalogueDiff {
    let copy = modified_copy();
    let (old, new) = std::thread::scope(|scope| {
        let old = scope.spawn(|| Catalogue::load(&DataDir::new(shared_data())).unwrap());
        let new = Catalogue::load(&DataDir::new(copy.path())).unwrap();
        (old.join().unwrap(), new)
    });
    diff(&old, &new)
}

/// Keeps facts: descriptions and data dates become placeholders.
fn redact(mut value: Value) -> Value {
    value["oldDataDate"] = json!("[date]");
    value["newDataDate"] = json!("[date]");
    for permission in value["permissionsChanged"].as_array_mut().unwrap() {
        for scheme in permission["schemes"].as_array_mut().unwrap() {
            for field in scheme["fields"].as_array_mut().unwrap() {
                if field["field"].as_str().unwrap().ends_with("Description") {
                    field["old"] = json!("[prose]");
                    field["new"] = json!("[prose]");
                }
            }
        }
    }
    value
}

#[test]
fn diff_of_modified_copy() {
    let diff = computed_diff();

    // The facts, checked directly as well as through the snapshots below.
    assert_eq!(diff.permissions_added.len(), 1);
    assert_eq!(diff.permissions_added[0].name, "GraphpermTest.Read.All");
    assert!(diff.permissions_removed.is_empty());
    let user_read = diff.permissions_changed.iter().find(|c| c.name == "User.Read").unwrap();
    let guid = &user_read.schemes[0];
    assert_eq!((guid.scheme, guid.kind), (Scheme::DelegatedWork, ChangeKind::Changed));
    assert_eq!(guid.fields[0].field, SchemeField::Id);
    assert_eq!(guid.fields[0].old.as_deref(), Some(USER_READ_GUID));
    assert_eq!(guid.fields[0].new.as_deref(), Some(NEW_GUID));
    let reviews = diff.permissions_changed.iter().find(|c| c.name == "AccessReview.Read.All").unwrap();
    assert_eq!(reviews.endpoints_removed.len(), 1);
    assert_eq!(reviews.least.len(), 1);
    assert!(!reviews.least[0].now_least);

    let json = redact(graphperm_sync::changes::json(&diff));
    insta::assert_json_snapshot!("diff_json", json);

    let markdown = render(&diff, Format::Markdown);
    let dates = format!(
        "{} → {}",
        diff.old_date.as_deref().unwrap_or("unknown date"),
        diff.new_date.as_deref().unwrap_or("unknown date")
    );
    assert!(markdown.contains(&dates));
    insta::assert_snapshot!("diff_markdown", markdown.replace(&dates, "[old date] → [new date]"));

    let text = render(&diff, Format::Text);
    assert!(text.contains("+ GraphpermTest.Read.All (Application"), "{text}");
    assert!(text.contains(&format!("DelegatedWork GUID: {USER_READ_GUID} → {NEW_GUID}")), "{text}");
    assert!(text.contains("- GET /accessreviews/{id}/reviewers"), "{text}");
}

#[test]
fn diff_of_identical_data_is_empty() {
    let copy = upstream_copy();
    let old = Catalogue::load(&DataDir::new(copy.path())).unwrap();
    let new = Catalogue::load(&DataDir::new(copy.path())).unwrap();
    let diff = diff(&old, &new);
    assert!(diff.is_empty(), "{diff:?}");
    assert!(render(&diff, Format::Text).contains("no changes"));
}
