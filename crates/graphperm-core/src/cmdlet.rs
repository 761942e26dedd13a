//! Derives Microsoft Graph PowerShell cmdlet names from method + path, following the
//! PowerShell SDK's generator, for endpoints the cmdlet map does not cover.
//!
//! Every rule is one row of [`RULES`] (what it does, one example in, the name out), and
//! each row has its test; derived names are marked `source: derived` and the real map
//! (`MgCommandMetadata.json`) wins wherever it has the endpoint.

use crate::model::ApiVersion;

/// One naming rule of the SDK's generator, with an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamingRule {
    /// Short stable name (tests and ARCHITECTURE.md refer to it).
    pub id: &'static str,
    /// What the rule does, for people.
    pub rule: &'static str,
    /// Example input: method, path (schema-cased canonical path), operation name.
    pub method: &'static str,
    pub path: &'static str,
    pub operation: Option<&'static str>,
    /// The name the SDK gives it (v1.0).
    pub expected: &'static str,
}

/// The rules, in the order they apply.
pub const RULES: &[NamingRule] = &[
    NamingRule {
        id: "verb-from-method",
        rule: "GET → Get, POST → New, PATCH → Update, PUT → Set, DELETE → Remove",
        method: "PATCH",
        path: "/identity/apiConnectors/{identityApiConnector-id}",
        operation: None,
        expected: "Update-MgIdentityApiConnector",
    },
    NamingRule {
        id: "noun-per-segment",
        rule: "noun = Mg (MgBeta) + each segment in PascalCase, keys dropped, `me` as User",
        method: "GET",
        path: "/me/mailFolders/{mailFolder-id}/childFolders",
        operation: None,
        expected: "Get-MgUserMailFolderChildFolder",
    },
    NamingRule {
        id: "singular-nouns",
        rule: "every noun word singular, inside segments too (filesFolder → FileFolder)",
        method: "GET",
        path: "/teams/{team-id}/channels/{channel-id}/filesFolder",
        operation: None,
        expected: "Get-MgTeamChannelFileFolder",
    },
    NamingRule {
        id: "irregular-plurals",
        rule: "irregular plurals: people → Person, children → Child",
        method: "GET",
        path: "/users/{user-id}/people",
        operation: None,
        expected: "Get-MgUserPerson",
    },
    NamingRule {
        id: "operation-approved-verb",
        rule: "an operation whose first word is an approved PowerShell verb takes it as the verb",
        method: "POST",
        path: "/directory/deletedItems/{directoryObject-id}/restore",
        operation: Some("restore"),
        expected: "Restore-MgDirectoryDeletedItem",
    },
    NamingRule {
        id: "operation-verb-synonym",
        rule: "operation verbs with an approved synonym: check/verify → Confirm, validate → Test, \
               assign → Set, create → New, delete → Remove, list → Get",
        method: "POST",
        path: "/users/{user-id}/checkMemberGroups",
        operation: Some("checkMemberGroups"),
        expected: "Confirm-MgUserMemberGroup",
    },
    NamingRule {
        id: "operation-singular",
        rule: "the operation's other words join the noun, singular (getMemberGroups → MemberGroup)",
        method: "POST",
        path: "/users/{user-id}/revokeSignInSessions",
        operation: Some("revokeSignInSessions"),
        expected: "Revoke-MgUserSignInSession",
    },
    NamingRule {
        id: "operation-invoke",
        rule: "other operations: Invoke-Mg<FirstWord><Noun><OtherWords>",
        method: "POST",
        path: "/identity/apiConnectors/{identityApiConnector-id}/uploadClientCertificate",
        operation: Some("uploadClientCertificate"),
        expected: "Invoke-MgUploadIdentityApiConnectorClientCertificate",
    },
    NamingRule {
        id: "function-get",
        rule: "a function (GET) not starting with a verb is read: Get-Mg<Noun><Function>",
        method: "GET",
        path: "/users/delta()",
        operation: Some("delta"),
        expected: "Get-MgUserDelta",
    },
    NamingRule {
        id: "value-content",
        rule: "`$value` of a photo or stream → …Content (Get/Set/Remove)",
        method: "PUT",
        path: "/users/{user-id}/photo/$value",
        operation: None,
        expected: "Set-MgUserPhotoContent",
    },
    NamingRule {
        id: "collapse-container-prefix",
        rule: "a segment repeating its container's name drops the repeat (/identity/identityProviders)",
        method: "GET",
        path: "/identity/identityProviders",
        operation: None,
        expected: "Get-MgIdentityProvider",
    },
    NamingRule {
        id: "alternate-key-by",
        rule: "an alternate key or function parameter → By<Parameter> ((appId='{appId}') → ByAppId)",
        method: "GET",
        path: "/servicePrincipals(appId='{appId}')",
        operation: None,
        expected: "Get-MgServicePrincipalByAppId",
    },
    NamingRule {
        id: "ref-byref",
        rule: "`$ref` → …ByRef",
        method: "POST",
        path: "/groups/{group-id}/members/$ref",
        operation: None,
        expected: "New-MgGroupMemberByRef",
    },
    NamingRule {
        id: "count",
        rule: "`$count` → …Count",
        method: "GET",
        path: "/users/$count",
        operation: None,
        expected: "Get-MgUserCount",
    },
    NamingRule {
        id: "cast-as",
        rule: "a cast segment `microsoft.graph.x` → As<X>",
        method: "GET",
        path: "/groups/{group-id}/members/microsoft.graph.user",
        operation: None,
        expected: "Get-MgGroupMemberAsUser",
    },
    NamingRule {
        id: "beta-prefix",
        rule: "MgBeta instead of Mg; a version's name only where its schema has the endpoint (or cannot say, said so)",
        method: "GET",
        path: "/identity/apiConnectors",
        operation: None,
        expected: "Get-MgIdentityApiConnector",
    },
];

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

