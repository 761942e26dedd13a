//! Badges: a short label with a style class and a tooltip, for schemes, consent,
//! privilege levels and least-privileged counts. The pages, the search results (API,
//! palette, search page) and the CLI's JSON show the same badges from here.

use graphperm_core::least::Engine;
use graphperm_core::model::{EndpointId, Permission, Scheme};
use serde::Serialize;

/// A label with a style class, e.g. a scheme or consent badge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Badge {
    pub label: String,
    /// CSS modifier: `delegated`, `application`, `admin`, `user`, `level-4`, `warn`, ...
    pub class: String,
    pub title: String,
}

impl Badge {
    pub fn new(label: impl Into<String>, class: impl Into<String>, title: impl Into<String>) -> Badge {
        Badge { label: label.into(), class: class.into(), title: title.into() }
    }
}

/// `1234567` → `1,234,567`: counts read at a glance.
pub fn thousands(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `Delegated` or `Application` grouping of a scheme, as used by the pages' filter.
pub fn scheme_group(scheme: Scheme) -> &'static str {
    if scheme.is_delegated() { "delegated" } else { "application" }
}

/// The badge of a scheme.
pub fn scheme_badge(scheme: Scheme) -> Badge {
    let title = match scheme {
        Scheme::DelegatedWork => "Delegated, for work or school accounts",
        Scheme::DelegatedPersonal => "Delegated, for personal Microsoft accounts",
        Scheme::Application => "Application (app-only), without a signed-in user",
    };
    Badge::new(scheme.label(), scheme_group(scheme), title)
}

/// The badge of a privilege level.
pub fn level_badge(level: u8) -> Badge {
    Badge::new(
        format!("Privilege {level}/5 · {}", crate::permission::privilege_label(level)),
        format!("level level-{}", level.min(5)),
        "Privilege level from permissions.json: 1 is least, 5 most privileged",
    )
}

/// A permission at a glance: its schemes, who can consent, its privilege level, and on
/// how many endpoints it is least privileged.
pub fn permission_badges(permission: &Permission) -> Vec<Badge> {
    let mut badges: Vec<Badge> = permission.schemes.keys().map(|scheme| scheme_badge(*scheme)).collect();
    // Application permissions always need an administrator; what varies, and what the
    // badge says, is whether a user can consent to the delegated permission.
    let delegated = permission.schemes.keys().any(|scheme| scheme.is_delegated());
    let admin = permission.delegated_admin_consent();
    if !delegated || admin == Some(true) {
        badges.push(Badge::new("Admin consent", "admin", "An administrator must consent"));
    } else if admin == Some(false) {
        // Beside an Application badge, say which scheme users consent to: the application
        // one always needs an administrator.
        let application = permission.schemes.contains_key(&Scheme::Application);
        badges.push(Badge::new(
            if application { "User consent · delegated" } else { "User consent" },
            "user",
            "Users can consent to the delegated permission for themselves",
        ));
    }
    if let Some(level) = permission.max_privilege_level() {
        badges.push(level_badge(level));
    }
    let least = permission.grants.iter().filter(|grant| !grant.least.is_empty()).count();
    if least > 0 {
        badges.push(Badge::new(
            format!("Least privileged for {}", thousands(least)),
            "least",
            "Endpoints for which permissions.json names it the least privileged permission",
        ));
    }
    badges
}

/// "Delegated: Mail.Send" and "Application: Mail.Send": the least privileged permission
/// of an endpoint for a signed-in user and for an app alone, as the engine ranks them.
pub fn least_badges(engine: &Engine, endpoint: EndpointId) -> Vec<Badge> {
    [(Scheme::DelegatedWork, "Delegated"), (Scheme::Application, "Application")]
        .into_iter()
        .filter_map(|(scheme, short)| {
            let first = engine.rank_candidates(&[endpoint], scheme).into_iter().next()?;
            let badge = scheme_badge(scheme);
            Some(Badge::new(
                format!("{short}: {}", engine.permission_name(first.permission)),
                badge.class,
                format!("Least privileged permission, {}", badge.title),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(12345), "12,345");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
