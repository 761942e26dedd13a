//! The pages of the static site, each rendered by the web explorer's own `render_*`
//! function: the list of pages ([`page_jobs`]) and how one is rendered ([`render_job`]).

use std::collections::BTreeSet;

use graphperm_core::model::{EndpointId, PermissionId};
use graphperm_views::permission_page::{self, MethodTab};
use graphperm_views::{export, permission};
use graphperm_web::AppState;
use graphperm_web::pages::{self, IndexOptions, LeastForm, PermissionOptions};

use crate::error::SiteError;
use crate::urls::{
    INDEX_FILTERS, INDEX_SORTS, UrlMap, cmdlet_file, endpoint_file, index_file, permission_file,
    permission_page_file, resource_file,
};

/// The note the calculator page carries in the static site (see docs/site.md).
pub const LEAST_NOTE: &str = "<p class=\"static-note\" role=\"note\" id=\"static-note\"><strong>The \
least-privilege calculator needs the graphperm server.</strong> This is a static copy of the explorer: \
run <code>graphperm serve</code> (or <code>graphperm least</code> on the command line) to compute the \
smallest set of permissions for a list of calls. Every endpoint page here still shows the \
least-privileged permission for that one call.</p>";

/// One file of the site that comes from the catalogue.
#[derive(Debug, Clone)]
pub enum Job {
    Home,
    Search,
    Least,
    /// The data checks (`/lint`), every check (a static host cannot filter).
    Lint,
    Index {
        filter: Option<(&'static str, &'static str)>,
        sort: &'static str,
        page: usize,
    },
    Permission(PermissionId),
    PermissionExport(PermissionId),
    Resource {
        version: graphperm_core::model::ApiVersion,
        name: String,
    },
    Endpoint(EndpointId),
    Cmdlet(String),
    Export,
    /// The change history page and its Atom feed; the feed's links need the absolute
    /// base URL (empty without --base-url: root-relative links).
    Changes {
        feed_base: String,
    },
}

/// Every page and export, in a stable order.
pub fn page_jobs(state: &AppState, feed_base: &str) -> Vec<Job> {
    let catalogue = &state.catalogue;
    let map = UrlMap::new(state);
    let mut jobs = vec![
        Job::Home,
        Job::Search,
        Job::Least,
        Job::Lint,
        Job::Export,
        Job::Changes { feed_base: feed_base.to_string() },
    ];
    for filter in std::iter::once(None).chain(INDEX_FILTERS.into_iter().map(Some)) {
        for sort in INDEX_SORTS {
            let rows = pages::index::index_rows(&state.catalogue, &index_options(filter, sort, 1)).len();
            let count = rows.div_ceil(pages::index::PAGE_SIZE).max(1);
            jobs.extend((1..=count).map(|page| Job::Index { filter, sort, page }));
        }
    }
    for id in 0..catalogue.permissions.len() {
        jobs.push(Job::Permission(id));
        jobs.push(Job::PermissionExport(id));
    }
    let mut resources = BTreeSet::new();
    for (version, schema) in &catalogue.schemas {
        for ty in &schema.types {
            if let Some(name) = map.resource_name(*version, &ty.full_name())
                && resources.insert(resource_file(*version, &name))
            {
                jobs.push(Job::Resource { version: *version, name });
            }
        }
    }
    jobs.extend((0..catalogue.endpoints.len()).map(Job::Endpoint));
    let mut cmdlets: Vec<&str> = catalogue.cmdlets().map(|(name, _)| name).collect();
    cmdlets.sort_unstable();
    jobs.extend(cmdlets.into_iter().map(|name| Job::Cmdlet(name.to_string())));
    jobs
}

/// What a job writes: HTML to rewrite, or bytes written as they are.
#[derive(Debug)]
pub enum Output {
    Html(String),
    Bytes(Vec<u8>),
}

