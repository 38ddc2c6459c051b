//! Conversations and docs through the façade: channels, nested comments, revisions,
//! reactions, thanks, mentions and their notifications, docs with a revision graph — and bad
//! input refused with nothing written.

use crate::{utc, Fixture};
use meridian::content::ThreadFilter;
use meridian::model::{ChannelInput, DiffTag, MemberInput, WeeklyHours};
use meridian::{ErrorKind, Meridian};

fn team() -> Fixture {
    let mut fixture = Fixture::onboarded();
    for (name, handle, zone) in [
        ("Aroha Ngata", "aroha", "Pacific/Auckland"),
        ("Grace Hopper", "grace", "America/New_York"),
    ] {
        fixture
            .meridian
            .add_member(MemberInput {
                display_name: name.into(),
                handle: handle.into(),
                time_zone: zone.into(),
                working_hours: WeeklyHours::standard(),
            })
            .unwrap();
    }
    fixture
}

fn open_channel(meridian: &mut Meridian, name: &str) -> String {
    meridian
        .create_channel(&ChannelInput {
            name: name.into(),
            private: false,
            reason: None,
            expect: Some("1d".into()),
            members: vec![],
        })
        .unwrap()
        .id
}

fn inbox_titles(meridian: &Meridian, handle: &str) -> Vec<String> {
    let id = meridian.member_by_handle(handle).unwrap().id;
    let conn = meridian.store().conn();
    let mut statement = conn
        .prepare(
            "SELECT n.title FROM notifications n JOIN inbox_order o ON o.notification_id = n.id
             WHERE n.recipient_id = ?1 ORDER BY o.seq",
        )
        .unwrap();
    statement
        .query_map([id], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let thread = fixture
        .meridian
        .create_thread(&channel, "Plan", "Body")
        .unwrap();
    let other = fixture
        .meridian
        .create_thread(&channel, "Other", "")
        .unwrap();
    let foreign = fixture
        .meridian
        .comment(&other.id, None, "elsewhere")
        .unwrap();
    let ops = fixture.op_count();
    let meridian = &mut fixture.meridian;
    let private_without_reason = meridian.create_channel(&ChannelInput {
        name: "secret".into(),
        private: true,
        reason: None,
        expect: None,
        members: vec![],
    });
    let always_on = meridian.create_channel(&ChannelInput {
        name: "pager".into(),
        private: false,
        reason: None,
        expect: Some("30m".into()),
        members: vec![],
    });
    let refusals = [
        ("reason", private_without_reason.map(|_| ())),
        ("expect", always_on.map(|_| ())),
        (
            "title",
            meridian.create_thread(&channel, "   ", "x").map(|_| ()),
        ),
        (
            "title",
            meridian
                .create_thread(&channel, &"t".repeat(201), "x")
                .map(|_| ()),
        ),
        (
            "body",
            meridian
                .create_thread(&channel, "Long", &"b".repeat(20_001))
                .map(|_| ()),
        ),
        (
            "parent",
            meridian
                .comment(&thread.id, Some(&foreign.id), "x")
                .map(|_| ()),
        ),
        ("body", meridian.comment(&thread.id, None, "  ").map(|_| ())),
        ("emoji", meridian.react(&thread.id, "🦄").map(|_| ())),
        (
            "name",
            meridian
                .create_channel(&ChannelInput {
                    name: "Bad Name!".into(),
                    private: false,
                    reason: None,
                    expect: None,
                    members: vec![],
                })
                .map(|_| ()),
        ),
    ];
    for (field, result) in refusals {
        let err = result.expect_err(field);
        assert_eq!(err.kind(), ErrorKind::Invalid, "{field}: {err}");
        assert_eq!(err.payload().field.as_deref(), Some(field), "{err}");
    }
    assert!(meridian
        .create_channel(&ChannelInput {
            name: "pager".into(),
            private: false,
            reason: None,
            expect: Some("30m".into()),
            members: vec![],
        })
        .unwrap_err()
        .to_string()
        .contains("always on"));
    meridian.set_archived(&thread.id, true).unwrap();
    let after_archive = fixture.op_count();
    let reply = fixture.meridian.comment(&thread.id, None, "late");
    assert_eq!(reply.unwrap_err().kind(), ErrorKind::Conflict);
    assert_eq!(fixture.op_count(), after_archive);
    assert_eq!(after_archive, ops + 1, "only the archive was written");
}

#[test]
fn an_unknown_handle_stays_text_with_a_warning() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let posted = fixture
        .meridian
        .create_thread(&channel, "Hello", "Ping @zed and @aroha, not `@grace`")
        .unwrap();
    assert_eq!(posted.warnings.len(), 1, "{:?}", posted.warnings);
    assert!(posted.warnings[0].contains("@zed"));
    let detail = fixture.meridian.thread(&posted.id).unwrap();
    assert!(detail.body_html.contains("@zed"));
    assert!(detail.body_html.contains(r#"class="mention""#));
    assert_eq!(inbox_titles(&fixture.meridian, "aroha").len(), 1);
    assert!(
        inbox_titles(&fixture.meridian, "grace").is_empty(),
        "no mention inside code"
    );
}

#[test]
fn comments_nest_three_levels_and_deeper_replies_say_whom_they_answer() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let thread = fixture
        .meridian
        .create_thread(&channel, "Tree", "")
        .unwrap();
    let mut parent = None;
    let mut ids = Vec::new();
    for level in 0..5 {
        let posted = fixture
            .meridian
            .comment(&thread.id, parent.as_deref(), &format!("level {level}"))
            .unwrap();
        parent = Some(posted.id.clone());
        ids.push(posted.id);
    }
    let top_sibling = fixture
        .meridian
        .comment(&thread.id, None, "sibling")
        .unwrap();
    let detail = fixture.meridian.thread(&thread.id).unwrap();
    let shown: Vec<(String, u32, Option<String>)> = detail
        .comments
        .iter()
        .map(|c| (c.body.clone(), c.depth, c.replying_to.clone()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("level 0".into(), 0, None),
            ("level 1".into(), 1, None),
            ("level 2".into(), 2, None),
            ("level 3".into(), 2, Some("ada".into())),
            ("level 4".into(), 2, Some("ada".into())),
            ("sibling".into(), 0, None),
        ]
    );
    assert_eq!(detail.comments.last().unwrap().id, top_sibling.id);
    assert_eq!(detail.summary.comment_count, 6);
}

#[test]
fn edits_keep_every_revision_and_notify_only_new_mentions() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let thread = fixture
        .meridian
        .create_thread(&channel, "Launch", "cc @aroha")
        .unwrap();
    fixture.clock.set(utc("2026-11-23T13:02:00Z"));
    fixture
        .meridian
        .edit_thread(&thread.id, "Launch day", "cc @aroha @grace")
        .unwrap();
    let history = fixture.meridian.history(&thread.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].body, "cc @aroha");
    assert_eq!(history[1].title.as_deref(), Some("Launch day"));
    let detail = fixture.meridian.thread(&thread.id).unwrap();
    assert_eq!(
        detail.edited_at.as_deref(),
        Some("2026-11-23T13:02:00.000Z")
    );
    assert_eq!(
        detail.summary.title, "Launch day",
        "the title is the edit's"
    );
    assert_eq!(
        inbox_titles(&fixture.meridian, "aroha").len(),
        1,
        "aroha once"
    );
    assert_eq!(
        inbox_titles(&fixture.meridian, "grace").len(),
        1,
        "grace on the edit"
    );
}

