//! Input validation: each rule rejects bad input with a message saying what is wrong and
//! what is allowed, before anything is written.

use crate::base::model::{TimeRange, WeeklyHours};
use crate::base::{Error, Result};
use chrono_tz::Tz;

pub const HANDLE_MIN: usize = 2;
pub const HANDLE_MAX: usize = 32;
pub const NAME_MAX: usize = 80;
pub const LABEL_MAX: usize = 120;
/// Longest focus session, in minutes (12 hours).
pub const FOCUS_MAX_MINUTES: u32 = 720;

const HANDLE_RULE: &str =
    "2–32 characters: lowercase letters, digits, - or _, starting with a letter (e.g. @ada)";

/// Normalises and checks a @handle: strips one leading `@`, lowercases, then checks the rule.
pub fn handle(raw: &str) -> Result<String> {
    let trimmed = raw.trim();
    let bare = trimmed.strip_prefix('@').unwrap_or(trimmed).to_lowercase();
    let fail = |what: String| {
        Err(Error::invalid(
            "handle",
            format!("{what}. A @handle has {HANDLE_RULE}."),
        ))
    };
    if bare.is_empty() {
        return fail("The @handle is empty".into());
    }
    if bare.chars().any(char::is_whitespace) {
        return fail(format!("@{bare} contains a space; use - or _ instead"));
    }
    let length = bare.chars().count();
    if length < HANDLE_MIN {
        return fail(format!("@{bare} is too short"));
    }
    if length > HANDLE_MAX {
        return fail(format!(
            "The @handle is {length} characters long, {} too many",
            length - HANDLE_MAX
        ));
    }
    if !bare.starts_with(|c: char| c.is_ascii_lowercase()) {
        return fail(format!("@{bare} must start with a letter"));
    }
    if let Some(bad) = bare
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
    {
        return fail(format!("@{bare} contains {bad:?}"));
    }
    Ok(bare)
}

/// A display name: 1–80 characters after trimming.
pub fn display_name(raw: &str) -> Result<String> {
    bounded_text("display_name", "Your name", raw, NAME_MAX)
}

/// A team name: 1–80 characters after trimming.
pub fn team_name(raw: &str) -> Result<String> {
    bounded_text("team_name", "The team name", raw, NAME_MAX)
}

/// An optional focus label: empty means none; at most 120 characters.
pub fn focus_label(raw: Option<&str>) -> Result<Option<String>> {
    optional_text("label", "The focus label", raw)
}

/// An optional short text (a note, a status message): empty means none; at most 120
/// characters. `field` and `what` name it in the error.
pub fn optional_text(field: &'static str, what: &str, raw: Option<&str>) -> Result<Option<String>> {
    match raw.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => bounded_text(field, what, text, LABEL_MAX).map(Some),
    }
}

fn bounded_text(field: &'static str, what: &str, raw: &str, max: usize) -> Result<String> {
    let text = raw.trim();
    let length = text.chars().count();
    if length == 0 {
        return Err(Error::invalid(
            field,
            format!("{what} is empty; type 1 to {max} characters."),
        ));
    }
    if length > max {
        return Err(Error::invalid(
            field,
            format!("{what} is {length} characters long; the most is {max}."),
        ));
    }
    Ok(text.to_owned())
}

/// An IANA time zone name such as `Europe/Berlin`.
pub fn time_zone(raw: &str) -> Result<Tz> {
    let name = raw.trim();
    name.parse::<Tz>().map_err(|_| {
        let hint = suggest_zone(name)
            .map(|zone| format!(" Did you mean {zone}?"))
            .unwrap_or_default();
        Error::invalid(
            "time_zone",
            format!(
                "{name:?} is not a known time zone. Use an IANA name like Europe/Berlin, \
                 America/New_York or Asia/Kolkata.{hint}"
            ),
        )
    })
}

/// The closest IANA name by case-insensitive match on the last segment, for hints.
fn suggest_zone(name: &str) -> Option<&'static str> {
    let wanted = name.rsplit('/').next()?.replace(' ', "_").to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| zone.name())
        .find(|zone| {
            zone.rsplit('/')
                .next()
                .is_some_and(|city| city.to_lowercase() == wanted)
        })
}

