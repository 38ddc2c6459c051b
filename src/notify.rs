//! Notifications: a persistent queue, and the policy that turns it into few, well-timed system
//! notifications — batched at the times each person picks, held outside working hours, on time
//! off and during focus, with urgent, allowlisted and on-call items going out at once.
//!
//! Delivery is exactly once per device: the items a system notification covers are marked in
//! the same transaction that decides to show it, before it is shown, and only the process
//! holding the profile's delivery lock delivers at all.

use crate::app::{member_by_id, Meridian};
use crate::availability::MemberRules;
use crate::events::CoreEvent;
use crate::model::{DeliveryRecord, InboxItem, NotifyOutlook, NotifySettings, StatusKind};
use crate::ops::{format_instant, parse_instant, OpPayload};
use crate::{store, validate, Error, Result};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior};

/// A notification as the operating system shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemNotification {
    pub title: String,
    pub body: String,
    pub urgent: bool,
}

/// The `Notifier` port: shows a system notification. Implemented with notify-rust for the
/// desktop and the daemon, and by recorders in tests.
pub trait Notifier: Send + Sync {
    fn show(&self, notification: &SystemNotification) -> Result<()>;
}

/// Shows notifications through the desktop's notification service (D-Bus on Linux).
#[derive(Debug, Default, Clone, Copy)]
pub struct DesktopNotifier;

impl Notifier for DesktopNotifier {
    fn show(&self, notification: &SystemNotification) -> Result<()> {
        let mut builder = notify_rust::Notification::new();
        builder
            .appname("Meridian")
            .summary(&notification.title)
            .body(&notification.body);
        if notification.urgent {
            #[cfg(all(unix, not(target_os = "macos")))]
            builder.urgency(notify_rust::Urgency::Critical);
        }
        builder
            .show()
            .map(drop)
            .map_err(|err| Error::Storage(format!("could not show a system notification: {err}")))
    }
}

/// A notifier that records what it was asked to show and when, for tests.
#[derive(Debug)]
pub struct RecordingNotifier {
    clock: std::sync::Arc<dyn crate::Clock>,
    shown: std::sync::Mutex<Vec<(DateTime<Utc>, SystemNotification)>>,
}

impl RecordingNotifier {
    pub fn new(clock: std::sync::Arc<dyn crate::Clock>) -> Self {
        RecordingNotifier {
            clock,
            shown: Default::default(),
        }
    }

    /// Everything shown so far, with the instant it was shown.
    pub fn shown(&self) -> Vec<(DateTime<Utc>, SystemNotification)> {
        self.shown
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl Notifier for RecordingNotifier {
    fn show(&self, notification: &SystemNotification) -> Result<()> {
        let at = self.clock.now();
        self.shown
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((at, notification.clone()));
        Ok(())
    }
}

/// Local-meta key: the instant up to which delivery times have been considered.
const CHECKED_KEY: &str = "notify_checked_at";
/// How far ahead to look for the next delivery time.
const LOOKAHEAD_DAYS: i64 = 14;

/// A queued item as the policy sees it.
#[derive(Debug, Clone)]
struct Pending {
    id: String,
    sender_id: Option<String>,
    title: String,
    body: Option<String>,
    urgent: bool,
}

/// What one pass of the scheduler did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryPass {
    /// System notifications shown in this pass.
    pub shown: usize,
    /// When the scheduler should look again (a delivery time, or a hold ending).
    pub next_check: Option<DateTime<Utc>>,
}

impl Meridian {
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
        let recipient = self.member_by_handle(to)?;
        let sender = from
            .map(|handle| self.member_by_handle(handle))
            .transpose()?;
        let title = title.trim();
        if title.is_empty() || title.chars().count() > 200 {
            return Err(Error::invalid(
                "title",
                "A notification title has 1 to 200 characters.",
            ));
        }
        let body = body
            .map(str::trim)
            .filter(|body| !body.is_empty())
            .map(str::to_owned);
        if body
            .as_ref()
            .is_some_and(|body| body.chars().count() > 2000)
        {
            return Err(Error::invalid(
                "body",
                "A notification body has at most 2000 characters.",
            ));
        }
        let kind = kind.trim().to_lowercase();
        if !matches!(
            kind.as_str(),
            "mention" | "reply" | "update" | "decision" | "checkin" | "task"
        ) {
            return Err(Error::invalid(
                "kind",
                format!("{kind:?} is not a notification kind; use mention, reply, update, decision, checkin or task."),
            ));
        }
        let now = self.clock.now();
        let id = uuid::Uuid::now_v7().to_string();
        self.store.append(
            now,
            vec![OpPayload::NotificationQueued {
                notification_id: id.clone(),
                recipient_id: recipient.id,
                sender_id: sender.as_ref().map(|sender| sender.id.clone()),
                kind: kind.clone(),
                title: title.to_owned(),
                body: body.clone(),
                urgent,
                created_at: format_instant(now),
            }],
        )?;
        self.emit(CoreEvent::NotificationsChanged);
        Ok(InboxItem {
            id,
            sender_handle: sender.as_ref().map(|sender| sender.handle.clone()),
            sender_name: sender.map(|sender| sender.display_name),
            kind,
            title: title.to_owned(),
            body,
            urgent,
            created_at: format_instant(now),
            delivered: false,
        })
    }

