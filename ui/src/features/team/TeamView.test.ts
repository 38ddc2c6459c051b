// The team screen: the board, adding teammates, the demo team, the overlap finder and refreshing.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Member } from "../../app/bindings/Member";
import type { MemberNow } from "../../app/bindings/MemberNow";
import type { OverlapResult } from "../../app/bindings/OverlapResult";
import type { Snapshot } from "../../app/bindings/Snapshot";
import type { TeamBoard } from "../../app/bindings/TeamBoard";

vi.mock("../../app/api", () => ({
  teamBoard: vi.fn(),
  overlap: vi.fn(),
  addMember: vi.fn(),
  seedDemo: vi.fn(),
}));

import * as api from "../../app/api";
import { coreEvents } from "../../app/events";
import TeamView from "./TeamView.svelte";

const HOURS = { days: [[{ start: "09:00", end: "17:00" }], [], [], [], [], [], []] };
const ME: Member = { id: "m1", handle: "ada", display_name: "Ada Lovelace", time_zone: "Europe/Berlin", working_hours: HOURS, is_me: true };
const KEN: Member = { id: "m2", handle: "ken", display_name: "Ken Tanaka", time_zone: "Asia/Tokyo", working_hours: HOURS, is_me: false };
const LEA: Member = { id: "m3", handle: "lea", display_name: "Léa Martin", time_zone: "America/St_Johns", working_hours: HOURS, is_me: false };

// 2025-01-15 12:00 UTC: 13:00 in Berlin, 21:00 in Tokyo, 08:30 in St John's.
const NOW = Date.parse("2025-01-15T12:00:00Z");

function row(member: Member, extra: Partial<MemberNow>): MemberNow {
  return {
    member,
    time_zone: member.time_zone,
    local_time: "00:00",
    local_date: "2025-01-15",
    utc_offset: "+00:00",
    offset_from_me_minutes: 0,
    status: "available",
    status_message: null,
    until: null,
    status_text: "Available",
    next_available: null,
    on_call: false,
    strip: [],
    ...extra,
  };
}

const BOARD: TeamBoard = {
  now: "2025-01-15T12:00:00Z",
  viewer_zone: "Europe/Berlin",
  day_start: "2025-01-14T23:00:00Z",
  day_end: "2025-01-15T23:00:00Z",
  members: [
    row(ME, {
      utc_offset: "+01:00",
      status: "focusing",
      status_text: "Focusing until 14:00",
      status_message: "Writing the spec",
      strip: [
        { kind: "work", start: "2025-01-15T08:00:00Z", end: "2025-01-15T16:00:00Z" },
        { kind: "focus", start: "2025-01-15T11:00:00Z", end: "2025-01-15T13:00:00Z" },
      ],
    }),
    row(KEN, { utc_offset: "+09:00", offset_from_me_minutes: 480, status: "off", status_text: "Back at 09:00", on_call: true }),
    row(LEA, { utc_offset: "-03:30", offset_from_me_minutes: -270, status: "away", status_text: "Away until 10:00" }),
  ],
  on_call: { current: "ken", current_until: "2025-01-15T17:00:00Z", next: "lea", next_from: "2025-01-15T17:00:00Z" },
  blockers: [],
};

const ALONE: TeamBoard = { ...BOARD, members: [BOARD.members[0]!], on_call: null };

const SNAPSHOT = { me: ME, now: "2025-01-15T12:00:00Z" } as unknown as Snapshot;

const RESULT: OverlapResult = {
  windows: [
    {
      start: "2025-01-15T08:00:00Z",
      end: "2025-01-15T09:00:00Z",
      minutes: 60,
      handles: ["ada", "ken"],
      local: [
        { handle: "ada", time_zone: "Europe/Berlin", text: "Wed 09:00–10:00" },
        { handle: "ken", time_zone: "Asia/Tokyo", text: "Wed 17:00–18:00" },
      ],
    },
    {
      start: "2025-01-15T12:00:00Z",
      end: "2025-01-15T14:00:00Z",
      minutes: 120,
      handles: ["ada", "ken", "lea"],
      local: [{ handle: "lea", time_zone: "America/St_Johns", text: "Wed 08:30–10:30" }],
    },
  ],
  best: null,
};
RESULT.best = RESULT.windows[1]!;

function setup(now = NOW) {
  const onapply = vi.fn();
  const view = render(TeamView, { props: { me: ME, zones: ["Asia/Tokyo", "Europe/Berlin", "UTC"], now, onapply } });
  return { onapply, ...view };
}

