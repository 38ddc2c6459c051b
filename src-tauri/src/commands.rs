//! IPC commands: thin wrappers that call the core and return its one error type.

use crate::Core;
use meridian::content::{ThreadFilter, EMOJI};
use meridian::model::{
    Board, CaptureShortcut, CaptureView, ChangeDetail, ChangeInput, ChangeRouting, ChangeRule,
    ChangeSummary, ChangeTemplate, DecisionDetail, DecisionInput, DecisionSummary, GoalInput,
    GoalView, OutcomeInput, TaskInput, TaskView,
};
use meridian::model::{
    Channel, ChannelInput, DocDetail, DocDiff, DocHead, DocSummary, DraftCheck, ItemRevision,
    Posted, ThreadDetail, ThreadSummary,
};
use meridian::model::{
    CheckinAnswer, CheckinAnswerInput, CheckinOccurrence, CheckinOverview, CheckinSchedule,
    CheckinScheduleInput, CheckinTemplate, CheckinTemplateInput,
};
use meridian::model::{
    FocusBlock, Member, MemberInput, OnboardingInput, OverlapResult, ProfileInput, Snapshot,
    TeamBoard,
};
use meridian::model::{IndexProgress, SearchResults};
use meridian::model::{SyncReport, SyncState};
use meridian::work::TaskFilter;
use meridian::ErrorPayload;
use tauri::{AppHandle, Manager, Runtime, State};

type CommandResult<T> = Result<T, ErrorPayload>;

#[tauri::command]
pub fn snapshot(core: State<'_, Core>) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.snapshot())
}

#[tauri::command]
pub fn complete_onboarding(
    core: State<'_, Core>,
    input: OnboardingInput,
) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.complete_onboarding(input))
}

#[tauri::command]
pub fn update_profile(core: State<'_, Core>, input: ProfileInput) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.update_profile(input))
}

#[tauri::command]
pub fn start_focus(
    core: State<'_, Core>,
    minutes: u32,
    label: Option<String>,
) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.start_focus(minutes, label.as_deref()))
}

#[tauri::command]
pub fn stop_focus(core: State<'_, Core>) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.stop_focus())
}

#[tauri::command]
pub fn time_zones() -> Vec<String> {
    meridian::time::time_zone_names()
}

#[tauri::command]
pub fn system_time_zone() -> String {
    meridian_os::system_time_zone()
}

#[tauri::command]
pub fn quit_app<R: Runtime>(app: AppHandle<R>) {
    app.exit(0);
}

#[tauri::command]
pub fn team_board(core: State<'_, Core>) -> CommandResult<TeamBoard> {
    core.with(|meridian| meridian.team_board())
}

#[tauri::command]
pub fn overlap(
    core: State<'_, Core>,
    handles: Vec<String>,
    from: String,
    days: u32,
    min_members: Option<usize>,
) -> CommandResult<OverlapResult> {
    core.with(|meridian| meridian.overlap(&handles, &from, days, min_members))
}

#[tauri::command]
pub fn add_member(core: State<'_, Core>, input: MemberInput) -> CommandResult<Member> {
    core.with(|meridian| meridian.add_member(input))
}

#[tauri::command]
pub fn seed_demo(core: State<'_, Core>) -> CommandResult<Snapshot> {
    core.with(|meridian| {
        meridian.seed_demo(&meridian_os::system_time_zone())?;
        meridian.snapshot()
    })
}

#[tauri::command]
pub fn focus_blocks(core: State<'_, Core>) -> CommandResult<Vec<FocusBlock>> {
    core.with(|meridian| {
        let me = meridian.me()?.map(|me| me.handle);
        meridian.focus_blocks(me.as_deref())
    })
}

#[tauri::command]
pub fn add_focus_block(
    core: State<'_, Core>,
    weekdays: Vec<u8>,
    start: String,
    end: String,
    label: Option<String>,
) -> CommandResult<FocusBlock> {
    core.with(|meridian| {
        let Some(me) = meridian.me()? else {
            return Err(meridian::Error::Conflict("Finish onboarding first.".into()));
        };
        meridian.add_focus_block(&me.handle, &weekdays, &start, &end, label.as_deref())
    })
}