    /// My inbox, newest first: every item at once, whether or not a system notification has
    /// covered it yet.
    pub fn inbox(&self, limit: usize) -> Result<Vec<InboxItem>> {
        let Some(me) = self.me()? else {
            return Ok(Vec::new());
        };
        let watermark = digest_watermark(self.store.conn(), &me.id)?;
        let mut statement = self.store.conn().prepare(
            "SELECT n.id, n.sender_id, n.kind, n.title, n.body, n.urgent, n.created_at, o.seq,
                    o.delivered
             FROM notifications n JOIN inbox_order o ON o.notification_id = n.id
             WHERE n.recipient_id = ?1 ORDER BY o.seq DESC LIMIT ?2",
        )?;
        let rows = statement
            .query_map(rusqlite::params![me.id, limit as i64], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, bool>(5)?,
                    row.get::<_, String>(6)?,
                    row.get::<_, i64>(7)?,
                    row.get::<_, bool>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut items = Vec::with_capacity(rows.len());
        for (id, sender_id, kind, title, body, urgent, created_at, seq, single) in rows {
            let sender = match sender_id {
                Some(sender_id) => member_by_id(self.store.conn(), &sender_id)?,
                None => None,
            };
            items.push(InboxItem {
                id,
                sender_handle: sender.as_ref().map(|sender| sender.handle.clone()),
                sender_name: sender.map(|sender| sender.display_name),
                kind,
                title,
                body,
                urgent,
                created_at,
                delivered: single || seq <= watermark,
            });
        }
        Ok(items)
    }

    /// My delivery settings (defaults: as they come, urgent only in working hours).
    pub fn notify_settings(&self) -> Result<NotifySettings> {
        let me = self.require_me()?;
        let (times, urgent_outside_hours, allowlist) = load_prefs(self.store.conn(), &me.id)?;
        let mut handles = Vec::new();
        for id in allowlist {
            handles.extend(member_by_id(self.store.conn(), &id)?.map(|member| member.handle));
        }
        Ok(NotifySettings {
            times,
            urgent_outside_hours,
            allowlist: handles,
        })
    }

    /// Sets my delivery times per weekday (seven lists, Monday first; all empty = as they come).
    pub fn set_notify_schedule(&mut self, times: &[Vec<String>]) -> Result<NotifySettings> {
        let me = self.require_me()?;
        if times.len() != 7 {
            return Err(Error::invalid(
                "times",
                format!(
                    "Delivery times need 7 days (Monday to Sunday); got {}.",
                    times.len()
                ),
            ));
        }
        let mut normalised = Vec::with_capacity(7);
        for day in times {
            let mut minutes = Vec::new();
            for time in day {
                minutes.push(validate::clock_time(time, false).map_err(|_| {
                    Error::invalid("times", format!("{time:?} is not a delivery time. Use 24-hour HH:MM like 09:30 or 16:30."))
                })?);
            }
            minutes.sort_unstable();
            minutes.dedup();
            if minutes.len() > 24 {
                return Err(Error::invalid("times", "At most 24 delivery times a day."));
            }
            normalised.push(
                minutes
                    .into_iter()
                    .map(validate::format_minutes)
                    .collect::<Vec<_>>(),
            );
        }
        self.store.append(
            self.clock.now(),
            vec![OpPayload::NotifyScheduleSet {
                member_id: me.id,
                times: normalised,
            }],
        )?;
        self.emit(CoreEvent::NotificationsChanged);
        self.notify_settings()
    }

    /// Sets whether urgent items may reach me outside working hours, and who always gets through.
    pub fn set_notify_prefs(
        &mut self,
        urgent_outside_hours: bool,
        allowlist: &[String],
    ) -> Result<NotifySettings> {
        let me = self.require_me()?;
        let mut ids = Vec::new();
        for handle in allowlist {
            ids.push(self.member_by_handle(handle)?.id);
        }
        self.store.append(
            self.clock.now(),
            vec![OpPayload::NotifyPrefsSet {
                member_id: me.id,
                urgent_outside_hours,
                allowlist: ids,
            }],
        )?;
        self.emit(CoreEvent::NotificationsChanged);
        self.notify_settings()
    }

    /// How many items wait for a system notification, until when, and why.
    pub fn notify_outlook(&self) -> Result<NotifyOutlook> {
        let Some(me) = self.me()? else {
            return Ok(NotifyOutlook {
                pending: 0,
                next_delivery: None,
                held_because: None,
            });
        };
        let now = self.clock.now();
        let pending = pending_count(self.store.conn(), &me.id)?;
        let context = self.policy_context(&me.id)?;
        let next = if pending == 0 {
            None
        } else {
            context.next_batch_time(now)
        };
        let held_because = if pending == 0 || context.available_now(now) {
            None
        } else {
            Some(match context.rules.status_at(now, None).kind {
                StatusKind::Focusing => "You are focusing".to_owned(),
                StatusKind::Off => "Outside your working hours".to_owned(),
                _ => "Your status holds notifications".to_owned(),
            })
        };
        Ok(NotifyOutlook {
            pending,
            next_delivery: next.map(format_instant),
            held_because,
        })
    }

    /// System notifications shown recently, newest first.
    pub fn deliveries(&self, limit: usize) -> Result<Vec<DeliveryRecord>> {
        let mut statement = self.store.conn().prepare(
            "SELECT id, delivered_at, item_count, title, body FROM deliveries ORDER BY delivered_at DESC, rowid DESC LIMIT ?1",
        )?;
        let rows = statement
            .query_map([limit as i64], |row| {
                Ok(DeliveryRecord {
                    id: row.get(0)?,
                    delivered_at: row.get(1)?,
                    item_count: row.get(2)?,
                    title: row.get(3)?,
                    body: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One scheduler pass at `now`: shows what is due through `notifier` and says when to look
    /// again. Safe to call as often as you like; nothing is shown twice.
    pub fn deliver_due(&mut self, notifier: &dyn Notifier) -> Result<DeliveryPass> {
        let now = self.clock.now();
        let Some(me) = self.me()? else {
            return Ok(DeliveryPass {
                shown: 0,
                next_check: None,
            });
        };
        let context = self.policy_context(&me.id)?;
        let names = self.sender_names()?;
        // Immediate: the write lock is taken before reading what is pending, so two processes
        // can never both decide to deliver the same items.
        let tx = Transaction::new_unchecked(self.store.conn(), TransactionBehavior::Immediate)?;
        let checked_at = store::local_meta(&tx, CHECKED_KEY)?
            .map(|text| parse_instant(&text))
            .transpose()?
            .unwrap_or(now);
        let urgent_allowed = context.urgent_outside_hours || context.working_now(now);
        let immediate = immediate_items(&tx, &me.id, urgent_allowed, &context.allowlist)?;
        let mut to_show = Vec::new();
        if immediate.len() > MAX_SEPARATE {
            // A flood of urgent items becomes one notification rather than a wall of pop-ups.
            let notification = SystemNotification {
                title: format!("{} urgent updates", immediate.len()),
                body: immediate
                    .iter()
                    .rev()
                    .take(3)
                    .map(|item| format!("• {}{}", sender_prefix(item, &names), item.title))
                    .collect::<Vec<_>>()
                    .join("\n"),
                urgent: true,
            };
            for item in &immediate {
                record_delivery(&tx, &me.id, None, Some(&item.id), now, 1, &notification)?;
            }
            to_show.push(notification);
        } else {
            for item in &immediate {
                let notification = single_notification(item, &names);
                record_delivery(&tx, &me.id, None, Some(&item.id), now, 1, &notification)?;
                to_show.push(notification);
            }
        }
        let batch = batch_summary(&tx, &me.id)?;
        let batch_due = batch.is_some()
            && (context.on_call
                || if context.as_they_come() {
                    context.available_now(now)
                } else {
                    context.slot_due(checked_at, now)
                });
        if let (true, Some(batch)) = (batch_due, batch) {
            let notification = digest_notification(&batch, &names);
            record_delivery(
                &tx,
                &me.id,
                Some(batch.up_to_seq),
                None,
                now,
                batch.count,
                &notification,
            )?;
            to_show.push(notification);
        }
        store::set_local_meta(&tx, CHECKED_KEY, &format_instant(now))?;
        tx.commit()?;
        // Shown after the commit: a crash in between loses one pop-up (the inbox still has
        // every item) rather than ever showing the same digest twice.
        for notification in &to_show {
            if let Err(err) = notifier.show(notification) {
                eprintln!("meridian: {err}");
            }
        }
        if !to_show.is_empty() {
            self.emit(CoreEvent::NotificationsChanged);
        }
        // Held items go out at the next delivery time or, as they come, when the hold ends:
        // both are among these two, so one look covers every case.
        let next_check = [context.next_slot_after(now), context.next_hold_change(now)]
            .into_iter()
            .flatten()
            .filter(|at| *at > now)
            .min();
        Ok(DeliveryPass {
            shown: to_show.len(),
            next_check,
        })
    }

    fn sender_names(&self) -> Result<std::collections::HashMap<String, String>> {
        let mut statement = self
            .store
            .conn()
            .prepare("SELECT id, display_name FROM members WHERE display_name IS NOT NULL")?;
        let rows = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn policy_context(&self, member_id: &str) -> Result<PolicyContext> {
        let me = member_by_id(self.store.conn(), member_id)?
            .ok_or_else(|| Error::NotFound("profile not found".into()))?;
        let rules = self.rules_for(&me)?;
        let (times, urgent_outside_hours, allowlist) = load_prefs(self.store.conn(), member_id)?;
        let minutes = times
            .iter()
            .map(|day| {
                day.iter()
                    .filter_map(|time| validate::clock_time(time, false).ok())
                    .collect()
            })
            .collect();
        let on_call = self
            .on_call_shifts(self.clock.now())?
            .and_then(|(_, shift)| shift)
            .is_some_and(|(member_id, _)| member_id == me.id);
        Ok(PolicyContext {
            rules,
            times: minutes,
            urgent_outside_hours,
            allowlist,
            on_call,
        })
    }
}

/// Everything the delivery policy needs, as plain values.
#[derive(Debug, Clone)]
pub struct PolicyContext {
    pub rules: MemberRules,
    /// Minutes after local midnight, per weekday (Monday first).
    pub times: Vec<Vec<u32>>,
    pub urgent_outside_hours: bool,
    pub allowlist: Vec<String>,
    pub on_call: bool,
}

impl PolicyContext {
    pub fn as_they_come(&self) -> bool {
        self.times.iter().all(Vec::is_empty)
    }

    /// Not held: working, not on time off, not focusing, no manual status saying otherwise.
    pub fn available_now(&self, now: DateTime<Utc>) -> bool {
        self.rules
            .available_between(now, now + Duration::minutes(1))
            .first()
            .is_some_and(|first| first.start <= now)
    }

    pub fn working_now(&self, now: DateTime<Utc>) -> bool {
        self.rules
            .working_between(now, now + Duration::minutes(1))
            .first()
            .is_some_and(|first| first.start <= now)
    }

    /// Delivery times as instants in `(after, until]`, each in the zone in effect that day.
    fn slots_between(&self, after: DateTime<Utc>, until: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        let mut slots = Vec::new();
        let first = after.date_naive() - Duration::days(2);
        let last = until.date_naive() + Duration::days(2);
        for date in first.iter_days().take_while(|date| *date <= last) {
            let zone = self.rules.zone_on(date);
            let weekday = chrono::Datelike::weekday(&date).num_days_from_monday() as usize;
            for minutes in self.times.get(weekday).map(Vec::as_slice).unwrap_or(&[]) {
                let local = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(*minutes));
                let instant = crate::availability::resolve_local(zone, local);
                if instant > after && instant <= until {
                    slots.push(instant);
                }
            }
        }
        slots.sort();
        slots
    }

    /// When a delivery time actually fires: at once if available then; at the end of focus (or
    /// of a manual hold) if that comes before working hours end; never outside working hours.
    fn effective(&self, slot: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let work = self
            .rules
            .working_between(slot - Duration::days(1), slot + Duration::days(1))
            .into_iter()
            .find(|work| work.start <= slot && slot < work.end)?;
        let available = self.rules.available_between(slot, work.end);
        available.first().map(|first| first.start)
    }

    /// Whether a delivery time fired in `(after, now]`.
    fn slot_due(&self, after: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        // A slot shortly before `after` may fire later (when focus ends), so look back a day.
        self.slots_between(after - Duration::days(1), now)
            .into_iter()
            .filter_map(|slot| self.effective(slot))
            .any(|fires| fires > after && fires <= now)
    }

    /// The next instant after `now` at which a delivery time fires.
    fn next_slot_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.as_they_come() {
            return None;
        }
        self.slots_between(
            now - Duration::days(1),
            now + Duration::days(LOOKAHEAD_DAYS),
        )
        .into_iter()
        .filter_map(|slot| self.effective(slot))
        .filter(|fires| *fires > now)
        .min()
    }

    /// When held items would go out.
    fn next_batch_time(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.as_they_come() {
            if self.available_now(now) {
                return Some(now);
            }
            self.rules
                .available_between(now, now + Duration::days(LOOKAHEAD_DAYS))
                .first()
                .map(|first| first.start)
        } else {
            self.next_slot_after(now)
        }
    }

    /// When the hold state next changes (focus ends, hours start), so urgent-outside-hours and
    /// as-they-come items are re-checked then.
    fn next_hold_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let horizon = now + Duration::days(LOOKAHEAD_DAYS);
        let available = self.rules.available_between(now, horizon);
        let working = self.rules.working_between(now, horizon);
        available
            .iter()
            .chain(working.iter())
            .flat_map(|interval| [interval.start, interval.end])
            .filter(|at| *at > now)
            .min()
    }
}

fn load_prefs(
    conn: &rusqlite::Connection,
    member_id: &str,
) -> Result<(Vec<Vec<String>>, bool, Vec<String>)> {
    let row = conn
        .query_row(
            "SELECT schedule, urgent_outside_hours, allowlist FROM notify_prefs WHERE id = ?1",
            [member_id],
            |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, Option<bool>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()?;
    let (schedule, urgent, allowlist) = row.unwrap_or((None, None, None));
    let times = match schedule {
        Some(json) => serde_json::from_str(&json)?,
        None => vec![Vec::new(); 7],
    };
    let allowlist = match allowlist {
        Some(json) => serde_json::from_str(&json)?,
        None => Vec::new(),
    };
    Ok((times, urgent.unwrap_or(false), allowlist))
}

/// The highest arrival number a digest has covered for this recipient.
fn digest_watermark(conn: &rusqlite::Connection, recipient_id: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(up_to_seq), 0) FROM deliveries WHERE recipient_id = ?1",
        [recipient_id],
        |row| row.get(0),
    )?)
}

/// Items not yet covered by any system notification, as SQL over the local inbox table:
/// `?1` is the recipient, `?2` the digest watermark.
/// The unary `+` keeps SQLite on the `seq` range (the table's rowid order) rather than an index
/// on the recipient, so "newest first, limit 3" stops early and scans stay sequential.
macro_rules! pending_where {
    () => {
        "o.seq > ?2 AND +o.recipient_id = ?1 AND +o.delivered = 0"
    };
}
const PENDING_WHERE: &str = pending_where!();
const PENDING: &str = concat!("FROM inbox_order o WHERE ", pending_where!());

/// More immediate items than this at once are folded into one notification.
const MAX_SEPARATE: usize = 3;

fn pending_count(conn: &rusqlite::Connection, recipient_id: &str) -> Result<i64> {
    let watermark = digest_watermark(conn, recipient_id)?;
    Ok(conn.query_row(
        &format!("SELECT count(*) {PENDING}"),
        rusqlite::params![recipient_id, watermark],
        |row| row.get(0),
    )?)
}

/// Pending items with their titles; `filter` narrows them, `tail` orders and limits.
fn pending_details(
    conn: &rusqlite::Connection,
    filter: &str,
    tail: &str,
    params: &[&dyn rusqlite::ToSql],
) -> Result<Vec<Pending>> {
    let sql = format!(
        "SELECT n.id, n.sender_id, n.title, n.body, n.urgent
         FROM inbox_order o JOIN notifications n ON n.id = o.notification_id
         WHERE {PENDING_WHERE} {filter} {tail}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement
        .query_map(params, |row| {
            Ok(Pending {
                id: row.get(0)?,
                sender_id: row.get(1)?,
                title: row.get(2)?,
                body: row.get(3)?,
                urgent: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Pending items that go out at once: urgent ones (when urgent may reach the person now) and
/// those from allowlisted senders.
fn immediate_items(
    conn: &rusqlite::Connection,
    recipient_id: &str,
    urgent_allowed: bool,
    allowlist: &[String],
) -> Result<Vec<Pending>> {
    let watermark = digest_watermark(conn, recipient_id)?;
    let allowlist = serde_json::to_string(allowlist)?;
    pending_details(
        conn,
        "AND ((?3 AND o.urgent = 1) OR o.sender_id IN (SELECT value FROM json_each(?4)))",
        "ORDER BY o.seq",
        &[&recipient_id, &watermark, &urgent_allowed, &allowlist],
    )
}

/// What a digest needs, computed in SQL so that a huge backlog costs one range scan.
#[derive(Debug)]
struct BatchSummary {
    count: i64,
    up_to_seq: i64,
    by_kind: Vec<(String, i64)>,
    /// The newest few items, newest first.
    latest: Vec<Pending>,
}

fn batch_summary(conn: &rusqlite::Connection, recipient_id: &str) -> Result<Option<BatchSummary>> {
    let watermark = digest_watermark(conn, recipient_id)?;
    let params = rusqlite::params![recipient_id, watermark];
    // Counted here in one sequential pass: cheaper than SQLite sorting the backlog to group it.
    let mut groups: Vec<(String, i64, i64)> = Vec::new();
    let mut statement = conn.prepare_cached(&format!("SELECT o.kind, o.seq {PENDING}"))?;
    let mut rows = statement.query(params)?;
    while let Some(row) = rows.next()? {
        let kind = row.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let seq: i64 = row.get(1)?;
        match groups.iter_mut().find(|(known, _, _)| known == kind) {
            Some((_, count, max)) => {
                *count += 1;
                *max = (*max).max(seq);
            }
            None => groups.push((kind.to_owned(), 1, seq)),
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if groups.is_empty() {
        return Ok(None);
    }
    let count = groups.iter().map(|(_, count, _)| count).sum();
    let up_to_seq = groups
        .iter()
        .map(|(_, _, seq)| *seq)
        .max()
        .unwrap_or(watermark);
    let latest = pending_details(
        conn,
        "",
        "ORDER BY o.seq DESC LIMIT 3",
        &[&recipient_id, &watermark],
    )?;
    Ok(Some(BatchSummary {
        count,
        up_to_seq,
        by_kind: groups
            .into_iter()
            .map(|(kind, count, _)| (kind, count))
            .collect(),
        latest,
    }))
}

fn record_delivery(
    tx: &Transaction<'_>,
    recipient_id: &str,
    up_to_seq: Option<i64>,
    notification_id: Option<&str>,
    now: DateTime<Utc>,
    count: i64,
    notification: &SystemNotification,
) -> Result<()> {
    tx.execute(
        "INSERT INTO deliveries (id, recipient_id, up_to_seq, notification_id, delivered_at, item_count, title, body)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            uuid::Uuid::now_v7().to_string(),
            recipient_id,
            up_to_seq,
            notification_id,
            format_instant(now),
            count,
            notification.title,
            notification.body
        ],
    )?;
    if let Some(notification_id) = notification_id {
        tx.execute(
            "UPDATE inbox_order SET delivered = 1 WHERE notification_id = ?1",
            [notification_id],
        )?;
    }
    Ok(())
}

fn sender_prefix(item: &Pending, names: &std::collections::HashMap<String, String>) -> String {
    item.sender_id
        .as_ref()
        .and_then(|id| names.get(id))
        .map(|name| format!("{name}: "))
        .unwrap_or_default()
}

fn single_notification(
    item: &Pending,
    names: &std::collections::HashMap<String, String>,
) -> SystemNotification {
    let title = if item.urgent {
        format!("Urgent: {}", item.title)
    } else {
        item.title.clone()
    };
    let sender = sender_prefix(item, names);
    let body = match &item.body {
        Some(body) => format!("{sender}{body}"),
        None => sender.trim_end_matches(": ").to_owned(),
    };
    SystemNotification {
        title,
        body,
        urgent: item.urgent,
    }
}

/// One notification summarising a batch: "7 updates" / "3 mentions, 2 replies, 2 updates",
/// then the newest few titles.
fn digest_notification(
    batch: &BatchSummary,
    names: &std::collections::HashMap<String, String>,
) -> SystemNotification {
    if let ([only], 1) = (batch.latest.as_slice(), batch.count) {
        return single_notification(only, names);
    }
    let breakdown: Vec<String> = batch
        .by_kind
        .iter()
        .map(|(kind, count)| plural(*count, kind))
        .collect();
    let mut lines = vec![breakdown.join(", ")];
    for item in &batch.latest {
        lines.push(format!("• {}{}", sender_prefix(item, names), item.title));
    }
    if batch.count > batch.latest.len() as i64 {
        lines.push(format!(
            "… and {} more in Meridian",
            batch.count - batch.latest.len() as i64
        ));
    }
    SystemNotification {
        title: format!("{} updates", batch.count),
        body: lines.join("\n"),
        urgent: false,
    }
}

fn plural(count: i64, kind: &str) -> String {
    let word = match (kind, count) {
        ("reply", 1) => "reply".to_owned(),
        ("reply", _) => "replies".to_owned(),
        ("checkin", 1) => "check-in".to_owned(),
        ("checkin", _) => "check-ins".to_owned(),
        (kind, 1) => kind.to_owned(),
        (kind, _) => format!("{kind}s"),
    };
    format!("{count} {word}")
}
