// The app's one subscription to the core's `meridian://changed` event, fanned out to the stores.
//
// Stores say which kinds of change they care about; each event reaches only those, so a change
// no store on screen cares about costs no call. `external_change` (another process wrote to the
// database, kind unknown) reaches every store, whatever it asked for.

import * as api from "./api";
import type { CoreEvent } from "./bindings/CoreEvent";

// A record rather than a list so that a kind added on the Rust side fails the type check here.
const KNOWN: Record<CoreEvent, true> = {
  profile_changed: true,
  team_changed: true,
  focus_changed: true,
  inbox_changed: true,
  notify_settings_changed: true,
  sync_changed: true,
  content_changed: true,
  board_changed: true,
  checkins_changed: true,
  decisions_changed: true,
  external_change: true,
  search_index_changed: true,
};

/** Every kind of change, in the contract's order. */
export const CORE_EVENTS = Object.keys(KNOWN) as CoreEvent[];

/** Reads an event payload. One this build does not know (a newer or older core) might have changed anything. */
export function toCoreEvent(payload: unknown): CoreEvent {
  return typeof payload === "string" && Object.hasOwn(KNOWN, payload) ? (payload as CoreEvent) : "external_change";
}

export type ChangeHandler = (event: CoreEvent) => void;

interface Subscriber {
  kinds: ReadonlySet<CoreEvent>;
  handler: ChangeHandler;
}

export class CoreEvents {
  private readonly subscribers = new Set<Subscriber>();
  private users = 0;
  // Bumped whenever listening stops, so a `listen` that resolves afterwards is undone at once.
  private generation = 0;
  private unlisten: (() => void) | null = null;

  /**
   * Calls `handler` for every change of one of `kinds`, and for every external change, until
   * the returned function is called.
   */
  on(kinds: readonly CoreEvent[], handler: ChangeHandler): () => void {
    const subscriber: Subscriber = { kinds: new Set(kinds), handler };
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /** How many handlers are registered; a screen that is gone leaves none behind. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Hands one event payload to the handlers that care about it. */
  dispatch(payload: unknown): void {
    const event = toCoreEvent(payload);
    // A copy: a handler may unsubscribe (or a screen unmount) while the event is handed out.
    for (const subscriber of [...this.subscribers]) {
      if (event === "external_change" || subscriber.kinds.has(event)) subscriber.handler(event);
    }
  }

  /**
   * Listens to the core; returns the function that stops. However many callers start it, the
   * app holds one listener, released when the last of them stops.
   */
  start(): () => void {
    this.users++;
    if (this.users === 1) this.listen();
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.users--;
      if (this.users > 0) return;
      this.generation++;
      this.unlisten?.();
      this.unlisten = null;
    };
  }

  private listen(): void {
    const generation = ++this.generation;
    api
      .onChanged((payload) => this.dispatch(payload))
      .then((unlisten) => {
        if (generation === this.generation) this.unlisten = unlisten;
        else unlisten();
      })
      .catch(() => {
        // Outside Tauri (tests, a plain browser) there are no events: first loads and timers still work.
      });
  }
}

/** The app's instance; stores use it unless a test hands them their own. */
export const coreEvents = new CoreEvents();
