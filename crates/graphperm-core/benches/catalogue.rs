//! Loading the shared data folder into the catalogue, against the bare parse of the same
//! files (read + deserialize, no join) measured in the same run.
//!
//! Run: `cargo bench -p graphperm-core --bench catalogue`. Divan prints both timings;
//! afterwards this harness prints the ratio catalogue/bare (target: ≤ 2.0).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use graphperm_core::{Catalogue, DataDir, load};

// The binary ships with mimalloc; measure with what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn data() -> DataDir {
    let dir =
        std::env::var_os("GRAPHPERM_DATA").map(PathBuf::from).unwrap_or_else(graphperm_fixtures::shared_data);
    DataDir::new(dir)
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn bare_parse() -> load::Sources {
    load::read_sources(&data()).expect("the data parses")
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn catalogue_load() -> Catalogue {
    Catalogue::load(&data()).expect("the data loads")
}

fn median_of(runs: usize, mut run: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    divan::main();
    // Interleaved medians, so both see the same machine state.
    let dir = data();
    let bare = median_of(7, || drop(load::read_sources(&dir).unwrap()));
    let full = median_of(7, || drop(Catalogue::load(&dir).unwrap()));
    println!(
        "catalogue load {:.1} ms / bare parse {:.1} ms = {:.2}x (target <= 2.0x)",
        full.as_secs_f64() * 1000.0,
        bare.as_secs_f64() * 1000.0,
        full.as_secs_f64() / bare.as_secs_f64()
    );
}
