// The store base: newest answers win; loading, refetching on changes and timers, stopping.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CoreEvent } from "./bindings/CoreEvent";
import { CoreEvents } from "./events";
import { LiveStore, Resource, touchesAll, type LiveOptions } from "./live-store.svelte";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

class Probe extends LiveStore {
  readonly calls: (CoreEvent | undefined)[] = [];
  constructor(options: LiveOptions) {
    super(["team_changed"], options);
  }
  async refresh(change?: CoreEvent): Promise<void> {
    this.calls.push(change);
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Resource", () => {
  it("keeps the value and reports a failed load without losing it", async () => {
    const fetch = vi.fn<() => Promise<number>>().mockResolvedValueOnce(1);
    const r = new Resource(fetch);
    expect(r.value).toBeNull();
    await r.load();
    expect(r.value).toBe(1);
    fetch.mockRejectedValueOnce({ kind: "storage", message: "Locked.", field: null });
    await r.load();
    expect(r.value).toBe(1);
    expect(r.error).toBe("Locked.");
    fetch.mockResolvedValueOnce(2);
    await r.load();
    expect(r.error).toBeNull();
  });

  it("drops an answer that a newer load overtook", async () => {
    const slow = deferred<string>();
    const fetch = vi.fn<() => Promise<string>>().mockReturnValueOnce(slow.promise).mockResolvedValueOnce("new");
    const r = new Resource(fetch);
    const first = r.load();
    await r.load();
    slow.resolve("old");
    await first;
    expect(r.value).toBe("new");
  });

  it("keeps a command's answer over a load still in flight, whatever that load brings", async () => {
    const slow = deferred<string[]>();
    const r = new Resource(() => slow.promise);
    const loading = r.load();
    r.set(["from the command"]);
    slow.reject(new Error("late"));
    await loading;
    expect(r.value).toEqual(["from the command"]);
    expect(r.error).toBeNull();
  });
});

describe("LiveStore", () => {
  it("loads on connect, refetches on its changes and external ones, polls, and stops", async () => {
    const events = new CoreEvents();
    const store = new Probe({ events, pollMs: 1000 });
    const stop = store.connect();
    expect(store.calls).toEqual([undefined]);

    events.dispatch("team_changed");
    events.dispatch("inbox_changed");
    events.dispatch("external_change");
    expect(store.calls).toEqual([undefined, "team_changed", "external_change"]);

    vi.advanceTimersByTime(1000);
    expect(store.calls).toHaveLength(4);

    stop();
    expect(events.size).toBe(0);
    events.dispatch("team_changed");
    vi.advanceTimersByTime(5000);
    expect(store.calls).toHaveLength(4);
  });

  it("does not poll unless asked to", () => {
    const store = new Probe({ events: new CoreEvents() });
    const stop = store.connect();
    vi.advanceTimersByTime(60_000);
    expect(store.calls).toHaveLength(1);
    stop();
  });

  it("knows which changes may have touched everything", () => {
    expect(touchesAll(undefined)).toBe(true);
    expect(touchesAll("external_change")).toBe(true);
    expect(touchesAll("inbox_changed")).toBe(false);
  });
});
