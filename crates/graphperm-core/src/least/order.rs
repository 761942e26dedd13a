//! The one ranking of candidates, least → most privileged, used by the per-call lists and
//! by the solver; which permission implies another; and the tier-0 list.
//!
//! Order (README "Ranking", ARCHITECTURE.md): the data's `least` flag *for this method*
//! (see [`crate::least::engine`] for how a multi-method flag is narrowed), then access
//! read from the name (`ReadBasic` < `Read` < `ReadWrite` and other writes < `Manage` <
//! `FullControl`/`AccessAsUser`), then the privilege level made monotone within a family
//! (a `ReadWrite` never ranks below its `Read`), then one resource before `Directory.*`,
//! then scope (`.Selected`, `.OwnedBy`,
//! `.Shared`, `.Chat`, `.Group`, … before no scope, before `.All`), then the exact name,
//! so the order is total and stable. Names are compared exactly: two permissions that
//! differ only in case are two permissions.

use std::cmp::Ordering;
use std::collections::HashMap;

/// What ordering needs to know about one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rankable<'a> {
    pub name: &'a str,
    /// The least flag for this method and scheme.
    pub least: bool,
    /// The privilege level made monotone within the family.
    pub privilege_level: Option<u8>,
}

/// Compares two candidates: `Less` means `a` is less privileged (comes first).
pub fn compare(a: &Rankable<'_>, b: &Rankable<'_>) -> Ordering {
    b.least
        .cmp(&a.least)
        .then_with(|| access_rank(a.name).cmp(&access_rank(b.name)))
        .then_with(|| privilege_key(a.privilege_level).cmp(&privilege_key(b.privilege_level)))
        .then_with(|| is_directory_wide(a.name).cmp(&is_directory_wide(b.name)))
        .then_with(|| scope_rank(a.name).cmp(&scope_rank(b.name)))
        .then_with(|| a.name.cmp(b.name))
}

/// A `Directory.*` permission reaches every object of the directory: it ranks after the
/// permissions of the same access and level that name one resource (`Organization.Read.All`
/// before `Directory.Read.All` for app-only `GET /organization`).
pub fn is_directory_wide(name: &str) -> bool {
    name.split('.').next() == Some("Directory")
}

/// True when `name` is an Intune (`DeviceManagement*`) permission and `path` is not about
/// devices: the data's least marker on it is a mistake (lint `resource-mismatch`;
/// `DeviceManagementServiceConfig.Read.All` flagged for `GET /organization`), so the
/// ranking moves the marker to the call's first other candidate and lists such
/// permissions after every other one. `path` is lower case.
pub fn off_resource(name: &str, path: &str) -> bool {
    const DEVICE_WORDS: [&str; 12] = [
        "device",
        "managed",
        "mobile",
        "intune",
        "windows",
        "android",
        "ios",
        "macos",
        "compliance",
        "enrollment",
        "autopilot",
        "tenantattach",
    ];
    name.starts_with("DeviceManagement") && !DEVICE_WORDS.iter().any(|word| path.contains(word))
}

/// True when `a` grants a strictly lower access than `b` (a read against a write, a
/// write against `Manage`). A multi-method `least` flag does not count for a method
/// where such a lower permission grants the call too. Levels do not decide here: a
/// narrow write of another resource with a lower level (`AgentIdUser.ReadWrite.…` for
/// `PATCH /users/{id}`) does not take the flag from the call's own write.
pub fn strictly_lower(a: &Rankable<'_>, b: &Rankable<'_>) -> bool {
    access_rank(a.name) < access_rank(b.name)
}

/// Permissions that rank above every privilege level: holding one is, or leads in one
/// step to, control of the tenant (Global Administrator, any app's credentials, any
/// consent, every site). The least-privilege objective avoids them whenever any other
/// permission serves.
pub const TIER_ZERO: [&str; 11] = [
    "Directory.ReadWrite.All",
    "Directory.AccessAsUser.All",
    "RoleManagement.ReadWrite.Directory",
    "AppRoleAssignment.ReadWrite.All",
    "Application.ReadWrite.All",
    "DelegatedPermissionGrant.ReadWrite.All",
    "Sites.FullControl.All",
    "PrivilegedAccess.ReadWrite.AzureAD",
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "Policy.ReadWrite.PermissionGrant",
    "UserAuthenticationMethod.ReadWrite.All",
];

