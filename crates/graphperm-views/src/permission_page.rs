//! The permission page as typed values: the header facts, the scheme toggle and cards,
//! one method table per tab (rows built from one endpoint each, ordered by importance,
//! split by path root when long), the main resource and the related permissions.
//!
//! The web page and the static site render this value; they read nothing else from the
//! catalogue for the permission page. Every row carries its own label and link, so a row
//! can never show one path and link to another.

use std::collections::{BTreeMap, HashMap};

use graphperm_core::Catalogue;
use graphperm_core::least::Engine;
use graphperm_core::model::{ApiVersion, CmdletSource, EndpointId, Permission, Scheme};
use graphperm_core::resources::{self, Reach, learn_resource_url};
use graphperm_core::schema::page_name;

use crate::links;
use crate::permission::{
    PermissionView, RelatedView, ResourceView, SchemeView, permission_view, resource_view,
};

/// A tab shows every row when it has at most this many; longer tabs show the most
/// important [`TOP_ROWS`] and an index of path roots.
pub const SPLIT_OVER: usize = 80;
/// Rows on the first page of a long tab.
pub const TOP_ROWS: usize = 50;
/// Rows per page of one path root.
pub const ROOT_PAGE_ROWS: usize = 100;

/// Which schemes the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchemeFilter {
    #[default]
    All,
    Delegated,
    Application,
}

impl SchemeFilter {
    pub const ALL: [SchemeFilter; 3] =
        [SchemeFilter::All, SchemeFilter::Delegated, SchemeFilter::Application];

    pub fn parse(text: &str) -> SchemeFilter {
        match text.to_ascii_lowercase().as_str() {
            "delegated" | "delegatedwork" | "delegatedpersonal" => SchemeFilter::Delegated,
            "application" | "app" | "app-only" | "apponly" => SchemeFilter::Application,
            _ => SchemeFilter::All,
        }
    }

    /// The `scheme=` value.
    pub fn as_str(self) -> &'static str {
        match self {
            SchemeFilter::All => "all",
            SchemeFilter::Delegated => "delegated",
            SchemeFilter::Application => "application",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SchemeFilter::All => "All schemes",
            SchemeFilter::Delegated => "Delegated access",
            SchemeFilter::Application => "App-only access",
        }
    }

    fn admits(self, scheme: Scheme) -> bool {
        match self {
            SchemeFilter::All => true,
            SchemeFilter::Delegated => scheme.is_delegated(),
            SchemeFilter::Application => !scheme.is_delegated(),
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

    pub fn label(self) -> &'static str {
        match self {
            MethodTab::ApiV1 => "API v1.0",
            MethodTab::ApiBeta => "API beta",
            MethodTab::PowerShellV1 => "PowerShell v1.0",
            MethodTab::PowerShellBeta => "PowerShell beta",
        }
    }

    pub fn version(self) -> ApiVersion {
        match self {
            MethodTab::ApiV1 | MethodTab::PowerShellV1 => ApiVersion::V1,
            MethodTab::ApiBeta | MethodTab::PowerShellBeta => ApiVersion::Beta,
        }
    }

    pub fn is_powershell(self) -> bool {
        matches!(self, MethodTab::PowerShellV1 | MethodTab::PowerShellBeta)
    }
}

/// Options of the permission page, all from its query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// Locale of the consent texts (`de-DE`), English when `None` or unknown.
    pub lang: Option<String>,
    pub scheme: SchemeFilter,
    pub tab: MethodTab,
    /// Only the rows under this first path segment (`users`), all pages of it.
    pub root: Option<String>,
    /// 1-based page of a root's rows.
    pub page: usize,
}

