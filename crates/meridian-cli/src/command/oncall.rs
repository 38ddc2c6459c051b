//! `meridian oncall set|show`: the on-call rotation and who holds it now.

use crate::output::print_json;
use clap::Subcommand;
use meridian::model::OnCallNow;
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum OncallAction {
    /// Rotate these @handles in order.
    Set {
        handles: Vec<String>,
        /// Shift length in hours (24 daily, 168 weekly).
        #[arg(long, default_value_t = 168)]
        shift_hours: u32,
        /// Handoff time, HH:MM in --tz.
        #[arg(long, default_value = "09:00")]
        handoff: String,
        #[arg(long = "tz")]
        time_zone: String,
        /// First shift's date, YYYY-MM-DD [default: today].
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Who is on call now and next.
    Show {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, action: OncallAction) -> Result<(), Error> {
    match action {
        OncallAction::Set {
            handles,
            shift_hours,
            handoff,
            time_zone,
            from,
            json,
        } => {
            let from = super::day_or_today(from, meridian);
            let rota = meridian.set_rota(&handles, shift_hours, &handoff, &time_zone, &from)?;
            if json {
                return print_json(
                    &serde_json::json!({ "rota": rota, "on_call": meridian.on_call_now()? }),
                );
            }
            print_on_call(&meridian.on_call_now()?);
        }
        OncallAction::Show { json } => {
            let on_call = meridian.on_call_now()?;
            if json {
                return print_json(&on_call);
            }
            print_on_call(&on_call);
        }
    }
    Ok(())
}

fn print_on_call(on_call: &Option<OnCallNow>) {
    match on_call {
        None => println!(
            "No on-call rotation. Set one with `meridian oncall set @a @b --tz Europe/London`."
        ),
        Some(on_call) => {
            match (&on_call.current, &on_call.current_until) {
                (Some(current), Some(until)) => println!("On call now: @{current} until {until}"),
                _ => println!("The rotation has not started yet."),
            }
            if let (Some(next), Some(from)) = (&on_call.next, &on_call.next_from) {
                println!("Next: @{next} from {from}");
            }
        }
    }
}
