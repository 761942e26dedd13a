//! `graphperm audit FILE`: what an app registration allows, from its manifest, its grants
//! or `az ad app permission list` output; with calls, what it misses or holds in excess.
//!
//! Exit codes: 0 the report was printed; 1 failure (data, I/O, bad input: the message
//! names the file and the JSON path); 4 the calls need permissions the app does not hold.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use graphperm_core::DataDir;
use graphperm_core::audit::input::MAX_INPUT_BYTES;
use graphperm_core::least::{Calls, Engine};
use graphperm_views::audit::{audit_markdown, audit_text, run as run_audit};

use crate::exit;
use crate::input::{CallFiles, read_text};
use crate::output;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// An application manifest (`requiredResourceAccess`), `az ad app permission list`
    /// output, or an app's `oauth2PermissionGrants` / `appRoleAssignments` JSON (`-` for
    /// stdin).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Calls the app makes (any of the four): adds missing and excess permissions.
    #[command(flatten)]
    pub files: CallFiles,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

pub fn run(args: AuditArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let text = read_text(&args.input, MAX_INPUT_BYTES)?;
    let calls = read_calls(&args.files)?;
    let catalogue = Arc::new(output::load(data)?);
    let engine = calls.as_ref().map(|_| Engine::new(Arc::clone(&catalogue)));
    let with_calls = engine.as_ref().zip(calls.as_ref());
    let view = run_audit(&catalogue, &text, &args.input.display().to_string(), with_calls)?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &view)?;
            writeln!(stdout)?;
        }
        Format::Text => stdout.write_all(audit_text(&view).as_bytes())?,
        Format::Markdown => stdout.write_all(audit_markdown(&view).as_bytes())?,
    }
    stdout.flush()?;
    Ok(if view.summary.missing > 0 { exit::code(exit::INCOMPLETE) } else { ExitCode::SUCCESS })
}

/// The calls of `--file`, `--batch`, `--har` and `--ps1`; `None` when none is given.
fn read_calls(files: &CallFiles) -> anyhow::Result<Option<Calls>> {
    if files.is_empty() {
        return Ok(None);
    }
    let mut calls = Calls::new();
    if let Some(path) = &files.file {
        calls.add_text(&read_text(path, MAX_INPUT_BYTES)?, &path.display().to_string());
    }
    if let Some(path) = &files.batch {
        calls.add_batch_text(&read_text(path, MAX_INPUT_BYTES)?, &path.display().to_string());
    }
    if let Some(path) = &files.har {
        calls.add_har_text(&read_text(path, MAX_INPUT_BYTES)?, &path.display().to_string());
    }
    if let Some(path) = &files.ps1 {
        calls.add_powershell(&read_text(path, MAX_INPUT_BYTES)?, &path.display().to_string());
    }
    Ok(Some(calls))
}
