// Searching the IANA time-zone list and describing a zone's current time.

import { nowDate } from "./clock";

/** Lowercase, with "_" shown as a space, so "new york" finds "America/New_York". */
export function normalizeZoneText(text: string): string {
  return text.trim().toLowerCase().replace(/_/g, " ").replace(/\s+/g, " ");
}

/**
 * Match quality of a zone for a query, lower is better, or null when it does not match.
 *
 * 0 exact name · 1 exact city (last segment) · 2 name prefix · 3 segment prefix ·
 * 4 word prefix inside a segment · 5 substring · 6 every word of the query appears somewhere.
 */
export function zoneMatchRank(zone: string, query: string): number | null {
  const q = normalizeZoneText(query);
  if (q.length === 0) return 0;
  const z = normalizeZoneText(zone);
  if (z === q) return 0;
  const segments = z.split("/");
  const city = segments[segments.length - 1] ?? z;
  if (city === q) return 1;
  if (z.startsWith(q)) return 2;
  if (segments.some((s) => s.startsWith(q))) return 3;
  const words = z.split(/[/ -]/);
  if (words.some((w) => w.startsWith(q))) return 4;
  if (z.includes(q)) return 5;
  const parts = q.split(/[\s/,]+/).filter(Boolean);
  if (parts.length > 1 && parts.every((p) => z.includes(p))) return 6;
  return null;
}

/**
 * Filters and ranks zones for the picker. An empty query returns every zone in its
 * original (sorted) order. Within one rank the original order is kept.
 */
export function searchTimeZones(zones: readonly string[], query: string, limit = Infinity): string[] {
  if (normalizeZoneText(query).length === 0) return zones.slice(0, limit);
  const scored: { zone: string; rank: number; index: number }[] = [];
  zones.forEach((zone, index) => {
    const rank = zoneMatchRank(zone, query);
    if (rank !== null) scored.push({ zone, rank, index });
  });
  scored.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.zone);
}

/** The zone from the list whose name equals `text` ignoring case and "_"/space, if any. */
export function exactZone(zones: readonly string[], text: string): string | null {
  const q = normalizeZoneText(text);
  if (q.length === 0) return null;
  const trimmed = text.trim();
  if (zones.includes(trimmed)) return trimmed;
  return zones.find((z) => normalizeZoneText(z) === q) ?? null;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat("en-GB", {
        timeZone: zone,
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZoneName: "longOffset",
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/**
 * Current wall time and UTC offset in a zone, such as { time: "14:05", offset: "UTC+01:00" },
 * or null if the runtime does not know the zone.
 */
export function zoneNow(zone: string, at: Date = nowDate()): { time: string; offset: string } | null {
  const f = formatterFor(zone);
  if (!f) return null;
  const parts = f.formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  let hour = get("hour");
  if (hour === "24") hour = "00";
  const name = get("timeZoneName");
  const offset = name === "GMT" || name === "UTC" || name === "" ? "UTC+00:00" : name.replace(/^(GMT|UTC)/, "UTC");
  return { time: `${hour}:${get("minute")}`, offset };
}

/** Every zone the runtime knows, used when the core's list is unavailable. */
export function runtimeTimeZones(): string[] {
  try {
    const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
    return intl.supportedValuesOf ? [...intl.supportedValuesOf("timeZone")].sort() : [];
  } catch {
    return [];
  }
}

export function runtimeTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
