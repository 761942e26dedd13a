//! Fuzz target: the calculator's JSON body (`POST /api/v1/least`, parsed into
//! `graphperm_views::least::LeastRequest`) answered end to end by an engine over a small
//! fixed catalogue: parsing, every input reader, the matcher, the solver and the view.
//! Nothing may panic, the limits must hold, and every call index must be in range.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use graphperm_core::DataDir;
use graphperm_core::least::Engine;
use graphperm_core::load::{self, permissions};
use graphperm_views::least::{LeastRequest, MAX_CALLS, RequestError, run};
use libfuzzer_sys::fuzz_target;

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let mut warnings = Vec::new();
    let permissions = permissions::parse(PERMISSIONS.as_bytes(), Path::new("fuzz"), &mut warnings)
        .expect("the fixed permissions parse");
    let sources = load::Sources { permissions, ..Default::default() };
    Engine::new(&load::join(DataDir::new("fuzz"), None, sources))
});

fuzz_target!(|data: &[u8]| {
    let Ok(request) = serde_json::from_slice::<LeastRequest>(data) else {
        return;
    };
    match run(&ENGINE, &request) {
        Ok(report) => {
            assert!(report.calls.len() <= MAX_CALLS);
            for (index, call) in report.calls.iter().enumerate() {
                assert_eq!(call.index, index);
            }
            for chosen in report.minimal.values().flatten() {
                assert!(chosen.covers.iter().all(|&call| call < report.calls.len()));
            }
            for diagnostic in &report.diagnostics {
                assert!(diagnostic.call.is_none_or(|call| call < report.calls.len()));
            }
        }
        Err(RequestError::Invalid(_)) => {}
        Err(RequestError::TooManyCalls { calls, limit }) => assert!(calls > limit),
        Err(RequestError::ReportTooLarge { .. }) => {}
    }
});

/// Templates in the shapes the matcher treats specially, including the four-hole
/// function whose segment made the old wildcard matcher backtrack for 27 s.
const PERMISSIONS: &str = r#"{"permissions": {
  "Sites.Read.All": {"schemes": {"DelegatedWork": {"privilegeLevel": 2}, "Application": {"privilegeLevel": 3}},
    "pathSets": [{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET"], "paths": {
      "/sites/{id}/pages/{id}/getwebpartsbyposition(horizontalsectionid={h},columnid={c},webpartindex={w},isinverticalsection={i})": "least=DelegatedWork,Application",
      "/sites/{id}": "", "/drives/{id}/root:/{path}:/content": "", "/me/drive/root:/foldera/fileb.txt:/content": "",
      "/me/mailfolders/{id}/childfolders/{id}/.../messages/{id}": ""}}]},
  "User.Read": {"schemes": {"DelegatedWork": {"privilegeLevel": 1}},
    "pathSets": [{"schemeKeys": ["DelegatedWork"], "methods": ["GET", "PATCH"], "paths": {
      "/me": "least=DelegatedWork", "/users/{id}": "", "/users/delta()": "",
      "/serviceprincipals(appid={appid})": "", "/groups/{id}/members/$ref": "AlsoRequires=Group.Read.All"}}]},
  "Group.Read.All": {"schemes": {"DelegatedWork": {"privilegeLevel": 2}, "Application": {"privilegeLevel": 2}},
    "pathSets": [{"schemeKeys": ["DelegatedWork", "Application"], "methods": ["GET", "POST", "DELETE"], "paths": {
      "/groups/{id}": "", "/groups/{id}/members/$ref": "", "/groups/{id}/members/microsoft.graph.user": ""}}]}
}}"#;
