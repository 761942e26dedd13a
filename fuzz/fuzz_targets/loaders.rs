//! Fuzz target: the upstream-file parsers (permissions.json, CSDL, the cmdlet map) and the
//! join that resolves every path through the schema must never panic on any input: bad
//! input is a `LoadError`, and whatever parses joins into a catalogue.

#![no_main]

use std::path::Path;

use graphperm_core::load::{self, cmdlets::CommandEntry, csdl, json, permissions};
use graphperm_core::{ApiVersion, DataDir};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks how the rest is read, so one corpus reaches every parser.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let path = Path::new("fuzz");
    let text = String::from_utf8_lossy(bytes);
    match selector % 4 {
        0 => {
            let mut warnings = Vec::new();
            if let Ok(parsed) = permissions::parse(bytes, path, &mut warnings) {
                let sources = load::Sources { permissions: parsed, ..Default::default() };
                let _ = load::join(DataDir::new("fuzz"), None, sources);
            }
        }
        1 => {
            if let Ok(schema) = csdl::parse(&text, ApiVersion::V1, path) {
                // Join a fixed permission set against the fuzzed schema: resolution of
                // every path shape runs through it.
                let mut warnings = Vec::new();
                let permissions = permissions::parse(FIXED_PERMISSIONS.as_bytes(), path, &mut warnings)
                    .expect("the fixed permissions parse");
                let sources = load::Sources { permissions, schemas: vec![schema], ..Default::default() };
                let _ = load::join(DataDir::new("fuzz"), None, sources);
            }
        }
        2 => {
            let _ = json::parse::<Vec<CommandEntry>>(bytes, path);
        }
        _ => {
            let _ = permissions::PathValue::parse(&text);
            let _ = graphperm_core::resolve::endpoint_key(&text);
            let _ = graphperm_core::cmdlet::derive("POST", &text, ApiVersion::Beta, Some(&text));
        }
    }
});

const FIXED_PERMISSIONS: &str = r#"{"permissions": {"P.Read.All": {"schemes": {"Application": {"privilegeLevel": 1}},
  "pathSets": [{"schemeKeys": ["Application"], "methods": ["GET", "POST"], "paths": {
    "/a": "least=Application", "/a/{id}": "", "/a/{id}/b/$ref": "", "/a/{id}/c()": "",
    "/a(x={v})/b": "", "/a/{id}/microsoft.graph.t/d": "", "/a/{id}/root:/{p}:/e": "",
    "/a/{id}/f(y={y})/$count": "", "/me/a/{id}:/x:/y": ""}}]}}}"#;
