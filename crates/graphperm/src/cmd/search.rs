//! `graphperm search <QUERY>`: one ranked list over permissions, endpoints, cmdlets and
//! resource types.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use graphperm_core::DataDir;
use graphperm_core::search::SearchIndex;
use graphperm_views::search::search_view;

use crate::output;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for: a permission, `GET /users/{id}`, a cmdlet, a type name.
    pub query: String,
    /// Most results to show, best first; 0 shows every match.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub use crate::output::TextOrJson as Format;

pub fn run(args: SearchArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let catalogue = output::load(data)?;
    let index = SearchIndex::build(&catalogue);
    let limit = if args.limit == 0 { usize::MAX } else { args.limit };
    let engine = graphperm_core::least::Engine::new(catalogue);
    let view = search_view(engine.catalogue(), &engine, &index, &args.query, limit);
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut stdout, &view)?;
            writeln!(stdout)?;
        }
        Format::Text => {
            let mut text = output::TextOut(&mut stdout);
            for hit in &view.results {
                writeln!(text, "{:<11}{}", hit.kind, hit.label)?;
            }
        }
    }
    stdout.flush()?;
    if view.results.is_empty() {
        eprintln!("no match for {:?}", args.query);
        return Ok(crate::exit::code(crate::exit::NOT_FOUND));
    }
    Ok(ExitCode::SUCCESS)
}
