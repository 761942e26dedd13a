//! Invariants over every permission page of the shared data, through the router: every
//! method row shows the path it links to, and that link opens an endpoint the permission
//! grants; no (method, path) row twice in a tab; the tab counts equal the rows reachable
//! from the tab (its first page plus every path-root page); and the page weight budget.

use std::collections::{BTreeMap, BTreeSet};

use graphperm_views::permission_page::MethodTab;

use crate::support::{get, shared};

/// One method-table row as the HTML shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRow {
    pub method: String,
    pub label: String,
    /// False in the folded table of rows the tab's schema lacks.
    pub in_schema: bool,
    /// Every link of the row to an endpoint page.
    pub links: Vec<String>,
}

/// The rows of every `<table class="methods…">` of a page.
pub fn method_rows(html: &str) -> Vec<ShownRow> {
    let mut rows = Vec::new();
    for table in html.split("<table class=\"methods").skip(1) {
        let in_schema = !table.starts_with(" not-in-schema");
        let table = table.split("</table>").next().unwrap_or_default();
        for row in table.split("<tr data-groups=").skip(1) {
            let method = between(row, "data-method=\"", "\"").unwrap_or_default();
            let label = between(row, "class=\"path\" href=\"", "</a>")
                .and_then(|rest| rest.split_once("\">").map(|(_, label)| label))
                .map(unescape)
                .unwrap_or_default();
            let links = row
                .split("href=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .map(unescape)
                .filter(|href| href.starts_with("/endpoint?"))
                .collect();
            rows.push(ShownRow { method: unescape(method), label, in_schema, links });
        }
    }
    rows
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)?;
    Some(&text[from..from + to])
}

pub fn unescape(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

/// `(method, path)` of an `/endpoint?method=…&path=…` link.
pub fn link_target(href: &str) -> (String, String) {
    let query = href.split_once('?').map(|(_, query)| query).unwrap_or_default();
    let mut method = String::new();
    let mut path = String::new();
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = graphperm_views::links::decode(value);
        match key {
            "method" => method = value,
            "path" => path = value,
            _ => {}
        }
    }
    (method, path)
}

/// The number the first `<span class="count" …>N</span>` of `html` shows.
fn count_in(html: &str) -> usize {
    between(html, "<span class=\"count\"", "</span>")
        .and_then(|count| count.rsplit('>').next())
        .and_then(|count| count.parse().ok())
        .expect("a count")
}

/// The path-root pages a tab page links to, each with the count it shows.
fn root_links(html: &str) -> Vec<(String, usize)> {
    let Some(list) = between(html, "<ul class=\"roots\">", "</ul>") else { return Vec::new() };
    list.split("href=\"")
        .skip(1)
        .map(|rest| (unescape(rest.split('"').next().unwrap_or_default()), count_in(rest)))
        .collect()
}

fn pager_links(html: &str) -> Vec<String> {
    let Some(list) = between(html, "<nav class=\"pager\"", "</nav>") else { return Vec::new() };
    list.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(unescape).collect()
}

