//! One module per subcommand, each with its `Args` and `run`.

pub mod audit;
pub mod diff;
pub mod export;
pub mod import_sp;
pub mod least;
pub mod lint;
pub mod search;
pub mod serve;
pub mod show;
pub mod site;
pub mod sync;
