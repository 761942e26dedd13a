//! Search as you type: every prefix of the queries in `tests/search/queries.txt`, each
//! asked once (no answer cache), through the index and through the full scan that
//! scores every name (the baseline), alternating in one run. Prints p50/p99/max of both.
//! Run: `cargo bench -p graphperm-core --bench search` (`SLOWEST=1` also lists the 15
//! slowest queries of the index).

use std::time::{Duration, Instant};

use graphperm_core::search::SearchIndex;
use graphperm_core::{Catalogue, DataDir};

const QUERIES: &str = include_str!("../tests/search/queries.txt");

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn report(name: &str, mut times: Vec<Duration>) -> Duration {
    times.sort();
    let p99 = percentile(&times, 0.99);
    println!(
        "{name:<10} queries {:>5}  p50 {:>9.3?}  p99 {:>9.3?}  max {:>9.3?}",
        times.len(),
        percentile(&times, 0.5),
        p99,
        times[times.len() - 1]
    );
    p99
}

fn main() {
    let catalogue =
        Catalogue::load(&DataDir::new(graphperm_fixtures::shared_data())).expect("the shared data loads");
    let started = Instant::now();
    let index = SearchIndex::build(&catalogue);
    println!("index of {} names built in {:?}", index.len(), started.elapsed());
    let prefixes: Vec<String> = QUERIES
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .flat_map(|query| {
            let characters: Vec<char> = query.chars().collect();
            (1..=characters.len()).map(move |end| characters[..end].iter().collect::<String>())
        })
        .collect();
    let (mut indexed, mut full) = (Vec::new(), Vec::new());
    for prefix in &prefixes {
        let started = Instant::now();
        let hits = index.search(prefix, 20);
        indexed.push(started.elapsed());
        let started = Instant::now();
        let reference = index.search_full_scan(prefix, 20);
        full.push(started.elapsed());
        assert_eq!(hits, reference, "{prefix:?}");
    }
    if std::env::var_os("SLOWEST").is_some() {
        let mut pairs: Vec<(Duration, &String)> = indexed.iter().copied().zip(&prefixes).collect();
        pairs.sort();
        for (time, prefix) in pairs.iter().rev().take(15) {
            println!("slow {time:>9.3?} {prefix}");
        }
    }
    let over = |limit: Duration| indexed.iter().filter(|time| **time > limit).count();
    println!(
        "index queries over 1 ms: {}, over 2 ms: {}, over 3 ms: {}",
        over(Duration::from_millis(1)),
        over(Duration::from_millis(2)),
        over(Duration::from_millis(3))
    );
    let fast = report("index", indexed);
    let slow = report("full scan", full);
    println!("p99 ratio full scan / index: {:.1}x", slow.as_secs_f64() / fast.as_secs_f64());
}
