//! A realistic demo team across seven time zones, so the board is alive on first run.

use super::Meridian;
use crate::base::model::{MemberInput, OnboardingInput, TimeRange, WeeklyHours};
use crate::base::Result;
use crate::log::ops::{format_instant, MentionV1, OpPayload};
use chrono::Duration;

struct DemoMember {
    name: &'static str,
    handle: &'static str,
    zone: &'static str,
    /// Weekday ranges (Mon–Fri), local.
    ranges: &'static [(&'static str, &'static str)],
    /// A recurring focus block on weekdays, local.
    focus: Option<(&'static str, &'static str, &'static str)>,
}

const TEAM: &[DemoMember] = &[
    DemoMember {
        name: "Grace Hopper",
        handle: "grace",
        zone: "America/New_York",
        ranges: &[("09:00", "12:30"), ("13:30", "17:30")],
        focus: Some(("09:00", "11:00", "Compiler work")),
    },
    DemoMember {
        name: "Linus Virtanen",
        handle: "linus",
        zone: "Europe/Helsinki",
        ranges: &[("08:00", "16:00")],
        focus: Some(("13:00", "15:00", "Kernel review")),
    },
    DemoMember {
        name: "Priya Raman",
        handle: "priya",
        zone: "Asia/Kolkata",
        ranges: &[("10:00", "13:00"), ("14:00", "19:00")],
        focus: Some(("10:00", "12:00", "Deep work")),
    },
    DemoMember {
        name: "Kenji Sato",
        handle: "kenji",
        zone: "Asia/Tokyo",
        ranges: &[("09:30", "18:30")],
        focus: None,
    },
    DemoMember {
        name: "Mateo Silva",
        handle: "mateo",
        zone: "America/Sao_Paulo",
        ranges: &[("09:00", "18:00")],
        focus: Some(("14:00", "16:00", "Design")),
    },
    DemoMember {
        name: "Aroha Ngata",
        handle: "aroha",
        zone: "Pacific/Auckland",
        ranges: &[("08:30", "16:30")],
        focus: None,
    },
    DemoMember {
        name: "Sam Okafor",
        handle: "sam",
        zone: "America/Los_Angeles",
        ranges: &[("07:00", "11:00"), ("12:00", "16:00")],
        focus: Some(("07:00", "09:00", "Writing")),
    },
];

impl Meridian {
    /// Seeds the demo team. Creates a demo profile in `my_time_zone` (the system's, as the
    /// front end tells it) first if onboarding was not done; skips teammates whose @handle
    /// already exists, so running it twice adds nothing.
    pub fn seed_demo(&mut self, my_time_zone: &str) -> Result<usize> {
        if self.me()?.is_none() {
            self.complete_onboarding(OnboardingInput {
                display_name: "Ada Lovelace".into(),
                handle: "ada".into(),
                time_zone: my_time_zone.to_owned(),
                working_hours: WeeklyHours::standard(),
                team_name: "Analytical Engines".into(),
            })?;
        }
        let mut added = 0;
        let today = self.now().date_naive();
        for person in TEAM {
            if self.member_by_handle(person.handle).is_ok() {
                continue;
            }
            let day: Vec<TimeRange> = person
                .ranges
                .iter()
                .map(|(start, end)| TimeRange {
                    start: (*start).into(),
                    end: (*end).into(),
                })
                .collect();
            let mut days = vec![day; 5];
            days.extend([Vec::new(), Vec::new()]);
            self.add_member(MemberInput {
                display_name: person.name.into(),
                handle: person.handle.into(),
                time_zone: person.zone.into(),
                working_hours: WeeklyHours { days },
            })?;
            if let Some((start, end, label)) = person.focus {
                self.add_focus_block(person.handle, &[0, 1, 2, 3, 4], start, end, Some(label))?;
            }
            added += 1;
        }
        // Kenji is on leave this week and next; Aroha moves to Tokyo in two weeks.
        if added > 0 {
            let first = today.to_string();
            let last = (today + Duration::days(9)).to_string();
            self.add_time_off("kenji", &first, &last, Some("Family visit"))?;
            self.plan_zone_change(
                "aroha",
                &(today + Duration::days(14)).to_string(),
                "Asia/Tokyo",
            )?;
            let me = crate::people::require_me(&self.cx)?;
            let rota: Vec<String> = [me.handle.as_str(), "grace", "priya", "linus"]
                .iter()
                .map(|handle| (*handle).to_owned())
                .collect();
            let monday = today
                - Duration::days(i64::from(
                    chrono::Datelike::weekday(&today).num_days_from_monday(),
                ));
            self.set_rota(&rota, 24 * 7, "09:00", "Europe/London", &monday.to_string())?;
            self.seed_demo_content()?;
            self.seed_demo_board()?;
            self.seed_demo_checkins()?;
            self.seed_demo_decisions()?;
        }
        Ok(added)
    }

