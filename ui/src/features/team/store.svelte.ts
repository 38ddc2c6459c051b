// The team board: everyone's status now and their day. My profile and focus show on it as
// well as the team's changes; re-fetched every 30 s too, since statuses turn with the clock.

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import { LiveStore, REFRESH_INTERVAL_MS, Resource, type LiveOptions } from "../../app/live-store.svelte";

// Check-in changes too: blockers people report show on their cards.
export const TEAM_CHANGES: readonly CoreEvent[] = ["team_changed", "profile_changed", "focus_changed", "checkins_changed"];

export class TeamStore extends LiveStore {
  readonly board = new Resource(() => api.teamBoard());

  constructor(options: LiveOptions = {}) {
    super(TEAM_CHANGES, { pollMs: REFRESH_INTERVAL_MS, ...options });
  }

  refresh(): Promise<void> {
    return this.board.load();
  }
}
