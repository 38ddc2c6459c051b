//! The search query language as a table: words, phrases, the prefix being typed, exclusions,
//! operators, dates as local days in the reader's zone (across DST), and bad syntax refused
//! with a hint.

use crate::utc;
use meridian::search::{parse, ParsedQuery};
use meridian::ErrorKind;

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|word| (*word).to_owned()).collect()
}

#[test]
fn query_language_table() {
    let now = utc("2026-11-23T09:00:00Z");
    let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap();
    let cases: Vec<(&str, ParsedQuery)> = vec![
        ("", ParsedQuery::default()),
        ("   ", ParsedQuery::default()),
        (
            "launch plan ",
            ParsedQuery {
                words: words(&["launch", "plan"]),
                ..ParsedQuery::default()
            },
        ),
        (
            "launch pl",
            ParsedQuery {
                words: words(&["launch"]),
                prefix: Some("pl".into()),
                ..ParsedQuery::default()
            },
        ),
        (
            "\"release notes\" draft -old -\"last year\" ",
            ParsedQuery {
                words: words(&["draft"]),
                phrases: words(&["release notes"]),
                excluded: words(&["old", "last year"]),
                ..ParsedQuery::default()
            },
        ),
        (
            "\"single\"",
            ParsedQuery {
                words: words(&["single"]),
                ..ParsedQuery::default()
            },
        ),
        (
            "from:@Priya in:#general is:thread is:open has:blocker ",
            ParsedQuery {
                from: words(&["priya"]),
                channels: words(&["general"]),
                kinds: words(&["thread", "comment"]),
                open: true,
                blocker: true,
                ..ParsedQuery::default()
            },
        ),
        (
            "from:ada is:doc is:archived",
            ParsedQuery {
                from: words(&["ada"]),
                kinds: words(&["doc", "doc_comment"]),
                archived: true,
                ..ParsedQuery::default()
            },
        ),
        (
            // Not operators: a time and an address stay words.
            "12:30 https://example.com ",
            ParsedQuery {
                words: words(&["12:30", "https://example.com"]),
                ..ParsedQuery::default()
            },
        ),
        (
            // Berlin's day starts an hour before UTC's in winter, two in summer.
            "after:2026-01-15 before:2026-07-01 ",
            ParsedQuery {
                after: Some(utc("2026-01-14T23:00:00Z")),
                before: Some(utc("2026-06-30T22:00:00Z")),
                ..ParsedQuery::default()
            },
        ),
        (
            "after:today before:yesterday",
            ParsedQuery {
                after: Some(utc("2026-11-22T23:00:00Z")),
                before: Some(utc("2026-11-21T23:00:00Z")),
                ..ParsedQuery::default()
            },
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(text, berlin, now).unwrap(), expected, "{text:?}");
    }
}

#[test]
fn dates_are_the_readers_local_days() {
    let now = utc("2026-11-23T09:00:00Z");
    let cases = [
        ("Pacific/Auckland", "2026-03-01", "2026-02-28T11:00:00Z"),
        ("America/Los_Angeles", "2026-03-01", "2026-03-01T08:00:00Z"),
        ("UTC", "2026-03-01", "2026-03-01T00:00:00Z"),
        ("Asia/Kolkata", "2026-03-01", "2026-02-28T18:30:00Z"),
        // Santiago's clocks go from 24:00 to 01:00 on 2026-09-06: the day starts at 01:00.
        ("America/Santiago", "2026-09-06", "2026-09-06T04:00:00Z"),
        // "today" is the reader's: at 09:00Z on Monday it is still Sunday 23:00 in Honolulu.
        ("Pacific/Honolulu", "today", "2026-11-22T10:00:00Z"),
    ];
    for (zone, day, start) in cases {
        let zone: chrono_tz::Tz = zone.parse().unwrap();
        let parsed = parse(&format!("after:{day}"), zone, now).unwrap();
        assert_eq!(parsed.after, Some(utc(start)), "{zone} {day}");
    }
}

#[test]
fn bad_syntax_gets_a_hint() {
    let now = utc("2026-11-23T09:00:00Z");
    let cases = [
        ("\"unclosed phrase", "is not closed"),
        ("launch \"plan", "add a closing \""),
        ("colour:red", "is not an operator"),
        ("is:spreadsheet", "is:thread"),
        ("has:cats", "has:blocker"),
        ("before:yesterdayish", "YYYY-MM-DD"),
        ("after:2026-02-30", "YYYY-MM-DD"),
        ("from:", "from:@priya"),
        ("in: launch", "in:#general"),
        ("pla\"n\"", "put the quotes around the whole phrase"),
    ];
    for (text, hint) in cases {
        let err = parse(text, chrono_tz::UTC, now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{text:?}");
        assert!(err.to_string().contains(hint), "{text:?}: {err}");
    }
}
