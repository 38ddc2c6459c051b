//! The index through the façade, on real profiles: what each operator finds, who may see
//! what, edits and archives followed, an index deleted, corrupted or rebuilt giving the same
//! answers as the one kept up to date.

use chrono::{DateTime, Utc};
use meridian::log::ops::{format_instant, OpPayload};
use meridian::model::{ChannelInput, MemberInput, OnboardingInput, SearchTarget, WeeklyHours};
use meridian::{Clock, ErrorKind, ManualClock, Meridian, NoEvents};
use meridian_search::{TantivyIndex, WriterBudget, INDEX_DIR};
use std::path::Path;
use std::sync::Arc;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn attach(meridian: &mut Meridian, dir: &Path) {
    meridian.attach_search(Arc::new(
        TantivyIndex::open_in(dir, WriterBudget::SMALL).unwrap(),
    ));
}

/// Ada's profile with channels, a thread with a comment three levels deep, a doc, a private
/// channel she is not in, and an archived thread. Returns it with the clock.
fn team(dir: &Path) -> (Meridian, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(utc("2026-03-02T09:00:00Z")));
    let mut meridian = Meridian::open(dir, clock.clone(), Arc::new(NoEvents)).unwrap();
    meridian
        .complete_onboarding(OnboardingInput {
            display_name: "Ada Lovelace".into(),
            handle: "ada".into(),
            time_zone: "Europe/London".into(),
            working_hours: WeeklyHours::standard(),
            team_name: "Engines".into(),
        })
        .unwrap();
    let priya = meridian
        .add_member(MemberInput {
            display_name: "Priya Raman".into(),
            handle: "priya".into(),
            time_zone: "Asia/Kolkata".into(),
            working_hours: WeeklyHours::standard(),
        })
        .unwrap()
        .id;
    for name in ["general", "design"] {
        meridian
            .create_channel(&ChannelInput {
                name: name.into(),
                private: false,
                reason: None,
                expect: None,
                members: vec![],
            })
            .unwrap();
    }
    let launch = meridian
        .create_thread(
            "general",
            "Launch checklist",
            "What has to be true before we **ship** the beta?",
        )
        .unwrap()
        .id;
    let first = meridian.comment(&launch, None, "Docs first.").unwrap().id;
    let second = meridian
        .comment(&launch, Some(&first), "Agreed, and the changelog.")
        .unwrap()
        .id;
    meridian
        .comment(
            &launch,
            Some(&second),
            "The walrus migration must land too.",
        )
        .unwrap();
    clock.set(utc("2026-03-10T09:00:00Z"));
    meridian
        .create_thread("design", "Palette", "Colours for the beta ship page")
        .unwrap();
    let old = meridian
        .create_thread("design", "Old logo", "The walrus logo we retired")
        .unwrap()
        .id;
    meridian.set_archived(&old, true).unwrap();
    meridian
        .create_doc(
            "How we work",
            "We default to writing. Decisions live in threads, not in calls.",
            None,
        )
        .unwrap();
    // A private channel of Priya's that Ada is not in, as it arrives from her device.
    let secret = uuid::Uuid::now_v7().to_string();
    let now = clock.now();
    meridian
        .store_mut()
        .append(
            now,
            vec![
                OpPayload::ChannelCreated {
                    channel_id: secret.clone(),
                    author_id: priya.clone(),
                    name: "salaries".into(),
                    private: true,
                    reason: Some("Pay reviews".into()),
                    expect_hours: None,
                    created_at: format_instant(now),
                },
                OpPayload::ChannelMemberSet {
                    channel_id: secret.clone(),
                    member_id: priya.clone(),
                    is_member: true,
                },
                OpPayload::ThreadCreated {
                    thread_id: uuid::Uuid::now_v7().to_string(),
                    channel_id: secret,
                    author_id: priya,
                    title: "Walrus raises".into(),
                    body: "Confidential walrus numbers".into(),
                    mentions: vec![],
                    created_at: format_instant(now),
                },
            ],
        )
        .unwrap();
    (meridian, clock)
}

fn titles(meridian: &Meridian, query: &str) -> Vec<String> {
    meridian
        .search(query, 20)
        .unwrap()
        .hits
        .iter()
        .map(|hit| {
            let title: String = hit.title.iter().map(|part| part.text.as_str()).collect();
            format!("{} {title}", hit.kind)
        })
        .collect()
}

const NONE: [&str; 0] = [];

