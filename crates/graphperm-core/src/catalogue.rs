//! The joined catalogue: permissions × endpoints × schemas × cmdlets, with lookups.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::data_dir::DataDir;
use crate::error::{LoadError, LoadWarning};
use crate::model::{ApiVersion, ConsentTexts, Endpoint, EndpointId, Grant, Permission, PermissionId, Scheme};
use crate::schema::Schema;

/// A permission's localized texts: one delegated scope, one application role.
#[derive(Debug, Clone, Default)]
pub(crate) struct LocalizedPair {
    pub(crate) delegated: Option<ConsentTexts>,
    pub(crate) application: Option<ConsentTexts>,
}

/// Everything graphperm knows, loaded once from a data folder and read only afterwards.
#[derive(Debug)]
pub struct Catalogue {
    pub data_dir: DataDir,
    /// Newest date of the source files, see [`crate::data_dir::data_date`].
    pub data_date: Option<jiff::Timestamp>,
    /// Problems that did not stop loading (missing optional files, unknown keys).
    pub warnings: Vec<LoadWarning>,
    /// Sorted by name, case-insensitively.
    pub permissions: Vec<Permission>,
    /// Sorted by path key, then method.
    pub endpoints: Vec<Endpoint>,
    pub schemas: BTreeMap<ApiVersion, Schema>,
    /// Per version, the files its schema was built from (the freshest structure, the
    /// descriptions joined in), see [`crate::load::schema_files`].
    pub schema_files: BTreeMap<ApiVersion, crate::load::schema_files::SchemaFiles>,
    /// Resource-specific consent permissions of the imported service principal (empty
    /// without one).
    pub rsc_permissions: Vec<crate::load::service_principal::RscPermission>,
    /// True when a service principal was imported (`graphperm import-sp`).
    pub has_service_principal: bool,
    /// Locale → lower-cased permission name → texts (delegated, application).
    pub(crate) localized: BTreeMap<String, HashMap<String, LocalizedPair>>,
    /// Lower-cased name → every permission spelled so, in id order (two for names that
    /// differ only in case).
    pub(crate) folded_index: HashMap<String, Vec<PermissionId>>,
    /// Exact name → permission (names may differ only in case).
    pub(crate) exact_index: HashMap<String, PermissionId>,
    /// Lower-cased GUID (from any source) → the permission schemes it names.
    pub(crate) guid_index: HashMap<String, Vec<(PermissionId, Scheme)>>,
    pub(crate) endpoint_index: HashMap<(String, String), EndpointId>,
    pub(crate) cmdlet_index: HashMap<String, Vec<(ApiVersion, EndpointId)>>,
}

impl Catalogue {
    /// The data date as every output writes it: RFC 3339 in UTC, whole seconds
    /// (`2026-08-07T14:00:06Z`).
    pub fn data_date_text(&self) -> Option<String> {
        self.data_date.map(crate::data_dir::format_timestamp)
    }

    /// Reads every upstream file of `dir` and joins them.
    pub fn load(dir: &DataDir) -> Result<Catalogue, LoadError> {
        crate::load::load_catalogue(dir)
    }

    /// A permission by name, case-insensitively ([`Catalogue::permission_id`]).
    pub fn permission(&self, name: &str) -> Option<&Permission> {
        self.permission_id(name).map(|id| &self.permissions[id])
    }

    /// The permission named exactly so; else the only one whose name differs in case
    /// (`user.read.all`). Two permissions differing only in case are never merged: a
    /// name matching both in another case finds neither (`permissions_folded` lists them).
    /// Every lookup by name (pages, API, CLI, audit, least engine) uses this one rule.
    pub fn permission_id(&self, name: &str) -> Option<PermissionId> {
        if let Some(id) = self.permission_id_exact(name) {
            return Some(id);
        }
        match self.permissions_folded(name) {
            &[only] => Some(only),
            _ => None,
        }
    }

    /// Why [`Catalogue::permission_id`] finds no permission for `name`: none has it, or
    /// several do in other cases.
    pub fn unknown_name(&self, name: &str) -> String {
        match self.permissions_folded(name) {
            [] | [_] => format!("{name} is not a Microsoft Graph permission"),
            several => {
                let spellings: Vec<&str> =
                    several.iter().map(|&id| self.permissions[id].name.as_str()).collect();
                format!(
                    "{name} matches {} in another case: write one of them exactly",
                    spellings.join(" and ")
                )
            }
        }
    }

