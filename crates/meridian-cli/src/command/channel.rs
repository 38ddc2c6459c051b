//! `meridian channel …`: create, list, change, archive and restore channels.

use crate::output::print_json;
use clap::Subcommand;
use meridian::model::{Channel, ChannelInput};
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum ChannelAction {
    /// Create a channel: open by default; --private needs --reason.
    Create {
        name: String,
        #[arg(long)]
        private: bool,
        /// Why the channel is private (shown in its header).
        #[arg(long)]
        reason: Option<String>,
        /// Response expectation in working hours or days: 4h, 1d.
        #[arg(long)]
        expect: Option<String>,
        /// Members of a private channel besides you: @a,@b.
        #[arg(long)]
        members: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List channels (archived ones too with --archived).
    List {
        #[arg(long)]
        archived: bool,
        #[arg(long)]
        json: bool,
    },
    /// Change a channel's privacy, reason or expectation; going public needs --yes.
    Edit {
        channel: String,
        #[arg(long)]
        rename: Option<String>,
        #[arg(long, conflicts_with = "public")]
        private: bool,
        #[arg(long)]
        public: bool,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        expect: Option<String>,
        #[arg(long)]
        members: Option<String>,
        /// Confirm that making a private channel public shows its history to everyone.
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        json: bool,
    },
    /// Archive a channel: it leaves the lists, its threads stay linkable.
    Archive { channel: String },
    /// Restore an archived channel.
    Restore { channel: String },
}

fn print_channel(channel: &Channel) {
    let lock = if channel.private { " (private)" } else { "" };
    let archived = if channel.archived { " [archived]" } else { "" };
    println!(
        "#{}{lock}{archived}  {} thread{}, {} unread  {}",
        channel.name,
        channel.thread_count,
        if channel.thread_count == 1 { "" } else { "s" },
        channel.unread_count,
        channel.id
    );
    if let Some(reason) = &channel.reason {
        println!("    private because: {reason}");
    }
    if let Some(expectation) = &channel.expectation {
        println!("    {expectation}");
    }
}

fn handles(list: Option<String>) -> Vec<String> {
    list.map(|list| crate::parse::comma_list(&list))
        .unwrap_or_default()
}

pub fn run(meridian: &mut Meridian, action: ChannelAction) -> Result<(), Error> {
    match action {
        ChannelAction::Create {
            name,
            private,
            reason,
            expect,
            members,
            json,
        } => {
            let channel = meridian.create_channel(&ChannelInput {
                name,
                private,
                reason,
                expect,
                members: handles(members),
            })?;
            if json {
                return print_json(&channel);
            }
            println!("Created #{} ({})", channel.name, channel.id);
        }
        ChannelAction::List { archived, json } => {
            let channels = meridian.channels(archived)?;
            if json {
                return print_json(&channels);
            }
            if channels.is_empty() {
                println!("No channels yet. Create one with `meridian channel create NAME`.");
            }
            for channel in &channels {
                print_channel(channel);
            }
        }
        ChannelAction::Edit {
            channel,
            rename,
            private,
            public,
            reason,
            expect,
            members,
            yes,
            json,
        } => {
            let current = meridian.channel(&channel)?;
            let private = if private {
                true
            } else if public {
                false
            } else {
                current.private
            };
            let input = ChannelInput {
                name: rename.unwrap_or_else(|| current.name.clone()),
                private,
                reason: reason.or_else(|| current.reason.clone()),
                expect: expect.or_else(|| current.expect_hours.map(|hours| format!("{hours}h"))),
                members: handles(members),
            };
            let updated =
                meridian
                    .update_channel(&current.id, &input, yes)
                    .map_err(|err| match err {
                        Error::Conflict(message) if !yes && current.private && !private => {
                            Error::Conflict(format!("{message} Run again with --yes."))
                        }
                        other => other,
                    })?;
            if json {
                return print_json(&updated);
            }
            print_channel(&updated);
        }
        ChannelAction::Archive { channel } => {
            let channel = meridian.set_channel_archived(&channel, true)?;
            println!(
                "Archived #{}; `meridian channel restore {}` brings it back.",
                channel.name, channel.name
            );
        }
        ChannelAction::Restore { channel } => {
            let channel = meridian.set_channel_archived(&channel, false)?;
            println!("Restored #{}", channel.name);
        }
    }
    Ok(())
}
