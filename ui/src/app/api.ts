// The only place that talks to the Tauri core. Stores and components import these functions
// (tests mock this module). Every command rejects with an ErrorPayload (see errors.ts) on failure.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { CoreEvent } from "./bindings/CoreEvent";
import type { DeliveryRecord } from "./bindings/DeliveryRecord";
import type { FocusBlock } from "./bindings/FocusBlock";
import type { FocusSession } from "./bindings/FocusSession";
import type { InboxItem } from "./bindings/InboxItem";
import type { Member } from "./bindings/Member";
import type { MemberInput } from "./bindings/MemberInput";
import type { NotifyOutlook } from "./bindings/NotifyOutlook";
import type { NotifySettings } from "./bindings/NotifySettings";
import type { OnboardingInput } from "./bindings/OnboardingInput";
import type { OverlapResult } from "./bindings/OverlapResult";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { Snapshot } from "./bindings/Snapshot";
import type { SyncReport } from "./bindings/SyncReport";
import type { SyncState } from "./bindings/SyncState";
import type { TeamBoard } from "./bindings/TeamBoard";

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
