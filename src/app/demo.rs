//! A realistic demo team across seven time zones, so the board is alive on first run.

use super::Meridian;
use crate::base::model::{MemberInput, OnboardingInput, TimeRange, WeeklyHours};
use crate::base::Result;
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
        }
        Ok(added)
    }
}