#[test]
fn resolving_is_a_state_and_follow_done_read_are_per_person() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let thread = fixture.meridian.create_thread(&channel, "Bug", "").unwrap();
    fixture
        .meridian
        .set_thread_resolved(&thread.id, true)
        .unwrap();
    let summary = fixture.meridian.thread(&thread.id).unwrap().summary;
    assert!(summary.resolved && summary.following);
    assert_eq!(summary.title, "Bug", "resolving never renames");
    assert_eq!(
        fixture
            .meridian
            .set_thread_resolved(&thread.id, true)
            .unwrap_err()
            .kind(),
        ErrorKind::Conflict
    );
    fixture.meridian.set_done(&thread.id, true).unwrap();
    let following = |meridian: &Meridian| {
        meridian
            .threads(&ThreadFilter {
                following_only: true,
                ..ThreadFilter::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(
        following(&fixture.meridian),
        0,
        "done leaves the following list"
    );
    fixture.meridian.set_done(&thread.id, false).unwrap();
    assert_eq!(following(&fixture.meridian), 1, "and undo brings it back");
    fixture.meridian.set_following(&thread.id, false).unwrap();
    assert_eq!(following(&fixture.meridian), 0);
    assert!(
        !fixture.meridian.mark_read(&thread.id).unwrap(),
        "read already: no op"
    );
}

#[test]
fn replies_and_followed_activity_reach_the_inbox_and_reactions_wait_for_the_batch() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let thread = fixture
        .meridian
        .create_thread(&channel, "Retro", "")
        .unwrap();
    let comment = fixture
        .meridian
        .comment(&thread.id, None, "first @grace")
        .unwrap();
    fixture
        .meridian
        .comment(&thread.id, Some(&comment.id), "again")
        .unwrap();
    // Grace was mentioned, so she follows; the second comment reaches her as activity.
    let grace = inbox_titles(&fixture.meridian, "grace");
    assert_eq!(grace.len(), 2, "{grace:?}");
    assert!(grace[0].starts_with("@ada mentioned you"));
    assert!(grace[1].starts_with("@ada commented in"));
    assert!(fixture.meridian.react(&comment.id, ":tada:").unwrap());
    assert!(
        !fixture.meridian.react(&comment.id, "🎉").unwrap(),
        "toggled off"
    );
    let detail = fixture.meridian.thread(&thread.id).unwrap();
    assert!(detail.comments[0].reactions.is_empty());
    fixture.meridian.react(&thread.id, "👍").unwrap();
    let detail = fixture.meridian.thread(&thread.id).unwrap();
    assert_eq!(detail.reactions[0].emoji, "👍");
    assert!(detail.reactions[0].mine);
    assert_eq!(detail.reactions[0].people[0].handle, "ada");
    fixture
        .meridian
        .thank(
            &["aroha".into(), "@grace".into()],
            Some("Great retro"),
            Some(&thread.id),
        )
        .unwrap();
    let detail = fixture.meridian.thread(&thread.id).unwrap();
    assert_eq!(detail.thanks.len(), 1);
    assert_eq!(detail.thanks[0].to.len(), 2);
    let urgent: i64 = fixture
        .meridian
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM notifications WHERE urgent = 1",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        urgent, 0,
        "nothing from conversations pings past the batching policy"
    );
    assert!(inbox_titles(&fixture.meridian, "aroha")
        .iter()
        .any(|title| title == "@ada thanked you for “Retro”"));
}

