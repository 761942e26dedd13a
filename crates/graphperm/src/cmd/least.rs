//! `graphperm least`: the least-privileged permissions for a set of Graph calls, per
//! scheme, with the minimal set that covers them all.
//!
//! Exit codes (`crate::exit`): 0 every call matched and is covered (and `--granted`
//! lacks nothing); 1 the data does not load; 2 usage (bad flags, no calls given);
//! 4 an input cannot be read or is past a limit, some call is invalid or matches no
//! template, or is covered by no permission under any asked scheme, or `--granted` lacks
//! a covering permission under the scheme asked for (with `--scheme all`: under any
//! scheme that can make all the calls).

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use graphperm_core::least::Engine;
use graphperm_core::least::input::MAX_INPUT_BYTES;
use graphperm_core::{DataDir, Scheme};
use graphperm_views::least::{LeastReport, LeastRequest, run as run_least};

use crate::exit;
use crate::input::{CallFiles, read_json, read_text};
use crate::output;

#[derive(Debug, Args)]
pub struct LeastArgs {
    /// Calls as `METHOD URL` (one argument, quoted) or as two arguments `METHOD URL`; a
    /// bare URL means GET. URLs may be absolute (any Graph cloud) or relative.
    #[arg(value_name = "CALL")]
    pub calls: Vec<String>,
    #[command(flatten)]
    pub files: CallFiles,
    #[arg(long, value_enum, default_value_t = SchemeArg::All)]
    pub scheme: SchemeArg,
    /// Permissions the app already holds: report missing, excess and broader ones.
    #[arg(long, value_name = "P1,P2", value_delimiter = ',')]
    pub granted: Option<Vec<String>>,
    /// Fewest permissions instead of least privilege: broad permissions that cover several
    /// calls, each with what it grants beyond them.
    #[arg(long)]
    pub fewest: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemeArg {
    DelegatedWork,
    DelegatedPersonal,
    Application,
    All,
}

impl SchemeArg {
    fn as_request(self) -> &'static str {
        match self {
            SchemeArg::DelegatedWork => "delegated-work",
            SchemeArg::DelegatedPersonal => "delegated-personal",
            SchemeArg::Application => "application",
            SchemeArg::All => "all",
        }
    }
}

pub use crate::output::TextOrJson as Format;

pub fn run(args: LeastArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let request = match request_from(&args) {
        Ok(Some(request)) => request,
        Ok(None) => {
            eprintln!(
                "error: no calls given: pass `METHOD URL` arguments or --file, --batch, --har or --ps1"
            );
            return Ok(exit::code(exit::USAGE));
        }
        Err(error) => {
            exit::print_error(&error);
            return Ok(exit::code(exit::INCOMPLETE));
        }
    };
    let catalogue = output::load(data)?;
    // `--granted` may name permissions by GUID (from an app registration).
    let mut request = request;
    request.granted =
        request.granted.map(|granted| graphperm_core::guids::granted_names(&catalogue, &granted));
    let engine = Engine::new(catalogue);
    let report = match run_least(&engine, &request) {
        Ok(report) => report,
        Err(error) => {
            exit::print_error(&anyhow::Error::new(error));
            return Ok(exit::code(exit::INCOMPLETE));
        }
    };
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &report)?;
            writeln!(stdout)?;
        }
        Format::Text => write_text(&mut output::TextOut(&mut stdout), &report)?,
    }
    stdout.flush()?;
    if report.calls.is_empty() && !report.outcome.errors {
        eprintln!("error: the input holds no calls");
    }
    let incomplete = report.outcome.is_incomplete(report.calls.len());
    Ok(exit::code(if incomplete { exit::INCOMPLETE } else { exit::SUCCESS }))
}

