//! The permission page: header, actions, the Delegated/App-only filter, details per
//! scheme, Graph methods in four tabs, resources, related permissions, app registration.

use std::collections::BTreeMap;

use askama::Template;
use graphperm_core::model::{ApiVersion, EndpointId, Scheme};
use graphperm_core::resources::learn_resource_url;
use graphperm_views::links;
use graphperm_views::permission::{PermissionView, ResourceView, permission_view};

use super::{Badge, Layout, Link, TypeRef, level_badge, scheme_badge, scheme_group, type_ref};
use crate::error::WebError;
use crate::state::AppState;

/// Resource types shown in full on the page; the rest are listed as links.
const RESOURCES_IN_FULL: usize = 12;

/// Which schemes the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchemeFilter {
    #[default]
    All,
    Delegated,
    Application,
}

impl SchemeFilter {
    pub fn parse(text: &str) -> SchemeFilter {
        match text.to_ascii_lowercase().as_str() {
            "delegated" | "delegatedwork" | "delegatedpersonal" => SchemeFilter::Delegated,
            "application" | "app" | "app-only" | "apponly" => SchemeFilter::Application,
            _ => SchemeFilter::All,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SchemeFilter::All => "all",
            SchemeFilter::Delegated => "delegated",
            SchemeFilter::Application => "application",
        }
    }
}

/// The Graph methods tab that is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MethodTab {
    #[default]
    ApiV1,
    ApiBeta,
    PowerShellV1,
    PowerShellBeta,
}

impl MethodTab {
    pub const ALL: [MethodTab; 4] =
        [MethodTab::ApiV1, MethodTab::ApiBeta, MethodTab::PowerShellV1, MethodTab::PowerShellBeta];

    pub fn parse(text: &str) -> MethodTab {
        MethodTab::ALL.into_iter().find(|tab| tab.id().eq_ignore_ascii_case(text)).unwrap_or_default()
    }

    /// The `tab=` value.
    pub fn id(self) -> &'static str {
        match self {
            MethodTab::ApiV1 => "v1",
            MethodTab::ApiBeta => "beta",
            MethodTab::PowerShellV1 => "ps-v1",
            MethodTab::PowerShellBeta => "ps-beta",
        }
    }

    fn label(self) -> &'static str {
        match self {
            MethodTab::ApiV1 => "API v1.0",
            MethodTab::ApiBeta => "API beta",
            MethodTab::PowerShellV1 => "PowerShell v1.0",
            MethodTab::PowerShellBeta => "PowerShell beta",
        }
    }

    fn version(self) -> ApiVersion {
        match self {
            MethodTab::ApiV1 | MethodTab::PowerShellV1 => ApiVersion::V1,
            MethodTab::ApiBeta | MethodTab::PowerShellBeta => ApiVersion::Beta,
        }
    }

    fn is_powershell(self) -> bool {
        matches!(self, MethodTab::PowerShellV1 | MethodTab::PowerShellBeta)
    }
}

/// Options of the permission page, all from its query string.
#[derive(Debug, Clone, Default)]
pub struct PermissionOptions {
    /// Locale of the consent texts (`de-DE`), English when `None` or unknown.
    pub lang: Option<String>,
    pub scheme: SchemeFilter,
    pub tab: MethodTab,
}

#[derive(Template)]
#[template(path = "permission.html")]
struct PermissionPage {
    layout: Layout,
    name: String,
    page_url: String,
    json_url: String,
    csv_url: String,
    summary: Option<String>,
    scheme_badges: Vec<Badge>,
    consent_badges: Vec<Badge>,
    level: Option<Badge>,
    status_badges: Vec<Badge>,
    data_date: String,
    show: &'static str,
    toggles: Vec<Toggle>,
    languages: Vec<Toggle>,
    cards: Vec<SchemeCard>,
    tabs: Vec<MethodTabView>,
    endpoint_count: usize,
    resources: Vec<ResourceSection>,
    more_resources: Vec<Link>,
    related: Vec<RelatedRow>,
    registrations: Vec<super::samples::RegistrationView>,
    sample_sets: Vec<super::samples::SampleSet>,
    other_samples: Vec<Link>,
}

