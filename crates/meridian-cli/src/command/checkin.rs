//! `meridian checkin …`: templates of questions, schedules asked in each person's own zone,
//! answers, where an occurrence stands, and the blockers people reported.

use crate::output::print_json;
use crate::parse;
use clap::Subcommand;
use meridian::model::{
    CheckinAnswer, CheckinAnswerInput, CheckinAnswerValue, CheckinOccurrence, CheckinQuestionInput,
    CheckinSchedule, CheckinScheduleInput, CheckinTemplate, CheckinTemplateInput,
};
use meridian::{Error, Meridian};

#[derive(Debug, Subcommand)]
pub enum CheckinAction {
    /// Create, edit, list or show templates of questions.
    #[command(subcommand)]
    Template(TemplateAction),
    /// Create, edit or list schedules: weekdays and a local time, in each person's own zone.
    #[command(subcommand)]
    Schedule(ScheduleAction),
    /// Answer (or edit your answer to) a check-in: --answer 1="Shipped the banner" --answer 2=yes.
    Answer {
        /// The schedule's id.
        schedule: String,
        /// The occurrence (your local date, YYYY-MM-DD); default: the latest you were asked.
        #[arg(long)]
        date: Option<String>,
        /// NUMBER=VALUE (or QUESTION_ID=VALUE): text, yes/no, a mood 1–5, or a blocker
        /// ("none" when nothing blocks you; @handles named in a blocker are notified). An
        /// edit replaces your earlier answers for that day: give them all again.
        #[arg(long = "answer", value_name = "N=VALUE")]
        answers: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Where an occurrence stands (who was asked when, reminded, skipped, answered), or,
    /// without a schedule, your check-ins of the last week and the open blockers.
    Show {
        schedule: Option<String>,
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Open blockers reported in check-ins.
    Blockers {
        #[arg(long)]
        json: bool,
    },
    /// Mark a reported blocker cleared (--reopen to open it again).
    Clear {
        /// The answer's id, as `checkin blockers` shows it.
        answer: String,
        #[arg(long)]
        reopen: bool,
    },
    /// Ask, remind and post digests that are due now (the app and `meridian daemon` do this
    /// on their own).
    Run {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateAction {
    /// A new template: --question "text: What did you finish?" --question "blocker: Anything blocking you?"
    New {
        #[arg(long)]
        name: String,
        /// KIND: PROMPT, where KIND is text, yes_no, blocker or mood (1–5).
        #[arg(long = "question", value_name = "KIND: PROMPT")]
        questions: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Rename a template or replace its questions (questions given replace all of them).
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long = "question", value_name = "KIND: PROMPT")]
        questions: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScheduleAction {
    /// A new schedule: --template ID --channel general --days mon-fri --at 09:00.
    New {
        #[arg(long)]
        name: String,
        #[arg(long)]
        template: String,
        /// Where the digest thread is posted.
        #[arg(long)]
        channel: String,
        /// mon-fri, mon,wed,fri …
        #[arg(long)]
        days: String,
        /// HH:MM, asked at this time in each participant's own zone.
        #[arg(long)]
        at: String,
        /// @a,@b; everyone on the team when left out.
        #[arg(long)]
        participants: Option<String>,
        /// Hours after the ask that answers are expected in (default 8).
        #[arg(long)]
        window: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Change a schedule; --pause stops asking, --resume starts again.
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        template: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        days: Option<String>,
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        participants: Option<String>,
        #[arg(long)]
        window: Option<u32>,
        #[arg(long, conflicts_with = "resume")]
        pause: bool,
        #[arg(long)]
        resume: bool,
        #[arg(long)]
        json: bool,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

/// "text: What did you finish?" → a question.
fn question(spec: &str) -> Result<CheckinQuestionInput, Error> {
    let (kind, prompt) = spec.split_once(':').ok_or_else(|| {
        Error::invalid(
            "questions",
            format!(
                "--question {spec:?}: write KIND: PROMPT, such as \"text: What did you finish?\" \
                 (kinds: text, yes_no, blocker, mood)."
            ),
        )
    })?;
    Ok(CheckinQuestionInput {
        id: None,
        kind: kind.trim().to_owned(),
        prompt: prompt.trim().to_owned(),
    })
}

fn questions(specs: &[String]) -> Result<Vec<CheckinQuestionInput>, Error> {
    specs.iter().map(|spec| question(spec)).collect()
}

fn print_template(template: &CheckinTemplate) {
    println!("{}  {}", template.name, template.id);
    for (index, question) in template.questions.iter().enumerate() {
        println!("  {}. [{}] {}", index + 1, question.kind, question.prompt);
    }
}

fn print_schedule(schedule: &CheckinSchedule) {
    let paused = if schedule.active { "" } else { " [paused]" };
    println!("{}{paused}  {}", schedule.name, schedule.id);
    println!(
        "  {}; answers within {} h; digest in #{}",
        schedule.summary, schedule.window_hours, schedule.channel_name
    );
    println!(
        "  template: {}; asks {}",
        schedule.template_name,
        schedule
            .participants
            .iter()
            .map(|person| format!("@{}", person.handle.trim_start_matches('@')))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn print_answer(answer: &CheckinAnswer, indent: &str) {
    for item in &answer.items {
        let value = if item.kind == "mood" {
            format!("{} / 5", item.value)
        } else {
            item.value.clone()
        };
        println!("{indent}{}: {value}", item.prompt);
    }
}

fn print_occurrence(occurrence: &CheckinOccurrence) {
    println!("{} — {}", occurrence.schedule_name, occurrence.date);
    match (&occurrence.digest_thread_id, &occurrence.digest_due_at) {
        (Some(thread), _) => println!("  digest posted: thread {thread}"),
        (None, Some(due)) => println!("  digest when the last window closes: {due}"),
        _ => {}
    }
    for participant in &occurrence.participants {
        let who = format!(
            "{} (@{})",
            participant.person.display_name,
            participant.person.handle.trim_start_matches('@')
        );
        match &participant.skip_reason {
            Some(reason) => println!("  - {who}: not asked ({reason})"),
            None => println!(
                "  - {who}: {}, asked {}{}",
                participant.state,
                participant.asked_local.as_deref().unwrap_or(""),
                if participant.reminders.is_empty() {
                    String::new()
                } else {
                    format!(
                        ", reminders at {} their time",
                        participant
                            .reminders
                            .iter()
                            .map(|at| local_hhmm(at, &participant.time_zone))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )
                }
            ),
        }
        if let Some(answer) = &participant.answer {
            print_answer(answer, "      ");
        }
    }
}

/// An instant as "HH:MM" in `zone`.
fn local_hhmm(instant: &str, zone: &str) -> String {
    let zone: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
    chrono::DateTime::parse_from_rfc3339(instant)
        .map(|at| at.with_timezone(&zone).format("%H:%M").to_string())
        .unwrap_or_else(|_| instant.to_owned())
}

fn parse_answers(specs: &[String]) -> Result<Vec<CheckinAnswerValue>, Error> {
    specs
        .iter()
        .map(|spec| {
            let (question, value) = spec.split_once('=').ok_or_else(|| {
                Error::invalid(
                    "answers",
                    format!("--answer {spec:?}: write NUMBER=VALUE, such as 1=\"Shipped the banner\" or 2=yes."),
                )
            })?;
            Ok(CheckinAnswerValue {
                question_id: question.trim().to_owned(),
                value: value.to_owned(),
            })
        })
        .collect()
}

pub fn run(meridian: &mut Meridian, action: CheckinAction) -> Result<(), Error> {
    match action {
        CheckinAction::Template(action) => template(meridian, action),
        CheckinAction::Schedule(action) => schedule(meridian, action),
        CheckinAction::Answer {
            schedule,
            date,
            answers,
            json,
        } => {
            let answer = meridian.answer_checkin(&CheckinAnswerInput {
                schedule_id: schedule,
                date,
                answers: parse_answers(&answers)?,
            })?;
            if json {
                return print_json(&answer);
            }
            println!(
                "{} your check-in for {} ({}){}",
                if answer.edited { "Edited" } else { "Answered" },
                answer.date,
                answer.id,
                if answer.late {
                    ", late — still counted"
                } else {
                    ""
                }
            );
            print_answer(&answer, "  ");
            Ok(())
        }
        CheckinAction::Show {
            schedule: Some(schedule),
            date,
            json,
        } => {
            let occurrence = meridian.checkin_occurrence(&schedule, date.as_deref())?;
            if json {
                return print_json(&occurrence);
            }
            print_occurrence(&occurrence);
            Ok(())
        }
        CheckinAction::Show {
            schedule: None,
            date: _,
            json,
        } => {
            let overview = meridian.checkin_overview()?;
            if json {
                return print_json(&overview);
            }
            if overview.mine.is_empty() {
                println!("No check-ins asked you in the last week.");
            }
            for mine in &overview.mine {
                let state = match (&mine.answer, mine.closed) {
                    (Some(answer), _) if answer.late => "answered late",
                    (Some(_), _) => "answered",
                    (None, true) => "not answered (window closed; late answers count)",
                    (None, false) => "waiting for your answer",
                };
                println!(
                    "{} — {}: {state}  ({})",
                    mine.schedule_name, mine.date, mine.schedule_id
                );
            }
            print_blockers(&overview.blockers);
            Ok(())
        }
        CheckinAction::Blockers { json } => {
            let blockers = meridian.checkin_blockers()?;
            if json {
                return print_json(&blockers);
            }
            if blockers.is_empty() {
                println!("No open blockers.");
            }
            print_blockers(&blockers);
            Ok(())
        }
        CheckinAction::Clear { answer, reopen } => {
            meridian.set_checkin_blocker_cleared(&answer, !reopen)?;
            println!(
                "{}",
                if reopen {
                    "Blocker open again."
                } else {
                    "Blocker cleared."
                }
            );
            Ok(())
        }
        CheckinAction::Run { json } => {
            let next = meridian.run_checkins()?;
            let next = next.map(meridian::log::ops::format_instant);
            if json {
                return print_json(&serde_json::json!({ "next_check": next }));
            }
            match next {
                Some(at) => println!("Done; the next check-in event is due at {at}."),
                None => println!("Done; nothing else is due in the next days."),
            }
            Ok(())
        }
    }
}

fn print_blockers(blockers: &[meridian::model::CheckinBlocker]) {
    for blocker in blockers {
        println!(
            "Blocked: @{} — {} ({}, {})  {}",
            blocker.person.handle.trim_start_matches('@'),
            blocker.text,
            blocker.schedule_name,
            blocker.date,
            blocker.answer_id
        );
    }
}

fn template(meridian: &mut Meridian, action: TemplateAction) -> Result<(), Error> {
    match action {
        TemplateAction::New {
            name,
            questions: specs,
            json,
        } => {
            let template = meridian.create_checkin_template(&CheckinTemplateInput {
                name,
                questions: questions(&specs)?,
            })?;
            if json {
                return print_json(&template);
            }
            println!("Created template {} ({})", template.name, template.id);
            print_template(&template);
        }
        TemplateAction::Edit {
            id,
            name,
            questions: specs,
            json,
        } => {
            let current = meridian.checkin_template(&id)?;
            let questions = if specs.is_empty() {
                current
                    .questions
                    .iter()
                    .map(|q| CheckinQuestionInput {
                        id: Some(q.id.clone()),
                        kind: q.kind.clone(),
                        prompt: q.prompt.clone(),
                    })
                    .collect()
            } else {
                questions(&specs)?
            };
            let template = meridian.update_checkin_template(
                &id,
                &CheckinTemplateInput {
                    name: name.unwrap_or(current.name),
                    questions,
                },
            )?;
            if json {
                return print_json(&template);
            }
            print_template(&template);
        }
        TemplateAction::List { json } => {
            let templates = meridian.checkin_templates()?;
            if json {
                return print_json(&templates);
            }
            if templates.is_empty() {
                println!("No templates yet. Create one with `meridian checkin template new`.");
            }
            templates.iter().for_each(print_template);
        }
        TemplateAction::Show { id, json } => {
            let template = meridian.checkin_template(&id)?;
            if json {
                return print_json(&template);
            }
            print_template(&template);
        }
    }
    Ok(())
}

fn handles(list: Option<String>) -> Vec<String> {
    list.map(|list| parse::comma_list(&list))
        .unwrap_or_default()
}

fn schedule(meridian: &mut Meridian, action: ScheduleAction) -> Result<(), Error> {
    match action {
        ScheduleAction::New {
            name,
            template,
            channel,
            days,
            at,
            participants,
            window,
            json,
        } => {
            let schedule = meridian.create_checkin_schedule(&CheckinScheduleInput {
                name,
                template,
                channel,
                participants: handles(participants),
                weekdays: parse::days(&days)?,
                time: at,
                window_hours: window,
                active: true,
            })?;
            if json {
                return print_json(&schedule);
            }
            println!("Created schedule {} ({})", schedule.name, schedule.id);
            print_schedule(&schedule);
        }
        ScheduleAction::Edit {
            id,
            name,
            template,
            channel,
            days,
            at,
            participants,
            window,
            pause,
            resume,
            json,
        } => {
            let current = meridian.checkin_schedule(&id)?;
            let participants = match participants {
                Some(list) => parse::comma_list(&list),
                // Everyone stays everyone: an empty list means the whole team.
                None if current.participants.len() == meridian.members()?.len() => Vec::new(),
                None => current
                    .participants
                    .iter()
                    .map(|person| person.handle.clone())
                    .collect(),
            };
            let schedule = meridian.update_checkin_schedule(
                &id,
                &CheckinScheduleInput {
                    name: name.unwrap_or(current.name),
                    template: template.unwrap_or(current.template_id),
                    channel: channel.unwrap_or(current.channel_id),
                    participants,
                    weekdays: match days {
                        Some(days) => parse::days(&days)?,
                        None => current.weekdays,
                    },
                    time: at.unwrap_or(current.time),
                    window_hours: Some(window.unwrap_or(current.window_hours)),
                    active: if pause {
                        false
                    } else {
                        resume || current.active
                    },
                },
            )?;
            if json {
                return print_json(&schedule);
            }
            print_schedule(&schedule);
        }
        ScheduleAction::List { json } => {
            let schedules = meridian.checkin_schedules()?;
            if json {
                return print_json(&schedules);
            }
            if schedules.is_empty() {
                println!(
                    "No check-in schedules yet. Create one with `meridian checkin schedule new`."
                );
            }
            schedules.iter().for_each(print_schedule);
        }
    }
    Ok(())
}
