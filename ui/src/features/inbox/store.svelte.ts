// The inbox's data: what was sent to me, the system notifications shown lately, and who I can
// send a note to. The held outlook is the app-wide OutlookStore.

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import { LiveStore, Resource, touchesAll, type LiveOptions } from "../../app/live-store.svelte";
import { Teammates } from "../../shared/teammates.svelte";

export const INBOX_CHANGES: readonly CoreEvent[] = ["inbox_changed"];

export class InboxStore extends LiveStore {
  readonly items = new Resource(() => api.inbox());
  readonly shown = new Resource(() => api.deliveries());
  readonly teammates = new Teammates();

  constructor(options: LiveOptions = {}) {
    super(INBOX_CHANGES, options);
  }

  get loadError(): string | null {
    return this.items.error ?? this.shown.error ?? this.teammates.error;
  }

  async refresh(change?: CoreEvent): Promise<void> {
    await Promise.all([this.items.load(), this.shown.load(), touchesAll(change) ? this.teammates.load() : null]);
  }
}
