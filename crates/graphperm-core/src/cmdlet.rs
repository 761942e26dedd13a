//! Derives Microsoft Graph PowerShell cmdlet names from method + path, following the
//! PowerShell SDK's naming convention, for endpoints the cmdlet map does not cover.
//!
//! The convention (AutoRest's PowerShell generator as configured by the SDK):
//! - verb from the method: GET → Get, POST → New, PATCH → Update, PUT → Set,
//!   DELETE → Remove; on an action or function, the operation name's first word when it
//!   is an approved PowerShell verb (`Add`, `Send`, `Start`, …), else `Invoke` with the
//!   word kept in the noun (`Invoke-MgUploadIdentityApiConnectorClientCertificate`);
//! - noun `Mg` (v1.0) or `MgBeta`, then the path's segments in PascalCase, singular,
//!   keys dropped, `me` as `User`, casts as `As<Type>`, `$ref` as `ByRef`, `$count` as
//!   `Count`, `$value` as `Content`.
//!
//! Derived names are marked `source: derived`; the real map wins where present.

use crate::model::ApiVersion;

/// PowerShell's approved verbs that Graph operation names start with.
const APPROVED_VERBS: &[&str] = &[
    "Add",
    "Approve",
    "Assert",
    "Backup",
    "Block",
    "Clear",
    "Close",
    "Compare",
    "Complete",
    "Confirm",
    "Connect",
    "Convert",
    "Copy",
    "Deny",
    "Disable",
    "Disconnect",
    "Dismount",
    "Edit",
    "Enable",
    "Enter",
    "Exit",
    "Export",
    "Find",
    "Format",
    "Get",
    "Grant",
    "Group",
    "Import",
    "Initialize",
    "Install",
    "Invoke",
    "Join",
    "Limit",
    "Lock",
    "Measure",
    "Merge",
    "Mount",
    "Move",
    "New",
    "Open",
    "Optimize",
    "Ping",
    "Pop",
    "Protect",
    "Publish",
    "Push",
    "Read",
    "Receive",
    "Redo",
    "Register",
    "Remove",
    "Rename",
    "Repair",
    "Request",
    "Reset",
    "Resize",
    "Resolve",
    "Restart",
    "Restore",
    "Resume",
    "Revoke",
    "Save",
    "Search",
    "Select",
    "Send",
    "Set",
    "Show",
    "Skip",
    "Split",
    "Start",
    "Step",
    "Stop",
    "Submit",
    "Suspend",
    "Switch",
    "Sync",
    "Test",
    "Trace",
    "Unblock",
    "Undo",
    "Uninstall",
    "Unlock",
    "Unprotect",
    "Unpublish",
    "Unregister",
    "Update",
    "Use",
    "Wait",
    "Watch",
    "Write",
];

/// Derives the cmdlet name for `method` on `path` (ideally the schema-cased canonical
/// path). `operation` names the trailing action or function segment, if the path ends in
/// one.
pub fn derive(method: &str, path: &str, version: ApiVersion, operation: Option<&str>) -> String {
    let prefix = match version {
        ApiVersion::V1 => "Mg",
        ApiVersion::Beta => "MgBeta",
    };
    let mut nouns: Vec<String> = Vec::new();
    let mut last_special: Option<&str> = None;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let operation_index = operation.and_then(|_| segments.len().checked_sub(1));
    let mut operation_words: Vec<String> = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        let name = segment.split('(').next().unwrap_or_default();
        let name = name.split(':').next().unwrap_or_default();
        if name.is_empty() || name.starts_with('{') {
            continue;
        }
        match name.to_ascii_lowercase().as_str() {
            "$ref" => {
                last_special = Some("ByRef");
                continue;
            }
            "$count" => {
                last_special = Some("Count");
                continue;
            }
            "$value" => {
                last_special = Some("Content");
                continue;
            }
            "me" if index == 0 => {
                nouns.push("User".to_string());
                continue;
            }
            _ => {}
        }
        if Some(index) == operation_index {
            let bare = name.rsplit('.').next().unwrap_or(name);
            operation_words = camel_words(bare);
            continue;
        }
        if let Some(cast) = name.strip_prefix("microsoft.graph.") {
            let cast = cast.rsplit('.').next().unwrap_or(cast);
            nouns.push(format!("As{}", pascal(cast)));
            continue;
        }
        nouns.push(pascal(&singular(name)));
    }
    let mut noun: String = dedupe_adjacent(nouns).concat();
    let verb = if operation_words.is_empty() {
        match method.to_ascii_uppercase().as_str() {
            "GET" => "Get",
            "POST" => "New",
            "PATCH" => "Update",
            "PUT" => "Set",
            "DELETE" => "Remove",
            _ => "Invoke",
        }
        .to_string()
    } else {
        let first = pascal(&operation_words[0]);
        let rest: String = operation_words[1..].iter().map(|w| pascal(w)).collect();
        if first != "Invoke" && APPROVED_VERBS.contains(&first.as_str()) && !rest.is_empty() {
            noun.push_str(&rest);
            first
        } else if method.eq_ignore_ascii_case("GET") {
            noun.push_str(&first);
            noun.push_str(&rest);
            "Get".to_string()
        } else {
            noun = format!("{first}{noun}{rest}");
            "Invoke".to_string()
        }
    };
    if let Some(special) = last_special {
        noun.push_str(special);
    }
    format!("{verb}-{prefix}{noun}")
}

