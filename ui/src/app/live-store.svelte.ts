// What every feature store shares: data that loads when its screen opens, refreshes on the
// kinds of change it cares about (and on a timer if it has one) and stops when the screen goes.

import type { CoreEvent } from "./bindings/CoreEvent";
import { coreEvents, type CoreEvents } from "./events";
import { toErrorPayload } from "../shared/errors";

/** How often data that also changes with time alone (the board, the held count) is re-fetched. */
export const REFRESH_INTERVAL_MS = 30_000;

/** True when `change` may have touched anything: a first load, a retry, a timer, another process. */
export function touchesAll(change: CoreEvent | undefined): boolean {
  return change === undefined || change === "external_change";
}

/** One piece of fetched data: the latest value, and why the latest load failed (if it did). */
export class Resource<T> {
  /** Null until the first load succeeds; a failed load keeps the last value. */
  value = $state.raw<T | null>(null);
  error = $state<string | null>(null);

  private readonly fetch: () => Promise<T>;
  private request = 0;

  constructor(fetch: () => Promise<T>) {
    this.fetch = fetch;
  }

  /** Fetches the value. An answer is dropped if a newer load or a `set` came after its request. */
  async load(): Promise<void> {
    const request = ++this.request;
    try {
      const value = await this.fetch();
      if (request === this.request) {
        this.value = value;
        this.error = null;
      }
    } catch (error) {
      if (request === this.request) this.error = toErrorPayload(error).message;
    }
  }

  /** Shows what a command returned: newer than any load still in flight. */
  set(value: T): void {
    this.request++;
    this.value = value;
  }
}

export interface LiveOptions {
  /** Where change events come from; the app's own unless a test hands in another. */
  events?: CoreEvents;
  /** Also refresh everything this often while connected. */
  pollMs?: number;
}

export abstract class LiveStore {
  private readonly kinds: readonly CoreEvent[];
  private readonly events: CoreEvents;
  private readonly pollMs: number | null;

  /** `kinds`: the changes that make this store refetch (every store also hears external_change). */
  protected constructor(kinds: readonly CoreEvent[], options: LiveOptions = {}) {
    this.kinds = kinds;
    this.events = options.events ?? coreEvents;
    this.pollMs = options.pollMs ?? null;
  }

  /** Fetches what `change` touched; everything when `touchesAll(change)`. */
  abstract refresh(change?: CoreEvent): Promise<void>;

  /** Loads now and keeps fresh until the returned function is called (when the screen goes). */
  connect(): () => void {
    void this.refresh();
    const off = this.events.on(this.kinds, (change) => void this.refresh(change));
    const timer = this.pollMs === null ? null : setInterval(() => void this.refresh(), this.pollMs);
    return () => {
      off();
      if (timer !== null) clearInterval(timer);
    };
  }
}
