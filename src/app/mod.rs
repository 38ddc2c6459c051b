//! `Meridian`: the one façade the desktop shell, the CLI and the tests call. It owns the open
//! profile (`Ctx`) and hands each request to its domain; the home snapshot and the health
//! report, which span domains, are composed here.

mod checkins;
mod content;
mod decide;
mod demo;
mod demo_checkins;
mod search;
mod work;
pub use work::DEFAULT_CAPTURE_SHORTCUT;
mod lend;

pub use lend::{Exclusive, Lend};

use crate::base::clock::Clock;
use crate::base::events::{CoreEvent, EventSink};
use crate::base::model::*;
use crate::base::Result;
use crate::log::ingest::IngestReport;
use crate::log::ops::{format_instant, Op};
use crate::log::store::{self, Store};
use crate::log::Ctx;
use crate::notify::{DeliveryPass, Notifier};
use crate::time::{self, MemberRules};
use crate::{focus, notify, people, team};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An open Meridian profile.
pub struct Meridian {
    cx: Ctx,
    data_dir: PathBuf,
    seen_data_version: i64,
    /// The full-text index a front end attached, if any.
    search: Option<Arc<dyn crate::search::SearchIndex>>,
}

impl std::fmt::Debug for Meridian {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meridian")
            .field("cx", &self.cx)
            .finish_non_exhaustive()
    }
}

impl Meridian {
    /// Opens the profile in `$MERIDIAN_HOME` or the OS data directory.
    pub fn open_default(clock: Arc<dyn Clock>, events: Arc<dyn EventSink>) -> Result<Meridian> {
        Meridian::open(&store::data_dir()?, clock, events)
    }

    /// Opens (creating if needed) the profile stored in `data_dir`.
    pub fn open(
        data_dir: &Path,
        clock: Arc<dyn Clock>,
        events: Arc<dyn EventSink>,
    ) -> Result<Meridian> {
        let store = Store::open_in(data_dir, clock.now())?;
        let seen_data_version = store.data_version()?;
        Ok(Meridian {
            cx: Ctx::new(store, clock, events),
            data_dir: data_dir.to_path_buf(),
            seen_data_version,
            search: None,
        })
    }

