//! The audit page's handlers: the empty form (GET) and the result (POST, URL-encoded or
//! multipart with an uploaded file).

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header;
use axum::response::Html;

use crate::error::WebError;
use crate::pages::audit::{AuditForm, render_audit_page};
use crate::state::AppState;

pub async fn audit_get(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    render_audit_page(&state, &AuditForm::default()).map(Html)
}

pub async fn audit_post(State(state): State<AppState>, request: Request) -> Result<Html<String>, WebError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let form = if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|rejection| WebError::rejected(rejection.status(), rejection.body_text()))?;
        let mut form = AuditForm::default();
        let mut file = None;
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|error| WebError::rejected(error.status(), error.body_text()))?
        {
            let name = field.name().unwrap_or_default().to_string();
            let text =
                field.text().await.map_err(|error| WebError::rejected(error.status(), error.body_text()))?;
            match name.as_str() {
                "input" => form.input = text,
                "calls" => form.calls = text,
                "file" if !text.trim().is_empty() => file = Some(text),
                _ => {}
            }
        }
        // An uploaded file replaces the pasted input.
        if let Some(file) = file {
            form.input = file;
        }
        form
    } else {
        let Form(form) = Form::<AuditForm>::from_request(request, &state)
            .await
            .map_err(|rejection| WebError::rejected(rejection.status(), rejection.body_text()))?;
        form
    };
    render_audit_page(&state, &form).map(Html)
}
