//! The whole catalogue as JSON or CSV: `graphperm export`, `/permissions.json`,
//! `/permissions.csv`.

use graphperm_core::Catalogue;
use serde::Serialize;

use crate::permission::{PermissionView, permission_view};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportView {
    pub data_date: Option<String>,
    pub permission_count: usize,
    pub endpoint_count: usize,
    /// Every permission with its schemes and endpoints (resources are on each
    /// permission's own view).
    pub permissions: Vec<PermissionView>,
}

pub fn export_view(catalogue: &Catalogue) -> ExportView {
    ExportView {
        data_date: catalogue.data_date_text(),
        permission_count: catalogue.permissions.len(),
        endpoint_count: catalogue.endpoints.len(),
        permissions: catalogue
            .permissions
            .iter()
            .map(|permission| permission_view(catalogue, permission, None, false))
            .collect(),
    }
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 14] = [
    "permission",
    "scheme",
    "id",
    "adminDisplayName",
    "adminDescription",
    "userDisplayName",
    "userDescription",
    "requiresAdminConsent",
    "privilegeLevel",
    "isHidden",
    "isEnabled",
    "endpointCount",
    "inPermissionsFile",
    "dataDate",
];

/// RFC 4180 CSV, one row per permission × scheme.
pub fn export_csv(catalogue: &Catalogue) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    let date = catalogue.data_date_text().unwrap_or_default();
    let flag = |value: Option<bool>| value.map(|v| v.to_string()).unwrap_or_default();
    for permission in &catalogue.permissions {
        for (scheme, info) in &permission.schemes {
            let endpoint_count =
                permission.grants.iter().filter(|grant| grant.schemes.contains(scheme)).count();
            let _ = writer.write_record([
                permission.name.as_str(),
                scheme.as_str(),
                info.id.as_deref().unwrap_or_default(),
                info.texts.admin_display_name.as_deref().unwrap_or_default(),
                info.texts.admin_description.as_deref().unwrap_or_default(),
                info.texts.user_display_name.as_deref().unwrap_or_default(),
                info.texts.user_description.as_deref().unwrap_or_default(),
                &flag(info.requires_admin_consent),
                &info.privilege_level.map(|l| l.to_string()).unwrap_or_default(),
                &flag(info.is_hidden),
                &flag(info.is_enabled),
                &endpoint_count.to_string(),
                &info.in_permissions_file.to_string(),
                &date,
            ]);
        }
    }
    writer.into_inner().unwrap_or_default()
}
