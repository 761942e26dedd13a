//! What the site holds: a file per permission, endpoint, resource and cmdlet, the
//! exports, the search index, the calculator's note; and how the output folder is treated.

use graphperm_core::schema::short_name;
use graphperm_site::urls::{cmdlet_file, endpoint_file, permission_file, resource_file};
use graphperm_site::{MARKER, SiteOptions, build_site, plan_clear};

use crate::support::{build, files, fixture, shared, shared_site};

#[test]
fn every_permission_endpoint_and_cmdlet_has_its_files() {
    let state = fixture();
    let site = build(&state, "", None);
    let written = files(&site.dir);
    for permission in &state.catalogue.permissions {
        for extension in ["html", "json", "csv"] {
            let file = permission_file(&permission.name, extension);
            assert!(written.contains(&file), "{file} missing");
        }
    }
    for endpoint in &state.catalogue.endpoints {
        let file = endpoint_file(&endpoint.method, &endpoint.path);
        assert!(written.contains(&file), "{file} missing");
        let html = std::fs::read_to_string(site.dir.join(&file)).expect("endpoint page");
        assert!(html.contains(&endpoint.method), "{file}");
    }
    let cmdlets: Vec<&str> = state.catalogue.cmdlets().map(|(name, _)| name).collect();
    assert!(!cmdlets.is_empty(), "the fixture has cmdlets");
    for name in cmdlets {
        assert!(written.contains(&cmdlet_file(name)), "{name}");
    }
    for file in [
        "index.html",
        "permissions.html",
        "search.html",
        "least.html",
        "404.html",
        "permissions.json",
        "permissions.csv",
        "search-index.json",
        "sitemap.xml",
        "static/app.css",
        "static/app.js",
        "static/site.js",
        "static/favicon.svg",
    ] {
        assert!(written.contains(file), "{file} missing");
    }
    let sizes: u64 =
        written.iter().map(|file| std::fs::metadata(site.dir.join(file)).expect("a file").len()).sum();
    assert_eq!(site.report.files, written.len());
    assert_eq!(site.report.bytes, sizes);
}

/// Issue #12: the exports are compact JSON, one line: the server's view of the
/// permission and of the catalogue, without the indentation of the pretty reply.
#[test]
fn exports_are_compact_json_of_the_same_view() {
    let state = fixture();
    let site = build(&state, "", None);
    let permission = &state.catalogue.permissions[0];
    let written =
        std::fs::read_to_string(site.dir.join(permission_file(&permission.name, "json"))).expect("json");
    assert_eq!(written.lines().count(), 1, "{written}");
    let view = graphperm_views::permission::permission_view(&state.engine, permission, None, true);
    let expected = serde_json::to_value(&view).expect("a value");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&written).expect("JSON"), expected);
    let whole = std::fs::read_to_string(site.dir.join("permissions.json")).expect("json");
    assert_eq!(whole.lines().count(), 1);
    let expected =
        serde_json::to_value(graphperm_views::export::export_view(&state.engine)).expect("a value");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&whole).expect("JSON"), expected);
}

#[test]
fn resource_pages_per_version() {
    let state = fixture();
    let site = build(&state, "", None);
    let written = files(&site.dir);
    for (version, schema) in &state.catalogue.schemas {
        for ty in &schema.types {
            let file = resource_file(*version, short_name(&ty.full_name()));
            assert!(written.contains(&file), "{file} missing");
        }
    }
}

#[test]
fn pages_link_to_files_not_to_the_server() {
    let state = fixture();
    let site = build(&state, "", None);
    let name = &state.catalogue.permissions[0].name;
    let page = std::fs::read_to_string(site.dir.join(permission_file(name, "html"))).expect("a page");
    assert!(!page.contains("href=\"/"), "root-relative link left");
    assert!(page.contains("href=\"../static/app.css?v="), "assets keep their version");
    assert!(page.contains("<script src=\"../static/site.js?v="), "site.js is injected");
    assert!(!page.contains("/api/openapi.json\">API"), "no link to the server's API");
}

#[test]
fn calculator_page_says_it_needs_the_server() {
    let site = build(&fixture(), "", None);
    let page = std::fs::read_to_string(site.dir.join("least.html")).expect("least.html");
    assert!(page.contains("needs the graphperm server"), "{page}");
    assert!(page.contains("method=\"get\""), "the form does not POST to a static host");
}

