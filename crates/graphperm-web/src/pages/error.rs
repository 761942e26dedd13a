//! The error page: status, a plain message and, for unknown names, the nearest ones.
//!
//! Suggestions are names within a small edit distance of what was asked for, never the
//! fuzzy search's best effort: a 404 for `Widget.Reed.All` offers Widget.Read.All, and
//! one for an unrelated word offers nothing rather than noise.

use std::collections::BTreeMap;

use askama::Template;
use axum::http::StatusCode;
use graphperm_core::schema::{TypeKind, short_name};
use graphperm_views::links;

use super::Layout;
use crate::error::Suggestion;
use crate::state::AppState;

/// Suggestions shown at most.
const MAX_SUGGESTIONS: usize = 6;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    reason: &'a str,
    message: &'a str,
    suggestions: &'a [Suggestion],
}

/// Never fails: a template error falls back to plain escaped text.
pub fn render_error_page(status: StatusCode, message: &str, suggestions: &[Suggestion]) -> String {
    let reason = status.canonical_reason().unwrap_or("Error");
    let page = ErrorPage {
        layout: Layout::new(None, format!("{} {reason}", status.as_u16()), "", ""),
        status: status.as_u16(),
        reason,
        message,
        suggestions,
    };
    page.render().unwrap_or_else(|error| {
        tracing::error!("cannot render the error page: {error}");
        format!(
            "<!doctype html><title>{}</title><p>{}</p>",
            status.as_u16(),
            html_escape::encode_double_quoted_attribute(message)
        )
    })
}

/// The names of `kind` (`permission`, `cmdlet`, `resource`, `endpoint`; any but
/// endpoints when `None`) within [`max_distance`] edits of `text`, nearest first.
pub fn near_names(state: &AppState, text: &str, kind: Option<&str>) -> Vec<Suggestion> {
    let wanted: String = text.trim().chars().take(200).collect::<String>().to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    let limit = max_distance(&wanted);
    let wanted_len = wanted.chars().count();
    let mut found: Vec<(usize, Suggestion)> = Vec::new();
    let mut consider = |compared: &str, label: &str, url: String| {
        if compared.chars().count().abs_diff(wanted_len) > limit {
            return;
        }
        let distance = strsim::damerau_levenshtein(&wanted, &compared.to_lowercase());
        if distance <= limit && !found.iter().any(|(_, known)| known.url == url) {
            found.push((distance, Suggestion { label: label.to_string(), url }));
        }
    };
    let catalogue = &state.catalogue;
    let wants = |name: &str| kind.is_none_or(|kind| kind == name);
    if wants("permission") {
        for permission in &catalogue.permissions {
            consider(&permission.name, &permission.name, links::permission_url(&permission.name));
        }
    }
    if wants("cmdlet") {
        for (_, calls) in catalogue.cmdlets() {
            let Some(&(version, endpoint_id)) = calls.first() else { continue };
            if let Some(cmdlet) = catalogue.endpoints[endpoint_id].cmdlets.get(&version) {
                consider(&cmdlet.name, &cmdlet.name, links::cmdlet_url(&cmdlet.name));
            }
        }
    }
    if wants("resource") {
        // One entry per type name, v1.0 first (the order of `schemas`).
        let mut types: BTreeMap<String, (graphperm_core::model::ApiVersion, String)> = BTreeMap::new();
        for (version, schema) in &catalogue.schemas {
            for ty in schema.types.iter().filter(|ty| ty.kind != TypeKind::Enum) {
                types.entry(ty.name.to_lowercase()).or_insert((*version, ty.full_name()));
            }
        }
        for (version, full_name) in types.values() {
            let name = short_name(full_name);
            consider(name, name, links::resource_url(*version, full_name));
        }
    }
    if kind == Some("endpoint") {
        for endpoint in &catalogue.endpoints {
            let label = format!("{} {}", endpoint.method, endpoint.path);
            consider(&endpoint.path, &label, links::endpoint_url(&endpoint.method, &endpoint.path));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.label.cmp(&b.1.label)));
    found.into_iter().take(MAX_SUGGESTIONS).map(|(_, suggestion)| suggestion).collect()
}

/// Edits allowed between a name and what was typed: one for short words, up to four for
/// long ones, so a typo or two is forgiven and unrelated names stay out.
fn max_distance(text: &str) -> usize {
    (text.chars().count() / 5).clamp(1, 4)
}

#[cfg(test)]
mod tests {
    use super::max_distance;

    #[test]
    fn distance_grows_with_length() {
        assert_eq!(max_distance("usr"), 1);
        assert_eq!(max_distance("user.read"), 1);
        assert_eq!(max_distance("widget.reed.all"), 3);
        assert_eq!(max_distance("get-mgidentityapiconnectorthing"), 4);
    }
}