/// A link that sets one option of the page (scheme filter, tab, language).
struct Toggle {
    label: String,
    value: String,
    url: String,
    current: bool,
}

struct SchemeCard {
    title: &'static str,
    group: &'static str,
    id: Option<String>,
    admin_display_name: Option<String>,
    admin_description: Option<String>,
    user_display_name: Option<String>,
    user_description: Option<String>,
    admin_consent: &'static str,
    level: Option<Badge>,
    flags: Vec<Badge>,
}

struct MethodTabView {
    id: &'static str,
    label: &'static str,
    selected: bool,
    url: String,
    note: String,
    powershell: bool,
    rows: Vec<MethodRow>,
}

struct MethodRow {
    method: String,
    path: String,
    endpoint_url: String,
    in_schema: bool,
    groups: String,
    delegated: bool,
    application: bool,
    least_delegated: bool,
    least_application: bool,
    also_requires: Vec<Link>,
    learn_url: Option<String>,
    cmdlet: Option<Link>,
    cmdlet_derived: bool,
}

pub(crate) struct ResourceSection {
    pub(crate) name: String,
    pub(crate) anchor: String,
    pub(crate) version: &'static str,
    pub(crate) url: String,
    pub(crate) reach: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) description: Option<String>,
    pub(crate) base_type: Option<TypeRef>,
    pub(crate) properties: Vec<PropertyRow>,
    pub(crate) relationships: Vec<PropertyRow>,
    pub(crate) derived: Vec<TypeRef>,
    pub(crate) json: String,
    pub(crate) docs: String,
    pub(crate) open: bool,
}

pub(crate) struct PropertyRow {
    pub(crate) name: String,
    pub(crate) type_ref: TypeRef,
    pub(crate) description: Option<String>,
}

struct RelatedRow {
    name: String,
    url: String,
    level: Option<Badge>,
    relation: &'static str,
    shared: usize,
}

