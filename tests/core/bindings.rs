//! The UI's TypeScript types are generated from the Rust ones; this test fails when they drift.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test --test core bindings`.

use meridian::error::{ErrorKind, ErrorPayload};
use meridian::events::CoreEvent;
use meridian::model::*;
use ts_rs::{Config, TS};

fn generated() -> Vec<(String, String)> {
    fn one<T: TS + 'static>() -> (String, String) {
        let config = Config::new();
        let name = T::output_path().expect("exportable").display().to_string();
        (name, T::export_to_string(&config).expect("export"))
    }
    vec![
        one::<TimeRange>(),
        one::<WeeklyHours>(),
        one::<Member>(),
        one::<Team>(),
        one::<FocusSession>(),
        one::<Snapshot>(),
        one::<OnboardingInput>(),
        one::<ProfileInput>(),
        one::<DoctorReport>(),
        one::<ErrorKind>(),
        one::<ErrorPayload>(),
        one::<CoreEvent>(),
        one::<StatusKind>(),
        one::<StatusOverride>(),
        one::<TimeOff>(),
        one::<ZoneChange>(),
        one::<FocusBlock>(),
        one::<Rota>(),
        one::<OnCallNow>(),
        one::<StripSegment>(),
        one::<MemberNow>(),
        one::<TeamBoard>(),
        one::<LocalSpan>(),
        one::<OverlapWindow>(),
        one::<OverlapResult>(),
        one::<MemberInput>(),
        one::<InboxItem>(),
        one::<NotifySettings>(),
        one::<NotifyOutlook>(),
        one::<DeliveryRecord>(),
        one::<SyncState>(),
        one::<SyncReport>(),
        one::<PersonRef>(),
        one::<Channel>(),
        one::<ChannelInput>(),
        one::<ReactionGroup>(),
        one::<ThreadSummary>(),
        one::<CommentView>(),
        one::<ThanksView>(),
        one::<ThreadDetail>(),
        one::<ItemRevision>(),
        one::<Posted>(),
        one::<MentionPreview>(),
        one::<DraftCheck>(),
        one::<DecisionInput>(),
        one::<OutcomeInput>(),
        one::<DecisionLink>(),
        one::<DecisionSummary>(),
        one::<VoteView>(),
        one::<OptionTally>(),
        one::<DecisionDetail>(),
        one::<ChangeInput>(),
        one::<ApproverView>(),
        one::<ApproverGroupView>(),
        one::<ChangeRouting>(),
        one::<TimelineEntry>(),
        one::<ChangeSummary>(),
        one::<ChangeDetail>(),
        one::<ChangeRule>(),
        one::<ChangeRuleInput>(),
        one::<ChangeTemplate>(),
        one::<DocSummary>(),
        one::<DocRevisionInfo>(),
        one::<DocCommentView>(),
        one::<DocDetail>(),
        one::<DocHead>(),
        one::<DocDiff>(),
        one::<DiffTag>(),
        one::<DiffChunk>(),
        one::<SnippetPart>(),
        one::<SearchTarget>(),
        one::<SearchHit>(),
        one::<IndexProgress>(),
        one::<SearchResults>(),
        one::<TaskStatus>(),
        one::<GoalHealth>(),
        one::<TaskRef>(),
        one::<TaskCard>(),
        one::<TaskView>(),
        one::<TaskInput>(),
        one::<Board>(),
        one::<GoalView>(),
        one::<GoalInput>(),
        one::<CaptureView>(),
        one::<CaptureShortcut>(),
        one::<CheckinQuestion>(),
        one::<CheckinQuestionInput>(),
        one::<CheckinTemplateInput>(),
        one::<CheckinTemplate>(),
        one::<CheckinScheduleInput>(),
        one::<CheckinSchedule>(),
        one::<CheckinAnswerItem>(),
        one::<CheckinAnswer>(),
        one::<CheckinParticipant>(),
        one::<CheckinOccurrence>(),
        one::<CheckinBlocker>(),
        one::<MyCheckin>(),
        one::<CheckinOverview>(),
        one::<CheckinAnswerValue>(),
        one::<CheckinAnswerInput>(),
    ]
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/app/bindings");
    let update = std::env::var_os("UPDATE_BINDINGS").is_some();
    let mut stale = Vec::new();
    for (file, contents) in generated() {
        let path = dir.join(&file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &contents).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(contents.as_str()) {
            stale.push(file);
        }
    }
    assert!(stale.is_empty(), "stale TypeScript bindings {stale:?}: run `UPDATE_BINDINGS=1 cargo test --test core bindings`");
}
