//! Teammates and their availability: members added locally, time off, planned zone changes,
//! manual statuses, recurring focus blocks, the on-call rotation, the board and overlaps.

use crate::app::{ensure_handle_free, member_by_id, read_members, Meridian, TEAM_KEY};
use crate::availability::{self, BlockRule, Interval, ManualStatus, MemberRules};
use crate::events::CoreEvent;
use crate::model::{
    FocusBlock, LocalSpan, Member, MemberInput, MemberNow, OnCallNow, OverlapResult, OverlapWindow,
    Rota, StatusKind, StripSegment, TeamBoard, TimeOff,
};
use crate::ops::{format_instant, parse_instant, OpPayload};
use crate::{validate, Error, Result};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// The member id on call now and their shift.
type CurrentShift = (String, Interval);

/// Longest overlap search, in days.
pub const OVERLAP_MAX_DAYS: u32 = 366;

impl Meridian {
    /// Everyone on the team, me first, then by name.
    pub fn members(&self) -> Result<Vec<Member>> {
        let mut members = read_members(
            self.store.conn(),
            "handle IS NOT NULL ORDER BY display_name COLLATE NOCASE, id",
            [],
        )?;
        members.sort_by_key(|member| !member.is_me);
        Ok(members)
    }

    /// Availability rules of these members (a handful of queries, whatever the team size),
    /// keyed by member id.
    pub fn all_rules(&self, members: &[Member]) -> Result<HashMap<String, MemberRules>> {
        self.load_rules(members, None)
    }

    /// Everything that decides a member's availability, loaded from the projections.
    pub fn rules_for(&self, member: &Member) -> Result<MemberRules> {
        self.load_rules(std::slice::from_ref(member), Some(&member.id))?
            .remove(&member.id)
            .ok_or_else(|| Error::NotFound(format!("no rules for @{}", member.handle)))
    }

