// Time-zone search, matching and the runtime's zones.
import { describe, expect, it } from "vitest";
import { exactZone, normalizeZoneText, searchTimeZones, zoneMatchRank, zoneNow } from "./timezones";

const ZONES = [
  "Africa/Abidjan",
  "America/Argentina/Buenos_Aires",
  "America/Los_Angeles",
  "America/New_York",
  "America/North_Dakota/New_Salem",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Europe/Berlin",
  "Europe/London",
  "Europe/Paris",
  "Pacific/Chatham",
  "UTC",
];

describe("time-zone search", () => {
  it("returns every zone in order for an empty query", () => {
    expect(searchTimeZones(ZONES, "")).toEqual(ZONES);
    expect(searchTimeZones(ZONES, "   ")).toEqual(ZONES);
  });

  it("finds a zone by city, case-insensitively", () => {
    expect(searchTimeZones(ZONES, "berlin")).toEqual(["Europe/Berlin"]);
    expect(searchTimeZones(ZONES, "BERL")[0]).toBe("Europe/Berlin");
  });

  it("treats spaces like underscores", () => {
    expect(searchTimeZones(ZONES, "new york")).toEqual(["America/New_York"]);
    expect(normalizeZoneText("America/New_York")).toBe("america/new york");
  });

  it("ranks exact, city, prefix, segment, word and substring matches in that order", () => {
    expect(zoneMatchRank("Europe/Berlin", "europe/berlin")).toBe(0);
    expect(zoneMatchRank("Europe/Berlin", "Berlin")).toBe(1);
    expect(zoneMatchRank("Europe/Berlin", "Eur")).toBe(2);
    expect(zoneMatchRank("Europe/Berlin", "Ber")).toBe(3);
    expect(zoneMatchRank("America/New_York", "york")).toBe(4);
    expect(zoneMatchRank("Europe/Berlin", "erli")).toBe(5);
    expect(zoneMatchRank("Europe/Berlin", "europe berlin")).toBe(6);
    expect(zoneMatchRank("Europe/Berlin", "tokyo")).toBeNull();
  });

  it("puts better matches first and keeps list order within a rank", () => {
    // "new": segment prefix for New_York, word prefix for North_Dakota/New_Salem.
    expect(searchTimeZones(ZONES, "new")).toEqual(["America/New_York", "America/North_Dakota/New_Salem"]);
    // "lo": "Los_Angeles", "Lord_Howe" and "London" are segment prefixes (rank 3), kept in list
    // order; "Buenos_Aires" and "Abidjan" do not contain it at all.
    expect(searchTimeZones(ZONES, "lo")).toEqual(["America/Los_Angeles", "Australia/Lord_Howe", "Europe/London"]);
    // "an": a word prefix in "Los Angeles" (rank 4) beats a substring of "Abidjan" (rank 5),
    // although Abidjan comes first in the list.
    expect(searchTimeZones(ZONES, "an")).toEqual(["America/Los_Angeles", "Africa/Abidjan"]);
    // "kol": a city prefix (rank 3) ranks above a mere substring elsewhere.
    expect(searchTimeZones([...ZONES, "Test/Xkol"], "kol")).toEqual(["Asia/Kolkata", "Test/Xkol"]);
    // An exact name beats everything else that contains it.
    expect(searchTimeZones(["Etc/UTC", "UTC"], "utc")).toEqual(["UTC", "Etc/UTC"]);
  });

  it("limits the number of results", () => {
    expect(searchTimeZones(ZONES, "a", 3)).toHaveLength(3);
  });

  it("finds the exact zone for typed text", () => {
    expect(exactZone(ZONES, "Europe/Berlin")).toBe("Europe/Berlin");
    expect(exactZone(ZONES, "europe/berlin")).toBe("Europe/Berlin");
    expect(exactZone(ZONES, "america/new york")).toBe("America/New_York");
    expect(exactZone(ZONES, "Berlin")).toBeNull();
    expect(exactZone(ZONES, "")).toBeNull();
  });
});

describe("zoneNow", () => {
  const instant = new Date("2025-01-15T12:00:00Z");
  it("gives wall time and offset in a zone", () => {
    expect(zoneNow("Europe/Berlin", instant)).toEqual({ time: "13:00", offset: "UTC+01:00" });
    expect(zoneNow("Asia/Kolkata", instant)).toEqual({ time: "17:30", offset: "UTC+05:30" });
    expect(zoneNow("America/New_York", instant)).toEqual({ time: "07:00", offset: "UTC-05:00" });
    expect(zoneNow("UTC", instant)).toEqual({ time: "12:00", offset: "UTC+00:00" });
  });
  it("returns null for an unknown zone", () => {
    expect(zoneNow("Mars/Olympus", instant)).toBeNull();
  });
});
