// Check-ins' data: the overview (templates, schedules, my check-ins, open blockers) and the
// occurrence on screen, refreshed when check-ins, the team or content change.

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import { LiveStore, Resource, REFRESH_INTERVAL_MS, type LiveOptions } from "../../app/live-store.svelte";

export const CHECKIN_CHANGES: readonly CoreEvent[] = ["checkins_changed", "team_changed", "content_changed"];

export class CheckinsStore extends LiveStore {
  readonly overview = new Resource(() => api.checkinOverview());
  /** The schedule whose occurrence is shown, and its date (null: the latest). */
  scheduleId = $state<string | null>(null);
  date = $state<string | null>(null);
  readonly occurrence = new Resource(() =>
    this.scheduleId ? api.checkinOccurrence(this.scheduleId, this.date) : Promise.resolve(null),
  );

  constructor(options: LiveOptions = {}) {
    // Asks and window closings happen with time alone: re-read on the board's interval too.
    super(CHECKIN_CHANGES, { pollMs: REFRESH_INTERVAL_MS, ...options });
  }

  async refresh(): Promise<void> {
    await Promise.all([this.overview.load(), this.scheduleId ? this.occurrence.load() : null]);
  }

  /** Shows a schedule's occurrence (date null: the latest one anyone was asked). */
  show(scheduleId: string | null, date: string | null = null): Promise<void> {
    this.scheduleId = scheduleId;
    this.date = date;
    return this.occurrence.load();
  }
}
