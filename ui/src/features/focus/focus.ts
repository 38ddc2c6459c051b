// Pure helpers for the Focus view: deep-work hours per day of this week, and the recurring
// block form's inline validation (the core stays authoritative, e.g. about overlaps).

import type { FocusBlock } from "../../app/bindings/FocusBlock";
import type { FocusSession } from "../../app/bindings/FocusSession";
import { normalizeTime, validateRange } from "../../shared/validation";

const DAY_MS = 86_400_000;

type Wall = { y: number; mo: number; d: number; h: number; mi: number; s: number };

function wall(instant: number, timeZone: string): Wall {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const parts = f.formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour") % 24, mi: get("minute"), s: get("second") };
}

/** The zone's UTC offset at an instant, in ms (wall clock minus UTC). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const w = wall(instant, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of local midnight starting the calendar day y-m-d in a zone. */
export function zonedMidnight(y: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(y, month - 1, day);
  let t = guess - zoneOffsetMs(guess, timeZone);
  t = guess - zoneOffsetMs(t, timeZone);
  return t;
}

export type DayHours = { weekday: number; date: string; start: number; end: number; hours: number };

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/**
 * Deep-work hours for Monday–Sunday of the week containing `now`, in `timeZone`. A session
 * counts from started_at to min(ends_at, stopped_at, now), split across local days.
 */
export function weeklyFocusHours(sessions: readonly FocusSession[], now: number, timeZone: string): DayHours[] {
  const tz = safeZone(timeZone);
  const today = wall(now, tz);
  const todayUtc = Date.UTC(today.y, today.mo - 1, today.d);
  const weekday = (new Date(todayUtc).getUTCDay() + 6) % 7; // 0 = Monday
  const days: DayHours[] = [];
  for (let i = 0; i < 7; i++) {
    const date = new Date(todayUtc + (i - weekday) * DAY_MS);
    const next = new Date(date.getTime() + DAY_MS);
    days.push({
      weekday: i,
      date: date.toISOString().slice(0, 10),
      start: zonedMidnight(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), tz),
      end: zonedMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), tz),
      hours: 0,
    });
  }
  for (const s of sessions) {
    const start = Date.parse(s.started_at);
    const stopped = s.stopped_at ? Date.parse(s.stopped_at) : Infinity;
    const end = Math.min(Date.parse(s.ends_at), Number.isNaN(stopped) ? Infinity : stopped, now);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) continue;
    for (const day of days) {
      const ms = Math.min(end, day.end) - Math.max(start, day.start);
      if (ms > 0) day.hours += ms / 3_600_000;
    }
  }
  return days;
}

/** "1.5h", "45m", "0h" for a bar label. */
export function formatHours(hours: number): string {
  if (!(hours > 0)) return "0h";
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))}m`;
  const rounded = Math.round(hours * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}h`;
}

export type BlockField = "weekdays" | "start" | "end" | "label";
export const BLOCK_LABEL_MAX = 120; // the core's LABEL_MAX

/** Validates the add-block form; returns the normalised request or per-field messages. */
export function validateBlockInput(input: {
  weekdays: readonly number[];
  start: string;
  end: string;
  label: string;
}):
  | { value: { weekdays: number[]; start: string; end: string; label: string | null } }
  | { errors: Partial<Record<BlockField, string>> } {
  const errors: Partial<Record<BlockField, string>> = {};
  const weekdays = [...new Set(input.weekdays)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
  if (weekdays.length === 0) errors.weekdays = "Pick at least one day.";
  const start = normalizeTime(input.start);
  const end = normalizeTime(input.end);
  const issues = validateRange({ start, end });
  if (issues.start) errors.start = issues.start;
  if (issues.end) errors.end = issues.end;
  else if (issues.order) errors.end = issues.order;
  const label = input.label.trim();
  if ([...label].length > BLOCK_LABEL_MAX) errors.label = `Keep the label to ${BLOCK_LABEL_MAX} characters.`;
  if (Object.keys(errors).length > 0) return { errors };
  return { value: { weekdays, start, end, label: label.length > 0 ? label : null } };
}

const SHORT_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** "Mon–Fri", "Mon, Wed, Fri", "Every day", "Sat–Sun" for a block's weekdays. */
export function describeWeekdays(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].filter((d) => d >= 0 && d <= 6).sort((a, b) => a - b);
  if (days.length === 7) return "Every day";
  if (days.length === 0) return "No days";
  const contiguous = days.length >= 3 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  if (contiguous) return `${SHORT_DAYS[days[0]!]}–${SHORT_DAYS[days[days.length - 1]!]}`;
  return days.map((d) => SHORT_DAYS[d]).join(", ");
}

export function describeBlock(block: FocusBlock): string {
  return `${describeWeekdays(block.weekdays)} · ${block.start}–${block.end}`;
}
