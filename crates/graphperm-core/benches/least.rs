//! Least-privilege engine benchmarks on the shared data: single-call resolution against
//! an exact-template HashMap lookup (the baseline of existing tools), and solving inputs
//! of 10,000 calls. Run: `cargo bench -p graphperm-core --bench least`.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use divan::Bencher;
use divan::counter::ItemsCount;
use graphperm_core::least::{Calls, Engine};
use graphperm_core::{Catalogue, DataDir, Scheme};

// The binary ships with mimalloc; measure with what ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CORPUS: &str = include_str!("../tests/least_corpus/calls.tsv");

static CATALOGUE: LazyLock<Arc<Catalogue>> = LazyLock::new(|| {
    Arc::new(
        Catalogue::load(&DataDir::new(graphperm_fixtures::shared_data())).expect("the shared data loads"),
    )
});
static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::new(Arc::clone(&CATALOGUE)));

/// The corpus calls (method, URL): every URL shape the engine reads.
static CALLS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    CORPUS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[1].to_string(), fields[2].to_string())
        })
        .collect()
});

/// One call per usable endpoint of the data, ids substituted: thousands of distinct
/// templates, the hardest input for the solver.
static ENDPOINT_CALLS: LazyLock<Vec<String>> = LazyLock::new(|| {
    CATALOGUE
        .endpoints
        .iter()
        .filter(|endpoint| !endpoint.raw_path.contains(['?', ' ']))
        .map(|endpoint| {
            let mut url = String::new();
            let mut inside = false;
            for c in endpoint.raw_path.chars() {
                match c {
                    '{' => {
                        inside = true;
                        url.push_str("48d31887-5fad-4d73-a9f5-3c356e68a038");
                    }
                    '}' => inside = false,
                    _ if !inside => url.push(c),
                    _ => {}
                }
            }
            format!("{} {}", endpoint.method, url.replace("/.../", "/childFolders/f1/"))
        })
        .collect()
});

fn main() {
    LazyLock::force(&ENGINE);
    divan::main();
}

/// Baseline: an exact `(method, template)` HashMap lookup, as tools that only look the
/// template up do; the corpus URLs' expected templates are the keys looked up.
#[divan::bench]
fn baseline_exact_template_lookup(bencher: Bencher) {
    let table: HashMap<(String, String), usize> = CATALOGUE
        .endpoints
        .iter()
        .enumerate()
        .map(|(id, endpoint)| ((endpoint.method.clone(), endpoint.raw_path.to_lowercase()), id))
        .collect();
    let keys: Vec<(String, String)> = CORPUS
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[1].to_string(), fields[3].to_lowercase())
        })
        .collect();
    bencher
        .counter(ItemsCount::new(keys.len()))
        .bench(|| keys.iter().filter(|key| table.contains_key(*key)).count());
}

/// Matching only: URL normalisation and the backtracking trie search.
#[divan::bench]
fn match_template(bencher: Bencher) {
    let engine = &*ENGINE;
    bencher
        .counter(ItemsCount::new(CALLS.len()))
        .bench(|| CALLS.iter().filter(|(method, url)| engine.match_template(method, url).is_some()).count());
}

/// Full single-call resolution for all three schemes: template, ranked candidates,
/// fallbacks and suggestions for the unmatched ones.
#[divan::bench]
fn resolve_call(bencher: Bencher) {
    let engine = &*ENGINE;
    bencher.counter(ItemsCount::new(CALLS.len())).bench(|| {
        CALLS
            .iter()
            .map(|(method, url)| engine.resolve(method, url, "bench", &Scheme::ALL).candidates.len())
            .sum::<usize>()
    });
}

/// 10,000 calls drawn from the corpus (repeats, like a real HAR), all schemes solved.
#[divan::bench(sample_count = 10)]
fn solve_10000_corpus_calls(bencher: Bencher) {
    let mut calls = Calls::new();
    for index in 0..10_000 {
        let (method, url) = &CALLS[index % CALLS.len()];
        calls.add_call(&format!("{method} {url}"), format!("call {index}"));
    }
    bencher.counter(ItemsCount::new(10_000usize)).bench(|| ENGINE.analyse(&calls, &Scheme::ALL, None));
}

/// 10,000 calls on 10,000 distinct endpoints of the data, all schemes solved.
#[divan::bench(sample_count = 10)]
fn solve_10000_distinct_endpoints(bencher: Bencher) {
    let mut calls = Calls::new();
    for (index, call) in ENDPOINT_CALLS.iter().cycle().take(10_000).enumerate() {
        calls.add_call(call, format!("call {index}"));
    }
    bencher.counter(ItemsCount::new(10_000usize)).bench(|| ENGINE.analyse(&calls, &Scheme::ALL, None));
}
