//! The permissions index as typed values: filter by scheme, consent, privilege level,
//! endpoints and text; sortable; paginated. The rows are also the JSON of
//! `/api/v1/permissions`.

use graphperm_core::Catalogue;
use graphperm_core::model::{Permission, Scheme};
use serde::{Deserialize, Serialize};

use crate::badge::{Badge, level_badge, scheme_badge};
use crate::links::{self, Link};

pub const PAGE_SIZE: usize = 100;

/// The index's query string. Every field is optional text so a hand-edited URL never
/// fails to parse; unknown values mean "no filter".
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct IndexOptions {
    pub q: String,
    /// `delegated`, `application` or empty.
    pub scheme: String,
    /// `admin`, `user` or empty.
    pub consent: String,
    /// `1`–`5` or empty.
    pub level: String,
    /// `yes`, `no` or empty.
    pub endpoints: String,
    /// `name`, `level`, `-level`, `endpoints`, `-endpoints`.
    pub sort: String,
    pub page: String,
}

/// One row of the index (also the JSON of `/api/v1/permissions`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexRow {
    pub name: String,
    pub url: String,
    pub schemes: Vec<&'static str>,
    pub requires_admin_consent: bool,
    /// For the delegated schemes: `true` when an administrator must consent, `false`
    /// when a user may; absent without a delegated scheme or when the data does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegated_admin_consent: Option<bool>,
    pub max_privilege_level: Option<u8>,
    /// The highest level among the schemes the filters select ([`selected_schemes`]):
    /// what the level filter, the level sorts and the row's badge read.
    pub privilege_level: Option<u8>,
    pub endpoint_count: usize,
    pub display_name: Option<String>,
}

/// Filters and sorts; returns the matching rows (all pages) and the clamped page number.
pub fn index_rows(catalogue: &Catalogue, options: &IndexOptions) -> Vec<IndexRow> {
    let needle = options.q.trim().to_ascii_lowercase();
    let level: Option<u8> = options.level.trim().parse().ok();
    let mut rows: Vec<IndexRow> = catalogue
        .permissions
        .iter()
        .filter(|permission| matches(permission, options, &needle, level))
        .map(|permission| IndexRow {
            name: permission.name.clone(),
            url: links::permission_url(&permission.name),
            // A placeholder entry is not a scheme the permission has (Calendars.ReadBasic
            // under Application stands for Calendars.ReadBasic.All).
            schemes: permission
                .schemes
                .iter()
                .filter(|(_, info)| !info.is_placeholder())
                .map(|(scheme, _)| scheme.as_str())
                .collect(),
            requires_admin_consent: permission.requires_admin_consent(),
            delegated_admin_consent: permission.delegated_admin_consent(),
            max_privilege_level: permission.max_privilege_level(),
            privilege_level: selected_schemes(permission, options)
                .filter_map(|(_, info)| info.privilege_level)
                .max(),
            endpoint_count: permission.grants.len(),
            display_name: permission
                .schemes
                .values()
                .find_map(|scheme| scheme.texts.admin_display_name.clone()),
        })
        .collect();
    match options.sort.as_str() {
        "level" => rows.sort_by_key(|row| row.privilege_level),
        "-level" => rows.sort_by_key(|row| std::cmp::Reverse(row.privilege_level)),
        "endpoints" => rows.sort_by_key(|row| row.endpoint_count),
        "-endpoints" => rows.sort_by_key(|row| std::cmp::Reverse(row.endpoint_count)),
        _ => {}
    }
    rows
}

/// The schemes the filters select: by kind (`scheme`: the delegated ones, the
/// application one, or all), by who consents (`consent=user`: the delegated schemes;
/// `consent=admin`: those needing an administrator, application always), never a
/// placeholder entry (no level, no GUID: not a permission of that scheme). The level
/// filter, the level sorts and the row's badge read these only, so
/// `scheme=delegated&level=4` lists permissions whose delegated access is level 4, not
/// those whose application access is, and `consent=user&level=4` those whose
/// user-consented access is.
fn selected_schemes<'a>(
    permission: &'a Permission,
    options: &'a IndexOptions,
) -> impl Iterator<Item = (&'a Scheme, &'a graphperm_core::model::SchemeInfo)> + 'a {
    permission.schemes.iter().filter(move |(kind, info)| {
        let kind_ok = match options.scheme.as_str() {
            "delegated" => kind.is_delegated(),
            "application" => **kind == Scheme::Application,
            _ => true,
        };
        let consent_ok = match options.consent.as_str() {
            "user" => kind.is_delegated(),
            "admin" => **kind == Scheme::Application || info.requires_admin_consent == Some(true),
            _ => true,
        };
        kind_ok && consent_ok && !info.is_placeholder()
    })
}

