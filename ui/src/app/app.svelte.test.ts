// AppState: loading the snapshot, keeping it fresh, and the core's clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CoreEvent } from "./bindings/CoreEvent";
import type { Snapshot } from "./bindings/Snapshot";

vi.mock("./api", () => ({
  snapshot: vi.fn(),
  timeZones: vi.fn(),
  systemTimeZone: vi.fn(),
  quitApp: vi.fn(),
  onChanged: vi.fn(),
}));

import * as api from "./api";
import { AppState } from "./app.svelte";
import { CoreEvents } from "./events";

function snap(over: Partial<Snapshot> = {}): Snapshot {
  return {
    me: null,
    team: null,
    focus: null,
    now: new Date(Date.now()).toISOString(),
    local_time: "12:00",
    local_date: "Wednesday 15 January",
    utc_offset: "+00:00",
    in_working_hours: true,
    next_change: null,
    ...over,
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2025-01-15T12:00:10Z") });
  vi.mocked(api.snapshot).mockReset().mockImplementation(async () => snap());
  vi.mocked(api.timeZones).mockReset().mockResolvedValue(["Europe/Berlin", "UTC"]);
  vi.mocked(api.systemTimeZone).mockReset().mockResolvedValue("Europe/Berlin");
  vi.mocked(api.quitApp).mockReset().mockResolvedValue(undefined);
  vi.mocked(api.onChanged).mockReset().mockResolvedValue(() => {});
});

afterEach(() => {
  vi.useRealTimers();
});