impl PageOptions {
    /// The page's URL with these options (defaults left out), as every toggle links it.
    pub fn url(&self, name: &str, lang: &str) -> String {
        let mut pairs = Vec::new();
        if self.scheme != SchemeFilter::All {
            pairs.push(format!("scheme={}", self.scheme.as_str()));
        }
        if self.tab != MethodTab::ApiV1 {
            pairs.push(format!("tab={}", self.tab.id()));
        }
        if let Some(root) = &self.root {
            pairs.push(format!("root={}", links::encode(root)));
            if self.page > 1 {
                pairs.push(format!("page={}", self.page));
            }
        }
        if lang != "en-US" {
            pairs.push(format!("lang={}", links::encode(lang)));
        }
        let page_url = links::permission_url(name);
        if pairs.is_empty() { page_url } else { format!("{page_url}?{}", pairs.join("&")) }
    }
}

/// One line of what a permission allows, for one kind of scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    /// `delegated`, `application`, or both (the scheme filter's `data-groups`).
    pub groups: &'static str,
    /// `Delegated` or `Application` when the kinds' texts differ, else `None`.
    pub label: Option<&'static str>,
    pub text: String,
}

/// The admin description of the first delegated scheme and of the application scheme;
/// one unlabelled line when only one kind has a text or both say the same.
fn summary_lines(view: &PermissionView, schemes: &[Scheme]) -> Vec<SummaryLine> {
    let text_of = |delegated: bool| {
        schemes
            .iter()
            .filter(|scheme| scheme.is_delegated() == delegated)
            .find_map(|scheme| view.schemes[scheme.as_str()].texts.admin_description.clone())
            .filter(|text| !text.trim().is_empty())
    };
    match (text_of(true), text_of(false)) {
        (Some(delegated), Some(application)) if delegated != application => vec![
            SummaryLine { groups: "delegated", label: Some("Delegated"), text: delegated },
            SummaryLine { groups: "application", label: Some("Application"), text: application },
        ],
        (Some(text), Some(_)) => vec![SummaryLine { groups: "delegated application", label: None, text }],
        (Some(text), None) => vec![SummaryLine { groups: "delegated", label: None, text }],
        (None, Some(text)) => vec![SummaryLine { groups: "application", label: None, text }],
        (None, None) => Vec::new(),
    }
}

/// How a `.Selected` SharePoint permission is given its resources: each one is granted
/// to the app by a call on that resource's permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectedGrant {
    /// `sites`, `lists`, `list items`, `files`.
    pub resources: &'static str,
    /// `POST /sites/{site-id}/permissions`.
    pub call: &'static str,
}

/// The SharePoint and OneDrive permissions that grant nothing until the app is given
/// access to each resource ([Microsoft's selected-permissions model]); `None` for every
/// other permission.
///
/// [Microsoft's selected-permissions model]: https://learn.microsoft.com/graph/permissions-selected-overview
pub fn selected_grant(name: &str) -> Option<SelectedGrant> {
    let (resources, call) = match name {
        "Sites.Selected" => ("sites", "POST /sites/{site-id}/permissions"),
        "Lists.SelectedOperations.Selected" => ("lists", "POST /sites/{site-id}/lists/{list-id}/permissions"),
        "ListItems.SelectedOperations.Selected" => {
            ("list items", "POST /sites/{site-id}/lists/{list-id}/items/{item-id}/permissions")
        }
        "Files.SelectedOperations.Selected" => {
            ("files", "POST /drives/{drive-id}/items/{item-id}/permissions")
        }
        _ => return None,
    };
    Some(SelectedGrant { resources, call })
}

