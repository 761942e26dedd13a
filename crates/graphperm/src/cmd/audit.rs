//! `graphperm audit FILE`: what an app registration allows, from its manifest, its grants
//! or `az ad app permission list` output; with calls, what it misses or holds in excess.
//!
//! Exit codes: 0 the report was printed; 1 failure (data, I/O, bad input: the message
//! names the file and the JSON path); 4 the calls need permissions the app does not hold.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use graphperm_core::DataDir;
use graphperm_core::audit::input::MAX_INPUT_BYTES;
use graphperm_core::least::{Calls, Engine};
use graphperm_views::audit::{audit_markdown, audit_text, run as run_audit};

use crate::output;

/// Exit code when the calls need permissions the app does not hold.
pub const EXIT_MISSING: u8 = 4;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// An application manifest (`requiredResourceAccess`), `az ad app permission list`
    /// output, or an app's `oauth2PermissionGrants` / `appRoleAssignments` JSON (`-` for
    /// stdin).
    #[arg(value_name = "FILE")]
    pub input: PathBuf,
    /// Calls the app makes, one `METHOD URL` per line: adds missing and excess permissions.
    #[arg(long, value_name = "F")]
    pub file: Option<PathBuf>,
    /// Calls from a JSON `$batch` request body.
    #[arg(long, value_name = "F")]
    pub batch: Option<PathBuf>,
    /// Calls from a HAR browser recording.
    #[arg(long, value_name = "F")]
    pub har: Option<PathBuf>,
    /// Calls from a Microsoft Graph PowerShell script.
    #[arg(long, value_name = "F")]
    pub ps1: Option<PathBuf>,
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
    let text = read_input(&args.input)?;
    let calls = read_calls(&args)?;
    let catalogue = output::load(data)?;
    let engine = calls.as_ref().map(|_| Engine::new(&catalogue));
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
    Ok(if view.summary.missing > 0 { ExitCode::from(EXIT_MISSING) } else { ExitCode::SUCCESS })
}

/// The calls of `--file`, `--batch`, `--har` and `--ps1`; `None` when none is given.
fn read_calls(args: &AuditArgs) -> anyhow::Result<Option<Calls>> {
    let mut calls = Calls::new();
    let mut any = false;
    if let Some(path) = &args.file {
        calls.add_text(&read_input(path)?, &path.display().to_string());
        any = true;
    }
    if let Some(path) = &args.batch {
        calls.add_batch_text(&read_input(path)?, &path.display().to_string());
        any = true;
    }
    if let Some(path) = &args.har {
        calls.add_har_text(&read_input(path)?, &path.display().to_string());
        any = true;
    }
    if let Some(path) = &args.ps1 {
        calls.add_powershell(&read_input(path)?, &path.display().to_string());
        any = true;
    }
    Ok(any.then_some(calls))
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
