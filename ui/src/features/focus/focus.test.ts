// Focus logic: hours per day of my week, block validation and descriptions.
import { describe, expect, it } from "vitest";
import type { FocusSession } from "../../app/bindings/FocusSession";
import { describeWeekdays, formatHours, validateBlockInput, weeklyFocusHours, zonedMidnight } from "./focus";

function session(started_at: string, ends_at: string, stopped_at: string | null = null): FocusSession {
  return { id: started_at, member_id: "m1", started_at, ends_at, stopped_at, label: null };
}

// Wednesday 15 January 2025, 12:00 UTC = 13:00 in Berlin.
const NOW = Date.parse("2025-01-15T12:00:00Z");

describe("zonedMidnight", () => {
  it("finds local midnight, also across DST", () => {
    expect(new Date(zonedMidnight(2025, 1, 15, "Europe/Berlin")).toISOString()).toBe("2025-01-14T23:00:00.000Z");
    expect(new Date(zonedMidnight(2025, 7, 1, "Europe/Berlin")).toISOString()).toBe("2025-06-30T22:00:00.000Z");
    expect(new Date(zonedMidnight(2025, 1, 15, "America/New_York")).toISOString()).toBe("2025-01-15T05:00:00.000Z");
  });
});

describe("weeklyFocusHours", () => {
  it("covers Monday–Sunday of the current week in my zone", () => {
    const days = weeklyFocusHours([], NOW, "Europe/Berlin");
    expect(days.map((d) => d.date)).toEqual([
      "2025-01-13",
      "2025-01-14",
      "2025-01-15",
      "2025-01-16",
      "2025-01-17",
      "2025-01-18",
      "2025-01-19",
    ]);
    expect(days.every((d) => d.hours === 0)).toBe(true);
  });

  it("uses the earliest of ends_at, stopped_at and now", () => {
    const days = weeklyFocusHours(
      [
        // Monday 09:00–10:30 Berlin, ran to the end.
        session("2025-01-13T08:00:00Z", "2025-01-13T09:30:00Z"),
        // Tuesday: planned 2 h, stopped after 45 min.
        session("2025-01-14T08:00:00Z", "2025-01-14T10:00:00Z", "2025-01-14T08:45:00Z"),
        // Wednesday: running, started an hour ago, planned to end in an hour.
        session("2025-01-15T11:00:00Z", "2025-01-15T13:00:00Z"),
        // Last week: ignored.
        session("2025-01-10T08:00:00Z", "2025-01-10T10:00:00Z"),
      ],
      NOW,
      "Europe/Berlin",
    );
    expect(days.map((d) => d.hours)).toEqual([1.5, 0.75, 1, 0, 0, 0, 0]);
  });

  it("splits a session across local midnight", () => {
    // Sunday 12th 23:00 Berlin → Monday 01:00 Berlin: only the Monday hour counts this week.
    const days = weeklyFocusHours([session("2025-01-12T22:00:00Z", "2025-01-13T00:00:00Z")], NOW, "Europe/Berlin");
    expect(days[0]!.hours).toBe(1);
  });

  it("reckons the week in my zone, not UTC", () => {
    // Monday 13th 02:00 UTC is still Sunday 12th in New York (last week).
    const days = weeklyFocusHours([session("2025-01-13T02:00:00Z", "2025-01-13T03:00:00Z")], NOW, "America/New_York");
    expect(days.reduce((sum, d) => sum + d.hours, 0)).toBe(0);
  });
});

describe("formatHours", () => {
  it("labels bars", () => {
    expect(formatHours(0)).toBe("0h");
    expect(formatHours(0.75)).toBe("45m");
    expect(formatHours(1.5)).toBe("1.5h");
    expect(formatHours(2)).toBe("2h");
  });
});

describe("validateBlockInput", () => {
  it("normalises times, sorts weekdays and nulls an empty label", () => {
    expect(validateBlockInput({ weekdays: [4, 0, 2], start: "9", end: "1130", label: "  " })).toEqual({
      value: { weekdays: [0, 2, 4], start: "09:00", end: "11:30", label: null },
    });
  });

  it("reports missing days and a reversed range", () => {
    expect(validateBlockInput({ weekdays: [], start: "11:00", end: "09:00", label: "Deep" })).toEqual({
      errors: { weekdays: "Pick at least one day.", end: "The end (09:00) must be after the start (11:00)." },
    });
    expect(validateBlockInput({ weekdays: [0], start: "25:00", end: "", label: "" })).toHaveProperty("errors.start");
  });
});

describe("describeWeekdays", () => {
  it("summarises", () => {
    expect(describeWeekdays([0, 1, 2, 3, 4])).toBe("Mon–Fri");
    expect(describeWeekdays([0, 2, 4])).toBe("Mon, Wed, Fri");
    expect(describeWeekdays([0, 1, 2, 3, 4, 5, 6])).toBe("Every day");
  });
});
