//! The least-privilege view: the request of `POST /api/v1/least` and the report that both
//! it and `graphperm least --format json` print.
//!
//! Public contract: `schema/least.schema.json`. Keys may be added, never renamed.

use std::collections::BTreeMap;

use graphperm_core::Scheme;
use graphperm_core::least::{self, CallReport, Calls, Engine, Objective, Report, Severity};
use graphperm_core::model::resource_specific_target;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// The body of `POST /api/v1/least`. Every input field is optional; calls from all of
/// them are resolved together, in this order: `calls`, `text`, `batch`, `har`, `ps1`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LeastRequest {
    pub calls: Vec<CallInput>,
    /// One `METHOD URL` per line, `#` comments.
    pub text: Option<String>,
    /// A JSON `$batch` request body.
    pub batch: Option<Value>,
    /// A HAR recording.
    pub har: Option<Value>,
    /// A Microsoft Graph PowerShell script.
    pub ps1: Option<String>,
    /// `delegated-work`, `delegated-personal`, `application` or `all` (default).
    pub scheme: Option<String>,
    /// Permissions the app holds, to compare with.
    pub granted: Option<Vec<String>>,
    /// True for the fewest-permissions set instead of the least-privilege one.
    pub fewest: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CallInput {
    #[serde(default)]
    pub method: Option<String>,
    pub url: String,
}

/// Most calls one request may hold, counted after expansion: a PowerShell cmdlet that
/// maps to several endpoints counts once per endpoint.
pub const MAX_CALLS: usize = least::input::MAX_CALLS;

/// Largest report, in bytes of compact JSON (the CLI's pretty JSON and text are about
/// as large). 100,000 plain calls make about 140 MB, so the call cap alone is not enough.
pub const MAX_REPORT_BYTES: usize = 32 * 1024 * 1024;

/// A request that cannot be answered at all. The web maps [`RequestError::Invalid`] to
/// 400 and the two limits to 413; the CLI exits 4 for all three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// A field that cannot be used (an unknown scheme).
    Invalid(String),
    /// More than [`MAX_CALLS`] calls after expansion. `calls` is how many were counted
    /// before stopping (the readers stop counting just past the limit).
    TooManyCalls { calls: usize, limit: usize },
    /// The report would be larger than [`MAX_REPORT_BYTES`].
    ReportTooLarge { limit: usize },
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::Invalid(message) => f.write_str(message),
            RequestError::TooManyCalls { calls, limit } => write!(
                f,
                "too many calls: at least {calls} after expanding PowerShell cmdlets, more than the limit of {limit}"
            ),
            RequestError::ReportTooLarge { limit } => {
                write!(f, "the report would be larger than the limit of {limit} bytes: send fewer calls")
            }
        }
    }
}

impl std::error::Error for RequestError {}

impl LeastRequest {
    /// The calls of every input field, with per-piece problems.
    pub fn read_calls(&self) -> Calls {
        let mut calls = Calls::new();
        for (index, call) in self.calls.iter().enumerate() {
            let method = call.method.as_deref().unwrap_or("GET");
            calls.add_call(&format!("{method} {}", call.url), format!("calls[{index}]"));
        }
        if let Some(text) = &self.text {
            calls.add_text(text, "text");
        }
        if let Some(batch) = &self.batch {
            calls.add_batch(batch, "batch");
        }
        if let Some(har) = &self.har {
            calls.add_har(har, "har");
        }
        if let Some(script) = &self.ps1 {
            calls.add_powershell(script, "ps1");
        }
        calls
    }

    /// The schemes asked for.
    pub fn schemes(&self) -> Result<Vec<Scheme>, RequestError> {
        parse_schemes(self.scheme.as_deref().unwrap_or("all"))
    }

    /// The objective asked for: least privilege unless `fewest` is true.
    pub fn objective(&self) -> Objective {
        if self.fewest == Some(true) { Objective::Fewest } else { Objective::LeastPrivilege }
    }
}

/// `all` or one scheme name in any spelling [`Scheme::parse`] accepts.
pub fn parse_schemes(text: &str) -> Result<Vec<Scheme>, RequestError> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(Scheme::ALL.to_vec());
    }
    Scheme::parse(text).map(|scheme| vec![scheme]).ok_or_else(|| {
        RequestError::Invalid(format!(
            "unknown scheme {text:?} (expected delegated-work, delegated-personal, application or all)"
        ))
    })
}

/// The limits of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most calls, counted after expansion.
    pub calls: usize,
    /// Largest report, in bytes of compact JSON.
    pub report_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { calls: MAX_CALLS, report_bytes: MAX_REPORT_BYTES }
    }
}

