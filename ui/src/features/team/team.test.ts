// Team logic: strip geometry, offsets, overlap bands and overlap input validation.
import { describe, expect, it } from "vitest";
import type { OverlapWindow } from "../../app/bindings/OverlapWindow";
import {
  formatOffset,
  formatWindowInZone,
  hourTicks,
  localDateInZone,
  overlapBands,
  spanGeometry,
  stripBoxes,
  stripX,
  validateOverlapInput,
} from "./team";

// My day in Berlin (UTC+1 in January): 2025-01-14T23:00Z – 2025-01-15T23:00Z.
const DS = "2025-01-14T23:00:00Z";
const DE = "2025-01-15T23:00:00Z";
const ds = Date.parse(DS);
const de = Date.parse(DE);

function win(start: string, end: string): OverlapWindow {
  return { start, end, minutes: 60, handles: [], local: [] };
}

describe("strip geometry", () => {
  it("maps instants onto my local day and clamps outside it", () => {
    expect(stripX(ds, ds, de)).toBe(0);
    expect(stripX(Date.parse("2025-01-15T11:00:00Z"), ds, de)).toBe(0.5);
    expect(stripX(Date.parse("2025-01-15T05:00:00Z"), ds, de)).toBe(0.25);
    expect(stripX(ds - 3_600_000, ds, de)).toBe(0);
    expect(stripX(de + 3_600_000, ds, de)).toBe(1);
  });

  it("clips spans to the day and drops empty ones", () => {
    expect(spanGeometry(Date.parse("2025-01-14T20:00:00Z"), Date.parse("2025-01-15T05:00:00Z"), ds, de)).toEqual({
      left: 0,
      width: 0.25,
    });
    expect(spanGeometry(Date.parse("2025-01-16T01:00:00Z"), Date.parse("2025-01-16T03:00:00Z"), ds, de)).toBeNull();
    expect(spanGeometry(5, 5, ds, de)).toBeNull();
  });

  it("builds boxes in drawing order and ignores unknown kinds", () => {
    const boxes = stripBoxes(
      [
        { kind: "focus", start: "2025-01-15T08:00:00Z", end: "2025-01-15T09:00:00Z" },
        { kind: "work", start: "2025-01-15T08:00:00Z", end: "2025-01-15T16:00:00Z" },
        { kind: "lunch", start: "2025-01-15T11:00:00Z", end: "2025-01-15T12:00:00Z" },
      ],
      DS,
      DE,
    );
    expect(boxes.map((b) => b.kind)).toEqual(["work", "focus"]);
    expect(boxes[0]!.left).toBeCloseTo(9 / 24);
    expect(boxes[0]!.width).toBeCloseTo(8 / 24);
    expect(boxes[1]!.width).toBeCloseTo(1 / 24);
  });

  it("places hour ticks at 0, 6, 12 and 18 of my day", () => {
    expect(hourTicks(DS, DE).map((t) => [t.label, t.x])).toEqual([
      ["00:00", 0],
      ["06:00", 0.25],
      ["12:00", 0.5],
      ["18:00", 0.75],
    ]);
  });
});

describe("formatOffset", () => {
  it("formats whole and partial hours with a real minus sign", () => {
    expect(formatOffset(540)).toBe("+9h");
    expect(formatOffset(-210)).toBe("\u22123h30");
    expect(formatOffset(345)).toBe("+5h45");
    expect(formatOffset(-60)).toBe("\u22121h");
    expect(formatOffset(0)).toBe("±0h");
    expect(formatOffset(0, true)).toBe("you");
  });
});

describe("overlapBands", () => {
  const windows = [
    win("2025-01-15T08:00:00Z", "2025-01-15T10:00:00Z"),
    win("2025-01-15T14:00:00Z", "2025-01-15T15:00:00Z"),
    win("2025-01-16T08:00:00Z", "2025-01-16T11:00:00Z"),
  ];

  it("draws the windows of the selected window's day and marks the selected one", () => {
    const bands = overlapBands(windows, windows[1]!, DS, DE);
    expect(bands).toHaveLength(2);
    expect(bands[0]!.selected).toBe(false);
    expect(bands[1]!.selected).toBe(true);
    expect(bands[1]!.left).toBeCloseTo(15 / 24);
  });

  it("shifts a later day's windows onto today's strip", () => {
    const bands = overlapBands(windows, windows[2]!, DS, DE);
    expect(bands).toHaveLength(1);
    expect(bands[0]!.left).toBeCloseTo(9 / 24);
    expect(bands[0]!.width).toBeCloseTo(3 / 24);
  });

  it("draws nothing without a selection", () => {
    expect(overlapBands(windows, null, DS, DE)).toEqual([]);
  });
});

describe("validateOverlapInput", () => {
  const ok = { handles: ["ada", "bo"], from: "2025-01-15", days: "7", minMembers: "" };

  it("accepts defaults and sends null for everyone", () => {
    expect(validateOverlapInput(ok)).toEqual({
      value: { handles: ["ada", "bo"], from: "2025-01-15", days: 7, minMembers: null },
    });
    expect(validateOverlapInput({ ...ok, minMembers: "1" })).toMatchObject({ value: { minMembers: 1 } });
  });

  it("asks for people, a real date and days in 1–366", () => {
    const r = validateOverlapInput({ handles: [], from: "2025-02-30", days: "367", minMembers: "" });
    expect(r).toEqual({
      errors: {
        members: "Pick at least one person.",
        from: "Write the start date as YYYY-MM-DD, e.g. 2026-12-01.",
        days: "Choose between 1 and 366 days.",
      },
    });
    expect(validateOverlapInput({ ...ok, days: "0" })).toHaveProperty("errors.days");
    expect(validateOverlapInput({ ...ok, days: "2.5" })).toHaveProperty("errors.days");
    expect(validateOverlapInput({ ...ok, days: "366" })).toHaveProperty("value.days", 366);
  });

  it("keeps min members within the selection", () => {
    expect(validateOverlapInput({ ...ok, minMembers: "3" })).toEqual({
      errors: { min_members: "Only 2 people are selected." },
    });
    expect(validateOverlapInput({ ...ok, minMembers: "0" })).toHaveProperty("errors.min_members");
  });
});

describe("localDateInZone", () => {
  it("gives the calendar date in the zone", () => {
    const t = Date.parse("2025-01-15T23:30:00Z");
    expect(localDateInZone(t, "Europe/Berlin")).toBe("2025-01-16");
    expect(localDateInZone(t, "America/New_York")).toBe("2025-01-15");
    expect(localDateInZone(t, "Not/AZone")).toBe("2025-01-15");
  });
});

describe("formatWindowInZone", () => {
  it("shows the window in my zone", () => {
    expect(formatWindowInZone("2025-01-15T08:00:00Z", "2025-01-15T10:30:00Z", "Europe/Berlin")).toBe(
      "Wed 15 Jan, 09:00–11:30",
    );
    expect(formatWindowInZone("2025-01-15T22:00:00Z", "2025-01-15T23:00:00Z", "Europe/Berlin")).toBe(
      "Wed 15 Jan, 23:00–24:00",
    );
    expect(formatWindowInZone("2025-01-15T22:00:00Z", "2025-01-16T01:00:00Z", "Europe/Berlin")).toBe(
      "Wed 15 Jan, 23:00 – Thu 16 Jan, 02:00",
    );
  });
});
