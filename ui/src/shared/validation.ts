// Inline validation that mirrors the core's rules. The core stays authoritative: these
// functions only let the form say what is wrong while the person types.

import type { TimeRange } from "../app/bindings/TimeRange";
import type { WeeklyHours } from "../app/bindings/WeeklyHours";

export const HANDLE_MIN = 2;
export const HANDLE_MAX = 32;
export const NAME_MAX = 80;
export const TEAM_MAX = 80;
export const FOCUS_MIN_MINUTES = 1;
export const FOCUS_MAX_MINUTES = 720;

/** Number of characters as the core counts them (Unicode scalar values). */
export function charCount(value: string): number {
  return [...value].length;
}

/** Removes one leading "@" (people may type their handle either way). */
export function normalizeHandle(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith("@") ? trimmed.slice(1) : trimmed;
}

/** Handle rules: 2–32 characters of a-z 0-9 _ -, starting with a letter. */
export function validateHandle(raw: string): string | null {
  const handle = normalizeHandle(raw);
  if (handle.length === 0) return "Choose a handle, such as “ada”.";
  if (/[A-Z]/.test(handle)) {
    const lower = handle.toLowerCase();
    // Explain the other problem first, if any; otherwise offer the lowercase spelling.
    return validateHandle(lower) ?? `Handles are lowercase: try “${lower}”.`;
  }
  if (!/^[a-z0-9_-]*$/.test(handle)) {
    return "Use only lowercase letters, digits, “_” and “-”.";
  }
  if (!/^[a-z]/.test(handle)) return "A handle starts with a letter.";
  const n = charCount(handle);
  if (n < HANDLE_MIN) return `A handle needs at least ${HANDLE_MIN} characters.`;
  if (n > HANDLE_MAX) return `A handle has at most ${HANDLE_MAX} characters (this one has ${n}).`;
  return null;
}

export function validateDisplayName(raw: string): string | null {
  const name = raw.trim();
  if (name.length === 0) return "Tell your team what to call you.";
  const n = charCount(name);
  if (n > NAME_MAX) return `Keep your name to ${NAME_MAX} characters (this one has ${n}).`;
  return null;
}

export function validateTeamName(raw: string): string | null {
  const name = raw.trim();
  if (name.length === 0) return "Give your team a name.";
  const n = charCount(name);
  if (n > TEAM_MAX) return `Keep the team name to ${TEAM_MAX} characters (this one has ${n}).`;
  return null;
}

/**
 * A time zone must be chosen from the list. When the list could not be loaded (empty),
 * any non-empty value passes and the core decides.
 */
export function validateTimeZone(value: string, zones: readonly string[]): string | null {
  const tz = value.trim();
  if (tz.length === 0) return "Choose your time zone.";
  if (zones.length > 0 && !zones.includes(tz)) {
    return `“${tz}” is not a known time zone: pick one from the list.`;
  }
  return null;
}

/** Focus duration in whole minutes, 1–720. Returns the number or an error message. */
export function parseFocusMinutes(raw: string | number): { minutes: number } | { error: string } {
  const text = String(raw).trim();
  if (text.length === 0) return { error: "Enter a duration in minutes." };
  if (!/^\d+$/.test(text)) return { error: "Use a whole number of minutes." };
  const minutes = Number(text);
  if (minutes < FOCUS_MIN_MINUTES || minutes > FOCUS_MAX_MINUTES) {
    return { error: `Choose between ${FOCUS_MIN_MINUTES} and ${FOCUS_MAX_MINUTES} minutes (12 hours).` };
  }
  return { minutes };
}

// ---------------------------------------------------------------------------------------
// Times and ranges

