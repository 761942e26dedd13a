//! `graphperm export`: the whole catalogue as JSON or CSV (RFC 4180).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use graphperm_core::DataDir;
use graphperm_views::export::{export_csv, export_view};

use crate::output;

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Write to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

pub fn run(args: ExportArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let engine = graphperm_core::least::Engine::new(output::load(data)?);
    let bytes = match args.format {
        Format::Json => {
            let mut bytes = serde_json::to_vec_pretty(&export_view(&engine))?;
            bytes.push(b'\n');
            bytes
        }
        Format::Csv => export_csv(&engine),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&bytes)?;
            stdout.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