/// True for a permission of [`TIER_ZERO`] (exact name).
pub fn is_tier_zero(name: &str) -> bool {
    TIER_ZERO.contains(&name)
}

/// The privilege the objective minimises first: the level (unknown counts as 5), or 6
/// for tier 0.
pub fn privilege_rank(name: &str, level: Option<u8>) -> u8 {
    if is_tier_zero(name) { 6 } else { level.unwrap_or(5).clamp(1, 5) }
}

/// The privilege used in sums: unknown levels count as the most privileged, 5.
pub fn privilege_weight(level: Option<u8>) -> u64 {
    u64::from(level.unwrap_or(5).clamp(1, 5))
}

fn privilege_key(level: Option<u8>) -> u8 {
    level.unwrap_or(u8::MAX)
}

/// Access read from the name: 0 `ReadBasic`, 1 `Read` (and `ReadFor…`), 2 `ReadWrite`
/// and every other write (`Write`, `Send`, `Create`, …), 3 `Manage`, 4 `FullControl`,
/// `AccessAsUser`, `Everything`.
pub fn access_rank(name: &str) -> u8 {
    let mut rank = 2;
    let mut found_read = false;
    for part in name.split('.') {
        match part {
            "ReadBasic" => return 0,
            "Read" => found_read = true,
            "FullControl" | "AccessAsUser" | "Everything" => rank = 4,
            "Manage" => rank = rank.max(3),
            _ if part.starts_with("ReadFor") => found_read = true,
            _ => {}
        }
    }
    if found_read && rank == 2 { 1 } else { rank }
}

/// True when the name grants writing (access rank 2 or more).
pub fn is_write(name: &str) -> bool {
    access_rank(name) >= 2
}

/// 0 a narrow scope (`Selected`, `OwnedBy`, `Shared`, `Chat`, `Group`, `Hidden`,
/// `CreatedByApp`, `AppFolder`, `Migrate`), 1 no scope, 2 `All`.
pub fn scope_rank(name: &str) -> u8 {
    const NARROW: [&str; 9] =
        ["Selected", "OwnedBy", "Shared", "Chat", "Group", "Hidden", "CreatedByApp", "AppFolder", "Migrate"];
    let mut parts = name.split('.');
    let count = name.split('.').count();
    let Some(last) = parts.next_back() else {
        return 1;
    };
    if last == "All" {
        2
    } else if count >= 2 && NARROW.contains(&last) {
        0
    } else {
        1
    }
}

/// True when holding `holder` certainly grants everything `implied` grants, judged by
/// the naming convention `Resource.Access[.Scope]` within one family: same resource,
/// access at least as broad (FullControl ⊃ Manage ⊃ ReadWrite ⊃ Read ⊃ ReadBasic, and
/// AccessAsUser ⊃ ReadWrite), and the same scope, or `.All` over no scope or a narrower
/// one (`User.ReadWrite.All` implies `User.Read.All`, `User.Read` and
/// `User.ReadBasic.All`; `ChannelMessage.Read.All` implies `ChannelMessage.Read.Group`;
/// `Mail.ReadWrite` does not imply `Mail.Read.Shared`). Names compare exactly.
pub fn implies(holder: &str, implied: &str) -> bool {
    if holder == implied {
        return true;
    }
    let (Some(a), Some(b)) = (split_name(holder), split_name(implied)) else {
        return false;
    };
    if a.resource != b.resource || a.access < b.access {
        return false;
    }
    match (a.scope, b.scope) {
        (Some(x), Some(y)) => x == y || x == "All",
        (None, None) => true,
        (Some(x), None) => x == "All",
        (None, Some(_)) => false,
    }
}

/// A family: resource and scope (`("User", Some("All"))`).
pub type FamilyKey<'a> = (&'a str, Option<&'a str>);

/// The members of each family, as (access, index), from `(index, name)` pairs.
pub fn families<'a>(
    names: impl Iterator<Item = (usize, &'a str)>,
) -> HashMap<FamilyKey<'a>, Vec<(u8, usize)>> {
    let mut families: HashMap<FamilyKey<'a>, Vec<(u8, usize)>> = HashMap::new();
    for (index, name) in names {
        if let Some((resource, scope, access)) = family(name) {
            families.entry((resource, scope)).or_default().push((access, index));
        }
    }
    families
}

