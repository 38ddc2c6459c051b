// The inbox screen: items, the held outlook, deliveries, sending a note and refreshing on inbox changes.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { InboxItem } from "../../app/bindings/InboxItem";
import type { Member } from "../../app/bindings/Member";
import type { TeamBoard } from "../../app/bindings/TeamBoard";

vi.mock("../../app/api", () => ({
  inbox: vi.fn(),
  notifyOutlook: vi.fn(),
  deliveries: vi.fn(),
  teamBoard: vi.fn(),
  queueNotification: vi.fn(),
}));

import * as api from "../../app/api";
import { coreEvents } from "../../app/events";
import InboxView from "./InboxView.svelte";
import { OutlookStore } from "./outlook.svelte";

const HOURS = { days: [[], [], [], [], [], [], []] };
const ME: Member = { id: "m1", handle: "ada", display_name: "Ada Lovelace", time_zone: "Europe/Berlin", working_hours: HOURS, is_me: true };
const GRACE: Member = { id: "m2", handle: "grace", display_name: "Grace Hopper", time_zone: "America/New_York", working_hours: HOURS, is_me: false };
const NOW = Date.parse("2025-01-15T10:00:00Z");

const ITEMS: InboxItem[] = [
  {
    id: "i1",
    sender_handle: "grace",
    sender_name: "Grace Hopper",
    kind: "decision",
    title: "We ship on Friday",
    body: "Release notes are in the doc.",
    urgent: true,
    created_at: "2025-01-15T09:55:00Z",
    delivered: false,
  },
  {
    id: "i2",
    sender_handle: null,
    sender_name: null,
    kind: "update",
    title: "Weekly digest",
    body: null,
    urgent: false,
    created_at: "2025-01-14T08:00:00Z",
    delivered: true,
  },
];

function board(): TeamBoard {
  const row = (member: Member) => ({ member }) as TeamBoard["members"][number];
  return { now: "", viewer_zone: "Europe/Berlin", day_start: "", day_end: "", members: [row(ME), row(GRACE)], on_call: null, blockers: [] };
}

function setup() {
  return render(InboxView, { props: { me: ME, now: NOW, outlook: new OutlookStore() } });
}

beforeEach(() => {
  vi.mocked(api.inbox).mockReset().mockResolvedValue(ITEMS);
  vi.mocked(api.notifyOutlook)
    .mockReset()
    .mockResolvedValue({ pending: 3, next_delivery: "2025-01-15T12:00:00Z", held_because: "You are focusing" });
  vi.mocked(api.deliveries)
    .mockReset()
    .mockResolvedValue([{ id: "d1", delivered_at: "2025-01-15T08:00:00Z", item_count: 2, title: "2 new in Meridian", body: "" }]);
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue(board());
  vi.mocked(api.queueNotification).mockReset().mockResolvedValue(ITEMS[0]!);
});

