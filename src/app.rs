//! `Meridian`: the one façade the desktop shell, the CLI and the tests call. It validates
//! input, turns user intent into ops, and reads projections into view models.

use crate::availability::{self, MemberRules};
use crate::clock::Clock;
use crate::events::{CoreEvent, EventSink};
use crate::model::{
    DoctorReport, FocusSession, Member, OnboardingInput, ProfileInput, Snapshot, Team, WeeklyHours,
};
use crate::ops::{format_instant, OpPayload};
use crate::store::{self, Store};
use crate::{validate, Error, Result};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Local-meta key naming the member who uses this device.
pub(crate) const ME_KEY: &str = "me_member_id";
/// Local-meta key naming this profile's team.
pub(crate) const TEAM_KEY: &str = "team_id";

/// An open Meridian profile.
pub struct Meridian {
    pub(crate) store: Store,
    data_dir: PathBuf,
    pub(crate) clock: Arc<dyn Clock>,
    events: Arc<dyn EventSink>,
    seen_data_version: i64,
}

impl std::fmt::Debug for Meridian {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Meridian")
            .field("store", &self.store)
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
            store,
            data_dir: data_dir.to_path_buf(),
            clock,
            events,
            seen_data_version,
        })
    }

    /// The directory holding this profile.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The member who uses this device, once onboarding is done.
    pub fn me(&self) -> Result<Option<Member>> {
        match store::local_meta(self.store.conn(), ME_KEY)? {
            Some(id) => member_by_id(self.store.conn(), &id),
            None => Ok(None),
        }
    }

    pub fn team(&self) -> Result<Option<Team>> {
        let Some(id) = store::local_meta(self.store.conn(), TEAM_KEY)? else {
            return Ok(None);
        };
        Ok(self
            .store
            .conn()
            .query_row("SELECT id, name FROM teams WHERE id = ?1", [&id], |row| {
                Ok(Team {
                    id: row.get(0)?,
                    name: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                })
            })
            .optional()?)
    }

    /// Everything the home view shows, as of now.
    pub fn snapshot(&self) -> Result<Snapshot> {
        let now = self.clock.now();
        let me = self.me()?;
        let mut snapshot = Snapshot {
            me: None,
            team: self.team()?,
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
            let rules = self.rules_for(&me)?;
            let zone = rules.zone_at(now);
            let local = now.with_timezone(&zone);
            let state = rules.working_state(now);
            snapshot.local_time = Some(local.format("%H:%M").to_string());
            snapshot.local_date = Some(local.format("%A %-d %B").to_string());
            snapshot.utc_offset = Some(availability::utc_offset(now, zone));
            snapshot.in_working_hours = state.working;
            snapshot.next_change = state
                .next_change
                .map(|at| describe_change(state.working, now, at, zone));
            snapshot.focus = match self.stored_focus(&me.id, now)? {
                Some(session) => Some(session),
                None => block_focus(&me.id, &rules, now),
            };
            snapshot.me = Some(me);
        }
        Ok(snapshot)
    }

    /// Creates my profile and team. Refuses if onboarding was already done.
    pub fn complete_onboarding(&mut self, input: OnboardingInput) -> Result<Snapshot> {
        if self.me()?.is_some() {
            return Err(Error::Conflict(
                "This profile is already set up. Change it in Settings (or `meridian profile set`)."
                    .into(),
            ));
        }
        let display_name = validate::display_name(&input.display_name)?;
        let handle = validate::handle(&input.handle)?;
        let time_zone = validate::time_zone(&input.time_zone)?.name().to_owned();
        let working_hours = validate::weekly_hours(&input.working_hours)?;
        let team_name = validate::team_name(&input.team_name)?;
        let member_id = uuid::Uuid::now_v7().to_string();
        let team_id = uuid::Uuid::now_v7().to_string();
        self.store.transact(self.clock.now(), |tx| {
            ensure_handle_free(tx, &handle, None)?;
            store::set_local_meta(tx, ME_KEY, &member_id)?;
            store::set_local_meta(tx, TEAM_KEY, &team_id)?;
            Ok((
                vec![
                    OpPayload::MemberCreated {
                        member_id: member_id.clone(),
                        handle: handle.clone(),
                        display_name,
                        time_zone,
                        working_hours,
                    },
                    OpPayload::TeamCreated {
                        team_id: team_id.clone(),
                        name: team_name,
                    },
                ],
                (),
            ))
        })?;
        self.emit(CoreEvent::ProfileChanged);
        self.snapshot()
    }

    /// Edits my profile and the team name; only changed fields become ops.
    pub fn update_profile(&mut self, input: ProfileInput) -> Result<Snapshot> {
        let me = self.require_me()?;
        let team = self.team()?;
        let display_name = validate::display_name(&input.display_name)?;
        let handle = validate::handle(&input.handle)?;
        let time_zone = validate::time_zone(&input.time_zone)?.name().to_owned();
        let working_hours = validate::weekly_hours(&input.working_hours)?;
        let team_name = validate::team_name(&input.team_name)?;
        let changed = |old: &str, new: String| (old != new).then_some(new);
        let update = OpPayload::MemberUpdated {
            member_id: me.id.clone(),
            handle: changed(&me.handle, handle.clone()),
            display_name: changed(&me.display_name, display_name),
            time_zone: changed(&me.time_zone, time_zone),
            working_hours: (me.working_hours != working_hours).then_some(working_hours),
        };
        let team_rename = match team {
            Some(team) if team.name != team_name => Some(OpPayload::TeamRenamed {
                team_id: team.id,
                name: team_name,
            }),
            _ => None,
        };
        let member_changed = !matches!(
            update,
            OpPayload::MemberUpdated {
                handle: None,
                display_name: None,
                time_zone: None,
                working_hours: None,
                ..
            }
        );
        let team_changed = team_rename.is_some();
        self.store.transact(self.clock.now(), |tx| {
            ensure_handle_free(tx, &handle, Some(&me.id))?;
            let mut payloads = Vec::new();
            if member_changed {
                payloads.push(update);
            }
            payloads.extend(team_rename);
            Ok((payloads, ()))
        })?;
        if member_changed {
            self.emit(CoreEvent::ProfileChanged);
        }
        if team_changed {
            self.emit(CoreEvent::TeamChanged);
        }
        self.snapshot()
    }

    /// Starts focusing for `minutes`. A running session is stopped first, so starting again
    /// replaces it rather than stacking two.
    pub fn start_focus(&mut self, minutes: u32, label: Option<&str>) -> Result<Snapshot> {
        let minutes = validate::validate_focus_minutes(minutes)?;
        let label = validate::focus_label(label)?;
        let me = self.require_me()?;
        let now = self.clock.now();
        let running = self.active_focus_of(&me.id, now)?;
        let take_over = match &running {
            Some(running) => self.take_over(running)?,
            None => Vec::new(),
        };
        let session_id = uuid::Uuid::now_v7().to_string();
        self.store.transact(now, |_| {
            let mut payloads = take_over;
            if let Some(running) = running {
                payloads.push(OpPayload::FocusStopped {
                    session_id: running.id,
                    stopped_at: format_instant(now),
                });
            }
            payloads.push(OpPayload::FocusStarted {
                session_id,
                member_id: me.id.clone(),
                started_at: format_instant(now),
                ends_at: format_instant(now + Duration::minutes(i64::from(minutes))),
                label,
            });
            Ok((payloads, ()))
        })?;
        self.emit(CoreEvent::FocusChanged);
        self.snapshot()
    }

    /// Stops the running focus session early.
    pub fn stop_focus(&mut self) -> Result<Snapshot> {
        let me = self.require_me()?;
        let now = self.clock.now();
        let Some(running) = self.active_focus_of(&me.id, now)? else {
            return Err(Error::Conflict(
                "You are not focusing, so there is nothing to stop.".into(),
            ));
        };
        let mut payloads = self.take_over(&running)?;
        payloads.push(OpPayload::FocusStopped {
            session_id: running.id,
            stopped_at: format_instant(now),
        });
        self.store.append(now, payloads)?;
        self.emit(CoreEvent::FocusChanged);
        self.snapshot()
    }

    /// Gives the running focus session `minutes` more (up to 12 hours in all from now).
    pub fn extend_focus(&mut self, minutes: u32) -> Result<Snapshot> {
        let minutes = validate::validate_focus_minutes(minutes)?;
        let me = self.require_me()?;
        let now = self.clock.now();
        let Some(running) = self.active_focus_of(&me.id, now)? else {
            return Err(Error::Conflict(
                "You are not focusing, so there is nothing to extend. Start focus instead.".into(),
            ));
        };
        let ends =
            crate::ops::parse_instant(&running.ends_at)? + Duration::minutes(i64::from(minutes));
        if ends - now > Duration::minutes(i64::from(validate::FOCUS_MAX_MINUTES)) {
            return Err(Error::invalid(
                "duration",
                "A focus session can run at most 12 hours from now; extend by less.",
            ));
        }
        let mut payloads = self.take_over(&running)?;
        payloads.push(OpPayload::FocusExtended {
            session_id: running.id,
            ends_at: format_instant(ends),
        });
        self.store.append(now, payloads)?;
        self.emit(CoreEvent::FocusChanged);
        self.snapshot()
    }

    /// My running focus session, if any.
    pub fn active_focus(&self) -> Result<Option<FocusSession>> {
        match self.me()? {
            Some(me) => self.active_focus_of(&me.id, self.clock.now()),
            None => Ok(None),
        }
    }

    /// All my focus sessions, newest first.
    pub fn focus_history(&self) -> Result<Vec<FocusSession>> {
        let Some(me) = self.me()? else {
            return Ok(Vec::new());
        };
        let mut statement = self.store.conn().prepare(
            "SELECT id, member_id, started_at, ends_at, stopped_at, label FROM focus_sessions
             WHERE member_id = ?1 ORDER BY started_at DESC",
        )?;
        let sessions = statement
            .query_map([&me.id], focus_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(sessions)
    }

    pub(crate) fn active_focus_of(
        &self,
        member_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<FocusSession>> {
        if let Some(session) = self.stored_focus(member_id, now)? {
            return Ok(Some(session));
        }
        let Some(member) = member_by_id(self.store.conn(), member_id)? else {
            return Ok(None);
        };
        Ok(block_focus(member_id, &self.rules_for(&member)?, now))
    }

    /// A session from the log (started by hand, or a block occurrence taken over) running now.
    fn stored_focus(&self, member_id: &str, now: DateTime<Utc>) -> Result<Option<FocusSession>> {
        let instant = format_instant(now);
        Ok(self
            .store
            .conn()
            .query_row(
                "SELECT id, member_id, started_at, ends_at, stopped_at, label FROM focus_sessions
                 WHERE member_id = ?1 AND started_at <= ?2 AND ends_at > ?2
                   AND (stopped_at IS NULL OR stopped_at > ?2)
                 ORDER BY started_at DESC LIMIT 1",
                [member_id, &instant],
                focus_row,
            )
            .optional()?)
    }

    /// Ops that turn a running block occurrence into a real session, so that stopping or
    /// extending it changes this occurrence only. Empty for a session already in the log.
    fn take_over(&self, running: &FocusSession) -> Result<Vec<OpPayload>> {
        if !running.id.starts_with("block:") {
            return Ok(Vec::new());
        }
        let stored: bool = self.store.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM focus_sessions WHERE id = ?1)",
            [&running.id],
            |row| row.get(0),
        )?;
        if stored {
            return Ok(Vec::new());
        }
        Ok(vec![OpPayload::FocusStarted {
            session_id: running.id.clone(),
            member_id: running.member_id.clone(),
            started_at: running.started_at.clone(),
            ends_at: running.ends_at.clone(),
            label: running.label.clone(),
        }])
    }

    /// Health report: where data lives, schema, op count, SQLite integrity, and whether
    /// replaying the log reproduces the stored tables.
    pub fn doctor(&mut self) -> Result<DoctorReport> {
        Ok(DoctorReport {
            data_dir: self.data_dir.display().to_string(),
            database: self.store.path().display().to_string(),
            schema_version: self.store.schema_version()?,
            device_id: self.store.device_id().to_owned(),
            op_count: self.store.op_count()?,
            integrity: self.store.integrity_check()?,
            rebuild_matches: self.store.rebuild_matches()?,
        })
    }

    /// Says whether another process committed since the last call (e.g. the CLI started
    /// focus while the app is open). Emits `ExternalChange` when it did.
    pub fn poll_external_change(&mut self) -> Result<bool> {
        let version = self.store.data_version()?;
        if version == self.seen_data_version {
            return Ok(false);
        }
        self.seen_data_version = version;
        self.emit(CoreEvent::ExternalChange);
        Ok(true)
    }

    pub(crate) fn require_me(&self) -> Result<Member> {
        self.me()?.ok_or_else(|| {
            Error::Conflict(
                "Meridian is not set up yet. Finish onboarding in the app, or run `meridian init`."
                    .into(),
            )
        })
    }

    pub(crate) fn emit(&self, event: CoreEvent) {
        self.events.emit(event);
    }
}