/// Answers a request with an engine built once for the catalogue, within the default
/// [`Limits`]: [`MAX_CALLS`] counted after expansion (checked before any call is
/// resolved) and [`MAX_REPORT_BYTES`] of report.
pub fn run(engine: &Engine, request: &LeastRequest) -> Result<LeastReport, RequestError> {
    run_with_limits(engine, request, Limits::default())
}

/// [`run`] with other limits (lower ones for tests and small deployments; the readers'
/// own cap of [`MAX_CALLS`] still holds above them).
pub fn run_with_limits(
    engine: &Engine,
    request: &LeastRequest,
    limits: Limits,
) -> Result<LeastReport, RequestError> {
    let schemes = request.schemes()?;
    let calls = request.read_calls();
    let expanded = engine.expanded_len(&calls);
    if calls.truncated || expanded > limits.calls {
        let counted = if calls.truncated { expanded.max(MAX_CALLS + 1) } else { expanded };
        return Err(RequestError::TooManyCalls { calls: counted, limit: limits.calls });
    }
    let report = engine.analyse_with(&calls, &schemes, request.granted.as_deref(), request.objective());
    let view = least_view(engine, &report);
    if json_len_over(&view, limits.report_bytes) {
        return Err(RequestError::ReportTooLarge { limit: limits.report_bytes });
    }
    Ok(view)
}

/// True when `value` serializes to more than `limit` bytes of compact JSON; stops
/// counting (and serializing) just past the limit.
fn json_len_over(value: &impl Serialize, limit: usize) -> bool {
    struct Counter {
        bytes: usize,
        limit: usize,
    }
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.bytes += buf.len();
            if self.bytes > self.limit {
                return Err(std::io::Error::other("over the limit"));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter { bytes: 0, limit };
    serde_json::to_writer(&mut counter, value).is_err() && counter.bytes > limit
}

/// A scheme as a JSON key, ordered DelegatedWork, DelegatedPersonal, Application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SchemeKey(pub Scheme);

impl Serialize for SchemeKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.as_str())
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeastReport {
    pub schemes: Vec<SchemeKey>,
    /// `least-privilege` (the default) or `fewest`.
    pub objective: &'static str,
    pub calls: Vec<CallView>,
    /// Per scheme: the least privileged permissions covering every call (or, with
    /// `fewest`, the fewest).
    pub minimal: BTreeMap<SchemeKey, Vec<ChosenView>>,
    /// Per scheme: false when the solver stopped at its budget before proving optimality.
    pub optimal: BTreeMap<SchemeKey, bool>,
    /// Per scheme: indexes of matched calls that no permission of the scheme grants.
    pub uncovered: BTreeMap<SchemeKey, Vec<usize>>,
    pub granted: Option<GrantedView>,
    pub diagnostics: Vec<DiagnosticView>,
    /// What the engine's report says about the answer as a whole (the CLI's exit code),
    /// taken from the core report, not re-derived from the strings above.
    #[serde(skip)]
    pub outcome: Outcome,
}

/// Whether a report answers every call, from the core report's own tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// An input problem of error severity.
    pub errors: bool,
    /// A call was invalid or matched nothing.
    pub unmatched: bool,
    /// A matched call is covered by no permission in any asked scheme.
    pub uncovered: bool,
    /// `granted` lacks a covering permission ([`Report::has_missing`]).
    pub missing: bool,
}

