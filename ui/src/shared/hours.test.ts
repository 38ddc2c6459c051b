// Working-hours logic: defaults, copying Monday, sorting and totals.
import { describe, expect, it } from "vitest";
import { copyMondayToWeekdays, defaultWeeklyHours, sortedHours, suggestRange, weeklyTotalMinutes } from "./hours";

describe("working hours helpers", () => {
  it("defaults to Monday–Friday 09:00–17:00", () => {
    const hours = defaultWeeklyHours();
    expect(hours.days).toHaveLength(7);
    for (let d = 0; d < 5; d++) expect(hours.days[d]).toEqual([{ start: "09:00", end: "17:00" }]);
    expect(hours.days[5]).toEqual([]);
    expect(hours.days[6]).toEqual([]);
    expect(weeklyTotalMinutes(hours)).toBe(40 * 60);
  });

  it("copies Monday to Tuesday–Friday without sharing objects", () => {
    const hours = defaultWeeklyHours();
    hours.days[0] = [
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "16:00" },
    ];
    hours.days[5] = [{ start: "10:00", end: "12:00" }];
    const next = copyMondayToWeekdays(hours);
    for (let d = 1; d <= 4; d++) expect(next.days[d]).toEqual(hours.days[0]);
    expect(next.days[5]).toEqual([{ start: "10:00", end: "12:00" }]);
    next.days[1]![0]!.start = "07:00";
    expect(next.days[0]![0]!.start).toBe("08:00");
    expect(hours.days[1]).toEqual([{ start: "09:00", end: "17:00" }]);
  });

  it("suggests a range after the last one", () => {
    expect(suggestRange([])).toEqual({ start: "09:00", end: "17:00" });
    expect(suggestRange([{ start: "09:00", end: "12:00" }])).toEqual({ start: "13:00", end: "15:00" });
    expect(suggestRange([{ start: "09:00", end: "23:20" }])).toEqual({ start: "23:20", end: "24:00" });
  });

  it("sorts ranges by start", () => {
    const hours = defaultWeeklyHours();
    hours.days[2] = [
      { start: "14:00", end: "18:00" },
      { start: "08:00", end: "12:00" },
    ];
    expect(sortedHours(hours).days[2]!.map((r) => r.start)).toEqual(["08:00", "14:00"]);
  });
});