/// The family of a name: its resource and scope (`User` + `All` for `User.Read.All`),
/// when the name follows `Resource.Access[.Scope]`.
pub fn family(name: &str) -> Option<(&str, Option<&str>, u8)> {
    split_name(name).map(|parts| (parts.resource, parts.scope, parts.access))
}

struct NameParts<'a> {
    resource: &'a str,
    access: u8,
    scope: Option<&'a str>,
}

/// `Resource.Access[.Scope]` where Access is one of the family's steps.
fn split_name(name: &str) -> Option<NameParts<'_>> {
    let parts: Vec<&str> = name.split('.').collect();
    let (position, access) = parts.iter().enumerate().find_map(|(index, part)| {
        let access = match *part {
            "ReadBasic" => 0,
            "Read" => 1,
            "ReadWrite" => 2,
            "Manage" => 3,
            "FullControl" | "AccessAsUser" => 4,
            _ => return None,
        };
        Some((index, access))
    })?;
    if position == 0 || parts.len() > position + 2 {
        return None;
    }
    let resource_end: usize = parts[..position].iter().map(|p| p.len() + 1).sum::<usize>() - 1;
    Some(NameParts { resource: &name[..resource_end], access, scope: parts.get(position + 1).copied() })
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
    fn least_flag_then_access_then_level_then_scope_then_name() {
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
                "User.ReadBasic.All",
                "User.Read",
                "User.Read.All",
                "User.ReadWrite.All"
            ]
        );
    }

    /// Issue 10: `order.rs` compared scope before access, so `Sites.Selected` (a write)
    /// came before `Files.Read`.
    #[test]
    fn access_before_scope_and_unknown_levels_last_within_an_access() {
        assert_eq!(
            order(&[
                ("Sites.Read.All", false, Some(2)),
                ("Sites.Selected", false, Some(2)),
                ("Chat.Read.Chat", false, None),
                ("Files.Read", false, Some(2)),
            ]),
            vec!["Files.Read", "Sites.Read.All", "Chat.Read.Chat", "Sites.Selected"]
        );
    }

    #[test]
    fn access_ranks() {
        assert_eq!(access_rank("User.ReadBasic.All"), 0);
        assert_eq!(access_rank("Mail.Read"), 1);
        assert_eq!(access_rank("ResourceSpecificPermissionGrant.ReadForChat"), 1);
        assert_eq!(access_rank("Mail.Send"), 2);
        assert_eq!(access_rank("Sites.Manage.All"), 3);
        assert_eq!(access_rank("Sites.FullControl.All"), 4);
        assert_eq!(access_rank("Directory.AccessAsUser.All"), 4);
    }

    #[test]
    fn implication_by_family() {
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
        assert!(implies("Sites.FullControl.All", "Sites.Manage.All"));
        assert!(implies("Sites.FullControl.All", "Sites.Read.All"));
        assert!(implies("Sites.Manage.All", "Sites.ReadWrite.All"));
        assert!(!implies("Sites.Manage.All", "Sites.FullControl.All"));
        assert!(implies("ChannelMessage.Read.All", "ChannelMessage.Read.Group"));
        assert!(implies("Application.ReadWrite.All", "Application.ReadWrite.OwnedBy"));
        assert!(!implies("Application.ReadWrite.OwnedBy", "Application.ReadWrite.All"));
    }

    /// Issue 10: `implies` compared case-insensitively and merged two real permissions.
    #[test]
    fn names_differing_only_in_case_are_two_permissions() {
        assert!(!implies("Calls.JoinGroupCallAsGuest.All", "Calls.JoinGroupCallasGuest.All"));
        assert!(!implies("ThreatHunting.Read.All", "threathunting.read.all"));
    }

    #[test]
    fn tier_zero_ranks_above_every_level() {
        assert_eq!(privilege_rank("Directory.ReadWrite.All", Some(4)), 6);
        assert_eq!(privilege_rank("Directory.Read.All", Some(3)), 3);
        assert_eq!(privilege_rank("X.Y", None), 5);
    }
}