beforeEach(() => {
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue(BOARD);
  vi.mocked(api.overlap).mockReset().mockResolvedValue(RESULT);
  vi.mocked(api.addMember).mockReset();
  vi.mocked(api.seedDemo).mockReset().mockResolvedValue(SNAPSHOT);
});

describe("TeamView board", () => {
  it("shows a row per member with local time, offset, status and on-call", async () => {
    setup();
    const ken = await screen.findByTestId("board-row-ken");
    expect(screen.getByTestId("team-board")).toBeTruthy();
    expect(screen.getByTestId("local-time-ada").textContent).toBe("13:00");
    expect(screen.getByTestId("local-time-ken").textContent).toBe("21:00");
    expect(screen.getByTestId("local-time-lea").textContent).toBe("08:30");
    expect(screen.getByTestId("offset-ada").textContent?.trim()).toBe("you");
    expect(screen.getByTestId("offset-ken").textContent?.trim()).toBe("+8h");
    expect(screen.getByTestId("offset-lea").textContent?.trim()).toBe("\u22124h30");
    expect(screen.getByTestId("status-ada").textContent).toContain("Focusing until 14:00");
    expect(screen.getByTestId("status-ada").className).toContain("status-focusing");
    expect(screen.getByTestId("status-message-ada").textContent).toContain("Writing the spec");
    expect(within(ken).getByTestId("oncall-ken")).toBeTruthy();
    expect(screen.queryByTestId("oncall-ada")).toBeNull();
    expect(screen.getByTestId("oncall-summary").textContent).toMatch(/On call now:\s*Ken Tanaka\s*until 18:00\.\s*Next:\s*Léa Martin\s*from 18:00/);
  });

  it("draws strip segments and the now-line on my day", async () => {
    setup();
    const strip = await screen.findByTestId("strip-ada");
    const work = strip.querySelector<HTMLElement>(".seg-work")!;
    const focus = strip.querySelector<HTMLElement>(".seg-focus")!;
    expect(parseFloat(work.style.left)).toBeCloseTo((9 / 24) * 100);
    expect(parseFloat(work.style.width)).toBeCloseTo((8 / 24) * 100);
    expect(parseFloat(focus.style.left)).toBeCloseTo((12 / 24) * 100);
    expect(parseFloat(within(strip).getByTestId("now-line").style.left)).toBeCloseTo((13 / 24) * 100);
  });

  it("ticks local times each minute", async () => {
    const view = setup();
    await screen.findByTestId("board-row-ken");
    await view.rerender({ now: NOW + 61_000 });
    expect(screen.getByTestId("local-time-ken").textContent).toBe("21:01");
  });

  it("offers the demo team when it's just me", async () => {
    vi.mocked(api.teamBoard).mockResolvedValueOnce(ALONE).mockResolvedValue(BOARD);
    const { onapply } = setup();
    await fireEvent.click(await screen.findByTestId("seed-demo"));
    await waitFor(() => expect(onapply).toHaveBeenCalledWith(SNAPSHOT));
    expect(await screen.findByTestId("board-row-ken")).toBeTruthy();
    expect(screen.queryByTestId("team-empty")).toBeNull();
  });

  it("adds a teammate and shows the core's field errors", async () => {
    vi.mocked(api.teamBoard).mockResolvedValue(ALONE);
    vi.mocked(api.addMember)
      .mockRejectedValueOnce({ kind: "conflict", message: "The handle @ken is already taken.", field: "handle" })
      .mockResolvedValueOnce(KEN);
    setup();
    await fireEvent.click(await screen.findByTestId("add-teammate"));
    await fireEvent.click(screen.getByTestId("member-add"));
    expect(screen.getByTestId("error-member-display_name").textContent).toMatch(/their name/);
    expect(api.addMember).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId("member-name-input"), { target: { value: " Ken Tanaka " } });
    await fireEvent.input(screen.getByTestId("member-handle-input"), { target: { value: "@ken" } });
    await fireEvent.input(screen.getByTestId("member-tz-input"), { target: { value: "Asia/Tokyo" } });
    await fireEvent.click(screen.getByTestId("member-add"));
    await waitFor(() => expect(screen.getByTestId("error-member-handle").textContent).toContain("already taken"));
    expect(api.addMember).toHaveBeenCalledWith({
      display_name: "Ken Tanaka",
      handle: "ken",
      time_zone: "Asia/Tokyo",
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
    });

    await fireEvent.input(screen.getByTestId("member-handle-input"), { target: { value: "kent" } });
    expect(screen.queryByTestId("error-member-handle")).toBeNull();
    await fireEvent.click(screen.getByTestId("member-add"));
    expect((await screen.findByTestId("member-added")).textContent).toContain("Ken Tanaka");
    expect(screen.queryByTestId("add-member-form")).toBeNull();
  });
});

