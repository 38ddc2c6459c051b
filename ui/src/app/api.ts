// The only place that talks to the Tauri core. Stores and components import these functions
// (tests mock this module). Every command rejects with an ErrorPayload (see errors.ts) on failure.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { disable as disableAutostart, enable as enableAutostart, isEnabled as autostartIsEnabled } from "@tauri-apps/plugin-autostart";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { Board } from "./bindings/Board";
import type { CaptureShortcut } from "./bindings/CaptureShortcut";
import type { CaptureView } from "./bindings/CaptureView";
import type { Channel } from "./bindings/Channel";
import type { CheckinAnswer } from "./bindings/CheckinAnswer";
import type { CheckinAnswerInput } from "./bindings/CheckinAnswerInput";
import type { CheckinOccurrence } from "./bindings/CheckinOccurrence";
import type { CheckinOverview } from "./bindings/CheckinOverview";
import type { CheckinSchedule } from "./bindings/CheckinSchedule";
import type { CheckinScheduleInput } from "./bindings/CheckinScheduleInput";
import type { CheckinTemplate } from "./bindings/CheckinTemplate";
import type { CheckinTemplateInput } from "./bindings/CheckinTemplateInput";
import type { ChangeDetail } from "./bindings/ChangeDetail";
import type { ChangeInput } from "./bindings/ChangeInput";
import type { ChangeRouting } from "./bindings/ChangeRouting";
import type { ChangeRule } from "./bindings/ChangeRule";
import type { ChangeSummary } from "./bindings/ChangeSummary";
import type { ChangeTemplate } from "./bindings/ChangeTemplate";
import type { DecisionDetail } from "./bindings/DecisionDetail";
import type { DecisionInput } from "./bindings/DecisionInput";
import type { DecisionSummary } from "./bindings/DecisionSummary";
import type { OutcomeInput } from "./bindings/OutcomeInput";
import type { ChannelInput } from "./bindings/ChannelInput";
import type { CoreEvent } from "./bindings/CoreEvent";
import type { DeliveryRecord } from "./bindings/DeliveryRecord";
import type { DocDetail } from "./bindings/DocDetail";
import type { DocDiff } from "./bindings/DocDiff";
import type { DocHead } from "./bindings/DocHead";
import type { DocSummary } from "./bindings/DocSummary";
import type { DraftCheck } from "./bindings/DraftCheck";
import type { FocusBlock } from "./bindings/FocusBlock";
import type { FocusSession } from "./bindings/FocusSession";
import type { GoalInput } from "./bindings/GoalInput";
import type { GoalView } from "./bindings/GoalView";
import type { InboxItem } from "./bindings/InboxItem";
import type { ItemRevision } from "./bindings/ItemRevision";
import type { Member } from "./bindings/Member";
import type { MemberInput } from "./bindings/MemberInput";
import type { NotifyOutlook } from "./bindings/NotifyOutlook";
import type { NotifySettings } from "./bindings/NotifySettings";
import type { OnboardingInput } from "./bindings/OnboardingInput";
import type { OverlapResult } from "./bindings/OverlapResult";
import type { IndexProgress } from "./bindings/IndexProgress";
import type { Posted } from "./bindings/Posted";
import type { SearchResults } from "./bindings/SearchResults";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { Snapshot } from "./bindings/Snapshot";
import type { SyncReport } from "./bindings/SyncReport";
import type { SyncState } from "./bindings/SyncState";
import type { TaskInput } from "./bindings/TaskInput";
import type { TaskView } from "./bindings/TaskView";
import type { TeamBoard } from "./bindings/TeamBoard";
import type { ThreadDetail } from "./bindings/ThreadDetail";
import type { ThreadSummary } from "./bindings/ThreadSummary";

/** Emitted by the core whenever its state changed (tray, CLI, another window); payload: CoreEvent. */
export const CHANGED_EVENT = "meridian://changed";

export function snapshot(): Promise<Snapshot> {
  return invoke<Snapshot>("snapshot");
}

export function completeOnboarding(input: OnboardingInput): Promise<Snapshot> {
  return invoke<Snapshot>("complete_onboarding", { input });
}

export function updateProfile(input: ProfileInput): Promise<Snapshot> {
  return invoke<Snapshot>("update_profile", { input });
}