describe("InboxView", () => {
  it("lists items with kind, sender, time and markers, plus the outlook and recent deliveries", async () => {
    setup();
    await waitFor(() => expect(screen.getByTestId("inbox-item-0")).toBeTruthy());
    const first = screen.getByTestId("inbox-item-0").textContent ?? "";
    expect(first).toContain("Decision");
    expect(first).toContain("Grace Hopper");
    expect(first).toContain("We ship on Friday");
    expect(first).toContain("Release notes are in the doc.");
    expect(first).toContain("5 min ago");
    expect(first).toContain("urgent");
    expect(first).toContain("held");
    const second = screen.getByTestId("inbox-item-1").textContent ?? "";
    expect(second).toContain("Meridian");
    expect(second).toContain("yesterday");
    expect(second).not.toContain("held");
    expect(screen.getByTestId("notify-outlook").textContent?.trim()).toBe(
      "3 held · next delivery 13:00 (your time) · You are focusing",
    );
    expect(screen.getByTestId("delivery-0").textContent).toContain("2 new in Meridian");
  });

  it("says all caught up when nothing is held", async () => {
    vi.mocked(api.notifyOutlook).mockResolvedValue({ pending: 0, next_delivery: null, held_because: null });
    setup();
    await waitFor(() => expect(screen.getByTestId("notify-outlook").textContent?.trim()).toBe("All caught up"));
  });

  it("sends a note to a teammate (never to me) and shows field errors", async () => {
    setup();
    const to = (await screen.findByTestId("note-to")) as HTMLSelectElement;
    await waitFor(() => expect(to.querySelectorAll("option:not([disabled])").length).toBe(1));
    expect(to.textContent).not.toContain("Ada");

    await fireEvent.click(screen.getByTestId("note-send"));
    expect(screen.getByTestId("error-to").textContent).toBe("Choose a teammate.");
    expect(screen.getByTestId("error-title").textContent).toBe("Enter a title.");
    expect(api.queueNotification).not.toHaveBeenCalled();

    await fireEvent.change(to, { target: { value: "grace" } });
    await fireEvent.change(screen.getByTestId("note-kind"), { target: { value: "task" } });
    await fireEvent.input(screen.getByTestId("note-title"), { target: { value: "  Review the draft " } });
    await fireEvent.input(screen.getByTestId("note-body"), { target: { value: "   " } });
    await fireEvent.click(screen.getByTestId("note-urgent"));
    await fireEvent.click(screen.getByTestId("note-send"));
    await waitFor(() => expect(screen.getByTestId("note-sent").textContent).toContain("Grace Hopper"));
    expect(api.queueNotification).toHaveBeenCalledWith("grace", "Review the draft", null, true, "task");
    expect((screen.getByTestId("note-title") as HTMLInputElement).value).toBe("");
  });

  it("re-reads items and deliveries on inbox changes, teammates only on external ones", async () => {
    const view = setup();
    await screen.findByTestId("inbox-item-0");
    const reads = [api.inbox, api.deliveries, api.teamBoard];
    for (const fn of reads) vi.mocked(fn).mockClear();
    coreEvents.dispatch("team_changed");
    coreEvents.dispatch("focus_changed");
    coreEvents.dispatch("notify_settings_changed");
    coreEvents.dispatch("profile_changed");
    for (const fn of reads) expect(fn).not.toHaveBeenCalled();

    vi.mocked(api.inbox).mockResolvedValue([ITEMS[1]!]);
    coreEvents.dispatch("inbox_changed");
    await waitFor(() => expect(screen.queryByTestId("inbox-item-1")).toBeNull());
    expect(api.deliveries).toHaveBeenCalledTimes(1);
    expect(api.teamBoard).not.toHaveBeenCalled();

    coreEvents.dispatch("external_change");
    expect(api.teamBoard).toHaveBeenCalledTimes(1);
    view.unmount();
    expect(coreEvents.size).toBe(0);
  });

  it("reports what could not be loaded and retries all of it", async () => {
    vi.mocked(api.deliveries).mockRejectedValueOnce({ kind: "storage", message: "Locked.", field: null });
    setup();
    expect((await screen.findByTestId("inbox-load-error")).textContent).toContain("Could not load everything: Locked.");
    vi.mocked(api.notifyOutlook).mockClear();
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.queryByTestId("inbox-load-error")).toBeNull());
    expect(api.notifyOutlook).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId("delivery-0")).toBeTruthy();
  });

  it("puts the core's field error next to the field", async () => {
    vi.mocked(api.queueNotification).mockRejectedValue({ kind: "invalid", message: "Keep the title under 120 characters.", field: "title" });
    setup();
    const to = (await screen.findByTestId("note-to")) as HTMLSelectElement;
    await waitFor(() => expect(to.querySelectorAll("option:not([disabled])").length).toBe(1));
    await fireEvent.change(to, { target: { value: "grace" } });
    await fireEvent.input(screen.getByTestId("note-title"), { target: { value: "Hi" } });
    await fireEvent.click(screen.getByTestId("note-send"));
    await waitFor(() => expect(screen.getByTestId("error-title").textContent).toBe("Keep the title under 120 characters."));
  });
});