#[test]
fn search_index_points_at_written_pages() {
    let state = fixture();
    let site = build(&state, "", None);
    let written = files(&site.dir);
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.dir.join("search-index.json")).expect("index"))
            .expect("JSON");
    let entries = index["entries"].as_array().expect("entries");
    assert!(entries.len() >= state.catalogue.permissions.len() + state.catalogue.endpoints.len());
    let badges = index["badges"].as_array().expect("a badge table");
    for entry in entries {
        let file = entry[2].as_str().expect("a file");
        assert!(written.contains(file), "{file} in the index but not written");
        // The palette's badges: numbers into the table, every permission with its schemes.
        let numbers = entry[4].as_array().expect("badge numbers");
        for number in numbers {
            let number = number.as_u64().expect("a number") as usize;
            assert!(number < badges.len(), "badge {number} of {} in {entry}", badges.len());
        }
        if entry[0] == 0 {
            assert!(!numbers.is_empty(), "a permission without badges: {entry}");
        }
    }
    let labels: Vec<&str> = badges.iter().filter_map(|badge| badge[0].as_str()).collect();
    assert!(
        labels.iter().any(|label| label.starts_with("Delegated: ")),
        "no least badge of an endpoint: {labels:?}"
    );
    assert!(site.report.search_index_gzip_bytes > 0);
    assert!(site.report.search_index_gzip_bytes < site.report.search_index_bytes);
}

#[test]
fn rebuild_replaces_a_site_and_refuses_other_folders() {
    let state = fixture();
    let site = build(&state, "out", None);
    std::fs::write(site.dir.join("stale.html"), "old").expect("write");
    build_site(&state, &site.dir, &SiteOptions::default()).expect("a rebuild");
    assert!(!site.dir.join("stale.html").exists(), "a rebuild starts clean");

    let other = tempfile::tempdir().expect("temp");
    std::fs::write(other.path().join("notes.txt"), "mine").expect("write");
    let error = build_site(&state, other.path(), &SiteOptions::default()).expect_err("a foreign folder");
    assert!(error.to_string().contains("not written by `graphperm site`"), "{error}");
    assert!(other.path().join("notes.txt").exists());
}

