//! The raw HTTP request and its Azure CLI `az rest` form.

use super::Request;
use super::quote;

/// `POST https://graph.microsoft.com/v1.0/...` with headers and the JSON body.
pub fn http(request: &Request<'_>) -> String {
    let mut text = format!("{} {}\n", request.method, request.url());
    if request.stream_body {
        text.push_str("Content-Type: application/octet-stream\n\n<the file's bytes>\n");
    }
    if let Some(body) = request.json_body() {
        text.push_str("Content-Type: application/json\n\n");
        text.push_str(&body);
        text.push('\n');
    }
    text
}

/// `az rest`: the Azure CLI signs the request with the signed-in account's token.
pub fn azure_cli(request: &Request<'_>) -> String {
    let mut text = format!(
        "az rest --method {} --url {}",
        request.method.to_ascii_lowercase(),
        quote::shell(&request.url())
    );
    if request.stream_body {
        text.push_str(&format!(
            " \\\n  --headers Content-Type=application/octet-stream \\\n  --body @{}",
            super::UPLOAD_FILE
        ));
    }
    if let Some(body) = request.json_body() {
        text.push_str(" \\\n  --headers Content-Type=application/json \\\n  --body ");
        text.push_str(&quote::shell(&body));
    }
    text.push('\n');
    text
}