    /// The one loader behind [`Self::all_rules`] and [`Self::rules_for`]; `only` narrows every
    /// query to one member.
    fn load_rules(
        &self,
        members: &[Member],
        only: Option<&str>,
    ) -> Result<HashMap<String, MemberRules>> {
        let conn = self.store.conn();
        let mut rules = HashMap::with_capacity(members.len());
        for member in members {
            rules.insert(
                member.id.clone(),
                MemberRules::plain(
                    validate::time_zone(&member.time_zone)?,
                    member.working_hours.clone(),
                ),
            );
        }
        let mut statement = conn.prepare_cached(
            "SELECT member_id, from_day, time_zone FROM zone_changes
             WHERE member_id IS NOT NULL AND (?1 IS NULL OR member_id = ?1) ORDER BY from_day",
        )?;
        for row in statement.query_map([only], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })? {
            let (member, day, zone) = row?;
            if let Some(entry) = rules.get_mut(&member) {
                entry
                    .zone_changes
                    .push((parse_day("from_day", &day)?, validate::time_zone(&zone)?));
            }
        }
        for entry in self.time_off_of(only)? {
            if let Some(rules) = rules.get_mut(&entry.member_id) {
                rules.time_off.push((
                    parse_day("first_day", &entry.first_day)?,
                    parse_day("last_day", &entry.last_day)?,
                ));
            }
        }
        for block in self.focus_blocks_of(only)? {
            if let Some(entry) = rules.get_mut(&block.member_id) {
                entry.focus_blocks.push(block_rule(block)?);
            }
        }
        let since = format_instant(self.clock.now() - Duration::days(2));
        let mut statement = conn.prepare_cached(
            "SELECT member_id, started_at, ends_at, stopped_at, id FROM focus_sessions
             WHERE member_id IS NOT NULL AND (?2 IS NULL OR member_id = ?2) AND ends_at > ?1",
        )?;
        for row in statement.query_map(rusqlite::params![since, only], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
            ))
        })? {
            let (member, started, ends, stopped, id) = row?;
            if let Some(entry) = rules.get_mut(&member) {
                let mut end = parse_instant(&ends)?;
                if let Some(stopped) = stopped {
                    end = end.min(parse_instant(&stopped)?);
                }
                entry.focus_sessions.push(Interval {
                    start: parse_instant(&started)?,
                    end,
                });
                mark_overridden(&mut entry.focus_blocks, &id);
            }
        }
        let mut statement = conn.prepare_cached(
            "SELECT id, kind, message, expires_at FROM statuses WHERE kind IS NOT NULL AND (?1 IS NULL OR id = ?1)",
        )?;
        for row in statement.query_map([only], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })? {
            let (member, kind, message, expires) = row?;
            if let Some(entry) = rules.get_mut(&member) {
                entry.manual = Some(ManualStatus {
                    kind: kind.parse()?,
                    message,
                    expires_at: expires.as_deref().map(parse_instant).transpose()?,
                });
            }
        }
        Ok(rules)
    }

    /// The member with this @handle (with or without the `@`).
    pub fn member_by_handle(&self, handle: &str) -> Result<Member> {
        let bare = handle.trim().trim_start_matches('@').to_lowercase();
        read_members(self.store.conn(), "handle = ?1", [&bare])?
            .into_iter()
            .next()
            .ok_or_else(|| unknown_handle(&bare))
    }

    /// Adds a teammate (until sync exists, teammates are entered by hand).
    pub fn add_member(&mut self, input: MemberInput) -> Result<Member> {
        let display_name = validate::display_name(&input.display_name)?;
        let handle = validate::handle(&input.handle)?;
        let time_zone = validate::time_zone(&input.time_zone)?.name().to_owned();
        let working_hours = validate::weekly_hours(&input.working_hours)?;
        let member_id = uuid::Uuid::now_v7().to_string();
        self.store.transact(self.clock.now(), |tx| {
            ensure_handle_free(tx, &handle, None)?;
            Ok((
                vec![OpPayload::MemberCreated {
                    member_id: member_id.clone(),
                    handle: handle.clone(),
                    display_name,
                    time_zone,
                    working_hours,
                }],
                (),
            ))
        })?;
        self.emit(CoreEvent::TeamChanged);
        self.member_by_handle(&handle)
    }

    /// Edits a teammate; only changed fields become ops.
    pub fn edit_member(&mut self, handle: &str, input: MemberInput) -> Result<Member> {
        let member = self.member_by_handle(handle)?;
        let display_name = validate::display_name(&input.display_name)?;
        let new_handle = validate::handle(&input.handle)?;
        let time_zone = validate::time_zone(&input.time_zone)?.name().to_owned();
        let working_hours = validate::weekly_hours(&input.working_hours)?;
        let changed = |old: &str, new: &str| (old != new).then(|| new.to_owned());
        let update = OpPayload::MemberUpdated {
            member_id: member.id.clone(),
            handle: changed(&member.handle, &new_handle),
            display_name: changed(&member.display_name, &display_name),
            time_zone: changed(&member.time_zone, &time_zone),
            working_hours: (member.working_hours != working_hours).then_some(working_hours),
        };
        self.store.transact(self.clock.now(), |tx| {
            ensure_handle_free(tx, &new_handle, Some(&member.id))?;
            Ok((vec![update], ()))
        })?;
        self.emit(CoreEvent::TeamChanged);
        self.member_by_handle(&new_handle)
    }

    /// Records days off for a member (local dates, inclusive).
    pub fn add_time_off(
        &mut self,
        handle: &str,
        first_day: &str,
        last_day: &str,
        note: Option<&str>,
    ) -> Result<TimeOff> {
        let member = self.member_by_handle(handle)?;
        let first = parse_day("first_day", first_day)?;
        let last = parse_day("last_day", last_day)?;
        if last < first {
            return Err(Error::invalid(
                "last_day",
                format!("Time off ends on {last}, before it starts on {first}; the last day must be on or after the first."),
            ));
        }
        if (last - first).num_days() > 365 {
            return Err(Error::invalid(
                "last_day",
                "Time off can cover at most a year at a time; add longer leave in parts.",
            ));
        }
        let note = validate::optional_text("note", "The note", note)?;
        let time_off = TimeOff {
            id: uuid::Uuid::now_v7().to_string(),
            member_id: member.id.clone(),
            first_day: first.to_string(),
            last_day: last.to_string(),
            note,
        };
        self.store.append(
            self.clock.now(),
            vec![OpPayload::TimeOffAdded {
                time_off_id: time_off.id.clone(),
                member_id: time_off.member_id.clone(),
                first_day: time_off.first_day.clone(),
                last_day: time_off.last_day.clone(),
                note: time_off.note.clone(),
            }],
        )?;
        self.emit(CoreEvent::TeamChanged);
        Ok(time_off)
    }

    /// Time off of one member, or everyone's, earliest first (archived entries left out).
    pub fn time_off(&self, handle: Option<&str>) -> Result<Vec<TimeOff>> {
        let member_id = handle
            .map(|handle| self.member_by_handle(handle))
            .transpose()?
            .map(|member| member.id);
        self.time_off_of(member_id.as_deref())
    }

    fn time_off_of(&self, member_id: Option<&str>) -> Result<Vec<TimeOff>> {
        let mut statement = self.store.conn().prepare_cached(
            "SELECT id, member_id, first_day, last_day, note FROM time_off
             WHERE archived = 0 AND member_id IS NOT NULL AND (?1 IS NULL OR member_id = ?1)
             ORDER BY first_day",
        )?;
        let rows = statement
            .query_map([member_id], |row| {
                Ok(TimeOff {
                    id: row.get(0)?,
                    member_id: row.get(1)?,
                    first_day: row.get(2)?,
                    last_day: row.get(3)?,
                    note: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Plans a move: from `from_day` (local date) the member works from `time_zone`.
    pub fn plan_zone_change(
        &mut self,
        handle: &str,
        from_day: &str,
        time_zone: &str,
    ) -> Result<()> {
        let member = self.member_by_handle(handle)?;
        let from = parse_day("from_day", from_day)?;
        let zone = validate::time_zone(time_zone)?;
        self.store.append(
            self.clock.now(),
            vec![OpPayload::ZoneChangePlanned {
                change_id: uuid::Uuid::now_v7().to_string(),
                member_id: member.id,
                from_day: from.to_string(),
                time_zone: zone.name().to_owned(),
            }],
        )?;
        self.emit(CoreEvent::TeamChanged);
        Ok(())
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
        let member = self.member_by_handle(handle)?;
        let message = validate::optional_text("message", "The status message", message)?;
        let now = self.clock.now();
        let expires_at = minutes
            .map(|minutes| {
                if minutes == 0 || minutes > 60 * 24 * 31 {
                    return Err(Error::invalid(
                        "duration",
                        "A status lasts from 1 minute to 31 days.",
                    ));
                }
                Ok(format_instant(now + Duration::minutes(i64::from(minutes))))
            })
            .transpose()?;
        self.store.append(
            now,
            vec![OpPayload::StatusSet {
                member_id: member.id,
                kind: kind.map(|kind| kind.as_str().to_owned()),
                message,
                expires_at,
            }],
        )?;
        self.emit(CoreEvent::TeamChanged);
        Ok(())
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
        let member = self.member_by_handle(handle)?;
        let mut days: Vec<u8> = weekdays.to_vec();
        days.sort_unstable();
        days.dedup();
        if days.is_empty() || days.iter().any(|day| *day > 6) {
            return Err(Error::invalid(
                "weekdays",
                "Pick at least one weekday, Monday (mon) to Sunday (sun).",
            ));
        }
        let start_minutes =
            validate::clock_time(start, false).map_err(|err| retarget(err, "start"))?;
        let end_minutes = validate::clock_time(end, true).map_err(|err| retarget(err, "end"))?;
        if end_minutes <= start_minutes {
            return Err(Error::invalid("end", format!("The focus block {start}–{end} ends before it starts; the end must be later on the same day.")));
        }
        let label = validate::focus_label(label)?;
        for existing in self.focus_blocks(Some(&member.handle))? {
            let shared = existing.weekdays.iter().any(|day| days.contains(day));
            let (other_start, other_end) = (
                validate::clock_time(&existing.start, false)?,
                validate::clock_time(&existing.end, true)?,
            );
            if shared && start_minutes < other_end && other_start < end_minutes {
                return Err(Error::invalid(
                    "start",
                    format!(
                        "{start}–{end} overlaps the focus block {}–{}{} on a shared day. Change the times, or remove that block first.",
                        existing.start,
                        existing.end,
                        existing.label.as_deref().map(|label| format!(" ({label})")).unwrap_or_default()
                    ),
                ));
            }
        }
        let block = FocusBlock {
            id: uuid::Uuid::now_v7().to_string(),
            member_id: member.id.clone(),
            weekdays: days,
            start: validate::format_minutes(start_minutes),
            end: validate::format_minutes(end_minutes),
            label,
        };
        self.store.append(
            self.clock.now(),
            vec![OpPayload::FocusBlockAdded {
                block_id: block.id.clone(),
                member_id: block.member_id.clone(),
                weekdays: block.weekdays.clone(),
                start: block.start.clone(),
                end: block.end.clone(),
                label: block.label.clone(),
            }],
        )?;
        self.emit(CoreEvent::FocusChanged);
        Ok(block)
    }

    /// Recurring focus blocks of one member (or everyone's), by start time.
    pub fn focus_blocks(&self, handle: Option<&str>) -> Result<Vec<FocusBlock>> {
        let member_id = handle
            .map(|handle| self.member_by_handle(handle))
            .transpose()?
            .map(|member| member.id);
        self.focus_blocks_of(member_id.as_deref())
    }

    fn focus_blocks_of(&self, member_id: Option<&str>) -> Result<Vec<FocusBlock>> {
        let mut statement = self.store.conn().prepare_cached(
            "SELECT id, member_id, weekdays, start_time, end_time, label FROM focus_blocks
             WHERE archived = 0 AND member_id IS NOT NULL AND (?1 IS NULL OR member_id = ?1)
             ORDER BY start_time",
        )?;
        let rows = statement
            .query_map([member_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, member_id, weekdays, start, end, label)| {
                Ok(FocusBlock {
                    id,
                    member_id,
                    weekdays: serde_json::from_str(&weekdays)?,
                    start,
                    end,
                    label,
                })
            })
            .collect()
    }

    /// Archives a focus block (it stays in the log; it no longer recurs).
    pub fn remove_focus_block(&mut self, block_id: &str) -> Result<()> {
        let exists: bool = self.store.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM focus_blocks WHERE id = ?1 AND archived = 0)",
            [block_id],
            |row| row.get(0),
        )?;
        if !exists {
            return Err(Error::NotFound(format!(
                "No focus block with id {block_id}. `meridian focus block list` shows the ids."
            )));
        }
        self.store.append(
            self.clock.now(),
            vec![OpPayload::FocusBlockArchived {
                block_id: block_id.to_owned(),
            }],
        )?;
        self.emit(CoreEvent::FocusChanged);
        Ok(())
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
        if handles.is_empty() {
            return Err(Error::invalid(
                "members",
                "A rotation needs at least one @handle.",
            ));
        }
        let mut member_ids = Vec::new();
        for handle in handles {
            member_ids.push(self.member_by_handle(handle)?.id);
        }
        if !(1..=24 * 28).contains(&shift_hours) {
            return Err(Error::invalid("shift_hours", "A shift lasts from 1 hour to 4 weeks (672 hours); use 24 for daily, 168 for weekly."));
        }
        let handoff = validate::clock_time(handoff_time, false)
            .map_err(|err| retarget(err, "handoff_time"))?;
        let zone = validate::time_zone(handoff_zone)?;
        let first = parse_day("first_day", first_day)?;
        let team_id =
            crate::store::local_meta(self.store.conn(), TEAM_KEY)?.unwrap_or_else(|| "team".into());
        let rota = Rota {
            member_ids,
            shift_hours,
            handoff_time: validate::format_minutes(handoff),
            handoff_zone: zone.name().to_owned(),
            first_day: first.to_string(),
        };
        self.store.append(
            self.clock.now(),
            vec![OpPayload::RotaSet {
                rota_id: team_id,
                members: rota.member_ids.clone(),
                shift_hours,
                handoff_time: rota.handoff_time.clone(),
                handoff_zone: rota.handoff_zone.clone(),
                first_day: rota.first_day.clone(),
            }],
        )?;
        self.emit(CoreEvent::TeamChanged);
        Ok(rota)
    }

    /// The team's rotation, if one is set.
    pub fn rota(&self) -> Result<Option<Rota>> {
        let row = self
            .store
            .conn()
            .query_row(
                "SELECT members, shift_hours, handoff_time, handoff_zone, first_day FROM rotas
                 WHERE members IS NOT NULL ORDER BY rota_lww DESC LIMIT 1",
                [],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                    ))
                },
            )
            .optional()?;
        row.map(
            |(members, shift_hours, handoff_time, handoff_zone, first_day)| {
                Ok(Rota {
                    member_ids: serde_json::from_str(&members)?,
                    shift_hours,
                    handoff_time,
                    handoff_zone,
                    first_day,
                })
            },
        )
        .transpose()
    }

    /// Who is on call now and next, as member ids with instants, plus the current shift.
    pub(crate) fn on_call_shifts(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<(OnCallNow, Option<CurrentShift>)>> {
        let Some(rota) = self.rota()? else {
            return Ok(None);
        };
        let zone = validate::time_zone(&rota.handoff_zone)?;
        let first = parse_day("first_day", &rota.first_day)?;
        let handoff = validate::clock_time(&rota.handoff_time, false)?;
        let Some(((current, shift), (next, next_shift))) = availability::on_call_at(
            rota.member_ids.len(),
            rota.shift_hours,
            zone,
            first,
            handoff,
            now,
        ) else {
            return Ok(None);
        };
        let current_id = rota.member_ids.get(current).cloned();
        Ok(Some((
            OnCallNow {
                current: current_id.clone(),
                current_until: current_id.as_ref().map(|_| format_instant(shift.end)),
                next: rota.member_ids.get(next).cloned(),
                next_from: Some(format_instant(next_shift.start)),
            },
            current_id.map(|id| (id, shift)),
        )))
    }

    /// Who is on call now and next (member ids replaced by handles).
    pub fn on_call_now(&self) -> Result<Option<OnCallNow>> {
        let Some((mut on_call, _)) = self.on_call_shifts(self.clock.now())? else {
            return Ok(None);
        };
        on_call.current = on_call.current.map(|id| self.handle_of(&id)).transpose()?;
        on_call.next = on_call.next.map(|id| self.handle_of(&id)).transpose()?;
        Ok(Some(on_call))
    }

    fn handle_of(&self, member_id: &str) -> Result<String> {
        Ok(member_by_id(self.store.conn(), member_id)?
            .map(|member| member.handle)
            .unwrap_or_else(|| member_id.to_owned()))
    }

    /// The team availability board, aligned to my local day; available people first.
    pub fn team_board(&self) -> Result<TeamBoard> {
        let now = self.clock.now();
        let members = self.members()?;
        let mut all_rules = self.all_rules(&members)?;
        let viewer_zone: Tz = members
            .iter()
            .find(|member| member.is_me)
            .and_then(|me| all_rules.get(&me.id))
            .map_or(chrono_tz::UTC, |rules| rules.zone_at(now));
        // Handles by id, for the on-call summary, from the rows already loaded.
        let handles: HashMap<String, String> = members
            .iter()
            .map(|member| (member.id.clone(), member.handle.clone()))
            .collect();
        let local_midnight = now
            .with_timezone(&viewer_zone)
            .date_naive()
            .and_time(NaiveTime::MIN);
        let day_start = availability::resolve_local(viewer_zone, local_midnight);
        let day_end = availability::resolve_local(viewer_zone, local_midnight + Duration::days(1));
        let my_offset = offset_minutes(now, viewer_zone);
        let shifts = self.on_call_shifts(now)?;
        let current_shift = shifts.as_ref().and_then(|(_, shift)| shift.clone());
        let mut rows = Vec::with_capacity(members.len());
        for member in members {
            let Some(rules) = all_rules.remove(&member.id) else {
                continue;
            };
            let zone = rules.zone_at(now);
            let shift = current_shift
                .as_ref()
                .filter(|(id, _)| *id == member.id)
                .map(|(_, shift)| *shift);
            let (status, timeline) = rules.status_and_timeline(now, shift);
            let local = now.with_timezone(&zone);
            let mut strip = Vec::new();
            for (kind, intervals) in [
                ("work", &timeline.working),
                ("focus", &timeline.focus),
                ("off", &timeline.time_off),
            ] {
                strip.extend(
                    availability::clip(intervals.clone(), day_start, day_end)
                        .into_iter()
                        .map(|interval| StripSegment {
                            kind: kind.to_owned(),
                            start: format_instant(interval.start),
                            end: format_instant(interval.end),
                        }),
                );
            }
            let status_message = rules
                .manual
                .as_ref()
                .filter(|manual| manual.expires_at.is_none_or(|at| at > now))
                .and_then(|manual| manual.message.clone());
            rows.push(MemberNow {
                time_zone: zone.name().to_owned(),
                local_time: availability::hhmm(&local),
                local_date: format!(
                    "{} {} {}",
                    availability::weekday_short(&local),
                    local.day(),
                    availability::month_short(&local)
                ),
                utc_offset: availability::utc_offset(now, zone),
                offset_from_me_minutes: offset_minutes(now, zone) - my_offset,
                status: status.kind,
                status_text: status_text(status.kind, status.until, zone, now),
                status_message,
                until: status.until.map(format_instant),
                next_available: status.next_available.map(format_instant),
                on_call: shift.is_some(),
                strip,
                member,
            });
        }
        // Reachable first (available, then on call), then by when they are next available.
        rows.sort_by_key(|row| {
            let rank = match row.status {
                StatusKind::Available => 0,
                StatusKind::OnCall => 1,
                StatusKind::Focusing => 2,
                StatusKind::Away => 3,
                StatusKind::Off => 4,
            };
            (
                rank,
                row.next_available.clone().unwrap_or_default(),
                row.member.display_name.to_lowercase(),
            )
        });
        let handle = |id: String| handles.get(&id).cloned().unwrap_or(id);
        let on_call = shifts.map(|(on_call, _)| OnCallNow {
            current: on_call.current.map(handle),
            next: on_call.next.map(handle),
            ..on_call
        });
        Ok(TeamBoard {
            now: format_instant(now),
            viewer_zone: viewer_zone.name().to_owned(),
            day_start: format_instant(day_start),
            day_end: format_instant(day_end),
            members: rows,
            on_call,
        })
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
        if handles.is_empty() {
            return Err(Error::invalid(
                "members",
                "Name at least one @handle to find overlap for (e.g. @ada @grace).",
            ));
        }
        if days == 0 || days > OVERLAP_MAX_DAYS {
            return Err(Error::invalid(
                "days",
                format!("Search 1 to {OVERLAP_MAX_DAYS} days; {days} is out of range."),
            ));
        }
        // One query for exactly the people named, not one per handle nor the whole team.
        let bare: Vec<String> = handles
            .iter()
            .map(|handle| handle.trim().trim_start_matches('@').to_lowercase())
            .collect();
        let found = read_members(
            self.store.conn(),
            "handle IN (SELECT value FROM json_each(?1))",
            [serde_json::to_string(&bare)?],
        )?;
        let mut named: Vec<Member> = Vec::new();
        for handle in &bare {
            let member = found
                .iter()
                .find(|member| member.handle == *handle)
                .ok_or_else(|| unknown_handle(handle))?;
            if !named.iter().any(|known| known.id == member.id) {
                named.push(member.clone());
            }
        }
        let mut rules = self.all_rules(&named)?;
        let members: Vec<(Member, MemberRules)> = named
            .into_iter()
            .filter_map(|member| rules.remove(&member.id).map(|rules| (member, rules)))
            .collect();
        let min_members = min_members.unwrap_or(members.len());
        if min_members == 0 || min_members > members.len() {
            return Err(Error::invalid(
                "min_members",
                format!(
                    "--min-members must be between 1 and the {} people named; got {min_members}.",
                    members.len()
                ),
            ));
        }
        let first_day = parse_day("from", from)?;
        let viewer_zone = match self.me()? {
            Some(me) => self.rules_for(&me)?.zone_on(first_day),
            None => chrono_tz::UTC,
        };
        let start = availability::resolve_local(viewer_zone, first_day.and_time(NaiveTime::MIN));
        let end = availability::resolve_local(
            viewer_zone,
            (first_day + Duration::days(i64::from(days))).and_time(NaiveTime::MIN),
        );
        let rules: Vec<&MemberRules> = members.iter().map(|(_, rules)| rules).collect();
        let windows: Vec<OverlapWindow> = availability::overlap(&rules, start, end, min_members)
            .into_iter()
            .map(|(interval, who)| OverlapWindow {
                start: format_instant(interval.start),
                end: format_instant(interval.end),
                minutes: (interval.end - interval.start).num_minutes(),
                handles: who
                    .iter()
                    .map(|index| members[*index].0.handle.clone())
                    .collect(),
                local: {
                    // Teammates share zones: format each zone's wall times once per window.
                    let mut texts: Vec<(Tz, String)> = Vec::new();
                    who.iter()
                        .map(|index| {
                            let (member, rules) = &members[*index];
                            let zone = if rules.zone_changes.is_empty() {
                                rules.zone
                            } else {
                                rules.zone_at(interval.start)
                            };
                            let text = match texts.iter().find(|(known, _)| *known == zone) {
                                Some((_, text)) => text.clone(),
                                None => {
                                    let text = local_span(interval, zone);
                                    texts.push((zone, text.clone()));
                                    text
                                }
                            };
                            LocalSpan {
                                handle: member.handle.clone(),
                                time_zone: zone.name().to_owned(),
                                text,
                            }
                        })
                        .collect()
                },
            })
            .collect();
        let best = windows
            .iter()
            .max_by(|a, b| {
                (a.handles.len(), a.minutes)
                    .cmp(&(b.handles.len(), b.minutes))
                    // Prefer the earlier window on a tie: max_by keeps the last maximum.
                    .then(b.start.cmp(&a.start))
            })
            .cloned();
        Ok(OverlapResult { windows, best })
    }
}

