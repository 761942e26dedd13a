//! The link checker over every written page, and the sitemap against the pages.

use crate::support::{broken_links, build, files, fixture, shared_site, sitemap_locations};

#[track_caller]
fn assert_no_broken(broken: &[String]) {
    assert!(
        broken.is_empty(),
        "{} broken links, first ones:\n{}",
        broken.len(),
        broken[..broken.len().min(20)].join("\n")
    );
}

#[test]
fn fixture_relative_links_resolve() {
    let site = build(&fixture(), "", None);
    assert!(site.report.unresolved_links.is_empty(), "{:?}", site.report.unresolved_links);
    assert_no_broken(&broken_links(&site.dir, None));
}

#[test]
fn fixture_links_resolve_under_an_absolute_base_url() {
    let site = build(&fixture(), "", Some("https://example.org/graphperm/"));
    assert_no_broken(&broken_links(&site.dir, Some("https://example.org/graphperm/")));
    let home = std::fs::read_to_string(site.dir.join("index.html")).expect("home");
    assert!(home.contains("href=\"https://example.org/graphperm/permissions.html\""), "{home}");
}

#[test]
fn fixture_links_resolve_under_a_path_base_url() {
    let site = build(&fixture(), "", Some("/graphperm"));
    assert_no_broken(&broken_links(&site.dir, Some("/graphperm/")));
    let not_found = std::fs::read_to_string(site.dir.join("404.html")).expect("404");
    assert!(not_found.contains("href=\"/graphperm/index.html\""), "{not_found}");
}

#[test]
fn the_checker_finds_a_broken_link() {
    let site = build(&fixture(), "", None);
    std::fs::write(
        site.dir.join("extra.html"),
        "<a href=\"permission/Nope.html\">x</a><a href=\"/index.html\">y</a>",
    )
    .expect("write");
    let broken = broken_links(&site.dir, None);
    assert_eq!(broken, vec!["extra.html -> permission/Nope.html", "extra.html -> /index.html"]);
}

#[test]
fn shared_data_links_resolve() {
    let site = shared_site();
    assert!(
        site.report.unresolved_links.is_empty(),
        "{:?}",
        site.report.unresolved_links.iter().take(20).collect::<Vec<_>>()
    );
    assert_no_broken(&broken_links(&site.dir, None));
}

#[track_caller]
fn check_sitemap(dir: &std::path::Path, prefix: &str) {
    let xml = std::fs::read_to_string(dir.join("sitemap.xml")).expect("sitemap.xml");
    let mut listed = sitemap_locations(&xml);
    listed.sort();
    let pages: Vec<String> = files(dir)
        .into_iter()
        .filter(|file| file.ends_with(".html") && file != "404.html")
        .map(|file| format!("{prefix}{file}"))
        .collect();
    assert_eq!(listed.len(), pages.len());
    assert_eq!(listed, pages);
}

#[test]
fn sitemap_lists_every_page() {
    let site = build(&fixture(), "", None);
    check_sitemap(&site.dir, "");
    assert_eq!(
        site.report.pages,
        sitemap_locations(&std::fs::read_to_string(site.dir.join("sitemap.xml")).expect("sitemap")).len()
    );
    let absolute = build(&fixture(), "", Some("https://example.org/g"));
    check_sitemap(&absolute.dir, "https://example.org/g/");
    check_sitemap(&shared_site().dir, "");
}
