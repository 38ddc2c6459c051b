// The focus screen: the week chart, recurring blocks and refreshing on focus changes.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { FocusBlock } from "../../app/bindings/FocusBlock";
import type { FocusSession } from "../../app/bindings/FocusSession";
import type { Member } from "../../app/bindings/Member";
import type { Snapshot } from "../../app/bindings/Snapshot";

vi.mock("../../app/api", () => ({
  focusBlocks: vi.fn(),
  focusHistory: vi.fn(),
  addFocusBlock: vi.fn(),
  removeFocusBlock: vi.fn(),
  startFocus: vi.fn(),
  stopFocus: vi.fn(),
}));

import * as api from "../../app/api";
import { coreEvents } from "../../app/events";
import FocusView from "./FocusView.svelte";

const ME: Member = {
  id: "m1",
  handle: "ada",
  display_name: "Ada Lovelace",
  time_zone: "Europe/Berlin",
  working_hours: { days: [[], [], [], [], [], [], []] },
  is_me: true,
};
const SNAPSHOT = { me: ME, focus: null, now: "2025-01-15T12:00:00Z" } as unknown as Snapshot;
const NOW = Date.parse("2025-01-15T12:00:00Z"); // Wednesday

const BLOCK: FocusBlock = { id: "b1", member_id: "m1", weekdays: [0, 1, 2, 3, 4], start: "09:00", end: "11:00", label: "Writing" };

const HISTORY: FocusSession[] = [
  { id: "s3", member_id: "m1", started_at: "2025-01-15T11:00:00Z", ends_at: "2025-01-15T13:00:00Z", stopped_at: null, label: null },
  { id: "s2", member_id: "m1", started_at: "2025-01-14T08:00:00Z", ends_at: "2025-01-14T10:00:00Z", stopped_at: "2025-01-14T08:30:00Z", label: null },
  { id: "s1", member_id: "m1", started_at: "2025-01-13T08:00:00Z", ends_at: "2025-01-13T10:00:00Z", stopped_at: null, label: null },
];

function setup() {
  return render(FocusView, { props: { snapshot: SNAPSHOT, me: ME, now: NOW, onapply: vi.fn() } });
}

beforeEach(() => {
  vi.mocked(api.focusBlocks).mockReset().mockResolvedValue([BLOCK]);
  vi.mocked(api.focusHistory).mockReset().mockResolvedValue(HISTORY);
  vi.mocked(api.addFocusBlock).mockReset();
  vi.mocked(api.removeFocusBlock).mockReset().mockResolvedValue(undefined);
});

describe("FocusView", () => {
  it("charts this week's deep-work hours per day", async () => {
    setup();
    expect(screen.getByTestId("focus-view")).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("history-bar-0").dataset.hours).toBe("2.00"));
    expect(screen.getByTestId("history-bar-1").dataset.hours).toBe("0.50");
    // Running session: counted up to now only.
    expect(screen.getByTestId("history-bar-2").dataset.hours).toBe("1.00");
    expect(screen.getByTestId("history-bar-6").dataset.hours).toBe("0.00");
    expect(screen.getByTestId("history-bar-0").style.height).toBe("100%");
    expect(screen.getByTestId("history-bar-2").style.height).toBe("50%");
    expect(screen.getByTestId("history-total").textContent).toContain("3.5h");
    // The manual controls are here too.
    expect(screen.getByTestId("focus-start-25")).toBeTruthy();
  });

  it("re-reads blocks and history on focus changes only, and stops when closed", async () => {
    const view = setup();
    await screen.findByTestId("focus-block-0");
    vi.mocked(api.focusBlocks).mockClear();
    vi.mocked(api.focusHistory).mockClear();
    for (const event of ["profile_changed", "team_changed", "inbox_changed", "notify_settings_changed"] as const) {
      coreEvents.dispatch(event);
    }
    expect(api.focusBlocks).not.toHaveBeenCalled();
    expect(api.focusHistory).not.toHaveBeenCalled();

    vi.mocked(api.focusBlocks).mockResolvedValue([]);
    coreEvents.dispatch("focus_changed");
    expect(await screen.findByTestId("blocks-empty")).toBeTruthy();
    expect(api.focusHistory).toHaveBeenCalledTimes(1);

    view.unmount();
    expect(coreEvents.size).toBe(0);
  });

  it("lists blocks and removes one", async () => {
    setup();
    const block = await screen.findByTestId("focus-block-0");
    expect(block.textContent).toContain("Mon–Fri · 09:00–11:00");
    expect(block.textContent).toContain("Writing");
    await fireEvent.click(screen.getByTestId("block-remove-0"));
    await waitFor(() => expect(screen.queryByTestId("focus-block-0")).toBeNull());
    expect(api.removeFocusBlock).toHaveBeenCalledWith("b1");
  });

  it("adds a block with the chosen days and normalised times", async () => {
    const added: FocusBlock = { ...BLOCK, id: "b2", weekdays: [5], start: "14:00", end: "16:30", label: null };
    vi.mocked(api.addFocusBlock).mockResolvedValue(added);
    setup();
    await screen.findByTestId("focus-block-0");
    for (const d of [0, 1, 2, 3, 4, 5]) await fireEvent.click(screen.getByTestId(`block-day-${d}`));
    await fireEvent.input(screen.getByTestId("block-start"), { target: { value: "14" } });
    await fireEvent.input(screen.getByTestId("block-end"), { target: { value: "1630" } });
    await fireEvent.click(screen.getByTestId("block-add"));
    await waitFor(() => expect(api.addFocusBlock).toHaveBeenCalledWith([5], "14:00", "16:30", null));
    expect((await screen.findByTestId("focus-block-1")).textContent).toContain("Sat · 14:00–16:30");
  });

  it("validates inline and shows the core's overlap error by the start field", async () => {
    vi.mocked(api.addFocusBlock).mockRejectedValue({
      kind: "invalid",
      message: "This block overlaps Writing (09:00–11:00).",
      field: "start",
    });
    setup();
    await screen.findByTestId("focus-block-0");
    await fireEvent.input(screen.getByTestId("block-end"), { target: { value: "08:00" } });
    await fireEvent.click(screen.getByTestId("block-add"));
    expect(screen.getByTestId("error-block-end").textContent).toMatch(/must be after/);
    expect(api.addFocusBlock).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId("block-end"), { target: { value: "10:00" } });
    await fireEvent.click(screen.getByTestId("block-add"));
    await waitFor(() => expect(screen.getByTestId("error-block-start").textContent).toContain("overlaps Writing"));
    expect(screen.getByTestId("block-start").getAttribute("aria-invalid")).toBe("true");
  });
});
