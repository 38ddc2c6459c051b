//! Tasks: a title and Markdown body, an owner, a status, a due time typed in a zone, a goal,
//! and blocked-by relations. The blocked badge is computed from the blockers that are still
//! open; a relation that would close a cycle is refused with the chain it would make.

use super::graph;
use crate::base::events::CoreEvent;
use crate::base::model::{Board, PersonRef, TaskCard, TaskInput, TaskRef, TaskStatus, TaskView};
use crate::base::{validate, Error, Result};
use crate::content::{self, People};
use crate::log::ops::{format_instant, parse_instant, OpPayload};
use crate::log::Ctx;
use crate::people;
use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::OptionalExtension;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::Arc;

/// The longest task body, in characters.
pub const TASK_BODY_MAX: usize = 20_000;

/// How a task list is narrowed.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Only tasks I own ("my work", across the team's goals).
    pub mine: bool,
    /// Canceled tasks too.
    pub include_canceled: bool,
    /// Only the tasks of this goal.
    pub goal_id: Option<String>,
}

/// What a write checks a task against, as stored.
#[derive(Debug, Clone)]
pub(crate) struct TaskRow {
    pub id: String,
    pub title: String,
    pub body: String,
    pub owner_id: Option<String>,
    pub author_id: Option<String>,
    pub status: TaskStatus,
    pub due_at: Option<String>,
    pub due_zone: Option<String>,
    pub goal_id: Option<String>,
    pub created_at: String,
    pub moved_at: Option<String>,
}

const TASK_COLUMNS: &str =
    "id, title, body, owner_id, author_id, status, due_at, due_zone, goal_id, created_at, moved_at";

fn task_from(row: &rusqlite::Row<'_>) -> rusqlite::Result<TaskRow> {
    // Read in place: a board reads ten thousand of them.
    let status = TaskStatus::parse(row.get_ref(5)?.as_str()?);
    Ok(TaskRow {
        id: row.get(0)?,
        title: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
        body: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
        owner_id: row.get(3)?,
        author_id: row.get(4)?,
        // A status a later version invented reads as to do until this one learns it.
        status: status.unwrap_or(TaskStatus::Todo),
        due_at: row.get(6)?,
        due_zone: row.get(7)?,
        goal_id: row.get(8)?,
        created_at: row.get::<_, Option<String>>(9)?.unwrap_or_default(),
        moved_at: row.get(10)?,
    })
}

pub(crate) fn task_row(cx: &Ctx, task_id: &str) -> Result<TaskRow> {
    let sql = format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1 AND created_lww != ''");
    cx.store
        .conn()
        .prepare_cached(&sql)?
        .query_row([task_id.trim()], task_from)
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "No task has the id {:?}; `meridian task list` shows every task with its id.",
                task_id.trim()
            ))
        })
}

/// Active relations: task → the tasks it waits on.
pub(crate) fn waits_on(cx: &Ctx) -> Result<HashMap<String, Vec<String>>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    let mut statement = cx
        .store
        .conn()
        .prepare_cached("SELECT task_id, blocker_id FROM task_blockers WHERE active = 1")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        map.entry(row.get(0)?).or_default().push(row.get(1)?);
    }
    Ok(map)
}

/// Reads a status as typed, or says which ones exist.
pub fn parse_status(raw: &str) -> Result<TaskStatus> {
    TaskStatus::parse(raw).ok_or_else(|| {
        Error::invalid(
            "status",
            format!(
                "“{}” is not a status; use one of backlog, todo, in_progress, done or canceled.",
                raw.trim()
            ),
        )
    })
}

/// Reads a due time typed in `zone`: "2026-12-01 17:00", "2026-12-01T17:00", a bare date (the
/// end of a working day, 17:00) or an RFC 3339 instant. A wall time in a DST gap means the
/// first instant after it.
pub fn parse_due(raw: &str, zone: Tz) -> Result<DateTime<Utc>> {
    let text = raw.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Ok(instant.with_timezone(&Utc));
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .map(|day| day.and_time(NaiveTime::from_hms_opt(17, 0, 0).expect("17:00")))
        })
        .ok_or_else(|| {
            Error::invalid(
                "due",
                format!(
                    "“{text}” is not a due time; write it as 2026-12-01 17:00 (or just 2026-12-01 for 17:00)."
                ),
            )
        })?;
    Ok(crate::time::resolve_local(zone, local))
}