#[tauri::command]
pub fn remove_focus_block(core: State<'_, Core>, id: String) -> CommandResult<()> {
    core.with(|meridian| meridian.remove_focus_block(&id))
}

#[tauri::command]
pub fn focus_history(core: State<'_, Core>) -> CommandResult<Vec<meridian::model::FocusSession>> {
    core.with(|meridian| meridian.focus_history())
}

#[tauri::command]
pub fn extend_focus(core: State<'_, Core>, minutes: u32) -> CommandResult<Snapshot> {
    core.with(|meridian| meridian.extend_focus(minutes))
}

#[tauri::command]
pub fn inbox(core: State<'_, Core>) -> CommandResult<Vec<meridian::model::InboxItem>> {
    core.with(|meridian| meridian.inbox(200))
}

#[tauri::command]
pub fn notify_settings(core: State<'_, Core>) -> CommandResult<meridian::model::NotifySettings> {
    core.with(|meridian| meridian.notify_settings())
}

#[tauri::command]
pub fn set_notify_schedule(
    core: State<'_, Core>,
    times: Vec<Vec<String>>,
) -> CommandResult<meridian::model::NotifySettings> {
    core.with(|meridian| meridian.set_notify_schedule(&times))
}

#[tauri::command]
pub fn set_notify_prefs(
    core: State<'_, Core>,
    urgent_outside_hours: bool,
    allowlist: Vec<String>,
) -> CommandResult<meridian::model::NotifySettings> {
    core.with(|meridian| meridian.set_notify_prefs(urgent_outside_hours, &allowlist))
}

#[tauri::command]
pub fn notify_outlook(core: State<'_, Core>) -> CommandResult<meridian::model::NotifyOutlook> {
    core.with(|meridian| meridian.notify_outlook())
}

#[tauri::command]
pub fn deliveries(core: State<'_, Core>) -> CommandResult<Vec<meridian::model::DeliveryRecord>> {
    core.with(|meridian| meridian.deliveries(50))
}

/// Sends a note to a teammate's queue (from me), e.g. a heads-up or an urgent page.
#[tauri::command]
pub fn queue_notification(
    core: State<'_, Core>,
    to: String,
    title: String,
    body: Option<String>,
    urgent: bool,
    kind: String,
) -> CommandResult<meridian::model::InboxItem> {
    core.with(|meridian| {
        let from = meridian.me()?.map(|me| me.handle);
        meridian.queue_notification(&to, from.as_deref(), &kind, &title, body.as_deref(), urgent)
    })
}

/// The UI reports a start-up milestone (`first_paint`, `home_populated`) with the page clock's
/// epoch milliseconds; printed only for `make perf` (see perf.rs).
#[tauri::command]
pub fn report_ready(stage: String, at_ms: f64) {
    crate::perf::report_ready(&stage, at_ms);
}

/// Where this profile stands with its team server (`off` when it is in none).
#[tauri::command]
pub async fn sync_state<R: Runtime>(app: AppHandle<R>) -> CommandResult<SyncState> {
    blocking(move || app.state::<Core>().with(|meridian| meridian.sync_state())).await
}

/// One sync pass now; rejects with the error payload (`offline`, `sync`, …) when it fails.
#[tauri::command]
pub async fn sync_now<R: Runtime>(app: AppHandle<R>) -> CommandResult<SyncReport> {
    blocking(move || crate::sync::sync_now(&app)).await
}

/// What creating a team on a server gives back: its id and a first invite code.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TeamCreated {
    pub team_id: String,
    pub invite_code: String,
}

/// Creates a team on `server` with this profile, then keeps it in sync.
#[tauri::command]
pub async fn create_team<R: Runtime>(
    app: AppHandle<R>,
    server: String,
) -> CommandResult<TeamCreated> {
    blocking(move || {
        let created = crate::sync::create_team(&app, &server)?;
        Ok(TeamCreated {
            team_id: created.team_id,
            invite_code: created.invite_code,
        })
    })
    .await
}

/// A new single-use invite code to this profile's team.
#[tauri::command]
pub async fn team_invite<R: Runtime>(app: AppHandle<R>) -> CommandResult<String> {
    blocking(move || crate::sync::invite(&app)).await
}

