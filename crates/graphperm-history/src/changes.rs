//! Renders a [`CatalogueDiff`] for people and programs: plain text (terminal), Markdown
//! (issues, release notes), JSON (scripts) and an HTML fragment (the Atom feed and the
//! web Changes page).
//!
//! Text and Markdown say that a description changed without quoting it, since the prose
//! is long and the fact is what matters; JSON carries old and new values in full.

use std::fmt::Write as _;

use graphperm_core::diff::{
    CatalogueDiff, ChangeKind, EndpointRef, FieldChange, PermissionChange, PermissionSummary, SchemaChange,
    SchemaStatus,
};
use html_escape::encode_double_quoted_attribute as escape;
use serde_json::{Value, json};

/// Output formats of `graphperm diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
}

/// Renders `diff` in `format` (JSON pretty-printed, with a final newline).
pub fn render(diff: &CatalogueDiff, format: Format) -> String {
    match format {
        Format::Text => text(diff),
        Format::Markdown => markdown(diff),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(&json(diff)).unwrap_or_default();
            out.push('\n');
            out
        }
    }
}

/// One line counting each kind of change, e.g. "2 permissions added, 1 changed".
pub fn summary_line(diff: &CatalogueDiff) -> String {
    if diff.is_empty() {
        return "no changes".to_string();
    }
    let mut parts = Vec::new();
    let mut count = |n: usize, what: &str| {
        if n > 0 {
            parts.push(format!("{} {what}", plural(n, "permission", "permissions")));
        }
    };
    count(diff.permissions_added.len(), "added");
    count(diff.permissions_removed.len(), "removed");
    count(diff.permissions_changed.len(), "changed");
    for schema in &diff.schemas {
        match schema.status {
            SchemaStatus::Compared => {
                let types = schema.types_added.len() + schema.types_removed.len();
                let properties = schema.properties_added.len() + schema.properties_removed.len();
                parts.push(format!(
                    "{}: {} and {} added or removed",
                    schema.version,
                    plural(types, "resource type", "resource types"),
                    plural(properties, "property", "properties")
                ));
            }
            SchemaStatus::OnlyOld => parts.push(format!("{} schema no longer available", schema.version)),
            SchemaStatus::OnlyNew => parts.push(format!("{} schema now available", schema.version)),
        }
    }
    parts.join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn dates(diff: &CatalogueDiff) -> String {
    format!(
        "{} → {}",
        diff.old_date.as_deref().unwrap_or("unknown date"),
        diff.new_date.as_deref().unwrap_or("unknown date")
    )
}

fn endpoint(endpoint: &EndpointRef) -> String {
    format!("{} {}", endpoint.method, endpoint.path)
}

fn schemes_with_ids(summary: &PermissionSummary) -> String {
    summary
        .schemes
        .iter()
        .map(|(scheme, id)| match id {
            Some(id) => format!("{scheme} {id}"),
            None => scheme.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Application GUID: a → b", or "... changed" for prose.
fn field_change(
    scheme: graphperm_core::Scheme,
    change: &FieldChange,
    quote: &dyn Fn(&str) -> String,
) -> String {
    let value = |value: &Option<String>| value.as_deref().map(quote).unwrap_or_else(|| "(none)".to_string());
    if change.field.is_prose() {
        format!("{scheme} {} changed", change.field.label())
    } else {
        format!("{scheme} {}: {} → {}", change.field.label(), value(&change.old), value(&change.new))
    }
}

fn scheme_lines(change: &PermissionChange, quote: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    for scheme in &change.schemes {
        let id = scheme
            .fields
            .first()
            .and_then(|f| f.new.as_deref().or(f.old.as_deref()))
            .map(|id| format!(" ({})", quote(id)))
            .unwrap_or_default();
        match scheme.kind {
            ChangeKind::Added => lines.push(format!("scheme {} added{id}", scheme.scheme)),
            ChangeKind::Removed => lines.push(format!("scheme {} removed{id}", scheme.scheme)),
            ChangeKind::Changed => {
                lines.extend(scheme.fields.iter().map(|f| field_change(scheme.scheme, f, quote)))
            }
        }
    }
    for least in &change.least {
        lines.push(format!(
            "{} least privileged ({}) for {}",
            if least.now_least { "now" } else { "no longer" },
            least.scheme,
            quote(&endpoint(&least.endpoint))
        ));
    }
    lines
}

/// Plain text for a terminal.
pub fn text(diff: &CatalogueDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Changes {}: {}", dates(diff), summary_line(diff));
    let plain = |text: &str| text.to_string();
    if !diff.permissions_added.is_empty() {
        let _ = writeln!(out, "\nPermissions added");
        for permission in &diff.permissions_added {
            let _ = writeln!(
                out,
                "  + {} ({}; {} endpoint(s))",
                permission.name,
                schemes_with_ids(permission),
                permission.endpoints
            );
        }
    }
    if !diff.permissions_removed.is_empty() {
        let _ = writeln!(out, "\nPermissions removed");
        for permission in &diff.permissions_removed {
            let _ = writeln!(out, "  - {} ({})", permission.name, schemes_with_ids(permission));
        }
    }
    if !diff.permissions_changed.is_empty() {
        let _ = writeln!(out, "\nPermissions changed");
        for change in &diff.permissions_changed {
            let _ = writeln!(out, "  ~ {}", change.name);
            for line in scheme_lines(change, &plain) {
                let _ = writeln!(out, "      {line}");
            }
            for added in &change.endpoints_added {
                let _ = writeln!(out, "      + {}", endpoint(added));
            }
            for removed in &change.endpoints_removed {
                let _ = writeln!(out, "      - {}", endpoint(removed));
            }
        }
    }
    for schema in &diff.schemas {
        let _ = writeln!(out, "\nResource types ({})", schema.version);
        for line in schema_lines(schema, &plain) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

fn schema_lines(schema: &SchemaChange, quote: &dyn Fn(&str) -> String) -> Vec<String> {
    match schema.status {
        SchemaStatus::OnlyOld => {
            return vec!["the schema file is missing from the new data; not compared".to_string()];
        }
        SchemaStatus::OnlyNew => {
            return vec!["the schema file is new in this data; not compared".to_string()];
        }
        SchemaStatus::Compared => {}
    }
    let mut lines = Vec::new();
    lines.extend(schema.types_added.iter().map(|name| format!("type added: {}", quote(name))));
    lines.extend(schema.types_removed.iter().map(|name| format!("type removed: {}", quote(name))));
    let property = |p: &graphperm_core::diff::PropertyRef, change: &str| {
        let kind = if p.navigation { "navigation property" } else { "property" };
        format!("{kind} {change}: {}", quote(&format!("{}.{}", p.type_name, p.property)))
    };
    lines.extend(schema.properties_added.iter().map(|p| property(p, "added")));
    lines.extend(schema.properties_removed.iter().map(|p| property(p, "removed")));
    lines
}

/// Markdown with code spans around names, for issues and release notes.
pub fn markdown(diff: &CatalogueDiff) -> String {
    let code = |text: &str| format!("`{}`", text.replace('`', "'"));
    let mut out = String::new();
    let _ = writeln!(out, "# Microsoft Graph permission changes\n");
    let _ = writeln!(out, "{}: {}.", dates(diff), summary_line(diff));
    if !diff.permissions_added.is_empty() {
        let _ = writeln!(out, "\n## Permissions added\n");
        for permission in &diff.permissions_added {
            let ids: Vec<String> = permission
                .schemes
                .iter()
                .map(|(scheme, id)| match id {
                    Some(id) => format!("{scheme} {}", code(id)),
                    None => scheme.to_string(),
                })
                .collect();
            let _ = writeln!(
                out,
                "- {}: {}; {} endpoint(s)",
                code(&permission.name),
                ids.join(", "),
                permission.endpoints
            );
        }
    }
    if !diff.permissions_removed.is_empty() {
        let _ = writeln!(out, "\n## Permissions removed\n");
        for permission in &diff.permissions_removed {
            let _ = writeln!(out, "- {}", code(&permission.name));
        }
    }
    if !diff.permissions_changed.is_empty() {
        let _ = writeln!(out, "\n## Permissions changed");
        for change in &diff.permissions_changed {
            let _ = writeln!(out, "\n### {}\n", code(&change.name));
            for line in scheme_lines(change, &code) {
                let _ = writeln!(out, "- {line}");
            }
            for added in &change.endpoints_added {
                let _ = writeln!(out, "- endpoint added: {}", code(&endpoint(added)));
            }
            for removed in &change.endpoints_removed {
                let _ = writeln!(out, "- endpoint removed: {}", code(&endpoint(removed)));
            }
        }
    }
    if !diff.schemas.is_empty() {
        let _ = writeln!(out, "\n## Resource types");
        for schema in &diff.schemas {
            let _ = writeln!(out, "\n### {}\n", schema.version);
            for line in schema_lines(schema, &code) {
                let _ = writeln!(out, "- {line}");
            }
        }
    }
    out
}

/// The JSON shape of `graphperm diff --format json`.
pub fn json(diff: &CatalogueDiff) -> Value {
    let endpoint = |e: &EndpointRef| json!({"method": e.method, "path": e.path});
    let summary = |p: &PermissionSummary| {
        json!({
            "name": p.name,
            "schemes": p.schemes.iter().map(|(scheme, id)| json!({"scheme": scheme.as_str(), "id": id})).collect::<Vec<_>>(),
            "endpoints": p.endpoints,
        })
    };
    let changed = |c: &PermissionChange| {
        json!({
            "name": c.name,
            "schemes": c.schemes.iter().map(|s| json!({
                "scheme": s.scheme.as_str(),
                "change": s.kind.as_str(),
                "fields": s.fields.iter().map(|f| json!({"field": f.field.as_str(), "old": f.old, "new": f.new})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "endpointsAdded": c.endpoints_added.iter().map(endpoint).collect::<Vec<_>>(),
            "endpointsRemoved": c.endpoints_removed.iter().map(endpoint).collect::<Vec<_>>(),
            "leastPrivilege": c.least.iter().map(|l| json!({
                "method": l.endpoint.method,
                "path": l.endpoint.path,
                "scheme": l.scheme.as_str(),
                "least": l.now_least,
            })).collect::<Vec<_>>(),
        })
    };
    let property = |p: &graphperm_core::diff::PropertyRef| json!({"type": p.type_name, "property": p.property, "navigation": p.navigation});
    json!({
        "oldDataDate": diff.old_date,
        "newDataDate": diff.new_date,
        "summary": summary_line(diff),
        "permissionsAdded": diff.permissions_added.iter().map(summary).collect::<Vec<_>>(),
        "permissionsRemoved": diff.permissions_removed.iter().map(summary).collect::<Vec<_>>(),
        "permissionsChanged": diff.permissions_changed.iter().map(changed).collect::<Vec<_>>(),
        "resourceTypes": diff.schemas.iter().map(|s| json!({
            "version": s.version.as_str(),
            "status": s.status.as_str(),
            "typesAdded": s.types_added,
            "typesRemoved": s.types_removed,
            "propertiesAdded": s.properties_added.iter().map(property).collect::<Vec<_>>(),
            "propertiesRemoved": s.properties_removed.iter().map(property).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// An HTML fragment (lists only, no styles or scripts), for feed entries and pages.
pub fn html(diff: &CatalogueDiff) -> String {
    let code = |text: &str| format!("<code>{}</code>", escape(text));
    let mut out = String::new();
    let _ = write!(out, "<p>{}</p>", escape(&summary_line(diff)));
    let mut list = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = write!(out, "<h3>{}</h3><ul>", escape(title));
            for item in items {
                let _ = write!(out, "<li>{item}</li>");
            }
            out.push_str("</ul>");
        }
    };
    list("Permissions added", diff.permissions_added.iter().map(|p| code(&p.name)).collect());
    list("Permissions removed", diff.permissions_removed.iter().map(|p| code(&p.name)).collect());
    list(
        "Permissions changed",
        diff.permissions_changed
            .iter()
            .map(|change| {
                // Every value in these lines goes through `code`, which escapes it; the
                // rest is fixed wording without markup characters.
                let mut details: Vec<String> = scheme_lines(change, &|t| code(t));
                details.extend(
                    change.endpoints_added.iter().map(|e| format!("endpoint added: {}", code(&endpoint(e)))),
                );
                details.extend(
                    change
                        .endpoints_removed
                        .iter()
                        .map(|e| format!("endpoint removed: {}", code(&endpoint(e)))),
                );
                format!("{}<ul><li>{}</li></ul>", code(&change.name), details.join("</li><li>"))
            })
            .collect(),
    );
    for schema in &diff.schemas {
        list(&format!("Resource types ({})", schema.version), schema_lines(schema, &|t| code(t)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_data_text() {
        let diff = CatalogueDiff {
            old_date: None,
            new_date: None,
            permissions_added: vec![PermissionSummary {
                name: "X.<script>&\"".to_string(),
                schemes: Vec::new(),
                endpoints: 0,
            }],
            permissions_removed: Vec::new(),
            permissions_changed: Vec::new(),
            schemas: Vec::new(),
        };
        let fragment = html(&diff);
        assert!(fragment.contains("<code>X.&lt;script&gt;&amp;&quot;</code>"), "{fragment}");
        assert!(!fragment.contains("<script>"));
        assert_eq!(summary_line(&diff), "1 permission added");
    }
}