/** Starts (or replaces) a focus session of 1–720 minutes. */
export function startFocus(minutes: number, label: string | null): Promise<Snapshot> {
  return invoke<Snapshot>("start_focus", { minutes, label });
}

export function stopFocus(): Promise<Snapshot> {
  return invoke<Snapshot>("stop_focus");
}

/** Adds 1–720 minutes to the running focus session. */
export function extendFocus(minutes: number): Promise<Snapshot> {
  return invoke<Snapshot>("extend_focus", { minutes });
}

/** Every IANA zone name the core accepts, sorted. */
export function timeZones(): Promise<string[]> {
  return invoke<string[]>("time_zones");
}

/** The operating system's zone, such as "Europe/Berlin". */
export function systemTimeZone(): Promise<string> {
  return invoke<string>("system_time_zone");
}

/** Quits the app for real (closing the window only hides it to the tray). */
export function quitApp(): Promise<void> {
  return invoke<void>("quit_app");
}

/**
 * Opens a link in the system's default program (browser, mail client) through the opener
 * plugin. Its scope (src-tauri/capabilities/default.json) allows only http, https and mailto,
 * and the shell refuses to load anything but Meridian's own pages in a window.
 */
export function openExternal(url: string): Promise<void> {
  return openUrl(url);
}

/** Whether Meridian starts (hidden, in the tray) when the user logs in: the real entry's state. */
export function startAtLogin(): Promise<boolean> {
  return autostartIsEnabled();
}

/** Turns starting at login on or off (on Linux, an entry in ~/.config/autostart). */
export function setStartAtLogin(on: boolean): Promise<void> {
  return on ? enableAutostart() : disableAutostart();
}

/** Everyone's status now, rows sorted (available first), strips aligned to my local day. */
export function teamBoard(): Promise<TeamBoard> {
  return invoke<TeamBoard>("team_board");
}

/**
 * Windows when at least `minMembers` (null: all) of `handles` work, over `days` days from
 * the local date `from` ("YYYY-MM-DD").
 */
export function overlap(
  handles: string[],
  from: string,
  days: number,
  minMembers: number | null,
): Promise<OverlapResult> {
  return invoke<OverlapResult>("overlap", { handles, from, days, minMembers });
}

export function addMember(input: MemberInput): Promise<Member> {
  return invoke<Member>("add_member", { input });
}

/** Creates a demo profile if needed plus seven teammates in seven zones. */
export function seedDemo(): Promise<Snapshot> {
  return invoke<Snapshot>("seed_demo");
}

/** My recurring deep-work blocks. */
export function focusBlocks(): Promise<FocusBlock[]> {
  return invoke<FocusBlock[]>("focus_blocks");
}

/** `weekdays`: 0 = Monday … 6 = Sunday; times "HH:MM" in my zone. */
export function addFocusBlock(
  weekdays: number[],
  start: string,
  end: string,
  label: string | null,
): Promise<FocusBlock> {
  return invoke<FocusBlock>("add_focus_block", { weekdays, start, end, label });
}

export function removeFocusBlock(id: string): Promise<void> {
  return invoke<void>("remove_focus_block", { id });
}

/** My focus sessions, newest first. */
export function focusHistory(): Promise<FocusSession[]> {
  return invoke<FocusSession[]>("focus_history");
}

/** My inbox, newest first. Items show at once; `delivered` is false while the system notification is held. */
export function inbox(): Promise<InboxItem[]> {
  return invoke<InboxItem[]>("inbox");
}

/** How many system notifications are held, until when, and why. */
export function notifyOutlook(): Promise<NotifyOutlook> {
  return invoke<NotifyOutlook>("notify_outlook");
}

export function notifySettings(): Promise<NotifySettings> {
  return invoke<NotifySettings>("notify_settings");
}

/** Seven lists of "HH:MM" delivery times, Monday first; all empty means "as they come". */
export function setNotifySchedule(times: string[][]): Promise<NotifySettings> {
  return invoke<NotifySettings>("set_notify_schedule", { times });
}

export function setNotifyPrefs(urgentOutsideHours: boolean, allowlist: string[]): Promise<NotifySettings> {
  return invoke<NotifySettings>("set_notify_prefs", { urgentOutsideHours, allowlist });
}

