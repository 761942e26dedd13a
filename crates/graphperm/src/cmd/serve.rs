//! `graphperm serve`: the web explorer on a local address.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use graphperm_core::DataDir;

use crate::output;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Use 0.0.0.0:8080 to accept other machines.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: SocketAddr,

    /// Connections served at once; more wait in the kernel's queue.
    #[arg(long, default_value_t = 1024, value_name = "N")]
    pub max_connections: usize,
}

pub fn run(args: ServeArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let catalogue = output::load(data)?;
    let data_date = catalogue.data_date_text().unwrap_or_else(|| "unknown".to_string());
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
    let options = graphperm_web::ServeOptions { max_connections: args.max_connections, ..Default::default() };
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let address = listener.local_addr().unwrap_or(args.addr);
        eprintln!(
            "graphperm: serving http://{address}/ (data: {}, data date: {data_date}); Ctrl+C stops",
            data.root.display()
        );
        graphperm_web::serve(listener, graphperm_web::app(state), options, stop_signal())
            .await
            .context("the server stopped with an error")
    });
    // Calculations still running on the blocking pool are abandoned, not awaited: their
    // requests were answered or closed within the grace period.
    runtime.shutdown_timeout(Duration::from_millis(500));
    served?;
    Ok(ExitCode::SUCCESS)
}

/// Ctrl+C (SIGINT) or SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    eprintln!("graphperm: stopping; requests in flight get a few seconds to finish");
}
