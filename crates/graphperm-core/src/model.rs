//! The catalogue's vocabulary: schemes, API versions, permissions, endpoints and grants.
//!
//! These are plain data types, built once by [`crate::Catalogue::load`] and read only
//! afterwards. Indexes (`PermissionId`, `EndpointId`) point into the catalogue's vectors.

use std::collections::BTreeMap;
use std::fmt;

/// How an app holds a permission: on behalf of a work/school user, a personal Microsoft
/// account, or as itself (app-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scheme {
    DelegatedWork,
    DelegatedPersonal,
    Application,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::DelegatedWork, Scheme::DelegatedPersonal, Scheme::Application];

    /// The key used by permissions.json and by our JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "DelegatedWork",
            Scheme::DelegatedPersonal => "DelegatedPersonal",
            Scheme::Application => "Application",
        }
    }

    /// Label for people: "Delegated work", "Delegated personal", "Application".
    pub fn label(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "Delegated work",
            Scheme::DelegatedPersonal => "Delegated personal",
            Scheme::Application => "Application",
        }
    }

    /// The kebab-case spelling used on the command line (`delegated-work`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Scheme::DelegatedWork => "delegated-work",
            Scheme::DelegatedPersonal => "delegated-personal",
            Scheme::Application => "application",
        }
    }

    pub fn is_delegated(self) -> bool {
        !matches!(self, Scheme::Application)
    }

    /// Parses any of the spellings above, case-insensitively.
    pub fn parse(text: &str) -> Option<Scheme> {
        let folded: String =
            text.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
        match folded.as_str() {
            "delegatedwork" | "delegated" | "work" => Some(Scheme::DelegatedWork),
            "delegatedpersonal" | "personal" => Some(Scheme::DelegatedPersonal),
            "application" | "app" | "apponly" => Some(Scheme::Application),
            _ => None,
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Microsoft Graph API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiVersion {
    V1,
    Beta,
}

impl ApiVersion {
    pub const ALL: [ApiVersion; 2] = [ApiVersion::V1, ApiVersion::Beta];

    /// "v1.0" or "beta", as in request URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }

    /// The `view=` value of Microsoft Learn pages.
    pub fn learn_view(self) -> &'static str {
        match self {
            ApiVersion::V1 => "graph-rest-1.0",
            ApiVersion::Beta => "graph-rest-beta",
        }
    }

    pub fn parse(text: &str) -> Option<ApiVersion> {
        match text.to_ascii_lowercase().as_str() {
            "v1.0" | "v1" | "1.0" => Some(ApiVersion::V1),
            "beta" => Some(ApiVersion::Beta),
            _ => None,
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a permission in [`crate::Catalogue::permissions`].
pub type PermissionId = usize;
/// Index of an endpoint in [`crate::Catalogue::endpoints`].
pub type EndpointId = usize;

/// One permission (scope or app role) of the Microsoft Graph resource.
#[derive(Debug, Clone)]
pub struct Permission {
    pub name: String,
    /// What each scheme says about the permission: permissions.json texts joined with the
    /// GUIDs of permissions-descriptions.json and provisioningInfo.json.
    pub schemes: BTreeMap<Scheme, SchemeInfo>,
    /// True when permissions.json lists the permission. False for permissions known only
    /// from the descriptions or provisioning files (they have no published endpoints).
    pub in_permissions_file: bool,
    /// `authorizationType` of permissions.json (normally "oAuth2").
    pub authorization_type: Option<String>,
    /// Every (endpoint × pathSet) this permission grants, in file order.
    pub grants: Vec<Grant>,
}

impl Permission {
    /// The highest privilege level over the permission's schemes (1–5), if any is known.
    pub fn max_privilege_level(&self) -> Option<u8> {
        self.schemes.values().filter_map(|s| s.privilege_level).max()
    }

    /// True when any scheme needs an administrator's consent.
    pub fn requires_admin_consent(&self) -> bool {
        self.schemes.values().any(|s| s.requires_admin_consent == Some(true))
    }

    /// Who consents to the delegated permission: `Some(true)` when a delegated scheme
    /// needs an administrator, `Some(false)` when a user may consent, `None` when the
    /// permission has no delegated scheme or the data does not say. (An application
    /// permission always needs an administrator.)
    pub fn delegated_admin_consent(&self) -> Option<bool> {
        let mut said = None;
        for (_, info) in self.schemes.iter().filter(|(scheme, _)| scheme.is_delegated()) {
            match info.requires_admin_consent {
                Some(true) => return Some(true),
                Some(false) => said = Some(false),
                None => {}
            }
        }
        said
    }

    pub fn scheme(&self, scheme: Scheme) -> Option<&SchemeInfo> {
        self.schemes.get(&scheme)
    }

    /// `privilegeLevel` under a scheme, if the data gives one.
    pub fn privilege_level(&self, scheme: Scheme) -> Option<u8> {
        self.scheme(scheme).and_then(|info| info.privilege_level)
    }

    /// The GUID under a scheme (scope or app role id), where known.
    pub fn guid(&self, scheme: Scheme) -> Option<&str> {
        self.scheme(scheme).and_then(|info| info.id.as_deref())
    }

    /// True when the scheme's entry is a placeholder ([`SchemeInfo::is_placeholder`]).
    pub fn is_placeholder(&self, scheme: Scheme) -> bool {
        self.scheme(scheme).is_some_and(SchemeInfo::is_placeholder)
    }

    /// True when the scheme has a real entry: a privilege level or a GUID.
    pub fn has_real_entry(&self, scheme: Scheme) -> bool {
        self.scheme(scheme).is_some_and(SchemeInfo::has_level_or_guid)
    }

    /// True for a resource-specific consent (RSC) permission: granted by a team or
    /// chat owner for that one team or chat, not tenant-wide (`ChannelMessage.Read.Group`,
    /// `Chat.Manage.Chat`, `TeamsAppInstallation.ReadWriteSelfForTeam`).
    pub fn is_resource_specific(&self) -> bool {
        is_resource_specific(&self.name)
    }
}

/// [`Permission::is_resource_specific`] by name: the scope `.Group` (a team) or `.Chat`
/// (a chat) after a resource and an access (`ChannelMessage.Read.Group`). Names like
/// `TeamsAppInstallation.ReadWriteForTeam` are ordinary scopes about teams, not RSC.
pub fn is_resource_specific(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3 && matches!(parts[parts.len() - 1], "Group" | "Chat")
}

/// What a resource-specific permission is granted for, for labels: "team" (`.Group`) or
/// "chat" (`.Chat`); `None` for tenant-wide permissions.
pub fn resource_specific_target(name: &str) -> Option<&'static str> {
    if !is_resource_specific(name) {
        return None;
    }
    Some(if name.ends_with(".Chat") { "chat" } else { "team" })
}

/// What one scheme of a permission says. Every field is optional because each upstream
/// file knows only part of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemeInfo {
    /// The GUID: delegated scope id or application role id.
    pub id: Option<String>,
    /// Display names and descriptions (English, from the files or the service principal).
    pub texts: ConsentTexts,
    pub requires_admin_consent: Option<bool>,
    /// 1 (least) to 5 (most privileged), from permissions.json.
    pub privilege_level: Option<u8>,
    pub is_hidden: Option<bool>,
    pub is_enabled: Option<bool>,
    pub environment: Option<String>,
    /// True when this scheme is declared in permissions.json (not only known from the
    /// descriptions or provisioning files).
    pub in_permissions_file: bool,
    /// Where `id` came from.
    pub id_source: Option<ValueSource>,
    /// Every distinct GUID a source gave this scheme, with the source, in precedence
    /// order (the chosen one first). More than one entry is a conflict worth a look.
    pub id_candidates: Vec<(String, ValueSource)>,
    /// Where the display names and descriptions came from, when the service principal
    /// replaced the files' texts (else the files: permissions.json, then descriptions).
    pub texts_source: Option<ValueSource>,
}

impl SchemeInfo {
    /// True for a placeholder entry: declared in permissions.json with no privilege level
    /// and no GUID from any file (`Calendars.ReadBasic` under Application). Never offered
    /// as a permission; [`crate::Catalogue::placeholder_replacement`] names the real one.
    pub fn is_placeholder(&self) -> bool {
        self.in_permissions_file && !self.has_level_or_guid()
    }

    /// True when some file gives this scheme a privilege level or a GUID: a real entry.
    pub fn has_level_or_guid(&self) -> bool {
        self.privilege_level.is_some() || self.id.is_some()
    }

    /// Records a GUID a source gives; the first recorded per source wins.
    pub fn add_id_candidate(&mut self, id: &str, source: ValueSource) {
        if !self
            .id_candidates
            .iter()
            .any(|(known, known_source)| crate::guids::same_guid(known, id) && *known_source == source)
        {
            self.id_candidates.push((id.to_string(), source));
        }
    }
}

/// Which upstream source a value came from, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueSource {
    /// The Microsoft Graph service principal of a tenant (`graphperm import-sp`).
    ServicePrincipal,
    /// `permissions/new/provisioningInfo.json` (public deployments).
    Provisioning,
    /// `permissions/permissions-descriptions.json`.
    Descriptions,
    /// The DelegatedWork GUID, shared by DelegatedPersonal (one OAuth2 scope serves both).
    SharedDelegated,
}

impl ValueSource {
    pub const ALL: [ValueSource; 4] = [
        ValueSource::ServicePrincipal,
        ValueSource::Provisioning,
        ValueSource::Descriptions,
        ValueSource::SharedDelegated,
    ];

    /// Where the value came from, for a reader: "from {label}".
    pub fn label(self) -> &'static str {
        match self {
            ValueSource::ServicePrincipal => "your tenant's Microsoft Graph service principal",
            ValueSource::Provisioning => "Microsoft's provisioning data",
            ValueSource::Descriptions => "Microsoft's permission descriptions",
            ValueSource::SharedDelegated => "the work or school scope (one scope serves both)",
        }
    }

    /// The source a JSON spelling ([`ValueSource::as_str`]) names.
    pub fn parse(text: &str) -> Option<ValueSource> {
        ValueSource::ALL.into_iter().find(|source| source.as_str() == text)
    }

    /// The JSON spelling: `servicePrincipal`, `provisioningInfo`, `descriptions`,
    /// `sharedDelegated`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueSource::ServicePrincipal => "servicePrincipal",
            ValueSource::Provisioning => "provisioningInfo",
            ValueSource::Descriptions => "descriptions",
            ValueSource::SharedDelegated => "sharedDelegated",
        }
    }
}

