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
pub use graphperm_views::suggest::Suggestion;

#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("no {what} named {name:?}")]
    NotFound { what: &'static str, name: String, suggestions: Vec<Suggestion> },
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooLarge(String),
    /// Any other status with its message: a rejected media type (415), a method the
    /// route does not have (405), a request that took too long (408), a calculation
    /// past its limits (422) or deadline (503).
    #[error("{message}")]
    Status { status: StatusCode, message: String },
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

    /// A request understood but past a documented limit (too many calls, too large a report).
    pub fn unprocessable(message: impl Into<String>) -> WebError {
        WebError::with_status(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// Heavy work that could not start or finish within its deadline.
    pub fn busy(message: impl Into<String>) -> WebError {
        WebError::with_status(StatusCode::SERVICE_UNAVAILABLE, message)
    }

    /// An error with any 4xx or 5xx status; other statuses become 500.
    pub fn with_status(status: StatusCode, message: impl Into<String>) -> WebError {
        let status = if status.is_client_error() || status.is_server_error() {
            status
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            return WebError::internal(message);
        }
        WebError::page(ErrorKind::Status { status, message: message.into() })
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
            ErrorKind::Status { status, .. } => status,
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
    /// An extractor's rejection (bad JSON, form or multipart body; body too large; wrong
    /// media type), keeping the extractor's status.
    pub fn rejected(status: StatusCode, message: String) -> WebError {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => WebError::too_large(message),
            StatusCode::BAD_REQUEST => WebError::bad_request(message),
            other => WebError::with_status(other, message),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> WebError {
        WebError::internal(format!("template rendering failed: {error}"))
    }
}

/// Marks a response as a shaped error, so `crate::security::error_shape` leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct Shaped;

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(status = status.as_u16(), "{}", self.kind);
        }
        let mut response = self.shape(status);
        response.extensions_mut().insert(Shaped);
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
        }
        response
    }
}

impl WebError {
    fn shape(self, status: StatusCode) -> Response {
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