/// Everything the permission page shows.
#[derive(Debug, Clone)]
pub struct PermissionPage {
    /// The public JSON view the page is built from (schemes, endpoints, related).
    pub view: PermissionView,
    pub options: PageOptions,
    /// The admin description of the application scheme, else of the first scheme (the
    /// page's meta description, as the seed leads with it).
    pub summary: Option<String>,
    /// What the permission allows, per kind of scheme: one line per differing text,
    /// labelled with its kind when there are two (Mail.Send lets a delegated app send as
    /// the signed-in user and an application send as any user: one line said only the
    /// latter).
    pub summaries: Vec<SummaryLine>,
    /// For a permission that reaches only the resources granted to the app one by one
    /// (Sites.Selected): that it reaches nothing until then, and the call that grants.
    pub selected_grant: Option<SelectedGrant>,
    pub schemes: Vec<Scheme>,
    /// What the name says about the access it grants (`Read/Write`) and its scope
    /// (`All resources`).
    pub tags: Vec<&'static str>,
    /// The scheme toggle: one entry per filter.
    pub toggles: Vec<SchemeToggle>,
    /// Scheme cards; identical delegated work/personal cards are merged.
    pub cards: Vec<SchemeCard>,
    pub tabs: Vec<TabSummary>,
    /// The open tab's rows.
    pub table: MethodTable,
    /// The resource of the main endpoint, in full.
    pub main_resource: Option<ResourceView>,
    /// The endpoint whose samples the page shows.
    pub main_endpoint: Option<EndpointId>,
    /// Every other resource type the permission reaches, as links.
    pub other_resources: Vec<ResourceLink>,
    pub related: Vec<RelatedView>,
    /// Schemes whose entry in permissions.json is a placeholder (no GUID, level or texts),
    /// with the permission it stands for, which the ranking offers instead
    /// (`Calls.JoinGroupCallasGuest.All` → `Calls.JoinGroupCallAsGuest.All`), when known.
    pub placeholders: Vec<(Scheme, Option<PermissionLink>)>,
    /// A page of another tab than the default, or a path-root page of a split tab: the
    /// rows of that view only. The details, code examples, resources, related permissions
    /// and registration are on the main page (`full_url`), not repeated on every view.
    pub compact: bool,
    pub full_url: String,
}

/// One entry of the scheme toggle.
#[derive(Debug, Clone)]
pub struct SchemeToggle {
    pub filter: SchemeFilter,
    pub url: String,
    pub current: bool,
    /// False when the permission has no scheme of this kind.
    pub available: bool,
    /// Where to go instead when unavailable: a sibling permission that has it.
    pub instead: Option<PermissionLink>,
}

/// One card of the permission details: one scheme, or both delegated schemes when they
/// say the same.
#[derive(Debug, Clone)]
pub struct SchemeCard {
    /// Each scheme of the card with its own facts, never empty (merged schemes differ
    /// only in where the GUID came from and which other GUIDs the sources give).
    pub schemes: Vec<(Scheme, SchemeView)>,
}

impl SchemeCard {
    pub fn is_delegated(&self) -> bool {
        self.schemes.iter().all(|(scheme, _)| scheme.is_delegated())
    }

    /// The facts shown: the first scheme's.
    pub fn info(&self) -> &SchemeView {
        &self.schemes[0].1
    }

    pub fn kinds(&self) -> Vec<Scheme> {
        self.schemes.iter().map(|(scheme, _)| *scheme).collect()
    }
}

/// A tab link with its row count.
#[derive(Debug, Clone)]
pub struct TabSummary {
    pub tab: MethodTab,
    pub url: String,
    pub rows: usize,
    /// Rows whose path the tab's schema has: the count the tab link shows.
    pub in_schema: usize,
    pub selected: bool,
}

/// The open tab's rows and how they are split.
#[derive(Debug, Clone)]
pub struct MethodTable {
    pub tab: MethodTab,
    /// Rows of the whole tab.
    pub total: usize,
    /// Rows of the whole tab whose path the tab's schema has.
    pub in_schema: usize,
    /// Rows shown here whose path the schema has, most important first.
    pub rows: Vec<MethodRow>,
    /// Rows shown here whose path the schema lacks (folded on the page).
    pub not_in_schema: Vec<MethodRow>,
    /// Path roots of the tab with their row counts, when the tab is split.
    pub roots: Vec<RootLink>,
    /// The root shown, when one is chosen.
    pub root: Option<String>,
    /// Pages of the chosen root (empty when it fits one page).
    pub pages: Vec<PageLink>,
    /// URL of the tab's first page (for "back to the most important rows").
    pub top_url: String,
}

impl MethodTable {
    /// Rows shown on this page.
    pub fn shown(&self) -> usize {
        self.rows.len() + self.not_in_schema.len()
    }

    /// True when the tab has more rows than this page shows.
    pub fn is_split(&self) -> bool {
        !self.roots.is_empty()
    }
}

