//! The ranking over the whole shared data (issue 10): how often a write permission comes
//! first for a GET although a read-only permission is flagged least, before (the data's
//! raw markers) and after (the engine's method-aware flags and ranking).

use std::collections::HashSet;

use graphperm_core::Scheme;
use graphperm_core::least::order;
use graphperm_core::lint::{self, Check};

use super::support::{catalogue, engine};

/// Over every GET template × scheme of the shared data: pairs where the first candidate
/// is a write while a read-only candidate carries the data's least marker. At most 1%,
/// and every remaining pair is a `write-least-for-read` data finding.
#[test]
fn write_first_for_get_is_rare_and_each_case_is_a_lint_finding() {
    let catalogue = catalogue();
    let engine = engine();
    let findings = lint::lint(catalogue, &lint::RawFiles::read(&catalogue.data_dir).expect("raw files"));
    let noted: HashSet<(String, usize)> = findings
        .findings
        .iter()
        .filter(|finding| finding.check == Check::WriteLeastForRead)
        .flat_map(|finding| {
            let scheme =
                finding.entry.rsplit('(').next().unwrap_or_default().trim_end_matches(')').to_string();
            finding.endpoints.iter().map(move |&endpoint| (scheme.clone(), endpoint))
        })
        .collect();
    let mut pairs = 0usize;
    let mut write_first = Vec::new();
    let mut seen = HashSet::new();
    for (endpoint_id, endpoint) in catalogue.endpoints.iter().enumerate() {
        if endpoint.method != "GET" || !seen.insert(endpoint.key.clone()) {
            continue;
        }
        for scheme in Scheme::ALL {
            let candidates = engine.rank_candidates(&[endpoint_id], scheme);
            let Some(first) = candidates.first() else {
                continue;
            };
            pairs += 1;
            let read_flagged = candidates.iter().any(|candidate| {
                candidate.least_raw && !order::is_write(engine.permission_name(candidate.permission))
            });
            if read_flagged && order::is_write(engine.permission_name(first.permission)) {
                write_first.push((scheme, endpoint_id));
            }
        }
    }
    let share = write_first.len() as f64 / pairs as f64;
    println!(
        "write permission first for GET while a read one is flagged least: {} of {pairs} (template, scheme) pairs ({:.2}%)",
        write_first.len(),
        share * 100.0
    );
    assert!(pairs > 5000, "only {pairs} pairs");
    assert!(share <= 0.01, "{} of {pairs}", write_first.len());
    for (scheme, endpoint) in &write_first {
        assert!(
            noted.contains(&(scheme.as_str().to_string(), *endpoint)),
            "{} {} ({scheme}) is not a data finding",
            catalogue.endpoints[*endpoint].method,
            catalogue.endpoints[*endpoint].raw_path
        );
    }
}
