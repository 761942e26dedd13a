//! `graphperm lint`: data checks over the upstream permission files, each finding with
//! the file and entry it is about. Exit codes: 0 the checks ran (findings are data notes,
//! not failures); 1 the data could not be read.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use graphperm_core::DataDir;
use graphperm_core::lint::{self, Check};
use graphperm_views::lint::lint_view;

use crate::output;

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Only this check (`duplicate-least`, `write-least-for-read`, `level-inversion`,
    /// `placeholder`, `application-without-admin-consent`, `guid-disagreement`,
    /// `suspicious-guid`, `ppe-only`, `resource-mismatch`, `placeholder-in-parentheses`, `method-not-in-schema`).
    #[arg(long, value_name = "NAME")]
    pub check: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub use crate::output::TextOrJson as Format;

pub fn run(args: LintArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let only = match args.check.as_deref() {
        Some(name) => match Check::ALL.into_iter().find(|check| check.as_str() == name) {
            Some(check) => Some(check),
            None => {
                let names: Vec<&str> = Check::ALL.iter().map(|check| check.as_str()).collect();
                eprintln!("error: unknown check {name:?} (expected one of {})", names.join(", "));
                return Ok(ExitCode::from(2));
            }
        },
        None => None,
    };
    let catalogue = output::load(data)?;
    let mut findings = lint::lint_data(&catalogue)?;
    if let Some(only) = only {
        findings = findings.only(only);
    }
    let mut stdout = std::io::stdout().lock();
    let report = lint_view(&catalogue, &findings);
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &report)?;
            writeln!(stdout)?;
        }
        Format::Text => {
            for finding in &report.findings {
                writeln!(stdout, "{}: {} [{}]", finding.file, finding.entry, finding.check)?;
                writeln!(stdout, "    {}", finding.message)?;
            }
            writeln!(stdout)?;
            writeln!(stdout, "{} findings:", report.findings.len())?;
            for (check, count) in &report.counts {
                writeln!(stdout, "  {count:>6}  {check}")?;
            }
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
