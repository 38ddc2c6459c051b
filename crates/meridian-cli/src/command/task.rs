//! `meridian task …` and `meridian goal …`: the work board from a terminal — tasks with owners,
//! due times and blockers, "my work", and goals with their health.

use crate::output::print_json;
use clap::Subcommand;
use meridian::model::{GoalInput, GoalView, TaskCard, TaskInput, TaskStatus, TaskView};
use meridian::work::TaskFilter;
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum TaskAction {
    /// Add a task; --due is local time in your zone (or --zone), such as "2026-12-01 17:00".
    New {
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        body: String,
        /// Who owns it, as @handle.
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        due: Option<String>,
        /// The zone --due is in (default: yours), such as Pacific/Auckland.
        #[arg(long)]
        zone: Option<String>,
        /// A goal id (`meridian goal list`).
        #[arg(long)]
        goal: Option<String>,
        /// backlog, todo, in_progress, done or canceled (default todo).
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change a task's title, body, owner, due time or goal; what you leave out stays.
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        body: Option<String>,
        /// @handle, or "" for nobody.
        #[arg(long)]
        owner: Option<String>,
        /// Local time, or "" for no due time.
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        zone: Option<String>,
        /// A goal id, or "" for none.
        #[arg(long)]
        goal: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Move a task to backlog, todo, in_progress, done or canceled.
    Move {
        id: String,
        status: String,
        #[arg(long)]
        json: bool,
    },
    /// Make a task wait on another one.
    Block {
        id: String,
        #[arg(long)]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// Stop a task waiting on another one.
    Unblock {
        id: String,
        #[arg(long)]
        by: String,
        #[arg(long)]
        json: bool,
    },
    /// The board by status; --mine for the tasks you own across every goal.
    List {
        #[arg(long)]
        mine: bool,
        /// Canceled tasks too.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        goal: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// One task with its blockers.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GoalAction {
    /// Add a goal: a title, the outcome you want, and an optional target day.
    New {
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        outcome: String,
        /// YYYY-MM-DD.
        #[arg(long)]
        target: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Review a goal: its health (on_track, at_risk, off_track), a note, or new fields.
    Update {
        id: String,
        #[arg(long)]
        health: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        target: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every goal with its health.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One goal.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

fn line(task: &TaskCard) -> String {
    let mut parts = vec![task.title.clone()];
    if let Some(owner) = &task.owner {
        parts.push(format!("@{}", owner.handle));
    }
    if let Some(due) = &task.due_local {
        parts.push(format!(
            "due {due}{}",
            if task.overdue { " (overdue)" } else { "" }
        ));
    }
    if !task.blocked_by.is_empty() {
        let names: Vec<String> = task
            .blocked_by
            .iter()
            .map(|t| format!("“{}”", t.title))
            .collect();
        parts.push(format!("blocked by {}", names.join(", ")));
    }
    if let Some(goal) = &task.goal_title {
        parts.push(format!("goal: {goal}"));
    }
    parts.push(task.id.clone());
    parts.join(" · ")
}

fn print_task(view: &TaskView) {
    let task = &view.card;
    println!("{}", task.title);
    println!("status:  {}", task.status.label());
    println!(
        "owner:   {}",
        task.owner
            .as_ref()
            .map(|o| format!("@{}", o.handle))
            .unwrap_or_else(|| "nobody".into())
    );
    if let Some(due) = &task.due_local {
        println!(
            "due:     {due} your time (set in {}){}",
            view.due_zone.as_deref().unwrap_or("UTC"),
            if task.overdue { ", overdue" } else { "" }
        );
    }
    if let Some(goal) = &task.goal_title {
        println!("goal:    {goal}");
    }
    for blocker in &task.blocked_by {
        println!("blocked by: {} ({})", blocker.title, blocker.id);
    }
    for waiting in &view.blocking {
        println!("blocking:   {} ({})", waiting.title, waiting.id);
    }
    println!("id:      {}", task.id);
    if !view.body.is_empty() {
        println!();
        println!("{}", view.body);
    }
}

fn done(view: &TaskView, json: bool, verb: &str) -> Result<(), Error> {
    if json {
        return print_json(view);
    }
    let task = &view.card;
    println!("{verb} “{}” ({})", task.title, task.id);
    if !task.blocked_by.is_empty() {
        println!("  {}", line(task));
    }
    Ok(())
}

pub fn run(meridian: &mut Meridian, action: TaskAction) -> Result<(), Error> {
    match action {
        TaskAction::New {
            title,
            body,
            owner,
            due,
            zone,
            goal,
            status,
            json,
        } => {
            let task = meridian.create_task(&TaskInput {
                title,
                body,
                owner,
                due,
                due_zone: zone,
                goal,
                status,
            })?;
            done(&task, json, "Added")
        }
        TaskAction::Edit {
            id,
            title,
            body,
            owner,
            due,
            zone,
            goal,
            json,
        } => {
            let current = meridian.task(&id)?;
            let input = TaskInput {
                title: title.unwrap_or(current.card.title),
                body: body.unwrap_or(current.body),
                owner: owner.or(current.card.owner.map(|o| o.handle.clone())),
                // An unchanged due time is passed on as the stored instant.
                due: due.or(current.due_at),
                due_zone: zone.or(current.due_zone),
                goal: goal.or(current.card.goal_id.map(|goal| goal.to_string())),
                status: None,
            };
            let task = meridian.edit_task(&id, &input)?;
            done(&task, json, "Saved")
        }
        TaskAction::Move { id, status, json } => {
            let task = meridian.move_task(&id, &status)?;
            done(
                &task,
                json,
                &format!("Moved to {}:", task.card.status.label()),
            )
        }
        TaskAction::Block { id, by, json } => {
            let task = meridian.set_task_blocker(&id, &by, true)?;
            done(&task, json, "Now waiting:")
        }
        TaskAction::Unblock { id, by, json } => {
            let task = meridian.set_task_blocker(&id, &by, false)?;
            done(&task, json, "No longer waiting:")
        }
        TaskAction::List {
            mine,
            all,
            goal,
            json,
        } => {
            let board = meridian.board(&TaskFilter {
                mine,
                include_canceled: all,
                goal_id: goal,
            })?;
            if json {
                return print_json(&board.tasks);
            }
            if board.tasks.is_empty() {
                println!(
                    "{}",
                    if mine {
                        "Nothing on your plate. `meridian task new --title T --owner @you` adds a task."
                    } else {
                        "No tasks yet. `meridian task new --title T` adds one."
                    }
                );
            }
            for blocker in &board.checkin_blockers {
                println!(
                    "Raised in a check-in by @{} ({}, {}): {}",
                    blocker.person.handle, blocker.schedule_name, blocker.date, blocker.text
                );
            }
            for status in TaskStatus::ALL {
                let tasks: Vec<&TaskCard> =
                    board.tasks.iter().filter(|t| t.status == status).collect();
                if tasks.is_empty() {
                    continue;
                }
                println!("{} ({})", status.label(), tasks.len());
                for task in tasks {
                    println!("  {}", line(task));
                }
            }
            Ok(())
        }
        TaskAction::Show { id, json } => {
            let task = meridian.task(&id)?;
            if json {
                return print_json(&task);
            }
            print_task(&task);
            Ok(())
        }
    }
}

fn goal_line(goal: &GoalView) -> String {
    let mut text = format!(
        "{} · {}{}",
        goal.title,
        goal.health.label(),
        goal.health_reason
            .as_ref()
            .map(|why| format!(" ({why})"))
            .unwrap_or_default()
    );
    if let Some(day) = &goal.target_day {
        text.push_str(&format!(" · target {day}"));
    }
    text.push_str(&format!(
        " · {} open, {} done · {}",
        goal.open_tasks, goal.done_tasks, goal.id
    ));
    text
}

pub fn run_goal(meridian: &mut Meridian, action: GoalAction) -> Result<(), Error> {
    let (goal, json, verb) = match action {
        GoalAction::New {
            title,
            outcome,
            target,
            json,
        } => (
            meridian.create_goal(&GoalInput {
                title,
                outcome,
                target_day: target,
                health: None,
                note: None,
            })?,
            json,
            "Added goal",
        ),
        GoalAction::Update {
            id,
            health,
            note,
            title,
            outcome,
            target,
            json,
        } => (
            meridian.update_goal(
                &id,
                &GoalInput {
                    title: title.unwrap_or_default(),
                    outcome: outcome.unwrap_or_default(),
                    target_day: target,
                    health,
                    note,
                },
            )?,
            json,
            "Reviewed",
        ),
        GoalAction::List { json } => {
            let goals = meridian.goals()?;
            if json {
                return print_json(&goals);
            }
            if goals.is_empty() {
                println!("No goals yet. `meridian goal new --title T --outcome O` adds one.");
            }
            for goal in &goals {
                println!("{}", goal_line(goal));
            }
            return Ok(());
        }
        GoalAction::Show { id, json } => (meridian.goal(&id)?, json, ""),
    };
    if json {
        return print_json(&goal);
    }
    if !verb.is_empty() {
        println!("{verb}:");
    }
    println!("{}", goal_line(&goal));
    if !goal.outcome.is_empty() {
        println!("outcome: {}", goal.outcome);
    }
    if let Some(note) = &goal.note {
        println!("note:    {note}");
    }
    Ok(())
}
