// Formatting instants and durations: countdowns, wall times in a zone, greetings.

/** "mm:ss" below an hour, "h:mm:ss" from an hour up. Negative values show as "00:00". */
export function formatCountdown(remainingMs: number): string {
  const total = Number.isFinite(remainingMs) ? Math.max(0, Math.ceil(remainingMs / 1000)) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  const mm = String(m).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Milliseconds from `now` until `iso` (negative once it has passed); NaN for a bad date. */
export function msUntil(iso: string, now: number): number {
  return Date.parse(iso) - now;
}

export type WallParts = { year: string; month: string; day: string; hour: string; minute: string };

/** An instant's calendar date and 24-hour clock in an IANA zone, each part zero-padded. */
export function wallParts(instant: Date, timeZone: string): WallParts {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const parts = f.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  let hour = get("hour");
  if (hour === "24") hour = "00";
  return { year: get("year"), month: get("month"), day: get("day"), hour, minute: get("minute") };
}

/**
 * "HH:MM" wall time of an RFC 3339 instant in an IANA zone. Falls back to the runtime's zone
 * when the zone is unknown, and returns "--:--" for an unreadable instant.
 */
export function clockInZone(iso: string, timeZone: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return "--:--";
  let p: WallParts;
  try {
    p = wallParts(instant, timeZone);
  } catch {
    p = wallParts(instant, Intl.DateTimeFormat().resolvedOptions().timeZone);
  }
  return `${p.hour}:${p.minute}`;
}

/** Calendar-day difference between two instants as seen in a zone (0 same day, 1 tomorrow). */
export function dayDifferenceInZone(fromIso: string, toIso: string, timeZone: string): number {
  try {
    const a = wallParts(new Date(fromIso), timeZone);
    const b = wallParts(new Date(toIso), timeZone);
    const da = Date.UTC(Number(a.year), Number(a.month) - 1, Number(a.day));
    const db = Date.UTC(Number(b.year), Number(b.month) - 1, Number(b.day));
    const diff = Math.round((db - da) / 86_400_000);
    return Number.isFinite(diff) ? diff : 0;
  } catch {
    return 0;
  }
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
export function whenInZone(iso: string, timeZone: string, nowIso: string): string {
  const clock = clockInZone(iso, timeZone);
  const days = dayDifferenceInZone(nowIso, iso, timeZone);
  if (days <= 0) return clock;
  if (days === 1) return `tomorrow ${clock}`;
  return `${weekdayInZone(iso, timeZone)} ${clock}`;
}

/**
 * "Focusing until 14:30" in the given zone; adds "tomorrow" when the session ends on the
 * next calendar day there (sessions last at most 12 hours).
 */
export function focusUntilText(endsAt: string, timeZone: string, nowIso?: string): string {
  const base = `Focusing until ${clockInZone(endsAt, timeZone)}`;
  if (nowIso && dayDifferenceInZone(nowIso, endsAt, timeZone) >= 1) return `${base} tomorrow`;
  return base;
}

/** "Good morning" / "Good afternoon" / "Good evening" from an "HH:MM" local time. */
export function greeting(localTime: string | null | undefined): string {
  const hour = localTime ? Number(localTime.slice(0, 2)) : NaN;
  if (Number.isNaN(hour)) return "Hello";
  if (hour >= 5 && hour < 12) return "Good morning";
  if (hour >= 12 && hour < 18) return "Good afternoon";
  return "Good evening";
}

/** "25 min" / "1 h 30 min" for a focus length. */
export function describeMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
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
