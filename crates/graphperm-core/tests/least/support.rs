//! Shared fixtures: the catalogue and engine over `../shared/graph-data`, loaded once.

use std::sync::{Arc, OnceLock};

use graphperm_core::least::Engine;
use graphperm_core::{Catalogue, DataDir};

fn shared_catalogue() -> &'static Arc<Catalogue> {
    static CATALOGUE: OnceLock<Arc<Catalogue>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        Arc::new(
            Catalogue::load(&DataDir::new(graphperm_fixtures::shared_data())).expect("the shared data loads"),
        )
    })
}

pub fn catalogue() -> &'static Catalogue {
    shared_catalogue()
}

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Arc::clone(shared_catalogue())))
}
