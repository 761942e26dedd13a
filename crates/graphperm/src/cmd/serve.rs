//! `graphperm serve`: the web explorer on a local address.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use graphperm_core::DataDir;

use crate::output;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Use 0.0.0.0:8080 to accept other machines.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: SocketAddr,
}

pub fn run(args: ServeArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let catalogue = output::load(data)?;
    let data_date = catalogue.data_date.clone().unwrap_or_else(|| "unknown".to_string());
    // The change history diffs older snapshots of a sync cache once, here, so pages
    // never load anything; a plain data folder has none.
    let history = graphperm_sync::history::history(&data.requested, Some(&catalogue), 20);
    for warning in &history.warnings {
        tracing::warn!("{warning}");
    }
    let state = graphperm_web::AppState::with_changes(catalogue, history.changes);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let address = listener.local_addr().unwrap_or(args.addr);
        eprintln!(
            "graphperm: serving http://{address}/ (data: {}, data date: {data_date}); Ctrl+C stops",
            data.root.display()
        );
        axum::serve(listener, graphperm_web::app(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("the server stopped with an error")
    })?;
    Ok(ExitCode::SUCCESS)
}
