//! `graphperm least`: the least-privileged permissions for a set of Graph calls, per
//! scheme, with the minimal set that covers them all.
//!
//! Exit codes: 0 every call matched and is covered (and `--granted` lacks nothing);
//! 1 failure (data, I/O); 2 usage (bad flags, no calls given);
//! 4 some call is invalid or matches no template, or is covered by no permission under
//! any asked scheme, or `--granted` misses permissions under every asked scheme.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use graphperm_core::DataDir;
use graphperm_core::least::Engine;
use graphperm_core::least::input::MAX_INPUT_BYTES;
use graphperm_views::least::{LeastReport, LeastRequest, run as run_least};

use crate::output;

/// Exit code when a call is unmatched or uncovered, or granted permissions are missing.
pub const EXIT_INCOMPLETE: u8 = 4;
const EXIT_USAGE: u8 = 2;

#[derive(Debug, Args)]
pub struct LeastArgs {
    /// Calls as `METHOD URL` (one argument, quoted) or as two arguments `METHOD URL`; a
    /// bare URL means GET. URLs may be absolute (any Graph cloud) or relative.
    #[arg(value_name = "CALL")]
    pub calls: Vec<String>,
    /// Read calls from a file, one `METHOD URL` per line (`-` for stdin, `#` comments).
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
    /// Read a JSON `$batch` request body.
    #[arg(long, value_name = "F")]
    pub batch: Option<PathBuf>,
    /// Read a HAR browser recording (requests to Graph hosts only).
    #[arg(long, value_name = "F")]
    pub har: Option<PathBuf>,
    /// Read a Microsoft Graph PowerShell script (cmdlets and Invoke-MgGraphRequest).
    #[arg(long, value_name = "F")]
    pub ps1: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = SchemeArg::All)]
    pub scheme: SchemeArg,
    /// Permissions the app already holds: report missing and excess ones.
    #[arg(long, value_name = "P1,P2", value_delimiter = ',')]
    pub granted: Option<Vec<String>>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(args: LeastArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let request = match request_from(&args)? {
        Some(request) => request,
        None => {
            eprintln!(
                "error: no calls given: pass `METHOD URL` arguments or --file, --batch, --har or --ps1"
            );
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let catalogue = output::load(data)?;
    // `--granted` may name permissions by GUID (from an app registration).
    let mut request = request;
    request.granted =
        request.granted.map(|granted| graphperm_core::guids::granted_names(&catalogue, &granted));
    let engine = Engine::new(&catalogue);
    let report = run_least(&engine, &request)?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &report)?;
            writeln!(stdout)?;
        }
        Format::Text => write_text(&mut stdout, &report)?,
    }
    stdout.flush()?;
    let incomplete = report.has_unmatched() || has_uncovered(&report) || has_missing(&report);
    Ok(if incomplete { ExitCode::from(EXIT_INCOMPLETE) } else { ExitCode::SUCCESS })
}

/// The API request equivalent to the command line; `None` when no input was given.
fn request_from(args: &LeastArgs) -> anyhow::Result<Option<LeastRequest>> {
    let mut request = LeastRequest {
        scheme: Some(args.scheme.as_request().to_string()),
        granted: args.granted.clone(),
        ..LeastRequest::default()
    };
    let mut lines = calls_from_arguments(&args.calls);
    if let Some(path) = &args.file {
        lines.push_str(&read_input(path)?);
    }
    let mut any = !lines.trim().is_empty();
    if any {
        request.text = Some(lines);
    }
    if let Some(path) = &args.batch {
        request.batch = Some(read_json(path)?);
        any = true;
    }
    if let Some(path) = &args.har {
        request.har = Some(read_json(path)?);
        any = true;
    }
    if let Some(path) = &args.ps1 {
        request.ps1 = Some(read_input(path)?);
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

fn read_input(path: &Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    if path == Path::new("-") {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes).context("cannot read stdin")?;
    } else {
        std::fs::File::open(path)
            .and_then(|file| file.take(limit).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {}", path.display()))?;
    }
    if bytes.len() > MAX_INPUT_BYTES {
        anyhow::bail!("{} is larger than {MAX_INPUT_BYTES} bytes", path.display());
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_json(path: &Path) -> anyhow::Result<serde_json::Value> {
    let text = read_input(path)?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

fn has_uncovered(report: &LeastReport) -> bool {
    report
        .calls
        .iter()
        .filter(|call| call.status == "matched")
        .any(|call| report.uncovered.values().all(|calls| calls.contains(&call.index)))
}

fn has_missing(report: &LeastReport) -> bool {
    report.granted.as_ref().is_some_and(|granted| {
        !granted.schemes.is_empty()
            && granted
                .schemes
                .values()
                .all(|scheme| !scheme.missing.is_empty() || !scheme.not_granted.is_empty())
    })
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
    writeln!(out, "Minimal permissions (* = flagged least privileged by the data):")?;
    for scheme in &report.schemes {
        let chosen = report.minimal.get(scheme).map(Vec::as_slice).unwrap_or_default();
        let names: Vec<String> = chosen
            .iter()
            .map(|chosen| {
                let mut text = chosen.name.clone();
                if chosen.least_flag {
                    text.push('*');
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
