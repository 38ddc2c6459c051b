//! Argument text shared by several commands (hours specs, weekdays, lists) into core input types.

use meridian::model::{TimeRange, WeeklyHours};
use meridian::{time, validate, Error};

/// The `--hours` flags as a week, or `unset()` when none were given: left out, the flag means
/// the standard week on create and "unchanged" on edit, so each command says which.
pub fn hours_or(
    specs: &[String],
    unset: impl FnOnce() -> WeeklyHours,
) -> Result<WeeklyHours, Error> {
    if specs.is_empty() {
        Ok(unset())
    } else {
        hours(specs)
    }
}

/// Parses `--hours` specs such as `mon-fri 09:00-17:00` or `sat,sun 10:00-12:00,13:00-15:00`
/// into a week; days not named are days off.
pub fn hours(specs: &[String]) -> Result<WeeklyHours, Error> {
    let usage = |spec: &str, what: &str| {
        Error::invalid(
            "working_hours",
            format!(
                "--hours {spec:?}: {what}. Write days then ranges, e.g. \"mon-fri 09:00-17:00\" or \
                 \"sat 10:00-12:00,13:00-15:00\"."
            ),
        )
    };
    let mut days = vec![Vec::new(); 7];
    for spec in specs {
        let (day_part, range_part) = spec
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| usage(spec, "missing the time ranges"))?;
        let chosen = weekdays(day_part).map_err(|what| usage(spec, &what))?;
        let mut ranges = Vec::new();
        for range in range_part.trim().split(',') {
            let (start, end) = range.trim().split_once('-').ok_or_else(|| {
                usage(spec, &format!("{range:?} is not a range like 09:00-17:00"))
            })?;
            ranges.push(TimeRange {
                start: start.trim().to_owned(),
                end: end.trim().to_owned(),
            });
        }
        for day in chosen {
            days[usize::from(day)].extend(ranges.iter().cloned());
        }
    }
    // The core checks the week again on write; checking here keeps a bad --hours the first
    // error reported, ahead of the other fields.
    validate::weekly_hours(&WeeklyHours { days })
}

/// `--days`: `mon-fri`, `mon,wed,fri`, `sat` → weekday numbers (0 = Monday).
pub fn days(spec: &str) -> Result<Vec<u8>, Error> {
    weekdays(spec).map_err(|what| {
        Error::invalid(
            "weekdays",
            format!("{what}. Use mon … sun, ranges like mon-fri, or lists like mon,wed."),
        )
    })
}

/// The weekday spec shared by `--days` and `--hours`: `mon-fri`, `mon,wed,fri`, `sat`; on
/// failure, what is wrong with it (each caller wraps it in its own usage line).
fn weekdays(spec: &str) -> Result<Vec<u8>, String> {
    let index = |name: &str| {
        time::weekday_index(name).ok_or_else(|| format!("{name:?} is not a weekday (mon … sun)"))
    };
    let mut days = Vec::new();
    for group in spec.split(',') {
        match group.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (index(from)?, index(to)?);
                if to < from {
                    return Err("day ranges go from Monday towards Sunday, like mon-fri".to_owned());
                }
                days.extend(from..=to);
            }
            None => days.push(index(group)?),
        }
    }
    Ok(days)
}

/// A comma-separated flag (`09:30,13:00`, `@ada,@grace`) as its trimmed, non-empty items, so
/// `""` clears the list.
pub fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}
