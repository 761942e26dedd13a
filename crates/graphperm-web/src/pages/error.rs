//! The error page: status, a plain message and, for unknown names, the nearest ones.
//!
//! Suggestions are names within a small edit distance of what was asked for, never the
//! fuzzy search's best effort: a 404 for `Widget.Reed.All` offers Widget.Read.All, and
//! one for an unrelated word offers nothing rather than noise.

use askama::Template;
use axum::http::StatusCode;

use super::Layout;
use crate::error::Suggestion;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    reason: &'a str,
    message: &'a str,
    suggestions: &'a [Suggestion],
}

/// Never fails: a template error falls back to plain escaped text.
pub fn render_error_page(status: StatusCode, message: &str, suggestions: &[Suggestion]) -> String {
    let reason = status.canonical_reason().unwrap_or("Error");
    let page = ErrorPage {
        layout: Layout::new(None, format!("{} {reason}", status.as_u16()), "", ""),
        status: status.as_u16(),
        reason,
        message,
        suggestions,
    };
    page.render().unwrap_or_else(|error| {
        tracing::error!("cannot render the error page: {error}");
        format!(
            "<!doctype html><title>{}</title><p>{}</p>",
            status.as_u16(),
            html_escape::encode_double_quoted_attribute(message)
        )
    })
}
