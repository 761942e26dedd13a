//! Catalogue tests: each loader rule on the synthetic `fixtures/mini` folder, each broken
//! input in `broken/` giving its clear error, and the real shared data set.

use std::path::{Path, PathBuf};

use graphperm_core::model::{ApiVersion, CmdletSource, Scheme};
use graphperm_core::resources::{Reach, permission_resources};
use graphperm_core::{Catalogue, DataDir, LoadError, data_dir};

fn fixture() -> PathBuf {
    graphperm_fixtures::fixture("mini")
}

fn shared_data() -> PathBuf {
    graphperm_fixtures::shared_data()
}

fn mini() -> Catalogue {
    Catalogue::load(&DataDir::new(fixture())).expect("the mini fixture loads")
}

/// Copies the mini fixture into a temporary folder, for tests that break or remove files.
fn mini_copy() -> tempfile::TempDir {
    graphperm_fixtures::fixture_copy("mini")
}

#[test]
fn joins_permissions_from_every_file() {
    let catalogue = mini();
    let names: Vec<&str> = catalogue.permissions.iter().map(|p| p.name.as_str()).collect();
    // Zone.Read.All belongs to another resource app and is left out; Gadget.Legacy and
    // Gizmo.Read.All exist only in the descriptions / provisioning files.
    assert_eq!(
        names,
        ["Gadget.Legacy", "Gizmo.Read.All", "Widget.Read", "Widget.Read.All", "Widget.ReadWrite.All"]
    );
    let legacy = catalogue.permission("gadget.legacy").unwrap();
    assert!(!legacy.in_permissions_file);
    assert!(legacy.grants.is_empty());
    assert_eq!(
        legacy.schemes[&Scheme::DelegatedWork].id.as_deref(),
        Some("44444444-4444-4444-8444-444444444444")
    );
    let gizmo = catalogue.permission("Gizmo.Read.All").unwrap();
    assert_eq!(gizmo.schemes[&Scheme::Application].is_enabled, Some(false));
}

#[test]
fn guids_come_from_provisioning_then_descriptions() {
    let catalogue = mini();
    let write = catalogue.permission("Widget.ReadWrite.All").unwrap();
    // provisioningInfo's public deployment wins over the descriptions file and over PPE.
    assert_eq!(
        write.schemes[&Scheme::Application].id.as_deref(),
        Some("66666666-6666-4666-8666-666666666666")
    );
    assert_eq!(
        write.schemes[&Scheme::DelegatedWork].id.as_deref(),
        Some("22222222-2222-4222-8222-222222222222")
    );
    // A delegated scope's GUID applies to every delegated scheme the permission declares.
    let read = catalogue.permission("Widget.Read").unwrap();
    assert_eq!(read.schemes[&Scheme::DelegatedPersonal].id, read.schemes[&Scheme::DelegatedWork].id);
    assert_eq!(read.schemes[&Scheme::DelegatedWork].is_hidden, Some(true));
    assert_eq!(read.schemes[&Scheme::DelegatedPersonal].is_hidden, None);
}

#[test]
fn path_values_become_grants() {
    let catalogue = mini();
    let write = catalogue.permission("Widget.ReadWrite.All").unwrap();
    let upload = write
        .grants
        .iter()
        .find(|grant| catalogue.endpoints[grant.endpoint].raw_path.ends_with("/upload"))
        .unwrap();
    assert_eq!(upload.schemes, [Scheme::Application]);
    assert_eq!(upload.least, [Scheme::Application]);
    assert_eq!(upload.also_requires, ["Widget.Read.All"]);
    assert_eq!(upload.other, [("Review".to_string(), vec!["manual".to_string()])]);
    // `{id}` and `{widget-id}` are one endpoint.
    let get = catalogue.endpoint("get", "/WIDGETS/{x}/").unwrap();
    let granted: Vec<&str> = catalogue.endpoints[get]
        .granted_by
        .iter()
        .map(|(permission, _)| catalogue.permissions[*permission].name.as_str())
        .collect();
    assert_eq!(granted, ["Widget.Read.All", "Widget.ReadWrite.All"]);
}

