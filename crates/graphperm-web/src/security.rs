//! Security headers and request limits applied to every response.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::WebError;

/// No inline scripts or styles, nothing from other origins.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Largest request body accepted (a HAR recording or `$batch` body fits easily).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Longest query string accepted (a shared calculator link with a few hundred calls).
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

/// Rejects over-long query strings before any extractor runs.
pub async fn limit_query(request: Request, next: Next) -> Response {
    let query_length = request.uri().query().map_or(0, str::len);
    if query_length > MAX_QUERY_BYTES {
        let error = WebError::bad_request(format!(
            "the query string is {query_length} bytes long; the limit is {MAX_QUERY_BYTES}"
        ));
        let error = if request.uri().path().starts_with("/api/") { error.for_api() } else { error };
        let mut response = error.into_response();
        *response.status_mut() = StatusCode::URI_TOO_LONG;
        return response;
    }
    next.run(request).await
}

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    response
}
