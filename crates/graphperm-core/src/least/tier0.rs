//! Tier-0 permissions: those an attacker can turn into control of the whole tenant
//! (assign directory roles, add credentials to any app, grant app roles, change
//! authentication methods or federation). A short named list, matched case-insensitively.

/// The tier-0 Microsoft Graph permissions (application and delegated alike).
pub const TIER0: &[&str] = &[
    "AppRoleAssignment.ReadWrite.All",
    "Application.ReadWrite.All",
    "Directory.ReadWrite.All",
    "Domain.ReadWrite.All",
    "EntitlementManagement.ReadWrite.All",
    "Organization.ReadWrite.All",
    "Policy.ReadWrite.AuthenticationMethod",
    "Policy.ReadWrite.PermissionGrant",
    "PrivilegedAccess.ReadWrite.AzureADGroup",
    "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup",
    "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup",
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleEligibilitySchedule.ReadWrite.Directory",
    "RoleManagement.ReadWrite.Directory",
    "RoleManagementPolicy.ReadWrite.Directory",
    "User-PasswordProfile.ReadWrite.All",
    "UserAuthenticationMethod.ReadWrite.All",
];

/// True for a tier-0 permission name.
pub fn is_tier0(name: &str) -> bool {
    TIER0.iter().any(|tier0| tier0.eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_case_insensitively() {
        assert!(is_tier0("RoleManagement.ReadWrite.Directory"));
        assert!(is_tier0("application.readwrite.all"));
        assert!(!is_tier0("Application.Read.All"));
        assert!(!is_tier0("User.Read"));
    }
}
