//! Fuzz target: the URL normaliser and the template matcher must never panic, and every
//! match must come from the templates inserted.

#![no_main]

use std::sync::LazyLock;

use graphperm_core::least::matcher::Matcher;
use graphperm_core::least::url::normalise;
use libfuzzer_sys::fuzz_target;

/// Templates in every shape permissions.json uses.
const TEMPLATES: &[(&str, &str)] = &[
    ("GET", "/users"),
    ("GET", "/users/{id}"),
    ("GET", "/users/delta()"),
    ("GET", "/users/{id}/messages/{id}/$value"),
    ("POST", "/groups/{id}/members/$ref"),
    ("GET", "/groups/{id}/members/microsoft.graph.user"),
    ("GET", "/reports/getoffice365activeuserdetail(period={period_value})"),
    ("GET", "/serviceprincipals(appid={appid})"),
    ("GET", "/directoryroles/roletemplateid={roletemplateid}/members"),
    ("GET", "/drives/{id}/root:/{id}:/content"),
    ("GET", "/drives/{id}/root:/{id}"),
    ("PUT", "/drives/{id}/items/{id}:/{id}:/content"),
    ("PUT", "/me/drive/root:/foldera/fileb.txt:/content"),
    ("GET", "/me/mailfolders/{id}/childfolders/{id}/.../messages/{id}"),
    ("GET", "/sites/getOperationStatus(operationId='{id}')"),
    ("GET", "/admin/windows/updates/products/Default.findByKbNumber(kbNumber={kbNumber})"),
    ("POST", "/chats/{id}}/messages/forwardToChat"),
    ("GET", "/agentRegistry/agentInstances?$filter=agentCardManifest/id eq '{id}'"),
    ("GET", "/me/drive/items/{id}/workbook/worksheets/{id}/range(address={value})"),
    (
        "GET",
        "/sites/{id}/pages/{id}/getwebpartsbyposition(horizontalsectionid={h},columnid={c},webpartindex={w},isinverticalsection={i})",
    ),
];

static MATCHER: LazyLock<Matcher<usize>> = LazyLock::new(|| {
    let mut matcher = Matcher::new();
    for (index, (method, template)) in TEMPLATES.iter().enumerate() {
        matcher.insert(method, template, index);
    }
    matcher
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The first line picks the method, the rest is the URL.
    let (method, url) = text.split_once('\n').unwrap_or(("GET", text));
    let Ok(normalised) = normalise(url) else {
        return;
    };
    for segments in std::iter::once(&normalised.segments).chain(&normalised.variants) {
        if let Ok(found) = MATCHER.find(method, segments) {
            assert!(found.template < MATCHER.templates().len());
        }
    }
    for template in MATCHER.suggest(method, &normalised.segments, 5) {
        assert!(template < MATCHER.templates().len());
    }
});
