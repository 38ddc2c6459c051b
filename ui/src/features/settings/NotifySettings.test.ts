// Notification settings: editing and saving the schedule and prefs, and changes made elsewhere.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Member } from "../../app/bindings/Member";
import type { NotifySettings as Settings } from "../../app/bindings/NotifySettings";
import type { TeamBoard } from "../../app/bindings/TeamBoard";

vi.mock("../../app/api", () => ({
  notifySettings: vi.fn(),
  setNotifySchedule: vi.fn(),
  setNotifyPrefs: vi.fn(),
  teamBoard: vi.fn(),
}));

import * as api from "../../app/api";
import { coreEvents } from "../../app/events";
import NotifySettings from "./NotifySettings.svelte";

const HOURS = { days: [[], [], [], [], [], [], []] };
const member = (handle: string, name: string, is_me = false): Member => ({
  id: handle,
  handle,
  display_name: name,
  time_zone: "UTC",
  working_hours: HOURS,
  is_me,
});
const BOARD = {
  members: [member("ada", "Ada Lovelace", true), member("grace", "Grace Hopper"), member("linus", "Linus T")].map(
    (m) => ({ member: m }),
  ),
} as unknown as TeamBoard;

const CURRENT: Settings = {
  times: [["13:00"], [], [], [], [], [], []],
  urgent_outside_hours: false,
  allowlist: ["linus"],
};

beforeEach(() => {
  // The core keeps what was saved: prefs answer with the schedule saved just before.
  let stored = CURRENT.times;
  vi.mocked(api.notifySettings).mockReset().mockResolvedValue(CURRENT);
  vi.mocked(api.setNotifySchedule)
    .mockReset()
    .mockImplementation((times) => {
      stored = times;
      return Promise.resolve({ ...CURRENT, times });
    });
  vi.mocked(api.setNotifyPrefs)
    .mockReset()
    .mockImplementation((urgent, allowlist) => Promise.resolve({ times: stored, urgent_outside_hours: urgent, allowlist }));
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue(BOARD);
});