/// One row of a method table, built from one endpoint: its label and its link carry the
/// same path.
#[derive(Debug, Clone)]
pub struct MethodRow {
    pub endpoint: EndpointId,
    pub method: String,
    /// The path as this tab's version writes it (schema casing where resolved).
    pub path: String,
    /// The endpoint page of exactly `method` + `path`.
    pub url: String,
    pub in_schema: bool,
    pub delegated: bool,
    pub application: bool,
    /// Least privileged for this call with a signed-in work or school account.
    pub least_work: bool,
    /// Least privileged for this call with a signed-in personal Microsoft account.
    pub least_personal: bool,
    pub least_application: bool,
    pub also_requires: Vec<PermissionLink>,
    pub learn_url: Option<String>,
    pub cmdlet: Option<CmdletRef>,
    /// Learn-style summary ("List users", "user: sendMail"); `None` when no schema
    /// resolves the path.
    pub summary: Option<String>,
    /// First path segment, lower-cased (`me`, `users`).
    pub root: String,
}

impl MethodRow {
    pub fn is_least(&self) -> bool {
        self.least_work || self.least_personal || self.least_application
    }

    /// The delegated least badge, naming the delegated schemes it holds for.
    pub fn least_delegated_label(&self) -> Option<&'static str> {
        match (self.least_work, self.least_personal) {
            (true, true) => Some("Least · delegated work, personal"),
            (true, false) => Some("Least · delegated work"),
            (false, true) => Some("Least · delegated personal"),
            (false, false) => None,
        }
    }
}

/// A permission with its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermissionLink {
    pub name: String,
    pub url: String,
}

impl PermissionLink {
    pub fn new(name: &str) -> PermissionLink {
        PermissionLink { name: name.to_string(), url: links::permission_url(name) }
    }
}

/// A cmdlet with its page.
#[derive(Debug, Clone)]
pub struct CmdletRef {
    pub name: String,
    pub url: String,
    pub derived: bool,
}

/// A path root of a split tab.
#[derive(Debug, Clone)]
pub struct RootLink {
    pub root: String,
    /// Rows under the root, folded ones included.
    pub rows: usize,
    /// Rows under the root whose path the tab's version has in its schema: the count
    /// shown, as the tab's own count is.
    pub in_schema: usize,
    pub url: String,
    pub current: bool,
}

/// A page of a root's rows.
#[derive(Debug, Clone)]
pub struct PageLink {
    pub page: usize,
    pub url: String,
    pub current: bool,
}

/// A resource type as a link.
#[derive(Debug, Clone)]
pub struct ResourceLink {
    pub name: String,
    pub version: &'static str,
    pub url: String,
}

