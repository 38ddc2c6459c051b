// Pure helpers for the team board: strip geometry, offsets, overlap bands and the overlap
// finder's inline validation (the core stays authoritative).

import type { OverlapWindow } from "../../app/bindings/OverlapWindow";
import type { StripSegment } from "../../app/bindings/StripSegment";

export const OVERLAP_DAYS_MIN = 1;
export const OVERLAP_DAYS_MAX = 366;

/** Position of instant `t` on a strip for [dayStart, dayEnd), as a fraction 0–1 (clamped). */
export function stripX(t: number, dayStart: number, dayEnd: number): number {
  const span = dayEnd - dayStart;
  if (!Number.isFinite(t) || !(span > 0)) return 0;
  return Math.min(1, Math.max(0, (t - dayStart) / span));
}

export type Span = { left: number; width: number };

/** Left and width (fractions) of [start, end) clipped to the day, or null if nothing shows. */
export function spanGeometry(start: number, end: number, dayStart: number, dayEnd: number): Span | null {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return null;
  const left = stripX(start, dayStart, dayEnd);
  const right = stripX(end, dayStart, dayEnd);
  if (right <= left) return null;
  return { left, width: right - left };
}

export type StripKind = "work" | "focus" | "off";
export type StripBox = Span & { kind: StripKind; start: string; end: string };

/**
 * Boxes to draw for a member's segments (RFC 3339 instants) on my local day. Unknown kinds
 * are dropped; time off and focus are drawn after work so they sit on top.
 */
export function stripBoxes(segments: readonly StripSegment[], dayStartIso: string, dayEndIso: string): StripBox[] {
  const ds = Date.parse(dayStartIso);
  const de = Date.parse(dayEndIso);
  const order: Record<StripKind, number> = { work: 0, focus: 1, off: 2 };
  const boxes: StripBox[] = [];
  for (const seg of segments) {
    if (seg.kind !== "work" && seg.kind !== "focus" && seg.kind !== "off") continue;
    const g = spanGeometry(Date.parse(seg.start), Date.parse(seg.end), ds, de);
    if (g) boxes.push({ ...g, kind: seg.kind, start: seg.start, end: seg.end });
  }
  return boxes.sort((a, b) => order[a.kind] - order[b.kind] || a.left - b.left);
}

/** Hour ticks (my local hours since day start) with their fraction on the strip. */
export function hourTicks(dayStartIso: string, dayEndIso: string, hours: readonly number[] = [0, 6, 12, 18]) {
  const ds = Date.parse(dayStartIso);
  const de = Date.parse(dayEndIso);
  return hours.map((h) => ({ hour: h, label: `${String(h).padStart(2, "0")}:00`, x: stripX(ds + h * 3_600_000, ds, de) }));
}

/** "+9h", "−3h30", "+5h45", "±0h"; "you" for my own row. Uses a real minus sign. */
export function formatOffset(minutes: number, isMe = false): string {
  if (isMe) return "you";
  if (!Number.isFinite(minutes) || minutes === 0) return "±0h";
  const sign = minutes > 0 ? "+" : "\u2212";
  const abs = Math.abs(Math.round(minutes));
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  return m === 0 ? `${sign}${h}h` : `${sign}${h}h${String(m).padStart(2, "0")}`;
}

