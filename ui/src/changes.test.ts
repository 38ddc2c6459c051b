// Which store refreshes on which change: the contract between the core's CoreEvent kinds and
// the app's stores, checked with every store live on one event hub.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CoreEvent } from "./app/bindings/CoreEvent";

vi.mock("./app/api", () => ({
  snapshot: vi.fn(),
  crashReports: vi.fn(() => Promise.resolve([])),
  dismissCrashReport: vi.fn(),
  revealCrashReport: vi.fn(),
  timeZones: vi.fn(),
  systemTimeZone: vi.fn(),
  onChanged: vi.fn(),
  teamBoard: vi.fn(),
  inbox: vi.fn(),
  deliveries: vi.fn(),
  notifyOutlook: vi.fn(),
  notifySettings: vi.fn(),
  focusBlocks: vi.fn(),
  focusHistory: vi.fn(),
  channels: vi.fn(),
}));

import * as api from "./app/api";
import { AppState } from "./app/app.svelte";
import { CORE_EVENTS, CoreEvents } from "./app/events";
import { ChannelsStore } from "./features/conversations/store.svelte";
import { FocusStore } from "./features/focus/store.svelte";
import { OutlookStore } from "./features/inbox/outlook.svelte";
import { InboxStore } from "./features/inbox/store.svelte";
import { NotifySettingsStore } from "./features/settings/store.svelte";
import { TeamStore } from "./features/team/store.svelte";

const FETCHES = [
  "snapshot",
  "teamBoard",
  "inbox",
  "deliveries",
  "notifyOutlook",
  "notifySettings",
  "focusBlocks",
  "focusHistory",
  "channels",
] as const;
type Fetch = (typeof FETCHES)[number];

// The brief of each store, written out rather than read from the stores.
const CARES: Record<string, readonly CoreEvent[]> = {
  home: ["profile_changed", "focus_changed", "team_changed", "external_change"],
  board: ["team_changed", "profile_changed", "focus_changed", "checkins_changed", "external_change"],
  inbox: ["inbox_changed", "external_change"],
  held: ["inbox_changed", "notify_settings_changed", "focus_changed", "profile_changed", "external_change"],
  notifySettings: ["notify_settings_changed", "external_change"],
  focus: ["focus_changed", "external_change"],
  channels: ["content_changed", "external_change"],
};

// The calls each change costs with every store live. The team board is read by the board and,
// for the list of teammates, by the inbox and the notification settings: those two read it
// again only when another process may have changed the team.
const CALLS: Record<CoreEvent, Partial<Record<Fetch, number>>> = {
  profile_changed: { snapshot: 1, teamBoard: 1, notifyOutlook: 1 },
  team_changed: { snapshot: 1, teamBoard: 1 },
  focus_changed: { snapshot: 1, teamBoard: 1, notifyOutlook: 1, focusBlocks: 1, focusHistory: 1 },
  inbox_changed: { inbox: 1, deliveries: 1, notifyOutlook: 1 },
  notify_settings_changed: { notifyOutlook: 1, notifySettings: 1 },
  // A sync pass that brought nothing down: no screen reloads (the sync line is its own store).
  sync_changed: {},
  content_changed: { channels: 1 },
  // Only the board's own store (live while the board is open) reads tasks, goals and captures.
  board_changed: {},
  // The index moved on: only search screens (palette, search page) re-ask; none is live here.
  search_index_changed: {},
  checkins_changed: { teamBoard: 1 },
  // Only the decisions and change-request screens care, and none is open here.
  decisions_changed: {},
  external_change: {
    snapshot: 1,
    teamBoard: 3,
    inbox: 1,
    deliveries: 1,
    notifyOutlook: 1,
    notifySettings: 1,
    focusBlocks: 1,
    focusHistory: 1,
    channels: 1,
  },
};

let emit: (event: CoreEvent) => void = () => {};
let events: CoreEvents;
let app: AppState;
let stores: Record<string, { refresh: (...args: never[]) => Promise<void> }>;
let stops: (() => void)[];

beforeEach(async () => {
  vi.useFakeTimers({ now: new Date("2025-01-15T12:00:10Z") });
  for (const f of FETCHES) vi.mocked(api[f]).mockReset().mockResolvedValue(null as never);
  vi.mocked(api.snapshot).mockResolvedValue({ now: "2025-01-15T12:00:10Z", me: null, focus: null } as never);
  vi.mocked(api.timeZones).mockReset().mockResolvedValue(["UTC"]);
  vi.mocked(api.systemTimeZone).mockReset().mockResolvedValue("UTC");
  vi.mocked(api.onChanged)
    .mockReset()
    .mockImplementation(async (handler) => {
      emit = handler;
      return () => {};
    });
  events = new CoreEvents();
  app = new AppState(events);
  stores = {
    home: app,
    board: new TeamStore({ events }),
    inbox: new InboxStore({ events }),
    held: new OutlookStore({ events }),
    notifySettings: new NotifySettingsStore({ events }),
    focus: new FocusStore({ events }),
    channels: new ChannelsStore({ events }),
  };
  stops = [app.start(), ...Object.values(stores).slice(1).map((s) => (s as TeamStore).connect())];
  await vi.advanceTimersByTimeAsync(0);
  for (const f of FETCHES) vi.mocked(api[f]).mockClear();
});

afterEach(() => {
  for (const stop of stops) stop();
  vi.useRealTimers();
});

function callsMade(): Partial<Record<Fetch, number>> {
  const made: Partial<Record<Fetch, number>> = {};
  for (const f of FETCHES) {
    const n = vi.mocked(api[f]).mock.calls.length;
    if (n > 0) made[f] = n;
  }
  return made;
}

describe("change routing", () => {
  it("listens to the core once for all the stores", () => {
    expect(api.onChanged).toHaveBeenCalledTimes(1);
    expect(events.size).toBe(Object.keys(CARES).length);
  });

  it.each(CORE_EVENTS)("%s reaches exactly the stores that care", async (event) => {
    const reached: string[] = [];
    for (const [name, store] of Object.entries(stores)) {
      vi.spyOn(store, "refresh").mockImplementation(async () => void reached.push(name));
    }
    emit(event);
    const expected = Object.keys(CARES).filter((name) => CARES[name]!.includes(event));
    expect(reached.sort()).toEqual(expected.sort());
  });

  it.each(CORE_EVENTS)("%s costs exactly the calls for what it touched", async (event) => {
    emit(event);
    await vi.advanceTimersByTimeAsync(0);
    expect(callsMade()).toEqual(CALLS[event]);
  });

  it("makes no call for a change no live store cares about", async () => {
    for (const stop of stops.splice(0)) stop();
    const stop = new FocusStore({ events }).connect();
    const startEvents = events.start();
    await vi.advanceTimersByTimeAsync(0);
    for (const f of FETCHES) vi.mocked(api[f]).mockClear();
    for (const event of ["profile_changed", "team_changed", "inbox_changed", "notify_settings_changed"] as const) {
      events.dispatch(event);
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(callsMade()).toEqual({});
    stop();
    startEvents();
  });

  it("leaves no handler behind once every store stopped", async () => {
    for (const stop of stops.splice(0)) stop();
    expect(events.size).toBe(0);
    emit("external_change");
    await vi.advanceTimersByTimeAsync(0);
    expect(callsMade()).toEqual({});
  });
});