/// The row count a tab link shows: `API beta <span class="count" title="…">12</span>`.
fn tab_counts(html: &str) -> BTreeMap<String, usize> {
    let nav = between(html, "<nav class=\"tabs\"", "</nav>").expect("the tabs");
    nav.split("data-tab=\"")
        .skip(1)
        .map(|rest| (rest.split('"').next().unwrap_or_default().to_string(), count_in(rest)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_row_shows_the_path_it_links_to_on_every_permission_page() {
    let state = shared();
    let catalogue = &state.catalogue;
    let mut checked_rows = 0usize;
    let mut failures: Vec<String> = Vec::new();
    // Bytes of each permission's first page, and the heaviest page of all.
    let mut first_pages: Vec<(usize, String)> = Vec::new();
    let mut heaviest = (0usize, String::new());
    for permission in &catalogue.permissions {
        let granted: BTreeSet<usize> = permission.grants.iter().map(|grant| grant.endpoint).collect();
        let page_url = graphperm_views::links::permission_url(&permission.name);
        let first = get(&state, &page_url).await.text();
        let counts = tab_counts(&first);
        first_pages.push((first.len(), permission.name.clone()));
        if NAMED.contains(&permission.name.as_str()) {
            println!("{}: {} bytes, {} elements", permission.name, first.len(), elements(&first));
        }
        for tab in MethodTab::ALL {
            let tab_url = format!("{page_url}?tab={}", tab.id());
            let html = get(&state, &tab_url).await.text();
            // Every row the tab has: the first page when it is not split, else every page
            // of every path root.
            let mut pages = vec![html.clone()];
            let roots = root_links(&html);
            if !roots.is_empty() {
                pages.clear();
                for (root, count) in roots {
                    let root_html = get(&state, root.split('#').next().unwrap()).await.text();
                    let more = pager_links(&root_html);
                    let mut of_root = vec![root_html];
                    for further in more.iter().skip(1) {
                        of_root.push(get(&state, further.split('#').next().unwrap()).await.text());
                    }
                    // A root's count is its rows in the tab's schema, as the tab's is.
                    let in_schema: usize = of_root
                        .iter()
                        .map(|page| method_rows(page).iter().filter(|row| row.in_schema).count())
                        .sum();
                    if in_schema != count {
                        failures.push(format!(
                            "{} {}: {root} says {count} rows in the schema, its pages show {in_schema}",
                            permission.name,
                            tab.id()
                        ));
                    }
                    pages.extend(of_root);
                }
            }
            let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
            let mut seen_in_schema = 0usize;
            for page in &pages {
                if page.len() > heaviest.0 {
                    heaviest = (page.len(), format!("{} tab {}", permission.name, tab.id()));
                }
                for row in method_rows(page) {
                    checked_rows += 1;
                    let context = format!("{} {}: {} {}", permission.name, tab.id(), row.method, row.label);
                    if row.links.is_empty() {
                        failures.push(format!("{context}: no endpoint link"));
                    }
                    for link in &row.links {
                        let (method, path) = link_target(link);
                        if method != row.method || path != row.label {
                            failures.push(format!("{context}: links to {method} {path}"));
                        }
                        match catalogue.endpoint(&method, &path) {
                            Some(id) if granted.contains(&id) => {}
                            Some(id) => failures.push(format!(
                                "{context}: opens {} {}, which the permission does not grant",
                                catalogue.endpoints[id].method, catalogue.endpoints[id].path
                            )),
                            None => failures.push(format!("{context}: the link opens no endpoint")),
                        }
                    }
                    if !seen.insert((row.method.clone(), row.label.clone())) {
                        failures.push(format!("{context}: shown twice"));
                    } else if row.in_schema {
                        seen_in_schema += 1;
                    }
                }
            }
            if counts.get(tab.id()) != Some(&seen_in_schema) {
                failures.push(format!(
                    "{} {}: the tab says {:?} rows in the schema, its pages show {seen_in_schema}",
                    permission.name,
                    tab.id(),
                    counts.get(tab.id()),
                ));
            }
            // The note's total is every row the tab's pages show, folded ones included.
            let total = between(&html, "<p class=\"note\">", " ")
                .and_then(|count| count.parse::<usize>().ok())
                .unwrap_or(0);
            if total != seen.len() {
                failures.push(format!(
                    "{} {}: the note says {total} rows, its pages show {}",
                    permission.name,
                    tab.id(),
                    seen.len()
                ));
            }
        }
        assert!(failures.len() < 50, "{}", failures.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!("checked {checked_rows} rows of {} permissions", catalogue.permissions.len());
    assert!(checked_rows > 10_000, "the shared data has many rows: {checked_rows}");

    first_pages.sort();
    let median = first_pages[first_pages.len() / 2].0;
    let p90 = first_pages[first_pages.len() * 9 / 10].0;
    let (max, max_name) = first_pages.last().cloned().unwrap();
    println!("first pages: median {median} bytes, p90 {p90}, max {max} ({max_name})");
    println!("heaviest page of all: {} bytes ({})", heaviest.0, heaviest.1);
    assert!(heaviest.0 <= MAX_PAGE_BYTES, "over the budget: {heaviest:?}");
    assert!(median <= MEDIAN_PAGE_BYTES, "median {median} bytes is over the budget");
}

/// Budgets of issue #12: no permission page over 300 KB; the median first page ≤ 40 KB.
const MAX_PAGE_BYTES: usize = 300 * 1024;
const MEDIAN_PAGE_BYTES: usize = 40 * 1024;

/// Pages whose weight BENCHMARKS.md records.
const NAMED: [&str; 5] = [
    "APIConnectors.ReadWrite.All",
    "User.Read",
    "Directory.ReadWrite.All",
    "Files.ReadWrite",
    "DeviceManagementConfiguration.ReadWrite.All",
];

/// Elements of a page: every start tag.
fn elements(html: &str) -> usize {
    html.as_bytes().windows(2).filter(|pair| pair[0] == b'<' && pair[1].is_ascii_alphabetic()).count()
}