    /// Channels, threads with a conversation three levels deep, reactions, thanks and a doc
    /// with a few revisions, written in the demo teammates' names (this device created them,
    /// so it may).
    fn seed_demo_content(&mut self) -> Result<()> {
        let me = crate::people::require_me(&self.cx)?;
        let id = |handle: &str| -> Result<String> { Ok(self.member_by_handle(handle)?.id) };
        let (grace, priya, kenji, linus, aroha, mateo, sam) = (
            id("grace")?,
            id("priya")?,
            id("kenji")?,
            id("linus")?,
            id("aroha")?,
            id("mateo")?,
            id("sam")?,
        );
        let now = self.now();
        let at = |hours_ago: i64| format_instant(now - Duration::hours(hours_ago));
        let new = || uuid::Uuid::now_v7().to_string();
        let mention = |member_id: &str, handle: &str| MentionV1 {
            member_id: member_id.to_owned(),
            handle: handle.to_owned(),
        };
        let (general, design, leads) = (new(), new(), new());
        let mut ops = vec![
            OpPayload::ChannelCreated {
                channel_id: general.clone(),
                author_id: me.id.clone(),
                name: "general".into(),
                private: false,
                reason: None,
                expect_hours: Some(8),
                created_at: at(72),
            },
            OpPayload::ChannelCreated {
                channel_id: design.clone(),
                author_id: mateo.clone(),
                name: "design".into(),
                private: false,
                reason: None,
                expect_hours: Some(16),
                created_at: at(70),
            },
            OpPayload::ChannelCreated {
                channel_id: leads.clone(),
                author_id: me.id.clone(),
                name: "hiring".into(),
                private: true,
                reason: Some("Candidates' personal details".into()),
                expect_hours: None,
                created_at: at(68),
            },
        ];
        for member in [&me.id, &grace] {
            ops.push(OpPayload::ChannelMemberSet {
                channel_id: leads.clone(),
                member_id: member.clone(),
                is_member: true,
            });
        }
        let release = new();
        ops.push(OpPayload::ThreadCreated {
            thread_id: release.clone(),
            channel_id: general.clone(),
            author_id: grace.clone(),
            title: "Release 2.4 — what's left before Thursday?".into(),
            body: "Three things stand between us and the release:\n\n- [x] Migration dry run on staging\n- [ ] Sign-off on the new sync screen (@ada)\n- [ ] Release notes\n\nPlease reply here rather than in DMs so the other time zones can follow.".into(),
            mentions: vec![mention(&me.id, "ada")],
            created_at: at(20),
        });
        let (first, second, third, fourth) = (new(), new(), new(), new());
        let comments = [
            (
                &first,
                None,
                &priya,
                "The dry run took 4 minutes on the big tenant; logs are in the ops channel.",
                18,
            ),
            (
                &second,
                Some(&first),
                &me.id,
                "Good. I'll sign off the sync screen in my morning.",
                16,
            ),
            (
                &third,
                Some(&second),
                &grace,
                "Thanks — can you check the offline banner too?",
                15,
            ),
            (
                &fourth,
                Some(&third),
                &kenji,
                "The banner text is in the translation files now, so it should be easy.",
                9,
            ),
        ];
        for (comment_id, parent, author, body, hours) in comments {
            ops.push(OpPayload::CommentAdded {
                comment_id: comment_id.clone(),
                thread_id: release.clone(),
                parent_id: parent.cloned(),
                author_id: author.clone(),
                body: body.into(),
                mentions: Vec::new(),
                created_at: at(hours),
            });
        }
        for (member, emoji, item) in [
            (&linus, "👍", &release),
            (&aroha, "🎉", &release),
            (&grace, "🙏", &first),
            (&me.id, "👀", &fourth),
        ] {
            ops.push(OpPayload::ReactionSet {
                item_id: item.clone(),
                member_id: member.clone(),
                emoji: emoji.into(),
                on: true,
            });
        }
        ops.push(OpPayload::ThanksGiven {
            thanks_id: new(),
            from_id: grace.clone(),
            to_ids: vec![priya.clone(), kenji.clone()],
            note: Some("For the dry run and the translations".into()),
            item_id: Some(release.clone()),
            created_at: at(8),
        });
        for member in [&me.id, &grace, &priya] {
            ops.push(OpPayload::ThreadStateSet {
                thread_id: release.clone(),
                member_id: member.clone(),
                following: Some(true),
                read_at: None,
                done: None,
            });
        }
        let onboarding = new();
        ops.push(OpPayload::ThreadCreated {
            thread_id: onboarding.clone(),
            channel_id: design.clone(),
            author_id: mateo.clone(),
            title: "New onboarding flow: one screen or three?".into(),
            body: "I mocked both. One screen is faster; three explain working hours better. Which reads better to someone new?".into(),
            mentions: Vec::new(),
            created_at: at(40),
        });
        ops.push(OpPayload::CommentAdded {
            comment_id: new(),
            thread_id: onboarding.clone(),
            parent_id: None,
            author_id: sam.clone(),
            body: "Three. The hours step is where people get confused.".into(),
            mentions: Vec::new(),
            created_at: at(30),
        });
        ops.push(OpPayload::ThreadResolved {
            thread_id: onboarding,
            member_id: mateo.clone(),
            resolved: true,
        });
        ops.push(OpPayload::ThreadCreated {
            thread_id: new(),
            channel_id: general,
            author_id: sam.clone(),
            title: "Friday demo: recordings instead of a call".into(),
            body: "Record a 3-minute video of what you shipped and post it here by Friday 17:00 your time. Watch them whenever suits you.".into(),
            mentions: Vec::new(),
            created_at: at(6),
        });
        let doc = new();
        let (v1, v2, v3) = (new(), new(), new());
        ops.push(OpPayload::DocCreated {
            doc_id: doc.clone(),
            author_id: me.id.clone(),
            created_at: at(60),
        });
        let versions = [
            (&v1, vec![], &me.id, "We default to writing. Decisions live in threads, not in calls.", "First version", 60),
            (&v2, vec![v1.clone()], &linus, "We default to writing. Decisions live in threads, not in calls.\n\nEveryone answers within one working day of their own hours.", "Response times", 36),
            (&v3, vec![v2.clone()], &me.id, "We default to writing. Decisions and their reasons live in threads, not in calls.\n\nEveryone answers within one working day of their own hours. Nobody is expected to answer outside them.", "Reasons, and no answers outside hours", 12),
        ];
        for (revision_id, parents, author, body, summary, hours) in versions {
            ops.push(OpPayload::DocRevised {
                doc_id: doc.clone(),
                revision_id: revision_id.clone(),
                parents,
                author_id: author.clone(),
                title: "How we work asynchronously".into(),
                body: body.into(),
                summary: Some(summary.into()),
                created_at: at(hours),
            });
        }
        ops.push(OpPayload::DocCommentAdded {
            comment_id: new(),
            doc_id: doc,
            revision_id: v3,
            quote: "within one working day".into(),
            prefix: "Everyone answers ".into(),
            suffix: " of their own hours".into(),
            author_id: priya,
            body: "Does on-call count as working hours here?".into(),
            mentions: Vec::new(),
            created_at: at(10),
        });
        self.cx.store.append(now, ops)?;
        self.cx.emit(crate::base::events::CoreEvent::ContentChanged);
        Ok(())
    }