/// Issue 14, defect 8: a rebuild emptied the whole folder, `.git` included, without a
/// word about what it removed.
#[test]
fn defect_8_rebuild_keeps_git_and_says_what_it_removes() {
    let state = fixture();
    let site = build(&state, "out", None);
    std::fs::create_dir_all(site.dir.join(".git/objects")).expect("mkdir");
    std::fs::write(site.dir.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").expect("write");
    std::fs::write(site.dir.join(".gitignore"), "*.tmp\n").expect("write");
    std::fs::write(site.dir.join("stale.html"), "old").expect("write");
    let plan = plan_clear(&site.dir).expect("a plan");
    assert_eq!(plan.keep, vec![".git/", ".gitignore"]);
    assert!(plan.remove.contains(&"stale.html".to_string()), "{:?}", plan.remove);
    assert!(plan.remove.contains(&"static/".to_string()), "{:?}", plan.remove);
    assert!(plan.remove.contains(&MARKER.to_string()), "{:?}", plan.remove);
    build_site(&state, &site.dir, &SiteOptions::default()).expect("a rebuild");
    assert!(!site.dir.join("stale.html").exists());
    assert_eq!(
        std::fs::read_to_string(site.dir.join(".git/HEAD")).expect("kept"),
        "ref: refs/heads/gh-pages\n"
    );
    assert!(site.dir.join(".gitignore").is_file());

    // A fresh clone holding only `.git` is a folder a site may be written into.
    let clone = tempfile::tempdir().expect("temp");
    std::fs::create_dir(clone.path().join(".git")).expect("mkdir");
    assert_eq!(plan_clear(clone.path()).expect("a plan").remove, Vec::<String>::new());
    build_site(&state, clone.path(), &SiteOptions::default()).expect("a build next to .git");
    assert!(clone.path().join(".git").is_dir());
}

#[test]
fn base_urls_are_checked() {
    let temp = tempfile::tempdir().expect("temp");
    for bad in ["example.org", "https://example.org/a?b"] {
        let options = SiteOptions { base_url: Some(bad.to_string()) };
        let error = build_site(&fixture(), &temp.path().join("x"), &options).expect_err(bad);
        assert!(error.to_string().contains("invalid --base-url"), "{error}");
    }
}

#[test]
fn shared_data_has_every_permission_and_endpoint() {
    let state = shared();
    let site = shared_site();
    let written = files(&site.dir);
    for permission in &state.catalogue.permissions {
        assert!(written.contains(&permission_file(&permission.name, "html")), "{}", permission.name);
    }
    let endpoint_pages = written.iter().filter(|file| file.starts_with("endpoint/")).count();
    // One page per endpoint (one operation is one endpoint, whatever spellings the data has).
    let files_needed: std::collections::BTreeSet<String> = state
        .catalogue
        .endpoints
        .iter()
        .map(|endpoint| endpoint_file(&endpoint.method, &endpoint.path))
        .collect();
    assert_eq!(files_needed.len(), state.catalogue.endpoints.len());
    assert_eq!(endpoint_pages, files_needed.len());
    for file in &files_needed {
        assert!(written.contains(file), "{file}");
    }
    assert!(written.contains("resource/v1.0/user.html"));
    assert!(written.contains("permission/User.Read.html"));
    assert!(site.report.pages > 5_000, "{}", site.report.pages);
}

/// What a written endpoint page states: its method, the paths it shows (the heading and
/// each version's row) and the permissions it lists.
struct EndpointPage {
    method: String,
    paths: std::collections::BTreeSet<String>,
    permissions: std::collections::BTreeSet<String>,
}

fn endpoint_page(html: &str) -> EndpointPage {
    let text = |fragment: &str| html_escape::decode_html_entities(fragment).into_owned();
    let title = html.split("<h1 class=\"endpoint-title\">").nth(1).unwrap_or_default();
    let method = title.split("\">").nth(1).and_then(|rest| rest.split('<').next()).unwrap_or_default();
    let mut paths: std::collections::BTreeSet<String> = title
        .split("<span class=\"path\">")
        .nth(1)
        .and_then(|rest| rest.split("</span>").next())
        // Paths wrap after their slashes (`/<wbr>me`).
        .map(|path| text(&path.replace("<wbr>", "")))
        .into_iter()
        .collect();
    if let Some(versions) =
        html.split("<table class=\"versions").nth(1).and_then(|rest| rest.split("</table>").next())
    {
        paths.extend(
            versions.split("<td><code>").skip(1).filter_map(|cell| cell.split("</code>").next()).map(text),
        );
    }
    let permissions: Vec<String> = html
        .split("<ol class=\"grant-list\">")
        .skip(1)
        .filter_map(|list| list.split("</ol>").next())
        .flat_map(|list| list.split("<li><a href=\"").skip(1))
        .filter_map(|item| item.split_once("\">").and_then(|(_, rest)| rest.split("</a>").next()))
        // Names wrap at their dots (`User.<wbr>Read`).
        .map(|name| text(&name.replace("<wbr>", "")))
        .collect();
    // Placeholder entries, and entries the ranking does not offer (a read for a write,
    // app-only for /me), are listed apart, after the ranked ones.
    let apart = |class: &str| -> Vec<String> {
        html.split(&format!("<p class=\"note {class}\">"))
            .nth(1)
            .and_then(|note| note.split("</p>").next())
            .unwrap_or_default()
            .split("<a href=\"")
            .skip(1)
            .filter_map(|item| item.split_once("\">").and_then(|(_, rest)| rest.split("</a>").next()))
            .map(text)
            .collect()
    };
    let permissions =
        permissions.into_iter().chain(apart("placeholders")).chain(apart("not-offered")).collect();
    EndpointPage { method: method.to_string(), paths, permissions }
}

/// The static site's permission pages keep the server's invariant, read from the written
/// files alone: every method row links to an endpoint page of its method that shows the
/// row's path and lists the permission; no (method, path) row appears twice in one file;
/// and each tab's count equals the in-schema rows of its files (a split tab's path-root
/// pages; its first page repeats their top rows).
#[test]
fn every_static_permission_row_links_to_the_endpoint_it_shows() {
    let site = shared_site();
    let written = files(&site.dir);
    let mut failures = Vec::new();
    let mut checked = 0usize;
    let mut endpoint_pages: std::collections::HashMap<String, EndpointPage> = Default::default();
    // (permission, tab) -> in-schema rows seen; and the count each tab link shows.
    type Rows = std::collections::BTreeSet<(String, String)>;
    let mut seen: std::collections::BTreeMap<(String, String), Rows> = Default::default();
    let mut counts: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for file in written.iter().filter(|file| file.starts_with("permission/") && file.ends_with(".html")) {
        let html = std::fs::read_to_string(site.dir.join(file)).expect("a page");
        let name = html
            .split("<h1 class=\"permission-name\">")
            .nth(1)
            .and_then(|rest| rest.split("</h1>").next())
            // Names wrap at their dots (`User.<wbr>Read`).
            .map(|name| html_escape::decode_html_entities(&name.replace("<wbr>", "")).into_owned())
            .unwrap_or_else(|| panic!("{file}: no permission name"));
        // A placeholder entry's calls are listed under the permission it stands for.
        let listed_as: Vec<String> = html
            .split("<p class=\"note placeholder-note\">")
            .skip(1)
            .filter_map(|note| note.split("</p>").next())
            .filter_map(|note| note.split("\">").nth(1).and_then(|rest| rest.split("</a>").next()))
            .map(|name| html_escape::decode_html_entities(name).into_owned())
            .chain(std::iter::once(name.clone()))
            .collect();
        let tab = html
            .split("data-panel=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_string();
        if let Some(nav) =
            html.split("<nav class=\"tabs\"").nth(1).and_then(|rest| rest.split("</nav>").next())
        {
            for entry in nav.split("data-tab=\"").skip(1) {
                let id = entry.split('"').next().unwrap_or_default().to_string();
                let count = entry
                    .split("<span class=\"count\"")
                    .nth(1)
                    .and_then(|rest| rest.split('<').next())
                    .and_then(|rest| rest.rsplit('>').next())
                    .and_then(|count| count.parse().ok())
                    .unwrap_or(usize::MAX);
                if let Some(before) = counts.insert((name.clone(), id.clone()), count)
                    && before != count
                {
                    failures.push(format!("{file}: the {id} tab counts {count}, elsewhere {before}"));
                }
            }
        }
        // The first page of a split tab repeats the top rows of its path-root pages.
        let split_top = html
            .split("<ul class=\"roots\">")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .is_some_and(|roots| !roots.contains("aria-current"));
        let mut rows: std::collections::BTreeSet<(String, String, bool)> = Default::default();
        for table in html.split("<table class=\"methods").skip(1) {
            let in_schema = !table.starts_with(" not-in-schema");
            let table = table.split("</table>").next().unwrap_or_default();
            for row in table.split("<tr data-groups=").skip(1) {
                checked += 1;
                let method = row
                    .split("data-method=\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default();
                let Some(anchor) = row.split("class=\"path\" href=\"").nth(1) else {
                    failures.push(format!("{file}: a row without a path link"));
                    continue;
                };
                let (href, rest) = anchor.split_once("\">").unwrap_or_default();
                let label = html_escape::decode_html_entities(rest.split("</a>").next().unwrap_or_default())
                    .into_owned();
                let href = html_escape::decode_html_entities(href).into_owned();
                match crate::support::resolve(file, &href).filter(|target| written.contains(target)) {
                    None => failures.push(format!("{file}: {method} {label} links to a missing file {href}")),
                    Some(target) => {
                        let page = endpoint_pages.entry(target.clone()).or_insert_with(|| {
                            endpoint_page(&std::fs::read_to_string(site.dir.join(&target)).expect("a page"))
                        });
                        if page.method != method || !page.paths.contains(&label) {
                            failures.push(format!(
                                "{file}: {method} {label} links to {target}, which shows {} {:?}",
                                page.method, page.paths
                            ));
                        }
                        if !listed_as.iter().any(|listed| page.permissions.contains(listed)) {
                            failures.push(format!(
                                "{file}: {method} {label} links to {target}, which does not list {name}"
                            ));
                        }
                    }
                }
                if !rows.insert((method.to_string(), label.clone(), in_schema)) {
                    failures.push(format!("{file}: {method} {label} shown twice in tab {tab}"));
                }
            }
        }
        if !split_top {
            let tab_rows = seen.entry((name.clone(), tab.clone())).or_default();
            tab_rows.extend(rows.into_iter().filter(|(_, _, in_schema)| *in_schema).map(|(m, p, _)| (m, p)));
        }
        assert!(failures.len() < 50, "{}", failures.join("\n"));
    }
    for (key, count) in &counts {
        let shown = seen.get(key).map_or(0, |rows| rows.len());
        if shown != *count {
            failures
                .push(format!("{} {}: the tab counts {count}, its files show {shown} rows", key.0, key.1));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 10_000, "the shared data has many rows: {checked}");
    println!("checked {checked} rows in the static site's permission pages");
}