/// Minutes after local midnight of `"HH:MM"`; `"24:00"` is allowed only as an end.
pub fn clock_time(raw: &str, allow_end_of_day: bool) -> Result<u32> {
    let fail = || {
        Error::invalid(
            "working_hours",
            format!(
                "{raw:?} is not a time of day. Write 24-hour \"HH:MM\", from 00:00 to 23:59{}.",
                if allow_end_of_day {
                    " (or 24:00 for the end of the day)"
                } else {
                    ""
                }
            ),
        )
    };
    let (hours, minutes) = raw.trim().split_once(':').ok_or_else(fail)?;
    if hours.len() != 2 || minutes.len() != 2 {
        return Err(fail());
    }
    let hours: u32 = hours.parse().map_err(|_| fail())?;
    let minutes: u32 = minutes.parse().map_err(|_| fail())?;
    if minutes > 59 || hours > 24 || (hours == 24 && (minutes != 0 || !allow_end_of_day)) {
        return Err(fail());
    }
    Ok(hours * 60 + minutes)
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Checks a week of working hours: 7 days, valid times, end after start, no overlaps.
/// Returns the hours with each day's ranges sorted by start.
pub fn weekly_hours(hours: &WeeklyHours) -> Result<WeeklyHours> {
    if hours.days.len() != 7 {
        return Err(Error::invalid(
            "working_hours",
            format!(
                "Working hours need 7 days (Monday to Sunday); got {}.",
                hours.days.len()
            ),
        ));
    }
    let mut days = Vec::with_capacity(7);
    for (day, ranges) in WEEKDAYS.iter().zip(&hours.days) {
        let mut parsed = Vec::with_capacity(ranges.len());
        for range in ranges {
            let start = clock_time(&range.start, false)?;
            let end = clock_time(&range.end, true)?;
            if end <= start {
                return Err(Error::invalid(
                    "working_hours",
                    format!(
                        "{day} {}–{} ends before it starts. The end must be later than the start \
                         on the same day; split a range that crosses midnight into two days.",
                        range.start, range.end
                    ),
                ));
            }
            parsed.push((start, end, range));
        }
        parsed.sort_by_key(|(start, _, _)| *start);
        for pair in parsed.windows(2) {
            let (_, first_end, first) = pair[0];
            let (second_start, _, second) = pair[1];
            if second_start < first_end {
                return Err(Error::invalid(
                    "working_hours",
                    format!(
                        "{day} {}–{} overlaps {}–{}. Ranges on one day must not overlap; merge \
                         them into one.",
                        first.start, first.end, second.start, second.end
                    ),
                ));
            }
        }
        days.push(
            parsed
                .into_iter()
                .map(|(start, end, _)| TimeRange {
                    start: format_minutes(start),
                    end: format_minutes(end),
                })
                .collect(),
        );
    }
    Ok(WeeklyHours { days })
}

pub fn format_minutes(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A focus duration such as `25`, `25m`, `90 min`, `1h`, `1h30m`, as whole minutes.
pub fn focus_duration(raw: &str) -> Result<u32> {
    let text: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let fail = || {
        Error::invalid(
            "duration",
            format!(
                "{raw:?} is not a duration. Use minutes like 25 or 25m, or hours like 1h or \
                 1h30m, from 1 minute to {} hours.",
                FOCUS_MAX_MINUTES / 60
            ),
        )
    };
    let text = text
        .strip_suffix("in")
        .map(|rest| rest.to_owned())
        .unwrap_or(text); // "min"
    let mut minutes: u32 = 0;
    let mut number = String::new();
    let mut seen_unit = false;
    for c in text.chars() {
        match c {
            '0'..='9' => number.push(c),
            'h' | 'm' if !number.is_empty() => {
                let value: u32 = number.parse().map_err(|_| fail())?;
                let factor = if c == 'h' { 60 } else { 1 };
                minutes = value
                    .checked_mul(factor)
                    .and_then(|part| minutes.checked_add(part))
                    .ok_or_else(fail)?;
                number.clear();
                seen_unit = true;
            }
            _ => return Err(fail()),
        }
    }
    if !number.is_empty() {
        if seen_unit {
            return Err(fail());
        }
        minutes = number.parse().map_err(|_| fail())?;
    } else if !seen_unit {
        return Err(fail());
    }
    validate_focus_minutes(minutes)
}

/// A status duration like `30m`, `2h` or `90`, 1 minute to 31 days, in minutes.
pub fn status_duration(raw: &str) -> Result<u32> {
    let text: String = raw.trim().to_lowercase();
    let fail = || {
        Error::invalid(
            "duration",
            format!("{raw:?} is not a duration. Use minutes (30m), hours (2h) or days (3d), up to 31 days."),
        )
    };
    let (number, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((at, _)) => text.split_at(at),
        None => (text.as_str(), "m"),
    };
    let value: u32 = number.parse().map_err(|_| fail())?;
    let minutes = match unit.trim() {
        "m" | "min" => value,
        "h" => value.checked_mul(60).ok_or_else(fail)?,
        "d" => value.checked_mul(60 * 24).ok_or_else(fail)?,
        _ => return Err(fail()),
    };
    if minutes == 0 || minutes > 60 * 24 * 31 {
        return Err(fail());
    }
    Ok(minutes)
}

/// Checks a focus length in minutes: 1 to 720.
pub fn validate_focus_minutes(minutes: u32) -> Result<u32> {
    if minutes == 0 || minutes > FOCUS_MAX_MINUTES {
        return Err(Error::invalid(
            "duration",
            format!(
                "A focus session lasts from 1 minute to {} hours; {minutes} minutes is out of range.",
                FOCUS_MAX_MINUTES / 60
            ),
        ));
    }
    Ok(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: &str, end: &str) -> TimeRange {
        TimeRange {
            start: start.into(),
            end: end.into(),
        }
    }

    fn week_with_monday(ranges: Vec<TimeRange>) -> WeeklyHours {
        let mut days = vec![Vec::new(); 7];
        days[0] = ranges;
        WeeklyHours { days }
    }

    #[test]
    fn handles_are_normalised() {
        assert_eq!(handle("@Ada").unwrap(), "ada");
        assert_eq!(handle("  grace_h-2 ").unwrap(), "grace_h-2");
    }

    #[test]
    fn bad_handles_say_what_is_wrong() {
        let cases = [
            ("", "empty"),
            ("a b", "contains a space"),
            ("a", "too short"),
            (&"x".repeat(33), "1 too many"),
            ("1ada", "start with a letter"),
            ("ada!", "contains '!'"),
        ];
        for (input, expected) in cases {
            let message = handle(input).unwrap_err().to_string();
            assert!(message.contains(expected), "{input:?}: {message}");
            assert!(message.contains("2–32 characters"), "{input:?}: {message}");
        }
    }

    #[test]
    fn time_zones_must_be_iana_names() {
        assert_eq!(time_zone("Asia/Kolkata").unwrap(), chrono_tz::Asia::Kolkata);
        let message = time_zone("Mars/Olympus").unwrap_err().to_string();
        assert!(message.contains("not a known time zone"), "{message}");
        let hint = time_zone("berlin").unwrap_err().to_string();
        assert!(hint.contains("Did you mean Europe/Berlin?"), "{hint}");
    }

    #[test]
    fn clock_times_are_24_hour() {
        assert_eq!(clock_time("09:30", false).unwrap(), 570);
        assert_eq!(clock_time("24:00", true).unwrap(), 1440);
        for bad in ["25:00", "9-5", "9:00", "24:00", "12:60", ""] {
            assert!(clock_time(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn weekly_hours_reject_backwards_and_overlapping_ranges() {
        let backwards = weekly_hours(&week_with_monday(vec![range("17:00", "09:00")]));
        assert!(backwards
            .unwrap_err()
            .to_string()
            .contains("ends before it starts"));
        let overlapping = weekly_hours(&week_with_monday(vec![
            range("13:00", "17:00"),
            range("09:00", "13:30"),
        ]));
        assert!(overlapping.unwrap_err().to_string().contains("overlaps"));
        let six_days = WeeklyHours {
            days: vec![Vec::new(); 6],
        };
        assert!(weekly_hours(&six_days).is_err());
    }

    #[test]
    fn weekly_hours_sort_ranges_and_allow_touching_ones() {
        let hours = weekly_hours(&week_with_monday(vec![
            range("13:00", "24:00"),
            range("09:00", "13:00"),
        ]))
        .unwrap();
        assert_eq!(
            hours.days[0],
            vec![range("09:00", "13:00"), range("13:00", "24:00")]
        );
    }

    #[test]
    fn focus_durations_parse() {
        let cases = [
            ("25", 25),
            ("25m", 25),
            ("90 min", 90),
            ("1h", 60),
            ("1h30m", 90),
            ("12h", 720),
        ];
        for (input, minutes) in cases {
            assert_eq!(focus_duration(input).unwrap(), minutes, "{input}");
        }
        for bad in ["90x", "", "h", "0", "13h", "1h30", "-5", "1.5h"] {
            let message = focus_duration(bad).unwrap_err().to_string();
            assert!(message.contains("minute"), "{bad}: {message}");
        }
    }
}
