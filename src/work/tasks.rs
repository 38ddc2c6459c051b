//! Tasks: a title and Markdown body, an owner, a status, a due time typed in a zone, a goal,
//! and blocked-by relations. The blocked badge is computed from the blockers that are still
//! open; a relation that would close a cycle is refused with the chain it would make.

use super::graph;
use crate::base::events::CoreEvent;
use crate::base::model::{Board, PersonRef, TaskInput, TaskRef, TaskStatus, TaskView};
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

/// A task row as stored.
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
/// The same columns without the notes, which a card does not show.
const BOARD_COLUMNS: &str =
    "id, title, NULL, owner_id, author_id, status, due_at, due_zone, goal_id, created_at, moved_at";

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

/// Turns rows into cards for a reader in `zone`; `render` adds each body's HTML (the board
/// leaves it out: a card shows no body). Relations are held as positions in the rows, found
/// once per read, so a card's badges cost neither a query nor a lookup by id. What many cards
/// repeat — a person, a goal's title, a related task — is made once and shared, and each card
/// takes its own row's text rather than copying it: on a board of thousands the copies and
/// their freeing were most of the time.
struct CardMaker {
    statuses: Vec<TaskStatus>,
    /// The related-task reference of each row some relation names, made once.
    refs: Vec<Option<Arc<TaskRef>>>,
    waits_on: Vec<Vec<usize>>,
    blocking: Vec<Vec<usize>>,
    persons: FxHashMap<String, Arc<PersonRef>>,
    goals: FxHashMap<String, Arc<str>>,
    zone: Tz,
    now: DateTime<Utc>,
    due_format: Vec<Item<'static>>,
}

impl CardMaker {
    /// `edges` are (task, blocker) positions in `rows` in the order they are listed; an end
    /// that is not among `rows` (its creation has not arrived) is `None` and left out.
    fn new(
        people: &People,
        rows: &[TaskRow],
        edges: &[(Option<usize>, Option<usize>)],
        goals: FxHashMap<String, Arc<str>>,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Self {
        let mut waits_on = vec![Vec::new(); rows.len()];
        let mut blocking = vec![Vec::new(); rows.len()];
        let mut refs: Vec<Option<Arc<TaskRef>>> = vec![None; rows.len()];
        let mut named = |at: usize| {
            refs[at].get_or_insert_with(|| {
                let row = &rows[at];
                Arc::new(TaskRef {
                    id: row.id.clone(),
                    title: row.title.clone(),
                    status: row.status,
                })
            });
        };
        for &(task, blocker) in edges {
            if let Some(task) = task {
                waits_on[task].extend(blocker);
                named(task);
            }
            if let Some(blocker) = blocker {
                named(blocker);
            }
            if let (Some(task), Some(blocker)) = (task, blocker) {
                blocking[blocker].push(task);
            }
        }
        let mut persons = FxHashMap::default();
        for id in rows
            .iter()
            .flat_map(|row| [&row.owner_id, &row.author_id])
            .flatten()
        {
            if !persons.contains_key(id) {
                if let Some(person) = people.person(id) {
                    persons.insert(id.clone(), Arc::new(person));
                }
            }
        }
        CardMaker {
            statuses: rows.iter().map(|row| row.status).collect(),
            refs,
            waits_on,
            blocking,
            persons,
            goals,
            zone,
            now,
            due_format: StrftimeItems::new("%a %-d %b %H:%M").collect(),
        }
    }

    fn task_ref(&self, at: usize) -> Arc<TaskRef> {
        Arc::clone(
            self.refs[at]
                .as_ref()
                .expect("every related row has its reference"),
        )
    }

    fn person(&self, id: Option<&str>) -> Option<Arc<PersonRef>> {
        id.and_then(|id| self.persons.get(id)).cloned()
    }

    /// The card of `row`, the row at `at` of those the maker was made from.
    fn card(&self, at: usize, row: TaskRow, html: Option<String>) -> Result<TaskView> {
        let waits_on: Vec<Arc<TaskRef>> = self.waits_on[at]
            .iter()
            .map(|&other| self.task_ref(other))
            .collect();
        let blocked_by = waits_on
            .iter()
            .filter(|t| t.status.is_open())
            .cloned()
            .collect();
        let blocking = self.blocking[at]
            .iter()
            .filter(|&&other| self.statuses[other].is_open())
            .map(|&other| self.task_ref(other))
            .collect();
        let due = row.due_at.as_deref().map(parse_instant).transpose()?;
        Ok(TaskView {
            body_html: html.unwrap_or_default(),
            status: row.status,
            owner: self.person(row.owner_id.as_deref()),
            author: self.person(row.author_id.as_deref()),
            due_local: due.map(|due| {
                due.with_timezone(&self.zone)
                    .format_with_items(self.due_format.iter())
                    .to_string()
            }),
            overdue: due.is_some_and(|due| due <= self.now) && row.status.is_open(),
            goal_title: row
                .goal_id
                .as_ref()
                .and_then(|id| self.goals.get(id).cloned()),
            goal_id: row.goal_id,
            blocked_by,
            waits_on,
            blocking,
            id: row.id,
            title: row.title,
            body: row.body,
            due_at: row.due_at,
            due_zone: row.due_zone,
            created_at: row.created_at,
            moved_at: row.moved_at,
        })
    }
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
/// reads (the cards without their notes, which a card does not show, and the active relations)
/// make every card.
pub(crate) fn board(cx: &Ctx, filter: &TaskFilter) -> Result<Board> {
    let (me, zone) = reader_zone(cx)?;
    let people = People::load(cx)?;
    let sql = format!("SELECT {BOARD_COLUMNS} FROM tasks WHERE created_lww != ''");
    let mut rows: Vec<TaskRow> = cx
        .store
        .conn()
        .prepare_cached(&sql)?
        .query_map([], task_from)?
        .collect::<rusqlite::Result<_>>()?;
    // Sorted here rather than by SQLite, whose sorter spills a board this size to a temporary
    // file; both compare bytes, so the order is the same.
    rows.sort_unstable_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    let edges = relations(cx, &positions(&rows), None)?;
    let mut counts = super::GoalCounts::new();
    for row in &rows {
        if let Some(goal) = &row.goal_id {
            let entry = counts.entry(goal.clone()).or_default();
            entry.0 += i64::from(row.status.is_open());
            entry.1 += i64::from(row.status == TaskStatus::Done);
        }
    }
    let goals = super::goals_with(cx, &people, &counts)?;
    let goal_titles = goals
        .iter()
        .map(|goal| (goal.id.clone(), Arc::from(goal.title.as_str())))
        .collect();
    let maker = CardMaker::new(&people, &rows, &edges, goal_titles, zone, cx.now());
    let me_id = me.map(|me| me.id);
    let mut tasks = Vec::new();
    for (at, row) in rows.into_iter().enumerate() {
        if !filter.include_canceled && row.status == TaskStatus::Canceled {
            continue;
        }
        if filter.mine && (row.owner_id.is_none() || row.owner_id != me_id) {
            continue;
        }
        if filter.goal_id.is_some() && row.goal_id != filter.goal_id {
            continue;
        }
        tasks.push(maker.card(at, row, None)?);
    }
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
        tasks,
        goals,
        checkin_blockers,
    })
}

