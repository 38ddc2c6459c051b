// Application state: the latest Snapshot from the core, kept fresh.
//
// Fresh means: re-fetched when the core reports a change to my profile, my focus or the team
// (the snapshot holds my working state, which time off and zone moves change), every 30 s,
// when the local minute turns (so the clock on screen is right), when the window regains focus
// or visibility, and when a running focus session reaches its end. The focus countdown ticks
// every second from `focus.ends_at`, measured against the core's clock (`snapshot.now` plus
// elapsed local time). Starting the app state also starts the app's one change listener.

import * as api from "./api";
import type { CoreEvent } from "./bindings/CoreEvent";
import type { Snapshot } from "./bindings/Snapshot";
import { coreEvents, type CoreEvents } from "./events";
import { REFRESH_INTERVAL_MS } from "./live-store.svelte";
import { toErrorPayload } from "../shared/errors";
import { localMs, nowMs, syncToCore } from "../shared/clock";
import { runtimeTimeZone, runtimeTimeZones } from "../shared/timezones";

/** The changes that make the snapshot refetch (and external_change, like every store). */
export const SNAPSHOT_CHANGES: readonly CoreEvent[] = ["profile_changed", "focus_changed", "team_changed"];

export class AppState {
  snapshot = $state<Snapshot | null>(null);
  /** True once the first load (snapshot, zones, system zone) has finished, well or not. */
  ready = $state(false);
  /** The first load failed and there is nothing to show. */
  loadError = $state<string | null>(null);
  /** A later refresh failed; the last snapshot is still shown. */
  syncError = $state<string | null>(null);
  zones = $state<string[]>([]);
  systemZone = $state("UTC");
  /** Current instant in ms on the core's clock, updated every second. */
  now = $state(nowMs());

  private lastFetchLocal = 0;
  private epoch = 0;
  private inFlight: Promise<void> | null = null;
  private again = false;
  private endedFocusId: string | null = null;
  private readonly events: CoreEvents;

  constructor(events: CoreEvents = coreEvents) {
    this.events = events;
  }

  /** Shows a snapshot the core returned (from a refresh or a command). */
  apply(snapshot: Snapshot): void {
    this.epoch++;
    this.snapshot = snapshot;
    this.loadError = null;
    this.syncError = null;
    this.lastFetchLocal = syncToCore(snapshot.now);
    this.now = nowMs();
  }

  /**
   * Fetches a snapshot. Calls made while one is in flight run once more afterwards; a
   * result is dropped if a command's snapshot arrived in the meantime (it is newer).
   */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    const run = async () => {
      do {
        this.again = false;
        const epoch = this.epoch;
        try {
          const snapshot = await api.snapshot();
          if (epoch === this.epoch) this.apply(snapshot);
        } catch (error) {
          const message = toErrorPayload(error).message;
          if (this.snapshot) this.syncError = `Could not refresh: ${message}`;
          else this.loadError = message;
          this.lastFetchLocal = localMs();
        }
      } while (this.again);
    };
    this.inFlight = run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** First load: the snapshot, plus the zone list and system zone for the profile form. */
  async init(): Promise<void> {
    const [, zones, system] = await Promise.allSettled([
      this.refresh(),
      api.timeZones(),
      api.systemTimeZone(),
    ]);
    this.zones = zones.status === "fulfilled" && zones.value.length > 0 ? zones.value : runtimeTimeZones();
    this.systemZone = system.status === "fulfilled" && system.value ? system.value : runtimeTimeZone();
    this.ready = true;
  }

  /** Called every second. */
  tick(): void {
    const local = localMs();
    const previous = this.now;
    this.now = nowMs();
    if (!this.snapshot || this.inFlight) return;
    const minuteTurned = Math.floor(previous / 60_000) !== Math.floor(this.now / 60_000);
    const stale = local - this.lastFetchLocal >= REFRESH_INTERVAL_MS;
    const focus = this.snapshot.focus;
    let focusEnded = false;
    if (focus && !focus.stopped_at && Date.parse(focus.ends_at) <= this.now && this.endedFocusId !== focus.id) {
      // Ask once per session: the core then reports it finished.
      this.endedFocusId = focus.id;
      focusEnded = true;
    }
    if (minuteTurned || stale || focusEnded) void this.refresh();
  }

  quit(): void {
    api.quitApp().catch((error: unknown) => {
      this.syncError = `Could not quit: ${toErrorPayload(error).message}`;
    });
  }

  /** Starts timers and listeners; returns the function that stops them. */
  start(): () => void {
    void this.init();
    const timer = setInterval(() => this.tick(), 1000);
    const onFocus = () => void this.refresh();
    const onVisibility = () => {
      if (document.visibilityState === "visible") void this.refresh();
    };
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onVisibility);

    const off = this.events.on(SNAPSHOT_CHANGES, () => void this.refresh());
    const stopEvents = this.events.start();

    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onVisibility);
      off();
      stopEvents();
    };
  }
}
