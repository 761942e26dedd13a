//! `graphperm import-sp FILE`: validates the Microsoft Graph service principal's JSON and
//! copies it into the data folder, where it becomes the first source for GUIDs, texts,
//! enabled state and RSC permissions.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use graphperm_core::DataDir;
use graphperm_core::load::service_principal::{self, FILE_NAME};

#[derive(Debug, Args)]
pub struct ImportSpArgs {
    /// JSON of `GET /servicePrincipals(appId='00000003-0000-0000-c000-000000000000')`,
    /// e.g. from `az rest` or `Invoke-MgGraphRequest -OutputType Json`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(args: ImportSpArgs, data: &DataDir) -> anyhow::Result<ExitCode> {
    let imported = service_principal::read(&args.file)?;
    let folder = &data.requested;
    std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    let target = folder.join(FILE_NAME);
    // Write beside the target, then rename: a reader never sees half a file.
    let staging = folder.join(format!(".{FILE_NAME}.tmp"));
    std::fs::copy(&args.file, &staging)
        .with_context(|| format!("cannot copy {} to {}", args.file.display(), staging.display()))?;
    std::fs::rename(&staging, &target)
        .with_context(|| format!("cannot move {} to {}", staging.display(), target.display()))?;
    println!(
        "Imported the Microsoft Graph service principal ({} app roles, {} delegated scopes, {} RSC permissions) into {}",
        imported.app_roles.len(),
        imported.scopes.len(),
        imported.rsc_permissions.len(),
        target.display()
    );
    Ok(ExitCode::SUCCESS)
}
