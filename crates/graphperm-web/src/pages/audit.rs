//! The audit page: paste or upload an app manifest, its grants or `az ad app permission
//! list` output (optionally with the calls the app makes) and see what it allows.

use askama::Template;
use graphperm_views::audit::{AuditView, calls_from_text, run};
use serde::Deserialize;

use super::Layout;
use crate::error::WebError;
use crate::state::AppState;

/// The form fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AuditForm {
    /// The manifest, grants or permission list JSON.
    pub input: String,
    /// Optional calls, `METHOD URL` per line.
    pub calls: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    layout: Layout,
    form: AuditForm,
    error: Option<String>,
    result: Option<AuditView>,
}

/// Renders the page; with input in the form, the audit too.
pub fn render_audit_page(state: &AppState, form: &AuditForm) -> Result<String, WebError> {
    let mut error = None;
    let mut result = None;
    if !form.input.trim().is_empty() {
        let calls = (!form.calls.trim().is_empty()).then(|| calls_from_text(&form.calls, "calls"));
        match run(&state.catalogue, &form.input, "input", calls.as_ref().map(|calls| (&state.engine, calls)))
        {
            Ok(view) => result = Some(view),
            Err(problem) => error = Some(problem.to_string()),
        }
    }
    let page = AuditPage {
        layout: Layout::new(
            Some(state),
            "App permission audit",
            "What an app registration's Microsoft Graph permissions allow.",
            "audit",
        ),
        form: form.clone(),
        error,
        result,
    };
    Ok(page.render()?)
}