/// Everything a write needs, checked before anything is written.
struct Checked {
    title: String,
    body: String,
    owner_id: Option<String>,
    due_at: Option<String>,
    due_zone: Option<String>,
    goal_id: Option<String>,
}

fn check_input(
    cx: &Ctx,
    me_zone: &str,
    input: &TaskInput,
    current: Option<&TaskRow>,
) -> Result<Checked> {
    let title = content::checked_title("title", &input.title)?;
    let body = content::checked_body("body", &input.body, TASK_BODY_MAX, false)?;
    let owner_id = match input.owner.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(handle) => Some(
            people::member_by_handle(cx, handle)
                .map_err(|_| {
                    Error::invalid(
                        "owner",
                        format!(
                            "Nobody on the team is {handle}; `meridian member list` shows every @handle."
                        ),
                    )
                })?
                .id,
        ),
    };
    let zone_text = input
        .due_zone
        .as_deref()
        .map(str::trim)
        .filter(|zone| !zone.is_empty())
        .unwrap_or(me_zone);
    let zone = validate::time_zone(zone_text)
        .map_err(|err| Error::invalid("due_zone", err.to_string()))?;
    let (due_at, due_zone) = match input.due.as_deref().map(str::trim) {
        None | Some("") => (None, None),
        Some(raw) => {
            let due = parse_due(raw, zone)?;
            let unchanged = current
                .and_then(|task| task.due_at.as_deref())
                .and_then(|stored| parse_instant(stored).ok())
                == Some(due);
            if !unchanged && due <= cx.now() {
                let local = due.with_timezone(&zone);
                return Err(Error::invalid(
                    "due",
                    format!(
                        "{} ({}) has passed; give a due time in the future.",
                        local.format("%Y-%m-%d %H:%M"),
                        zone.name()
                    ),
                ));
            }
            (Some(format_instant(due)), Some(zone.name().to_owned()))
        }
    };
    let goal_id = match input.goal.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(goal) => Some(super::goal_row(cx, goal).map_err(|_| {
            Error::invalid(
                "goal",
                format!("No goal has the id {goal:?}; `meridian goal list` shows every goal with its id."),
            )
        })?.id),
    };
    Ok(Checked {
        title,
        body,
        owner_id,
        due_at,
        due_zone,
        goal_id,
    })
}

/// The owner is told in their inbox when someone else gives them a task.
fn assignment(
    me: &crate::base::model::Member,
    owner_id: &Option<String>,
    task_id: &str,
    title: &str,
    now: &str,
) -> Option<OpPayload> {
    let owner_id = owner_id.as_ref().filter(|owner| **owner != me.id)?;
    Some(OpPayload::NotificationQueued {
        notification_id: format!("assigned {task_id} {owner_id} {now}"),
        recipient_id: owner_id.clone(),
        sender_id: Some(me.id.clone()),
        kind: "task".into(),
        title: content::clip(
            &format!("@{} gave you a task: “{title}”", content::bare(&me.handle)),
            200,
        ),
        body: None,
        urgent: false,
        created_at: now.to_owned(),
    })
}

/// Creates a task (to do unless another status is given).
pub(crate) fn create_task(cx: &mut Ctx, input: &TaskInput) -> Result<TaskView> {
    let me = people::require_me(cx)?;
    let checked = check_input(cx, &me.time_zone, input, None)?;
    let status = match input.status.as_deref().map(str::trim) {
        None | Some("") => TaskStatus::Todo,
        Some(raw) => parse_status(raw)?,
    };
    let now = format_instant(cx.now());
    let task_id = content::new_id();
    let mut payloads = vec![OpPayload::TaskCreated {
        task_id: task_id.clone(),
        author_id: me.id.clone(),
        title: checked.title.clone(),
        body: checked.body,
        owner_id: checked.owner_id.clone(),
        status: status.as_str().to_owned(),
        due_at: checked.due_at,
        due_zone: checked.due_zone,
        goal_id: checked.goal_id,
        created_at: now.clone(),
    }];
    payloads.extend(assignment(
        &me,
        &checked.owner_id,
        &task_id,
        &checked.title,
        &now,
    ));
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::BoardChanged);
    cx.emit(CoreEvent::InboxChanged);
    task(cx, &task_id)
}