describe("AppState", () => {
  it("loads the snapshot, the zone list and the system zone", async () => {
    const app = new AppState();
    await app.init();
    expect(app.ready).toBe(true);
    expect(app.snapshot?.local_time).toBe("12:00");
    expect(app.zones).toEqual(["Europe/Berlin", "UTC"]);
    expect(app.systemZone).toBe("Europe/Berlin");
  });

  it("falls back to the runtime's zones when the core cannot list them", async () => {
    vi.mocked(api.timeZones).mockRejectedValue("no");
    vi.mocked(api.systemTimeZone).mockRejectedValue("no");
    const app = new AppState();
    await app.init();
    expect(app.zones.length).toBeGreaterThan(0);
    expect(app.systemZone.length).toBeGreaterThan(0);
  });

  it("reports a failed first load, and a failed refresh without losing data", async () => {
    vi.mocked(api.snapshot).mockRejectedValueOnce({ kind: "storage", message: "Disk is full.", field: null });
    const app = new AppState();
    await app.init();
    expect(app.loadError).toBe("Disk is full.");
    expect(app.snapshot).toBeNull();
    await app.refresh();
    expect(app.loadError).toBeNull();
    vi.mocked(api.snapshot).mockRejectedValueOnce({ kind: "storage", message: "Locked.", field: null });
    await app.refresh();
    expect(app.snapshot).not.toBeNull();
    expect(app.syncError).toContain("Locked.");
  });

  it("keeps a command's snapshot over an older refresh still in flight", async () => {
    const app = new AppState();
    const slow = deferred<Snapshot>();
    vi.mocked(api.snapshot).mockReturnValueOnce(slow.promise);
    const refreshing = app.refresh();
    const fromCommand = snap({ local_time: "12:01" });
    app.apply(fromCommand);
    slow.resolve(snap({ local_time: "11:59" }));
    await refreshing;
    expect(app.snapshot?.local_time).toBe("12:01");
  });

  it("runs once more when asked to refresh during a refresh", async () => {
    const app = new AppState();
    const first = deferred<Snapshot>();
    vi.mocked(api.snapshot).mockReturnValueOnce(first.promise).mockResolvedValueOnce(snap({ local_time: "12:02" }));
    const a = app.refresh();
    const b = app.refresh();
    first.resolve(snap({ local_time: "12:01" }));
    await Promise.all([a, b]);
    expect(api.snapshot).toHaveBeenCalledTimes(2);
    expect(app.snapshot?.local_time).toBe("12:02");
  });

  it("refreshes every 30 seconds and when the minute turns", async () => {
    const app = new AppState();
    await app.refresh();
    vi.mocked(api.snapshot).mockClear();
    // 12:00:10 → 12:00:39: nothing due yet.
    for (let i = 0; i < 29; i++) {
      vi.advanceTimersByTime(1000);
      app.tick();
    }
    expect(api.snapshot).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    app.tick(); // 30 s since the last fetch
    expect(api.snapshot).toHaveBeenCalledTimes(1);
    await vi.runOnlyPendingTimersAsync();
    vi.mocked(api.snapshot).mockClear();
    // The last fetch was at 12:00:40; at 12:01:00 the minute turns.
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1000);
      app.tick();
    }
    expect(api.snapshot).toHaveBeenCalledTimes(1);
  });

  it("asks the core once when a focus session reaches its end", async () => {
    const app = new AppState();
    app.apply(
      snap({
        focus: {
          id: "f1",
          member_id: "m1",
          started_at: "2025-01-15T11:35:00Z",
          ends_at: "2025-01-15T12:00:12Z",
          stopped_at: null,
          label: null,
        },
      }),
    );
    vi.advanceTimersByTime(1000);
    app.tick();
    expect(api.snapshot).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    app.tick();
    expect(api.snapshot).toHaveBeenCalledTimes(1);
  });

  it("measures the countdown on the core's clock", () => {
    const app = new AppState();
    app.apply(snap({ now: "2025-01-15T12:05:10Z" })); // core is 5 minutes ahead
    expect(app.now).toBe(Date.parse("2025-01-15T12:05:10Z"));
    vi.advanceTimersByTime(3000);
    app.tick();
    expect(app.now).toBe(Date.parse("2025-01-15T12:05:13Z"));
  });

  it("refreshes on the core's change event, focus and visibility", async () => {
    let changed: ((event: CoreEvent) => void) | undefined;
    vi.mocked(api.onChanged).mockImplementation(async (handler) => {
      changed = handler;
      return () => {};
    });
    const app = new AppState(new CoreEvents());
    const stop = app.start();
    await vi.advanceTimersByTimeAsync(0);
    const calls = () => vi.mocked(api.snapshot).mock.calls.length;
    const before = calls();
    changed?.("profile_changed");
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(before + 1);
    window.dispatchEvent(new Event("focus"));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(before + 2);
    document.dispatchEvent(new Event("visibilitychange"));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(before + 3);
    stop();
    window.dispatchEvent(new Event("focus"));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls()).toBe(before + 3);
  });

  it("refetches on profile, focus, team and external changes only", async () => {
    let changed: ((event: CoreEvent) => void) | undefined;
    vi.mocked(api.onChanged).mockImplementation(async (handler) => {
      changed = handler;
      return () => {};
    });
    const stop = new AppState(new CoreEvents()).start();
    await vi.advanceTimersByTimeAsync(0);
    const refetches = async (event: CoreEvent) => {
      vi.mocked(api.snapshot).mockClear();
      changed?.(event);
      await vi.advanceTimersByTimeAsync(0);
      return vi.mocked(api.snapshot).mock.calls.length;
    };
    expect(await refetches("profile_changed")).toBe(1);
    expect(await refetches("focus_changed")).toBe(1);
    expect(await refetches("team_changed")).toBe(1);
    expect(await refetches("external_change")).toBe(1);
    expect(await refetches("inbox_changed")).toBe(0);
    expect(await refetches("notify_settings_changed")).toBe(0);
    stop();
  });

  it("holds the app's one listener while started", async () => {
    const unlisten = vi.fn();
    vi.mocked(api.onChanged).mockResolvedValue(unlisten);
    const events = new CoreEvents();
    const stop = new AppState(events).start();
    await vi.advanceTimersByTimeAsync(0);
    expect(api.onChanged).toHaveBeenCalledTimes(1);
    expect(events.size).toBe(1);
    stop();
    expect(unlisten).toHaveBeenCalledTimes(1);
    expect(events.size).toBe(0);
  });

  it("quits through the core", () => {
    const app = new AppState();
    app.quit();
    expect(api.quitApp).toHaveBeenCalledTimes(1);
  });
});