#[test]
fn endpoints_resolve_through_the_schema() {
    let catalogue = mini();
    let endpoint = &catalogue.endpoints[catalogue.endpoint("GET", "/widgets/{id}/parts").unwrap()];
    assert_eq!(endpoint.path, "/widgets/{widget-id}/parts");
    assert_eq!(endpoint.versions(), [ApiVersion::V1]);
    assert_eq!(endpoint.resource(), Some("microsoft.graph.part"));
    let me = &catalogue.endpoints[catalogue.endpoint("GET", "/me/widgets").unwrap()];
    assert_eq!(me.resource(), Some("microsoft.graph.widget"));
    // Not in the schema: kept, shown as such.
    let gadget = &catalogue.endpoints[catalogue.endpoint("GET", "/gadgets/{id}").unwrap()];
    assert!(gadget.versions().is_empty());
    assert_eq!(gadget.path, "/gadgets/{id}");
}

#[test]
fn cmdlets_come_from_the_map_or_are_derived() {
    let catalogue = mini();
    let list = &catalogue.endpoints[catalogue.endpoint("GET", "/widgets").unwrap()];
    let cmdlet = &list.cmdlets[&ApiVersion::V1];
    assert_eq!((cmdlet.name.as_str(), cmdlet.source), ("Get-MgWidget", CmdletSource::Metadata));
    assert_eq!(
        list.docs.as_deref(),
        Some("https://learn.microsoft.com/graph/api/widget-list?view=graph-rest-1.0")
    );
    let beta = &list.cmdlets[&ApiVersion::Beta];
    assert_eq!((beta.name.as_str(), beta.source), ("Get-MgBetaWidget", CmdletSource::Derived));
    let upload = &catalogue.endpoints[catalogue.endpoint("POST", "/widgets/{id}/upload").unwrap()];
    assert_eq!(upload.cmdlets[&ApiVersion::V1].name, "Invoke-MgUploadWidget");
    assert_eq!(catalogue.cmdlet_endpoints("get-mgwidget").len(), 2);
}

#[test]
fn resources_include_reachable_complex_and_derived_types() {
    let catalogue = mini();
    let write = catalogue.permission("Widget.ReadWrite.All").unwrap();
    let found: Vec<(String, Reach)> = permission_resources(&catalogue, write)
        .into_iter()
        .map(|resource| (resource.type_name, resource.reach))
        .collect();
    let expected = [
        ("microsoft.graph.widget", Reach::Endpoint),
        ("microsoft.graph.widgetSettingsBase", Reach::Property),
        ("microsoft.graph.basicWidgetSettings", Reach::Derived),
        ("microsoft.graph.fancyWidgetSettings", Reach::Derived),
        ("microsoft.graph.sparkle", Reach::Property),
    ];
    let expected: Vec<(String, Reach)> = expected.iter().map(|(n, r)| (n.to_string(), *r)).collect();
    assert_eq!(found, expected);
}

#[test]
fn localized_texts_fall_back_by_language() {
    let catalogue = mini();
    let texts = catalogue.localized("Widget.Read.All", Scheme::DelegatedWork, "de").unwrap();
    assert_eq!(texts.admin_display_name.as_deref(), Some("Alle Widgets lesen"));
    assert!(catalogue.localized("Widget.Read.All", Scheme::DelegatedWork, "fr-FR").is_none());
    assert!(catalogue.localized("Widget.Read.All", Scheme::Application, "de-DE").is_none());
}

/// One locale rule for the pages, the API and the CLI: the same tag in any case, else
/// the same language; English is the main files'.
#[test]
fn a_locale_tag_finds_the_loaded_locale_of_its_language() {
    let catalogue = mini();
    for tag in ["de-DE", "DE-de", " de ", "de", "de_AT", "de-CH"] {
        assert_eq!(catalogue.locale(tag), Some("de-DE"), "{tag:?}");
    }
    for tag in ["en", "en-US", "EN_gb", "fr-FR", "", "-", "*"] {
        assert_eq!(catalogue.locale(tag), None, "{tag:?}");
    }
}

