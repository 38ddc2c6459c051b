//! `meridian team`: the availability board, one teammate a line.

use crate::output::print_json;
use clap::Args;
use meridian::model::TeamBoard;
use meridian::{Error, Meridian};

#[derive(Debug, Args)]
pub struct TeamArgs {
    #[arg(long)]
    json: bool,
}

pub fn run(meridian: &Meridian, args: TeamArgs) -> Result<(), Error> {
    let board = meridian.team_board()?;
    if args.json {
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