/// Renders `/permission/{name}`; an unknown name is a 404 with the nearest names.
pub fn render_permission_page(
    state: &AppState,
    name: &str,
    options: &PermissionOptions,
) -> Result<String, WebError> {
    let catalogue = &state.catalogue;
    let Some(permission) = catalogue.permission(name.trim()) else {
        return Err(WebError::not_found(
            "permission",
            name,
            crate::handlers::suggest(state, name, Some("permission")),
        ));
    };
    let view = permission_view(catalogue, permission, options.lang.as_deref(), true);
    let page_url = links::permission_url(&view.name);
    let state_query = |scheme: SchemeFilter, tab: MethodTab, lang: &str| {
        let mut pairs = Vec::new();
        if scheme != SchemeFilter::All {
            pairs.push(format!("scheme={}", scheme.as_str()));
        }
        if tab != MethodTab::ApiV1 {
            pairs.push(format!("tab={}", tab.id()));
        }
        if lang != "en-US" {
            pairs.push(format!("lang={}", links::encode(lang)));
        }
        if pairs.is_empty() { page_url.clone() } else { format!("{page_url}?{}", pairs.join("&")) }
    };
    let toggles = [
        (SchemeFilter::All, "All schemes"),
        (SchemeFilter::Delegated, "Delegated access"),
        (SchemeFilter::Application, "App-only access"),
    ]
    .into_iter()
    .map(|(filter, label)| Toggle {
        label: label.to_string(),
        value: filter.as_str().to_string(),
        url: format!("{}#access", state_query(filter, options.tab, &view.lang)),
        current: filter == options.scheme,
    })
    .collect();
    let mut languages = vec![Toggle {
        label: "English".to_string(),
        value: "en-US".to_string(),
        url: state_query(options.scheme, options.tab, "en-US"),
        current: view.lang == "en-US",
    }];
    languages.extend(catalogue.locales().map(|locale| Toggle {
        label: locale.to_string(),
        value: locale.to_string(),
        url: state_query(options.scheme, options.tab, locale),
        current: view.lang.eq_ignore_ascii_case(locale),
    }));

    let schemes: Vec<(Scheme, &graphperm_views::permission::SchemeView)> = Scheme::ALL
        .into_iter()
        .filter_map(|scheme| view.schemes.get(scheme.as_str()).map(|info| (scheme, info)))
        .collect();
    let consent_badges = schemes
        .iter()
        .filter_map(|(scheme, info)| {
            let group = if scheme.is_delegated() { "Delegated" } else { "Application" };
            match info.requires_admin_consent {
                Some(true) => Some(Badge::new(
                    format!("Admin consent · {}", scheme.label()),
                    "admin",
                    format!("{group}: an administrator must consent"),
                )),
                Some(false) => Some(Badge::new(
                    format!("User consent · {}", scheme.label()),
                    "user",
                    format!("{group}: users can consent for themselves"),
                )),
                None => None,
            }
        })
        .collect();
    let mut status_badges = Vec::new();
    if schemes.iter().any(|(_, info)| info.is_hidden == Some(true)) {
        status_badges.push(Badge::new(
            "Hidden",
            "warn",
            "Marked hidden: not offered in consent prompts or the portal",
        ));
    }
    if schemes.iter().any(|(_, info)| info.is_enabled == Some(false)) {
        status_badges.push(Badge::new("Disabled", "warn", "Marked disabled"));
    }
    if !view.in_permissions_file {
        status_badges.push(Badge::new(
            "No published endpoints",
            "muted",
            "Known from the descriptions only; permissions.json does not list it",
        ));
    }
    let summary = schemes
        .iter()
        .find(|(scheme, _)| *scheme == Scheme::Application)
        .or_else(|| schemes.first())
        .and_then(|(_, info)| info.admin_description.clone());
    let cards = schemes.iter().map(|(scheme, info)| scheme_card(*scheme, info)).collect();
    let tabs = MethodTab::ALL
        .into_iter()
        .map(|tab| {
            method_tab(state, permission, &view, tab, options, &state_query(options.scheme, tab, &view.lang))
        })
        .collect();

    let mut resources = Vec::new();
    let mut more_resources = Vec::new();
    for resource in &view.resources {
        if resources.len() < RESOURCES_IN_FULL {
            resources.push(resource_section(state, resource, resource.reach == "endpoint"));
        } else {
            more_resources.push(Link::new(
                format!("{} ({})", resource.name, resource.version),
                links::resource_url(
                    ApiVersion::parse(resource.version).unwrap_or(ApiVersion::V1),
                    &resource.full_name,
                ),
            ));
        }
    }
    let related = view
        .related
        .iter()
        .map(|related| RelatedRow {
            name: related.name.clone(),
            url: links::permission_url(&related.name),
            level: related.max_privilege_level.map(level_badge),
            relation: related.relation,
            shared: related.shared_endpoints,
        })
        .collect();
    let mut endpoint_ids: Vec<EndpointId> = Vec::new();
    for grant in &permission.grants {
        if !endpoint_ids.contains(&grant.endpoint) {
            endpoint_ids.push(grant.endpoint);
        }
    }
    let (sample_sets, other_samples) = super::samples::permission_samples(state, &endpoint_ids);
    let registrations = super::samples::permission_registration_views(state, permission);
    let page = PermissionPage {
        layout: Layout::new(
            Some(state),
            view.name.clone(),
            summary.clone().unwrap_or_default(),
            "permissions",
        ),
        json_url: format!("{page_url}.json"),
        csv_url: format!("{page_url}.csv"),
        page_url,
        summary,
        scheme_badges: schemes.iter().map(|(scheme, _)| scheme_badge(*scheme)).collect(),
        consent_badges,
        level: view.max_privilege_level.map(level_badge),
        status_badges,
        data_date: catalogue
            .data_date
            .as_deref()
            .map(super::human_date)
            .unwrap_or_else(|| "unknown".to_string()),
        show: options.scheme.as_str(),
        toggles,
        languages,
        cards,
        tabs,
        endpoint_count: view.endpoints.len(),
        resources,
        more_resources,
        related,
        registrations,
        sample_sets,
        other_samples,
        name: view.name,
    };
    Ok(page.render()?)
}