/// The consent texts of one scheme of a permission: what admins and users are shown.
/// Serialized with the JSON exports' keys (`adminDisplayName`, …).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentTexts {
    pub admin_display_name: Option<String>,
    pub admin_description: Option<String>,
    pub user_display_name: Option<String>,
    pub user_description: Option<String>,
}

impl ConsentTexts {
    /// Each text of `self` (a translation) where it has one that is not empty, else
    /// `fallback`'s (the English one).
    pub fn or(&self, fallback: &ConsentTexts) -> ConsentTexts {
        let pick = |local: &Option<String>, english: &Option<String>| {
            local.clone().filter(|text| !text.is_empty()).or_else(|| english.clone())
        };
        ConsentTexts {
            admin_display_name: pick(&self.admin_display_name, &fallback.admin_display_name),
            admin_description: pick(&self.admin_description, &fallback.admin_description),
            user_display_name: pick(&self.user_display_name, &fallback.user_display_name),
            user_description: pick(&self.user_description, &fallback.user_description),
        }
    }
}

/// One permission → endpoint edge: a path of a pathSet, with one of its methods.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    pub endpoint: EndpointId,
    /// The pathSet's `schemeKeys`: under which schemes this permission grants the call.
    pub schemes: Vec<Scheme>,
    /// The path value's `least=` schemes: for these, this permission is (one of) the least
    /// privileged that grant the call.
    pub least: Vec<Scheme>,
    /// The path value's `AlsoRequires=` permissions.
    pub also_requires: Vec<String>,
    /// Keys of the path value that we do not interpret, kept as written.
    pub other: Vec<(String, Vec<String>)>,
    /// Index of the pathSet in the permission's `pathSets` (for data notes).
    pub path_set: usize,
    /// How many methods the pathSet lists: a `least=` marker on a pathSet of several
    /// methods was written for all of them at once.
    pub path_set_methods: usize,
}