/// The session id that takes over one occurrence of a recurring block.
pub fn block_session_id(block_id: &str, day: NaiveDate) -> String {
    format!("block:{block_id}:{day}")
}

/// Marks the block occurrence a session took over, if the session id says it did.
fn mark_overridden(blocks: &mut [BlockRule], session_id: &str) {
    let Some(rest) = session_id.strip_prefix("block:") else {
        return;
    };
    let Some((block_id, day)) = rest.rsplit_once(':') else {
        return;
    };
    let Ok(day) = NaiveDate::parse_from_str(day, "%Y-%m-%d") else {
        return;
    };
    if let Some(block) = blocks.iter_mut().find(|block| block.id == block_id) {
        block.overridden.push(day);
    }
}

fn block_rule(block: FocusBlock) -> Result<BlockRule> {
    Ok(BlockRule {
        start: validate::clock_time(&block.start, false)?,
        end: validate::clock_time(&block.end, true)?,
        id: block.id,
        label: block.label,
        weekdays: block.weekdays,
        overridden: Vec::new(),
    })
}

fn unknown_handle(handle: &str) -> Error {
    Error::NotFound(format!(
        "No teammate has the handle @{handle}. `meridian member list` shows who is on the team."
    ))
}

/// Re-labels a validation error to the input field it came from.
fn retarget(err: Error, field: &'static str) -> Error {
    match err {
        Error::Invalid { message, .. } => Error::Invalid { field, message },
        other => other,
    }
}

