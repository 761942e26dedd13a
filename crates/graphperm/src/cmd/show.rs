//! `graphperm show <PERMISSION>`: everything about one permission, as text, JSON or CSV.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use graphperm_core::DataDir;
use graphperm_views::permission::{PermissionView, permission_csv, permission_view};

use crate::output;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Permission name, e.g. APIConnectors.ReadWrite.All (case-insensitive).
    pub permission: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Consent texts in this language (de-DE, es-ES, fr-FR, ja-JP, pt-BR, ru-RU, zh-CN);
    /// English where a text has no translation.
    #[arg(long, value_name = "xx-XX")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

pub fn run(args: ShowArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    // The endpoints' schemes and least flags are the one ranking's (`permission::offers`).
    let engine = graphperm_core::least::Engine::new(output::load(data)?);
    let catalogue = engine.catalogue();
    let Some(permission) = catalogue.permission(args.permission.trim()) else {
        eprintln!("error: no permission named {:?}", args.permission);
        let suggestions = output::suggest_permissions(catalogue, &args.permission);
        if !suggestions.is_empty() {
            eprintln!("did you mean: {}", suggestions.join(", "));
        }
        return Ok(crate::exit::code(crate::exit::NOT_FOUND));
    };
    let view = permission_view(&engine, permission, args.lang.as_deref(), true);
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &view)?;
            writeln!(stdout)?;
        }
        Format::Csv => stdout.write_all(permission_csv(&view).as_bytes())?,
        Format::Text => write_text(&mut output::TextOut(&mut stdout), &view)?,
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, view: &PermissionView) -> std::io::Result<()> {
    writeln!(out, "{}", view.name)?;
    if let Some(level) = view.max_privilege_level {
        writeln!(out, "Privilege level: {level} ({})", graphperm_views::permission::privilege_label(level))?;
    }
    if let Some(date) = &view.data_date {
        writeln!(out, "Permission data: {date}")?;
    }
    if !view.in_permissions_file {
        writeln!(out, "Not in permissions.json: no published endpoints.")?;
    }
    for (scheme, info) in &view.schemes {
        writeln!(out)?;
        writeln!(out, "[{scheme}]")?;
        let line = |label: &str, value: &Option<String>| match value {
            Some(value) => format!("  {label:<22}{value}\n"),
            None => String::new(),
        };
        write!(out, "{}", line("id", &info.id))?;
        write!(out, "{}", line("admin display name", &info.texts.admin_display_name))?;
        write!(out, "{}", line("admin description", &info.texts.admin_description))?;
        write!(out, "{}", line("user display name", &info.texts.user_display_name))?;
        write!(out, "{}", line("user description", &info.texts.user_description))?;
        let flag = |value: Option<bool>| {
            value.map_or("unknown".to_string(), |v| if v { "yes".into() } else { "no".into() })
        };
        writeln!(out, "  {:<22}{}", "admin consent", flag(info.requires_admin_consent))?;
        if let Some(level) = info.privilege_level {
            writeln!(out, "  {:<22}{level}", "privilege level")?;
        }
        if info.is_hidden == Some(true) {
            writeln!(out, "  {:<22}yes", "hidden")?;
        }
        if info.is_enabled == Some(false) {
            writeln!(out, "  {:<22}no", "enabled")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Endpoints ({}):", view.endpoints.len())?;
    for endpoint in &view.endpoints {
        let versions = if endpoint.versions.is_empty() {
            "not in schema".to_string()
        } else {
            endpoint.versions.join(",")
        };
        let least = if endpoint.least_privilege_for.is_empty() {
            String::new()
        } else {
            format!("  least: {}", endpoint.least_privilege_for.join(","))
        };
        let also = if endpoint.also_requires.is_empty() {
            String::new()
        } else {
            format!("  also requires: {}", endpoint.also_requires.join(","))
        };
        writeln!(
            out,
            "  {:<7}{}  [{}]  ({}){least}{also}",
            endpoint.method,
            endpoint.path,
            endpoint.schemes.join(","),
            versions
        )?;
        for (version, cmdlet) in &endpoint.cmdlets {
            writeln!(out, "           {version:<5} {} ({})", cmdlet.name, cmdlet.source)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Resources ({}):", view.resources.len())?;
    for resource in &view.resources {
        writeln!(out, "  {} ({}, {}, {})", resource.name, resource.version, resource.kind, resource.reach)?;
        for property in &resource.properties {
            writeln!(out, "    {:<32}{}", property.name, property.type_name)?;
        }
        for relationship in &resource.relationships {
            let cardinality = if relationship.collection { "many" } else { "one" };
            writeln!(out, "    -> {:<29}{} ({cardinality})", relationship.name, relationship.type_name)?;
        }
        if !resource.derived_types.is_empty() {
            writeln!(out, "    derived: {}", resource.derived_types.join(", "))?;
        }
    }
    if !view.related.is_empty() {
        writeln!(out)?;
        writeln!(out, "Related permissions:")?;
        for related in &view.related {
            writeln!(
                out,
                "  {} ({} privileged, {} shared endpoints)",
                related.name, related.relation, related.shared_endpoints
            )?;
        }
    }
    Ok(())
}
