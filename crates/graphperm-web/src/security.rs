//! Security headers and request limits applied to every response.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{Shaped, WebError};
use crate::state::AppState;

/// No inline scripts or styles, nothing from other origins.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Largest request body accepted (a HAR recording or `$batch` body fits easily).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Longest query string accepted (a shared calculator link with a few hundred calls).
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

/// Largest total size of the request's header names and values. Below hyper's read
/// buffer (`crate::server`), so the server answers 431 in the usual shape itself.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// Rejects over-long query strings and header sections before any extractor runs.
pub async fn limit_query(request: Request, next: Next) -> Response {
    let api = is_api(&request);
    let query_length = request.uri().query().map_or(0, str::len);
    if query_length > MAX_QUERY_BYTES {
        let error = WebError::with_status(
            StatusCode::URI_TOO_LONG,
            format!("the query string is {query_length} bytes long; the limit is {MAX_QUERY_BYTES}"),
        );
        return surface(error, api).into_response();
    }
    let header_bytes: usize =
        request.headers().iter().map(|(name, value)| name.as_str().len() + value.len() + 4).sum();
    if header_bytes > MAX_HEADER_BYTES {
        let error = WebError::with_status(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            format!("the request headers are {header_bytes} bytes long; the limit is {MAX_HEADER_BYTES}"),
        );
        return surface(error, api).into_response();
    }
    next.run(request).await
}

/// The whole request, body read included, within [`crate::Limits::request_timeout`]: a
/// client trickling its body gets a 408 and the connection is closed.
pub async fn deadline(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let api = is_api(&request);
    let limit = state.limits.request_timeout;
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let error = WebError::with_status(
                StatusCode::REQUEST_TIMEOUT,
                format!("the request was not complete within {} s", limit.as_secs_f32()),
            );
            let mut response = surface(error, api).into_response();
            response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            response
        }
    }
}

/// Gives every error the one shape: responses made by axum itself (an extractor's
/// rejection such as `?limit=x` or `/%ff`, 405, 415) become `{"error": ...}` under
/// `/api/` and the HTML error page elsewhere. Errors already shaped pass unchanged.
pub async fn error_shape(request: Request, next: Next) -> Response {
    let api = is_api(&request);
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<Shaped>().is_some()
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    // Rejection texts are one line; anything longer is cut rather than buffered.
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|bytes| String::from_utf8_lossy(&bytes).trim().to_string())
        .unwrap_or_default();
    let message = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_ascii_lowercase()
    } else {
        text
    };
    let mut shaped = surface(WebError::with_status(status, message), api).into_response();
    for name in [header::ALLOW, header::RETRY_AFTER, header::CONNECTION] {
        if let Some(value) = parts.headers.get(&name) {
            shaped.headers_mut().insert(name, value.clone());
        }
    }
    shaped
}

fn is_api(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

fn surface(error: WebError, api: bool) -> WebError {
    if api { error.for_api() } else { error }
}

/// Adds the security headers to every response.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    // The page cache's answers carry them already.
    if !response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        add_headers(&mut response);
    }
    response
}

/// The security headers, also used for responses made outside the router (`crate::server`).
pub fn add_headers(response: &mut Response) {
    add_security_headers(response.headers_mut());
}

/// The security headers into a header map (the page cache makes its entries' maps once).
pub fn add_security_headers(headers: &mut HeaderMap) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
}
