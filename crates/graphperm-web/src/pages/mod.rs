//! One `render_*` function per page. They take the state and plain options, never axum
//! extractors, and return the HTML, so the server and a static export share them.

pub mod audit;
pub mod changes;
pub mod cmdlet;
pub mod endpoint;
pub mod error;
pub mod home;
pub mod index;
pub mod least;
pub mod lint;
pub mod permission;
pub mod resource;
mod samples;
pub mod search;

use graphperm_core::model::ApiVersion;
use graphperm_core::schema::{Schema, short_name, split_collection};
use graphperm_views::links;

use crate::assets::asset_url;
use crate::state::AppState;

pub use changes::{render_changes_feed, render_changes_page};
pub use cmdlet::render_cmdlet_page;
pub use endpoint::render_endpoint_page;
pub use graphperm_views::badge::{Badge, level_badge, scheme_badge, scheme_group, thousands};
pub use home::render_home_page;
pub use index::{IndexOptions, render_index_page};
pub use least::{LeastForm, render_least_page};
pub use lint::render_lint_page;
pub use permission::{MethodTab, PermissionOptions, SchemeFilter, render_permission_page};
pub use resource::render_resource_page;
pub use search::render_search_page;

/// What every page's frame needs: title, asset URLs, the data date, the active section.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub description: String,
    pub css: String,
    pub js: String,
    pub icon: String,
    /// "April 6, 2026 at 4:06 AM UTC", or empty when unknown.
    pub data_date: String,
    /// The same date as RFC 3339, for `<time datetime>`; empty when unknown.
    pub data_date_iso: String,
    /// `home`, `permissions`, `least` or empty.
    pub nav: &'static str,
}

impl Layout {
    pub fn new(
        state: Option<&AppState>,
        title: impl Into<String>,
        description: impl Into<String>,
        nav: &'static str,
    ) -> Layout {
        Layout {
            title: title.into(),
            description: description.into(),
            css: asset_url("app.css"),
            js: asset_url("app.js"),
            icon: asset_url("favicon.svg"),
            data_date: state
                .and_then(|state| state.catalogue.data_date.as_deref())
                .map(human_date)
                .unwrap_or_default(),
            data_date_iso: state
                .and_then(|state| state.catalogue.data_date.clone())
                .filter(|date| is_rfc3339(date))
                .unwrap_or_default(),
            nav,
        }
    }
}

/// A link with its text.
#[derive(Debug, Clone)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Link {
    pub fn new(label: impl Into<String>, url: impl Into<String>) -> Link {
        Link { label: label.into(), url: url.into() }
    }
}

/// A type name as shown (`Collection(thumbnail)`) with a link to its page when the
/// schema knows it.
#[derive(Debug, Clone)]
pub struct TypeRef {
    pub label: String,
    pub url: Option<String>,
}

pub fn type_ref(schema: Option<&Schema>, version: ApiVersion, type_name: &str) -> TypeRef {
    let (inner, collection) = split_collection(type_name);
    let short = if inner.starts_with("Edm.") { inner } else { short_name(inner) };
    let label = if collection { format!("Collection({short})") } else { short.to_string() };
    let url = schema
        .and_then(|schema| schema.find_type(inner))
        .map(|ty| links::resource_url(version, &ty.full_name()));
    TypeRef { label, url }
}

/// `2026-04-06T04:06:00Z` → `April 6, 2026 at 4:06 AM UTC`; other text is returned as is.
pub fn human_date(rfc3339: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parse = |range: std::ops::Range<usize>| rfc3339.get(range).and_then(|text| text.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute)) =
        (parse(0..4), parse(5..7), parse(8..10), parse(11..13), parse(14..16))
    else {
        return rfc3339.to_string();
    };
    let Some(month_name) = MONTHS.get(month.wrapping_sub(1) as usize) else {
        return rfc3339.to_string();
    };
    let zone = if rfc3339.ends_with('Z') {
        "UTC".to_string()
    } else {
        rfc3339
            .get(19..)
            .unwrap_or("")
            .trim_start_matches(|c: char| c == '.' || c.is_ascii_digit())
            .to_string()
    };
    let (hour12, meridiem) = match hour {
        0 => (12, "AM"),
        1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        _ => (hour - 12, "PM"),
    };
    format!("{month_name} {day}, {year} at {hour12}:{minute:02} {meridiem} {zone}").trim_end().to_string()
}

/// True for `2026-04-06T04:06:00Z`-shaped text (what `<time datetime>` accepts).
fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 20
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && (text.ends_with('Z') || text.get(19..).is_some_and(|zone| zone.contains(['+', '-'])))
}

/// Percent-encodes a query value (links::encode keeps only unreserved characters).
pub fn query_value(text: &str) -> String {
    links::encode(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_date(input: &str, expected: &str) {
        assert_eq!(human_date(input), expected);
    }

    #[test]
    fn dates_read_like_the_seed() {
        check_date("2026-04-06T04:06:00Z", "April 6, 2026 at 4:06 AM UTC");
        check_date("2026-08-03T17:43:07Z", "August 3, 2026 at 5:43 PM UTC");
        check_date("2026-01-01T00:05:00Z", "January 1, 2026 at 12:05 AM UTC");
        check_date("2026-08-03T10:42:36-07:00", "August 3, 2026 at 10:42 AM -07:00");
        check_date("not a date", "not a date");
        check_date("2026-13-01T00:00:00Z", "2026-13-01T00:00:00Z");
    }

    #[test]
    fn rfc3339_dates_for_time_elements() {
        assert!(is_rfc3339("2026-08-03T17:43:07Z"));
        assert!(is_rfc3339("2026-08-03T10:42:36-07:00"));
        assert!(!is_rfc3339("August 3, 2026"));
        assert!(!is_rfc3339("2026-08-03"));
    }
}