#[test]
fn missing_optional_files_are_warnings_that_name_them() {
    let catalogue = mini();
    let warnings: Vec<String> = catalogue.warnings.iter().map(|w| w.message.clone()).collect();
    assert!(warnings.iter().any(|w| w.contains("cleanMetadataWithDescriptionsbeta.xml")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("permissions-descriptions_fr-FR.json")), "{warnings:?}");
    assert!(!warnings.iter().any(|w| w.contains("MgCommandMetadata.json")), "{warnings:?}");

    let temp = mini_copy();
    let dir = DataDir::new(temp.path());
    std::fs::remove_file(dir.path_of(&data_dir::CMDLET_MAP)).unwrap();
    std::fs::remove_file(dir.path_of(&data_dir::SCHEMA_V1)).unwrap();
    let catalogue = Catalogue::load(&dir).unwrap();
    let warnings: Vec<String> = catalogue.warnings.iter().map(|w| w.message.clone()).collect();
    assert!(warnings.iter().any(|w| w.contains("MgCommandMetadata.json")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("cleanMetadataWithDescriptionsv1.0.xml")), "{warnings:?}");
    let list = &catalogue.endpoints[catalogue.endpoint("GET", "/widgets").unwrap()];
    assert_eq!(list.cmdlets[&ApiVersion::V1].source, CmdletSource::Derived);
}

#[test]
fn missing_permissions_file_is_an_error() {
    let temp = tempfile::tempdir().unwrap();
    let error = Catalogue::load(&DataDir::new(temp.path())).unwrap_err();
    assert!(matches!(error, LoadError::Missing { .. }), "{error}");
    assert!(error.to_string().contains("graphperm sync"), "{error}");
}

/// Each broken input replaces one upstream file and must give an error naming that
/// file, a position, and what was wrong.
#[test]
fn broken_inputs_give_clear_errors() {
    let cases: &[(&str, data_dir::UpstreamFile, &[&str])] = &[
        ("permissions-truncated.json", data_dir::PERMISSIONS, &["permissions.json:", "EOF while parsing"]),
        ("permissions-empty.json", data_dir::PERMISSIONS, &["permissions.json:1:0", "EOF while parsing"]),
        (
            "permissions-wrong-type.json",
            data_dir::PERMISSIONS,
            &["at permissions.Widget.Read.All.schemes.DelegatedWork.privilegeLevel", "expected u8"],
        ),
        (
            "permissions-missing-key.json",
            data_dir::PERMISSIONS,
            &["at permissions.Widget.Read.pathSets[0]", "missing field `methods`"],
        ),
        (
            "permissions-path-value-array.json",
            data_dir::PERMISSIONS,
            &["pathSets[0].paths./me/widgets", "expected a string"],
        ),
        (
            "descriptions-not-object.json",
            data_dir::DESCRIPTIONS,
            &["permissions-descriptions.json:1:", "expected a sequence"],
        ),
        (
            "provisioning-wrong-type.json",
            data_dir::PROVISIONING,
            &["at permissionDeployments.Gizmo.Read.All[0].isHidden", "expected a boolean"],
        ),
        (
            "schema-mismatched-tag.xml",
            data_dir::SCHEMA_V1,
            &["cleanMetadataWithDescriptionsv1.0.xml:", "ComplexType"],
        ),
        (
            "schema-truncated.xml",
            data_dir::SCHEMA_V1,
            &["cleanMetadataWithDescriptionsv1.0.xml:", "not closed"],
        ),
        ("schema-not-csdl.xml", data_dir::SCHEMA_V1, &["expected an OData CSDL document"]),
        (
            "cmdlets-not-array.json",
            data_dir::CMDLET_MAP,
            &["MgCommandMetadata.json:1:", "expected a sequence"],
        ),
    ];
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    for (file, target, expected) in cases {
        let temp = mini_copy();
        let dir = DataDir::new(temp.path());
        std::fs::copy(broken.join(file), dir.path_of(target)).unwrap();
        let error = Catalogue::load(&dir).expect_err(file);
        let message = error.to_string();
        assert_eq!(error.path(), dir.path_of(target), "{file}: {message}");
        for needle in *expected {
            assert!(message.contains(needle), "{file}: {message:?} lacks {needle:?}");
        }
    }
}

