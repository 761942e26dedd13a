//! The engine reads permissions, endpoints and grants from the catalogue by id: name
//! lookups over the catalogue's indexes, placeholder entries and their real permission,
//! and multi-method markers, over a copy of `fixtures/mini` with a few entries added.

use graphperm_core::least::Engine;
use graphperm_core::{Catalogue, DataDir, Scheme};
use serde_json::{Value, json};

/// `fixtures/mini` plus `widget.read.all` (Widget.Read.All in another case), an
/// Application placeholder entry of Widget.Read (no level, no GUID anywhere) and a
/// `GET /gadgets` that only the placeholder grants.
fn engine() -> Engine {
    let data = graphperm_fixtures::fixture_copy("mini");
    let dir = DataDir::new(data.path());
    let path = dir.path_of(&graphperm_core::data_dir::PERMISSIONS);
    let mut file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let permissions = file["permissions"].as_object_mut().unwrap();
    permissions.insert(
        "widget.read.all".to_string(),
        json!({
            "authorizationType": "oAuth2",
            "schemes": {"DelegatedWork": {"adminDisplayName": "Read widgets (lower case)", "privilegeLevel": 2}},
            "pathSets": [{"schemeKeys": ["DelegatedWork"], "methods": ["GET"], "paths": {"/widgets": ""}}]
        }),
    );
    let widget_read = &mut permissions["Widget.Read"];
    widget_read["schemes"]["Application"] = json!({"adminDisplayName": "Read widgets"});
    widget_read["pathSets"].as_array_mut().unwrap().push(json!({
        "schemeKeys": ["Application"],
        "methods": ["GET"],
        "paths": {"/gadgets": "least=Application"}
    }));
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    Engine::new(Catalogue::load(&dir).expect("the edited fixture loads"))
}

fn name(engine: &Engine, id: Option<usize>) -> Option<&str> {
    id.map(|id| engine.permission_name(id))
}

#[test]
fn names_differing_only_in_case_stay_two_permissions() {
    let engine = engine();
    let catalogue = engine.catalogue();
    let folded: Vec<&str> = catalogue
        .permissions_folded("WIDGET.READ.ALL")
        .iter()
        .map(|&id| engine.permission_name(id))
        .collect();
    assert_eq!(folded, ["Widget.Read.All", "widget.read.all"]);
    // Exact spellings find their own entry, in the engine and in the catalogue.
    for spelling in ["Widget.Read.All", "widget.read.all"] {
        assert_eq!(name(&engine, engine.permission_id(spelling)), Some(spelling));
        assert_eq!(name(&engine, catalogue.permission_id(spelling)), Some(spelling));
    }
    // Another case finds neither, by the one rule every lookup uses (pages, API, `show`,
    // `--granted`, audit): the catalogue once picked the first and showed the wrong one.
    assert_eq!(engine.permission_id("WIDGET.READ.ALL"), None);
    assert_eq!(catalogue.permission_id("WIDGET.READ.ALL"), None);
    assert!(catalogue.permission("WIDGET.READ.ALL").is_none());
    assert_eq!(
        catalogue.unknown_name("WIDGET.READ.ALL"),
        "WIDGET.READ.ALL matches Widget.Read.All and widget.read.all in another case: write one of them exactly"
    );
    assert_eq!(
        catalogue.unknown_name("Widget.Nothing"),
        "Widget.Nothing is not a Microsoft Graph permission"
    );
    // An audit of a grant naming it says why it is not resolved.
    let grants = r#"{"value": [{"clientId": "c", "consentType": "AllPrincipals", "resourceId": "r", "scope": "WIDGET.READ.ALL"}]}"#;
    let input = graphperm_core::audit::input::parse(grants, "g.json").unwrap();
    let report = graphperm_core::audit::audit(catalogue, &input, None);
    assert!(report.permissions.is_empty(), "{:?}", report.permissions);
    assert!(report.unknown[0].reason.contains("in another case"), "{:?}", report.unknown);
    // A name with one spelling is found in any case.
    assert_eq!(name(&engine, engine.permission_id("widget.readwrite.all")), Some("Widget.ReadWrite.All"));
    assert_eq!(engine.permission_id("Widget.Nothing"), None);
    // Both are offered for GET /widgets under their own ids.
    let report = engine.resolve("GET", "/widgets", "test", &[Scheme::DelegatedWork]);
    let offered: Vec<&str> = report.candidates[&Scheme::DelegatedWork]
        .iter()
        .map(|candidate| engine.permission_name(candidate.permission))
        .collect();
    assert!(offered.contains(&"Widget.Read.All") && offered.contains(&"widget.read.all"), "{offered:?}");
}

#[test]
fn a_placeholder_entry_is_offered_as_its_real_permission() {
    let engine = engine();
    let catalogue = engine.catalogue();
    let placeholder = catalogue.permission_id_exact("Widget.Read").unwrap();
    let permission = &catalogue.permissions[placeholder];
    assert!(permission.is_placeholder(Scheme::Application));
    assert!(!permission.is_placeholder(Scheme::DelegatedWork));
    let real = catalogue.placeholder_replacement(placeholder, Scheme::Application);
    assert_eq!(name(&engine, real), Some("Widget.Read.All"));
    let report = engine.resolve("GET", "/gadgets", "test", &[Scheme::Application]);
    let [candidate] = &report.candidates[&Scheme::Application][..] else { panic!("{report:?}") };
    assert_eq!(engine.permission_name(candidate.permission), "Widget.Read.All");
    assert_eq!(candidate.replaces, Some(placeholder));
    assert_eq!(candidate.privilege_level, Some(2));
    assert!(candidate.least && candidate.least_raw);
}

#[test]
fn endpoint_counts_and_markers_come_from_the_grants() {
    let engine = engine();
    let catalogue = engine.catalogue();
    let read_write = catalogue.permission_id_exact("Widget.ReadWrite.All").unwrap();
    let grants = &catalogue.permissions[read_write].grants;
    let multi: Vec<(&str, bool)> = grants
        .iter()
        .map(|grant| (catalogue.endpoints[grant.endpoint].method.as_str(), grant.is_multi_method()))
        .collect();
    assert!(multi.contains(&("GET", false)) && multi.contains(&("PATCH", true)), "{multi:?}");
    let application = grants.iter().filter(|grant| grant.schemes.contains(&Scheme::Application)).count();
    assert_eq!(engine.endpoint_count(read_write, Scheme::Application), application);
    let lower = catalogue.permission_id_exact("widget.read.all").unwrap();
    assert_eq!(engine.endpoint_count(lower, Scheme::DelegatedWork), 1);
    assert_eq!(engine.endpoint_count(lower, Scheme::Application), 0);
}