/// Builds the page. `None` when the catalogue has no such permission.
pub fn permission_page(
    catalogue: &Catalogue,
    engine: &Engine,
    name: &str,
    options: &PageOptions,
) -> Option<PermissionPage> {
    let id = catalogue.permission_id(name.trim())?;
    let permission = &catalogue.permissions[id];
    // The resource types are listed by name; only the main one is built in full.
    let mut view = permission_view(engine, permission, options.lang.as_deref(), false);
    if options.root.is_none() && options.tab == MethodTab::default() {
        view.related = crate::permission::related(engine, permission);
    }
    let popularity = root_popularity(catalogue);
    let schemes: Vec<Scheme> =
        Scheme::ALL.into_iter().filter(|scheme| view.schemes.contains_key(scheme.as_str())).collect();
    let summary = schemes
        .iter()
        .find(|scheme| **scheme == Scheme::Application)
        .or_else(|| schemes.first())
        .and_then(|scheme| view.schemes[scheme.as_str()].texts.admin_description.clone());
    let summaries = summary_lines(&view, &schemes);
    let toggles = SchemeFilter::ALL
        .into_iter()
        .map(|filter| {
            let available = schemes.iter().any(|scheme| filter.admits(*scheme));
            SchemeToggle {
                filter,
                url: format!(
                    "{}#access",
                    PageOptions { scheme: filter, ..options.clone() }.url(&view.name, &view.lang)
                ),
                current: filter == options.scheme,
                available,
                instead: if available { None } else { sibling_with(catalogue, permission, filter) },
            }
        })
        .collect();
    let cards = scheme_cards(&view, &schemes);
    // What the ranking offers per grant, once for the four tabs.
    let offered: Vec<Vec<(Scheme, bool)>> =
        permission.grants.iter().map(|grant| crate::permission::offers(engine, permission, grant)).collect();
    let rows_by_tab: Vec<(MethodTab, Vec<MethodRow>)> = MethodTab::ALL
        .into_iter()
        .map(|tab| (tab, tab_rows(catalogue, permission, &offered, tab, &popularity)))
        .collect();
    let tabs = rows_by_tab
        .iter()
        .map(|(tab, rows)| TabSummary {
            tab: *tab,
            url: format!(
                "{}#methods",
                PageOptions { tab: *tab, root: None, page: 1, ..options.clone() }.url(&view.name, &view.lang)
            ),
            rows: rows.len(),
            in_schema: rows.iter().filter(|row| row.in_schema).count(),
            selected: *tab == options.tab,
        })
        .collect();
    let open_rows = rows_by_tab.into_iter().find(|(tab, _)| *tab == options.tab).map(|(_, rows)| rows);
    let table = method_table(&view, options, open_rows.unwrap_or_default());
    // Only the default tab's first page carries the details, examples, resources,
    // related permissions and registration; every other tab and path-root page links
    // there instead of repeating them (issue #12: the static site writes each view).
    let compact = options.root.is_some() || options.tab != MethodTab::default();
    let full_url = PageOptions { tab: MethodTab::default(), root: None, page: 1, ..options.clone() }
        .url(&view.name, &view.lang);
    let main_endpoint = if compact { None } else { main_endpoint(catalogue, permission, &popularity) };
    let reached = if compact { Vec::new() } else { resources::permission_resources(catalogue, permission) };
    let main_type = main_endpoint
        .and_then(|id| catalogue.endpoints[id].resource())
        .map(str::to_string)
        .or_else(|| reached.first().map(|resource| resource.type_name.clone()));
    let main_resource = main_type.as_deref().filter(|_| !compact).and_then(|type_name| {
        ApiVersion::ALL
            .into_iter()
            .find_map(|version| resource_view(catalogue, version, type_name, Reach::Endpoint))
    });
    let other_resources = reached
        .iter()
        .filter(|resource| {
            main_resource.as_ref().is_none_or(|main| {
                !(main.version == resource.version.as_str()
                    && main.full_name.eq_ignore_ascii_case(&resource.type_name))
            })
        })
        .map(|resource| ResourceLink {
            name: page_name(&resource.type_name).to_string(),
            version: resource.version.as_str(),
            url: links::resource_url(resource.version, &resource.type_name),
        })
        .collect();
    let related = if compact { Vec::new() } else { view.related.clone() };
    let placeholders = schemes
        .iter()
        .filter(|scheme| permission.is_placeholder(**scheme))
        .map(|scheme| {
            let real = catalogue.placeholder_replacement(id, *scheme);
            (*scheme, real.map(|real| PermissionLink::new(&catalogue.permissions[real].name)))
        })
        .collect();
    Some(PermissionPage {
        placeholders,
        compact,
        full_url,
        summary,
        summaries,
        selected_grant: selected_grant(&view.name),
        tags: name_tags(&view.name),
        toggles,
        cards,
        tabs,
        table,
        main_resource,
        main_endpoint,
        other_resources,
        related,
        schemes,
        options: options.clone(),
        view,
    })
}