const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Minutes since midnight for a valid "HH:MM" (24:00 → 1440), or null. */
export function timeToMinutes(value: string, allowEndOfDay = false): number | null {
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return allowEndOfDay ? 1440 : null;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

export function minutesToTime(total: number): string {
  const clamped = Math.max(0, Math.min(1440, Math.round(total)));
  const h = Math.floor(clamped / 60);
  const m = clamped % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Format check for one end of a range. `isEnd` allows "24:00". */
export function validateTime(value: string, isEnd: boolean): string | null {
  const v = value.trim();
  if (v.length === 0) return "Enter a time.";
  if (!TIME_RE.test(v)) return "Use HH:MM, such as 09:30.";
  if (timeToMinutes(v, isEnd) === null) {
    if (v === "24:00") return "A range cannot start at 24:00.";
    return isEnd ? "Use a time from 00:01 to 24:00." : "Use a time from 00:00 to 23:59.";
  }
  return null;
}

/**
 * Turns loose input into "HH:MM" where that is unambiguous: "9" → "09:00", "930" → "09:30",
 * "9:5" stays as typed (ambiguous), "1730" → "17:30", "17.30" → "17:30". Anything that is not
 * recognisable is returned unchanged so validation can explain it.
 */
export function normalizeTime(raw: string): string {
  const v = raw.trim().replace(/[.h]/, ":");
  let h: string | undefined;
  let m: string | undefined;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,2})$/.exec(v))) {
    h = match[1];
    m = "00";
  } else if ((match = /^(\d{1,2}):(\d{2})$/.exec(v))) {
    h = match[1];
    m = match[2];
  } else if ((match = /^(\d{1,2})(\d{2})$/.exec(v))) {
    h = match[1];
    m = match[2];
  }
  if (h === undefined || m === undefined) return raw.trim();
  const candidate = `${h.padStart(2, "0")}:${m}`;
  return timeToMinutes(candidate, true) === null ? raw.trim() : candidate;
}

export type RangeIssues = { start: string | null; end: string | null; order: string | null };

export function validateRange(range: TimeRange): RangeIssues {
  const start = validateTime(range.start, false);
  const end = validateTime(range.end, true);
  let order: string | null = null;
  if (!start && !end) {
    const s = timeToMinutes(range.start.trim(), false)!;
    const e = timeToMinutes(range.end.trim(), true)!;
    if (e <= s) order = `The end (${range.end.trim()}) must be after the start (${range.start.trim()}).`;
  }
  return { start, end, order };
}

export type DayIssues = {
  /** One entry per range, same order as the input. */
  ranges: RangeIssues[];
  /** Indices of ranges that overlap another range of the same day. */
  overlapping: number[];
  /** Human sentences for the day (order and overlap problems). */
  messages: string[];
};

/** Validates one day's ranges: each range well-formed, end > start, none overlapping. */
export function validateDay(ranges: readonly TimeRange[]): DayIssues {
  const issues = ranges.map(validateRange);
  const messages: string[] = [];
  for (const r of issues) if (r.order) messages.push(r.order);

  const valid = ranges
    .map((r, index) => ({
      index,
      start: timeToMinutes(r.start.trim(), false),
      end: timeToMinutes(r.end.trim(), true),
      label: `${r.start.trim()}–${r.end.trim()}`,
    }))
    .filter(
      (r): r is { index: number; start: number; end: number; label: string } =>
        r.start !== null && r.end !== null && r.end > r.start,
    )
    .sort((a, b) => a.start - b.start || a.end - b.end);

  const overlapping = new Set<number>();
  for (let i = 0; i < valid.length; i++) {
    for (let j = i + 1; j < valid.length; j++) {
      const a = valid[i]!;
      const b = valid[j]!;
      if (b.start >= a.end) break; // sorted by start: nothing later overlaps a
      overlapping.add(a.index);
      overlapping.add(b.index);
      messages.push(`${a.label} overlaps ${b.label}.`);
    }
  }
  return { ranges: issues, overlapping: [...overlapping].sort((a, b) => a - b), messages };
}

export type HoursIssues = { valid: boolean; days: DayIssues[]; message: string | null };

export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;

export function validateWorkingHours(hours: WeeklyHours): HoursIssues {
  if (hours.days.length !== 7) {
    return { valid: false, days: [], message: "Working hours need an entry for each of the 7 days." };
  }
  const days = hours.days.map(validateDay);
  const bad = days
    .map((d, i) => ({ d, i }))
    .filter(
      ({ d }) =>
        d.messages.length > 0 || d.ranges.some((r) => r.start !== null || r.end !== null || r.order !== null),
    )
    .map(({ i }) => WEEKDAYS[i]);
  const message = bad.length === 0 ? null : `Check the hours for ${joinList(bad)}.`;
  return { valid: bad.length === 0, days, message };
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Why `raw` cannot be an invite code, or null when it may be one. */
export function validateInviteCode(raw: string): string | null {
  const text = raw.trim();
  if (text.length === 0) return "Paste the invite code a teammate sent you.";
  if (/\s/.test(text)) return "An invite code has no spaces: paste it exactly as you got it.";
  return null;
}