/// A date written `YYYY-MM-DD`.
pub fn parse_day(field: &'static str, raw: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            field,
            format!("{raw:?} is not a date. Write it as YYYY-MM-DD, e.g. 2026-12-01."),
        )
    })
}

fn offset_minutes(now: DateTime<Utc>, zone: Tz) -> i32 {
    use chrono::Offset;
    now.with_timezone(&zone).offset().fix().local_minus_utc() / 60
}

/// "Focusing until 11:30", "Off until Mon 09:00", in the member's local time.
fn status_text(
    kind: StatusKind,
    until: Option<DateTime<Utc>>,
    zone: Tz,
    now: DateTime<Utc>,
) -> String {
    let word = match kind {
        StatusKind::Available => "Available",
        StatusKind::Focusing => "Focusing",
        StatusKind::Away => "Away",
        StatusKind::Off => "Off",
        StatusKind::OnCall => "On call",
    };
    match until {
        None => word.to_owned(),
        Some(until) => {
            let local = until.with_timezone(&zone);
            if local.date_naive() == now.with_timezone(&zone).date_naive() {
                format!("{word} until {}", availability::hhmm(&local))
            } else {
                format!(
                    "{word} until {} {}",
                    availability::weekday_short(&local),
                    availability::hhmm(&local)
                )
            }
        }
    }
}

/// "Mon 09:00–11:30" (or "Mon 22:00–Tue 01:00") in `zone`.
fn local_span(interval: Interval, zone: Tz) -> String {
    use availability::{hhmm, weekday_short};
    let start = interval.start.with_timezone(&zone);
    let end = interval.end.with_timezone(&zone);
    if start.date_naive() == end.date_naive() {
        format!("{} {}–{}", weekday_short(&start), hhmm(&start), hhmm(&end))
    } else {
        format!(
            "{} {}–{} {}",
            weekday_short(&start),
            hhmm(&start),
            weekday_short(&end),
            hhmm(&end)
        )
    }
}
