// The focus view's data: my recurring deep-work blocks and my focus sessions. A focus change
// may be either (a session started, stopped or ran out; a block was added or removed).

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import type { FocusBlock } from "../../app/bindings/FocusBlock";
import { LiveStore, Resource, type LiveOptions } from "../../app/live-store.svelte";

export const FOCUS_CHANGES: readonly CoreEvent[] = ["focus_changed"];

export class FocusStore extends LiveStore {
  readonly blocks = new Resource(() => api.focusBlocks());
  readonly history = new Resource(() => api.focusHistory());

  constructor(options: LiveOptions = {}) {
    super(FOCUS_CHANGES, options);
  }

  get loadError(): string | null {
    return this.blocks.error ?? this.history.error;
  }

  async refresh(): Promise<void> {
    await Promise.all([this.blocks.load(), this.history.load()]);
  }

  /** Rejects with the core's ErrorPayload; the list shows the new block at once. */
  async addBlock(weekdays: number[], start: string, end: string, label: string | null): Promise<FocusBlock> {
    const block = await api.addFocusBlock(weekdays, start, end, label);
    this.blocks.set([...(this.blocks.value ?? []), block]);
    return block;
  }

  async removeBlock(id: string): Promise<void> {
    await api.removeFocusBlock(id);
    this.blocks.set((this.blocks.value ?? []).filter((b) => b.id !== id));
  }
}
