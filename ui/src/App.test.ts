// The app shell: first run, navigation, quitting, load errors, the held badge, the change listener.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CoreEvent } from "./app/bindings/CoreEvent";
import type { Snapshot } from "./app/bindings/Snapshot";

vi.mock("./app/api", () => ({
  snapshot: vi.fn(),
  crashReports: vi.fn(() => Promise.resolve([])),
  dismissCrashReport: vi.fn(),
  revealCrashReport: vi.fn(),
  timeZones: vi.fn(),
  systemTimeZone: vi.fn(),
  quitApp: vi.fn(),
  onChanged: vi.fn(),
  completeOnboarding: vi.fn(),
  updateProfile: vi.fn(),
  startFocus: vi.fn(),
  stopFocus: vi.fn(),
  teamBoard: vi.fn(),
  overlap: vi.fn(),
  addMember: vi.fn(),
  seedDemo: vi.fn(),
  focusBlocks: vi.fn(),
  addFocusBlock: vi.fn(),
  removeFocusBlock: vi.fn(),
  focusHistory: vi.fn(),
  inbox: vi.fn(),
  notifyOutlook: vi.fn(),
  notifySettings: vi.fn(),
  captureShortcut: vi.fn(() => Promise.resolve({ accelerator: "Ctrl+Alt+Space", registered: true, problem: null })),
  startAtLogin: vi.fn(() => Promise.resolve(false)),
  setStartAtLogin: vi.fn(),
  setNotifySchedule: vi.fn(),
  setNotifyPrefs: vi.fn(),
  deliveries: vi.fn(),
  queueNotification: vi.fn(),
  extendFocus: vi.fn(),
  channels: vi.fn(),
  threads: vi.fn(),
  docs: vi.fn(),
}));

import * as api from "./app/api";
import type { Channel } from "./app/bindings/Channel";
import App from "./App.svelte";
import { coreEvents } from "./app/events";

const EMPTY: Snapshot = {
  me: null,
  team: null,
  focus: null,
  now: "2025-01-15T12:00:00Z",
  local_time: null,
  local_date: null,
  utc_offset: null,
  in_working_hours: false,
  next_change: null,
};

const HOME: Snapshot = {
  me: {
    id: "m1",
    handle: "ada",
    display_name: "Ada Lovelace",
    time_zone: "Europe/Berlin",
    working_hours: {
      days: [
        [{ start: "09:00", end: "17:00" }],
        [{ start: "09:00", end: "17:00" }],
        [{ start: "09:00", end: "17:00" }],
        [{ start: "09:00", end: "17:00" }],
        [{ start: "09:00", end: "17:00" }],
        [],
        [],
      ],
    },
    is_me: true,
  },
  team: { id: "t1", name: "Analytical Engines" },
  focus: null,
  now: "2025-01-15T12:00:00Z",
  local_time: "13:00",
  local_date: "Wednesday 15 January",
  utc_offset: "+01:00",
  in_working_hours: true,
  next_change: "Working hours end at 17:00",
};

const CHANNEL: Channel = {
  id: "c1",
  name: "design",
  private: false,
  reason: null,
  expect_hours: null,
  expectation: null,
  archived: false,
  created_at: "2025-01-10T09:00:00Z",
  author: null,
  members: [],
  can_see: true,
  thread_count: 4,
  unread_count: 3,
};

async function renderApp() {
  return render(App);
}

beforeEach(() => {
  vi.mocked(api.snapshot).mockReset().mockResolvedValue(HOME);
  vi.mocked(api.timeZones).mockReset().mockResolvedValue(["America/New_York", "Europe/Berlin", "UTC"]);
  vi.mocked(api.systemTimeZone).mockReset().mockResolvedValue("America/New_York");
  vi.mocked(api.quitApp).mockReset().mockResolvedValue(undefined);
  vi.mocked(api.onChanged).mockReset().mockResolvedValue(() => {});
  vi.mocked(api.completeOnboarding).mockReset();
  vi.mocked(api.startFocus).mockReset();
  vi.mocked(api.seedDemo).mockReset();
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue({
    now: "2025-01-15T12:00:00Z",
    viewer_zone: "Europe/Berlin",
    day_start: "2025-01-14T23:00:00Z",
    day_end: "2025-01-15T23:00:00Z",
    members: [
      {
        member: HOME.me!,
        time_zone: "Europe/Berlin",
        local_time: "13:00",
        local_date: "2025-01-15",
        utc_offset: "+01:00",
        offset_from_me_minutes: 0,
        status: "available",
        status_message: null,
        until: null,
        status_text: "Available",
        next_available: null,
        on_call: false,
        strip: [],
      },
    ],
    on_call: null,
    blockers: [],
  });
  vi.mocked(api.focusBlocks).mockReset().mockResolvedValue([]);
  vi.mocked(api.focusHistory).mockReset().mockResolvedValue([]);
  vi.mocked(api.notifyOutlook).mockReset().mockResolvedValue({ pending: 2, next_delivery: null, held_because: null });
  vi.mocked(api.inbox).mockReset().mockResolvedValue([]);
  vi.mocked(api.notifySettings)
    .mockReset()
    .mockResolvedValue({ times: [[], [], [], [], [], [], []], urgent_outside_hours: false, allowlist: [] });
  vi.mocked(api.deliveries).mockReset().mockResolvedValue([]);
  vi.mocked(api.channels)
    .mockReset()
    .mockResolvedValue([
      CHANNEL,
      { ...CHANNEL, id: "c2", name: "salaries", private: true, reason: "Salary reviews", unread_count: 0 },
      { ...CHANNEL, id: "c3", name: "old-launch", archived: true, unread_count: 0 },
    ]);
  vi.mocked(api.threads).mockReset().mockResolvedValue([]);
  vi.mocked(api.docs).mockReset().mockResolvedValue([]);
});