pub(crate) fn member_by_id(conn: &Connection, id: &str) -> Result<Option<Member>> {
    Ok(read_members(conn, "id = ?1", [id])?.into_iter().next())
}

/// Members matching `condition` (SQL after WHERE, may end with ORDER BY), in one query; the
/// one place a members row becomes a [`Member`].
pub(crate) fn read_members(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Member>> {
    let me = store::local_meta(conn, ME_KEY)?;
    let mut statement = conn.prepare_cached(&format!(
        "SELECT id, handle, display_name, time_zone, working_hours FROM members WHERE {condition}"
    ))?;
    let rows = statement
        .query_map(params, |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut members = Vec::with_capacity(rows.len());
    for (id, handle, display_name, time_zone, hours) in rows {
        let working_hours: WeeklyHours = match hours {
            Some(json) => serde_json::from_str(&json)?,
            None => WeeklyHours {
                days: vec![Vec::new(); 7],
            },
        };
        members.push(Member {
            is_me: me.as_deref() == Some(id.as_str()),
            id,
            handle: handle.unwrap_or_default(),
            display_name: display_name.unwrap_or_default(),
            time_zone: time_zone.unwrap_or_else(|| "UTC".into()),
            working_hours,
        });
    }
    Ok(members)
}

fn focus_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<FocusSession> {
    Ok(FocusSession {
        id: row.get(0)?,
        member_id: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
        started_at: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
        ends_at: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
        stopped_at: row.get(4)?,
        label: row.get(5)?,
    })
}

/// A recurring deep-work block running now counts as focus, on its own schedule.
fn block_focus(member_id: &str, rules: &MemberRules, now: DateTime<Utc>) -> Option<FocusSession> {
    rules
        .active_block(now)
        .map(|(block, day, interval)| FocusSession {
            id: crate::team::block_session_id(&block.id, day),
            member_id: member_id.to_owned(),
            started_at: format_instant(interval.start),
            ends_at: format_instant(interval.end),
            stopped_at: None,
            label: block.label.clone(),
        })
}

/// Refuses a @handle another member already has.
pub(crate) fn ensure_handle_free(
    conn: &Connection,
    handle: &str,
    except_member: Option<&str>,
) -> Result<()> {
    let holder: Option<String> = conn
        .query_row(
            "SELECT display_name FROM members WHERE handle = ?1 AND id IS NOT ?2 LIMIT 1",
            rusqlite::params![handle, except_member],
            |row| row.get(0),
        )
        .optional()?;
    match holder {
        Some(name) => Err(Error::invalid(
            "handle",
            format!("@{handle} is already taken by {name}; choose another @handle."),
        )),
        None => Ok(()),
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
    let until = crate::ops::parse_instant(&focus.ends_at)
        .map(|ends| availability::hhmm(&ends.with_timezone(&zone)))
        .unwrap_or_default();
    match &focus.label {
        Some(label) => format!("Focusing until {until} — {label}"),
        None => format!("Focusing until {until}"),
    }
}

/// All IANA time zone names, sorted.
pub fn time_zone_names() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name().to_owned())
        .collect();
    names.sort();
    names
}

/// The operating system's time zone as an IANA name, or `UTC` when it cannot be told.
pub fn system_time_zone() -> String {
    iana_time_zone::get_timezone()
        .ok()
        .filter(|name| name.parse::<Tz>().is_ok())
        .unwrap_or_else(|| "UTC".to_owned())
}

/// A member's @handle by id, or the id itself when the member is unknown.
pub fn member_handle(meridian: &Meridian, member_id: &str) -> String {
    member_by_id(meridian.store.conn(), member_id)
        .ok()
        .flatten()
        .map(|member| member.handle)
        .unwrap_or_else(|| member_id.to_owned())
}
