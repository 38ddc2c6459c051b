// The outlook for system notifications (how many are held, until when, and why): the count on
// the "Inbox" nav item and the line at the top of the inbox. App-wide so the count stays right
// on every screen; re-fetched every 30 s too, since the reason and the next delivery move with
// the clock.

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import { LiveStore, REFRESH_INTERVAL_MS, Resource, type LiveOptions } from "../../app/live-store.svelte";

/** Held items change with the inbox; when they go out, with the schedule, focus and my hours. */
export const OUTLOOK_CHANGES: readonly CoreEvent[] = [
  "inbox_changed",
  "notify_settings_changed",
  "focus_changed",
  "profile_changed",
];

export class OutlookStore extends LiveStore {
  readonly current = new Resource(() => api.notifyOutlook());

  constructor(options: LiveOptions = {}) {
    super(OUTLOOK_CHANGES, { pollMs: REFRESH_INTERVAL_MS, ...options });
  }

  /** The count for the badge; the last known one while a refresh fails. */
  get held(): number {
    return Math.max(0, this.current.value?.pending ?? 0);
  }

  refresh(): Promise<void> {
    return this.current.load();
  }
}