/// Renders one job: the files it writes (site-relative path and content).
pub fn render_job(state: &AppState, job: &Job) -> Result<Vec<(String, Output)>, SiteError> {
    let catalogue = &state.catalogue;
    let failed = |page: String| {
        move |error: graphperm_web::WebError| SiteError::Render { page, message: error.to_string() }
    };
    let html = |file: String, html: String| Ok(vec![(file, Output::Html(html))]);
    match job {
        Job::Home => {
            html("index.html".into(), pages::render_home_page(state).map_err(failed("home".into()))?)
        }
        Job::Search => html(
            "search.html".into(),
            pages::render_search_page(state, "", None).map_err(failed("search".into()))?,
        ),
        Job::Lint => html(
            "lint.html".into(),
            pages::render_lint_page(state, Default::default()).map_err(failed("lint".into()))?,
        ),
        Job::Least => {
            let page =
                pages::render_least_page(state, &LeastForm::default()).map_err(failed("least".into()))?;
            // A GET form: submitting it on a static host reloads this page and its note
            // instead of failing with 405 Method Not Allowed.
            let page =
                page.replacen("action=\"/least\" method=\"post\"", "action=\"/least\" method=\"get\"", 1);
            let page = page.replacen("<main id=\"main\">", &format!("<main id=\"main\">\n{LEAST_NOTE}"), 1);
            html("least.html".into(), page)
        }
        Job::Index { filter, sort, page } => {
            let options = index_options(*filter, sort, *page);
            let rendered =
                pages::render_index_page(state, &options).map_err(failed(format!("index {options:?}")))?;
            html(index_file(*filter, sort, *page), rendered)
        }
        Job::Permission(id) => {
            // Every view of the page a link can reach: each tab, and each path root (and
            // its pages) of a long tab.
            let name = &catalogue.permissions[*id].name;
            let mut files = Vec::new();
            for tab in MethodTab::ALL {
                let options = PermissionOptions { tab, ..PermissionOptions::default() };
                let Some(page) = permission_page::permission_page(catalogue, &state.engine, name, &options)
                else {
                    continue;
                };
                let mut views = vec![options.clone()];
                for root in &page.table.roots {
                    let count = root.rows.div_ceil(permission_page::ROOT_PAGE_ROWS).max(1);
                    views.extend((1..=count).map(|page| PermissionOptions {
                        root: Some(root.root.clone()),
                        page,
                        ..options.clone()
                    }));
                }
                for view in views {
                    let rendered = pages::render_permission_page(state, name, &view)
                        .map_err(failed(format!("permission {name} {view:?}")))?;
                    let file = permission_page_file(name, view.tab, view.root.as_deref(), view.page);
                    files.push((file, Output::Html(rendered)));
                }
            }
            Ok(files)
        }
        Job::PermissionExport(id) => {
            let found = &catalogue.permissions[*id];
            let view = permission::permission_view(&state.engine, found, None, true);
            // Compact, unlike the server's pretty reply: 1,128 files of up to half a
            // megabyte each, where indentation is a third of the bytes (issue #12).
            let mut json = serde_json::to_vec(&view).map_err(|error| SiteError::Serialize {
                what: format!("permission {}", found.name),
                message: error.to_string(),
            })?;
            json.push(b'\n');
            let csv = permission::permission_csv(&view).into_bytes();
            Ok(vec![
                (permission_file(&found.name, "json"), Output::Bytes(json)),
                (permission_file(&found.name, "csv"), Output::Bytes(csv)),
            ])
        }
        Job::Resource { version, name } => {
            let rendered = pages::render_resource_page(state, version.as_str(), name)
                .map_err(failed(format!("resource {}/{name}", version.as_str())))?;
            html(resource_file(*version, name), rendered)
        }
        Job::Endpoint(id) => {
            let endpoint = &catalogue.endpoints[*id];
            // The spelling of permissions.json: the catalogue's lookup always accepts it.
            let rendered = pages::render_endpoint_page(state, Some(&endpoint.method), &endpoint.raw_path)
                .map_err(failed(format!("endpoint {} {}", endpoint.method, endpoint.path)))?;
            html(endpoint_file(&endpoint.method, &endpoint.path), rendered)
        }
        Job::Cmdlet(name) => {
            let rendered =
                pages::render_cmdlet_page(state, name).map_err(failed(format!("cmdlet {name}")))?;
            html(cmdlet_file(name), rendered)
        }
        Job::Changes { feed_base } => {
            let page = pages::render_changes_page(state).map_err(failed("changes".into()))?;
            let feed = pages::render_changes_feed(state, feed_base);
            Ok(vec![
                ("changes.html".into(), Output::Html(page)),
                ("changes.atom".into(), Output::Bytes(feed.into_bytes())),
            ])
        }
        Job::Export => {
            // Compact for the same reason as the permission exports.
            let mut json = serde_json::to_vec(&export::export_view(&state.engine)).map_err(|error| {
                SiteError::Serialize { what: "permissions.json".into(), message: error.to_string() }
            })?;
            json.push(b'\n');
            Ok(vec![
                ("permissions.json".into(), Output::Bytes(json)),
                ("permissions.csv".into(), Output::Bytes(export::export_csv(&state.engine))),
            ])
        }
    }
}

fn index_options(filter: Option<(&str, &str)>, sort: &str, page: usize) -> IndexOptions {
    let mut options = IndexOptions {
        sort: if sort == "name" { String::new() } else { sort.to_string() },
        page: page.to_string(),
        ..IndexOptions::default()
    };
    if let Some((key, value)) = filter {
        let field = match key {
            "scheme" => &mut options.scheme,
            "consent" => &mut options.consent,
            "level" => &mut options.level,
            _ => &mut options.endpoints,
        };
        *field = value.to_string();
    }
    options
}
