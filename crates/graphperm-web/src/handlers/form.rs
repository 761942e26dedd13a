//! The one reader of the forms the calculator and the audit page post: URL-encoded, or
//! multipart with an uploaded file that replaces the pasted text.

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use serde::de::DeserializeOwned;

use crate::error::WebError;
use crate::state::AppState;

/// The name of the multipart field that carries an uploaded file.
pub const UPLOAD: &str = "file";

/// Reads a posted form. In multipart, `set` receives each text field by name, and a
/// non-empty upload last, as field [`UPLOAD`], so it wins over what was pasted whatever
/// the order of the fields.
pub async fn posted_form<F>(
    state: &AppState,
    request: Request,
    set: fn(&mut F, &str, String),
) -> Result<F, WebError>
where
    F: DeserializeOwned + Default,
{
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if !content_type.starts_with("multipart/form-data") {
        let Form(form) = Form::<F>::from_request(request, state)
            .await
            .map_err(|rejection| WebError::rejected(rejection.status(), rejection.body_text()))?;
        return Ok(form);
    }
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|rejection| WebError::rejected(rejection.status(), rejection.body_text()))?;
    let mut form = F::default();
    let mut upload = None;
    while let Some(field) =
        multipart.next_field().await.map_err(|error| WebError::rejected(error.status(), error.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let text =
            field.text().await.map_err(|error| WebError::rejected(error.status(), error.body_text()))?;
        if name == UPLOAD {
            if !text.trim().is_empty() {
                upload = Some(text);
            }
        } else {
            set(&mut form, &name, text);
        }
    }
    if let Some(upload) = upload {
        set(&mut form, UPLOAD, upload);
    }
    Ok(form)
}