fn matches(permission: &Permission, options: &IndexOptions, needle: &str, level: Option<u8>) -> bool {
    let selected = || selected_schemes(permission, options);
    // Users consent to delegated access only, and only where no delegated scheme needs
    // an administrator (`Permission::delegated_admin_consent`, the consent column's rule).
    let consent_ok = options.consent != "user" || permission.delegated_admin_consent() == Some(false);
    let filtered = !options.scheme.is_empty() || !options.consent.is_empty();
    let some_selected = !filtered || selected().next().is_some();
    let level_ok = level
        .is_none_or(|level| selected().filter_map(|(_, info)| info.privilege_level).max() == Some(level));
    let endpoints_ok = match options.endpoints.as_str() {
        "yes" => !permission.grants.is_empty(),
        "no" => permission.grants.is_empty(),
        _ => true,
    };
    let text_ok = needle.is_empty()
        || permission.name.to_ascii_lowercase().contains(needle)
        || permission.schemes.values().any(|info| {
            info.texts
                .admin_display_name
                .as_deref()
                .is_some_and(|text| text.to_ascii_lowercase().contains(needle))
                || info.id.as_deref().is_some_and(|id| id.eq_ignore_ascii_case(needle))
        });
    some_selected && consent_ok && level_ok && endpoints_ok && text_ok
}

/// One page of the index.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IndexPage {
    pub options: IndexOptions,
    pub total: usize,
    pub shown_from: usize,
    pub shown_to: usize,
    pub rows: Vec<PageRow>,
    pub sort_links: Vec<SortLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub page: usize,
    pub pages: usize,
    /// The privilege levels some permission has at most, for the level filter (a level
    /// no permission reaches is not offered).
    pub levels: Vec<LevelOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelOption {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    pub row: IndexRow,
    pub badges: Vec<Badge>,
    pub level: Option<Badge>,
    /// Who consents, per kind of scheme: `Delegated: user · Application: admin`.
    pub consent: String,
}

/// Who consents to each kind of scheme the permission has. Application permissions
/// always need an administrator.
fn consent_text(row: &IndexRow) -> String {
    let mut parts = Vec::new();
    if row.schemes.iter().any(|name| Scheme::parse(name).is_some_and(|scheme| scheme.is_delegated())) {
        parts.push(match row.delegated_admin_consent {
            Some(true) => "Delegated: admin",
            Some(false) => "Delegated: user",
            None => "Delegated: not stated",
        });
    }
    if row.schemes.iter().any(|name| Scheme::parse(name) == Some(Scheme::Application)) {
        parts.push("Application: admin");
    }
    parts.join(" · ")
}

#[derive(Debug, Clone, Serialize)]
pub struct SortLink {
    pub link: Link,
    pub current: bool,
}

/// The page `options.page` names (clamped to the pages there are).
pub fn index_page(catalogue: &Catalogue, options: &IndexOptions) -> IndexPage {
    let rows = index_rows(catalogue, options);
    let total = rows.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = options.page.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
    let start = (page - 1) * PAGE_SIZE;
    let page_rows = rows
        .into_iter()
        .skip(start)
        .take(PAGE_SIZE)
        .map(|row| PageRow {
            consent: consent_text(&row),
            badges: row.schemes.iter().filter_map(|name| Scheme::parse(name)).map(scheme_badge).collect(),
            level: row.privilege_level.map(level_badge),
            row,
        })
        .collect::<Vec<_>>();
    let url_with = |sort: &str, page: usize| {
        let mut pairs = Vec::new();
        for (key, value) in [
            ("q", options.q.as_str()),
            ("scheme", options.scheme.as_str()),
            ("consent", options.consent.as_str()),
            ("level", options.level.as_str()),
            ("endpoints", options.endpoints.as_str()),
            ("sort", sort),
        ] {
            if !value.is_empty() {
                pairs.push(format!("{key}={}", links::encode(value)));
            }
        }
        if page > 1 {
            pairs.push(format!("page={page}"));
        }
        if pairs.is_empty() {
            "/permissions".to_string()
        } else {
            format!("/permissions?{}", pairs.join("&"))
        }
    };
    let sort_links = [
        ("name", "Name"),
        ("-level", "Most privileged"),
        ("level", "Least privileged"),
        ("-endpoints", "Most endpoints"),
    ]
    .into_iter()
    .map(|(value, label)| SortLink {
        link: Link::new(label, url_with(value, 1)),
        current: options.sort == value || (value == "name" && options.sort.is_empty()),
    })
    .collect();
    IndexPage {
        total,
        shown_from: if total == 0 { 0 } else { start + 1 },
        shown_to: start + page_rows.len(),
        rows: page_rows,
        sort_links,
        previous: (page > 1).then(|| url_with(&options.sort, page - 1)),
        next: (page < pages).then(|| url_with(&options.sort, page + 1)),
        page,
        pages,
        levels: catalogue
            .permissions
            .iter()
            .filter_map(|permission| permission.max_privilege_level())
            .collect::<std::collections::BTreeSet<u8>>()
            .into_iter()
            .map(|level| LevelOption {
                value: level.to_string(),
                label: format!("{level} · {}", crate::permission::privilege_label(level)),
            })
            .collect(),
        options: options.clone(),
    }
}