    /// The directory holding this profile.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.cx.now()
    }

    /// Everything the home view shows, as of now.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let cx = &self.cx;
        let now = cx.now();
        let me = people::me(cx)?;
        let mut snapshot = Snapshot {
            me: None,
            team: people::team(cx)?,
            focus: None,
            now: format_instant(now),
            local_time: None,
            local_date: None,
            utc_offset: None,
            in_working_hours: false,
            next_change: None,
        };
        if let Some(me) = me {
            // The same rules the team board uses: time off and planned moves count here too.
            let rules = team::rules_for(cx, &me)?;
            let zone = rules.zone_at(now);
            let local = now.with_timezone(&zone);
            let state = rules.working_state(now);
            snapshot.local_time = Some(local.format("%H:%M").to_string());
            snapshot.local_date = Some(local.format("%A %-d %B").to_string());
            snapshot.utc_offset = Some(time::utc_offset(now, zone));
            snapshot.in_working_hours = state.working;
            snapshot.next_change = state
                .next_change
                .map(|at| describe_change(state.working, now, at, zone));
            snapshot.focus = focus::focus_now(cx, &me.id, &rules, now)?;
            snapshot.me = Some(me);
        }
        Ok(snapshot)
    }

    /// Health report: where data lives, schema, op count, SQLite integrity, and whether
    /// replaying the log reproduces the stored tables.
    pub fn doctor(&mut self) -> Result<DoctorReport> {
        let store = &mut self.cx.store;
        Ok(DoctorReport {
            data_dir: self.data_dir.display().to_string(),
            database: store.path().display().to_string(),
            schema_version: store.schema_version()?,
            device_id: store.device_id().to_owned(),
            op_count: store.op_count()?,
            integrity: store.integrity_check()?,
            rebuild_matches: store.rebuild_matches()?,
        })
    }

    /// The team server this profile syncs with, if any.
    pub fn sync_config(&self) -> Result<Option<crate::sync::SyncConfig>> {
        crate::sync::config(&self.cx)
    }

    /// The team server settings, or an error that says how to join or create a team.
    pub fn require_sync_config(&self) -> Result<crate::sync::SyncConfig> {
        crate::sync::require_config(&self.cx)
    }

    /// Refuses, with the reason, when this profile already syncs with a team.
    pub fn ensure_not_in_team(&self) -> Result<()> {
        crate::sync::ensure_not_in_team(&self.cx)
    }

    /// Stores the team server settings after creating or joining a team.
    pub fn configure_sync(&mut self, config: &crate::sync::SyncConfig) -> Result<()> {
        crate::sync::configure(&mut self.cx, config)
    }

    /// Where this profile stands with its team server, without asking it.
    pub fn sync_state(&self) -> Result<SyncState> {
        crate::sync::state(&self.cx)
    }

    /// Links another device of mine: its ops may change my profile, focus and settings, and
    /// ops it sent earlier count from now on.
    pub fn link_device(&mut self, device_id: &str) -> Result<()> {
        people::link_device(&mut self.cx, device_id)
    }

    /// The last index of every device's series in this profile's log.
    pub fn device_heads(&self) -> Result<std::collections::BTreeMap<String, i64>> {
        let mut statement = self
            .cx
            .store
            .conn()
            .prepare("SELECT device_id, max(idx) FROM ops GROUP BY device_id")?;
        let heads = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(heads)
    }

    /// How many ops this profile's log holds (all devices).
    pub fn op_count(&self) -> Result<i64> {
        self.cx.store.op_count()
    }

    /// The whole log, in (device, idx) order.
    pub fn ops(&self) -> Result<Vec<Op>> {
        self.cx.store.ops()
    }

    /// Applies ops from other devices, each with a verdict (applied, duplicate, set aside).
    pub fn ingest(&mut self, ops: &[Op]) -> Result<IngestReport> {
        let now = self.cx.now();
        let report = self.cx.store.ingest(ops, now)?;
        if report.applied() > 0 {
            // Which domains changed is not worth working out here: every screen refreshes.
            self.cx.emit(CoreEvent::ExternalChange);
        }
        Ok(report)
    }

    /// This device's id in the log.
    pub fn device_id(&self) -> &str {
        self.cx.store.device_id()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.cx.store.schema_version()
    }

    /// Says whether another process committed since the last call (e.g. the CLI started
    /// focus while the app is open). Emits `ExternalChange` when it did.
    pub fn poll_external_change(&mut self) -> Result<bool> {
        let version = self.cx.store.data_version()?;
        if version == self.seen_data_version {
            return Ok(false);
        }
        self.seen_data_version = version;
        self.cx.emit(CoreEvent::ExternalChange);
        Ok(true)
    }

    /// A member's @handle by id, or the id itself when the member is unknown.
    pub fn member_handle(&self, member_id: &str) -> String {
        people::member_by_id(self.cx.store.conn(), member_id)
            .ok()
            .flatten()
            .map(|member| member.handle)
            .unwrap_or_else(|| member_id.to_owned())
    }

    /// The raw store, for tests and benchmarks that seed or inspect rows directly.
    #[cfg(feature = "testing")]
    pub fn store(&self) -> &Store {
        &self.cx.store
    }

    /// The raw store, mutable, for tests and benchmarks.
    #[cfg(feature = "testing")]
    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.cx.store
    }

    /// Everyone on the team, me first, then by name.
    pub fn members(&self) -> Result<Vec<Member>> {
        people::members(&self.cx)
    }

    /// The member with this @handle (with or without the `@`).
    pub fn member_by_handle(&self, handle: &str) -> Result<Member> {
        people::member_by_handle(&self.cx, handle)
    }

    /// Adds a teammate (until sync exists, teammates are entered by hand).
    pub fn add_member(&mut self, input: MemberInput) -> Result<Member> {
        people::add_member(&mut self.cx, input)
    }

    /// Edits a teammate; only changed fields become ops.
    pub fn edit_member(&mut self, handle: &str, input: MemberInput) -> Result<Member> {
        people::edit_member(&mut self.cx, handle, input)
    }

    /// The member who uses this device, once onboarding is done.
    pub fn me(&self) -> Result<Option<Member>> {
        people::me(&self.cx)
    }

    pub fn team(&self) -> Result<Option<Team>> {
        people::team(&self.cx)
    }

    /// Creates my profile and team. Refuses if onboarding was already done.
    pub fn complete_onboarding(&mut self, input: OnboardingInput) -> Result<Snapshot> {
        people::complete_onboarding(&mut self.cx, input)?;
        self.snapshot()
    }

    /// Refuses, without writing, what onboarding would refuse (`joining`: the team name is
    /// the inviter's, so it is not asked for).
    pub fn check_onboarding(&self, input: &OnboardingInput, joining: bool) -> Result<()> {
        people::check_onboarding(&self.cx, input, joining)
    }

    /// Creates my profile as a member of the team an invite named (no team of my own).
    pub fn complete_onboarding_joining(
        &mut self,
        input: OnboardingInput,
        team_id: &str,
    ) -> Result<Snapshot> {
        people::complete_onboarding_joining(&mut self.cx, input, team_id)?;
        self.snapshot()
    }

    /// After joining with an invite, the inviter's team is this profile's team.
    pub fn adopt_team(&mut self, team_id: &str) -> Result<()> {
        people::adopt_team(&mut self.cx, team_id)
    }

    /// Edits my profile and the team name; only changed fields become ops.
    pub fn update_profile(&mut self, input: ProfileInput) -> Result<Snapshot> {
        people::update_profile(&mut self.cx, input)?;
        self.snapshot()
    }

    /// Availability rules of these members (a handful of queries, whatever the team size),
    /// keyed by member id.
    pub fn all_rules(&self, members: &[Member]) -> Result<HashMap<String, MemberRules>> {
        team::all_rules(&self.cx, members)
    }

    /// Everything that decides a member's availability, loaded from the projections.
    pub fn rules_for(&self, member: &Member) -> Result<MemberRules> {
        team::rules_for(&self.cx, member)
    }

    /// Records days off for a member (local dates, inclusive).
    pub fn add_time_off(
        &mut self,
        handle: &str,
        first_day: &str,
        last_day: &str,
        note: Option<&str>,
    ) -> Result<TimeOff> {
        team::add_time_off(&mut self.cx, handle, first_day, last_day, note)
    }

    /// Time off of one member, or everyone's, earliest first (archived entries left out).
    pub fn time_off(&self, handle: Option<&str>) -> Result<Vec<TimeOff>> {
        team::time_off(&self.cx, handle)
    }

    /// Plans a move: from `from_day` (local date) the member works from `time_zone`.
    pub fn plan_zone_change(
        &mut self,
        handle: &str,
        from_day: &str,
        time_zone: &str,
    ) -> Result<()> {
        team::plan_zone_change(&mut self.cx, handle, from_day, time_zone)
    }

    /// Sets a manual status for a member that ends by itself after `minutes` (or when cleared,
    /// if `None`). `kind: None` clears it.
    pub fn set_status(
        &mut self,
        handle: &str,
        kind: Option<StatusKind>,
        message: Option<&str>,
        minutes: Option<u32>,
    ) -> Result<()> {
        team::set_status(&mut self.cx, handle, kind, message, minutes)
    }

    /// Sets the team's on-call rotation.
    pub fn set_rota(
        &mut self,
        handles: &[String],
        shift_hours: u32,
        handoff_time: &str,
        handoff_zone: &str,
        first_day: &str,
    ) -> Result<Rota> {
        team::set_rota(
            &mut self.cx,
            handles,
            shift_hours,
            handoff_time,
            handoff_zone,
            first_day,
        )
    }

    /// The team's rotation, if one is set.
    pub fn rota(&self) -> Result<Option<Rota>> {
        team::rota(&self.cx)
    }

    /// Who is on call now and next (member ids replaced by handles).
    pub fn on_call_now(&self) -> Result<Option<OnCallNow>> {
        team::on_call_now(&self.cx)
    }

    /// The team availability board, aligned to my local day; available people first; with
    /// the blockers people reported in check-ins, for their cards.
    pub fn team_board(&self) -> Result<TeamBoard> {
        let mut board = team::team_board(&self.cx)?;
        board.blockers = crate::checkins::open_blockers(&self.cx)?;
        Ok(board)
    }

    /// When at least `min_members` of these people are all working, over `days` days from
    /// `from` (a date in my zone), with each window in everyone's local time.
    pub fn overlap(
        &self,
        handles: &[String],
        from: &str,
        days: u32,
        min_members: Option<usize>,
    ) -> Result<OverlapResult> {
        team::overlap(&self.cx, handles, from, days, min_members)
    }

    /// Adds a recurring focus block. Refuses one that overlaps another on a shared weekday.
    pub fn add_focus_block(
        &mut self,
        handle: &str,
        weekdays: &[u8],
        start: &str,
        end: &str,
        label: Option<&str>,
    ) -> Result<FocusBlock> {
        focus::add_focus_block(&mut self.cx, handle, weekdays, start, end, label)
    }

    /// Recurring focus blocks of one member (or everyone's), by start time.
    pub fn focus_blocks(&self, handle: Option<&str>) -> Result<Vec<FocusBlock>> {
        focus::focus_blocks(&self.cx, handle)
    }

    /// Archives a focus block (it stays in the log; it no longer recurs).
    pub fn remove_focus_block(&mut self, block_id: &str) -> Result<()> {
        focus::remove_focus_block(&mut self.cx, block_id)
    }

    /// Starts focusing for `minutes`. A running session is stopped first, so starting again
    /// replaces it rather than stacking two.
    pub fn start_focus(&mut self, minutes: u32, label: Option<&str>) -> Result<Snapshot> {
        focus::start_focus(&mut self.cx, minutes, label)?;
        self.snapshot()
    }

    /// Stops the running focus session early.
    pub fn stop_focus(&mut self) -> Result<Snapshot> {
        focus::stop_focus(&mut self.cx)?;
        self.snapshot()
    }

    /// Gives the running focus session `minutes` more (up to 12 hours in all from now).
    pub fn extend_focus(&mut self, minutes: u32) -> Result<Snapshot> {
        focus::extend_focus(&mut self.cx, minutes)?;
        self.snapshot()
    }

    /// My running focus session, if any.
    pub fn active_focus(&self) -> Result<Option<FocusSession>> {
        focus::active_focus(&self.cx)
    }

    /// All my focus sessions, newest first.
    pub fn focus_history(&self) -> Result<Vec<FocusSession>> {
        focus::focus_history(&self.cx)
    }

    /// Queues a notification for `to` (from `from`, if given). The inbox shows it at once.
    pub fn queue_notification(
        &mut self,
        to: &str,
        from: Option<&str>,
        kind: &str,
        title: &str,
        body: Option<&str>,
        urgent: bool,
    ) -> Result<InboxItem> {
        notify::queue_notification(&mut self.cx, to, from, kind, title, body, urgent)
    }

    /// My inbox, newest first: every item at once, whether or not a system notification has
    /// covered it yet.
    pub fn inbox(&self, limit: usize) -> Result<Vec<InboxItem>> {
        notify::inbox(&self.cx, limit)
    }

    /// System notifications shown recently, newest first.
    pub fn deliveries(&self, limit: usize) -> Result<Vec<DeliveryRecord>> {
        notify::deliveries(&self.cx, limit)
    }

    /// My delivery settings (defaults: as they come, urgent only in working hours).
    pub fn notify_settings(&self) -> Result<NotifySettings> {
        notify::notify_settings(&self.cx)
    }

    /// Sets my delivery times per weekday (seven lists, Monday first; all empty = as they come).
    pub fn set_notify_schedule(&mut self, times: &[Vec<String>]) -> Result<NotifySettings> {
        notify::set_notify_schedule(&mut self.cx, times)
    }

    /// Sets whether urgent items may reach me outside working hours, and who always gets through.
    pub fn set_notify_prefs(
        &mut self,
        urgent_outside_hours: bool,
        allowlist: &[String],
    ) -> Result<NotifySettings> {
        notify::set_notify_prefs(&mut self.cx, urgent_outside_hours, allowlist)
    }

    /// How many items wait for a system notification, until when, and why.
    pub fn notify_outlook(&self) -> Result<NotifyOutlook> {
        notify::notify_outlook(&self.cx)
    }

    /// One scheduler pass at `now`: shows what is due through `notifier` and says when to look
    /// again. Safe to call as often as you like; nothing is shown twice.
    pub fn deliver_due(&mut self, notifier: &dyn Notifier) -> Result<DeliveryPass> {
        // First what this device held for someone's working hours, so it is part of the pass.
        // Then reminders for replies my channels expect and I have not given.
        let held_until = crate::content::send_due(&mut self.cx)?;
        let overdue_at = crate::content::remind_overdue(&mut self.cx)?;
        // Then reminders of my tasks' due times, in my working hours.
        let due_at = crate::work::remind_due(&mut self.cx)?;
        // Check-ins asked, reminded or digested now join this pass's delivery.
        let checkin_at = crate::checkins::run_due(&mut self.cx)?;
        // My decisions that reached their deadline close; due reviews reach my inbox.
        let decisions_at = crate::decide::decisions_due(&mut self.cx)?;
        let mut pass = notify::deliver_due(&mut self.cx, notifier)?;
        for at in [held_until, overdue_at, due_at, checkin_at, decisions_at]
            .into_iter()
            .flatten()
        {
            pass.next_check = Some(pass.next_check.map_or(at, |next| next.min(at)));
        }
        Ok(pass)
    }
}

