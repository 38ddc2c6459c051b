// Pure helpers for the inbox and notification settings: delivery-time chips, presets, the
// outlook sentence and relative times.

import type { NoteKind } from "./api";
import type { NotifyOutlook } from "./bindings/NotifyOutlook";
import { clockInZone, dayDifferenceInZone } from "./time";
import { normalizeTime, timeToMinutes, validateTime } from "./validation";

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

const WEEKDAY_SHORT = new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone: "UTC" });

function weekdayInZone(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", { weekday: "short", timeZone }).format(new Date(iso));
  } catch {
    return WEEKDAY_SHORT.format(new Date(iso));
  }
}

/** "13:00", "tomorrow 09:30" or "Mon 09:30" for an instant seen from `nowIso` in a zone. */
export function deliveryWhen(iso: string, timeZone: string, nowIso: string): string {
  const clock = clockInZone(iso, timeZone);
  const days = dayDifferenceInZone(nowIso, iso, timeZone);
  if (days <= 0) return clock;
  if (days === 1) return `tomorrow ${clock}`;
  return `${weekdayInZone(iso, timeZone)} ${clock}`;
}

/** "3 held · next delivery 13:00 (your time) · You are focusing", or "All caught up". */
export function outlookText(outlook: NotifyOutlook, timeZone: string, nowIso: string): string {
  if (outlook.pending <= 0) return "All caught up";
  const parts = [`${outlook.pending} held`];
  if (outlook.next_delivery && !Number.isNaN(Date.parse(outlook.next_delivery))) {
    parts.push(`next delivery ${deliveryWhen(outlook.next_delivery, timeZone, nowIso)} (your time)`);
  }
  if (outlook.held_because) parts.push(outlook.held_because);
  return parts.join(" · ");
}

/** "just now", "5 min ago", "2 h ago", "yesterday", "3 days ago", then "12 Jan 2025". */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const minutes = Math.floor((now - then) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" }).format(
    new Date(then),
  );
}

export const NOTE_KINDS: readonly { kind: NoteKind; label: string; icon: string }[] = [
  { kind: "mention", label: "Mention", icon: "@" },
  { kind: "reply", label: "Reply", icon: "↩" },
  { kind: "update", label: "Update", icon: "↻" },
  { kind: "decision", label: "Decision", icon: "✓" },
  { kind: "checkin", label: "Check-in", icon: "☺" },
  { kind: "task", label: "Task", icon: "☐" },
];

/** Label and icon for an item kind; unknown kinds show as "Note". */
export function kindInfo(kind: string): { label: string; icon: string } {
  return NOTE_KINDS.find((k) => k.kind === kind) ?? { label: "Note", icon: "•" };
}

export type NoteField = "to" | "kind" | "title" | "body";
export interface NoteInput {
  to: string;
  kind: NoteKind;
  title: string;
  body: string;
  urgent: boolean;
}

/** Trims the note and checks the required parts; the core stays authoritative. */
export function validateNote(
  input: NoteInput,
): { value: { to: string; kind: NoteKind; title: string; body: string | null; urgent: boolean } } | {
  errors: Partial<Record<NoteField, string>>;
} {
  const errors: Partial<Record<NoteField, string>> = {};
  const to = input.to.trim().replace(/^@/, "");
  const title = input.title.trim();
  const body = input.body.trim();
  if (!to) errors.to = "Choose a teammate.";
  if (!title) errors.title = "Enter a title.";
  if (Object.keys(errors).length > 0) return { errors };
  return { value: { to, kind: input.kind, title, body: body.length > 0 ? body : null, urgent: input.urgent } };
}