/// Replaces a task's title, body, owner, due time and goal; an edit that changes nothing
/// appends nothing.
pub(crate) fn edit_task(cx: &mut Ctx, task_id: &str, input: &TaskInput) -> Result<TaskView> {
    let me = people::require_me(cx)?;
    let current = task_row(cx, task_id)?;
    let checked = check_input(cx, &me.time_zone, input, Some(&current))?;
    let same_due = checked.due_at.as_deref().map(parse_instant).transpose()?
        == current.due_at.as_deref().map(parse_instant).transpose()?;
    if checked.title == current.title
        && checked.body == current.body
        && checked.owner_id == current.owner_id
        && same_due
        && checked.goal_id == current.goal_id
    {
        return task(cx, &current.id);
    }
    let now = format_instant(cx.now());
    let mut payloads = vec![OpPayload::TaskEdited {
        task_id: current.id.clone(),
        author_id: me.id.clone(),
        title: checked.title.clone(),
        body: checked.body,
        owner_id: checked.owner_id.clone(),
        due_at: checked.due_at,
        due_zone: checked.due_zone,
        goal_id: checked.goal_id,
        edited_at: now.clone(),
    }];
    if checked.owner_id != current.owner_id {
        payloads.extend(assignment(
            &me,
            &checked.owner_id,
            &current.id,
            &checked.title,
            &now,
        ));
    }
    cx.store.append(cx.now(), payloads)?;
    cx.emit(CoreEvent::BoardChanged);
    cx.emit(CoreEvent::InboxChanged);
    task(cx, &current.id)
}

/// Moves a task to another column; moving it where it is appends nothing.
pub(crate) fn move_task(cx: &mut Ctx, task_id: &str, status: &str) -> Result<TaskView> {
    let me = people::require_me(cx)?;
    let status = parse_status(status)?;
    let current = task_row(cx, task_id)?;
    if current.status != status {
        cx.store.append(
            cx.now(),
            vec![OpPayload::TaskMoved {
                task_id: current.id.clone(),
                member_id: me.id,
                status: status.as_str().to_owned(),
                moved_at: format_instant(cx.now()),
            }],
        )?;
        cx.emit(CoreEvent::BoardChanged);
    }
    task(cx, &current.id)
}

/// Makes `task_id` wait on `blocker_id` (or stop waiting). A task waiting on itself, or a
/// relation that closes a cycle, is refused with the chain it would make.
pub(crate) fn set_blocker(
    cx: &mut Ctx,
    task_id: &str,
    blocker_id: &str,
    active: bool,
) -> Result<TaskView> {
    let me = people::require_me(cx)?;
    let task = task_row(cx, task_id)?;
    let blocker = task_row(cx, blocker_id).map_err(|_| {
        Error::invalid(
            "by",
            format!(
                "No task has the id {:?}; `meridian task list` shows every task with its id.",
                blocker_id.trim()
            ),
        )
    })?;
    let graph = waits_on(cx)?;
    let exists = graph
        .get(&task.id)
        .is_some_and(|blockers| blockers.contains(&blocker.id));
    if active {
        if task.id == blocker.id {
            return Err(Error::invalid(
                "by",
                format!(
                    "A task cannot wait on itself (“{}”); name the task it waits on.",
                    task.title
                ),
            ));
        }
        if let Some(chain) = graph::cycle_if_added(&graph, &task.id, &blocker.id) {
            let titles = titles_of(cx, &chain)?;
            return Err(Error::invalid(
                "by",
                format!(
                    "This would make {}: remove one of those relations first (`meridian task unblock`).",
                    titles.join(" wait on ")
                ),
            ));
        }
    }
    if exists != active {
        cx.store.append(
            cx.now(),
            vec![OpPayload::TaskBlockerSet {
                task_id: task.id.clone(),
                blocker_id: blocker.id,
                member_id: me.id,
                active,
            }],
        )?;
        cx.emit(CoreEvent::BoardChanged);
    }
    self::task(cx, &task.id)
}