/// Operation verbs that are not approved PowerShell verbs but have an approved synonym
/// the SDK uses.
const VERB_SYNONYMS: &[(&str, &str)] = &[
    ("Check", "Confirm"),
    ("Verify", "Confirm"),
    ("Validate", "Test"),
    ("Assign", "Set"),
    ("Create", "New"),
    ("Delete", "Remove"),
    ("List", "Get"),
];

/// Words that end in `s` but are not plurals.
const NOT_PLURAL: &[&str] = &[
    "status",
    "series",
    "analysis",
    "news",
    "bus",
    "alias",
    "canvas",
    "access",
    "address",
    "process",
    "business",
    "class",
    "pass",
    "basis",
    "axis",
    "gps",
    "sms",
    "dns",
    "ios",
    "macos",
    "windows",
    "chaos",
    "has",
    "was",
    "is",
    "as",
    "us",
    "os",
    "its",
    "this",
    "yes",
    "plus",
    "bonus",
    "campus",
    "corpus",
    "virus",
    "focus",
    "census",
    "consensus",
    "thesis",
    "diagnosis",
    "synopsis",
    "always",
    "across",
    "sas",
    "aws",
    "kerberos",
];

/// Irregular plurals (lower case), as the generator's inflector knows them.
const IRREGULAR: &[(&str, &str)] =
    &[("people", "person"), ("children", "child"), ("men", "man"), ("women", "woman"), ("indices", "index")];