#[test]
fn a_sync_cache_resolves_to_its_current_snapshot() {
    let temp = tempfile::tempdir().unwrap();
    let snapshot = temp.path().join("snapshots/2026-01-01");
    std::fs::create_dir_all(&snapshot).unwrap();
    graphperm_fixtures::copy_tree(&fixture(), &snapshot);
    std::fs::write(temp.path().join("current"), "snapshots/2026-01-01").unwrap();
    std::fs::write(
        snapshot.join(data_dir::MANIFEST_FILE),
        r#"{"dataDate": "2026-01-01T00:00:00Z", "files": []}"#,
    )
    .unwrap();
    let catalogue = Catalogue::load(&DataDir::new(temp.path())).unwrap();
    assert_eq!(catalogue.data_date_text().as_deref(), Some("2026-01-01T00:00:00Z"));
    assert_eq!(catalogue.permissions.len(), 5);
}

mod shared {
    //! The real data set in `../shared/graph-data`.

    use std::collections::BTreeSet;

    use super::*;

    fn load() -> Catalogue {
        Catalogue::load(&DataDir::new(shared_data())).expect("the shared data loads")
    }

    #[test]
    fn every_permission_and_path_is_in_the_catalogue() {
        let catalogue = load();
        let text =
            std::fs::read_to_string(shared_data().join(data_dir::PERMISSIONS.relative_path())).unwrap();
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        let raw_permissions = raw["permissions"].as_object().unwrap();
        assert_eq!(raw_permissions.len(), 917);
        let in_file = catalogue.permissions.iter().filter(|p| p.in_permissions_file).count();
        assert_eq!(in_file, raw_permissions.len());
        let extra = catalogue.permissions.len() - in_file;
        assert!(extra > 0, "permissions known only from descriptions/provisioning");
        for (name, permission) in raw_permissions {
            let loaded = catalogue.permission(name).unwrap_or_else(|| panic!("{name} missing"));
            let granted: BTreeSet<usize> = loaded.grants.iter().map(|grant| grant.endpoint).collect();
            for set in permission["pathSets"].as_array().unwrap() {
                for path in set["paths"].as_object().unwrap().keys() {
                    for method in set["methods"].as_array().unwrap() {
                        let method = method.as_str().unwrap().to_ascii_uppercase();
                        let id =
                            catalogue.endpoint(&method, path).unwrap_or_else(|| panic!("{method} {path}"));
                        assert!(granted.contains(&id), "{name}: {method} {path}");
                    }
                }
            }
        }
        eprintln!(
            "{} permissions ({} only in descriptions/provisioning)",
            catalogue.permissions.len(),
            extra
        );
    }

    /// One name rule for every lookup: the exact name, else the only permission whose
    /// name differs in case; never the first of two (Calls.JoinGroupCallAsGuest.All and
    /// Calls.JoinGroupCallasGuest.All are two permissions with different ids).
    #[test]
    fn every_permission_is_found_by_its_name_in_any_case_unless_two_share_it() {
        let catalogue = load();
        let mut shared = Vec::new();
        for (id, permission) in catalogue.permissions.iter().enumerate() {
            assert_eq!(catalogue.permission_id(&permission.name), Some(id), "{}", permission.name);
            let upper = permission.name.to_ascii_uppercase();
            match catalogue.permissions_folded(&upper) {
                [only] => assert_eq!(catalogue.permission_id(&upper), Some(*only)),
                _ => {
                    assert_eq!(catalogue.permission_id(&upper), None, "{upper}");
                    assert!(catalogue.unknown_name(&upper).contains(&permission.name));
                    shared.push(permission.name.as_str());
                }
            }
        }
        assert_eq!(shared, ["Calls.JoinGroupCallAsGuest.All", "Calls.JoinGroupCallasGuest.All"]);
    }

