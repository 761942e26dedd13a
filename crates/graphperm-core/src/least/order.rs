//! Candidate ordering, least → most privileged, and which permission implies another.
//!
//! Order: the data's `least=` flag for the scheme first, then `privilegeLevel` (unknown
//! last), then the documented tie-breakers read from the name — narrow scopes
//! (`.Selected`, `.OwnedBy`, `.Shared`, `.Chat`, `.Group`, …) before no scope, before
//! `.All`, then access `ReadBasic` < `Read` < `ReadWrite` < anything broader — and
//! finally the name, so the order is total and stable.

use std::cmp::Ordering;

/// What ordering needs to know about one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rankable<'a> {
    pub name: &'a str,
    pub least: bool,
    pub privilege_level: Option<u8>,
}

/// Compares two candidates: `Less` means `a` is less privileged (comes first).
pub fn compare(a: &Rankable<'_>, b: &Rankable<'_>) -> Ordering {
    b.least
        .cmp(&a.least)
        .then_with(|| privilege_key(a.privilege_level).cmp(&privilege_key(b.privilege_level)))
        .then_with(|| scope_rank(a.name).cmp(&scope_rank(b.name)))
        .then_with(|| access_rank(a.name).cmp(&access_rank(b.name)))
        .then_with(|| a.name.to_ascii_lowercase().cmp(&b.name.to_ascii_lowercase()))
}

/// The privilege used in sums: unknown levels count as the most privileged, 5.
pub fn privilege_weight(level: Option<u8>) -> u64 {
    u64::from(level.unwrap_or(5).clamp(1, 5))
}

fn privilege_key(level: Option<u8>) -> u8 {
    level.unwrap_or(u8::MAX)
}

/// 0 ReadBasic, 1 Read, 2 ReadWrite (and Write, Send, Create…), 3 broader (Manage,
/// FullControl, AccessAsUser), by the name's parts.
pub fn access_rank(name: &str) -> u8 {
    let parts = parts(name);
    let has = |word: &str| parts.iter().any(|part| part.eq_ignore_ascii_case(word));
    if has("ReadBasic") {
        0
    } else if has("Read") {
        1
    } else if has("FullControl") || has("Manage") || has("AccessAsUser") || has("Everything") {
        3
    } else {
        2
    }
}

/// 0 a narrow scope (`Selected`, `OwnedBy`, `Shared`, `Chat`, `Group`, `Hidden`,
/// `CreatedByApp`, `AppFolder`), 1 no scope, 2 `All`.
pub fn scope_rank(name: &str) -> u8 {
    const NARROW: [&str; 9] =
        ["Selected", "OwnedBy", "Shared", "Chat", "Group", "Hidden", "CreatedByApp", "AppFolder", "Migrate"];
    let parts = parts(name);
    let Some(last) = parts.last() else {
        return 1;
    };
    if last.eq_ignore_ascii_case("All") {
        2
    } else if parts.len() >= 2 && NARROW.iter().any(|narrow| last.eq_ignore_ascii_case(narrow)) {
        0
    } else {
        1
    }
}

/// True when holding `holder` certainly grants everything `implied` grants, judged by
/// the naming convention `Resource.Access[.Scope]`: same resource, access at least as
/// broad (ReadBasic < Read < ReadWrite), and the same scope or `.All` over none
/// (`User.ReadWrite.All` implies `User.Read.All`, `User.Read` and `User.ReadBasic.All`;
/// `Mail.ReadWrite` does not imply `Mail.Read.Shared`).
pub fn implies(holder: &str, implied: &str) -> bool {
    if holder.eq_ignore_ascii_case(implied) {
        return true;
    }
    let (Some(a), Some(b)) = (split_name(holder), split_name(implied)) else {
        return false;
    };
    if !a.resource.eq_ignore_ascii_case(b.resource) || a.access < b.access {
        return false;
    }
    match (a.scope, b.scope) {
        (Some(x), Some(y)) => x.eq_ignore_ascii_case(y),
        (None, None) => true,
        (Some(x), None) => x.eq_ignore_ascii_case("All"),
        (None, Some(_)) => false,
    }
}

struct NameParts<'a> {
    resource: &'a str,
    access: u8,
    scope: Option<&'a str>,
}

/// `Resource.Access[.Scope]` where Access is ReadBasic, Read or ReadWrite.
fn split_name(name: &str) -> Option<NameParts<'_>> {
    let parts = parts(name);
    let position = parts.iter().position(|part| {
        ["ReadBasic", "Read", "ReadWrite"].iter().any(|access| part.eq_ignore_ascii_case(access))
    })?;
    if position == 0 || parts.len() > position + 2 {
        return None;
    }
    let resource_end: usize = parts[..position].iter().map(|p| p.len() + 1).sum::<usize>() - 1;
    let access = match parts[position].to_ascii_lowercase().as_str() {
        "readbasic" => 0,
        "read" => 1,
        _ => 2,
    };
    Some(NameParts { resource: &name[..resource_end], access, scope: parts.get(position + 1).copied() })
}

fn parts(name: &str) -> Vec<&str> {
    name.split('.').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(candidates: &[(&str, bool, Option<u8>)]) -> Vec<String> {
        let mut list: Vec<Rankable<'_>> = candidates
            .iter()
            .map(|&(name, least, privilege_level)| Rankable { name, least, privilege_level })
            .collect();
        list.sort_by(compare);
        list.into_iter().map(|c| c.name.to_string()).collect()
    }

    #[test]
    fn least_flag_then_privilege_then_name_rules() {
        assert_eq!(
            order(&[
                ("User.ReadWrite.All", false, Some(3)),
                ("User.Read.All", false, Some(3)),
                ("User.ReadBasic.All", false, Some(3)),
                ("Directory.Read.All", true, Some(4)),
                ("User.Read", false, Some(1)),
            ]),
            vec![
                "Directory.Read.All",
                "User.Read",
                "User.ReadBasic.All",
                "User.Read.All",
                "User.ReadWrite.All"
            ]
        );
    }

    #[test]
    fn narrow_scopes_before_all_and_unknown_levels_last() {
        assert_eq!(
            order(&[
                ("Sites.Read.All", false, Some(2)),
                ("Sites.Selected", false, Some(2)),
                ("Chat.Read.Chat", false, None),
                ("Files.Read", false, Some(2)),
            ]),
            vec!["Sites.Selected", "Files.Read", "Sites.Read.All", "Chat.Read.Chat"]
        );
    }

    #[test]
    fn implication_by_name() {
        assert!(implies("User.ReadWrite.All", "User.Read.All"));
        assert!(implies("User.ReadWrite.All", "User.Read"));
        assert!(implies("User.Read.All", "User.ReadBasic.All"));
        assert!(implies("Mail.ReadWrite", "Mail.Read"));
        assert!(implies("Mail.ReadWrite.Shared", "Mail.Read.Shared"));
        assert!(!implies("Mail.ReadWrite", "Mail.Read.Shared"));
        assert!(!implies("User.Read", "User.Read.All"));
        assert!(!implies("User.Read.All", "User.ReadWrite.All"));
        assert!(!implies("Group.ReadWrite.All", "User.Read.All"));
        assert!(!implies("Sites.Selected", "Sites.Read.All"));
        assert!(implies("DeviceManagementApps.ReadWrite.All", "DeviceManagementApps.Read.All"));
        assert!(implies("ThreatHunting.Read.All", "threathunting.read.all"));
    }
}
