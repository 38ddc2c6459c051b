// The focus panel: starting, extending and stopping a session, and the countdown.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { FocusSession } from "../app/bindings/FocusSession";
import type { Snapshot } from "../app/bindings/Snapshot";

vi.mock("../app/api", () => ({
  startFocus: vi.fn(),
  stopFocus: vi.fn(),
  extendFocus: vi.fn(),
}));

import { extendFocus, startFocus, stopFocus } from "../app/api";
import FocusPanel from "./FocusPanel.svelte";

const NOW = Date.parse("2025-01-15T12:00:00Z");
const SNAPSHOT = { me: null, team: null, focus: null, now: "2025-01-15T12:00:00Z" } as unknown as Snapshot;

const FOCUS: FocusSession = {
  id: "f1",
  member_id: "m1",
  started_at: "2025-01-15T11:30:00Z",
  ends_at: "2025-01-15T12:25:30Z",
  stopped_at: null,
  label: "Quarterly report",
};

beforeEach(() => {
  vi.mocked(startFocus).mockReset().mockResolvedValue(SNAPSHOT);
  vi.mocked(stopFocus).mockReset().mockResolvedValue(SNAPSHOT);
  vi.mocked(extendFocus).mockReset().mockResolvedValue(SNAPSHOT);
});

function setup(focus: FocusSession | null, now = NOW) {
  const onapply = vi.fn();
  render(FocusPanel, { props: { focus, timeZone: "Europe/Berlin", now, onapply } });
  return { onapply };
}

describe("FocusPanel", () => {
  it("shows Focusing until HH:MM in the profile zone, the countdown and the label", () => {
    setup(FOCUS);
    expect(screen.getByTestId("focus-state").textContent).toBe("Focusing until 13:25");
    expect(screen.getByTestId("focus-remaining").textContent?.trim()).toBe("25:30");
    expect(screen.getByTestId("focus-label").textContent).toBe("Quarterly report");
    expect(screen.queryByTestId("focus-start-25")).toBeNull();
  });

  it("extends the running session by 15 or 30 minutes", async () => {
    const { onapply } = setup(FOCUS);
    await fireEvent.click(screen.getByTestId("focus-extend-15"));
    await waitFor(() => expect(onapply).toHaveBeenCalledWith(SNAPSHOT));
    expect(extendFocus).toHaveBeenCalledWith(15);
    await fireEvent.click(screen.getByTestId("focus-extend-30"));
    await waitFor(() => expect(extendFocus).toHaveBeenCalledWith(30));
  });

  it("shows a rejected extension next to the duration", async () => {
    vi.mocked(extendFocus).mockRejectedValue({ kind: "invalid", message: "A session lasts at most 12 hours.", field: "duration" });
    const { onapply } = setup(FOCUS);
    await fireEvent.click(screen.getByTestId("focus-extend-30"));
    await waitFor(() => expect(screen.getByTestId("error-duration").textContent).toBe("A session lasts at most 12 hours."));
    expect(onapply).not.toHaveBeenCalled();
  });

  it("offers no extension when not focusing", () => {
    setup(null);
    expect(screen.queryByTestId("focus-extend-15")).toBeNull();
  });

  it("stops focusing", async () => {
    const { onapply } = setup(FOCUS);
    await fireEvent.click(screen.getByTestId("focus-stop"));
    await waitFor(() => expect(onapply).toHaveBeenCalledWith(SNAPSHOT));
    expect(stopFocus).toHaveBeenCalledTimes(1);
  });

  it("starts a preset with the optional label", async () => {
    const { onapply } = setup(null);
    expect(screen.getByTestId("focus-state").textContent).toBe("Not focusing");
    await fireEvent.input(screen.getByTestId("focus-label-input"), { target: { value: "  Deep work " } });
    await fireEvent.click(screen.getByTestId("focus-start-50"));
    await waitFor(() => expect(onapply).toHaveBeenCalled());
    expect(startFocus).toHaveBeenCalledWith(50, "Deep work");
  });

  it("sends a null label when none is given", async () => {
    setup(null);
    await fireEvent.click(screen.getByTestId("focus-start-25"));
    await waitFor(() => expect(startFocus).toHaveBeenCalledWith(25, null));
  });

  it("starts a custom duration and rejects bad ones inline", async () => {
    setup(null);
    const minutes = screen.getByTestId("focus-minutes-input");
    await fireEvent.input(minutes, { target: { value: "721" } });
    await fireEvent.click(screen.getByTestId("focus-start-custom"));
    expect(screen.getByTestId("error-duration").textContent).toMatch(/between 1 and 720/);
    expect(startFocus).not.toHaveBeenCalled();

    await fireEvent.input(minutes, { target: { value: "45" } });
    expect(screen.queryByTestId("error-duration")).toBeNull();
    await fireEvent.click(screen.getByTestId("focus-start-custom"));
    await waitFor(() => expect(startFocus).toHaveBeenCalledWith(45, null));
  });

  it("shows the core's label error by the label field", async () => {
    vi.mocked(startFocus).mockRejectedValue({ kind: "invalid", message: "The label is too long.", field: "label" });
    setup(null);
    await fireEvent.click(screen.getByTestId("focus-start-90"));
    await waitFor(() => expect(screen.getByTestId("error-label").textContent).toContain("The label is too long."));
  });

  it("shows a conflict as a banner", async () => {
    vi.mocked(stopFocus).mockRejectedValue({ kind: "conflict", message: "You are not focusing.", field: null });
    setup(FOCUS);
    await fireEvent.click(screen.getByTestId("focus-stop"));
    expect((await screen.findByTestId("error-banner")).textContent).toContain("You are not focusing.");
  });

  it("counts in h:mm:ss for long sessions", () => {
    setup({ ...FOCUS, ends_at: "2025-01-15T13:30:00Z" });
    expect(screen.getByTestId("focus-remaining").textContent?.trim()).toBe("1:30:00");
  });
});