/// Splits camelCase / PascalCase into words: `uploadClientCertificate` → upload, Client,
/// Certificate.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for character in name.chars() {
        if character.is_ascii_uppercase() && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if character.is_ascii_alphanumeric() {
            current.push(character);
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn pascal(word: &str) -> String {
    let mut characters = word.chars().filter(|c| c.is_ascii_alphanumeric());
    match characters.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + &characters.collect::<String>(),
        None => String::new(),
    }
}

/// English singular of a camelCase segment's last word, as the SDK's generator does.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{add}", &word[..word.len() - n]);
    const KEEP: &[&str] = &[
        "status", "series", "analysis", "news", "bus", "alias", "canvas", "access", "address", "process",
        "business", "class", "pass", "basis", "axis", "gps", "sms", "dns", "ios", "macos", "windows",
        "chaos",
    ];
    if KEEP.iter().any(|keep| lower.ends_with(keep)) && !lower.ends_with("statuses") {
        return word.to_string();
    }
    if lower.ends_with("ies") && word.len() > 4 {
        cut(3, "y")
    } else if lower.ends_with("sses")
        || lower.ends_with("xes")
        || lower.ends_with("ches")
        || lower.ends_with("shes")
        || lower.ends_with("uses")
    {
        cut(2, "")
    } else if lower.ends_with("ss") || lower.ends_with("us") {
        word.to_string()
    } else if lower.ends_with('s') && word.len() > 2 {
        cut(1, "")
    } else {
        word.to_string()
    }
}

/// `Drive` `Drive` → `Drive`: the SDK does not repeat a noun twice in a row.
fn dedupe_adjacent(nouns: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(nouns.len());
    for noun in nouns {
        if kept.last() != Some(&noun) {
            kept.push(noun);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(method: &str, path: &str, operation: Option<&str>, expected: &str) {
        assert_eq!(derive(method, path, ApiVersion::V1, operation), expected, "{method} {path}");
    }

    #[test]
    fn derives_crud_names() {
        check("GET", "/identity/apiConnectors", None, "Get-MgIdentityApiConnector");
        check("GET", "/identity/apiConnectors/{identityApiConnector-id}", None, "Get-MgIdentityApiConnector");
        check("POST", "/identity/apiConnectors", None, "New-MgIdentityApiConnector");
        check("PATCH", "/identity/apiConnectors/{id}", None, "Update-MgIdentityApiConnector");
        check("DELETE", "/identity/apiConnectors/{id}", None, "Remove-MgIdentityApiConnector");
        check(
            "GET",
            "/policies/activityBasedTimeoutPolicies",
            None,
            "Get-MgPolicyActivityBasedTimeoutPolicy",
        );
        check("GET", "/me/messages", None, "Get-MgUserMessage");
        check("PUT", "/users/{id}/photo/$value", None, "Set-MgUserPhotoContent");
        check("POST", "/groups/{id}/members/$ref", None, "New-MgGroupMemberByRef");
        check("GET", "/users/$count", None, "Get-MgUserCount");
        check("GET", "/groups/{id}/members/microsoft.graph.user", None, "Get-MgGroupMemberAsUser");
    }

    #[test]
    fn derives_operation_names() {
        check(
            "POST",
            "/identity/apiConnectors/{identityApiConnector-id}/uploadClientCertificate",
            Some("uploadClientCertificate"),
            "Invoke-MgUploadIdentityApiConnectorClientCertificate",
        );
        check("POST", "/groups/{id}/addFavorite", Some("addFavorite"), "Add-MgGroupFavorite");
        check("POST", "/users/{id}/sendMail", Some("sendMail"), "Send-MgUserMail");
        check("GET", "/users/delta()", Some("delta"), "Get-MgUserDelta");
        assert_eq!(
            derive("GET", "/identity/apiConnectors", ApiVersion::Beta, None),
            "Get-MgBetaIdentityApiConnector"
        );
    }

    #[test]
    fn singularizes_like_the_sdk() {
        for (plural, single) in [
            ("apiConnectors", "apiConnector"),
            ("policies", "policy"),
            ("addresses", "address"),
            ("userStatuses", "userStatus"),
            ("settings", "setting"),
            ("status", "status"),
            ("mailboxSettings", "mailboxSetting"),
            ("series", "series"),
            ("branches", "branch"),
        ] {
            assert_eq!(singular(plural), single, "{plural}");
        }
    }
}
