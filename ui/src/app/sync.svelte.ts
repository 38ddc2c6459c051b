// Where this profile stands with its team server: the sidebar's sync line and the Settings
// section read it. The core announces `sync_changed` after every pass, and any local change
// may leave something waiting, so it refreshes on every kind of change (and every 30 s, for
// the times in the summary).

import * as api from "./api";
import type { SyncState } from "./bindings/SyncState";
import type { SyncReport } from "./bindings/SyncReport";
import { CORE_EVENTS } from "./events";
import { LiveStore, REFRESH_INTERVAL_MS, Resource, type LiveOptions } from "./live-store.svelte";
import { toErrorPayload } from "../shared/errors";

/** The dot's colour class for a state ("off" has none). */
export type SyncTone = "ok" | "busy" | "warn" | "bad" | "off";

export function syncTone(state: SyncState | null): SyncTone {
  switch (state?.state) {
    case "up_to_date":
      return "ok";
    case "waiting":
      return "busy";
    case "offline":
      return "warn";
    case "error":
      return "bad";
    default:
      return "off";
  }
}

/** What one "Sync now" did, in words. */
export function describeReport(report: SyncReport): string {
  const moved: string[] = [];
  if (report.pushed > 0) moved.push(`${report.pushed} sent`);
  if (report.applied > 0) moved.push(`${report.applied} received`);
  if (report.set_aside > 0) moved.push(`${report.set_aside} set aside`);
  return moved.length > 0 ? `Synced: ${moved.join(", ")}` : "Synced: nothing new";
}

/** How long the outcome of "Sync now" stays on screen. */
export const RESULT_MS = 15_000;

export class SyncStore extends LiveStore {
  readonly state = new Resource(() => api.syncState());
  /** True while "Sync now" runs. */
  syncing = $state(false);
  /** What the last "Sync now" did, or why it failed. */
  result = $state<{ ok: boolean; text: string } | null>(null);
  private resultTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: LiveOptions = {}) {
    super(CORE_EVENTS, { pollMs: REFRESH_INTERVAL_MS, ...options });
  }

  async refresh(): Promise<void> {
    await this.state.load();
  }

  get current(): SyncState | null {
    return this.state.value;
  }

  /** Whether this profile is in a team on a server. */
  get inTeam(): boolean {
    return Boolean(this.current && this.current.state !== "off");
  }

  /** One pass now; the outcome lands in `result`. Never rejects. */
  async syncNow(): Promise<void> {
    if (this.syncing) return;
    this.syncing = true;
    this.result = null;
    try {
      const report = await api.syncNow();
      this.state.set(report.state);
      this.result = { ok: true, text: describeReport(report) };
    } catch (error) {
      this.result = { ok: false, text: toErrorPayload(error).message };
      await this.state.load();
    } finally {
      this.syncing = false;
      if (this.resultTimer !== null) clearTimeout(this.resultTimer);
      this.resultTimer = setTimeout(() => {
        this.result = null;
        this.resultTimer = null;
      }, RESULT_MS);
    }
  }

  /** Creates a team on `server`; rejects with the core's ErrorPayload. */
  async createTeam(server: string): Promise<api.TeamCreated> {
    const created = await api.createTeam(server);
    await this.state.load();
    return created;
  }

  /** Joins the team `code` names; rejects with the core's ErrorPayload. */
  async joinTeam(code: string): Promise<SyncReport> {
    const report = await api.joinTeam(code);
    this.state.set(report.state);
    return report;
  }

  /** A new invite code; rejects with the core's ErrorPayload. */
  invite(): Promise<string> {
    return api.teamInvite();
  }
}

/** The app's one sync store: the sidebar line and Settings share it. */
export const syncStore = new SyncStore();
