//! `meridian team`: the availability board, one teammate a line; `team create`, `team invite`
//! and `team join` put this profile in a team on a sync server; `team invite --revoke CODE`
//! and `team remove-device ID` take access away again.

use crate::output::print_json;
use clap::{Args, Subcommand};
use meridian::model::TeamBoard;
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
pub struct TeamArgs {
    #[command(subcommand)]
    action: Option<TeamAction>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum TeamAction {
    /// Create a team on a sync server with this profile's data; prints an invite code.
    Create {
        /// The server's address, e.g. http://127.0.0.1:8470.
        #[arg(long)]
        server: String,
        #[arg(long)]
        json: bool,
    },
    /// Make another invite code (single use, valid 7 days), or revoke an unused one.
    Invite {
        /// Revoke this invite code (the whole `meridian-invite-1.…` string) instead.
        #[arg(long, value_name = "CODE")]
        revoke: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Remove another device from the team: its access ends at once, its changes stay.
    RemoveDevice {
        /// The device's id (`meridian doctor` lists the team's devices).
        device_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Join the team an invite code names, and pull everything.
    Join {
        code: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, args: TeamArgs) -> Result<(), Error> {
    match args.action {
        None => board(meridian, args.json),
        Some(TeamAction::Create { server, json }) => {
            let created = meridian_sync::create_team(meridian, &server)?;
            if json {
                return print_json(&serde_json::json!({
                    "team_id": created.team_id,
                    "invite_code": created.invite_code,
                    "pushed": created.report.pushed,
                    "state": created.report.state,
                }));
            }
            println!("Created team {} on {server}.", created.team_id);
            println!("Invite a teammate with this code (single use, valid 7 days):");
            println!("{}", created.invite_code);
            Ok(())
        }
        Some(TeamAction::Invite {
            revoke: Some(code),
            json,
        }) => {
            meridian_sync::revoke_invite(meridian, &code)?;
            if json {
                return print_json(&serde_json::json!({ "revoked": true }));
            }
            println!("Revoked: nobody can join with that invite code now.");
            Ok(())
        }
        Some(TeamAction::RemoveDevice { device_id, json }) => {
            meridian_sync::remove_device(meridian, &device_id)?;
            let device_id = device_id.trim();
            if json {
                return print_json(&serde_json::json!({ "removed_device": device_id }));
            }
            println!(
                "Removed device {device_id}: it can no longer read or write the team's data. \
                 What it already synced stays."
            );
            Ok(())
        }
        Some(TeamAction::Invite { revoke: None, json }) => {
            let code = meridian_sync::invite(meridian)?;
            if json {
                return print_json(&serde_json::json!({ "invite_code": code }));
            }
            println!("{code}");
            Ok(())
        }
        Some(TeamAction::Join { code, json }) => {
            let report = meridian_sync::join_team(meridian, &code)?;
            if json {
                return print_json(&report);
            }
            println!(
                "Joined. Pulled {} changes, pushed {}. {}",
                report.pulled, report.pushed, report.state.summary
            );
            Ok(())
        }
    }
}

fn board(meridian: &Meridian, json: bool) -> Result<(), Error> {
    let board = meridian.team_board()?;
    if json {
        return print_json(&board);
    }
    print_board(&board);
    Ok(())
}

fn print_board(board: &TeamBoard) {
    for row in &board.members {
        let offset = row.offset_from_me_minutes;
        let relative = if offset == 0 {
            "same time".to_owned()
        } else {
            let sign = if offset > 0 { '+' } else { '-' };
            let minutes = offset.abs();
            if minutes % 60 == 0 {
                format!("{sign}{}h", minutes / 60)
            } else {
                format!("{sign}{}h{:02}", minutes / 60, minutes % 60)
            }
        };
        println!(
            "{:<22} @{:<10} {} {:<10} {:<28}{}{}",
            row.member.display_name,
            row.member.handle,
            row.local_time,
            relative,
            row.status_text,
            row.status_message
                .as_deref()
                .map(|message| format!(" “{message}”"))
                .unwrap_or_default(),
            if row.on_call { "  [on call]" } else { "" }
        );
    }
}