    /// Two goals (one gone stale, so it shows at risk on its own), tasks across the board with
    /// owners and due times in their own zones, two of them blocked, and a capture of mine.
    fn seed_demo_board(&mut self) -> Result<()> {
        let me = crate::people::require_me(&self.cx)?;
        let member = |handle: &str| self.member_by_handle(handle);
        let now = self.now();
        let at = |hours_ago: i64| format_instant(now - Duration::hours(hours_ago));
        let new = || uuid::Uuid::now_v7().to_string();
        // 17:00 on the day `days` from today, in `zone`.
        let due = |days: i64, zone: &str| -> (Option<String>, Option<String>) {
            let zone: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
            let day = now.with_timezone(&zone).date_naive() + Duration::days(days);
            let local = day.and_hms_opt(17, 0, 0).expect("17:00");
            (
                Some(format_instant(crate::time::resolve_local(zone, local))),
                Some(zone.name().to_owned()),
            )
        };
        let (release, hiring) = (new(), new());
        let mut ops = vec![
            OpPayload::GoalCreated {
                goal_id: release.clone(),
                author_id: me.id.clone(),
                title: "Ship release 2.4".into(),
                outcome: "Every team runs 2.4 with the new sync screen".into(),
                target_day: Some((now.date_naive() + Duration::days(10)).to_string()),
                created_at: at(72),
            },
            OpPayload::GoalCreated {
                goal_id: hiring.clone(),
                author_id: me.id.clone(),
                title: "Hire two support engineers".into(),
                outcome: "Support covers every weekday hour in Europe and the Americas".into(),
                target_day: None,
                // Created three weeks ago and never reviewed: it shows at risk on its own.
                created_at: at(24 * 21),
            },
        ];
        // (title, owner, status, due in days, goal, body)
        type DemoTask<'a> = (
            &'a str,
            &'a str,
            &'a str,
            Option<i64>,
            Option<&'a String>,
            &'a str,
        );
        let tasks: [DemoTask<'_>; 8] = [
            (
                "Migration dry run on staging",
                "priya",
                "done",
                None,
                Some(&release),
                "Took 4 minutes on the big tenant.",
            ),
            (
                "Sign off the new sync screen",
                &me.handle,
                "in_progress",
                Some(1),
                Some(&release),
                "Check the offline banner too.",
            ),
            (
                "Release notes for 2.4",
                "grace",
                "todo",
                Some(3),
                Some(&release),
                "Draft from the merged changes, then ask **@kenji** for the translations.",
            ),
            (
                "Translate the offline banner",
                "kenji",
                "todo",
                Some(2),
                Some(&release),
                "",
            ),
            (
                "Publish 2.4",
                &me.handle,
                "todo",
                Some(4),
                Some(&release),
                "",
            ),
            (
                "Write the support job ad",
                "sam",
                "in_progress",
                Some(5),
                Some(&hiring),
                "",
            ),
            (
                "Interview loop for support",
                "mateo",
                "backlog",
                None,
                Some(&hiring),
                "",
            ),
            (
                "Rota for the holidays",
                "linus",
                "backlog",
                Some(12),
                None,
                "",
            ),
        ];
        let mut ids = Vec::new();
        for (hours, (title, handle, status, days, goal, body)) in tasks.into_iter().enumerate() {
            let owner = member(handle)?;
            let (due_at, due_zone) = match days {
                Some(days) => due(days, &owner.time_zone),
                None => (None, None),
            };
            let task_id = new();
            ids.push(task_id.clone());
            ops.push(OpPayload::TaskCreated {
                task_id,
                author_id: me.id.clone(),
                title: title.into(),
                body: body.into(),
                owner_id: Some(owner.id),
                status: (*status).into(),
                due_at,
                due_zone,
                goal_id: goal.cloned(),
                created_at: at(60 - hours as i64),
            });
        }
        // Publishing waits on the sign-off and the notes; the notes wait on the translation.
        for (task, blocker) in [(4, 1), (4, 2), (2, 3), (6, 5)] {
            ops.push(OpPayload::TaskBlockerSet {
                task_id: ids[task].clone(),
                blocker_id: ids[blocker].clone(),
                member_id: me.id.clone(),
                active: true,
            });
        }
        ops.push(OpPayload::CaptureAdded {
            capture_id: new(),
            member_id: me.id.clone(),
            text: "Ask Linus whether the rota should skip public holidays".into(),
            created_at: at(2),
        });
        self.cx.store.append(now, ops)?;
        self.cx.emit(crate::base::events::CoreEvent::BoardChanged);
        Ok(())
    }
}
