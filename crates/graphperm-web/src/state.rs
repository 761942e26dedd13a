//! The shared, read-only state of the server: the catalogue and the indexes built from it
//! once at start.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, Mutex};

use graphperm_core::Catalogue;
use graphperm_core::least::Engine;
use graphperm_core::model::{ApiVersion, EndpointId};
use graphperm_core::search::SearchIndex;
use graphperm_history::history::ChangeSet;

/// Cheap to clone: everything sits behind one `Arc` and is never written after [`AppState::new`].
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub catalogue: Catalogue,
    pub search: SearchIndex,
    pub engine: Engine,
    /// Endpoints by (version, lower-cased fully qualified resource type) they address.
    pub endpoints_by_resource: HashMap<(ApiVersion, String), Vec<EndpointId>>,
    /// Serialized `/api/v1/search` answers by (query, limit). The only mutable state: the
    /// palette asks the same prefixes over and over, and a search over every name costs
    /// far more than a lookup. Bounded: cleared when full.
    /// What changed between the sync cache's snapshots, newest first (empty for a plain
    /// data folder); shown at `/changes` and `/changes.atom`.
    pub changes: Vec<ChangeSet>,
    pub(crate) search_cache: Mutex<HashMap<(String, usize), axum::body::Bytes>>,
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
        let engine = Engine::new(&catalogue);
        let mut endpoints_by_resource: HashMap<(ApiVersion, String), Vec<EndpointId>> = HashMap::new();
        for (id, endpoint) in catalogue.endpoints.iter().enumerate() {
            for (version, resolution) in &endpoint.resolutions {
                if let Some(resource) = &resolution.resource {
                    endpoints_by_resource
                        .entry((*version, resource.to_ascii_lowercase()))
                        .or_default()
                        .push(id);
                }
            }
        }
        AppState(Arc::new(Shared {
            catalogue,
            search,
            engine,
            endpoints_by_resource,
            changes,
            search_cache: Mutex::new(HashMap::new()),
        }))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
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
