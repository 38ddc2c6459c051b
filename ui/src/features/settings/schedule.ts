// Pure helpers for the notification delivery schedule: the time chips of each weekday and
// the presets.

import { normalizeTime, timeToMinutes, validateTime } from "../../shared/validation";

/** Seven lists of "HH:MM" delivery times, Monday first. */
export type Schedule = string[][];

export const PRESET_THREE_TIMES: readonly string[] = ["09:30", "13:00", "16:30"];

/** Reads a typed delivery time ("9" → "09:00", "1630" → "16:30") or explains the problem. */
export function parseChipTime(raw: string): { time: string } | { error: string } {
  const value = normalizeTime(raw.trim());
  if (value === "24:00") return { error: "Use a time from 00:00 to 23:59." };
  const error = validateTime(value, false);
  return error ? { error } : { time: value };
}

/** Sorted by time of day, duplicates dropped. Invalid entries are kept, at the end. */
export function sortTimes(times: readonly string[]): string[] {
  const unique = [...new Set(times)];
  const key = (t: string) => timeToMinutes(t, false) ?? Number.MAX_SAFE_INTEGER;
  return unique.sort((a, b) => key(a) - key(b) || a.localeCompare(b));
}

/** Adds a time to a day's list (sorted, no duplicates). */
export function addTime(times: readonly string[], time: string): string[] {
  return sortTimes([...times, time]);
}

export function removeTime(times: readonly string[], time: string): string[] {
  return times.filter((t) => t !== time);
}

/** Seven lists, copied and sorted; missing days become empty. */
export function normalizeSchedule(times: readonly (readonly string[])[]): Schedule {
  return Array.from({ length: 7 }, (_, d) => sortTimes(times[d] ?? []));
}

export function emptySchedule(): Schedule {
  return Array.from({ length: 7 }, () => []);
}

/** "3× a day": 09:30, 13:00 and 16:30 Monday to Friday, weekends as they are. */
export function presetThree(current: readonly (readonly string[])[]): Schedule {
  const next = normalizeSchedule(current);
  for (let d = 0; d < 5; d++) next[d] = [...PRESET_THREE_TIMES];
  return next;
}

/** "As they come": no delivery times at all. */
export function presetAsap(): Schedule {
  return emptySchedule();
}

/** No times on any day: notifications go out as items arrive. */
export function isAsap(times: readonly (readonly string[])[]): boolean {
  return times.every((day) => day.length === 0);
}

/** Copies Monday's times onto Tuesday–Friday; weekends are left alone. */
export function copyMondayTimes(current: readonly (readonly string[])[]): Schedule {
  const next = normalizeSchedule(current);
  for (let d = 1; d <= 4; d++) next[d] = [...next[0]!];
  return next;
}
