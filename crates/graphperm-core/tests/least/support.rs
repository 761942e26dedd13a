//! Shared fixtures: the catalogue and engine over `../shared/graph-data`, loaded once.

use std::sync::OnceLock;

use graphperm_core::least::Engine;
use graphperm_core::{Catalogue, DataDir};

pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        Catalogue::load(&DataDir::new(graphperm_fixtures::shared_data())).expect("the shared data loads")
    })
}

pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(catalogue()))
}
