// The sync store: loads on connect, refreshes on every change and every 30 s, and "Sync now".
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SyncState } from "./bindings/SyncState";

vi.mock("./api", () => ({
  syncState: vi.fn(),
  syncNow: vi.fn(),
  createTeam: vi.fn(),
  joinTeam: vi.fn(),
  teamInvite: vi.fn(),
  onChanged: vi.fn(() => Promise.resolve(() => {})),
}));

import * as api from "./api";
import { CoreEvents } from "./events";
import { describeReport, RESULT_MS, SyncStore, syncTone } from "./sync.svelte";

function syncState(over: Partial<SyncState> = {}): SyncState {
  return {
    state: "up_to_date",
    summary: "Up to date · 14:02 UTC",
    server: "http://127.0.0.1:8470",
    team_id: "team-1",
    pending: 0,
    pulled_seq: 4,
    server_seq: 4,
    last_sync_at: "2025-01-15T14:02:00Z",
    last_error: null,
    ...over,
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  vi.mocked(api.syncState).mockReset().mockResolvedValue(syncState());
  vi.mocked(api.syncNow).mockReset();
});
afterEach(() => vi.useRealTimers());

describe("SyncStore", () => {
  it("loads on connect and refreshes on every kind of change", async () => {
    const events = new CoreEvents();
    const store = new SyncStore({ events });
    const stop = store.connect();
    await flush();
    expect(store.current?.summary).toBe("Up to date · 14:02 UTC");
    expect(store.inTeam).toBe(true);
    for (const kind of ["focus_changed", "team_changed", "inbox_changed", "external_change"] as const) {
      events.dispatch(kind);
    }
    await flush();
    expect(api.syncState).toHaveBeenCalledTimes(5);
    stop();
    events.dispatch("external_change");
    expect(api.syncState).toHaveBeenCalledTimes(5);
  });

  it("refreshes every 30 s", async () => {
    vi.useFakeTimers();
    const store = new SyncStore({ events: new CoreEvents() });
    const stop = store.connect();
    expect(api.syncState).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(api.syncState).toHaveBeenCalledTimes(2);
    stop();
  });

  it("reports what Sync now did, and why it failed", async () => {
    const store = new SyncStore({ events: new CoreEvents() });
    vi.mocked(api.syncNow).mockResolvedValueOnce({
      pushed: 2,
      pulled: 3,
      applied: 3,
      set_aside: 0,
      state: syncState({ summary: "Up to date · 14:05 UTC" }),
    });
    await store.syncNow();
    expect(store.result).toEqual({ ok: true, text: "Synced: 2 sent, 3 received" });
    expect(store.current?.summary).toBe("Up to date · 14:05 UTC");
    expect(store.syncing).toBe(false);

    vi.mocked(api.syncState).mockResolvedValue(syncState({ state: "offline", summary: "1 change waiting — offline since 14:06 UTC" }));
    vi.mocked(api.syncNow).mockRejectedValueOnce({ kind: "offline", message: "The team server at http://x cannot be reached", field: null });
    await store.syncNow();
    expect(store.result).toEqual({ ok: false, text: "The team server at http://x cannot be reached" });
    expect(store.current?.state).toBe("offline");
  });

  it("lets the outcome of Sync now fade after a while", async () => {
    vi.useFakeTimers();
    const store = new SyncStore({ events: new CoreEvents() });
    vi.mocked(api.syncNow).mockResolvedValueOnce({ pushed: 0, pulled: 0, applied: 0, set_aside: 0, state: syncState() });
    await store.syncNow();
    expect(store.result?.text).toBe("Synced: nothing new");
    await vi.advanceTimersByTimeAsync(RESULT_MS);
    expect(store.result).toBeNull();
  });

  it("says off when the profile is in no team", async () => {
    vi.mocked(api.syncState).mockResolvedValue(syncState({ state: "off", server: null, team_id: null }));
    const store = new SyncStore({ events: new CoreEvents() });
    await store.refresh();
    expect(store.inTeam).toBe(false);
  });
});

describe("sync words", () => {
  it("maps states to dot tones", () => {
    expect(syncTone(syncState())).toBe("ok");
    expect(syncTone(syncState({ state: "waiting" }))).toBe("busy");
    expect(syncTone(syncState({ state: "offline" }))).toBe("warn");
    expect(syncTone(syncState({ state: "error" }))).toBe("bad");
    expect(syncTone(null)).toBe("off");
  });

  it("describes a pass that moved nothing", () => {
    expect(describeReport({ pushed: 0, pulled: 0, applied: 0, set_aside: 0, state: syncState() })).toBe("Synced: nothing new");
    expect(describeReport({ pushed: 0, pulled: 1, applied: 0, set_aside: 1, state: syncState() })).toBe("Synced: 1 set aside");
  });
});