/// Joins the team an invite code names, then keeps it in sync.
#[tauri::command]
pub async fn join_team<R: Runtime>(app: AppHandle<R>, code: String) -> CommandResult<SyncReport> {
    blocking(move || crate::sync::join_team(&app, code.trim())).await
}

/// Onboarding by invite: checks the form, joins the team (spending the invite only when the
/// form is acceptable), creates the profile as a member of the inviter's team and pulls
/// everything; answers with the home snapshot.
#[tauri::command]
pub async fn join_team_onboarding<R: Runtime>(
    app: AppHandle<R>,
    code: String,
    input: OnboardingInput,
) -> CommandResult<Snapshot> {
    blocking(move || crate::sync::join_team_onboarding(&app, code.trim(), input)).await
}

// ---------------------------------------------------------------------------
// Conversations: channels, threads, comments, reactions, thanks
// ---------------------------------------------------------------------------

/// Channels by name; archived ones only when asked.
#[tauri::command]
pub fn channels(core: State<'_, Core>, include_archived: bool) -> CommandResult<Vec<Channel>> {
    core.with(|meridian| meridian.channels(include_archived))
}

#[tauri::command]
pub fn create_channel(core: State<'_, Core>, input: ChannelInput) -> CommandResult<Channel> {
    core.with(|meridian| meridian.create_channel(&input))
}

/// Making a private channel public is refused (a `conflict` whose message is the warning)
/// until it is asked again with `confirm_public`.
#[tauri::command]
pub fn update_channel(
    core: State<'_, Core>,
    id: String,
    input: ChannelInput,
    confirm_public: bool,
) -> CommandResult<Channel> {
    core.with(|meridian| meridian.update_channel(&id, &input, confirm_public))
}

#[tauri::command]
pub fn set_channel_archived(
    core: State<'_, Core>,
    id: String,
    archived: bool,
) -> CommandResult<Channel> {
    core.with(|meridian| meridian.set_channel_archived(&id, archived))
}

/// Starts a thread; with `in_their_hours`, the notifications of people outside their working
/// hours wait for their next working minute.
#[tauri::command]
pub fn create_thread(
    core: State<'_, Core>,
    channel: String,
    title: String,
    body: String,
    in_their_hours: Option<bool>,
) -> CommandResult<Posted> {
    core.with(|meridian| {
        meridian.create_thread_with(&channel, &title, &body, in_their_hours.unwrap_or(false))
    })
}

/// Threads newest first, a page at a time: pass the last one's `created_at` and `id` as
/// `before_created_at` / `before_id` for the next page.
#[tauri::command]
pub fn threads(
    core: State<'_, Core>,
    channel_id: Option<String>,
    include_archived: bool,
    following_only: bool,
    before_created_at: Option<String>,
    before_id: Option<String>,
    limit: Option<usize>,
) -> CommandResult<Vec<ThreadSummary>> {
    let filter = ThreadFilter {
        channel_id,
        include_archived,
        following_only,
        before: before_created_at.zip(before_id),
        limit: limit.unwrap_or(0),
    };
    core.with(|meridian| meridian.threads(&filter))
}

#[tauri::command]
pub fn thread(core: State<'_, Core>, id: String) -> CommandResult<ThreadDetail> {
    core.with(|meridian| meridian.thread(&id))
}

#[tauri::command]
pub fn edit_thread(
    core: State<'_, Core>,
    id: String,
    title: String,
    body: String,
) -> CommandResult<Posted> {
    core.with(|meridian| meridian.edit_thread(&id, &title, &body))
}

#[tauri::command]
pub fn set_thread_resolved(core: State<'_, Core>, id: String, resolved: bool) -> CommandResult<()> {
    core.with(|meridian| meridian.set_thread_resolved(&id, resolved))
}

/// Archives or restores a thread, comment, doc or doc comment by id.
#[tauri::command]
pub fn set_archived(core: State<'_, Core>, id: String, archived: bool) -> CommandResult<()> {
    core.with(|meridian| meridian.set_archived(&id, archived))
}

#[tauri::command]
pub fn set_following(core: State<'_, Core>, id: String, following: bool) -> CommandResult<()> {
    core.with(|meridian| meridian.set_following(&id, following))
}