/// Derives the cmdlet name for `method` on `path` (ideally the schema-cased canonical
/// path). `operation` names the trailing action or function segment, if the path ends in
/// one.
pub fn derive(method: &str, path: &str, version: ApiVersion, operation: Option<&str>) -> String {
    let prefix = match version {
        ApiVersion::V1 => "Mg",
        ApiVersion::Beta => "MgBeta",
    };
    // Each segment's words; the noun is their concatenation.
    let mut nouns: Vec<Vec<String>> = Vec::new();
    let mut last_special: Option<&str> = None;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let operation_index = operation.and_then(|_| segments.len().checked_sub(1));
    let mut operation_words: Vec<String> = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        let (name, arguments) = match segment.split_once('(') {
            Some((name, rest)) => (name, Some(rest.trim_end_matches(')'))),
            None => (*segment, None),
        };
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
                nouns.push(vec!["User".to_string()]);
                continue;
            }
            _ => {}
        }
        if Some(index) == operation_index {
            let bare = name.rsplit('.').next().unwrap_or(name);
            operation_words = singular_words(&words(bare));
            continue;
        }
        if let Some(cast) = name.strip_prefix("microsoft.graph.") {
            let cast = cast.rsplit('.').next().unwrap_or(cast);
            nouns.push(vec![format!("As{}", pascal(cast))]);
            continue;
        }
        let mut segment_words = singular_words(&words(name));
        // An alternate key names its parameters: `(appId='{appId}')` → ByAppId.
        if let Some(arguments) = arguments {
            let parameters: Vec<String> = arguments
                .split(',')
                .filter_map(|argument| argument.split_once('=').map(|(name, _)| pascal(name.trim())))
                .filter(|name| !name.is_empty())
                .collect();
            if !parameters.is_empty() {
                segment_words.push(format!("By{}", parameters.concat()));
            }
        }
        nouns.push(segment_words);
    }
    let mut noun: String = collapse(nouns).concat();
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
        let first = operation_words[0].clone();
        let rest: String = operation_words[1..].concat();
        let approved =
            VERB_SYNONYMS.iter().find(|(word, _)| *word == first).map(|(_, verb)| verb.to_string()).or_else(
                || (first != "Invoke" && APPROVED_VERBS.contains(&first.as_str())).then(|| first.clone()),
            );
        match approved {
            Some(verb) => {
                noun.push_str(&rest);
                verb
            }
            None if method.eq_ignore_ascii_case("GET") => {
                noun.push_str(&first);
                noun.push_str(&rest);
                "Get".to_string()
            }
            None => {
                noun = format!("{first}{noun}{rest}");
                "Invoke".to_string()
            }
        }
    };
    if let Some(special) = last_special {
        noun.push_str(special);
    }
    format!("{verb}-{prefix}{noun}")
}

/// Derives a name from a path alone (no schema): the last segment is taken for an
/// operation when [`guess_operation`] says so.
pub fn derive_from_uri(method: &str, path: &str, version: ApiVersion) -> String {
    derive(method, path, version, guess_operation(method, path).as_deref())
}

/// Without a schema: a last segment with parentheses is a function call, and a POST to a
/// last segment starting with an operation verb (`revokeSignInSessions`, `move`) is an
/// action.
pub fn guess_operation(method: &str, path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    if let Some((name, _)) = last.split_once('(') {
        // At the root, parentheses are an alternate key (`/applications(appId='…')`).
        let at_root = path.trim_start_matches('/').split('/').count() == 1;
        return (!at_root && !name.is_empty() && !name.starts_with('{')).then(|| name.to_string());
    }
    if !method.eq_ignore_ascii_case("POST") || last.starts_with(['{', '$']) || last.contains('.') {
        return None;
    }
    starts_with_operation_verb(last).then(|| last.to_string())
}

/// True when a lower-camelCase segment name starts with a verb the SDK turns into a
/// cmdlet verb (`revokeSignInSessions`, `move`, `checkMemberGroups`); used to spot actions
/// in paths no schema resolves. Words that are also common nouns (`group`, `read`) do not
/// count.
pub fn starts_with_operation_verb(name: &str) -> bool {
    const NOUN_LIKE: &[&str] = &[
        "Group", "Read", "Use", "Limit", "Step", "Format", "Trace", "Push", "Pop", "Watch", "Select",
        "Search", "Show", "Request", "Lock",
    ];
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return false;
    }
    let Some(first) = words(name).into_iter().next() else {
        return false;
    };
    !NOUN_LIKE.contains(&first.as_str())
        && (APPROVED_VERBS.contains(&first.as_str()) || VERB_SYNONYMS.iter().any(|(word, _)| *word == first))
}

/// Splits a segment name into PascalCase words: camelCase humps, `_` and `-`
/// (`alerts_v2` → Alerts, V2; `uploadClientCertificate` → Upload, Client, Certificate).
fn words(name: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut current = String::new();
    for character in name.chars() {
        if !character.is_ascii_alphanumeric() {
            if !current.is_empty() {
                found.push(pascal(&std::mem::take(&mut current)));
            }
            continue;
        }
        if character.is_ascii_uppercase()
            && current.chars().next_back().is_some_and(|c| !c.is_ascii_uppercase())
        {
            found.push(pascal(&std::mem::take(&mut current)));
        }
        current.push(character);
    }
    if !current.is_empty() {
        found.push(pascal(&current));
    }
    found
}