/// "Working hours end at 17:00" / "Working hours start Monday at 09:00".
fn describe_change(working: bool, now: DateTime<Utc>, at: DateTime<Utc>, zone: Tz) -> String {
    let local_now = now.with_timezone(&zone);
    let local_at = at.with_timezone(&zone);
    let when = if local_at.date_naive() == local_now.date_naive() {
        format!("at {}", local_at.format("%H:%M"))
    } else if local_at.date_naive() == local_now.date_naive() + Duration::days(1) {
        format!("tomorrow at {}", local_at.format("%H:%M"))
    } else {
        format!("{} at {}", local_at.format("%A"), local_at.format("%H:%M"))
    };
    if working {
        format!("Working hours end {when}")
    } else {
        format!("Working hours start {when}")
    }
}

/// "Focusing until 11:30 — label" in my time zone, or "Not focusing"; the CLI and the tray
/// say it the same way.
pub fn focus_line(snapshot: &Snapshot) -> String {
    let (Some(focus), Some(me)) = (&snapshot.focus, &snapshot.me) else {
        return "Not focusing".to_owned();
    };
    let zone: Tz = me.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let until = crate::log::ops::parse_instant(&focus.ends_at)
        .map(|ends| time::hhmm(&ends.with_timezone(&zone)))
        .unwrap_or_default();
    match &focus.label {
        Some(label) => format!("Focusing until {until} — {label}"),
        None => format!("Focusing until {until}"),
    }
}