impl Grant {
    pub fn is_least_for(&self, scheme: Scheme) -> bool {
        self.least.contains(&scheme)
    }

    /// True when the grant's pathSet lists several methods, so its `least=` marker was
    /// written for all of them at once.
    pub fn is_multi_method(&self) -> bool {
        self.path_set_methods > 1
    }
}

/// An HTTP method × path template, as published in permissions.json, joined with the
/// schemas and the cmdlet map.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template exactly as permissions.json writes it (first spelling seen).
    pub raw_path: String,
    /// Lookup key: the raw path lower-cased, placeholders normalised to `{}`, no trailing
    /// slash. Two spellings of one template share a key.
    pub key: String,
    /// The path with the schema's casing and `{type-id}` placeholders where it resolved in
    /// some version, else the raw path.
    pub path: String,
    /// Resolution per version; absent when the path is not in that version's schema (or
    /// the schema file is missing).
    pub resolutions: BTreeMap<ApiVersion, crate::resolve::Resolution>,
    /// Versions whose schema has the path as an action, called with `POST` only, while
    /// this endpoint's method is another: the endpoint is not in those schemas, and
    /// `graphperm lint` reports it (`method-not-in-schema`).
    pub schema_method: BTreeMap<ApiVersion, &'static str>,
    /// PowerShell cmdlets per version.
    pub cmdlets: BTreeMap<ApiVersion, Cmdlet>,
    /// Learn page of the method, when the cmdlet map knows it.
    pub docs: Option<String>,
    /// Which permissions grant this endpoint: (permission, index into its `grants`).
    pub granted_by: Vec<(PermissionId, usize)>,
}