describe("TeamView refresh", () => {
  it("re-reads the board on team, profile and focus changes, and stops when closed", async () => {
    const view = setup();
    await screen.findByTestId("board-row-ken");
    vi.mocked(api.teamBoard).mockClear();
    coreEvents.dispatch("inbox_changed");
    coreEvents.dispatch("notify_settings_changed");
    expect(api.teamBoard).not.toHaveBeenCalled();
    for (const event of ["team_changed", "profile_changed", "focus_changed", "external_change"] as const) {
      coreEvents.dispatch(event);
    }
    expect(api.teamBoard).toHaveBeenCalledTimes(4);

    view.unmount();
    expect(coreEvents.size).toBe(0);
    coreEvents.dispatch("team_changed");
    expect(api.teamBoard).toHaveBeenCalledTimes(4);
  });

  it("keeps the board and offers a retry when a refresh fails", async () => {
    setup();
    await screen.findByTestId("board-row-ken");
    vi.mocked(api.teamBoard).mockRejectedValueOnce({ kind: "storage", message: "Locked.", field: null });
    coreEvents.dispatch("team_changed");
    expect((await screen.findByTestId("board-error")).textContent).toContain("Could not refresh: Locked.");
    expect(screen.getByTestId("board-row-ken")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.queryByTestId("board-error")).toBeNull());
  });
});

describe("Overlap finder", () => {
  it("validates inline before calling the core", async () => {
    setup();
    await screen.findByTestId("overlap-finder");
    for (const h of ["ada", "ken", "lea"]) await fireEvent.click(screen.getByTestId(`overlap-member-${h}`));
    await fireEvent.input(screen.getByTestId("overlap-days"), { target: { value: "400" } });
    await fireEvent.click(screen.getByTestId("overlap-find"));
    expect(screen.getByTestId("error-overlap-members").textContent).toMatch(/at least one person/);
    expect(screen.getByTestId("error-overlap-days").textContent).toMatch(/between 1 and 366/);
    expect(api.overlap).not.toHaveBeenCalled();
  });

  it("lists windows, highlights the best and draws it on the strips", async () => {
    setup();
    await screen.findByTestId("overlap-finder");
    expect((screen.getByTestId("overlap-from") as HTMLInputElement).value).toBe("2025-01-15");
    await fireEvent.click(screen.getByTestId("overlap-member-lea"));
    await fireEvent.input(screen.getByTestId("overlap-min"), { target: { value: "2" } });
    await fireEvent.click(screen.getByTestId("overlap-find"));
    await waitFor(() => expect(api.overlap).toHaveBeenCalledWith(["ada", "ken"], "2025-01-15", 7, 2));

    const first = await screen.findByTestId("overlap-window-0");
    const best = screen.getByTestId("overlap-window-1");
    expect(first.textContent).toContain("Wed 15 Jan, 09:00–10:00");
    expect(first.textContent).toContain("Ken Tanaka");
    expect(first.textContent).toContain("Wed 17:00–18:00");
    expect(within(best).getByTestId("overlap-best")).toBeTruthy();
    expect(best.getAttribute("aria-pressed")).toBe("true");

    const strip = screen.getByTestId("strip-ken");
    let bands = within(strip).getAllByTestId("overlap-band");
    expect(bands).toHaveLength(2);
    const selected = strip.querySelector<HTMLElement>(".band.selected")!;
    expect(parseFloat(selected.style.left)).toBeCloseTo((13 / 24) * 100);

    await fireEvent.click(first);
    expect(first.getAttribute("aria-pressed")).toBe("true");
    bands = within(strip).getAllByTestId("overlap-band");
    expect(parseFloat(strip.querySelector<HTMLElement>(".band.selected")!.style.left)).toBeCloseTo((9 / 24) * 100);
  });

  it("shows the core's errors next to the field", async () => {
    vi.mocked(api.overlap).mockRejectedValue({ kind: "invalid", message: "Too many days.", field: "days" });
    setup();
    await fireEvent.click(await screen.findByTestId("overlap-find"));
    await waitFor(() => expect(screen.getByTestId("error-overlap-days").textContent).toBe("Too many days."));
  });
});