fn scheme_card(scheme: Scheme, info: &graphperm_views::permission::SchemeView) -> SchemeCard {
    let mut flags = Vec::new();
    if info.is_hidden == Some(true) {
        flags.push(Badge::new("Hidden", "warn", "Not offered in consent prompts or the portal"));
    }
    if info.is_enabled == Some(false) {
        flags.push(Badge::new("Disabled", "warn", "Marked disabled"));
    }
    if !info.in_permissions_file {
        flags.push(Badge::new(
            "Not in permissions.json",
            "muted",
            "Known from the descriptions or provisioning files only",
        ));
    }
    if let Some(environment) = &info.environment {
        flags.push(Badge::new(format!("Environment: {environment}"), "muted", "Cloud environment"));
    }
    SchemeCard {
        title: match scheme {
            Scheme::DelegatedWork => "Delegated permission · work or school account",
            Scheme::DelegatedPersonal => "Delegated permission · personal Microsoft account",
            Scheme::Application => "Application permission",
        },
        group: scheme_group(scheme),
        id: info.id.clone(),
        admin_display_name: info.admin_display_name.clone(),
        admin_description: info.admin_description.clone(),
        user_display_name: info.user_display_name.clone(),
        user_description: info.user_description.clone(),
        admin_consent: match info.requires_admin_consent {
            Some(true) => "Required",
            Some(false) => "Not required",
            None => "Unknown",
        },
        level: info.privilege_level.map(level_badge),
        flags,
    }
}