/// Every word singular.
fn singular_words(words: &[String]) -> Vec<String> {
    words.iter().map(|word| singular(word)).collect()
}

fn pascal(word: &str) -> String {
    let mut characters = word.chars().filter(|c| c.is_ascii_alphanumeric());
    match characters.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + &characters.collect::<String>(),
        None => String::new(),
    }
}

/// English singular of a word (or of a camelCase name's last word), as the SDK's
/// generator does; the case of the first letter is kept.
pub fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{add}", &word[..word.len() - n]);
    for (plural, single) in IRREGULAR {
        if lower.ends_with(plural) {
            let stem = &word[..word.len() - plural.len()];
            let replaced = if stem.is_empty() && word.starts_with(|c: char| c.is_ascii_uppercase()) {
                pascal(single)
            } else {
                single.to_string()
            };
            // Only whole words: `women` is not `wo` + `men` inside a longer word.
            if stem.is_empty() || (stem.ends_with(|c: char| c.is_ascii_lowercase()) && *plural != "men") {
                return format!("{stem}{replaced}");
            }
        }
    }
    if NOT_PLURAL.iter().any(|keep| lower.ends_with(keep)) && !lower.ends_with("statuses") {
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

/// Joins the segments' words, dropping what repeats: a segment that starts with all the
/// words of the one before (`Identity` `IdentityProvider` → `IdentityProvider`), and a
/// noun repeated twice in a row (`Drive` `Drive`).
fn collapse(nouns: Vec<Vec<String>>) -> Vec<String> {
    let mut kept: Vec<Vec<String>> = Vec::with_capacity(nouns.len());
    for noun in nouns {
        if let Some(previous) = kept.last_mut() {
            if *previous == noun {
                continue;
            }
            if noun.len() > previous.len() && noun.starts_with(previous) {
                *previous = noun;
                continue;
            }
        }
        kept.push(noun);
    }
    kept.into_iter().map(|words| words.concat()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(method: &str, path: &str, operation: Option<&str>, expected: &str) {
        assert_eq!(derive(method, path, ApiVersion::V1, operation), expected, "{method} {path}");
    }

    /// The rule's example derives to its expected name, plus further cases.
    fn check_rule(id: &str, more: &[(&str, &str, Option<&str>, &str)]) {
        let rule = RULES.iter().find(|rule| rule.id == id).unwrap_or_else(|| panic!("no rule {id}"));
        check(rule.method, rule.path, rule.operation, rule.expected);
        for (method, path, operation, expected) in more {
            check(method, path, *operation, expected);
        }
    }

    #[test]
    fn every_rule_has_a_test_below() {
        // The tests below name their rule in a `check_rule` call (rustfmt may break the
        // call across lines, so whitespace is ignored).
        let source: String = include_str!("cmdlet.rs").split_whitespace().collect();
        for rule in RULES {
            let call: String = format!("check_rule(\"{}\"", rule.id);
            assert!(source.contains(&call), "rule {} has no test", rule.id);
        }
    }

    #[test]
    fn verb_from_method() {
        check_rule(
            "verb-from-method",
            &[
                (
                    "GET",
                    "/identity/apiConnectors/{identityApiConnector-id}",
                    None,
                    "Get-MgIdentityApiConnector",
                ),
                ("POST", "/identity/apiConnectors", None, "New-MgIdentityApiConnector"),
                ("DELETE", "/identity/apiConnectors/{id}", None, "Remove-MgIdentityApiConnector"),
            ],
        );
    }

    #[test]
    fn noun_per_segment() {
        check_rule(
            "noun-per-segment",
            &[
                ("GET", "/me/messages", None, "Get-MgUserMessage"),
                (
                    "GET",
                    "/policies/activityBasedTimeoutPolicies",
                    None,
                    "Get-MgPolicyActivityBasedTimeoutPolicy",
                ),
            ],
        );
    }

    #[test]
    fn singular_nouns() {
        check_rule(
            "singular-nouns",
            &[
                ("GET", "/security/alerts_v2", None, "Get-MgSecurityAlertV2"),
                ("GET", "/users/{user-id}/mailboxSettings", None, "Get-MgUserMailboxSetting"),
                (
                    "GET",
                    "/reports/getEmailActivityCounts(period='{period}')",
                    Some("getEmailActivityCounts"),
                    "Get-MgReportEmailActivityCount",
                ),
            ],
        );
    }

    #[test]
    fn irregular_plurals() {
        check_rule(
            "irregular-plurals",
            &[("GET", "/drives/{drive-id}/items/{driveItem-id}/children", None, "Get-MgDriveItemChild")],
        );
    }

    #[test]
    fn operation_approved_verb() {
        check_rule(
            "operation-approved-verb",
            &[
                ("POST", "/users/{user-id}/messages/{message-id}/move", Some("move"), "Move-MgUserMessage"),
                ("POST", "/users/{user-id}/messages/{message-id}/copy", Some("copy"), "Copy-MgUserMessage"),
                ("POST", "/users/{user-id}/sendMail", Some("sendMail"), "Send-MgUserMail"),
                ("POST", "/groups/{id}/addFavorite", Some("addFavorite"), "Add-MgGroupFavorite"),
                (
                    "POST",
                    "/applications/{application-id}/addPassword",
                    Some("addPassword"),
                    "Add-MgApplicationPassword",
                ),
            ],
        );
    }

    #[test]
    fn operation_verb_synonym() {
        check_rule(
            "operation-verb-synonym",
            &[
                ("POST", "/domains/{domain-id}/verify", Some("verify"), "Confirm-MgDomain"),
                ("POST", "/users/{user-id}/assignLicense", Some("assignLicense"), "Set-MgUserLicense"),
            ],
        );
    }

    #[test]
    fn operation_singular() {
        check_rule(
            "operation-singular",
            &[
                (
                    "POST",
                    "/users/{user-id}/getMemberGroups",
                    Some("getMemberGroups"),
                    "Get-MgUserMemberGroup",
                ),
                ("POST", "/directoryObjects/getByIds", Some("getByIds"), "Get-MgDirectoryObjectById"),
            ],
        );
    }

    #[test]
    fn operation_invoke() {
        check_rule(
            "operation-invoke",
            &[
                ("POST", "/groups/{group-id}/renew", Some("renew"), "Invoke-MgRenewGroup"),
                (
                    "POST",
                    "/users/{user-id}/events/{event-id}/snoozeReminder",
                    Some("snoozeReminder"),
                    "Invoke-MgSnoozeUserEventReminder",
                ),
            ],
        );
    }

    #[test]
    fn function_get() {
        check_rule("function-get", &[]);
    }

    #[test]
    fn value_content() {
        check_rule(
            "value-content",
            &[
                ("GET", "/users/{user-id}/photo/$value", None, "Get-MgUserPhotoContent"),
                ("DELETE", "/users/{user-id}/photo/$value", None, "Remove-MgUserPhotoContent"),
            ],
        );
    }

    #[test]
    fn collapse_container_prefix() {
        check_rule(
            "collapse-container-prefix",
            &[
                (
                    "GET",
                    "/deviceManagement/deviceConfigurations",
                    None,
                    "Get-MgDeviceManagementDeviceConfiguration",
                ),
                ("GET", "/drives/{drive-id}/drive", None, "Get-MgDrive"),
            ],
        );
    }

    #[test]
    fn alternate_key_by() {
        check_rule(
            "alternate-key-by",
            &[("GET", "/applications(uniqueName='{uniqueName}')", None, "Get-MgApplicationByUniqueName")],
        );
    }

    #[test]
    fn ref_byref() {
        check_rule(
            "ref-byref",
            &[
                ("GET", "/users/{user-id}/manager/$ref", None, "Get-MgUserManagerByRef"),
                ("PUT", "/users/{user-id}/manager/$ref", None, "Set-MgUserManagerByRef"),
            ],
        );
    }

    #[test]
    fn count() {
        check_rule("count", &[]);
    }

    #[test]
    fn cast_as() {
        check_rule("cast-as", &[]);
    }

    #[test]
    fn beta_prefix() {
        check_rule("beta-prefix", &[]);
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
            ("People", "Person"),
            ("Children", "Child"),
            ("Ids", "Id"),
            ("Has", "Has"),
            ("Windows", "Windows"),
        ] {
            assert_eq!(singular(plural), single, "{plural}");
        }
    }
}