#[tauri::command]
pub fn set_done(core: State<'_, Core>, id: String, done: bool) -> CommandResult<()> {
    core.with(|meridian| meridian.set_done(&id, done))
}

/// Marks a thread read; `false` when it was read already (nothing written).
#[tauri::command]
pub fn mark_read(core: State<'_, Core>, id: String) -> CommandResult<bool> {
    core.with(|meridian| meridian.mark_read(&id))
}

/// Comments on a thread (under `parent_id` if given); `in_their_hours` as for threads.
#[tauri::command]
pub fn comment(
    core: State<'_, Core>,
    thread_id: String,
    parent_id: Option<String>,
    body: String,
    in_their_hours: Option<bool>,
) -> CommandResult<Posted> {
    core.with(|meridian| {
        meridian.comment_with(
            &thread_id,
            parent_id.as_deref(),
            &body,
            in_their_hours.unwrap_or(false),
        )
    })
}

#[tauri::command]
pub fn edit_comment(core: State<'_, Core>, id: String, body: String) -> CommandResult<Posted> {
    core.with(|meridian| meridian.edit_comment(&id, &body))
}

/// Every version of a thread or comment, oldest first.
#[tauri::command]
pub fn item_history(core: State<'_, Core>, id: String) -> CommandResult<Vec<ItemRevision>> {
    core.with(|meridian| meridian.history(&id))
}

/// Toggles my reaction; answers whether it is now on.
#[tauri::command]
pub fn react(core: State<'_, Core>, id: String, emoji: String) -> CommandResult<bool> {
    core.with(|meridian| meridian.react(&id, &emoji))
}

/// The emoji a reaction may use, in the picker's order.
#[tauri::command]
pub fn reaction_emoji() -> Vec<String> {
    EMOJI.iter().map(|(emoji, _)| (*emoji).to_owned()).collect()
}

#[tauri::command]
pub fn thank(
    core: State<'_, Core>,
    handles: Vec<String>,
    note: Option<String>,
    item_id: Option<String>,
) -> CommandResult<Posted> {
    core.with(|meridian| meridian.thank(&handles, note.as_deref(), item_id.as_deref()))
}

/// What the composer shows for a draft: mentions with local times, unknown handles, preview.
#[tauri::command]
pub fn check_draft(
    core: State<'_, Core>,
    channel: Option<String>,
    body: String,
) -> CommandResult<DraftCheck> {
    core.with(|meridian| meridian.check_draft(channel.as_deref(), &body))
}

// ---------------------------------------------------------------------------
// Docs
// ---------------------------------------------------------------------------

#[tauri::command]
pub fn docs(core: State<'_, Core>, include_archived: bool) -> CommandResult<Vec<DocSummary>> {
    core.with(|meridian| meridian.docs(include_archived))
}

#[tauri::command]
pub fn create_doc(
    core: State<'_, Core>,
    title: String,
    body: String,
    summary: Option<String>,
) -> CommandResult<Posted> {
    core.with(|meridian| meridian.create_doc(&title, &body, summary.as_deref()))
}

/// A doc at `revision` (an id or number), or at its latest head.
#[tauri::command]
pub fn doc(
    core: State<'_, Core>,
    id: String,
    revision: Option<String>,
) -> CommandResult<DocDetail> {
    core.with(|meridian| meridian.doc(&id, revision.as_deref()))
}

/// Saves a revision on top of `base` (the revision the editor started from).
#[tauri::command]
pub fn edit_doc(
    core: State<'_, Core>,
    id: String,
    title: Option<String>,
    body: String,
    summary: Option<String>,
    base: Option<String>,
) -> CommandResult<Posted> {
    core.with(|meridian| {
        meridian.edit_doc(
            &id,
            title.as_deref(),
            &body,
            summary.as_deref(),
            base.as_deref(),
        )
    })
}

/// Joins every head of a doc into one revision.
#[tauri::command]
pub fn merge_doc(
    core: State<'_, Core>,
    id: String,
    title: Option<String>,
    body: String,
    summary: Option<String>,
) -> CommandResult<Posted> {
    core.with(|meridian| meridian.merge_doc(&id, title.as_deref(), &body, summary.as_deref()))
}

