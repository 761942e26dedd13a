//! Fuzz target: the PowerShell reader (line joining, comments, the lexer, variable
//! expansion in strings, `Invoke-MgGraphRequest` parameters) must never panic, must
//! respect the call limit, and must name a real line for every call and problem.

#![no_main]

use graphperm_core::least::input::MAX_CALLS;
use graphperm_core::least::{Calls, Target};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(script) = std::str::from_utf8(data) else {
        return;
    };
    let mut calls = Calls::new();
    calls.add_powershell(script, "ps1");
    assert!(calls.calls.len() <= MAX_CALLS);
    // Lines as `str::lines` counts them, plus one for a final line without a newline.
    let lines = script.lines().count().max(1);
    let line_of = |source: &str| -> usize {
        let number = source.strip_prefix("ps1 line ").expect("a script source");
        number.parse().expect("a line number")
    };
    for call in &calls.calls {
        let line = line_of(&call.source);
        assert!((1..=lines).contains(&line), "{} of {lines}", call.source);
        match &call.target {
            Target::Cmdlet { name } => assert!(name.contains('-'), "{name}"),
            Target::Request { method, url } => {
                assert!(!method.is_empty());
                assert!(!url.is_empty());
            }
        }
    }
    for problem in calls.problems.iter().filter(|p| p.source != "ps1") {
        let line = line_of(&problem.source);
        assert!((1..=lines).contains(&line), "{} of {lines}", problem.source);
    }
});
