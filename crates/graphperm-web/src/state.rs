//! The shared, read-only state of the server: the catalogue and the indexes built from it
//! once at start.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use graphperm_core::Catalogue;
use graphperm_core::least::Engine;
use graphperm_core::lint::Findings;
use graphperm_core::search::SearchIndex;
use graphperm_history::history::ChangeSet;
use graphperm_views::resource_page::ResourceEndpoints;
use tokio::sync::Semaphore;

use crate::cache::PageCache;

/// Cheap to clone: everything sits behind one `Arc` and is never written after [`AppState::new`]
/// (apart from the caches, which only ever hold what the same request would compute).
#[derive(Clone)]
pub struct AppState {
    shared: Arc<Shared>,
    /// Per-request bounds; plain values, so tests can shorten them with [`AppState::with_limits`].
    pub(crate) limits: Limits,
}

/// How long and how much one request may work. Every bound is documented in `docs/web.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deadline of user-controlled heavy work (the least-privilege engine): past it the
    /// request answers 503 and the result is dropped.
    pub work_deadline: Duration,
    /// Deadline of a whole request from its head to the handler's answer, body read
    /// included: a client sending one byte every few seconds gets a 408 here.
    pub request_timeout: Duration,
    /// Largest JSON report the calculator answers with (422 past it).
    pub max_report_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            work_deadline: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_report_bytes: 64 * 1024 * 1024,
        }
    }
}

pub struct Shared {
    /// The catalogue, shared with [`Shared::engine`], which was built from it.
    pub catalogue: Arc<Catalogue>,
    pub search: SearchIndex,
    pub engine: Engine,
    /// Endpoints by the resource type they address.
    pub resource_endpoints: ResourceEndpoints,
    /// Serialized `/api/v1/search` answers by (query, limit). The only mutable state: the
    /// palette asks the same prefixes over and over, and a search over every name costs
    /// far more than a lookup. Bounded: cleared when full.
    /// What changed between the sync cache's snapshots, newest first (empty for a plain
    /// data folder); shown at `/changes` and `/changes.atom`.
    pub changes: Vec<ChangeSet>,
    pub(crate) search_cache: Mutex<HashMap<(String, usize), axum::body::Bytes>>,
    /// Rendered responses with their compressed variants (see `crate::cache`).
    pub(crate) pages: PageCache,
    /// Permits for heavy work on the blocking pool: one core fewer than the machine has
    /// (at least one), so the async workers always keep a core for light requests.
    pub(crate) heavy: Arc<Semaphore>,
}

/// Entries kept in [`Shared::search_cache`] before it is cleared.
pub(crate) const SEARCH_CACHE_ENTRIES: usize = 4096;

impl AppState {
    /// Builds the search index and the least-privilege engine over a loaded catalogue.
    pub fn new(catalogue: Catalogue) -> AppState {
        AppState::with_changes(catalogue, Vec::new())
    }

    /// [`AppState::new`] plus the change history of the sync cache
    /// (`graphperm_history::history::history`, computed once at start).
    pub fn with_changes(catalogue: Catalogue, changes: Vec<ChangeSet>) -> AppState {
        let search = SearchIndex::build(&catalogue);
        let resource_endpoints = ResourceEndpoints::build(&catalogue);
        let catalogue = Arc::new(catalogue);
        let engine = Engine::new(Arc::clone(&catalogue));
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        AppState {
            shared: Arc::new(Shared {
                catalogue,
                search,
                engine,
                resource_endpoints,
                changes,
                search_cache: Mutex::new(HashMap::new()),
                pages: PageCache::new(crate::cache::DEFAULT_BUDGET_BYTES),
                heavy: Arc::new(Semaphore::new(cores.saturating_sub(1).max(1))),
            }),
            limits: Limits::default(),
        }
    }

    /// The findings over the state's data folder, computed once per data folder (the checks
    /// read the raw upstream files, which the catalogue has joined away).
    pub fn findings(&self) -> Arc<Findings> {
        static CACHE: OnceLock<FindingsCache> = OnceLock::new();
        let key = (self.catalogue.data_dir.root.clone(), self.catalogue.data_date_text());
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(found) = cache.lock().map(|cache| cache.get(&key).cloned()).ok().flatten() {
            return found;
        }
        let computed = Arc::new(match graphperm_core::lint::lint_data(&self.catalogue) {
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

    /// The same state with other per-request bounds.
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        self.limits = limits;
        self
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.shared
    }
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("permissions", &self.catalogue.permissions.len())
            .field("endpoints", &self.catalogue.endpoints.len())
            .finish()
    }
}

/// Findings per (data folder, data date).
type FindingsCache = Mutex<HashMap<(PathBuf, Option<String>), Arc<Findings>>>;