/// Access and scope as the name says them: `Read/Write`, `All resources`.
pub fn name_tags(name: &str) -> Vec<&'static str> {
    let parts: Vec<&str> = name.split('.').collect();
    let access = parts.iter().skip(1).find_map(|part| match part.to_ascii_lowercase().as_str() {
        "readbasic" => Some("Read basic"),
        "read" => Some("Read"),
        "readwrite" => Some("Read/Write"),
        "write" => Some("Write"),
        "manage" => Some("Manage"),
        "fullcontrol" => Some("Full control"),
        "create" => Some("Create"),
        "send" => Some("Send"),
        "accessasuser" => Some("Access as the user"),
        _ => None,
    });
    let scope = match parts.last().map(|part| part.to_ascii_lowercase()) {
        Some(last) if parts.len() > 2 || (parts.len() == 2 && access.is_none()) => match last.as_str() {
            "all" => Some("All resources"),
            "selected" => Some("Selected resources"),
            "ownedby" => Some("Owned by the app"),
            "shared" => Some("Shared with the user"),
            "group" => Some("One team or group (resource-specific)"),
            "chat" => Some("One chat (resource-specific)"),
            _ => None,
        },
        _ => None,
    };
    access.into_iter().chain(scope).collect()
}

/// Delegated work and personal cards merge when they show the same facts.
fn scheme_cards(view: &PermissionView, schemes: &[Scheme]) -> Vec<SchemeCard> {
    let mut cards: Vec<SchemeCard> = Vec::new();
    for scheme in schemes {
        let info = &view.schemes[scheme.as_str()];
        if let Some(card) = cards
            .iter_mut()
            .find(|card| card.is_delegated() && scheme.is_delegated() && same_card(card.info(), info))
        {
            card.schemes.push((*scheme, info.clone()));
            continue;
        }
        cards.push(SchemeCard { schemes: vec![(*scheme, info.clone())] });
    }
    cards
}

fn same_card(a: &SchemeView, b: &SchemeView) -> bool {
    a.id == b.id
        && a.texts == b.texts
        && a.requires_admin_consent == b.requires_admin_consent
        && a.privilege_level == b.privilege_level
        && a.is_hidden == b.is_hidden
        && a.is_enabled == b.is_enabled
        && a.environment == b.environment
        && a.in_permissions_file == b.in_permissions_file
}

/// A permission of the same family that has the schemes this one lacks: `User.Read` →
/// `User.Read.All` for app-only access.
fn sibling_with(
    catalogue: &Catalogue,
    permission: &Permission,
    filter: SchemeFilter,
) -> Option<PermissionLink> {
    let has = |other: &Permission| other.schemes.keys().any(|scheme| filter.admits(*scheme));
    let name = &permission.name;
    let mut candidates = vec![format!("{name}.All")];
    if let Some(stem) = name.strip_suffix(".All") {
        candidates.push(stem.to_string());
    }
    for suffix in [".OwnedBy", ".Selected", ".Shared"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            candidates.push(format!("{stem}.All"));
        }
    }
    candidates
        .iter()
        .filter_map(|candidate| catalogue.permission_id(candidate))
        .map(|id| &catalogue.permissions[id])
        .find(|other| other.name != *name && has(other))
        .map(|other| PermissionLink::new(&other.name))
}

