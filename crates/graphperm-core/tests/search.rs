//! The search index agrees with scoring every name: for every prefix of a sample of the
//! as-you-type queries in `search/queries.txt` (every tenth line, so the debug build
//! stays quick; the benchmark compares all of them), on the shared data, the same hits
//! in the same order.

use graphperm_core::search::SearchIndex;
use graphperm_core::{Catalogue, DataDir};

const QUERIES: &str = include_str!("search/queries.txt");

#[test]
fn the_index_ranks_like_the_full_scan() {
    let catalogue =
        Catalogue::load(&DataDir::new(graphperm_fixtures::shared_data())).expect("the shared data loads");
    let index = SearchIndex::build(&catalogue);
    let mut asked = 0;
    for query in QUERIES.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).step_by(10) {
        let characters: Vec<char> = query.chars().collect();
        for end in 1..=characters.len() {
            let prefix: String = characters[..end].iter().collect();
            for limit in [20, 50] {
                assert_eq!(
                    index.search(&prefix, limit),
                    index.search_full_scan(&prefix, limit),
                    "{prefix:?}"
                );
                asked += 1;
            }
        }
    }
    assert!(asked > 40, "{asked} queries");
}