/// The unmerged versions of a doc with their text, newest first.
#[tauri::command]
pub fn doc_heads(core: State<'_, Core>, id: String) -> CommandResult<Vec<DocHead>> {
    core.with(|meridian| meridian.doc_heads(&id))
}

#[tauri::command]
pub fn restore_doc(core: State<'_, Core>, id: String, revision: String) -> CommandResult<Posted> {
    core.with(|meridian| meridian.restore_doc(&id, &revision))
}

/// Word-level diff of two revisions (by default the latest head against its parent).
#[tauri::command]
pub fn doc_diff(
    core: State<'_, Core>,
    id: String,
    from: Option<String>,
    to: Option<String>,
) -> CommandResult<DocDiff> {
    core.with(|meridian| meridian.doc_diff(&id, from.as_deref(), to.as_deref()))
}

/// Comments on a passage (`quote`, as it reads in the latest version) of a doc.
#[tauri::command]
pub fn comment_on_doc(
    core: State<'_, Core>,
    id: String,
    quote: String,
    body: String,
) -> CommandResult<Posted> {
    core.with(|meridian| meridian.comment_on_doc(&id, &quote, &body))
}

/// Runs `work` (network, or waiting for the core while a sync pass holds it) on a blocking
/// thread, never on the main thread or an async worker.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|err| {
            Err(ErrorPayload {
                kind: meridian::ErrorKind::Storage,
                message: format!("The sync task stopped unexpectedly: {err}"),
                field: None,
            })
        })
}

// The work board: tasks, blockers, goals

/// The board narrowed to my tasks, a goal's, or with canceled ones too.
#[tauri::command]
pub fn board(
    core: State<'_, Core>,
    mine: bool,
    include_canceled: bool,
    goal_id: Option<String>,
) -> CommandResult<Board> {
    core.with(|meridian| {
        meridian.board(&TaskFilter {
            mine,
            include_canceled,
            goal_id,
        })
    })
}

#[tauri::command]
pub fn task(core: State<'_, Core>, id: String) -> CommandResult<TaskView> {
    core.with(|meridian| meridian.task(&id))
}

#[tauri::command]
pub fn create_task(core: State<'_, Core>, input: TaskInput) -> CommandResult<TaskView> {
    core.with(|meridian| meridian.create_task(&input))
}

#[tauri::command]
pub fn edit_task(core: State<'_, Core>, id: String, input: TaskInput) -> CommandResult<TaskView> {
    core.with(|meridian| meridian.edit_task(&id, &input))
}

#[tauri::command]
pub fn move_task(core: State<'_, Core>, id: String, status: String) -> CommandResult<TaskView> {
    core.with(|meridian| meridian.move_task(&id, &status))
}

/// Makes a task wait on another (or, with `active` false, stop waiting).
#[tauri::command]
pub fn set_task_blocker(
    core: State<'_, Core>,
    task_id: String,
    blocker_id: String,
    active: bool,
) -> CommandResult<TaskView> {
    core.with(|meridian| meridian.set_task_blocker(&task_id, &blocker_id, active))
}

#[tauri::command]
pub fn goals(core: State<'_, Core>) -> CommandResult<Vec<GoalView>> {
    core.with(|meridian| meridian.goals())
}

#[tauri::command]
pub fn create_goal(core: State<'_, Core>, input: GoalInput) -> CommandResult<GoalView> {
    core.with(|meridian| meridian.create_goal(&input))
}

/// A review of a goal; empty fields keep their value.
#[tauri::command]
pub fn update_goal(core: State<'_, Core>, id: String, input: GoalInput) -> CommandResult<GoalView> {
    core.with(|meridian| meridian.update_goal(&id, &input))
}

// Quick capture

#[tauri::command]
pub fn add_capture(core: State<'_, Core>, text: String) -> CommandResult<CaptureView> {
    core.with(|meridian| meridian.capture(&text))
}

#[tauri::command]
pub fn captures(core: State<'_, Core>, include_triaged: bool) -> CommandResult<Vec<CaptureView>> {
    core.with(|meridian| meridian.captures(include_triaged))
}

/// Turns a capture into a task, a thread (in `channel`) or a doc.
#[tauri::command]
pub fn triage_capture(
    core: State<'_, Core>,
    id: String,
    kind: String,
    channel: Option<String>,
) -> CommandResult<CaptureView> {
    core.with(|meridian| meridian.triage_capture(&id, &kind, channel.as_deref()))
}