#[test]
fn operators_find_what_they_say() {
    let dir = tempfile::tempdir().unwrap();
    let (mut meridian, clock) = team(dir.path());
    attach(&mut meridian, dir.path());

    // A word in a comment three levels deep finds the comment, which opens its thread there.
    let results = meridian.search("walrus ", 20).unwrap();
    assert_eq!(results.hits.len(), 1, "{:?}", results.hits);
    let hit = &results.hits[0];
    assert_eq!(hit.kind, "comment");
    assert_eq!(hit.location, "#general › Launch checklist");
    assert!(
        matches!(&hit.target, SearchTarget::Thread { comment_id: Some(id), .. } if *id == hit.id)
    );
    assert!(hit
        .snippet
        .iter()
        .any(|part| part.hit && part.text == "walrus"));
    assert_eq!(hit.author.as_deref(), Some("@ada"));

    // Archived only with is:archived; the private channel never.
    assert_eq!(titles(&meridian, "walrus is:archived"), ["thread Old logo"]);
    assert_eq!(titles(&meridian, "salaries"), NONE);
    // A phrase, and a prefix being typed.
    assert_eq!(titles(&meridian, "\"not in calls\""), ["doc How we work"]);
    assert_eq!(titles(&meridian, "\"calls not in\""), NONE);
    assert_eq!(titles(&meridian, "decis"), ["doc How we work"]);
    // Recent posts rank first among equals.
    assert_eq!(
        titles(&meridian, "beta "),
        ["thread Palette", "thread Launch checklist"]
    );
    assert_eq!(
        titles(&meridian, "beta -palette"),
        ["thread Launch checklist"]
    );
    assert_eq!(titles(&meridian, "beta in:#design"), ["thread Palette"]);
    assert_eq!(titles(&meridian, "from:@priya"), NONE);
    assert_eq!(titles(&meridian, "is:doc"), ["doc How we work"]);
    assert_eq!(
        titles(&meridian, "beta before:2026-03-05"),
        ["thread Launch checklist"]
    );
    assert_eq!(
        titles(&meridian, "beta after:2026-03-05"),
        ["thread Palette"]
    );
    assert_eq!(titles(&meridian, "ada is:member"), ["member Ada Lovelace"]);
    assert_eq!(titles(&meridian, "design is:channel"), ["channel design"]);
    // The title is marked where it matched.
    let hit = &meridian.search("palette", 5).unwrap().hits[0];
    assert!(hit
        .title
        .iter()
        .any(|part| part.hit && part.text == "Palette"));

    // Resolving a thread takes it and its comments out of is:open.
    let launch = meridian.search("checklist", 1).unwrap().hits[0].id.clone();
    assert_eq!(titles(&meridian, "walrus is:open").len(), 1);
    meridian.set_thread_resolved(&launch, true).unwrap();
    assert_eq!(titles(&meridian, "walrus is:open"), NONE);

    // An edit replaces the old words; a new post is found at once.
    meridian
        .edit_thread(&launch, "Launch list", "Ready when the tests pass")
        .unwrap();
    assert_eq!(titles(&meridian, "checklist"), NONE);
    assert_eq!(titles(&meridian, "tests "), ["thread Launch list"]);
    clock.set(utc("2026-03-11T09:00:00Z"));
    meridian
        .create_thread("general", "Lunch", "Zucchini soup on Friday")
        .unwrap();
    assert_eq!(titles(&meridian, "zucchini"), ["thread Lunch"]);

    // Bad syntax is refused with a hint; an unknown person or channel says so.
    for (query, kind) in [
        ("\"open", ErrorKind::Invalid),
        ("from:@nobody x", ErrorKind::NotFound),
        ("in:#nowhere x", ErrorKind::NotFound),
    ] {
        let err = meridian.search(query, 5).unwrap_err();
        assert_eq!(err.kind(), kind, "{query}: {err}");
    }
}

/// Every answer for a fixed set of queries, for comparing two indexes.
fn answers(meridian: &Meridian) -> Vec<String> {
    [
        "walrus ",
        "beta ",
        "decis",
        "is:archived",
        "is:thread",
        "from:@ada",
        "\"ship page\"",
        "in:#general",
        "is:open",
        "is:doc",
    ]
    .iter()
    .map(|query| {
        // Everything but the score, whose last digits depend on how many replaced documents
        // the word statistics still count until segments merge.
        let hits: Vec<_> = meridian
            .search(query, 50)
            .unwrap()
            .hits
            .into_iter()
            .map(|hit| {
                (
                    hit.id,
                    hit.kind,
                    hit.title,
                    hit.snippet,
                    hit.location,
                    hit.at,
                    hit.target,
                )
            })
            .collect();
        format!("{query}: {hits:?}")
    })
    .collect()
}

fn reopen(dir: &Path) -> Meridian {
    let clock = Arc::new(ManualClock::new(utc("2026-03-10T09:00:00Z")));
    Meridian::open(dir, clock, Arc::new(NoEvents)).unwrap()
}