/// Where each row's task is among `rows`.
fn positions(rows: &[TaskRow]) -> FxHashMap<&str, usize> {
    rows.iter()
        .enumerate()
        .map(|(at, row)| (row.id.as_str(), at))
        .collect()
}

/// Active relations as (task, blocker) positions in the rows `position` was made from, all
/// of them or those touching one task. The ids are looked up where SQLite holds them rather
/// than copied out first: a board has as many relations as cards.
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

/// One task with its body rendered: only it and the tasks it is related to are read.
pub(crate) fn task(cx: &Ctx, task_id: &str) -> Result<TaskView> {
    let (_, zone) = reader_zone(cx)?;
    let people = People::load(cx)?;
    let row = task_row(cx, task_id)?;
    let sql = format!(
        "SELECT {TASK_COLUMNS} FROM tasks WHERE created_lww != '' AND id IN (
             SELECT blocker_id FROM task_blockers WHERE active = 1 AND task_id = ?1
             UNION SELECT task_id FROM task_blockers WHERE active = 1 AND blocker_id = ?1)"
    );
    let mut rows = vec![row];
    rows.extend(
        cx.store
            .conn()
            .prepare_cached(&sql)?
            .query_map([&rows[0].id], task_from)?
            .collect::<rusqlite::Result<Vec<_>>>()?,
    );
    let goal_titles = match &rows[0].goal_id {
        Some(goal) => super::goal_row(cx, goal)
            .ok()
            .map(|goal| (goal.id, Arc::from(goal.title)))
            .into_iter()
            .collect(),
        None => FxHashMap::default(),
    };
    let edges = relations(cx, &positions(&rows), Some(&rows[0].id))?;
    let maker = CardMaker::new(&people, &rows, &edges, goal_titles, zone, cx.now());
    let html = people.render_with(&rows[0].body, &[]);
    let row = rows.swap_remove(0);
    maker.card(0, row, Some(html))
}

/// People a card can be given to, for pickers.
pub(crate) fn owners(cx: &Ctx) -> Result<Vec<PersonRef>> {
    Ok(people::members(cx)?
        .iter()
        .map(content::person_ref)
        .collect())
}
