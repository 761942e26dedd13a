//! `graphperm site`: the whole explorer as static files for any web host.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use graphperm_core::DataDir;
use graphperm_site::SiteOptions;

use crate::output;

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Folder to write the site into (created; a previous site there is replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Where the site will be served, e.g. https://example.org/graphperm or /graphperm.
    /// Without it links are relative, so the folder works under any base path.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

pub fn run(args: SiteArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let catalogue = output::load(data)?;
    let state = graphperm_web::AppState::new(catalogue);
    let options = SiteOptions { base_url: args.base_url };
    let plan = graphperm_site::plan_clear(&args.out)
        .with_context(|| format!("cannot write the site to {}", args.out.display()))?;
    if !plan.remove.is_empty() {
        // Say what goes before it goes: the previous site, never version control.
        const SHOWN: usize = 8;
        let mut shown = plan.remove.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
        if plan.remove.len() > SHOWN {
            shown.push_str(&format!(", … {} more", plan.remove.len() - SHOWN));
        }
        let kept =
            if plan.keep.is_empty() { String::new() } else { format!("; keeping {}", plan.keep.join(", ")) };
        eprintln!(
            "replacing the previous site in {}: removing {} entries ({}){kept}",
            output::escape_controls(&args.out.display().to_string()),
            plan.remove.len(),
            output::escape_controls(&shown)
        );
    }
    let report = graphperm_site::build_site(&state, &args.out, &options)
        .with_context(|| format!("cannot write the site to {}", args.out.display()))?;
    for link in report.unresolved_links.iter().take(10) {
        tracing::warn!("no file in the site for the link {link}");
    }
    println!(
        "wrote {} ({} pages, {} files, {} bytes; search index {} bytes, {} gzipped) in {:.1} s",
        args.out.display(),
        report.pages,
        report.files,
        report.bytes,
        report.search_index_bytes,
        report.search_index_gzip_bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