/// Where the quick-capture shortcut stands on this device, and what to use if it is not there.
#[tauri::command]
pub fn capture_shortcut<R: Runtime>(app: AppHandle<R>) -> CaptureShortcut {
    crate::shortcut::status(&app)
}

/// Changes the quick-capture shortcut; one that does not parse or cannot be registered is
/// refused and the old one stays.
#[tauri::command]
pub fn set_capture_shortcut<R: Runtime>(
    app: AppHandle<R>,
    accelerator: String,
) -> CommandResult<CaptureShortcut> {
    crate::shortcut::change(&app, &accelerator)
}

/// Opens the small always-on-top capture window (the tray and Settings offer it too).
#[tauri::command]
pub fn open_capture<R: Runtime>(app: AppHandle<R>) {
    crate::shortcut::open_capture(&app);
}

/// Hides the capture window after Enter saved or Esc discarded.
#[tauri::command]
pub fn close_capture<R: Runtime>(app: AppHandle<R>) {
    crate::shortcut::close_capture(&app);
}

// ── Check-ins ──────────────────────────────────────────────────────────────────────────

/// Templates, schedules, my check-ins of the last week and the open blockers.
#[tauri::command]
pub fn checkin_overview(core: State<'_, Core>) -> CommandResult<CheckinOverview> {
    core.with(|meridian| meridian.checkin_overview())
}

#[tauri::command]
pub fn create_checkin_template(
    core: State<'_, Core>,
    input: CheckinTemplateInput,
) -> CommandResult<CheckinTemplate> {
    core.with(|meridian| meridian.create_checkin_template(&input))
}

#[tauri::command]
pub fn update_checkin_template(
    core: State<'_, Core>,
    id: String,
    input: CheckinTemplateInput,
) -> CommandResult<CheckinTemplate> {
    core.with(|meridian| meridian.update_checkin_template(&id, &input))
}

#[tauri::command]
pub fn create_checkin_schedule(
    core: State<'_, Core>,
    input: CheckinScheduleInput,
) -> CommandResult<CheckinSchedule> {
    core.with(|meridian| meridian.create_checkin_schedule(&input))
}

#[tauri::command]
pub fn update_checkin_schedule(
    core: State<'_, Core>,
    id: String,
    input: CheckinScheduleInput,
) -> CommandResult<CheckinSchedule> {
    core.with(|meridian| meridian.update_checkin_schedule(&id, &input))
}

/// My answer (or an edit of it); late answers are accepted.
#[tauri::command]
pub fn answer_checkin(
    core: State<'_, Core>,
    input: CheckinAnswerInput,
) -> CommandResult<CheckinAnswer> {
    core.with(|meridian| meridian.answer_checkin(&input))
}

/// Where everyone stands in one occurrence (default: the latest one anyone was asked).
#[tauri::command]
pub fn checkin_occurrence(
    core: State<'_, Core>,
    schedule_id: String,
    date: Option<String>,
) -> CommandResult<CheckinOccurrence> {
    core.with(|meridian| meridian.checkin_occurrence(&schedule_id, date.as_deref()))
}

#[tauri::command]
pub fn set_checkin_blocker_cleared(
    core: State<'_, Core>,
    answer_id: String,
    cleared: bool,
) -> CommandResult<()> {
    core.with(|meridian| meridian.set_checkin_blocker_cleared(&answer_id, cleared))
}

/// Results for `query` as the reader types it (the last word matches as a prefix).
#[tauri::command]
pub fn search(core: State<'_, Core>, query: String, limit: u32) -> CommandResult<SearchResults> {
    core.with(|meridian| meridian.search(&query, limit.clamp(1, 200) as usize))
}

/// How far the index is behind the log while it is being built, or `null`.
#[tauri::command]
pub fn search_status(core: State<'_, Core>) -> CommandResult<Option<IndexProgress>> {
    core.with(|meridian| meridian.index_lag())
}

