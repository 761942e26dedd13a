//! The graphperm explorer as static files: `graphperm site --out DIR` writes every page
//! the server renders, through the same `graphperm_web::pages` functions, plus the
//! exports, the assets, a search index for the palette, `sitemap.xml` and `404.html`.
//!
//! Pages are rendered for the server and then rewritten ([`rewrite`]): root-relative links
//! become relative file links (or links under `--base-url`), and URLs that carry their
//! meaning in a query string map to file paths ([`urls`]).

mod error;
pub mod render;
pub mod rewrite;
pub mod search_index;
pub mod urls;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use graphperm_web::AppState;

pub use error::SiteError;

use crate::render::{Job, Output, page_jobs, render_job};
use crate::rewrite::{LinkBase, rewrite_page};
use crate::urls::UrlMap;

/// The site's own script: the palette's search from `search-index.json`.
pub const SITE_JS: &str = include_str!("../static/site.js");

/// File in the output folder that marks it as a site, so a rebuild may clear it.
pub const MARKER: &str = ".graphperm-site";

/// The search index file, at the site's root.
pub const SEARCH_INDEX: &str = "search-index.json";

#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Where the site will be served, e.g. `https://example.org/graphperm` or
    /// `/graphperm`. `None`: links relative to each page, so any base path works.
    pub base_url: Option<String>,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct SiteReport {
    pub files: usize,
    pub pages: usize,
    pub bytes: u64,
    pub search_index_bytes: u64,
    pub search_index_gzip_bytes: u64,
    /// Root-relative links of the rendered pages that have no file in the site.
    pub unresolved_links: BTreeSet<String>,
}

/// Writes the whole site into `out` (created if needed; a previous site there is
/// replaced, any other non-empty folder is refused).
pub fn build_site(state: &AppState, out: &Path, options: &SiteOptions) -> Result<SiteReport, SiteError> {
    let base = link_base(options.base_url.as_deref())?;
    prepare(out)?;
    let map = UrlMap::new(state);
    let site_js = format!("static/site.js?v={}", graphperm_views::links::content_hash(SITE_JS.as_bytes()));
    let feed_base = match &base {
        LinkBase::Prefix(prefix) => prefix.trim_end_matches('/').to_string(),
        LinkBase::Relative => String::new(),
    };
    let jobs = page_jobs(state, &feed_base);
    let report = Mutex::new(SiteReport::default());
    let pages = Mutex::new(Vec::new());
    let first_error: Mutex<Option<SiteError>> = Mutex::new(None);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism().map_or(2, |count| count.get()).min(8);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut local = SiteReport::default();
                let mut local_pages = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(index) else {
                        break;
                    };
                    if let Err(error) =
                        write_job(state, job, out, &map, &base, &site_js, &mut local, &mut local_pages)
                    {
                        stop.store(true, Ordering::Relaxed);
                        first_error.lock().unwrap_or_else(|poison| poison.into_inner()).get_or_insert(error);
                    }
                }
                let mut shared = report.lock().unwrap_or_else(|poison| poison.into_inner());
                merge(&mut shared, local);
                pages.lock().unwrap_or_else(|poison| poison.into_inner()).extend(local_pages);
            });
        }
    });
    if let Some(error) = first_error.into_inner().unwrap_or_else(|poison| poison.into_inner()) {
        return Err(error);
    }
    let mut report = report.into_inner().unwrap_or_else(|poison| poison.into_inner());
    let mut pages = pages.into_inner().unwrap_or_else(|poison| poison.into_inner());

    for asset in graphperm_web::assets() {
        write_file(out, &format!("static/{}", asset.name), asset.bytes, &mut report)?;
    }
    write_file(out, "static/site.js", SITE_JS.as_bytes(), &mut report)?;

    let index = search_index::build_search_index(state);
    let json = serde_json::to_vec(&index)
        .map_err(|error| SiteError::Serialize { what: SEARCH_INDEX.into(), message: error.to_string() })?;
    report.search_index_bytes = json.len() as u64;
    report.search_index_gzip_bytes = gzip_len(&json);
    write_file(out, SEARCH_INDEX, &json, &mut report)?;

    // The 404 page is served at any missing address, so its links cannot be relative:
    // they are under --base-url, else root-relative (right when the site is at the root).
    let not_found_base = match &base {
        LinkBase::Relative => LinkBase::Prefix("/".into()),
        prefix => prefix.clone(),
    };
    let not_found = graphperm_web::pages::error::render_error_page(
        axum::http::StatusCode::NOT_FOUND,
        "There is no page at this address.",
        &[],
    );
    let rewritten = rewrite_page(&not_found, "404.html", &map, &not_found_base, &site_js);
    write_file(out, "404.html", rewritten.html.as_bytes(), &mut report)?;

    pages.sort();
    // Each file once in the sitemap.
    pages.dedup();
    let sitemap = sitemap(&pages, &base);
    write_file(out, "sitemap.xml", sitemap.as_bytes(), &mut report)?;
    // GitHub Pages: serve the files as they are, without Jekyll.
    write_file(out, ".nojekyll", b"", &mut report)?;
    write_file(out, MARKER, b"written by graphperm site\n", &mut report)?;
    report.pages = pages.len();
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn write_job(
    state: &AppState,
    job: &Job,
    out: &Path,
    map: &UrlMap<'_>,
    base: &LinkBase,
    site_js: &str,
    report: &mut SiteReport,
    pages: &mut Vec<String>,
) -> Result<(), SiteError> {
    for (file, output) in render_job(state, job)? {
        match output {
            Output::Html(html) => {
                let rewritten = rewrite_page(&html, &file, map, base, site_js);
                report.unresolved_links.extend(rewritten.unresolved);
                write_file(out, &file, rewritten.html.as_bytes(), report)?;
                pages.push(file);
            }
            Output::Bytes(bytes) => write_file(out, &file, &bytes, report)?,
        }
    }
    Ok(())
}