describe("NotifySettings", () => {
  it("edits times, the urgent toggle and the allowlist, and saves them in order", async () => {
    render(NotifySettings);
    await waitFor(() => expect(screen.getByTestId("notify-chip-0-0").textContent).toContain("13:00"));
    expect(screen.queryByTestId("allow-ada")).toBeNull();
    expect((screen.getByTestId("allow-linus") as HTMLInputElement).checked).toBe(true);

    // Add 9 on Monday (normalized, sorted before 13:00), a duplicate is ignored.
    await fireEvent.input(screen.getByTestId("notify-add-input-0"), { target: { value: "9" } });
    await fireEvent.click(screen.getByTestId("notify-add-0"));
    await fireEvent.input(screen.getByTestId("notify-add-input-0"), { target: { value: "13:00" } });
    await fireEvent.keyDown(screen.getByTestId("notify-add-input-0"), { key: "Enter" });
    expect(screen.getByTestId("notify-chip-0-0").textContent).toContain("09:00");
    expect(screen.getByTestId("notify-chip-0-1").textContent).toContain("13:00");
    expect(screen.queryByTestId("notify-chip-0-2")).toBeNull();

    // A bad time is explained on its day.
    await fireEvent.input(screen.getByTestId("notify-add-input-2"), { target: { value: "noon" } });
    await fireEvent.click(screen.getByTestId("notify-add-2"));
    expect(screen.getByTestId("notify-error-2").textContent).toBe("Use HH:MM, such as 09:30.");

    await fireEvent.click(screen.getByTestId("urgent-outside-hours"));
    await fireEvent.click(screen.getByTestId("allow-grace"));
    await fireEvent.click(screen.getByTestId("allow-linus"));
    await fireEvent.click(screen.getByTestId("save-notify"));

    await waitFor(() => expect(screen.getByTestId("notify-saved").textContent).toContain("Saved"));
    expect(api.setNotifySchedule).toHaveBeenCalledWith([["09:00", "13:00"], [], [], [], [], [], []]);
    expect(api.setNotifyPrefs).toHaveBeenCalledWith(true, ["grace"]);
    expect(vi.mocked(api.setNotifySchedule).mock.invocationCallOrder[0]!).toBeLessThan(
      vi.mocked(api.setNotifyPrefs).mock.invocationCallOrder[0]!,
    );
  });

  it("shows settings changed elsewhere, unless there are unsaved edits here", async () => {
    render(NotifySettings);
    await waitFor(() => expect(screen.getByTestId("notify-chip-0-0").textContent).toContain("13:00"));
    vi.mocked(api.teamBoard).mockClear();
    coreEvents.dispatch("team_changed");
    coreEvents.dispatch("inbox_changed");
    expect(api.notifySettings).toHaveBeenCalledTimes(1);

    vi.mocked(api.notifySettings).mockResolvedValue({ ...CURRENT, times: [["08:00"], [], [], [], [], [], []] });
    coreEvents.dispatch("notify_settings_changed");
    await waitFor(() => expect(screen.getByTestId("notify-chip-0-0").textContent).toContain("08:00"));
    expect(api.teamBoard).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("urgent-outside-hours"));
    vi.mocked(api.notifySettings).mockResolvedValue({ ...CURRENT, times: [["07:00"], [], [], [], [], [], []] });
    coreEvents.dispatch("external_change");
    expect(api.teamBoard).toHaveBeenCalledTimes(1);
    expect(api.notifySettings).toHaveBeenCalledTimes(3);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByTestId("notify-chip-0-0").textContent).toContain("08:00");
  });

  it("says so when the settings cannot be loaded", async () => {
    vi.mocked(api.notifySettings).mockRejectedValue({ kind: "storage", message: "Locked.", field: null });
    render(NotifySettings);
    expect((await screen.findByTestId("notify-error-banner")).textContent).toContain(
      "Could not load notification settings: Locked.",
    );
    expect((screen.getByTestId("save-notify") as HTMLButtonElement).disabled).toBe(true);
  });

  it("applies presets and copies Monday", async () => {
    render(NotifySettings);
    await waitFor(() => expect(screen.getByTestId("notify-chip-0-0")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("preset-three"));
    for (let d = 0; d < 5; d++) expect(screen.getByTestId(`notify-chip-${d}-2`).textContent).toContain("16:30");
    expect(screen.queryByTestId("notify-chip-5-0")).toBeNull();

    await fireEvent.click(screen.getByTestId("preset-asap"));
    expect(screen.queryByTestId("notify-chip-0-0")).toBeNull();
    expect(screen.getByTestId("notify-asap")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("save-notify"));
    await waitFor(() => expect(api.setNotifySchedule).toHaveBeenCalledWith([[], [], [], [], [], [], []]));

    await fireEvent.input(screen.getByTestId("notify-add-input-0"), { target: { value: "1000" } });
    await fireEvent.click(screen.getByTestId("notify-add-0"));
    await fireEvent.click(screen.getByTestId("notify-copy-monday"));
    expect(screen.getByTestId("notify-chip-4-0").textContent).toContain("10:00");
    expect(screen.queryByTestId("notify-chip-5-0")).toBeNull();
  });

  it("removes a chip and shows a rejected schedule next to the times", async () => {
    vi.mocked(api.setNotifySchedule).mockRejectedValue({ kind: "invalid", message: "At most 12 times a day.", field: "times" });
    render(NotifySettings);
    await waitFor(() => expect(screen.getByTestId("notify-chip-0-0")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("notify-remove-0-0"));
    expect(screen.queryByTestId("notify-chip-0-0")).toBeNull();
    await fireEvent.click(screen.getByTestId("save-notify"));
    await waitFor(() => expect(screen.getByTestId("error-times").textContent).toBe("At most 12 times a day."));
    expect(api.setNotifyPrefs).not.toHaveBeenCalled();
    expect(screen.queryByTestId("notify-saved")).toBeNull();
  });
});