/** System notifications shown, newest first. */
export function deliveries(): Promise<DeliveryRecord[]> {
  return invoke<DeliveryRecord[]>("deliveries");
}

export type NoteKind = "mention" | "reply" | "update" | "decision" | "checkin" | "task";

/** Puts a note from me in a teammate's queue (`to` is a handle without "@"). */
export function queueNotification(
  to: string,
  title: string,
  body: string | null,
  urgent: boolean,
  kind: NoteKind,
): Promise<InboxItem> {
  return invoke<InboxItem>("queue_notification", { to, title, body, urgent, kind });
}

/** Where this profile stands with its team server (`state` "off" when it is in none). */
export function syncState(): Promise<SyncState> {
  return invoke<SyncState>("sync_state");
}

/** One sync pass now; rejects with an ErrorPayload (kind "offline" or "sync") when it fails. */
export function syncNow(): Promise<SyncReport> {
  return invoke<SyncReport>("sync_now");
}

/** What creating a team gives back (a shell type, not generated). */
export type TeamCreated = { team_id: string; invite_code: string };

/** Creates a team on the server at `server` (an http(s) URL) with this profile. */
export function createTeam(server: string): Promise<TeamCreated> {
  return invoke<TeamCreated>("create_team", { server });
}

/** A new single-use invite code to this profile's team. */
export function teamInvite(): Promise<string> {
  return invoke<string>("team_invite");
}

/** Joins the team an invite code names, then pulls the team and pushes this profile. */
export function joinTeam(code: string): Promise<SyncReport> {
  return invoke<SyncReport>("join_team", { code });
}

/**
 * Sets up a new profile by joining the team an invite code names: the team's name is the
 * inviter's, so `input.team_name` is ignored. Nothing is written when the form is refused.
 */
export function joinTeamOnboarding(code: string, input: OnboardingInput): Promise<Snapshot> {
  return invoke<Snapshot>("join_team_onboarding", { code, input });
}

// ---------------------------------------------------------------------------
// Conversations: channels, threads, comments, reactions, thanks
// ---------------------------------------------------------------------------

/** Channels by name, with my unread counts; archived ones only when asked. */
export function channels(includeArchived: boolean): Promise<Channel[]> {
  return invoke<Channel[]>("channels", { includeArchived });
}

export function createChannel(input: ChannelInput): Promise<Channel> {
  return invoke<Channel>("create_channel", { input });
}

/**
 * Changes a channel. Making a private channel public rejects with a `conflict` whose message
 * is the warning to show, until it is asked again with `confirmPublic`.
 */
export function updateChannel(id: string, input: ChannelInput, confirmPublic: boolean): Promise<Channel> {
  return invoke<Channel>("update_channel", { id, input, confirmPublic });
}

export function setChannelArchived(id: string, archived: boolean): Promise<Channel> {
  return invoke<Channel>("set_channel_archived", { id, archived });
}

/**
 * Starts a thread in a channel (by id or name); the body is Markdown. With `inTheirHours`,
 * the notifications of people outside their working hours wait for their next working minute.
 */
export function createThread(channel: string, title: string, body: string, inTheirHours: boolean): Promise<Posted> {
  return invoke<Posted>("create_thread", { channel, title, body, inTheirHours });
}

export interface ThreadQuery {
  channelId: string | null;
  includeArchived: boolean;
  followingOnly: boolean;
  /** The last thread of the previous page, to read the next one. */
  before: { createdAt: string; id: string } | null;
  limit: number | null;
}

/** Threads newest first, a page at a time. */
export function threads(query: ThreadQuery): Promise<ThreadSummary[]> {
  return invoke<ThreadSummary[]>("threads", {
    channelId: query.channelId,
    includeArchived: query.includeArchived,
    followingOnly: query.followingOnly,
    beforeCreatedAt: query.before?.createdAt ?? null,
    beforeId: query.before?.id ?? null,
    limit: query.limit,
  });
}

/** A thread with its body, comments in display order, reactions and thanks. */
export function thread(id: string): Promise<ThreadDetail> {
  return invoke<ThreadDetail>("thread", { id });
}

export function editThread(id: string, title: string, body: string): Promise<Posted> {
  return invoke<Posted>("edit_thread", { id, title, body });
}

export function setThreadResolved(id: string, resolved: boolean): Promise<void> {
  return invoke<void>("set_thread_resolved", { id, resolved });
}