fn titles_of(cx: &Ctx, ids: &[String]) -> Result<Vec<String>> {
    ids.iter()
        .map(|id| Ok(format!("“{}”", task_row(cx, id)?.title)))
        .collect()
}

/// The columns a card is made from, in the order `CardReader::card` reads them.
const CARD_COLUMNS: &str = "id, title, status, owner_id, due_at, goal_id";

/// Makes cards from rows for a reader in `zone` at `now`. What many cards repeat (a person, a
/// goal with its title, a zone) is made once and shared, and text a card only looks up (an
/// owner's id, a goal's id) is read where SQLite holds it: on a board of thousands, copying
/// every column and freeing the copies was most of the time.
struct CardReader<'a> {
    people: &'a People,
    persons: FxHashMap<Box<str>, Option<Arc<PersonRef>>>,
    /// Goal id → its title, when the goal has arrived.
    goals: FxHashMap<Arc<str>, Option<Arc<str>>>,
    zone: Tz,
    now: DateTime<Utc>,
    due_format: Vec<Item<'static>>,
}

impl<'a> CardReader<'a> {
    fn new(cx: &Ctx, people: &'a People, zone: Tz) -> Result<Self> {
        let goals = cx
            .store
            .conn()
            .prepare_cached("SELECT id, title FROM goals WHERE created_lww != ''")?
            .query_map([], |row| {
                Ok((
                    Arc::from(row.get_ref(0)?.as_str()?),
                    Some(Arc::from(row.get_ref(1)?.as_str_or_null()?.unwrap_or(""))),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(CardReader {
            people,
            persons: FxHashMap::default(),
            goals,
            zone,
            now: cx.now(),
            due_format: StrftimeItems::new("%a %-d %b %H:%M").collect(),
        })
    }

    fn person(&mut self, id: &str) -> Option<Arc<PersonRef>> {
        if let Some(person) = self.persons.get(id) {
            return person.clone();
        }
        let person = self.people.person(id).map(Arc::new);
        self.persons.insert(id.into(), person.clone());
        person
    }

    fn goal(&mut self, id: &str) -> (Arc<str>, Option<Arc<str>>) {
        if let Some((id, title)) = self.goals.get_key_value(id) {
            return (Arc::clone(id), title.clone());
        }
        // A goal that has not arrived yet: the card keeps its id and shows no title.
        let id: Arc<str> = Arc::from(id);
        self.goals.insert(Arc::clone(&id), None);
        (id, None)
    }

    /// The card of a row selected with `CARD_COLUMNS` (first), without its blockers.
    fn card(&mut self, row: &rusqlite::Row<'_>) -> Result<TaskCard> {
        let text = |column: usize| text_at(row, column);
        // A status a later version invented reads as to do until this one learns it.
        let status = text(2)?
            .and_then(TaskStatus::parse)
            .unwrap_or(TaskStatus::Todo);
        let due = text(4)?.map(parse_instant).transpose()?;
        let (goal_id, goal_title) = match text(5)? {
            Some(id) => {
                let (id, title) = self.goal(id);
                (Some(id), title)
            }
            None => (None, None),
        };
        Ok(TaskCard {
            id: text(0)?.unwrap_or_default().to_owned(),
            title: text(1)?.unwrap_or_default().to_owned(),
            status,
            owner: text(3)?.and_then(|id| self.person(id)),
            due_local: due.map(|due| {
                due.with_timezone(&self.zone)
                    .format_with_items(self.due_format.iter())
                    .to_string()
            }),
            overdue: due.is_some_and(|due| due <= self.now) && status.is_open(),
            goal_id,
            goal_title,
            blocked_by: Vec::new(),
        })
    }

    /// The cards of every row `statement` selects with `params`.
    fn cards(
        &mut self,
        statement: &mut rusqlite::Statement<'_>,
        params: impl rusqlite::Params,
    ) -> Result<Vec<TaskCard>> {
        let mut rows = statement.query(params)?;
        let mut cards = Vec::new();
        while let Some(row) = rows.next()? {
            cards.push(self.card(row)?);
        }
        Ok(cards)
    }
}

/// The text in `column` of `row`, read where SQLite holds it.
fn text_at<'row>(
    row: &'row rusqlite::Row<'_>,
    column: usize,
) -> rusqlite::Result<Option<&'row str>> {
    Ok(row.get_ref(column)?.as_str_or_null()?)
}

/// The reference other cards show for `card`.
fn reference(card: &TaskCard) -> Arc<TaskRef> {
    Arc::new(TaskRef {
        id: card.id.clone(),
        title: card.title.clone(),
        status: card.status,
    })
}

fn reader_zone(cx: &Ctx) -> Result<(Option<crate::base::model::Member>, Tz)> {
    let me = people::me(cx)?;
    let zone = me
        .as_ref()
        .and_then(|me| me.time_zone.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    Ok((me, zone))
}

/// The board: tasks in creation order, narrowed by `filter`, and every goal. Two set-based
/// reads (the cards and the active relations) make every card.
pub(crate) fn board(cx: &Ctx, filter: &TaskFilter) -> Result<Board> {
    let (me, zone) = reader_zone(cx)?;
    let people = People::load(cx)?;
    let mut reader = CardReader::new(cx, &people, zone)?;
    // Creation times are the order only, so they are gathered into one buffer rather than
    // kept as a string per card.
    let sql = format!("SELECT {CARD_COLUMNS}, created_at FROM tasks WHERE created_lww != ''");
    let mut statement = cx.store.conn().prepare_cached(&sql)?;
    let mut rows = statement.query([])?;
    let mut created = String::new();
    let mut keyed = Vec::new();
    while let Some(row) = rows.next()? {
        let start = created.len();
        created.push_str(text_at(row, 6)?.unwrap_or_default());
        keyed.push((start..created.len(), reader.card(row)?));
    }
    // Sorted here rather than by SQLite, whose sorter copies every row once more; both compare
    // bytes, so the order is the same.
    keyed.sort_unstable_by(|(a, a_card), (b, b_card)| {
        (&created[a.clone()], &a_card.id).cmp(&(&created[b.clone()], &b_card.id))
    });
    let mut cards: Vec<TaskCard> = keyed.into_iter().map(|(_, card)| card).collect();
    let edges = relations(cx, &positions(&cards), None)?;
    // Each open blocker's reference is made once, however many cards it blocks.
    let mut references: Vec<Option<Arc<TaskRef>>> = vec![None; cards.len()];
    for (task, blocker) in edges {
        if let (Some(task), Some(blocker)) = (task, blocker) {
            if cards[blocker].status.is_open() {
                let blocker = references[blocker]
                    .get_or_insert_with(|| reference(&cards[blocker]))
                    .clone();
                cards[task].blocked_by.push(blocker);
            }
        }
    }
    let mut counts = super::GoalCounts::default();
    for card in &cards {
        if let Some(goal) = &card.goal_id {
            let entry = counts.entry(Arc::clone(goal)).or_default();
            entry.0 += i64::from(card.status.is_open());
            entry.1 += i64::from(card.status == TaskStatus::Done);
        }
    }
    let goals = super::goals_with(cx, &people, &counts)?;
    let me_id = me.map(|me| me.id);
    cards.retain(|card| {
        (filter.include_canceled || card.status != TaskStatus::Canceled)
            && (!filter.mine
                || card
                    .owner
                    .as_ref()
                    .is_some_and(|owner| Some(&owner.id) == me_id.as_ref()))
            && filter
                .goal_id
                .as_deref()
                .is_none_or(|goal| card.goal_id.as_deref() == Some(goal))
    });
    // What people said blocks them in check-ins shows on the board until someone clears it.
    let mut checkin_blockers = crate::checkins::open_blockers(cx)?;
    if filter.mine {
        checkin_blockers.retain(|blocker| {
            me_id.as_deref().is_some_and(|me| {
                blocker.person.id == me || blocker.named.iter().any(|named| named.id == me)
            })
        });
    }
    Ok(Board {
        tasks: cards,
        goals,
        checkin_blockers,
    })
}

/// Where each card's task is among `cards`.
fn positions(cards: &[TaskCard]) -> FxHashMap<&str, usize> {
    cards
        .iter()
        .enumerate()
        .map(|(at, card)| (card.id.as_str(), at))
        .collect()
}

/// Active relations as (task, blocker) positions in the cards `position` was made from, all
/// of them or those touching one task. An end whose task has not arrived is `None`. The ids are
/// looked up where SQLite holds them rather than copied out first: a board has as many
/// relations as cards.
fn relations(
    cx: &Ctx,
    position: &FxHashMap<&str, usize>,
    touching: Option<&str>,
) -> Result<Vec<(Option<usize>, Option<usize>)>> {
    let conn = cx.store.conn();
    let mut statement = match touching {
        None => conn.prepare_cached(
            "SELECT task_id, blocker_id FROM task_blockers WHERE active = 1 ORDER BY id",
        )?,
        Some(_) => conn.prepare_cached(
            "SELECT task_id, blocker_id FROM task_blockers
             WHERE active = 1 AND (task_id = ?1 OR blocker_id = ?1) ORDER BY id",
        )?,
    };
    let at = |row: &rusqlite::Row<'_>, column: usize| -> rusqlite::Result<Option<usize>> {
        Ok(row
            .get_ref(column)?
            .as_str_or_null()?
            .and_then(|id| position.get(id).copied()))
    };
    let pair = |row: &rusqlite::Row<'_>| Ok((at(row, 0)?, at(row, 1)?));
    let edges = match touching {
        None => statement.query_map([], pair)?,
        Some(id) => statement.query_map([id], pair)?,
    }
    .collect::<rusqlite::Result<_>>()?;
    Ok(edges)
}

/// One task with its notes rendered: only it and the tasks it is related to are read.
pub(crate) fn task(cx: &Ctx, task_id: &str) -> Result<TaskView> {
    let (_, zone) = reader_zone(cx)?;
    let people = People::load(cx)?;
    let row = task_row(cx, task_id)?;
    let mut reader = CardReader::new(cx, &people, zone)?;
    let conn = cx.store.conn();
    let sql = format!("SELECT {CARD_COLUMNS} FROM tasks WHERE id = ?1");
    let mut cards = reader.cards(&mut *conn.prepare_cached(&sql)?, [&row.id])?;
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM tasks WHERE created_lww != '' AND id IN (
             SELECT blocker_id FROM task_blockers WHERE active = 1 AND task_id = ?1
             UNION SELECT task_id FROM task_blockers WHERE active = 1 AND blocker_id = ?1)"
    );
    cards.extend(reader.cards(&mut *conn.prepare_cached(&sql)?, [&row.id])?);
    let edges = relations(cx, &positions(&cards), Some(&row.id))?;
    let mut waits_on = Vec::new();
    let mut blocking = Vec::new();
    for (task, blocker) in edges {
        match (task, blocker) {
            (Some(0), Some(blocker)) => waits_on.push(reference(&cards[blocker])),
            (Some(task), Some(0)) if cards[task].status.is_open() => {
                blocking.push(reference(&cards[task]));
            }
            _ => {}
        }
    }
    let mut card = cards.swap_remove(0);
    card.blocked_by = waits_on
        .iter()
        .filter(|other| other.status.is_open())
        .cloned()
        .collect();
    Ok(TaskView {
        card,
        body_html: people.render_with(&row.body, &[]),
        author: row
            .author_id
            .as_deref()
            .and_then(|id| people.person(id))
            .map(Arc::new),
        body: row.body,
        due_at: row.due_at,
        due_zone: row.due_zone,
        waits_on,
        blocking,
        created_at: row.created_at,
        moved_at: row.moved_at,
    })
}

/// People a card can be given to, for pickers.
pub(crate) fn owners(cx: &Ctx) -> Result<Vec<PersonRef>> {
    Ok(people::members(cx)?
        .iter()
        .map(content::person_ref)
        .collect())
}
