//! The calculator's handlers: GET with the calls in the query string (the shareable
//! form), POST from the page's form (URL-encoded, or multipart with an uploaded file).

use axum::extract::{Query, Request, State};
use axum::response::Html;

use super::form::{UPLOAD, posted_form};
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
    let form = posted_form(&state, request, |form: &mut LeastForm, name, text| match name {
        "calls" | UPLOAD => form.calls = text,
        "format" => form.format = text,
        "scheme" => form.scheme = text,
        "granted" => form.granted = text,
        _ => {}
    })
    .await?;
    render(&state, form).await
}