#[test]
fn an_index_rebuilt_from_the_log_answers_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (mut meridian, _clock) = team(dir.path());
    attach(&mut meridian, dir.path());
    // Kept up to date post by post…
    let kept = answers(&meridian);
    assert!(
        kept.iter().all(|answer| !answer.ends_with(": []")),
        "{kept:#?}"
    );
    meridian.reindex(&mut |_| {}).unwrap();
    assert_eq!(answers(&meridian), kept, "reindex");

    // …the folder deleted: it is built again from the log.
    drop(meridian);
    std::fs::remove_dir_all(dir.path().join(INDEX_DIR)).unwrap();
    let mut reopened = reopen(dir.path());
    let index = TantivyIndex::open_in(dir.path(), WriterBudget::SMALL).unwrap();
    assert_eq!(
        meridian::search::SearchIndex::position(&index).unwrap(),
        None
    );
    reopened.attach_search(Arc::new(index));
    let mut steps = Vec::new();
    reopened
        .index_catch_up(&mut |progress| steps.push(progress))
        .unwrap();
    let last = steps.last().expect("progress reported");
    assert_eq!(last.done, last.total);
    assert_eq!(answers(&reopened), kept, "deleted");

    // …or found corrupt: started again, and the same answers.
    drop(reopened);
    std::fs::write(dir.path().join(INDEX_DIR).join("meta.json"), "{ not json").unwrap();
    let mut reopened = reopen(dir.path());
    attach(&mut reopened, dir.path());
    assert!(reopened.index_lag().unwrap().is_some());
    reopened.index_catch_up(&mut |_| {}).unwrap();
    assert_eq!(answers(&reopened), kept, "corrupt");
}

/// Decisions and change requests are searchable by their words, with `is:decision`,
/// `is:change` and `is:open`, and a hit opens the record.
#[test]
fn decisions_and_change_requests_are_found() {
    use meridian::model::{ChangeInput, ChangeRuleInput, DecisionInput, OutcomeInput};
    let dir = tempfile::tempdir().unwrap();
    let (mut meridian, _clock) = team(dir.path());
    attach(&mut meridian, dir.path());
    let decision = meridian
        .propose_decision(&DecisionInput {
            title: "Adopt the walrus protocol".into(),
            context: "Replaces the **heron** handshake.".into(),
            closes: "2026-04-01 17:00".into(),
            ..DecisionInput::default()
        })
        .unwrap()
        .summary
        .id;
    meridian
        .set_change_rule(&ChangeRuleInput {
            system: "payments".into(),
            group: "Owners".into(),
            approvers: vec!["priya".into()],
            required: 1,
        })
        .unwrap();
    let change = meridian
        .file_change(&ChangeInput {
            title: "Raise the gateway timeout".into(),
            kind: "normal".into(),
            systems: vec!["payments".into()],
            rollback: "Set the heron flag back".into(),
            ..ChangeInput::default()
        })
        .unwrap()
        .summary
        .id;
    let hits = meridian.search("heron", 10).unwrap().hits;
    let mut kinds: Vec<&str> = hits.iter().map(|hit| hit.kind.as_str()).collect();
    kinds.sort();
    assert_eq!(kinds, ["change", "decision"]);
    assert_eq!(
        titles(&meridian, "heron is:decision is:open"),
        ["decision Adopt the walrus protocol"]
    );
    let target = &meridian.search("is:change payments", 10).unwrap().hits[0].target;
    assert_eq!(
        *target,
        SearchTarget::Change {
            cr_id: change.clone()
        }
    );
    meridian
        .close_decision(
            &decision,
            &OutcomeInput {
                statement: "Walrus from April.".into(),
                ..OutcomeInput::default()
            },
        )
        .unwrap();
    assert!(titles(&meridian, "heron is:decision is:open").is_empty());
    assert_eq!(
        titles(&meridian, "april is:decision"),
        ["decision Adopt the walrus protocol"]
    );
}

/// A comment synced before its thread is not searchable on its own (it has nowhere to live)
/// and is found once its thread arrives: by an index kept up to date, and by one built from
/// empty in between.
#[test]
fn a_comment_that_arrives_before_its_thread_is_found_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut meridian, clock) = team(dir.path());
    attach(&mut meridian, dir.path());
    let general = meridian.channel("general").unwrap().id;
    let ada = meridian.me().unwrap().unwrap().id;
    let thread_id = uuid::Uuid::now_v7().to_string();
    let at = format_instant(clock.now());
    meridian
        .store_mut()
        .append(
            clock.now(),
            vec![OpPayload::CommentAdded {
                comment_id: uuid::Uuid::now_v7().to_string(),
                thread_id: thread_id.clone(),
                parent_id: None,
                author_id: ada.clone(),
                body: "The ospreys nest early".into(),
                mentions: vec![],
                created_at: at.clone(),
            }],
        )
        .unwrap();
    assert_eq!(titles(&meridian, "ospreys "), NONE);
    meridian.reindex(&mut |_| {}).unwrap();
    assert_eq!(titles(&meridian, "ospreys "), NONE, "built from empty");

    meridian
        .store_mut()
        .append(
            clock.now(),
            vec![OpPayload::ThreadCreated {
                thread_id,
                channel_id: general,
                author_id: ada,
                title: "Bird survey".into(),
                body: "Counts by site".into(),
                mentions: vec![],
                created_at: at,
            }],
        )
        .unwrap();
    assert_eq!(titles(&meridian, "ospreys "), ["comment Bird survey"]);
    meridian.reindex(&mut |_| {}).unwrap();
    assert_eq!(
        titles(&meridian, "ospreys "),
        ["comment Bird survey"],
        "built from empty"
    );
}