/** Archives or restores a thread, comment, doc or doc comment. */
export function setArchived(id: string, archived: boolean): Promise<void> {
  return invoke<void>("set_archived", { id, archived });
}

export function setFollowing(id: string, following: boolean): Promise<void> {
  return invoke<void>("set_following", { id, following });
}

export function setDone(id: string, done: boolean): Promise<void> {
  return invoke<void>("set_done", { id, done });
}

/** Marks a thread read; false when it was read already. */
export function markRead(id: string): Promise<boolean> {
  return invoke<boolean>("mark_read", { id });
}

/** Comments on a thread, as a reply to `parentId` when given; `inTheirHours` as for threads. */
export function comment(threadId: string, parentId: string | null, body: string, inTheirHours: boolean): Promise<Posted> {
  return invoke<Posted>("comment", { threadId, parentId, body, inTheirHours });
}

export function editComment(id: string, body: string): Promise<Posted> {
  return invoke<Posted>("edit_comment", { id, body });
}

/** Every version of a thread or comment, oldest first. */
export function itemHistory(id: string): Promise<ItemRevision[]> {
  return invoke<ItemRevision[]>("item_history", { id });
}

/** Toggles my reaction on a thread or comment; resolves to whether it is now on. */
export function react(id: string, emoji: string): Promise<boolean> {
  return invoke<boolean>("react", { id, emoji });
}

/** The emoji a reaction may use. */
export function reactionEmoji(): Promise<string[]> {
  return invoke<string[]>("reaction_emoji");
}

/** Thanks one or more people (handles without "@"), optionally for a thread or comment. */
export function thank(handles: string[], note: string | null, itemId: string | null): Promise<Posted> {
  return invoke<Posted>("thank", { handles, note, itemId });
}

/** The composer's preview: sanitised HTML, who a draft mentions and when they will see it. */
export function checkDraft(channel: string | null, body: string): Promise<DraftCheck> {
  return invoke<DraftCheck>("check_draft", { channel, body });
}

// ---------------------------------------------------------------------------
// Docs
// ---------------------------------------------------------------------------

/** Docs, most recently revised first. */
export function docs(includeArchived: boolean): Promise<DocSummary[]> {
  return invoke<DocSummary[]>("docs", { includeArchived });
}

export function createDoc(title: string, body: string, summary: string | null): Promise<Posted> {
  return invoke<Posted>("create_doc", { title, body, summary });
}

/** A doc at `revision` (id or number), or at its latest version when null. */
export function doc(id: string, revision: string | null): Promise<DocDetail> {
  return invoke<DocDetail>("doc", { id, revision });
}

/** Saves a revision on top of `base`, the revision the editor started from. */
export function editDoc(
  id: string,
  title: string | null,
  body: string,
  summary: string | null,
  base: string | null,
): Promise<Posted> {
  return invoke<Posted>("edit_doc", { id, title, body, summary, base });
}

/** Joins every unmerged version into one revision with this text. */
export function mergeDoc(id: string, title: string | null, body: string, summary: string | null): Promise<Posted> {
  return invoke<Posted>("merge_doc", { id, title, body, summary });
}

/** The unmerged versions with their text, newest first. */
export function docHeads(id: string): Promise<DocHead[]> {
  return invoke<DocHead[]>("doc_heads", { id });
}

/** Saves an older revision's text as the newest one. */
export function restoreDoc(id: string, revision: string): Promise<Posted> {
  return invoke<Posted>("restore_doc", { id, revision });
}

/** Word-level diff between two revisions. */
export function docDiff(id: string, from: string | null, to: string | null): Promise<DocDiff> {
  return invoke<DocDiff>("doc_diff", { id, from, to });
}

/** Comments on a passage of the doc as it reads now. */
export function commentOnDoc(id: string, quote: string, body: string): Promise<Posted> {
  return invoke<Posted>("comment_on_doc", { id, quote, body });
}

/** Check-ins: templates, schedules, my check-ins of the last week and open blockers. */
export function checkinOverview(): Promise<CheckinOverview> {
  return invoke<CheckinOverview>("checkin_overview");
}

export function createCheckinTemplate(input: CheckinTemplateInput): Promise<CheckinTemplate> {
  return invoke<CheckinTemplate>("create_checkin_template", { input });
}

