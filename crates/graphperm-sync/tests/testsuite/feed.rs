//! The change history of a sync cache and its Atom feed: two syncs with a permission
//! added upstream in between give one change set and one feed entry.

use graphperm_core::data_dir::PERMISSIONS;
use graphperm_sync::atom::{FeedInfo, atom_feed};
use graphperm_sync::history::history;
use serde_json::{Value, json};

use crate::Harness;

fn add_permission(harness: &Harness, name: &str) {
    let path = harness.upstream.path().join(PERMISSIONS.relative_path());
    let mut permissions: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    permissions["permissions"].as_object_mut().unwrap().insert(
        name.to_string(),
        json!({
            "schemes": {"Application": {"adminDisplayName": "Feed test <&>", "requiresAdminConsent": true}},
            "pathSets": [{"schemeKeys": ["Application"], "methods": ["GET"], "paths": {"/identity/apiconnectors": ""}}]
        }),
    );
    std::fs::write(&path, serde_json::to_string(&permissions).unwrap()).unwrap();
}

#[test]
fn history_and_atom_feed_of_two_syncs() {
    let harness = Harness::start();
    harness.sync().unwrap();
    // One snapshot: nothing to compare yet.
    assert!(history(harness.cache.path(), None, 10).changes.is_empty());

    add_permission(&harness, "FeedTest.Read.All");
    let second = harness.sync().unwrap();
    let result = history(harness.cache.path(), None, 10);
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    assert_eq!(result.changes.len(), 1);
    let change = &result.changes[0];
    assert!(change.to.is_current && !change.from.is_current);
    assert_eq!(change.to.path.canonicalize().unwrap(), second.snapshot.canonicalize().unwrap());
    let added: Vec<&str> = change.diff.permissions_added.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(added, ["FeedTest.Read.All"]);

    let info = FeedInfo {
        title: "Microsoft Graph permission changes",
        feed_url: "https://example.test/changes.atom",
        page_url: "https://example.test/changes",
    };
    let feed = atom_feed(&info, &result.changes);
    assert_eq!(feed.matches("<entry>").count(), 1, "{feed}");
    assert!(feed.contains(&format!("<id>https://example.test/changes#{}</id>", change.to.name)), "{feed}");
    assert!(feed.contains("1 permission added"), "{feed}");
    // The HTML content is escaped once: `<code>` appears as `&lt;code&gt;`.
    assert!(feed.contains("&lt;code&gt;FeedTest.Read.All&lt;/code&gt;"), "{feed}");
    assert_well_formed(&feed);
}

/// Parses the feed with an XML reader, checking end tags match.
fn assert_well_formed(xml: &str) {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("invalid XML at {}: {error}\n{xml}", reader.error_position()),
        }
    }
    assert_eq!(depth, 0, "{xml}");
}