/// One row per endpoint (grants of several pathSets on one endpoint merged).
fn method_tab(
    state: &AppState,
    permission: &graphperm_core::model::Permission,
    view: &PermissionView,
    tab: MethodTab,
    options: &PermissionOptions,
    url: &str,
) -> MethodTabView {
    let catalogue = &state.catalogue;
    let version = tab.version();
    let mut merged: BTreeMap<EndpointId, usize> = BTreeMap::new();
    let mut rows: Vec<MethodRow> = Vec::new();
    for (grant, endpoint_view) in permission.grants.iter().zip(&view.endpoints) {
        let endpoint = &catalogue.endpoints[grant.endpoint];
        let cmdlet = endpoint.cmdlets.get(&version);
        if tab.is_powershell() && cmdlet.is_none() {
            continue;
        }
        let delegated = grant.schemes.iter().any(|s| s.is_delegated());
        let application = grant.schemes.contains(&Scheme::Application);
        let least_delegated = grant.least.iter().any(|s| s.is_delegated());
        let least_application = grant.least.contains(&Scheme::Application);
        if let Some(&index) = merged.get(&grant.endpoint) {
            let row = &mut rows[index];
            row.delegated |= delegated;
            row.application |= application;
            row.least_delegated |= least_delegated;
            row.least_application |= least_application;
            for also in &grant.also_requires {
                if !row.also_requires.iter().any(|link| &link.label == also) {
                    row.also_requires.push(Link::new(also.clone(), links::permission_url(also)));
                }
            }
            row.groups = groups(row.delegated, row.application);
            continue;
        }
        let resolution = endpoint.resolutions.get(&version);
        let path = resolution.map_or_else(|| endpoint_view.path.clone(), |r| r.canonical_path.clone());
        merged.insert(grant.endpoint, rows.len());
        rows.push(MethodRow {
            method: endpoint.method.clone(),
            endpoint_url: links::endpoint_url(&endpoint.method, &endpoint.path),
            path,
            in_schema: resolution.is_some(),
            groups: groups(delegated, application),
            delegated,
            application,
            least_delegated,
            least_application,
            also_requires: grant
                .also_requires
                .iter()
                .map(|name| Link::new(name.clone(), links::permission_url(name)))
                .collect(),
            learn_url: endpoint.docs.clone().or_else(|| {
                resolution
                    .and_then(|r| r.resource.as_deref())
                    .map(|resource| learn_resource_url(resource, version))
            }),
            cmdlet: cmdlet.map(|cmdlet| Link::new(cmdlet.name.clone(), links::cmdlet_url(&cmdlet.name))),
            cmdlet_derived: cmdlet
                .is_some_and(|cmdlet| cmdlet.source == graphperm_core::model::CmdletSource::Derived),
        });
    }
    let missing = rows.iter().filter(|row| !row.in_schema).count();
    let note = if tab.is_powershell() {
        let derived = rows.iter().filter(|row| row.cmdlet_derived).count();
        format!(
            "{} commands of Microsoft Graph PowerShell {}{}.",
            rows.len(),
            version.as_str(),
            if derived > 0 {
                format!(
                    "; {derived} names derived from the path with the SDK's naming rules (no cmdlet map in the data folder)"
                )
            } else {
                String::new()
            }
        )
    } else if rows.is_empty() {
        "No endpoints.".to_string()
    } else {
        format!(
            "{} endpoints from permissions.json; {} found in the {} schema{}.",
            rows.len(),
            rows.len() - missing,
            version.as_str(),
            if missing > 0 { format!(", {missing} not found (marked)") } else { String::new() }
        )
    };
    MethodTabView {
        id: tab.id(),
        label: tab.label(),
        selected: tab == options.tab,
        url: format!("{url}#methods"),
        note,
        powershell: tab.is_powershell(),
        rows,
    }
}

fn groups(delegated: bool, application: bool) -> String {
    match (delegated, application) {
        (true, true) => "delegated application",
        (true, false) => "delegated",
        (false, true) => "application",
        (false, false) => "",
    }
    .to_string()
}

pub(crate) fn resource_section(state: &AppState, resource: &ResourceView, open: bool) -> ResourceSection {
    let version = ApiVersion::parse(resource.version).unwrap_or(ApiVersion::V1);
    let schema = state.catalogue.schema(version);
    let json = serde_json::to_string_pretty(&resource.json_representation).unwrap_or_default();
    ResourceSection {
        name: resource.name.clone(),
        anchor: format!("resource-{}-{}", resource.version.replace('.', ""), resource.name),
        version: resource.version,
        url: links::resource_url(version, &resource.full_name),
        reach: match resource.reach {
            "endpoint" => "addressed by its endpoints",
            "property" => "the type of a property",
            _ => "derived from a property's type",
        },
        kind: resource.kind,
        description: resource.description.clone(),
        base_type: resource.base_type.as_deref().map(|base| type_ref(schema, version, base)),
        properties: resource
            .properties
            .iter()
            .map(|property| PropertyRow {
                name: property.name.clone(),
                type_ref: type_ref(schema, version, &property.type_name),
                description: property.description.clone(),
            })
            .collect(),
        relationships: resource
            .relationships
            .iter()
            .map(|relationship| {
                let type_name = if relationship.collection {
                    format!("Collection({})", relationship.type_name)
                } else {
                    relationship.type_name.clone()
                };
                PropertyRow {
                    name: relationship.name.clone(),
                    type_ref: type_ref(schema, version, &type_name),
                    description: relationship.description.clone(),
                }
            })
            .collect(),
        derived: resource.derived_types.iter().map(|derived| type_ref(schema, version, derived)).collect(),
        json,
        docs: resource.docs.clone(),
        open,
    }
}
