//! `meridian sync`: one sync pass with the team server; `sync status` tells where this
//! profile stands without asking the server.

use crate::output::print_json;
use clap::{Args, Subcommand};
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    action: Option<SyncAction>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum SyncAction {
    /// Pending changes, pulled and announced sequence, and the state, from local facts.
    Status {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, args: SyncArgs) -> Result<(), Error> {
    match args.action {
        Some(SyncAction::Status { json }) => {
            let state = meridian.sync_state()?;
            if json {
                return print_json(&state);
            }
            println!("{}", state.summary);
            Ok(())
        }
        None => {
            let report = meridian_sync::sync(meridian)?;
            if args.json {
                return print_json(&report);
            }
            println!(
                "Pulled {} changes, pushed {}. {}",
                report.pulled, report.pushed, report.state.summary
            );
            Ok(())
        }
    }
}