/// The API request equivalent to the command line; `None` when no input was given.
fn request_from(args: &LeastArgs) -> anyhow::Result<Option<LeastRequest>> {
    let mut request = LeastRequest {
        scheme: Some(args.scheme.as_request().to_string()),
        granted: args.granted.clone(),
        fewest: args.fewest.then_some(true),
        ..LeastRequest::default()
    };
    let mut lines = calls_from_arguments(&args.calls);
    let files = &args.files;
    if let Some(path) = &files.file {
        lines.push_str(&read_text(path, MAX_INPUT_BYTES)?);
    }
    let mut any = !lines.trim().is_empty();
    if any {
        request.text = Some(lines);
    }
    if let Some(path) = &files.batch {
        request.batch = Some(read_json(path, MAX_INPUT_BYTES)?);
        any = true;
    }
    if let Some(path) = &files.har {
        request.har = Some(read_json(path, MAX_INPUT_BYTES)?);
        any = true;
    }
    if let Some(path) = &files.ps1 {
        request.ps1 = Some(read_text(path, MAX_INPUT_BYTES)?);
        any = true;
    }
    Ok(any.then_some(request))
}

/// `GET /me "POST /groups" /users` → one call per line. A method word joins the next
/// argument.
fn calls_from_arguments(arguments: &[String]) -> String {
    let mut text = String::new();
    let mut pending_method: Option<&str> = None;
    for argument in arguments {
        let is_method_word = !argument.is_empty()
            && argument.chars().all(|c| c.is_ascii_alphabetic())
            && !argument.contains('/');
        match pending_method.take() {
            Some(method) => text.push_str(&format!("{method} {argument}\n")),
            None if is_method_word => pending_method = Some(argument),
            None => text.push_str(&format!("{argument}\n")),
        }
    }
    if let Some(method) = pending_method {
        // A method alone: let the line reader report it.
        text.push_str(&format!("{method}\n"));
    }
    text
}

/// Candidates shown per scheme in text; JSON has them all.
const TEXT_CANDIDATES: usize = 4;

