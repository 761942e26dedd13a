//! The limits of `graphperm_views::least::run` on the shared data (issue 14, defect 2):
//! calls count after PowerShell cmdlets expand, and the report has a size cap; and the
//! report's outcome (the CLI's exit code) comes from the engine's report.

use std::path::PathBuf;
use std::sync::OnceLock;

use graphperm_core::least::Engine;
use graphperm_core::{Catalogue, DataDir};
use graphperm_views::least::{LeastRequest, Limits, MAX_CALLS, RequestError, run, run_with_limits};

fn shared_data() -> PathBuf {
    graphperm_fixtures::shared_data()
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(Catalogue::load(&DataDir::new(shared_data())).expect("the shared data loads"))
    })
}

fn ps1(script: String) -> LeastRequest {
    LeastRequest { ps1: Some(script), ..LeastRequest::default() }
}

/// How many calls one `Get-MgUserCalendarEvent` line expands into on the shared data.
fn calendar_event_calls() -> usize {
    let report = run(engine(), &ps1("Get-MgUserCalendarEvent".to_string())).expect("one line is answered");
    report.calls.len()
}

#[test]
fn defect_2_cmdlet_lines_count_once_per_expanded_call() {
    let per_line = calendar_event_calls();
    assert!(per_line > 1, "the cmdlet expands into several calls: {per_line}");
    // The body: 100,000 lines, 800,000 calls after expansion. Refused before a
    // single call is resolved (the test would take minutes otherwise).
    let error = run(engine(), &ps1("Get-MgUserCalendarEvent\n".repeat(MAX_CALLS))).unwrap_err();
    assert_eq!(error, RequestError::TooManyCalls { calls: MAX_CALLS * per_line, limit: MAX_CALLS });
    // Within the readers' own cap, but over the limit once expanded.
    let lines = MAX_CALLS / per_line + 1;
    let error = run(engine(), &ps1("Get-MgUserCalendarEvent\n".repeat(lines))).unwrap_err();
    assert!(
        matches!(error, RequestError::TooManyCalls { calls, .. } if calls == lines * per_line),
        "{error}"
    );
    assert!(error.to_string().contains("after expanding PowerShell cmdlets"), "{error}");
}

#[test]
fn defect_2_lines_past_the_reader_cap_are_refused_too() {
    let text = "GET /me\n".repeat(MAX_CALLS + 1);
    let error = run(engine(), &LeastRequest { text: Some(text), ..LeastRequest::default() }).unwrap_err();
    assert!(matches!(error, RequestError::TooManyCalls { calls, limit } if calls > limit), "{error}");
}

#[test]
fn defect_2_limits_apply_exactly() {
    let per_line = calendar_event_calls();
    let two_lines = ps1("Get-MgUserCalendarEvent\nGet-MgUserCalendarEvent".to_string());
    let limits = Limits { calls: 2 * per_line, report_bytes: usize::MAX };
    assert_eq!(run_with_limits(engine(), &two_lines, limits).unwrap().calls.len(), 2 * per_line);
    let limits = Limits { calls: 2 * per_line - 1, report_bytes: usize::MAX };
    assert!(matches!(run_with_limits(engine(), &two_lines, limits), Err(RequestError::TooManyCalls { .. })));

    let report = run_with_limits(engine(), &two_lines, Limits::default()).unwrap();
    let bytes = serde_json::to_vec(&report).unwrap().len();
    let exact = Limits { calls: MAX_CALLS, report_bytes: bytes };
    assert!(run_with_limits(engine(), &two_lines, exact).is_ok());
    let smaller = Limits { calls: MAX_CALLS, report_bytes: bytes - 1 };
    assert_eq!(
        run_with_limits(engine(), &two_lines, smaller).unwrap_err(),
        RequestError::ReportTooLarge { limit: bytes - 1 }
    );
}

fn outcome(text: &str, granted: &[&str]) -> (usize, graphperm_views::least::Outcome) {
    let request = LeastRequest {
        text: Some(text.to_string()),
        granted: (!granted.is_empty()).then(|| granted.iter().map(|name| name.to_string()).collect()),
        ..LeastRequest::default()
    };
    let report = run(engine(), &request).expect("answered");
    (report.calls.len(), report.outcome)
}

#[test]
fn the_outcome_is_the_engines_own() {
    let (calls, answered) = outcome("GET /me\n", &["User.Read"]);
    assert_eq!(answered, Default::default());
    assert!(!answered.is_incomplete(calls));
    let (calls, invalid) = outcome("GET /me\nFOO /me\n", &[]);
    assert!(invalid.errors || invalid.unmatched, "{invalid:?}");
    assert!(invalid.is_incomplete(calls));
    let (calls, unknown) = outcome("GET /no/such/path\n", &[]);
    assert!(unknown.unmatched && !unknown.missing, "{unknown:?}");
    assert!(unknown.is_incomplete(calls));
    let (calls, lacking) = outcome("GET /me\n", &["Mail.Send"]);
    assert!(lacking.missing && !lacking.unmatched && !lacking.uncovered, "{lacking:?}");
    assert!(lacking.is_incomplete(calls));
    let (calls, empty) = outcome("# nothing\n", &[]);
    assert!(empty.is_incomplete(calls));
}