    #[test]
    fn every_endpoint_is_found_by_its_raw_and_canonical_paths() {
        let catalogue = load();
        for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
            assert_eq!(
                catalogue.endpoint(&endpoint.method, &endpoint.raw_path),
                Some(id),
                "{}",
                endpoint.raw_path
            );
            assert_eq!(catalogue.endpoint(&endpoint.method, &endpoint.path), Some(id), "{}", endpoint.path);
        }
    }

    /// One operation is one endpoint: spellings the schema resolves to one path (a function
    /// written bare and with its parameters) are merged, with the grants of both.
    #[test]
    fn one_endpoint_per_operation() {
        let catalogue = load();
        let mut seen = std::collections::HashMap::new();
        for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
            let operation = (endpoint.method.clone(), graphperm_core::resolve::endpoint_key(&endpoint.path));
            if let Some(other) = seen.insert(operation, id) {
                panic!("{} {} is endpoints {other} and {id}", endpoint.method, endpoint.path);
            }
        }
        // permissions.json writes this function both ways.
        let bare = catalogue.endpoint("GET", "/reports/getUserArchivedPrintJobs").expect("bare spelling");
        let with_parameters = catalogue
            .endpoint(
                "GET",
                "/reports/getUserArchivedPrintJobs(userId={value},startDateTime={value},endDateTime={value})",
            )
            .expect("spelling with parameters");
        assert_eq!(bare, with_parameters);
        let endpoint = &catalogue.endpoints[bare];
        assert!(endpoint.path.starts_with("/reports/getUserArchivedPrintJobs(userId="), "{}", endpoint.path);
        // No permission holds two grants on it from one pathSet.
        let mut grants: Vec<(usize, usize)> = endpoint
            .granted_by
            .iter()
            .map(|(permission, grant)| {
                (*permission, catalogue.permissions[*permission].grants[*grant].path_set)
            })
            .collect();
        let total = grants.len();
        grants.dedup();
        assert_eq!(grants.len(), total);
        assert!(total > 0);
    }

    #[test]
    fn guid_coverage_is_counted() {
        let catalogue = load();
        let mut schemes = 0;
        let mut with_id = 0;
        for permission in &catalogue.permissions {
            for info in permission.schemes.values() {
                schemes += 1;
                with_id += usize::from(info.id.is_some());
            }
        }
        eprintln!("GUID coverage: {with_id}/{schemes} permission schemes");
        // Schemes without a GUID are deployed under another resource app than Microsoft
        // Graph (provisioningInfo's resourceAppId), or have none published.
        assert!(with_id * 100 / schemes >= 75, "{with_id}/{schemes}");
        // Every GUID of the descriptions file is on its permission.
        let text =
            std::fs::read_to_string(shared_data().join(data_dir::DESCRIPTIONS.relative_path())).unwrap();
        let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
        for (list, scheme) in
            [("delegatedScopesList", Scheme::DelegatedWork), ("applicationScopesList", Scheme::Application)]
        {
            for entry in raw[list].as_array().unwrap() {
                let name = entry["value"].as_str().unwrap();
                let permission = catalogue.permission(name).unwrap();
                let info = permission
                    .schemes
                    .get(&scheme)
                    .or_else(|| permission.schemes.get(&Scheme::DelegatedPersonal))
                    .unwrap_or_else(|| panic!("{name} {scheme}"));
                assert!(info.id.is_some(), "{name} {scheme} has no GUID");
            }
        }
        let connectors = catalogue.permission("APIConnectors.ReadWrite.All").unwrap();
        assert_eq!(
            connectors.schemes[&Scheme::Application].id.as_deref(),
            Some("1dfe531a-24a6-4f1b-80f4-7a0dc5a0a171")
        );
    }

    #[test]
    fn resolution_per_version_is_reported() {
        let catalogue = load();
        let total = catalogue.endpoints.len();
        for version in ApiVersion::ALL {
            let resolved = catalogue
                .endpoints
                .iter()
                .filter(|endpoint| endpoint.resolutions.contains_key(&version))
                .count();
            eprintln!("{version}: {resolved}/{total} endpoints resolved ({}%)", resolved * 100 / total);
            // Old schemas miss recent APIs, but most paths must resolve.
            assert!(resolved * 100 / total >= 30, "{version}: {resolved}/{total}");
            // v1.0 resolves through the 2026 structural schema, not only the 2023 one.
            if version == ApiVersion::V1 {
                assert!(resolved * 100 / total >= 45, "{version}: {resolved}/{total}");
            }
        }
    }

    /// The shared v1.0 schema is current (2026-08-03, four days before permissions.json),
    /// so v1.0 gets no derived cmdlet for a path its schema lacks: /me/profile/emails is in
    /// beta only and had a v1.0 Get-MgUserProfileEmail, /emailthreats/{id}/review is in
    /// neither and had a made-up New-MgEmailthreatReview. The 2020 beta schema cannot say
    /// what beta lacks, so a beta name is still derived there, marked unconfirmed. Over
    /// every endpoint.
    #[test]
    fn no_cmdlet_is_derived_for_a_version_whose_current_schema_lacks_the_path() {
        let catalogue = load();
        let (mut unconfirmed, mut missing_v1) = (0, 0);
        for endpoint in &catalogue.endpoints {
            for version in ApiVersion::ALL {
                let cmdlet = endpoint.cmdlets.get(&version);
                if endpoint.resolutions.contains_key(&version) {
                    continue;
                }
                match (version, cmdlet) {
                    (ApiVersion::V1, Some(cmdlet)) => panic!(
                        "{} {} has a v1.0 cmdlet {} but the current v1.0 schema lacks the path",
                        endpoint.method, endpoint.path, cmdlet.name
                    ),
                    (ApiVersion::V1, None) => missing_v1 += 1,
                    (ApiVersion::Beta, Some(cmdlet)) => {
                        assert!(cmdlet.version_unconfirmed, "{} {}", endpoint.method, endpoint.path);
                        unconfirmed += 1;
                    }
                    (ApiVersion::Beta, None) => {}
                }
            }
        }
        eprintln!("v1.0 cmdlets left out {missing_v1}, beta names unconfirmed {unconfirmed}");
        assert!(missing_v1 > 100, "{missing_v1}");
        let profile = catalogue.endpoint("GET", "/me/profile/emails").expect("in the data");
        let profile = &catalogue.endpoints[profile];
        assert!(profile.resolutions.contains_key(&ApiVersion::Beta));
        assert!(!profile.cmdlets.contains_key(&ApiVersion::V1), "{:?}", profile.cmdlets);
        assert!(profile.cmdlets.contains_key(&ApiVersion::Beta));
        assert!(catalogue.cmdlet_endpoints("New-MgEmailthreatReview").is_empty());
        assert!(catalogue.cmdlet_endpoints("Get-MgUserProfileEmail").is_empty());
    }

    /// Adding or removing a reference is a call on `…/$ref`, and its derived cmdlet says so:
    /// DELETE /groups/{id}/members/{id} was Remove-MgGroupMember on its endpoint page while
    /// the sample (sent to `…/$ref`) said no cmdlet was known, and the calculator did not
    /// know Remove-MgGroupMemberByRef. Over every endpoint and version.
    #[test]
    fn a_reference_call_derives_its_by_ref_cmdlet() {
        let catalogue = load();
        let mut checked = 0;
        for endpoint in &catalogue.endpoints {
            for (version, resolution) in &endpoint.resolutions {
                let Some(cmdlet) = endpoint.cmdlets.get(version) else { continue };
                if cmdlet.source != graphperm_core::model::CmdletSource::Derived {
                    continue;
                }
                assert_eq!(
                    cmdlet.name.ends_with("ByRef"),
                    resolution.reference_call(&endpoint.method) || endpoint.path.ends_with("/$ref"),
                    "{} {} ({version}): {}",
                    endpoint.method,
                    endpoint.path,
                    cmdlet.name
                );
                checked += usize::from(resolution.reference_call(&endpoint.method));
            }
        }
        assert!(checked > 50, "{checked}");
        let cmdlet = |method: &str, path: &str| {
            let id =
                catalogue.endpoint(method, path).unwrap_or_else(|| panic!("{method} {path} is in the data"));
            catalogue.endpoints[id].cmdlets.get(&ApiVersion::V1).map(|cmdlet| cmdlet.name.clone())
        };
        assert_eq!(
            cmdlet("DELETE", "/groups/{group-id}/members/{directoryObject-id}").as_deref(),
            Some("Remove-MgGroupMemberByRef")
        );
        assert!(!catalogue.cmdlet_endpoints("Remove-MgGroupMemberByRef").is_empty());
    }

    #[test]
    fn api_connectors_reach_the_connector_not_the_container() {
        let catalogue = load();
        let permission = catalogue.permission("APIConnectors.ReadWrite.All").unwrap();
        let resources: Vec<String> = permission_resources(&catalogue, permission)
            .into_iter()
            .filter(|r| r.version == ApiVersion::V1)
            .map(|r| r.type_name)
            .collect();
        assert_eq!(resources[0], "microsoft.graph.identityApiConnector");
        assert!(!resources.iter().any(|r| r.ends_with(".identityContainer")), "{resources:?}");
        for expected in [
            "microsoft.graph.apiAuthenticationConfigurationBase",
            "microsoft.graph.basicAuthentication",
            "microsoft.graph.clientCertificateAuthentication",
            "microsoft.graph.pkcs12Certificate",
        ] {
            assert!(resources.iter().any(|r| r == expected), "{expected} in {resources:?}");
        }
    }
}