fn write_text(out: &mut impl Write, report: &LeastReport) -> std::io::Result<()> {
    writeln!(out, "Calls ({}):", report.calls.len())?;
    for call in &report.calls {
        let version = call.version.map(|v| format!(" ({v})")).unwrap_or_default();
        writeln!(out, "  [{}] {} {}{version}  <{}>", call.index, call.method, call.url, call.source)?;
        match &call.template {
            Some(template) => writeln!(out, "      template: {template}")?,
            None => match &call.error {
                Some(error) => writeln!(out, "      invalid: {error}")?,
                None => writeln!(out, "      no template matches")?,
            },
        }
        for note in &call.notes {
            writeln!(out, "      note: {note}")?;
        }
        if !call.suggestions.is_empty() {
            writeln!(out, "      nearest: {}", call.suggestions.join(" | "))?;
        }
        for scheme in &report.schemes {
            if let Some(reason) = call.unsupported.get(scheme) {
                writeln!(out, "      {:<19}not supported: {reason}", scheme.0.as_str())?;
                if let Some(as_users) = call.as_users.as_ref().filter(|_| scheme.0 == Scheme::Application) {
                    let names: Vec<&str> =
                        as_users.application.iter().take(TEXT_CANDIDATES).map(|c| c.name.as_str()).collect();
                    writeln!(out, "      {:<19}as {} instead: {}", "", as_users.template, names.join(", "))?;
                }
                continue;
            }
            if call.status != "matched" {
                continue;
            }
            let Some(candidates) = call.candidates.get(scheme) else {
                writeln!(out, "      {:<19}no permission grants this call", scheme.0.as_str())?;
                continue;
            };
            let mut shown: Vec<String> = candidates
                .iter()
                .take(TEXT_CANDIDATES)
                .map(|candidate| {
                    let mut text = candidate.name.clone();
                    if candidate.least_flag {
                        text.push('*');
                    }
                    if let Some(target) = candidate.resource_specific {
                        text.push_str(&format!(" (per {target})"));
                    }
                    if let Some(placeholder) = &candidate.replaces {
                        text.push_str(&format!(" (for {placeholder})"));
                    }
                    if let Some(level) = candidate.privilege_level {
                        text.push_str(&format!(" ({level})"));
                    }
                    if !candidate.also_requires.is_empty() {
                        text.push_str(&format!(" +{}", candidate.also_requires.join("+")));
                    }
                    text
                })
                .collect();
            if candidates.len() > TEXT_CANDIDATES {
                shown.push(format!("… {} more", candidates.len() - TEXT_CANDIDATES));
            }
            writeln!(out, "      {:<19}{}", scheme.0.as_str(), shown.join(", "))?;
        }
    }
    writeln!(out)?;
    let heading = if report.objective == "fewest" {
        "Minimal permissions, fewest first (--fewest; * = least privileged for a call):"
    } else {
        "Minimal permissions, least privilege first (* = least privileged for a call; ! = tier 0):"
    };
    writeln!(out, "{heading}")?;
    for scheme in &report.schemes {
        let chosen = report.minimal.get(scheme).map(Vec::as_slice).unwrap_or_default();
        let names: Vec<String> = chosen
            .iter()
            .map(|chosen| {
                let mut text = chosen.name.clone();
                if chosen.least_flag {
                    text.push('*');
                }
                if chosen.tier_zero {
                    text.push('!');
                }
                if let Some(target) = chosen.resource_specific {
                    text.push_str(&format!(" (per {target})"));
                }
                if chosen.required_by.is_empty() {
                    text.push_str(&format!(" [calls {}]", join_indexes(&chosen.covers)));
                } else {
                    text.push_str(&format!(" [required by {}]", chosen.required_by.join(", ")));
                }
                text
            })
            .collect();
        let names = if names.is_empty() { "-".to_string() } else { names.join(", ") };
        writeln!(out, "  {:<19}{names}", scheme.0.as_str())?;
        if let Some(uncovered) = report.uncovered.get(scheme).filter(|calls| !calls.is_empty()) {
            writeln!(out, "  {:<19}uncovered calls: {}", "", join_indexes(uncovered))?;
        }
        for chosen in chosen {
            if let Some(beyond) = &chosen.beyond {
                let narrower =
                    if beyond.narrower.is_empty() { "-".to_string() } else { beyond.narrower.join(", ") };
                writeln!(
                    out,
                    "  {:<19}{} also grants {} other endpoints; least privilege uses {narrower}",
                    "", chosen.name, beyond.other_endpoints
                )?;
            }
        }
        if report.optimal.get(scheme) == Some(&false) {
            writeln!(out, "  {:<19}(best found; optimality not proven within the search budget)", "")?;
        }
    }
    if let Some(granted) = &report.granted {
        writeln!(out)?;
        writeln!(out, "Granted: {}", granted.granted.join(", "))?;
        if !granted.unknown.is_empty() {
            writeln!(out, "  unknown: {}", granted.unknown.join(", "))?;
        }
        for (scheme, comparison) in &granted.schemes {
            let list = |names: &[String]| {
                if names.is_empty() { "-".to_string() } else { names.join(", ") }
            };
            writeln!(
                out,
                "  {:<19}missing: {}; excess: {}",
                scheme.0.as_str(),
                list(&comparison.missing),
                list(&comparison.excess)
            )?;
            for broader in &comparison.broader {
                writeln!(
                    out,
                    "  {:<19}broader than needed: {} (narrower: {})",
                    "",
                    broader.granted,
                    broader.narrower.join(", ")
                )?;
            }
        }
    }
    if !report.diagnostics.is_empty() {
        writeln!(out)?;
        writeln!(out, "Diagnostics:")?;
        for diagnostic in &report.diagnostics {
            writeln!(out, "  {:<8}{}: {}", diagnostic.severity, diagnostic.source, diagnostic.message)?;
        }
    }
    Ok(())
}

fn join_indexes(indexes: &[usize]) -> String {
    indexes.iter().map(usize::to_string).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_become_lines() {
        let arguments: Vec<String> = ["GET", "/me", "POST /groups", "/users", "delete", "/users/x", "PATCH"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            calls_from_arguments(&arguments),
            "GET /me\nPOST /groups\n/users\ndelete /users/x\nPATCH\n"
        );
    }
}