#[test]
fn the_composer_says_when_each_mentioned_person_will_see_it() {
    let mut fixture = team();
    // Monday 09:00Z: 22:00 in Auckland (off), 04:00 in New York (off).
    let channel = fixture
        .meridian
        .create_channel(&ChannelInput {
            name: "leads".into(),
            private: true,
            reason: Some("Performance reviews".into()),
            expect: None,
            members: vec!["grace".into()],
        })
        .unwrap();
    let check = fixture
        .meridian
        .check_draft(Some(&channel.id), "@aroha @grace can you look?")
        .unwrap();
    let aroha = &check.mentions[0];
    assert_eq!(aroha.person.handle, "aroha");
    assert_eq!(aroha.local_time, "22:00");
    assert!(!aroha.available_now);
    assert_eq!(
        aroha.sentence,
        "22:00 for Aroha — they'll see it at 09:00 tomorrow their time"
    );
    assert!(!aroha.can_see, "aroha is not in the private channel");
    assert!(check.mentions[1].can_see);
    assert_eq!(check.mentions[1].local_time, "04:00");
    assert!(check.body_html.contains("data-member-id"));
}

#[test]
fn private_channels_warn_before_going_public_and_hide_from_non_members() {
    let mut fixture = team();
    let channel = fixture
        .meridian
        .create_channel(&ChannelInput {
            name: "salaries".into(),
            private: true,
            reason: Some("Pay is personal".into()),
            expect: None,
            members: vec![],
        })
        .unwrap();
    assert_eq!(channel.reason.as_deref(), Some("Pay is personal"));
    assert!(channel.can_see);
    let open = ChannelInput {
        name: "salaries".into(),
        private: false,
        reason: None,
        expect: None,
        members: vec![],
    };
    let ops = fixture.op_count();
    let warning = fixture
        .meridian
        .update_channel(&channel.id, &open, false)
        .unwrap_err();
    assert_eq!(warning.kind(), ErrorKind::Conflict);
    assert!(warning.to_string().contains("whole history"), "{warning}");
    assert_eq!(fixture.op_count(), ops);
    let opened = fixture
        .meridian
        .update_channel(&channel.id, &open, true)
        .unwrap();
    assert!(!opened.private && opened.reason.is_none());
}

