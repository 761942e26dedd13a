//! The whole catalogue as JSON or CSV: `graphperm export`, `/permissions.json`,
//! `/permissions.csv`.

use graphperm_core::least::Engine;
use graphperm_core::model::Scheme;
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

pub fn export_view(engine: &Engine) -> ExportView {
    let catalogue = engine.catalogue();
    ExportView {
        data_date: catalogue.data_date_text(),
        permission_count: catalogue.permissions.len(),
        endpoint_count: catalogue.endpoints.len(),
        permissions: catalogue
            .permissions
            .iter()
            .map(|permission| permission_view(engine, permission, None, false))
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

/// RFC 4180 CSV, one row per permission × scheme. `endpointCount` counts the endpoints
/// the ranking offers the permission for under that scheme ([`crate::permission::offers`]).
pub fn export_csv(engine: &Engine) -> Vec<u8> {
    let catalogue = engine.catalogue();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    let date = catalogue.data_date_text().unwrap_or_default();
    let flag = |value: Option<bool>| value.map(|v| v.to_string()).unwrap_or_default();
    for permission in &catalogue.permissions {
        let offered: Vec<Vec<(Scheme, bool)>> = permission
            .grants
            .iter()
            .map(|grant| crate::permission::offers(engine, permission, grant))
            .collect();
        for (scheme, info) in &permission.schemes {
            let endpoint_count =
                offered.iter().filter(|offers| offers.iter().any(|(offered, _)| offered == scheme)).count();
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