impl Endpoint {
    /// A call on the signed-in user (`/me`, `/me/…`): app-only access never reaches it,
    /// whatever permissions.json lists for the Application scheme.
    pub fn is_me(&self) -> bool {
        let path = self.raw_path.to_ascii_lowercase();
        path == "/me" || path.starts_with("/me/")
    }

    /// True when `scheme` can make this call at all ([`Endpoint::is_me`]).
    pub fn reachable_with(&self, scheme: Scheme) -> bool {
        scheme.is_delegated() || !self.is_me()
    }

    /// The path as `version` writes it: the schema's canonical path where that version
    /// resolves it, else the endpoint's own.
    pub fn path_in(&self, version: ApiVersion) -> &str {
        self.resolutions.get(&version).map_or(&self.path, |resolution| &resolution.canonical_path)
    }

    /// Versions whose schema resolves this path.
    pub fn versions(&self) -> Vec<ApiVersion> {
        self.resolutions.keys().copied().collect()
    }

    /// The resource type this endpoint addresses, preferring v1.0.
    pub fn resource(&self) -> Option<&str> {
        self.resolutions.values().find_map(|resolution| resolution.resource.as_deref())
    }
}

/// Where a cmdlet name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmdletSource {
    /// From MgCommandMetadata.json.
    Metadata,
    /// Derived from method + path with the PowerShell SDK's naming convention.
    Derived,
}

impl CmdletSource {
    pub fn as_str(self) -> &'static str {
        match self {
            CmdletSource::Metadata => "metadata",
            CmdletSource::Derived => "derived",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmdlet {
    pub name: String,
    pub source: CmdletSource,
    /// PowerShell module (from the cmdlet map), e.g. `Microsoft.Graph.Identity.SignIns`.
    pub module: Option<String>,
    /// True for a derived name in a version whose loaded schema does not have the
    /// endpoint (the schema may be older than the permissions): the cmdlet may not exist.
    pub version_unconfirmed: bool,
}
