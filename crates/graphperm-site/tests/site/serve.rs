//! Serving the site with a plain static server (`python3 -m http.server`) at the root of
//! the host and under a prefix folder: pages, assets and the search index answer 200, and
//! every link of the pages fetched resolves over HTTP.

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{build, fixture, links, resolve};

/// A `python3 -m http.server` on 127.0.0.1, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let port =
            TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port();
        let child = Command::new("python3")
            .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "the server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, port }
    }

    /// Status and body of a path on this server (`/prefix/index.html`).
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut response = agent.get(&url).call().unwrap_or_else(|error| panic!("GET {url}: {error}"));
        let status = response.status().as_u16();
        let mut body = Vec::new();
        response.body_mut().as_reader().read_to_end(&mut body).expect("a body");
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Fetches `pages` under `prefix` (`/` or `/docs/graphperm/`) and every internal link on
/// them; returns the failures as "url -> status".
fn crawl(server: &Server, prefix: &str, pages: &[&str], base: Option<&str>) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fetched = 0;
    for page in pages {
        let (status, body) = server.get(&format!("{prefix}{page}"));
        if status != 200 {
            failures.push(format!("{prefix}{page} -> {status}"));
            continue;
        }
        let html = String::from_utf8(body).expect("utf-8");
        for link in links(&html) {
            if link.starts_with('#')
                || (link.starts_with("http") && base.is_none_or(|base| !link.starts_with(base)))
            {
                continue;
            }
            // A browser's view: a relative link joins the page's URL; a base-url link is
            // already rooted.
            let path = match base {
                Some(base) if link.starts_with(base) => {
                    let rest = &link[base.len()..];
                    format!("{prefix}{}", rest.split('#').next().unwrap_or_default())
                }
                _ => match resolve(&format!("{}{page}", prefix.trim_start_matches('/')), &link) {
                    Some(path) => format!("/{path}"),
                    None => {
                        failures.push(format!("{page}: {link} leaves the host"));
                        continue;
                    }
                },
            };
            let (status, _) = server.get(&path);
            fetched += 1;
            if status != 200 {
                failures.push(format!("{page}: {link} ({path}) -> {status}"));
            }
        }
    }
    assert!(fetched > 20, "only {fetched} links followed");
    failures
}

fn sample_pages(state: &graphperm_web::AppState) -> Vec<String> {
    let catalogue = &state.catalogue;
    let endpoint = &catalogue.endpoints[0];
    vec![
        "index.html".to_string(),
        "permissions.html".to_string(),
        "least.html".to_string(),
        graphperm_site::urls::permission_file(&catalogue.permissions[0].name, "html"),
        graphperm_site::urls::endpoint_file(&endpoint.method, &endpoint.path),
    ]
}

#[test]
fn served_from_the_site_folder() {
    let state = fixture();
    let site = build(&state, "", None);
    let server = Server::start(&site.dir);
    let pages = sample_pages(&state);
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let failures = crawl(&server, "/", &pages, None);
    assert!(failures.is_empty(), "{failures:#?}");
    for file in ["/search-index.json", "/static/site.js", "/sitemap.xml", "/permissions.json", "/"] {
        assert_eq!(server.get(file).0, 200, "{file}");
    }
    assert_eq!(server.get("/permission/No.Such.Thing.html").0, 404);
}

#[test]
fn served_under_a_prefix_folder() {
    let state = fixture();
    let site = build(&state, "docs/graphperm", None);
    let parent = site.dir.parent().and_then(Path::parent).expect("the temporary root");
    let server = Server::start(parent);
    let pages = sample_pages(&state);
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let failures = crawl(&server, "/docs/graphperm/", &pages, None);
    assert!(failures.is_empty(), "{failures:#?}");
    let (status, body) = server.get("/docs/graphperm/search-index.json");
    assert_eq!(status, 200);
    let index: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert!(index["entries"].as_array().is_some_and(|entries| !entries.is_empty()));
}

#[test]
fn served_under_a_prefix_given_as_base_url() {
    let state = fixture();
    let site = build(&state, "graphperm", Some("/graphperm"));
    let parent = site.dir.parent().expect("the temporary root");
    let server = Server::start(parent);
    let pages = sample_pages(&state);
    let pages: Vec<&str> = pages.iter().map(String::as_str).chain(["404.html"]).collect();
    let failures = crawl(&server, "/graphperm/", &pages, Some("/graphperm/"));
    assert!(failures.is_empty(), "{failures:#?}");
}