fn write_file(out: &Path, file: &str, bytes: &[u8], report: &mut SiteReport) -> Result<(), SiteError> {
    let path = out.join(file);
    let failed = |source| SiteError::Write { path: path.clone(), source };
    if let Some(parent) = path.parent() {
        // Thousands of files share a few hundred folders: create each folder once per
        // thread instead of asking the file system before every file. The cache may
        // outlive a folder (a rebuild clears the output), so a missing folder is made and
        // the write retried.
        thread_local! {
            static CREATED: std::cell::RefCell<std::collections::HashSet<PathBuf>> = Default::default();
        }
        let known = CREATED.with(|created| created.borrow().contains(parent));
        if !known {
            std::fs::create_dir_all(parent).map_err(failed)?;
            CREATED.with(|created| created.borrow_mut().insert(parent.to_path_buf()));
        }
        if let Err(error) = std::fs::write(&path, bytes) {
            if error.kind() != std::io::ErrorKind::NotFound {
                return Err(failed(error));
            }
            std::fs::create_dir_all(parent).map_err(failed)?;
        } else {
            report.files += 1;
            report.bytes += bytes.len() as u64;
            return Ok(());
        }
    }
    std::fs::write(&path, bytes).map_err(failed)?;
    report.files += 1;
    report.bytes += bytes.len() as u64;
    Ok(())
}

fn merge(into: &mut SiteReport, from: SiteReport) {
    into.files += from.files;
    into.bytes += from.bytes;
    into.unresolved_links.extend(from.unresolved_links);
}

/// What a rebuild into `out` removes and keeps, top-level names sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClearPlan {
    /// Entries of the previous site that are removed (folders end in `/`).
    pub remove: Vec<String>,
    /// Entries kept: version control (`.git`, `.gitignore`, `.github`, `.hg`, `.svn`), so a
    /// site folder can be its own repository (GitHub Pages).
    pub keep: Vec<String>,
}

/// True for top-level entries a rebuild never removes.
fn is_kept(name: &str) -> bool {
    name.starts_with(".git") || name == ".hg" || name == ".svn"
}

/// What [`build_site`] will remove from `out` before writing: nothing for a missing or
/// empty folder, the previous site for a folder holding the marker, and an error for any
/// other folder.
pub fn plan_clear(out: &Path) -> Result<ClearPlan, SiteError> {
    let clear = |source| SiteError::Clear { path: out.to_path_buf(), source };
    let mut plan = ClearPlan::default();
    if !out.exists() {
        return Ok(plan);
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(out).map_err(clear)? {
        let entry = entry.map_err(clear)?;
        let mut name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().map_err(clear)?.is_dir() {
            name.push('/');
        }
        names.push(name);
    }
    names.sort();
    let (keep, remove): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|name| is_kept(name.trim_end_matches('/')));
    if !remove.is_empty() && !out.join(MARKER).is_file() {
        return Err(SiteError::NotASite { path: out.to_path_buf() });
    }
    plan.remove = remove;
    plan.keep = keep;
    Ok(plan)
}

/// Creates `out`, or empties it (but for what [`ClearPlan::keep`] lists) when it holds
/// a previous site.
fn prepare(out: &Path) -> Result<(), SiteError> {
    let clear = |source| SiteError::Clear { path: out.to_path_buf(), source };
    for name in plan_clear(out)?.remove {
        let path = out.join(name.trim_end_matches('/'));
        // `symlink_metadata`: a link to a folder is removed as a link, never followed.
        if std::fs::symlink_metadata(&path).map_err(clear)?.is_dir() {
            std::fs::remove_dir_all(&path).map_err(clear)?;
        } else {
            std::fs::remove_file(&path).map_err(clear)?;
        }
    }
    std::fs::create_dir_all(out).map_err(|source| SiteError::Write { path: out.to_path_buf(), source })
}

fn link_base(base_url: Option<&str>) -> Result<LinkBase, SiteError> {
    let Some(url) = base_url.map(str::trim).filter(|url| !url.is_empty()) else {
        return Ok(LinkBase::Relative);
    };
    let invalid = |reason| SiteError::BaseUrl { url: url.to_string(), reason };
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    if !absolute && !url.starts_with('/') {
        return Err(invalid("expected https://host/path or /path"));
    }
    if url.contains(['?', '#', '"', '<', '>', ' ']) {
        return Err(invalid("no query, fragment, quotes or spaces"));
    }
    Ok(LinkBase::Prefix(format!("{}/", url.trim_end_matches('/'))))
}

/// `sitemap.xml`: every page. The protocol wants absolute URLs, which needs --base-url;
/// without it the locations are relative to the sitemap (documented in docs/site.md).
fn sitemap(pages: &[String], base: &LinkBase) -> String {
    let prefix = match base {
        LinkBase::Relative => "",
        LinkBase::Prefix(prefix) => prefix.as_str(),
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        let loc = format!("{prefix}{page}");
        let loc = html_escape::encode_text(&loc);
        xml.push_str(&format!("<url><loc>{loc}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |compressed| compressed.len() as u64)
}