/// Every row of one tab: one per (method, path as this version writes it), flags of all
/// grants on it merged, ordered by importance.
/// `offered`: [`crate::permission::offers`] of each of the permission's grants.
fn tab_rows(
    catalogue: &Catalogue,
    permission: &Permission,
    offered: &[Vec<(Scheme, bool)>],
    tab: MethodTab,
    popularity: &HashMap<String, usize>,
) -> Vec<MethodRow> {
    let version = tab.version();
    let mut rows: Vec<MethodRow> = Vec::new();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    for (grant, offered) in permission.grants.iter().zip(offered) {
        let endpoint = &catalogue.endpoints[grant.endpoint];
        let cmdlet = endpoint.cmdlets.get(&version);
        if tab.is_powershell() && cmdlet.is_none() {
            continue;
        }
        let resolution = endpoint.resolutions.get(&version);
        let path = endpoint.path_in(version).to_string();
        // What the one ranking offers, as the endpoint page and the JSON say: not the
        // raw schemes and `least=` markers of the pathSet.
        let offered_in = |scheme: Scheme| offered.iter().any(|(offered, _)| *offered == scheme);
        let least_for = |scheme: Scheme| offered.iter().any(|(offered, least)| *offered == scheme && *least);
        let delegated = offered_in(Scheme::DelegatedWork) || offered_in(Scheme::DelegatedPersonal);
        let application = offered_in(Scheme::Application);
        let least_work = least_for(Scheme::DelegatedWork);
        let least_personal = least_for(Scheme::DelegatedPersonal);
        let least_application = least_for(Scheme::Application);
        let key = (endpoint.method.clone(), path.clone());
        if let Some(&at) = index.get(&key) {
            let row = &mut rows[at];
            row.delegated |= delegated;
            row.application |= application;
            row.least_work |= least_work;
            row.least_personal |= least_personal;
            row.least_application |= least_application;
            for also in &grant.also_requires {
                if !row.also_requires.iter().any(|link| &link.name == also) {
                    row.also_requires.push(PermissionLink::new(also));
                }
            }
            continue;
        }
        index.insert(key, rows.len());
        rows.push(MethodRow {
            endpoint: grant.endpoint,
            url: links::endpoint_url(&endpoint.method, &path),
            root: path_root(&path),
            method: endpoint.method.clone(),
            path,
            in_schema: resolution.is_some(),
            delegated,
            application,
            least_work,
            least_personal,
            least_application,
            also_requires: grant.also_requires.iter().map(|name| PermissionLink::new(name)).collect(),
            learn_url: endpoint.docs.clone().or_else(|| {
                resolution
                    .and_then(|r| r.resource.as_deref())
                    .map(|resource| learn_resource_url(resource, version))
            }),
            summary: crate::summary::endpoint_summary(catalogue, endpoint, Some(version)),
            cmdlet: cmdlet.map(|cmdlet| CmdletRef {
                name: cmdlet.name.clone(),
                url: links::cmdlet_url(&cmdlet.name),
                derived: cmdlet.source == CmdletSource::Derived,
            }),
        });
    }
    rows.sort_by(|a, b| {
        b.is_least()
            .cmp(&a.is_least())
            .then(b.in_schema.cmp(&a.in_schema))
            .then(popularity.get(&b.root).unwrap_or(&0).cmp(popularity.get(&a.root).unwrap_or(&0)))
            .then(a.root.cmp(&b.root))
            .then(a.path.len().cmp(&b.path.len()))
            .then(a.path.cmp(&b.path))
            .then(method_rank(&a.method).cmp(&method_rank(&b.method)))
    });
    rows
}

/// GET before the writes, in the order Learn lists them.
fn method_rank(method: &str) -> usize {
    ["GET", "POST", "PATCH", "PUT", "DELETE"].iter().position(|known| *known == method).unwrap_or(5)
}

/// First segment of a path, lower-cased: `/users/{id}` → `users`.
pub fn path_root(path: &str) -> String {
    path.trim_start_matches('/').split(['/', '(']).next().unwrap_or_default().to_ascii_lowercase()
}

/// How many endpoints of the catalogue sit under each path root (`/users` and `/groups`
/// before the long tail), with `/me` first of all.
pub fn root_popularity(catalogue: &Catalogue) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for endpoint in &catalogue.endpoints {
        *counts.entry(path_root(&endpoint.path)).or_default() += 1;
    }
    // The signed-in user's own paths come first: what most readers of a delegated
    // permission call.
    let most = counts.values().copied().max().unwrap_or(0);
    counts.insert("me".to_string(), most + 1);
    counts
}

