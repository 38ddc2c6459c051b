//! `meridian notify …`: queue notifications, set delivery times and prefs, see what is held.

use crate::output::print_json;
use crate::parse;
use clap::Subcommand;
use meridian::notify::scheduler::DeliveryLock;
use meridian::{time, Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum NotifyAction {
    /// Queue a notification for someone.
    Send {
        #[arg(long)]
        to: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        body: Option<String>,
        /// Bypass batching and focus (and, if they allow it, working hours).
        #[arg(long)]
        urgent: bool,
        #[arg(long)]
        from: Option<String>,
        /// mention, reply, update, decision, checkin or task.
        #[arg(long, default_value = "update")]
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// Delivery times.
    Schedule {
        #[command(subcommand)]
        action: ScheduleAction,
    },
    /// Urgent outside working hours, and who always gets through.
    Prefs {
        /// Let urgent items reach you outside working hours and on time off.
        #[arg(long)]
        urgent_outside_hours: Option<bool>,
        /// @handles that always get through at once (comma-separated; empty to clear).
        #[arg(long)]
        allow: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Items waiting for a system notification, and when they go out.
    Pending {
        #[arg(long)]
        json: bool,
    },
    /// Your inbox: every item at once, newest first.
    Inbox {
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Deliver whatever is due now, once, and exit.
    Deliver,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleAction {
    /// Delivery times like 09:30,13:00,16:30 on the given days (others unchanged).
    Set {
        times: String,
        #[arg(long, default_value = "mon-sun")]
        days: String,
        #[arg(long)]
        json: bool,
    },
    /// No delivery times: notifications come as they come (still held by focus and hours).
    Clear,
    /// Show the delivery times.
    Show {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(meridian: &mut Meridian, action: NotifyAction) -> Result<(), Error> {
    match action {
        NotifyAction::Send {
            to,
            title,
            body,
            urgent,
            from,
            kind,
            json,
        } => {
            let item = meridian.queue_notification(
                &to,
                from.as_deref(),
                &kind,
                &title,
                body.as_deref(),
                urgent,
            )?;
            if json {
                return print_json(&item);
            }
            println!(
                "Queued for @{}{}",
                to.trim_start_matches('@'),
                if urgent { " (urgent)" } else { "" }
            );
        }
        NotifyAction::Schedule { action } => run_schedule(meridian, action)?,
        NotifyAction::Prefs {
            urgent_outside_hours,
            allow,
            json,
        } => {
            // Flags left out keep their current value: the core takes both settings at once.
            let current = meridian.notify_settings()?;
            let allowlist = allow.map_or(current.allowlist, |list| parse::comma_list(&list));
            let settings = meridian.set_notify_prefs(
                urgent_outside_hours.unwrap_or(current.urgent_outside_hours),
                &allowlist,
            )?;
            if json {
                return print_json(&settings);
            }
            println!(
                "Urgent outside working hours: {}. Always get through: {}",
                if settings.urgent_outside_hours {
                    "yes"
                } else {
                    "no"
                },
                if settings.allowlist.is_empty() {
                    "nobody".to_owned()
                } else {
                    settings
                        .allowlist
                        .iter()
                        .map(|handle| format!("@{handle}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            );
        }
        NotifyAction::Pending { json } => {
            let outlook = meridian.notify_outlook()?;
            if json {
                let pending: Vec<_> = meridian
                    .inbox(10_000)?
                    .into_iter()
                    .filter(|item| !item.delivered)
                    .collect();
                return print_json(&serde_json::json!({ "outlook": outlook, "items": pending }));
            }
            println!(
                "{} waiting{}{}",
                outlook.pending,
                outlook
                    .held_because
                    .map(|why| format!(" · {why}"))
                    .unwrap_or_default(),
                outlook
                    .next_delivery
                    .map(|at| format!(" · next delivery {at}"))
                    .unwrap_or_default()
            );
        }
        NotifyAction::Inbox { limit, json } => {
            let items = meridian.inbox(limit)?;
            if json {
                return print_json(&items);
            }
            for item in items {
                println!(
                    "{} {}{}{} {}",
                    if item.delivered { " " } else { "•" },
                    if item.urgent { "[urgent] " } else { "" },
                    item.sender_handle
                        .map(|handle| format!("@{handle}: "))
                        .unwrap_or_default(),
                    item.title,
                    item.created_at
                );
            }
        }
        NotifyAction::Deliver => {
            // One deliverer per profile, or the same item could be shown twice.
            let Some(_lock) = DeliveryLock::try_acquire(meridian.data_dir())? else {
                return Err(Error::Conflict("Another Meridian (the app or `meridian daemon`) delivers for this profile; it will deliver on time.".into()));
            };
            let pass = meridian.deliver_due(&meridian_os::DesktopNotifier)?;
            println!("Shown {} notification(s).", pass.shown);
        }
    }
    Ok(())
}

fn run_schedule(meridian: &mut Meridian, action: ScheduleAction) -> Result<(), Error> {
    match action {
        ScheduleAction::Set { times, days, json } => {
            let chosen = parse::days(&days)?;
            // The core takes the whole week; days not named keep their current times.
            let mut week = meridian.notify_settings()?.times;
            let list = parse::comma_list(&times);
            for day in chosen {
                week[usize::from(day)] = list.clone();
            }
            let settings = meridian.set_notify_schedule(&week)?;
            if json {
                return print_json(&settings);
            }
            print_schedule(&settings.times);
        }
        ScheduleAction::Clear => {
            meridian.set_notify_schedule(&vec![Vec::new(); 7])?;
            println!("No delivery times: notifications come as they come (held during focus and outside hours).");
        }
        ScheduleAction::Show { json } => {
            let settings = meridian.notify_settings()?;
            if json {
                return print_json(&settings);
            }
            print_schedule(&settings.times);
        }
    }
    Ok(())
}

fn print_schedule(times: &[Vec<String>]) {
    if times.iter().all(Vec::is_empty) {
        println!("As they come (held during focus and outside working hours).");
        return;
    }
    for (day, list) in time::WEEKDAYS_SHORT.iter().zip(times) {
        println!(
            "  {day}  {}",
            if list.is_empty() {
                "—".to_owned()
            } else {
                list.join(", ")
            }
        );
    }
}
