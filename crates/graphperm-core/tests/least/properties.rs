//! Property tests: substitute ids of every shape into the data's templates and get the
//! same template back.

use graphperm_core::Scheme;
use proptest::prelude::*;

use super::support::{catalogue, engine};

/// Id shapes seen in real Graph URLs.
fn id_shape() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "[a-z][a-z0-9._-]{0,12}@[a-z]{1,8}\\.(com|onmicrosoft\\.com|co\\.uk)",
        "[A-Za-z0-9]{1,8}_[a-z]{1,8}\\.com%23EXT%23@[a-z]{1,8}\\.onmicrosoft\\.com",
        "[1-9][0-9]{0,15}",
        "AAMk[A-Za-z0-9_-]{8,80}={0,2}",
        "19:[0-9a-f]{32}@thread\\.(tacv2|v2|skype)",
        "19:meeting_[A-Za-z0-9]{20,40}@thread\\.v2",
        "[a-z]{3,10}\\.sharepoint\\.com,[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12},[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "b![A-Za-z0-9_-]{20,60}",
        "01[A-Z0-9]{30,34}",
        "[A-Za-z][A-Za-z0-9]{0,20}",
    ]
}

/// Values inside function arguments: quoted strings, numbers, dates, GUIDs.
fn argument_shape() -> impl Strategy<Value = String> {
    prop_oneof![
        "'[A-Za-z0-9 :._-]{1,20}'",
        "[1-9][0-9]{0,6}",
        "20[0-9]{2}-[01][0-9]-[0-3][0-9]",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ]
}

/// Drive item paths between `root:` and the closing colon.
fn drive_path() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Za-z0-9 _-]{1,12}", 1..4).prop_map(|parts| {
        let mut path = parts.join("/");
        path.push_str(".docx");
        path.replace(' ', "%20")
    })
}

/// The template with every placeholder replaced, taking values from `ids`, `arguments`
/// and `paths` in turn.
fn substitute(template: &str, ids: &[String], arguments: &[String], paths: &[String]) -> String {
    let mut out = String::new();
    let mut counters = (0, 0, 0);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let before = &rest[..open];
        out.push_str(before);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        let mut after = &rest[close.min(rest.len())..];
        while let Some(stripped) = after.strip_prefix('}') {
            after = stripped;
        }
        let in_arguments = out.rfind('(').is_some_and(|p| out.rfind(')').is_none_or(|q| q < p));
        let after_colon = out.ends_with(":/");
        let value = if in_arguments {
            counters.1 += 1;
            let value = &arguments[counters.1 % arguments.len()];
            // A quoted placeholder (`'{id}'`) already has its quotes.
            if out.ends_with('\'') { value.trim_matches('\'').to_string() } else { value.clone() }
        } else if after_colon {
            counters.2 += 1;
            paths[counters.2 % paths.len()].clone()
        } else {
            counters.0 += 1;
            ids[counters.0 % ids.len()].clone()
        };
        out.push_str(&value);
        rest = after;
    }
    out.push_str(rest);
    out.replace("/.../", "/childFolders/f1/childFolders/f2/")
}

fn usable(raw_path: &str) -> bool {
    !raw_path.contains('?') && !raw_path.contains(' ')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn random_ids_give_the_same_template_back(
        pick in any::<prop::sample::Index>(),
        ids in prop::collection::vec(id_shape(), 4),
        arguments in prop::collection::vec(argument_shape(), 4),
        paths in prop::collection::vec(drive_path(), 2),
        version in prop_oneof![Just(""), Just("https://graph.microsoft.com/v1.0"), Just("/beta")],
    ) {
        let endpoints = &catalogue().endpoints;
        let endpoint_id = pick.index(endpoints.len());
        let endpoint = &endpoints[endpoint_id];
        prop_assume!(usable(&endpoint.raw_path));
        let url = format!("{version}{}", substitute(&endpoint.raw_path, &ids, &arguments, &paths));
        let report = engine().resolve(&endpoint.method, &url, "property", &Scheme::ALL);
        prop_assert!(
            report.endpoints.contains(&endpoint_id),
            "{} {} (from {}) resolved to {:?}",
            endpoint.method, url, endpoint.raw_path, report.template
        );
    }
}

/// Every usable template of the data, once, with ids of rotating shapes.
#[test]
fn every_template_comes_back() {
    let ids: Vec<String> = [
        "48d31887-5fad-4d73-a9f5-3c356e68a038",
        "adele.vance@contoso.onmicrosoft.com",
        "AAMkAGI2TG93AAA-_zz=",
        "19:4a95f7d8db4c4e7fae857bcebe0623e6@thread.tacv2",
        "1616965872395",
    ]
    .map(String::from)
    .to_vec();
    let arguments = ["'D7'", "42"].map(String::from).to_vec();
    let paths = ["Folder/Sub%20Folder/report.docx".to_string()];
    let mut failures = Vec::new();
    let mut checked = 0;
    for (endpoint_id, endpoint) in catalogue().endpoints.iter().enumerate() {
        if !usable(&endpoint.raw_path) {
            continue;
        }
        checked += 1;
        let url = substitute(&endpoint.raw_path, &ids, &arguments, &paths);
        let report = engine().resolve(&endpoint.method, &url, "property", &Scheme::ALL);
        if !report.endpoints.contains(&endpoint_id) {
            failures.push(format!(
                "{} {url} (from {}) → {:?}",
                endpoint.method, endpoint.raw_path, report.template
            ));
        }
    }
    assert!(checked > 5000, "only {checked} templates checked");
    assert!(failures.is_empty(), "{} of {checked} failed:\n{}", failures.len(), failures.join("\n"));
}