export function updateCheckinTemplate(id: string, input: CheckinTemplateInput): Promise<CheckinTemplate> {
  return invoke<CheckinTemplate>("update_checkin_template", { id, input });
}

export function createCheckinSchedule(input: CheckinScheduleInput): Promise<CheckinSchedule> {
  return invoke<CheckinSchedule>("create_checkin_schedule", { input });
}

export function updateCheckinSchedule(id: string, input: CheckinScheduleInput): Promise<CheckinSchedule> {
  return invoke<CheckinSchedule>("update_checkin_schedule", { id, input });
}

/** My answer to a check-in I was asked, or an edit of it; late answers are accepted. */
export function answerCheckin(input: CheckinAnswerInput): Promise<CheckinAnswer> {
  return invoke<CheckinAnswer>("answer_checkin", { input });
}

/** Where everyone stands in one occurrence (`date` null: the latest one). */
export function checkinOccurrence(scheduleId: string, date: string | null): Promise<CheckinOccurrence> {
  return invoke<CheckinOccurrence>("checkin_occurrence", { scheduleId, date });
}

export function setCheckinBlockerCleared(answerId: string, cleared: boolean): Promise<void> {
  return invoke<void>("set_checkin_blocker_cleared", { answerId, cleared });
}

/**
 * Calls `handler` with what changed whenever the core reports a change. Resolves to an
 * unsubscribe function. Only events.ts should call this: the app listens once.
 */
export function onChanged(handler: (event: CoreEvent) => void): Promise<UnlistenFn> {
  return listen<CoreEvent>(CHANGED_EVENT, (event) => handler(event.payload));
}

/** Tells the shell a start-up milestone was reached, at `atMs` on the page's epoch clock (perf.ts). */
export function reportReady(stage: "first_paint" | "home_in_dom" | "home_populated", atMs: number): Promise<void> {
  return invoke<void>("report_ready", { stage, atMs });
}

// The work board: tasks, blockers, goals

/** The board: my tasks only (`mine`), canceled ones too, or one goal's. */
export function board(mine: boolean, includeCanceled: boolean, goalId: string | null): Promise<Board> {
  return invoke<Board>("board", { mine, includeCanceled, goalId });
}

export function task(id: string): Promise<TaskView> {
  return invoke<TaskView>("task", { id });
}

export function createTask(input: TaskInput): Promise<TaskView> {
  return invoke<TaskView>("create_task", { input });
}

export function editTask(id: string, input: TaskInput): Promise<TaskView> {
  return invoke<TaskView>("edit_task", { id, input });
}

/** Moves a task to backlog, todo, in_progress, done or canceled. */
export function moveTask(id: string, status: string): Promise<TaskView> {
  return invoke<TaskView>("move_task", { id, status });
}

/** Makes a task wait on another (`active`), or stop waiting; a cycle rejects `invalid`. */
export function setTaskBlocker(taskId: string, blockerId: string, active: boolean): Promise<TaskView> {
  return invoke<TaskView>("set_task_blocker", { taskId, blockerId, active });
}

export function goals(): Promise<GoalView[]> {
  return invoke<GoalView[]>("goals");
}

export function createGoal(input: GoalInput): Promise<GoalView> {
  return invoke<GoalView>("create_goal", { input });
}

/** A review of a goal; empty fields keep their value. */
export function updateGoal(id: string, input: GoalInput): Promise<GoalView> {
  return invoke<GoalView>("update_goal", { id, input });
}

// Quick capture

export function addCapture(text: string): Promise<CaptureView> {
  return invoke<CaptureView>("add_capture", { text });
}

/** My captures, newest first; triaged ones only when asked. */
export function captures(includeTriaged: boolean): Promise<CaptureView[]> {
  return invoke<CaptureView[]>("captures", { includeTriaged });
}

/** Turns a capture into a task, a thread (in `channel`) or a doc. */
export function triageCapture(id: string, kind: string, channel: string | null): Promise<CaptureView> {
  return invoke<CaptureView>("triage_capture", { id, kind, channel });
}

/** Where the quick-capture shortcut stands on this device. */
export function captureShortcut(): Promise<CaptureShortcut> {
  return invoke<CaptureShortcut>("capture_shortcut");
}