#[test]
fn archived_items_leave_lists_but_stay_linkable_and_restore() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let thread = fixture.meridian.create_thread(&channel, "Old", "").unwrap();
    fixture.meridian.set_archived(&thread.id, true).unwrap();
    assert!(fixture
        .meridian
        .threads(&ThreadFilter::default())
        .unwrap()
        .is_empty());
    let all = ThreadFilter {
        include_archived: true,
        ..ThreadFilter::default()
    };
    assert_eq!(fixture.meridian.threads(&all).unwrap().len(), 1);
    assert!(
        fixture
            .meridian
            .thread(&thread.id)
            .unwrap()
            .summary
            .archived
    );
    fixture.meridian.set_archived(&thread.id, false).unwrap();
    assert_eq!(
        fixture
            .meridian
            .threads(&ThreadFilter::default())
            .unwrap()
            .len(),
        1
    );
    fixture
        .meridian
        .set_channel_archived("general", true)
        .unwrap();
    assert!(fixture.meridian.channels(false).unwrap().is_empty());
    assert_eq!(fixture.meridian.channels(true).unwrap().len(), 1);
    fixture
        .meridian
        .set_channel_archived("#general", false)
        .unwrap();
    assert_eq!(fixture.meridian.channels(false).unwrap().len(), 1);
}

#[test]
fn channel_pages_follow_on_without_gaps() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    for n in 0..7 {
        fixture.clock.advance(chrono::Duration::minutes(1));
        fixture
            .meridian
            .create_thread(&channel, &format!("Post {n}"), "")
            .unwrap();
    }
    let mut seen = Vec::new();
    let mut before = None;
    loop {
        let page = fixture
            .meridian
            .threads(&ThreadFilter {
                channel_id: Some("general".into()),
                before: before.clone(),
                limit: 3,
                ..ThreadFilter::default()
            })
            .unwrap();
        let Some(last) = page.last() else { break };
        before = Some((last.created_at.clone(), last.id.clone()));
        seen.extend(page.into_iter().map(|thread| thread.title));
    }
    let expected: Vec<String> = (0..7).rev().map(|n| format!("Post {n}")).collect();
    assert_eq!(seen, expected);
}

#[test]
fn docs_keep_revisions_diff_restore_and_never_lose_concurrent_edits() {
    let mut fixture = team();
    let doc = fixture
        .meridian
        .create_doc("Handbook", "We work in the open.", None)
        .unwrap();
    fixture.clock.advance(chrono::Duration::minutes(1));
    fixture
        .meridian
        .edit_doc(
            &doc.id,
            None,
            "We work in the open, by default.",
            Some("Default"),
            None,
        )
        .unwrap();
    let diff = fixture.meridian.doc_diff(&doc.id, None, None).unwrap();
    let inserted: String = diff
        .chunks
        .iter()
        .filter(|chunk| chunk.tag == DiffTag::Insert)
        .map(|chunk| chunk.text.as_str())
        .collect();
    assert!(inserted.contains("default"), "{:?}", diff.chunks);
    // An edit made from revision 1 while revision 2 exists (another device, offline): two heads.
    fixture.clock.advance(chrono::Duration::minutes(1));
    fixture
        .meridian
        .edit_doc(
            &doc.id,
            None,
            "We work in the open and write it down.",
            None,
            Some("1"),
        )
        .unwrap();
    let detail = fixture.meridian.doc(&doc.id, None).unwrap();
    assert_eq!(detail.summary.head_count, 2);
    assert_eq!(
        detail.body, "We work in the open and write it down.",
        "the latest head shows"
    );
    let heads = fixture.meridian.doc_heads(&doc.id).unwrap();
    assert_eq!(heads.len(), 2);
    assert!(
        heads.iter().any(|head| head.body.contains("by default")),
        "no text lost"
    );
    fixture.clock.advance(chrono::Duration::minutes(1));
    fixture
        .meridian
        .merge_doc(
            &doc.id,
            None,
            "We work in the open, by default, and write it down.",
            None,
        )
        .unwrap();
    let merged = fixture.meridian.doc(&doc.id, None).unwrap();
    assert_eq!(merged.summary.head_count, 1);
    assert_eq!(merged.revision.parents.len(), 2);
    assert_eq!(merged.summary.revision_count, 4);
    fixture.clock.advance(chrono::Duration::minutes(1));
    fixture.meridian.restore_doc(&doc.id, "1").unwrap();
    let restored = fixture.meridian.doc(&doc.id, None).unwrap();
    assert_eq!(restored.body, "We work in the open.");
    assert_eq!(
        restored.summary.revision_count, 5,
        "restore adds a revision"
    );
}