/// Rebuilds the search index from the log in the background; the app stays usable.
#[tauri::command]
pub fn rebuild_search_index<R: Runtime>(app: AppHandle<R>) -> CommandResult<()> {
    match app.try_state::<crate::search::Indexer>() {
        Some(indexer) => {
            indexer.rebuild();
            Ok(())
        }
        None => app.state::<Core>().with(|meridian| {
            meridian.reindex(&mut |_| {})?;
            Ok(())
        }),
    }
}

// ---- Decision records and change requests ----

#[tauri::command]
pub fn decisions(core: State<'_, Core>, open_only: bool) -> CommandResult<Vec<DecisionSummary>> {
    core.with(|meridian| meridian.decisions(open_only))
}

#[tauri::command]
pub fn decision(core: State<'_, Core>, id: String) -> CommandResult<DecisionDetail> {
    core.with(|meridian| meridian.decision(&id))
}

#[tauri::command]
pub fn propose_decision(
    core: State<'_, Core>,
    input: DecisionInput,
) -> CommandResult<DecisionDetail> {
    core.with(|meridian| meridian.propose_decision(&input))
}

#[tauri::command]
pub fn vote(
    core: State<'_, Core>,
    id: String,
    choice: String,
    reason: Option<String>,
) -> CommandResult<DecisionDetail> {
    core.with(|meridian| meridian.vote(&id, &choice, reason.as_deref()))
}

#[tauri::command]
pub fn close_decision(
    core: State<'_, Core>,
    id: String,
    outcome: OutcomeInput,
) -> CommandResult<DecisionDetail> {
    core.with(|meridian| meridian.close_decision(&id, &outcome))
}

#[tauri::command]
pub fn changes(core: State<'_, Core>, pending_only: bool) -> CommandResult<Vec<ChangeSummary>> {
    core.with(|meridian| meridian.changes(pending_only))
}

#[tauri::command]
pub fn change(core: State<'_, Core>, id: String) -> CommandResult<ChangeDetail> {
    core.with(|meridian| meridian.change(&id))
}

/// The form's picker: who must approve, each with their local time and status.
#[tauri::command]
pub fn change_routing(
    core: State<'_, Core>,
    kind: String,
    systems: Vec<String>,
) -> CommandResult<ChangeRouting> {
    core.with(|meridian| meridian.change_routing(&kind, &systems))
}

#[tauri::command]
pub fn file_change(core: State<'_, Core>, input: ChangeInput) -> CommandResult<ChangeDetail> {
    core.with(|meridian| meridian.file_change(&input))
}

#[tauri::command]
pub fn approve_change(core: State<'_, Core>, id: String) -> CommandResult<ChangeDetail> {
    core.with(|meridian| meridian.approve_change(&id))
}

#[tauri::command]
pub fn decline_change(
    core: State<'_, Core>,
    id: String,
    reason: String,
) -> CommandResult<ChangeDetail> {
    core.with(|meridian| meridian.decline_change(&id, &reason))
}

#[tauri::command]
pub fn withdraw_change(core: State<'_, Core>, id: String) -> CommandResult<ChangeDetail> {
    core.with(|meridian| meridian.withdraw_change(&id))
}

#[tauri::command]
pub fn review_change(
    core: State<'_, Core>,
    id: String,
    note: String,
) -> CommandResult<ChangeDetail> {
    core.with(|meridian| meridian.review_change(&id, &note))
}

#[tauri::command]
pub fn change_rules(core: State<'_, Core>) -> CommandResult<Vec<ChangeRule>> {
    core.with(|meridian| meridian.change_rules())
}

#[tauri::command]
pub fn change_templates(core: State<'_, Core>) -> CommandResult<Vec<ChangeTemplate>> {
    core.with(|meridian| meridian.change_templates())
}

/// The crash reports nobody has dismissed yet, newest first.
#[tauri::command]
pub fn crash_reports() -> CommandResult<Vec<crate::crash::CrashReportView>> {
    crate::crash::unseen()
}

/// Marks a crash report as read (it stays on disk).
#[tauri::command]
pub fn dismiss_crash_report(path: String) -> CommandResult<()> {
    crate::crash::dismiss(&path)
}

/// Shows a crash report's file in the system's file manager.
#[tauri::command]
pub fn reveal_crash_report(path: String) -> CommandResult<()> {
    crate::crash::reveal(&path)
}
