// The people I can address (the team without me), for the note form, the allowlist and the
// composer's @-autocomplete. Only joining or leaving changes the list, so its stores fetch it on
// opening and external changes; the composer also shows each person's local time and status.

import * as api from "../app/api";
import type { Member } from "../app/bindings/Member";
import type { MemberNow } from "../app/bindings/MemberNow";
import { Resource } from "../app/live-store.svelte";

export class Teammates {
  private readonly board = new Resource(() => api.teamBoard());
  /** Teammates with their local time and status as of the last load. */
  readonly rows: MemberNow[] = $derived(this.board.value?.members.filter((row) => !row.member.is_me) ?? []);
  readonly list: Member[] = $derived(this.rows.map((row) => row.member));

  /** Whether the list has been read at least once. */
  get loaded(): boolean {
    return this.board.value !== null;
  }

  get error(): string | null {
    return this.board.error;
  }

  load(): Promise<void> {
    return this.board.load();
  }
}