/** Changes the shortcut; one that does not parse or cannot be registered rejects and the old one stays. */
export function setCaptureShortcut(accelerator: string): Promise<CaptureShortcut> {
  return invoke<CaptureShortcut>("set_capture_shortcut", { accelerator });
}

export function openCapture(): Promise<void> {
  return invoke<void>("open_capture");
}

export function closeCapture(): Promise<void> {
  return invoke<void>("close_capture");
}

/** Calls `handler` each time the capture window is shown again. */
export function onCaptureShown(handler: () => void): Promise<UnlistenFn> {
  return listen("meridian://capture-shown", () => handler());
}

/** Results for `query` as typed so far (the last word matches as a prefix); rejects `invalid` with a hint on bad syntax. */
export function search(query: string, limit: number): Promise<SearchResults> {
  return invoke<SearchResults>("search", { query, limit });
}

/** How far the search index is behind the log while it is being built, or null. */
export function searchStatus(): Promise<IndexProgress | null> {
  return invoke<IndexProgress | null>("search_status");
}

/** Rebuilds the search index from the log in the background. */
export function rebuildSearchIndex(): Promise<void> {
  return invoke<void>("rebuild_search_index");
}

// ---- Decision records and change requests ----

/** Decisions newest first; `openOnly` leaves out closed ones. */
export function decisions(openOnly: boolean): Promise<DecisionSummary[]> {
  return invoke<DecisionSummary[]>("decisions", { openOnly });
}

export function decision(id: string): Promise<DecisionDetail> {
  return invoke<DecisionDetail>("decision", { id });
}

export function proposeDecision(input: DecisionInput): Promise<DecisionDetail> {
  return invoke<DecisionDetail>("propose_decision", { input });
}

/** Casts or changes my vote; a reason is required to disagree or block. */
export function vote(id: string, choice: string, reason: string | null): Promise<DecisionDetail> {
  return invoke<DecisionDetail>("vote", { id, choice, reason });
}

export function closeDecision(id: string, outcome: OutcomeInput): Promise<DecisionDetail> {
  return invoke<DecisionDetail>("close_decision", { id, outcome });
}

/** Change requests newest first; `pendingOnly` keeps those awaiting approval. */
export function changes(pendingOnly: boolean): Promise<ChangeSummary[]> {
  return invoke<ChangeSummary[]>("changes", { pendingOnly });
}

export function change(id: string): Promise<ChangeDetail> {
  return invoke<ChangeDetail>("change", { id });
}

/** Who must approve a change of this kind to these systems, with their local time and status. */
export function changeRouting(kind: string, systems: string[]): Promise<ChangeRouting> {
  return invoke<ChangeRouting>("change_routing", { kind, systems });
}

export function fileChange(input: ChangeInput): Promise<ChangeDetail> {
  return invoke<ChangeDetail>("file_change", { input });
}

export function approveChange(id: string): Promise<ChangeDetail> {
  return invoke<ChangeDetail>("approve_change", { id });
}

export function declineChange(id: string, reason: string): Promise<ChangeDetail> {
  return invoke<ChangeDetail>("decline_change", { id, reason });
}

export function withdrawChange(id: string): Promise<ChangeDetail> {
  return invoke<ChangeDetail>("withdraw_change", { id });
}

export function reviewChange(id: string, note: string): Promise<ChangeDetail> {
  return invoke<ChangeDetail>("review_change", { id, note });
}

export function changeRules(): Promise<ChangeRule[]> {
  return invoke<ChangeRule[]>("change_rules");
}

export function changeTemplates(): Promise<ChangeTemplate[]> {
  return invoke<ChangeTemplate[]>("change_templates");
}

/** A crash report the app wrote after a panic: where it is, and its text (no content in it). */
export interface CrashReport {
  path: string;
  text: string;
}

/** Crash reports nobody has dismissed yet, newest first. */
export function crashReports(): Promise<CrashReport[]> {
  return invoke<CrashReport[]>("crash_reports");
}

/** Marks a crash report as read; it stays on disk. */
export function dismissCrashReport(path: string): Promise<void> {
  return invoke<void>("dismiss_crash_report", { path });
}

/** Shows a crash report's file in the system's file manager. */
export function revealCrashReport(path: string): Promise<void> {
  return invoke<void>("reveal_crash_report", { path });
}