/** "2 h 30 min" style length of an overlap window. */
export function formatWindowLength(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function sameWindow(a: OverlapWindow | null | undefined, b: OverlapWindow | null | undefined): boolean {
  return Boolean(a && b && a.start === b.start && a.end === b.end);
}

export type Band = Span & { selected: boolean };

/**
 * Translucent bands for the strips: the windows that fall on the same day as `selected`
 * (relative to my day), shifted by whole days onto the board's day so they line up with the
 * hours on the strips.
 */
export function overlapBands(
  windows: readonly OverlapWindow[],
  selected: OverlapWindow | null,
  dayStartIso: string,
  dayEndIso: string,
): Band[] {
  if (!selected) return [];
  const ds = Date.parse(dayStartIso);
  const de = Date.parse(dayEndIso);
  const len = de - ds;
  if (!(len > 0)) return [];
  const k = Math.floor((Date.parse(selected.start) - ds) / len);
  const from = ds + k * len;
  const to = from + len;
  const bands: Band[] = [];
  for (const w of windows) {
    const s = Date.parse(w.start);
    if (!(s >= from && s < to)) continue;
    const g = spanGeometry(s - k * len, Date.parse(w.end) - k * len, ds, de);
    if (g) bands.push({ ...g, selected: sameWindow(w, selected) });
  }
  return bands;
}

export type OverlapField = "members" | "from" | "days" | "min_members";
export type OverlapRequest = { handles: string[]; from: string; days: number; minMembers: number | null };

/** Checks the finder's inputs. `minMembers` "" means everyone selected. */
export function validateOverlapInput(input: {
  handles: readonly string[];
  from: string;
  days: string | number;
  minMembers: string | number;
}): { value: OverlapRequest } | { errors: Partial<Record<OverlapField, string>> } {
  const errors: Partial<Record<OverlapField, string>> = {};
  const handles = [...input.handles];
  if (handles.length === 0) errors.members = "Pick at least one person.";

  const from = input.from.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from);
  const valid =
    m !== null &&
    (() => {
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
    })();
  if (!valid) errors.from = "Write the start date as YYYY-MM-DD, e.g. 2026-12-01.";

  const daysText = String(input.days).trim();
  const days = Number(daysText);
  if (!/^\d+$/.test(daysText) || days < OVERLAP_DAYS_MIN || days > OVERLAP_DAYS_MAX) {
    errors.days = `Choose between ${OVERLAP_DAYS_MIN} and ${OVERLAP_DAYS_MAX} days.`;
  }

  const minText = String(input.minMembers).trim();
  let minMembers: number | null = null;
  if (minText.length > 0) {
    const n = Number(minText);
    if (!/^\d+$/.test(minText) || n < 1) errors.min_members = "Use a whole number of people, at least 1.";
    else if (handles.length > 0 && n > handles.length) {
      errors.min_members = `Only ${handles.length} ${handles.length === 1 ? "person is" : "people are"} selected.`;
    } else minMembers = n;
  }

  if (Object.keys(errors).length > 0) return { errors };
  return { value: { handles, from, days, minMembers } };
}

/** "YYYY-MM-DD" of an instant in a zone (falls back to UTC for an unknown zone). */
export function localDateInZone(instant: number, timeZone: string): string {
  // Assembled from parts: what "en-CA" formats to differs between ICU versions (WebKitGTK's
  // gives "11/21/2026"), the parts do not.
  const format = (tz: string) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(new Date(instant));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${part("year")}-${part("month")}-${part("day")}`;
  };
  try {
    return format(timeZone);
  } catch {
    return format("UTC");
  }
}

/** "Wed 15 Jan, 09:00–11:30" for a window in a zone; adds the end day when it differs. */
export function formatWindowInZone(startIso: string, endIso: string, timeZone: string): string {
  const fmt = (iso: string, tz: string) => {
    const parts = new Intl.DateTimeFormat("en-GB", {
      timeZone: tz,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date(iso));
    const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
    return { day: `${get("weekday")} ${get("day")} ${get("month")}`, time: `${get("hour")}:${get("minute")}` };
  };
  let s;
  let e;
  try {
    s = fmt(startIso, timeZone);
    e = fmt(endIso, timeZone);
  } catch {
    s = fmt(startIso, "UTC");
    e = fmt(endIso, "UTC");
  }
  // An end at local midnight reads better as 24:00 of the same day.
  if (e.time === "00:00" && Date.parse(endIso) - Date.parse(startIso) <= 86_400_000 && e.day !== s.day) {
    return `${s.day}, ${s.time}–24:00`;
  }
  return e.day === s.day ? `${s.day}, ${s.time}–${e.time}` : `${s.day}, ${s.time} – ${e.day}, ${e.time}`;
}