/// Splits the open tab: everything when short; else the top rows, or one root's page.
fn method_table(view: &PermissionView, options: &PageOptions, all: Vec<MethodRow>) -> MethodTable {
    let total = all.len();
    let in_schema = all.iter().filter(|row| row.in_schema).count();
    let top_url = format!(
        "{}#methods",
        PageOptions { root: None, page: 1, ..options.clone() }.url(&view.name, &view.lang)
    );
    let (shown, roots, root, pages) = if total <= SPLIT_OVER {
        (all, Vec::new(), None, Vec::new())
    } else {
        let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for row in &all {
            let count = counts.entry(row.root.clone()).or_default();
            count.0 += 1;
            count.1 += usize::from(row.in_schema);
        }
        let chosen =
            options.root.as_deref().map(str::to_ascii_lowercase).filter(|root| counts.contains_key(root));
        let roots = counts
            .iter()
            .map(|(root, &(rows, in_schema))| RootLink {
                root: root.clone(),
                rows,
                in_schema,
                url: format!(
                    "{}#methods",
                    PageOptions { root: Some(root.clone()), page: 1, ..options.clone() }
                        .url(&view.name, &view.lang)
                ),
                current: chosen.as_deref() == Some(root.as_str()),
            })
            .collect();
        match chosen {
            None => (all.into_iter().take(TOP_ROWS).collect(), roots, None, Vec::new()),
            Some(root) => {
                let of_root: Vec<MethodRow> = all.into_iter().filter(|row| row.root == root).collect();
                let page_count = of_root.len().div_ceil(ROOT_PAGE_ROWS).max(1);
                let page = options.page.clamp(1, page_count);
                let pages = if page_count > 1 {
                    (1..=page_count)
                        .map(|number| PageLink {
                            page: number,
                            url: format!(
                                "{}#methods",
                                PageOptions { root: Some(root.clone()), page: number, ..options.clone() }
                                    .url(&view.name, &view.lang)
                            ),
                            current: number == page,
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                let shown =
                    of_root.into_iter().skip((page - 1) * ROOT_PAGE_ROWS).take(ROOT_PAGE_ROWS).collect();
                (shown, roots, Some(root), pages)
            }
        }
    };
    let (rows, not_in_schema) = shown.into_iter().partition(|row: &MethodRow| row.in_schema);
    MethodTable { tab: options.tab, total, in_schema, rows, not_in_schema, roots, root, pages, top_url }
}

/// The endpoint that shows best what the permission is for: least privileged for it,
/// in a schema, a read, the shortest path, the most common root (`User.Read` → `GET /me`).
pub fn main_endpoint(
    catalogue: &Catalogue,
    permission: &Permission,
    popularity: &HashMap<String, usize>,
) -> Option<EndpointId> {
    permission
        .grants
        .iter()
        .map(|grant| {
            let endpoint = &catalogue.endpoints[grant.endpoint];
            let key = (
                grant.least.is_empty(),
                endpoint.resolutions.is_empty(),
                method_rank(&endpoint.method),
                endpoint.path.matches('/').count(),
                std::cmp::Reverse(*popularity.get(&path_root(&endpoint.path)).unwrap_or(&0)),
                endpoint.path.clone(),
            );
            (key, grant.endpoint)
        })
        .min()
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_read_the_name() {
        assert_eq!(name_tags("APIConnectors.ReadWrite.All"), ["Read/Write", "All resources"]);
        assert_eq!(name_tags("User.Read"), ["Read"]);
        assert_eq!(name_tags("Application.ReadWrite.OwnedBy"), ["Read/Write", "Owned by the app"]);
        assert_eq!(name_tags("Mail.Send"), ["Send"]);
        assert_eq!(name_tags("TeamSettings.Read.Group"), ["Read", "One team or group (resource-specific)"]);
        assert!(name_tags("offline_access").is_empty());
    }

    #[test]
    fn roots_are_first_segments() {
        assert_eq!(path_root("/users/{id}/messages"), "users");
        assert_eq!(path_root("/me"), "me");
        assert_eq!(path_root("/Sites(x)/a"), "sites");
    }

    #[test]
    fn options_make_urls_without_defaults() {
        let options = PageOptions::default();
        assert_eq!(options.url("User.Read", "en-US"), "/permission/User.Read");
        let options = PageOptions {
            tab: MethodTab::ApiBeta,
            root: Some("users".into()),
            page: 2,
            scheme: SchemeFilter::Application,
            lang: None,
        };
        assert_eq!(
            options.url("User.Read", "de-DE"),
            "/permission/User.Read?scheme=application&tab=beta&root=users&page=2&lang=de-DE"
        );
    }
}
