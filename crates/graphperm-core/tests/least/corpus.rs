//! The call corpus (`tests/least_corpus/calls.tsv`): each call's expected template and
//! first candidate per scheme, as an independent reading of permissions.json gives them
//! (`tests/least_corpus/derive.py` fills those columns from `calls.txt`).

use graphperm_core::Scheme;
use graphperm_core::least::CallStatus;
use graphperm_core::resolve::endpoint_key;

use super::support::engine;

const CORPUS: &str = include_str!("../least_corpus/calls.tsv");

struct Row<'a> {
    line: usize,
    shape: &'a str,
    method: &'a str,
    url: &'a str,
    template: &'a str,
    first: [&'a str; 3],
}

fn rows() -> Vec<Row<'static>> {
    CORPUS
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 7, "line {}: {line}", index + 1);
            Row {
                line: index + 1,
                shape: fields[0],
                method: fields[1],
                url: fields[2],
                template: fields[3],
                first: [fields[4], fields[5], fields[6]],
            }
        })
        .collect()
}

#[test]
fn corpus_is_large_and_covers_every_shape() {
    let rows = rows();
    assert!(rows.len() >= 150, "only {} calls", rows.len());
    for shape in [
        "plain",
        "guid",
        "upn",
        "email",
        "number",
        "base64",
        "channel",
        "quoted-key",
        "alt-key",
        "delta",
        "function",
        "cast",
        "drive",
        "ref",
        "count",
        "value",
        "fallback",
        "me",
        "beta",
        "cloud",
        "query",
        "case",
        "slash",
        "percent",
        "literal",
        "unmatched",
        "nested",
    ] {
        assert!(rows.iter().any(|row| row.shape == shape), "no {shape} call");
    }
}

#[test]
fn corpus_templates_and_first_candidates() {
    let engine = engine();
    let mut failures = Vec::new();
    for row in rows() {
        let report = engine.resolve(row.method, row.url, "corpus", &Scheme::ALL);
        let expected_template = row.template.rsplit(' ').next().unwrap_or(row.template);
        let got_template = report.template.as_deref().unwrap_or("-");
        let template_ok = if expected_template == "-" {
            report.status == CallStatus::Unmatched && report.template.is_none()
        } else {
            report.template.as_deref().map(endpoint_key) == Some(endpoint_key(expected_template))
        };
        if !template_ok {
            failures.push(format!(
                "line {} {} {}: template {got_template}, expected {expected_template}",
                row.line, row.method, row.url
            ));
            continue;
        }
        for (scheme, expected) in Scheme::ALL.iter().zip(row.first) {
            let got = report
                .candidates
                .get(scheme)
                .and_then(|list| list.first())
                .map_or("-", |candidate| engine.permission_name(candidate.permission));
            if got != expected {
                failures.push(format!(
                    "line {} {} {}: {scheme} first {got}, expected {expected}",
                    row.line, row.method, row.url
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
