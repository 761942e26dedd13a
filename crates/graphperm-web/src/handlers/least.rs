//! The calculator's handlers: GET with the calls in the query string (the shareable
//! form), POST from the page's form (URL-encoded, or multipart with an uploaded file).

use axum::Form;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::header;
use axum::response::Html;

use crate::error::WebError;
use crate::heavy;
use crate::pages::{self, LeastForm};
use crate::state::AppState;

pub async fn least_get(
    State(state): State<AppState>,
    Query(form): Query<LeastForm>,
) -> Result<Html<String>, WebError> {
    render(&state, form).await
}

/// The page renders the engine's report: on the blocking pool, within the deadline.
async fn render(state: &AppState, form: LeastForm) -> Result<Html<String>, WebError> {
    let job_state = state.clone();
    heavy::run(state, move |_| pages::render_least_page(&job_state, &form)).await.map(Html)
}

pub async fn least_post(State(state): State<AppState>, request: Request) -> Result<Html<String>, WebError> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let form = if content_type.starts_with("multipart/form-data") {
        let multipart = Multipart::from_request(request, &state)
            .await
            .map_err(|rejection| WebError::rejected(rejection.status(), rejection.body_text()))?;
        read_multipart(multipart).await?
    } else {
        let Form(form) = Form::<LeastForm>::from_request(request, &state)
            .await
            .map_err(|rejection| WebError::rejected(rejection.status(), rejection.body_text()))?;
        form
    };
    render(&state, form).await
}

/// Reads the form fields; a non-empty uploaded file replaces the pasted calls.
async fn read_multipart(mut multipart: Multipart) -> Result<LeastForm, WebError> {
    let mut form = LeastForm::default();
    let mut file: Option<String> = None;
    while let Some(field) =
        multipart.next_field().await.map_err(|error| WebError::rejected(error.status(), error.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let text =
            field.text().await.map_err(|error| WebError::rejected(error.status(), error.body_text()))?;
        match name.as_str() {
            "calls" => form.calls = text,
            "format" => form.format = text,
            "scheme" => form.scheme = text,
            "granted" => form.granted = text,
            "file" if !text.trim().is_empty() => file = Some(text),
            _ => {}
        }
    }
    if let Some(file) = file {
        form.calls = file;
    }
    Ok(form)
}