describe("App", () => {
  it("shows onboarding until there is a profile, then home", async () => {
    vi.mocked(api.snapshot).mockResolvedValue(EMPTY);
    vi.mocked(api.completeOnboarding).mockResolvedValue(HOME);
    await renderApp();
    await screen.findByTestId("onboarding");
    expect((screen.getByTestId("tz-input") as HTMLInputElement).value).toBe("America/New_York");
    await fireEvent.input(screen.getByTestId("name-input"), { target: { value: "Ada Lovelace" } });
    await fireEvent.input(screen.getByTestId("handle-input"), { target: { value: "ada" } });
    await fireEvent.input(screen.getByTestId("team-input"), { target: { value: "Analytical Engines" } });
    await fireEvent.click(screen.getByTestId("finish-onboarding"));
    await screen.findByTestId("home");
    expect(screen.queryByTestId("onboarding")).toBeNull();
  });

  it("shows the profile, local time, working state and focus on home", async () => {
    await renderApp();
    await screen.findByTestId("home");
    expect(screen.getByTestId("profile-name").textContent).toBe("Ada Lovelace");
    expect(screen.getByTestId("profile-handle").textContent).toBe("@ada");
    expect(screen.getByTestId("profile-tz").textContent).toBe("Europe/Berlin");
    expect(screen.getByTestId("team-name").textContent).toBe("Analytical Engines");
    expect(screen.getByTestId("local-time").textContent).toBe("13:00");
    expect(screen.getByTestId("working-state").textContent).toContain("In working hours");
    expect(screen.getByTestId("working-state").textContent).toContain("Working hours end at 17:00");
    expect(screen.getByTestId("focus-state").textContent).toBe("Not focusing");
  });

  it("switches to focusing with the snapshot start_focus returns", async () => {
    vi.mocked(api.startFocus).mockResolvedValue({
      ...HOME,
      focus: {
        id: "f1",
        member_id: "m1",
        started_at: "2025-01-15T12:00:00Z",
        ends_at: "2025-01-15T12:25:00Z",
        stopped_at: null,
        label: null,
      },
    });
    await renderApp();
    await fireEvent.click(await screen.findByTestId("focus-start-25"));
    await waitFor(() => expect(screen.getByTestId("focus-state").textContent).toBe("Focusing until 13:25"));
    expect(screen.getByTestId("focus-remaining").textContent).toMatch(/^\s*\d{2}:\d{2}\s*$/);
  });

  it("navigates between home and settings", async () => {
    await renderApp();
    await fireEvent.click(await screen.findByTestId("nav-settings"));
    expect(screen.getByTestId("settings")).toBeTruthy();
    expect(screen.getByTestId("nav-settings").getAttribute("aria-current")).toBe("page");
    expect((screen.getByTestId("name-input") as HTMLInputElement).value).toBe("Ada Lovelace");
    await fireEvent.click(screen.getByTestId("nav-home"));
    expect(screen.getByTestId("home")).toBeTruthy();
  });

  it("navigates to the team board and the focus view", async () => {
    await renderApp();
    await fireEvent.click(await screen.findByTestId("nav-team"));
    expect(screen.getByTestId("team-board")).toBeTruthy();
    expect(screen.getByTestId("nav-team").getAttribute("aria-current")).toBe("page");
    expect(await screen.findByTestId("board-row-ada")).toBeTruthy();
    expect(screen.getByTestId("seed-demo")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("nav-focus"));
    expect(screen.getByTestId("focus-view")).toBeTruthy();
    expect(await screen.findByTestId("blocks-empty")).toBeTruthy();
  });

  it("lands on home after trying the demo team from onboarding", async () => {
    vi.mocked(api.snapshot).mockResolvedValue(EMPTY);
    vi.mocked(api.seedDemo).mockResolvedValue(HOME);
    await renderApp();
    await fireEvent.click(await screen.findByTestId("onboarding-demo"));
    await screen.findByTestId("home");
    expect(api.seedDemo).toHaveBeenCalledTimes(1);
    expect(api.completeOnboarding).not.toHaveBeenCalled();
  });

  it("quits on Ctrl+Q and Cmd+Q", async () => {
    await renderApp();
    await screen.findByTestId("home");
    await fireEvent.keyDown(window, { key: "q", ctrlKey: true });
    await fireEvent.keyDown(window, { key: "Q", metaKey: true });
    await fireEvent.keyDown(window, { key: "q" });
    expect(api.quitApp).toHaveBeenCalledTimes(2);
  });

  it("offers a retry when the first load fails", async () => {
    vi.mocked(api.snapshot).mockRejectedValueOnce({ kind: "storage", message: "Cannot open the database.", field: null });
    await renderApp();
    expect((await screen.findByTestId("load-error")).textContent).toBe("Cannot open the database.");
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByTestId("home");
  });

  it("shows the held count on the Inbox nav item and opens the inbox", async () => {
    render(App);
    await waitFor(() => expect(screen.getByTestId("nav-inbox-count").textContent).toBe("2"));
    await fireEvent.click(screen.getByTestId("nav-inbox"));
    expect(screen.getByTestId("inbox-view")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("notify-outlook").textContent).toContain("2 held"));
  });

  it("listens to the core once, and a change reaches only the open screen and the badge", async () => {
    let emit: (event: CoreEvent) => void = () => {};
    const unlisten = vi.fn();
    vi.mocked(api.onChanged).mockImplementation(async (handler) => {
      emit = handler;
      return unlisten;
    });
    const view = await renderApp();
    for (const nav of ["nav-inbox", "nav-focus", "nav-settings", "nav-team"]) {
      await fireEvent.click(await screen.findByTestId(nav));
    }
    await screen.findByTestId("board-row-ada");
    expect(api.onChanged).toHaveBeenCalledTimes(1);

    const closed = [api.inbox, api.deliveries, api.focusBlocks, api.focusHistory, api.notifySettings];
    for (const fn of [...closed, api.teamBoard, api.notifyOutlook, api.snapshot]) vi.mocked(fn).mockClear();
    emit("inbox_changed");
    await waitFor(() => expect(api.notifyOutlook).toHaveBeenCalledTimes(1));
    expect(api.teamBoard).not.toHaveBeenCalled();
    expect(api.snapshot).not.toHaveBeenCalled();

    emit("team_changed");
    await waitFor(() => expect(api.teamBoard).toHaveBeenCalledTimes(1));
    expect(api.snapshot).toHaveBeenCalledTimes(1);
    expect(api.notifyOutlook).toHaveBeenCalledTimes(1);
    for (const fn of closed) expect(fn).not.toHaveBeenCalled();

    view.unmount();
    expect(unlisten).toHaveBeenCalledTimes(1);
    expect(coreEvents.size).toBe(0);
  });

  it("lists channels in the sidebar with unread counts and locks, and opens one", async () => {
    await renderApp();
    const design = await screen.findByTestId("channel-design");
    expect(screen.getByTestId("channel-unread-design").textContent?.trim()).toBe("3");
    expect(screen.getByTestId("channel-salaries").querySelector('[aria-label="Private"]')).toBeTruthy();
    expect(screen.queryByTestId("channel-unread-salaries")).toBeNull();
    expect(screen.queryByTestId("channel-old-launch")).toBeNull();
    await fireEvent.click(screen.getByTestId("archived-channels-toggle"));
    expect(screen.getByTestId("channel-old-launch")).toBeTruthy();

    await fireEvent.click(design);
    expect((await screen.findByTestId("channel-view")).textContent).toContain("design");
    expect(design.getAttribute("aria-current")).toBe("page");
    expect(await screen.findByTestId("threads-empty")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("nav-docs"));
    expect(await screen.findByTestId("docs-view")).toBeTruthy();
    expect(design.getAttribute("aria-current")).toBeNull();
    await fireEvent.click(screen.getByTestId("new-channel"));
    expect(screen.getByTestId("channel-form")).toBeTruthy();
  });

  it("re-reads the channels when content changes", async () => {
    let emit: (event: CoreEvent) => void = () => {};
    vi.mocked(api.onChanged).mockImplementation(async (handler) => {
      emit = handler;
      return () => {};
    });
    await renderApp();
    await screen.findByTestId("channel-design");
    vi.mocked(api.channels).mockResolvedValue([{ ...CHANNEL, unread_count: 5 }]);
    emit("content_changed");
    await waitFor(() => expect(screen.getByTestId("channel-unread-design").textContent?.trim()).toBe("5"));
  });
});