#[test]
fn doc_comments_follow_their_passage_or_say_it_changed() {
    let mut fixture = team();
    let doc = fixture
        .meridian
        .create_doc("Plan", "Ship on Friday. Then rest.", None)
        .unwrap();
    assert_eq!(
        fixture
            .meridian
            .comment_on_doc(&doc.id, "on Monday", "?")
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );
    fixture
        .meridian
        .comment_on_doc(&doc.id, "Then rest", "Deserved")
        .unwrap();
    fixture
        .meridian
        .comment_on_doc(&doc.id, "on Friday", "Sure?")
        .unwrap();
    fixture.clock.advance(chrono::Duration::minutes(1));
    fixture
        .meridian
        .edit_doc(
            &doc.id,
            None,
            "Intro first. Ship on Thursday. Then rest.",
            None,
            None,
        )
        .unwrap();
    let detail = fixture.meridian.doc(&doc.id, None).unwrap();
    let rest = &detail.comments[0];
    assert!(rest.anchored);
    assert_eq!(rest.start, Some(31), "re-anchored after the new intro");
    assert!(!detail.comments[1].anchored, "the quoted text changed");
}

#[test]
fn replicas_ingesting_the_log_at_once_or_op_by_op_show_the_same_content() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    let thread = fixture.meridian.create_thread(&channel, "A", "x").unwrap();
    let comment = fixture.meridian.comment(&thread.id, None, "one").unwrap();
    fixture
        .meridian
        .edit_comment(&comment.id, "one, edited")
        .unwrap();
    fixture.meridian.react(&comment.id, "+1").unwrap();
    fixture.meridian.react(&comment.id, "+1").unwrap();
    let ops = fixture.meridian.ops().unwrap();
    let mut at_once = Fixture::new();
    at_once.meridian.ingest(&ops).unwrap();
    let mut one_by_one = Fixture::new();
    for op in &ops {
        one_by_one
            .meridian
            .ingest(std::slice::from_ref(op))
            .unwrap();
    }
    let tables = |meridian: &Meridian| {
        meridian
            .store()
            .dump_projections()
            .unwrap()
            .into_iter()
            .filter(|(table, _)| {
                ["threads", "comments", "reactions", "item_revisions"].contains(&table.as_str())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(tables(&at_once.meridian), tables(&fixture.meridian));
    assert_eq!(tables(&one_by_one.meridian), tables(&fixture.meridian));
    let shown = at_once.meridian.store().conn().query_row(
        "SELECT body FROM comments WHERE id = ?1",
        [&comment.id],
        |row| row.get::<_, String>(0),
    );
    assert_eq!(shown.unwrap(), "one, edited");
}

#[test]
fn deliver_in_their_working_hours_holds_the_notification_until_then() {
    let mut fixture = team();
    let channel = open_channel(&mut fixture.meridian, "general");
    // Monday 09:00Z is 22:00 in Auckland: Aroha is off until 09:00 her Tuesday (20:00Z).
    let posted = fixture
        .meridian
        .create_thread_with(
            &channel,
            "Question",
            "@aroha when you're in: the build?",
            true,
        )
        .unwrap();
    assert_eq!(
        posted.held,
        vec!["@aroha gets it at 09:00 their time (Tuesday)".to_owned()]
    );
    assert!(
        inbox_titles(&fixture.meridian, "aroha").is_empty(),
        "held, not queued"
    );
    let notifier = meridian::notify::RecordingNotifier::new(fixture.clock.clone());
    let pass = fixture.meridian.deliver_due(&notifier).unwrap();
    assert!(pass.next_check.unwrap() <= utc("2026-11-23T20:00:00Z"));
    fixture.clock.set(utc("2026-11-23T19:59:00Z"));
    fixture.meridian.deliver_due(&notifier).unwrap();
    assert!(inbox_titles(&fixture.meridian, "aroha").is_empty());
    fixture.clock.set(utc("2026-11-23T20:00:00Z"));
    fixture.meridian.deliver_due(&notifier).unwrap();
    fixture.meridian.deliver_due(&notifier).unwrap();
    assert_eq!(
        inbox_titles(&fixture.meridian, "aroha"),
        vec!["@ada mentioned you in “Question”".to_owned()],
        "queued once, at her first working minute"
    );
    // Without the option, it is queued at once (and waits in her inbox as usual).
    fixture
        .meridian
        .create_thread(&channel, "Now", "@aroha fyi")
        .unwrap();
    assert_eq!(inbox_titles(&fixture.meridian, "aroha").len(), 2);
}

#[test]
fn an_unanswered_mention_goes_into_the_inbox_once_the_channels_expectation_has_passed() {
    let mut fixture = team();
    let channel = fixture
        .meridian
        .create_channel(&ChannelInput {
            name: "support".into(),
            private: false,
            reason: None,
            expect: Some("4h".into()),
            members: vec![],
        })
        .unwrap();
    let ada = fixture.meridian.me().unwrap().unwrap();
    let aroha = fixture.meridian.member_by_handle("aroha").unwrap();
    let thread = |title: &str| meridian::log::ops::OpPayload::ThreadCreated {
        thread_id: uuid::Uuid::now_v7().to_string(),
        channel_id: channel.id.clone(),
        author_id: aroha.id.clone(),
        title: title.into(),
        body: "@ada could you look?".into(),
        mentions: vec![meridian::log::ops::MentionV1 {
            member_id: ada.id.clone(),
            handle: "ada".into(),
        }],
        created_at: "2026-11-23T09:00:00.000Z".into(),
    };
    let (waiting, answered) = (thread("Customer escalation"), thread("Invoice question"));
    let answered_id = match &answered {
        meridian::log::ops::OpPayload::ThreadCreated { thread_id, .. } => thread_id.clone(),
        _ => unreachable!(),
    };
    let now = fixture.meridian.now();
    fixture
        .meridian
        .store_mut()
        .append(now, vec![waiting, answered])
        .unwrap();
    fixture.clock.set(utc("2026-11-23T10:00:00Z"));
    fixture
        .meridian
        .comment(&answered_id, None, "Done.")
        .unwrap();
    let reminders = |meridian: &Meridian| {
        inbox_titles(meridian, "ada")
            .into_iter()
            .filter(|title| title.starts_with("A reply is expected"))
            .collect::<Vec<_>>()
    };
    let notifier = meridian::notify::RecordingNotifier::new(fixture.clock.clone());
    // Four of Ada's working hours after 09:00Z (10:00 in Berlin) is 13:00Z.
    fixture.clock.set(utc("2026-11-23T12:59:00Z"));
    let pass = fixture.meridian.deliver_due(&notifier).unwrap();
    assert!(reminders(&fixture.meridian).is_empty());
    assert!(pass.next_check.unwrap() <= utc("2026-11-23T13:00:00Z"));
    fixture.clock.set(utc("2026-11-23T13:00:00Z"));
    fixture.meridian.deliver_due(&notifier).unwrap();
    fixture.meridian.deliver_due(&notifier).unwrap();
    assert_eq!(
        reminders(&fixture.meridian),
        vec!["A reply is expected: “Customer escalation”".to_owned()],
        "once, and not for the thread Ada answered"
    );
    let urgent: i64 = fixture
        .meridian
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM notifications WHERE urgent = 1",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(urgent, 0, "never a ping");
}
