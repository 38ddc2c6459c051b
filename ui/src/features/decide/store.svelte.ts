// Decisions' and change requests' data: the lists, and one record on screen. They refresh on
// their own kind of change and on a timer, because a decision closes at its deadline and an
// approver's local time and status move with the clock.

import * as api from "../../app/api";
import type { ChangeDetail } from "../../app/bindings/ChangeDetail";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import type { DecisionDetail } from "../../app/bindings/DecisionDetail";
import { LiveStore, REFRESH_INTERVAL_MS, Resource, type LiveOptions } from "../../app/live-store.svelte";

export const DECIDE_CHANGES: readonly CoreEvent[] = ["decisions_changed"];

export class DecisionsStore extends LiveStore {
  openOnly = $state(false);
  readonly list = new Resource(() => api.decisions(this.openOnly));

  constructor(options: LiveOptions = {}) {
    super(DECIDE_CHANGES, { pollMs: REFRESH_INTERVAL_MS, ...options });
  }

  setOpenOnly(open: boolean): Promise<void> {
    this.openOnly = open;
    return this.list.load();
  }

  refresh(): Promise<void> {
    return this.list.load();
  }
}

export class DecisionStore extends LiveStore {
  readonly detail: Resource<DecisionDetail>;

  constructor(id: string, options: LiveOptions = {}) {
    super(DECIDE_CHANGES, { pollMs: REFRESH_INTERVAL_MS, ...options });
    this.detail = new Resource(() => api.decision(id));
  }

  refresh(): Promise<void> {
    return this.detail.load();
  }
}

export class ChangesStore extends LiveStore {
  pendingOnly = $state(false);
  readonly list = new Resource(() => api.changes(this.pendingOnly));

  constructor(options: LiveOptions = {}) {
    super(DECIDE_CHANGES, { pollMs: REFRESH_INTERVAL_MS, ...options });
  }

  setPendingOnly(pending: boolean): Promise<void> {
    this.pendingOnly = pending;
    return this.list.load();
  }

  refresh(): Promise<void> {
    return this.list.load();
  }
}

export class ChangeStore extends LiveStore {
  readonly detail: Resource<ChangeDetail>;

  constructor(id: string, options: LiveOptions = {}) {
    super(DECIDE_CHANGES, { pollMs: REFRESH_INTERVAL_MS, ...options });
    this.detail = new Resource(() => api.change(id));
  }

  refresh(): Promise<void> {
    return this.detail.load();
  }
}