    /// The permission with exactly this name.
    pub fn permission_id_exact(&self, name: &str) -> Option<PermissionId> {
        self.exact_index.get(name).copied()
    }

    /// Every permission whose name equals `name` ignoring case, in id order: two for
    /// names that differ only in case (`Calls.JoinGroupCallAsGuest.All` and
    /// `Calls.JoinGroupCallasGuest.All`).
    pub fn permissions_folded(&self, name: &str) -> &[PermissionId] {
        self.folded_index.get(&name.to_ascii_lowercase()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The real permission for a placeholder scheme entry ([`SchemeInfo::is_placeholder`]):
    /// the same name with `.All` (`Calendars.ReadBasic` → `Calendars.ReadBasic.All`), or
    /// the first name differing only in case (`Calls.JoinGroupCallasGuest.All` →
    /// `Calls.JoinGroupCallAsGuest.All`), when that one has a real entry for the scheme.
    ///
    /// [`SchemeInfo::is_placeholder`]: crate::model::SchemeInfo::is_placeholder
    pub fn placeholder_replacement(&self, permission: PermissionId, scheme: Scheme) -> Option<PermissionId> {
        let name = &self.permissions[permission].name;
        let real = |id: PermissionId| id != permission && self.permissions[id].has_real_entry(scheme);
        if let Some(id) = self.permission_id_exact(&format!("{name}.All"))
            && real(id)
        {
            return Some(id);
        }
        self.permissions_folded(name).iter().copied().find(|&id| real(id))
    }

    /// The permission schemes a GUID names (any source's GUID, case-insensitively): one
    /// entry for an app role, one per delegated scheme for a scope.
    pub fn permissions_by_guid(&self, guid: &str) -> &[(PermissionId, Scheme)] {
        self.guid_index.get(&guid.trim().to_ascii_lowercase()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// An endpoint by method and path template in any spelling (case, placeholder names,
    /// trailing slash).
    pub fn endpoint(&self, method: &str, path: &str) -> Option<EndpointId> {
        self.endpoint_index.get(&(method.to_ascii_uppercase(), crate::resolve::endpoint_key(path))).copied()
    }

    /// The grants of an endpoint, with the permission each belongs to, in
    /// [`Endpoint::granted_by`] order.
    pub fn endpoint_grants<'a>(
        &'a self,
        endpoint: &'a Endpoint,
    ) -> impl Iterator<Item = (PermissionId, &'a Grant)> {
        endpoint
            .granted_by
            .iter()
            .map(|&(permission, grant)| (permission, &self.permissions[permission].grants[grant]))
    }

    /// The endpoints a PowerShell cmdlet calls, per version (case-insensitive name).
    pub fn cmdlet_endpoints(&self, cmdlet: &str) -> &[(ApiVersion, EndpointId)] {
        self.cmdlet_index.get(&cmdlet.to_ascii_lowercase()).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every cmdlet name known, with its endpoints.
    pub fn cmdlets(&self) -> impl Iterator<Item = (&str, &[(ApiVersion, EndpointId)])> {
        self.cmdlet_index.iter().map(|(name, endpoints)| (name.as_str(), endpoints.as_slice()))
    }

    pub fn schema(&self, version: ApiVersion) -> Option<&Schema> {
        self.schemas.get(&version)
    }

    /// The loaded locale for the tag `wanted` (`de`, `de-DE`, `de_AT`, any case): the same
    /// tag, else the first of the same language. English is the main files' language, so
    /// an `en…` tag finds none. The one locale rule of the pages, the API and the CLI.
    pub fn locale(&self, wanted: &str) -> Option<&str> {
        let language =
            |tag: &str| tag.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        let wanted_language = language(wanted);
        if wanted_language.is_empty() || wanted_language == "en" {
            return None;
        }
        self.localized
            .keys()
            .find(|key| key.eq_ignore_ascii_case(wanted.trim()))
            .or_else(|| self.localized.keys().find(|key| language(key) == wanted_language))
            .map(String::as_str)
    }

    /// Localized consent texts of a permission's scheme, if the file of the locale for
    /// `locale` ([`Catalogue::locale`]) has them.
    pub fn localized(&self, name: &str, scheme: Scheme, locale: &str) -> Option<&ConsentTexts> {
        let table = &self.localized[self.locale(locale)?];
        let pair = table.get(&name.to_ascii_lowercase())?;
        match scheme {
            Scheme::Application => pair.application.as_ref(),
            _ => pair.delegated.as_ref(),
        }
    }

    /// Locales with a loaded descriptions file.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.localized.keys().map(String::as_str)
    }
}
