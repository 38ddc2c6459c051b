// The change dispatcher: reading payloads, routing by kind, one listener for the app, unsubscribing.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CoreEvent } from "./bindings/CoreEvent";

vi.mock("./api", () => ({ onChanged: vi.fn() }));

import * as api from "./api";
import { CORE_EVENTS, CoreEvents, toCoreEvent } from "./events";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Makes api.onChanged hand out its handler; `emit` plays the core. */
function fakeCore() {
  const unlisten = vi.fn();
  let handler: ((event: CoreEvent) => void) | null = null;
  vi.mocked(api.onChanged).mockImplementation(async (h) => {
    handler = h;
    return unlisten;
  });
  return { unlisten, emit: (payload: unknown) => handler?.(payload as CoreEvent) };
}

beforeEach(() => {
  vi.mocked(api.onChanged).mockReset().mockResolvedValue(() => {});
});

describe("toCoreEvent", () => {
  it("reads every kind of the contract", () => {
    expect(CORE_EVENTS).toEqual([
      "profile_changed",
      "team_changed",
      "focus_changed",
      "inbox_changed",
      "notify_settings_changed",
      "sync_changed",
      "content_changed",
      "board_changed",
      "checkins_changed",
      "decisions_changed",
      "external_change",
      "search_index_changed",
    ]);
    for (const kind of CORE_EVENTS) expect(toCoreEvent(kind)).toBe(kind);
  });

  it("takes an unknown payload for an external change", () => {
    expect(toCoreEvent("notifications_changed")).toBe("external_change");
    expect(toCoreEvent(null)).toBe("external_change");
    expect(toCoreEvent({ kind: "team_changed" })).toBe("external_change");
    expect(toCoreEvent("toString")).toBe("external_change");
  });
});

describe("CoreEvents", () => {
  it("hands each change to the handlers that asked for it, and external changes to all", () => {
    const events = new CoreEvents();
    const team = vi.fn();
    const inbox = vi.fn();
    events.on(["team_changed", "profile_changed"], team);
    events.on(["inbox_changed"], inbox);

    events.dispatch("profile_changed");
    expect(team).toHaveBeenCalledWith("profile_changed");
    expect(inbox).not.toHaveBeenCalled();

    events.dispatch("focus_changed");
    expect(team).toHaveBeenCalledTimes(1);
    expect(inbox).not.toHaveBeenCalled();

    events.dispatch("external_change");
    expect(team).toHaveBeenLastCalledWith("external_change");
    expect(inbox).toHaveBeenCalledWith("external_change");
  });

  it("stops calling a handler once it unsubscribed", () => {
    const events = new CoreEvents();
    const handler = vi.fn();
    const off = events.on(["team_changed"], handler);
    expect(events.size).toBe(1);
    off();
    expect(events.size).toBe(0);
    events.dispatch("team_changed");
    events.dispatch("external_change");
    expect(handler).not.toHaveBeenCalled();
  });

  it("still reaches the others when a handler unsubscribes during a dispatch", () => {
    const events = new CoreEvents();
    const second = vi.fn();
    const off = events.on(["team_changed"], () => off());
    events.on(["team_changed"], second);
    events.dispatch("team_changed");
    expect(second).toHaveBeenCalledTimes(1);
  });

  it("listens to the core once however often it is started, until the last one stops", async () => {
    const core = fakeCore();
    const events = new CoreEvents();
    const handler = vi.fn();
    events.on(["focus_changed"], handler);
    const stopA = events.start();
    const stopB = events.start();
    await Promise.resolve();
    expect(api.onChanged).toHaveBeenCalledTimes(1);

    core.emit("focus_changed");
    expect(handler).toHaveBeenCalledTimes(1);

    stopA();
    stopA();
    expect(core.unlisten).not.toHaveBeenCalled();
    stopB();
    expect(core.unlisten).toHaveBeenCalledTimes(1);
  });

  it("lets go of a listener that arrives after it was stopped", async () => {
    const pending = deferred<() => void>();
    vi.mocked(api.onChanged).mockReturnValue(pending.promise);
    const unlisten = vi.fn();
    const events = new CoreEvents();
    events.start()();
    pending.resolve(unlisten);
    await pending.promise;
    await Promise.resolve();
    expect(unlisten).toHaveBeenCalledTimes(1);
  });

  it("works without the core's events (outside Tauri)", async () => {
    vi.mocked(api.onChanged).mockRejectedValue(new Error("no Tauri"));
    const events = new CoreEvents();
    const stop = events.start();
    await Promise.resolve();
    const handler = vi.fn();
    events.on(["team_changed"], handler);
    events.dispatch("team_changed");
    expect(handler).toHaveBeenCalledTimes(1);
    stop();
  });
});
