//! The least-privilege engine: request URLs in, the least-privileged permissions per
//! scheme out, with the reasons.
//!
//! Data flow: [`input`] reads calls from lines, `$batch` bodies, HAR files and PowerShell
//! scripts; [`url`] normalises each URL; [`matcher`] finds its path template in a trie
//! built once from the catalogue ([`Engine::new`]); [`order`] ranks the permissions that
//! grant it per scheme; [`analyse`] picks, per scheme, the smallest set of permissions
//! that covers every call with the exact solver of [`solve`], and compares it with what
//! an app already holds.
//!
//! Matching rules that differ from a plain lookup, on purpose:
//! - literal template segments beat placeholders, with backtracking;
//! - `$ref`, `$count` and `$value` are real segments; only when the data has no template
//!   for them does the call fall back to the path without that last segment (the
//!   navigation property or entity), with a note saying so;
//! - `/me/…` is `/users/{id}/…` for the delegated schemes only (a `/me` template of the
//!   data wins when it grants the scheme); application permissions never cover `/me`.

pub mod analyse;
pub mod engine;
pub mod input;
pub mod matcher;
pub mod order;
pub mod solve;
pub mod url;

pub use analyse::{
    Beyond, Broader, ChosenPermission, GrantedComparison, Objective, Report, SchemeCover, SchemeGranted,
    granted_has_missing,
};
pub use engine::{AsUsers, CallReport, CallStatus, Candidate, Engine};
pub use input::{CallSpec, Calls, InputFormat, InputProblem, Target};

/// How sure a diagnostic is that something is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A problem or remark about the input or one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Index into [`Report::calls`], when the diagnostic is about one call.
    pub call: Option<usize>,
    pub severity: Severity,
    /// Where the input came from (`line 3`, `HAR entry 7`).
    pub source: String,
    pub message: String,
}
