//! Fuzz target: the input readers (lines, `$batch` JSON, HAR JSON, PowerShell) must
//! never panic and must respect their limits.

#![no_main]

use graphperm_core::least::Calls;
use graphperm_core::least::input::MAX_CALLS;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut calls = Calls::new();
    calls.add_text(&text, "text");
    calls.add_batch_text(&text, "batch");
    calls.add_har_text(&text, "har");
    calls.add_powershell(&text, "ps1");
    assert!(calls.calls.len() <= MAX_CALLS);
});
