// The people I can address (the team without me), for the note form and the allowlist. Only
// joining or leaving changes the list, so its stores fetch it on opening and external changes.

import * as api from "../app/api";
import type { Member } from "../app/bindings/Member";
import { Resource } from "../app/live-store.svelte";

export class Teammates {
  private readonly board = new Resource(() => api.teamBoard());
  readonly list: Member[] = $derived(this.board.value?.members.map((row) => row.member).filter((m) => !m.is_me) ?? []);

  get error(): string | null {
    return this.board.error;
  }

  load(): Promise<void> {
    return this.board.load();
  }
}