impl Outcome {
    /// True when the report does not fully answer: no calls, an error, an unmatched or
    /// uncovered call, or a missing grant.
    pub fn is_incomplete(&self, calls: usize) -> bool {
        calls == 0 || self.errors || self.unmatched || self.uncovered || self.missing
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallView {
    pub index: usize,
    pub source: String,
    pub method: String,
    pub url: String,
    pub version: Option<&'static str>,
    /// `matched`, `unmatched` or `invalid`.
    pub status: &'static str,
    /// The permissions.json path template, or null.
    pub template: Option<String>,
    pub candidates: BTreeMap<SchemeKey, Vec<CandidateView>>,
    /// Schemes that cannot make the call, with the reason.
    pub unsupported: BTreeMap<SchemeKey, String>,
    pub suggestions: Vec<String>,
    pub notes: Vec<String>,
    pub error: Option<String>,
    /// For a `/me` call: the Application answer for the same call on `/users/{id}`
    /// (`/me` itself stays unsupported for Application); null otherwise.
    pub as_users: Option<AsUsersView>,
    /// Present (true) only for an unmatched call whose search stopped at its step budget.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub too_complex: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AsUsersView {
    pub template: String,
    pub application: Vec<CandidateView>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateView {
    pub name: String,
    /// The scope or app role GUID under this scheme, where known.
    pub id: Option<String>,
    /// Least privileged for this call's method (the data's marker, method-aware).
    pub least_flag: bool,
    /// The data's `least=` marker as written, for any method of its pathSet.
    pub least_flag_raw: bool,
    pub privilege_level: Option<u8>,
    pub also_requires: Vec<String>,
    /// `team` or `chat` for a resource-specific consent permission (granted per team or
    /// chat by its owner, not tenant-wide); null otherwise.
    pub resource_specific: Option<&'static str>,
    /// The placeholder scheme entry of the data this real permission stands for.
    pub replaces: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChosenView {
    pub name: String,
    /// The scope or app role GUID under this scheme, where known.
    pub id: Option<String>,
    pub privilege_level: Option<u8>,
    pub least_flag: bool,
    /// Indexes into `calls`.
    pub covers: Vec<usize>,
    /// Non-empty when added because these chosen permissions require it.
    pub required_by: Vec<String>,
    /// One of the tier-0 permissions (control of the tenant in one step).
    pub tier_zero: bool,
    /// `team` or `chat` for a resource-specific consent permission; null otherwise.
    pub resource_specific: Option<&'static str>,
    /// With `fewest`, for a permission the least-privilege set does not choose: what it
    /// grants beyond the calls.
    pub beyond: Option<BeyondView>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BeyondView {
    pub other_endpoints: usize,
    pub narrower: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantedView {
    pub granted: Vec<String>,
    pub unknown: Vec<String>,
    pub schemes: BTreeMap<SchemeKey, GrantedSchemeView>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantedSchemeView {
    pub missing: Vec<String>,
    pub excess: Vec<String>,
    pub broader: Vec<BroaderView>,
    pub not_granted: Vec<usize>,
    pub can_make_all: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BroaderView {
    pub granted: String,
    pub narrower: Vec<String>,
}

impl From<&graphperm_core::least::Broader> for BroaderView {
    fn from(broader: &graphperm_core::least::Broader) -> BroaderView {
        BroaderView { granted: broader.granted.clone(), narrower: broader.narrower.clone() }
    }
}

impl BroaderView {
    /// `Directory.ReadWrite.All (narrower: User.ReadBasic.All)`.
    pub fn text(&self) -> String {
        format!("{} (narrower: {})", self.granted, self.narrower.join(", "))
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosticView {
    pub call: Option<usize>,
    /// `error`, `warning` or `note`.
    pub severity: &'static str,
    pub source: String,
    pub message: String,
}

/// The public shape of a core report.
pub fn least_view(engine: &Engine, report: &Report) -> LeastReport {
    let calls = report.calls.iter().enumerate().map(|(index, call)| call_view(engine, index, call)).collect();
    let minimal = report
        .minimal
        .iter()
        .map(|(scheme, cover)| {
            let chosen = cover
                .permissions
                .iter()
                .map(|chosen| ChosenView {
                    name: chosen.name.clone(),
                    id: chosen
                        .permission
                        .and_then(|permission| engine.catalogue().permissions[permission].guid(*scheme))
                        .map(str::to_string),
                    privilege_level: chosen.privilege_level,
                    least_flag: chosen.least,
                    covers: chosen.covers.clone(),
                    required_by: chosen.required_by.clone(),
                    tier_zero: chosen.tier_zero,
                    resource_specific: resource_specific_target(&chosen.name),
                    beyond: chosen.beyond.as_ref().map(|beyond| BeyondView {
                        other_endpoints: beyond.other_endpoints,
                        narrower: beyond.narrower.clone(),
                    }),
                })
                .collect();
            (SchemeKey(*scheme), chosen)
        })
        .collect();
    let optimal = report.minimal.iter().map(|(scheme, cover)| (SchemeKey(*scheme), cover.optimal)).collect();
    let uncovered =
        report.minimal.iter().map(|(scheme, cover)| (SchemeKey(*scheme), cover.uncovered.clone())).collect();
    let granted = report.granted.as_ref().map(|granted| GrantedView {
        granted: granted.granted.clone(),
        unknown: granted.unknown.clone(),
        schemes: granted
            .schemes
            .iter()
            .map(|(scheme, comparison)| {
                (
                    SchemeKey(*scheme),
                    GrantedSchemeView {
                        missing: comparison.missing.clone(),
                        excess: comparison.excess.clone(),
                        broader: comparison.broader.iter().map(BroaderView::from).collect(),
                        not_granted: comparison.not_granted.clone(),
                        can_make_all: comparison.can_make_all,
                    },
                )
            })
            .collect(),
    });
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|diagnostic| DiagnosticView {
            call: diagnostic.call,
            severity: severity_name(diagnostic.severity),
            source: diagnostic.source.clone(),
            message: diagnostic.message.clone(),
        })
        .collect();
    let outcome = Outcome {
        errors: report.diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error),
        unmatched: report.has_unmatched(),
        uncovered: report.has_uncovered(),
        missing: report.has_missing(),
    };
    LeastReport {
        schemes: report.schemes.iter().copied().map(SchemeKey).collect(),
        objective: report.objective.as_str(),
        calls,
        minimal,
        optimal,
        uncovered,
        granted,
        diagnostics,
        outcome,
    }
}

fn severity_name(severity: Severity) -> &'static str {
    severity.as_str()
}

fn call_view(engine: &Engine, index: usize, call: &CallReport) -> CallView {
    CallView {
        index,
        source: call.source.clone(),
        method: call.method.clone(),
        url: call.url.clone(),
        version: call.version.map(|version| version.as_str()),
        status: call.status.as_str(),
        template: call.template.clone(),
        candidates: call
            .candidates
            .iter()
            .map(|(scheme, candidates)| {
                let views =
                    candidates.iter().map(|candidate| candidate_view(engine, *scheme, candidate)).collect();
                (SchemeKey(*scheme), views)
            })
            .collect(),
        unsupported: call
            .unsupported
            .iter()
            .map(|(scheme, reason)| (SchemeKey(*scheme), reason.clone()))
            .collect(),
        suggestions: call.suggestions.clone(),
        notes: call.notes.clone(),
        error: call.error.clone(),
        as_users: call.as_users.as_ref().map(|as_users| AsUsersView {
            template: as_users.template.clone(),
            application: as_users
                .candidates
                .iter()
                .map(|candidate| candidate_view(engine, Scheme::Application, candidate))
                .collect(),
        }),
        too_complex: call.too_complex,
    }
}

fn candidate_view(engine: &Engine, scheme: Scheme, candidate: &least::Candidate) -> CandidateView {
    let permission = &engine.catalogue().permissions[candidate.permission];
    let name = permission.name.as_str();
    CandidateView {
        name: name.to_string(),
        id: permission.guid(scheme).map(str::to_string),
        least_flag: candidate.least,
        least_flag_raw: candidate.least_raw,
        privilege_level: candidate.privilege_level,
        also_requires: candidate.also_requires.clone(),
        resource_specific: resource_specific_target(name),
        replaces: candidate.replaces.map(|placeholder| engine.permission_name(placeholder).to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_fields_are_all_optional() {
        let request: LeastRequest = serde_json::from_str("{}").unwrap();
        assert!(request.read_calls().calls.is_empty());
        assert_eq!(request.schemes().unwrap(), Scheme::ALL.to_vec());
    }

    #[test]
    fn request_reads_every_input_kind() {
        let request: LeastRequest = serde_json::from_str(
            r#"{"calls":[{"url":"/me"},{"method":"POST","url":"/groups"}],
                "text":"GET /users\n# c",
                "batch":{"requests":[{"id":"1","method":"GET","url":"/me/messages"}]},
                "har":{"log":{"entries":[{"request":{"method":"GET","url":"https://graph.microsoft.com/v1.0/me/events"}}]}},
                "ps1":"Get-MgUser",
                "scheme":"application","granted":["User.Read.All"]}"#,
        )
        .unwrap();
        let calls = request.read_calls();
        let sources: Vec<&str> = calls.calls.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(
            sources,
            vec!["calls[0]", "calls[1]", "text line 1", "batch request 1", "har entry 1", "ps1 line 1"]
        );
        assert_eq!(request.schemes().unwrap(), vec![Scheme::Application]);
    }

    #[test]
    fn json_length_is_counted_up_to_the_limit() {
        let value = vec!["x"; 10]; // ["x","x",…]: 41 bytes
        assert!(!json_len_over(&value, 41));
        assert!(json_len_over(&value, 40));
    }

    #[test]
    fn unknown_scheme_is_an_error() {
        assert!(parse_schemes("delegated-everything").is_err());
        assert_eq!(parse_schemes("delegated-personal").unwrap(), vec![Scheme::DelegatedPersonal]);
    }
}
