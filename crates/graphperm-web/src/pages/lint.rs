//! The data-checks page (`/lint`): every finding of `graphperm lint` over the served
//! data, by check, with the file and entry each is about; and the per-permission and
//! per-endpoint counts the other pages show as "data notes".

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use askama::Template;
use graphperm_core::lint::{self, Check, Findings};

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

/// Rows listed at most; the rest is counted.
const MAX_ROWS: usize = 500;

#[derive(Template)]
#[template(path = "lint.html")]
struct LintPage {
    layout: Layout,
    checks: Vec<CheckRow>,
    selected: Option<&'static str>,
    query: String,
    rows: Vec<Row>,
    hidden: usize,
    error: Option<String>,
}

struct CheckRow {
    name: &'static str,
    title: &'static str,
    count: usize,
}

struct Row {
    check: &'static str,
    file: String,
    entry: String,
    message: String,
}

/// Findings per (data folder, data date).
type Cache = Mutex<HashMap<(PathBuf, Option<String>), Arc<Findings>>>;

/// The findings over the state's data folder, computed once per data folder (the checks
/// read the raw upstream files, which the catalogue has joined away).
pub fn findings(state: &AppState) -> Arc<Findings> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (state.catalogue.data_dir.root.clone(), state.catalogue.data_date.clone());
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(found) = cache.lock().map(|cache| cache.get(&key).cloned()).ok().flatten() {
        return found;
    }
    let computed = Arc::new(match lint::lint_data(&state.catalogue) {
        Ok(findings) => findings,
        Err(error) => {
            tracing::warn!("data checks unavailable: {error}");
            Findings::default()
        }
    });
    if let Ok(mut cache) = cache.lock() {
        cache.insert(key, computed.clone());
    }
    computed
}

/// `check` narrows to one check, `q` to findings whose entry, message or permissions
/// contain the text (case-insensitive).
pub fn render_lint_page(
    state: &AppState,
    check: Option<&str>,
    query: Option<&str>,
) -> Result<String, WebError> {
    let all = findings(state);
    let selected = check.and_then(|name| Check::ALL.into_iter().find(|check| check.as_str() == name));
    let query: String = query.unwrap_or_default().trim().chars().take(200).collect();
    let needle = query.to_lowercase();
    let counts = all.counts();
    let checks = Check::ALL
        .into_iter()
        .map(|check| CheckRow {
            name: check.as_str(),
            title: check.title(),
            count: counts.get(&check).copied().unwrap_or(0),
        })
        .collect();
    let matching = all.findings.iter().filter(|finding| {
        selected.is_none_or(|check| finding.check == check)
            && (needle.is_empty()
                || finding.entry.to_lowercase().contains(&needle)
                || finding.message.to_lowercase().contains(&needle)
                || finding.permissions.iter().any(|name| name.to_lowercase() == needle))
    });
    let mut rows = Vec::new();
    let mut hidden = 0;
    for finding in matching {
        if rows.len() >= MAX_ROWS {
            hidden += 1;
            continue;
        }
        rows.push(Row {
            check: finding.check.as_str(),
            file: finding.file.clone(),
            entry: finding.entry.clone(),
            message: finding.message.clone(),
        });
    }
    let page = LintPage {
        layout: Layout::new(
            Some(state),
            "Data checks",
            "Where Microsoft's permission data misleads a least-privilege answer.",
            "",
        ),
        checks,
        selected: selected.map(Check::as_str),
        query,
        rows,
        hidden,
        error: all.is_empty().then(|| {
            "No findings: the data checks found nothing, or could not read the raw files.".to_string()
        }),
    };
    Ok(page.render()?)
}
