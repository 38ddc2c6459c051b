//! The `meridian` binary: the desktop app's profile from a terminal; parse, open, dispatch.

// First, so its quiet-on-broken-pipe `println!` is the one every module below uses.
#[macro_use]
mod output;
mod command;
mod parse;

use clap::{Parser, Subcommand};
use command::{
    doctor::DoctorArgs, focus::FocusAction, init::InitArgs, member::MemberAction,
    notify::NotifyAction, oncall::OncallAction, overlap::OverlapArgs, profile::ProfileArgs,
    status::StatusAction, team::TeamArgs, timeoff::TimeoffAction,
};
use meridian::{Error, Meridian, NoEvents, SystemClock};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(
    name = "meridian",
    version,
    about = "Meridian: async teamwork, local-first"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up this profile (the same as the app's first-run onboarding).
    Init(InitArgs),
    /// Show your profile, or change it with `profile set`.
    Profile(ProfileArgs),
    /// Start, stop or show focus mode.
    #[command(subcommand)]
    Focus(FocusAction),
    /// Check the database: location, schema, op count, integrity, rebuild.
    Doctor(DoctorArgs),
    /// The team availability board: local time, status, next available, on call.
    Team(TeamArgs),
    /// Sync with the team server once, or show where this profile stands (`sync status`).
    Sync(command::sync::SyncArgs),
    /// When do these people's working hours overlap?
    Overlap(OverlapArgs),
    /// Add, edit or list teammates.
    #[command(subcommand)]
    Member(MemberAction),
    /// Record or list time off.
    #[command(subcommand)]
    Timeoff(TimeoffAction),
    /// Set or show the on-call rotation.
    #[command(subcommand)]
    Oncall(OncallAction),
    /// Set or clear a manual status that expires on its own.
    #[command(subcommand)]
    Status(StatusAction),
    /// Seed a demo team across seven time zones.
    Demo,
    /// Queue notifications, set delivery times, see what is held.
    #[command(subcommand)]
    Notify(NotifyAction),
    /// Run the notification scheduler without a window (one deliverer per profile), or
    /// install a systemd user unit that runs it at login (`--install-unit`).
    Daemon(command::daemon::DaemonArgs),
    /// Create, list, change, archive or restore channels.
    #[command(subcommand)]
    Channel(command::channel::ChannelAction),
    /// Start, list, show, edit, resolve, follow or archive threads.
    #[command(subcommand)]
    Thread(command::thread::ThreadAction),
    /// Comment on a thread (--parent to reply to a comment).
    Comment(command::thread::CommentArgs),
    /// Toggle your reaction on a thread or comment.
    React(command::thread::ReactArgs),
    /// Thank one or more teammates, with an optional note.
    Thank(command::thread::ThankArgs),
    /// Write, revise, diff and restore docs.
    #[command(subcommand)]
    Doc(command::doc::DocAction),
    /// Search everything the team wrote (`search reindex` rebuilds the index).
    Search(command::search::SearchArgs),
    /// Add, move, block and list tasks on the work board (--mine for your work).
    #[command(subcommand)]
    Task(command::task::TaskAction),
    /// Add, review and list goals and their health.
    #[command(subcommand)]
    Goal(command::task::GoalAction),
    /// Save a thought to your private capture list; `capture list`, `capture triage`.
    Capture(command::capture::CaptureArgs),
    /// Check-ins: templates, schedules in each person's own zone, answers and blockers.
    #[command(subcommand)]
    Checkin(command::checkin::CheckinAction),
    /// Propose, vote on, close, show or list decisions.
    #[command(subcommand)]
    Decision(command::decision::DecisionAction),
    /// File, approve, decline, show or list change requests; approver rules and templates.
    #[command(subcommand)]
    Cr(command::cr::CrAction),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Ok(data_dir) = meridian::log::store::data_dir() {
        let process = if matches!(cli.command, Command::Daemon { .. }) {
            meridian_os::logs::Process::Daemon
        } else {
            meridian_os::logs::Process::Cli
        };
        meridian_os::logs::start(&data_dir, process);
    }
    // The subcommand's name only: its arguments may be titles, names or invite codes.
    let name = std::env::args().nth(1).unwrap_or_default();
    tracing::info!(command = %name, "running");
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            match err.kind() {
                meridian::ErrorKind::Storage => {
                    tracing::error!(command = %name, error = %err.for_log(), "failed")
                }
                _ => tracing::warn!(command = %name, error = %err.for_log(), "refused"),
            }
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cmd: Command) -> Result<(), Error> {
    // Writing the unit needs no profile: it must not create one.
    if let Command::Daemon(args) = &cmd {
        if args.install_unit {
            return command::daemon::unit::install(args.force);
        }
    }
    let mut meridian = Meridian::open_default(Arc::new(SystemClock), Arc::new(NoEvents))?;
    match cmd {
        Command::Init(args) => command::init::run(&mut meridian, args),
        Command::Profile(args) => command::profile::run(&mut meridian, args),
        Command::Focus(action) => command::focus::run(&mut meridian, action),
        Command::Doctor(args) => command::doctor::run(&mut meridian, args),
        Command::Team(args) => command::team::run(&mut meridian, args),
        Command::Sync(args) => command::sync::run(&mut meridian, args),
        Command::Overlap(args) => command::overlap::run(&meridian, args),
        Command::Member(action) => command::member::run(&mut meridian, action),
        Command::Timeoff(action) => command::timeoff::run(&mut meridian, action),
        Command::Oncall(action) => command::oncall::run(&mut meridian, action),
        Command::Status(action) => command::status::run(&mut meridian, action),
        Command::Demo => command::demo::run(&mut meridian),
        Command::Notify(action) => command::notify::run(&mut meridian, action),
        Command::Daemon(_) => command::daemon::run(meridian),
        Command::Channel(action) => command::channel::run(&mut meridian, action),
        Command::Thread(action) => command::thread::run(&mut meridian, action),
        Command::Comment(args) => command::thread::comment(&mut meridian, args),
        Command::React(args) => command::thread::react(&mut meridian, args),
        Command::Thank(args) => command::thread::thank(&mut meridian, args),
        Command::Doc(action) => command::doc::run(&mut meridian, action),
        Command::Search(args) => command::search::run(&mut meridian, args),
        Command::Task(action) => command::task::run(&mut meridian, action),
        Command::Goal(action) => command::task::run_goal(&mut meridian, action),
        Command::Capture(args) => command::capture::run(&mut meridian, args),
        Command::Checkin(action) => command::checkin::run(&mut meridian, action),
        Command::Decision(action) => command::decision::run(&mut meridian, action),
        Command::Cr(action) => command::cr::run(&mut meridian, action),
    }
}
