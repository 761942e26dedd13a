//! "Did you mean": the names nearest to a mistyped one, for the server's 404 pages and
//! API errors and the CLI's `show`.
//!
//! Suggestions are names within a small edit distance of what was asked for, never the
//! fuzzy search's best effort: `Widget.Reed.All` is offered Widget.Read.All, and an
//! unrelated word nothing rather than noise.

use std::collections::BTreeMap;

use graphperm_core::Catalogue;
use graphperm_core::schema::{TypeKind, page_name};
use serde::Serialize;

use crate::links;

/// Suggestions offered at most.
pub const MAX_SUGGESTIONS: usize = 6;

/// A name offered instead of an unknown one, with its page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub label: String,
    pub url: String,
}

/// The names of `kind` (`permission`, `cmdlet`, `resource`, `endpoint`; any but
/// endpoints when `None`) within [`max_distance`] edits of `text`, nearest first.
pub fn near_names(catalogue: &Catalogue, text: &str, kind: Option<&str>) -> Vec<Suggestion> {
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
                let full_name = ty.full_name();
                types.entry(page_name(&full_name).to_lowercase()).or_insert((*version, full_name));
            }
        }
        for (version, full_name) in types.values() {
            let name = page_name(full_name);
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
