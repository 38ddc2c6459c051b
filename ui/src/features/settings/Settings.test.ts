// The settings screen: editing the profile and quitting.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Snapshot } from "../../app/bindings/Snapshot";

vi.mock("../../app/api", () => ({
  updateProfile: vi.fn(),
  notifySettings: vi.fn(() => Promise.resolve({ times: [[], [], [], [], [], [], []], urgent_outside_hours: false, allowlist: [] })),
  teamBoard: vi.fn(() => Promise.resolve({ members: [] })),
  setNotifySchedule: vi.fn(),
  setNotifyPrefs: vi.fn(),
  captureShortcut: vi.fn(() => Promise.resolve({ accelerator: "Ctrl+Alt+Space", registered: true, problem: null })),
  startAtLogin: vi.fn(() => Promise.resolve(false)),
  setStartAtLogin: vi.fn(),
}));

import { updateProfile } from "../../app/api";
import Settings from "./Settings.svelte";

const ZONES = ["America/New_York", "Europe/Berlin", "UTC"];

function snapshot(name = "Ada Lovelace"): Snapshot {
  return {
    me: {
      id: "m1",
      handle: "ada",
      display_name: name,
      time_zone: "Europe/Berlin",
      working_hours: {
        days: [[{ start: "09:00", end: "17:00" }], [], [], [], [], [], []],
      },
      is_me: true,
    },
    team: { id: "t1", name: "Engines" },
    focus: null,
    now: "2025-01-15T12:00:00Z",
    local_time: "13:00",
    local_date: "Wednesday 15 January",
    utc_offset: "+01:00",
    in_working_hours: true,
    next_change: "Working hours end at 17:00",
  };
}

beforeEach(() => {
  vi.mocked(updateProfile).mockReset();
});

describe("Settings", () => {
  it("is prefilled from the profile and saves changes", async () => {
    const saved = snapshot("Ada King");
    vi.mocked(updateProfile).mockResolvedValue(saved);
    const onapply = vi.fn();
    render(Settings, { props: { snapshot: snapshot(), zones: ZONES, onapply, onquit: vi.fn() } });

    expect((screen.getByTestId("name-input") as HTMLInputElement).value).toBe("Ada Lovelace");
    expect((screen.getByTestId("handle-input") as HTMLInputElement).value).toBe("ada");
    expect((screen.getByTestId("tz-input") as HTMLInputElement).value).toBe("Europe/Berlin");
    expect((screen.getByTestId("team-input") as HTMLInputElement).value).toBe("Engines");
    expect(screen.queryByTestId("saved-indicator")).toBeNull();

    await fireEvent.input(screen.getByTestId("name-input"), { target: { value: "Ada King" } });
    await fireEvent.click(screen.getByTestId("save-settings"));

    await waitFor(() => expect(screen.getByTestId("saved-indicator").textContent).toContain("Saved"));
    expect(updateProfile).toHaveBeenCalledWith({
      display_name: "Ada King",
      handle: "ada",
      time_zone: "Europe/Berlin",
      working_hours: { days: [[{ start: "09:00", end: "17:00" }], [], [], [], [], [], []] },
      team_name: "Engines",
    });
    expect(onapply).toHaveBeenCalledWith(saved);

    // A new edit hides "Saved" again.
    await fireEvent.input(screen.getByTestId("team-input"), { target: { value: "Engines 2" } });
    expect(screen.queryByTestId("saved-indicator")).toBeNull();
  });

  it("shows field errors from the core", async () => {
    vi.mocked(updateProfile).mockRejectedValue({
      kind: "invalid",
      message: "Unknown time zone “Europe/Berlin”.",
      field: "time_zone",
    });
    render(Settings, { props: { snapshot: snapshot(), zones: ZONES, onapply: vi.fn(), onquit: vi.fn() } });
    await fireEvent.click(screen.getByTestId("save-settings"));
    await waitFor(() => expect(screen.getByTestId("error-time_zone").textContent).toContain("Unknown time zone"));
    expect(screen.queryByTestId("saved-indicator")).toBeNull();
  });

  it("copies Monday to the weekdays", async () => {
    vi.mocked(updateProfile).mockResolvedValue(snapshot());
    render(Settings, { props: { snapshot: snapshot(), zones: ZONES, onapply: vi.fn(), onquit: vi.fn() } });
    await fireEvent.click(screen.getByTestId("hours-copy-monday"));
    await fireEvent.click(screen.getByTestId("save-settings"));
    await waitFor(() => expect(updateProfile).toHaveBeenCalled());
    const days = vi.mocked(updateProfile).mock.calls[0]![0].working_hours.days;
    expect(days.slice(0, 5).every((d) => d.length === 1 && d[0]!.start === "09:00")).toBe(true);
    expect(days[5]).toEqual([]);
  });

  it("quits from the button", async () => {
    const onquit = vi.fn();
    render(Settings, { props: { snapshot: snapshot(), zones: ZONES, onapply: vi.fn(), onquit } });
    await fireEvent.click(screen.getByTestId("quit-app"));
    expect(onquit).toHaveBeenCalledTimes(1);
  });
});