#[test]
fn search_matches_prefixes_typos_acronyms_and_every_kind() {
    use graphperm_core::search::{SearchIndex, SearchKind};
    let catalogue = mini();
    let index = SearchIndex::build(&catalogue);
    let first = |query: &str| {
        index
            .search(query, 5)
            .into_iter()
            .next()
            .map(|hit| (hit.kind, hit.label))
            .unwrap_or_else(|| panic!("no hit for {query}"))
    };
    assert_eq!(first("widget.read.all"), (SearchKind::Permission, "Widget.Read.All".to_string()));
    assert_eq!(first("Widget.Red.All"), (SearchKind::Permission, "Widget.Read.All".to_string()));
    assert_eq!(first("wrwa"), (SearchKind::Permission, "Widget.ReadWrite.All".to_string()));
    assert_eq!(first("basicWidgetSettings"), (SearchKind::ResourceType, "basicWidgetSettings".to_string()));
    assert_eq!(first("Get-MgWidget"), (SearchKind::Cmdlet, "Get-MgWidget".to_string()));
    assert_eq!(first("POST /widgets/{widget-id}/upload").0, SearchKind::Endpoint);
    // Typos (query letters the name lacks in that order) are forgiven in permission and
    // resource-type names, not in endpoints and cmdlets: swapped letters still find the
    // permission and the resource type, not the path or the cmdlet.
    assert_eq!(first("Wigdet.Read.All"), (SearchKind::Permission, "Widget.Read.All".to_string()));
    assert_eq!(first("basicWigdetSettings"), (SearchKind::ResourceType, "basicWidgetSettings".to_string()));
    for (typed, kind) in
        [("POST /wigdets/{widget-id}/upload", SearchKind::Endpoint), ("Get-MgWigdet", SearchKind::Cmdlet)]
    {
        let hits = index.search(typed, 50);
        assert!(!hits.iter().any(|hit| hit.kind == kind), "{typed}: {hits:?}");
        assert_eq!(hits, index.search_full_scan(typed, 50), "{typed}");
    }
    let hit = &index.search("widread", 1)[0];
    assert_eq!(hit.label, "Widget.Read");
    assert!(!hit.matched.is_empty() && hit.matched.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(index.search("", 5).is_empty());
    assert!(index.search(&"x".repeat(10_000), 5).len() <= 5);
}
