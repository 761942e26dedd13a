//! The one error type of the web layer. It renders as an HTML page for pages and as
//! `{"error": ...}` for the API; 5xx details go to the log, users see a plain message.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::pages;

/// Where an error is shown: the HTML pages or the JSON API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    Page,
    Api,
}

/// A link offered on a 404 page ("did you mean ...").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    pub label: String,
    pub url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("no {what} named {name:?}")]
    NotFound { what: &'static str, name: String, suggestions: Vec<Suggestion> },
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooLarge(String),
    /// A bug or an impossible state: `detail` is logged, never shown.
    #[error("internal error: {detail}")]
    Internal { detail: String },
}

#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub struct WebError {
    pub kind: ErrorKind,
    pub surface: Surface,
}

impl WebError {
    pub fn not_found(what: &'static str, name: impl Into<String>, suggestions: Vec<Suggestion>) -> WebError {
        WebError::page(ErrorKind::NotFound { what, name: name.into(), suggestions })
    }

    pub fn bad_request(message: impl Into<String>) -> WebError {
        WebError::page(ErrorKind::BadRequest(message.into()))
    }

    pub fn too_large(message: impl Into<String>) -> WebError {
        WebError::page(ErrorKind::TooLarge(message.into()))
    }

    pub fn internal(detail: impl Into<String>) -> WebError {
        WebError::page(ErrorKind::Internal { detail: detail.into() })
    }

    fn page(kind: ErrorKind) -> WebError {
        WebError { kind, surface: Surface::Page }
    }

    /// The same error, shown as JSON.
    pub fn for_api(mut self) -> WebError {
        self.surface = Surface::Api;
        self
    }

    pub fn status(&self) -> StatusCode {
        match self.kind {
            ErrorKind::NotFound { .. } => StatusCode::NOT_FOUND,
            ErrorKind::BadRequest(_) => StatusCode::BAD_REQUEST,
            ErrorKind::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user is told: the error itself, except for internal errors.
    pub fn public_message(&self) -> String {
        match &self.kind {
            ErrorKind::Internal { .. } => {
                "Something went wrong on our side. The problem has been logged; please try again.".to_string()
            }
            other => {
                let message = other.to_string();
                let mut chars = message.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => message,
                }
            }
        }
    }

    pub fn suggestions(&self) -> &[Suggestion] {
        match &self.kind {
            ErrorKind::NotFound { suggestions, .. } => suggestions,
            _ => &[],
        }
    }
}

impl WebError {
    /// An extractor's rejection (bad JSON, form or multipart body; body too large).
    pub fn rejected(status: StatusCode, message: String) -> WebError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::too_large(message)
        } else if status.is_server_error() {
            WebError::internal(message)
        } else {
            WebError::bad_request(message)
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        WebError::internal(format!("template rendering failed: {error}"))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), "{}", self.kind);
        }
        match self.surface {
            Surface::Api => {
                let mut body = serde_json::json!({ "error": self.public_message() });
                if !self.suggestions().is_empty() {
                    body["suggestions"] = serde_json::json!(self.suggestions());
                }
                (status, axum::Json(body)).into_response()
            }
            Surface::Page => {
                let html =
                    pages::error::render_error_page(status, &self.public_message(), self.suggestions());
                (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
            }
        }
    }
}
