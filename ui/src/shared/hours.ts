// Pure helpers for editing a week of working hours.

import type { TimeRange } from "../app/bindings/TimeRange";
import type { WeeklyHours } from "../app/bindings/WeeklyHours";
import { minutesToTime, timeToMinutes } from "./validation";

export const DEFAULT_RANGE: Readonly<TimeRange> = Object.freeze({ start: "09:00", end: "17:00" });

/** Monday to Friday, 09:00–17:00, weekends off (the core's default too). */
export function defaultWeeklyHours(): WeeklyHours {
  return {
    days: Array.from({ length: 7 }, (_, i) => (i < 5 ? [{ ...DEFAULT_RANGE }] : [])),
  };
}

export function cloneHours(hours: WeeklyHours): WeeklyHours {
  const days = Array.from({ length: 7 }, (_, i) => (hours.days[i] ?? []).map((r) => ({ start: r.start, end: r.end })));
  return { days };
}

/** Copies Monday's ranges onto Tuesday–Friday. Weekend days are left alone. */
export function copyMondayToWeekdays(hours: WeeklyHours): WeeklyHours {
  const next = cloneHours(hours);
  const monday = next.days[0] ?? [];
  for (let d = 1; d <= 4; d++) next.days[d] = monday.map((r) => ({ ...r }));
  return next;
}

/**
 * A sensible range to add after the existing ones: an hour after the latest end, lasting up
 * to two hours, or 09:00–17:00 on an empty day. Falls back to a short range at the end of the
 * day when nothing is left.
 */
export function suggestRange(existing: readonly TimeRange[]): TimeRange {
  if (existing.length === 0) return { ...DEFAULT_RANGE };
  let latest = 0;
  for (const r of existing) {
    const end = timeToMinutes(r.end.trim(), true);
    if (end !== null && end > latest) latest = end;
  }
  const start = Math.min(latest + 60, 1380);
  const end = Math.min(start + 120, 1440);
  if (start >= end || start < latest) {
    // The day is full: offer an end-of-day slot the person can adjust.
    return { start: minutesToTime(Math.max(latest, 1380)), end: "24:00" };
  }
  return { start: minutesToTime(start), end: minutesToTime(end) };
}

/** Sorts each day's ranges by start time (the order the core stores them in). */
export function sortedHours(hours: WeeklyHours): WeeklyHours {
  const next = cloneHours(hours);
  next.days = next.days.map((ranges) =>
    [...ranges].sort(
      (a, b) => (timeToMinutes(a.start, false) ?? 0) - (timeToMinutes(b.start, false) ?? 0),
    ),
  );
  return next;
}

/** Total hours per week, for the summary line. Ignores ranges that are not valid. */
export function weeklyTotalMinutes(hours: WeeklyHours): number {
  let total = 0;
  for (const day of hours.days) {
    for (const r of day) {
      const s = timeToMinutes(r.start.trim(), false);
      const e = timeToMinutes(r.end.trim(), true);
      if (s !== null && e !== null && e > s) total += e - s;
    }
  }
  return total;
}
