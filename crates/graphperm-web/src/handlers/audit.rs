//! The audit page's handlers: the empty form (GET) and the result (POST, URL-encoded or
//! multipart with an uploaded file).

use axum::extract::{Request, State};
use axum::response::Html;

use super::form::{UPLOAD, posted_form};
use crate::error::WebError;
use crate::pages::audit::{AuditForm, render_audit_page};
use crate::state::AppState;

pub async fn audit_get(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    render_audit_page(&state, &AuditForm::default()).map(Html)
}

pub async fn audit_post(State(state): State<AppState>, request: Request) -> Result<Html<String>, WebError> {
    let form = posted_form(&state, request, |form: &mut AuditForm, name, text| match name {
        "input" | UPLOAD => form.input = text,
        "calls" => form.calls = text,
        _ => {}
    })
    .await?;
    render_audit_page(&state, &form).map(Html)
}
