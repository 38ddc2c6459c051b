//! `meridian status set|clear`: a manual status that expires on its own.

use clap::Subcommand;
use meridian::model::StatusKind;
use meridian::{validate, Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum StatusAction {
    /// Set a status: available, away, focusing or off.
    Set {
        handle: String,
        kind: String,
        #[arg(long)]
        message: Option<String>,
        /// How long, like 30m or 2h [default: until cleared].
        #[arg(long = "for")]
        duration: Option<String>,
    },
    /// Back to the automatic status.
    Clear { handle: String },
}

pub fn run(meridian: &mut Meridian, action: StatusAction) -> Result<(), Error> {
    match action {
        StatusAction::Set {
            handle,
            kind,
            message,
            duration,
        } => {
            let kind: StatusKind = kind.parse()?;
            let minutes = duration
                .as_deref()
                .map(validate::status_duration)
                .transpose()?;
            meridian.set_status(&handle, Some(kind), message.as_deref(), minutes)?;
            println!("Status set.");
        }
        StatusAction::Clear { handle } => {
            meridian.set_status(&handle, None, None, None)?;
            println!("Status cleared.");
        }
    }
    Ok(())
}
