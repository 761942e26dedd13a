//! The `graphperm` binary: parse arguments, load the catalogue, run one subcommand.
//!
//! Exit codes: one table in `exit.rs`, documented in the README.

mod cli;
mod cmd;
mod exit;
mod input;
mod output;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

// Loading builds many small strings; mimalloc makes that markedly cheaper.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.verbose);
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if output::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            exit::print_error(&error);
            exit::code(exit::FAILURE)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let data = output::data_dir(cli.data.as_deref());
    // Commands that read the catalogue first make sure there is data: on a terminal a
    // first run downloads it (with progress); elsewhere it says what to do.
    let interactive = std::io::stderr().is_terminal() && std::io::stdin().is_terminal();
    let ready = |data: &graphperm_core::DataDir| cmd::sync::ensure_data(data, interactive);
    match cli.command {
        Command::Show(args) => cmd::show::run(args, &ready(&data)?),
        Command::Search(args) => cmd::search::run(args, &ready(&data)?),
        Command::Export(args) => cmd::export::run(args, &ready(&data)?),
        Command::Least(args) => cmd::least::run(args, &ready(&data)?),
        Command::Lint(args) => cmd::lint::run(args, &ready(&data)?),
        Command::Serve(args) => cmd::serve::run(args, &ready(&data)?),
        Command::Site(args) => cmd::site::run(args, &ready(&data)?),
        Command::Audit(args) => cmd::audit::run(args, &ready(&data)?),
        Command::ImportSp(args) => cmd::import_sp::run(args, &data),
        Command::Sync(args) => cmd::sync::run(args, &data),
        Command::Diff(args) => cmd::diff::run(args, &data),
    }
}

fn init_tracing(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GRAPHPERM_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
}
