// Inline validation that mirrors the core's rules.
import { describe, expect, it } from "vitest";
import {
  normalizeHandle,
  normalizeTime,
  parseFocusMinutes,
  timeToMinutes,
  validateDay,
  validateDisplayName,
  validateHandle,
  validateRange,
  validateTeamName,
  validateTime,
  validateTimeZone,
  validateWorkingHours,
} from "./validation";
import { defaultWeeklyHours } from "./hours";

describe("handle", () => {
  it("accepts valid handles, with or without one leading @", () => {
    for (const h of ["ada", "ab", "a1", "ada_lovelace", "ada-l", "@ada", "  @grace  ", "a".repeat(32)]) {
      expect(validateHandle(h), h).toBeNull();
    }
  });

  it("strips exactly one leading @", () => {
    expect(normalizeHandle("@ada")).toBe("ada");
    expect(normalizeHandle("ada")).toBe("ada");
    expect(normalizeHandle(" @ada ")).toBe("ada");
    expect(normalizeHandle("@@ada")).toBe("@ada");
    expect(validateHandle("@@ada")).not.toBeNull();
  });

  it("rejects empty, too short and too long handles", () => {
    expect(validateHandle("")).toMatch(/choose a handle/i);
    expect(validateHandle("@")).toMatch(/choose a handle/i);
    expect(validateHandle("a")).toMatch(/at least 2/);
    expect(validateHandle("a".repeat(33))).toMatch(/at most 32/);
  });

  it("requires a leading letter", () => {
    expect(validateHandle("1ada")).toMatch(/starts with a letter/);
    expect(validateHandle("_ada")).toMatch(/starts with a letter/);
    expect(validateHandle("-ada")).toMatch(/starts with a letter/);
  });

  it("rejects characters outside a-z 0-9 _ -", () => {
    expect(validateHandle("ada lovelace")).toMatch(/only lowercase letters/);
    expect(validateHandle("ada.l")).toMatch(/only lowercase letters/);
    expect(validateHandle("adé")).toMatch(/only lowercase letters/);
  });

  it("suggests the lowercase form for capitals", () => {
    expect(validateHandle("Ada")).toMatch(/lowercase: try “ada”/);
    expect(validateHandle("@Grace_H")).toMatch(/lowercase: try “grace_h”/);
    // When lowercasing is not enough, the other problem is named first.
    expect(validateHandle("1Ada")).toMatch(/starts with a letter/);
    expect(validateHandle("A")).toMatch(/at least 2/);
  });
});

describe("names", () => {
  it("display name is 1–80 characters after trimming", () => {
    expect(validateDisplayName("Ada Lovelace")).toBeNull();
    expect(validateDisplayName("   ")).not.toBeNull();
    expect(validateDisplayName("x".repeat(80))).toBeNull();
    expect(validateDisplayName("x".repeat(81))).toMatch(/80 characters/);
  });

  it("counts characters, not UTF-16 units", () => {
    expect(validateDisplayName("😀".repeat(80))).toBeNull();
    expect(validateDisplayName("😀".repeat(81))).not.toBeNull();
  });

  it("team name is 1–80 characters", () => {
    expect(validateTeamName("Engines")).toBeNull();
    expect(validateTeamName("")).toMatch(/name/);
    expect(validateTeamName("t".repeat(81))).toMatch(/80/);
  });
});

describe("time zone", () => {
  const zones = ["America/New_York", "Europe/Berlin", "UTC"];
  it("must be one of the known zones", () => {
    expect(validateTimeZone("Europe/Berlin", zones)).toBeNull();
    expect(validateTimeZone("Europe/Berlinn", zones)).toMatch(/not a known time zone/);
    expect(validateTimeZone("", zones)).toMatch(/choose/i);
  });
  it("defers to the core when no list is available", () => {
    expect(validateTimeZone("Mars/Olympus", [])).toBeNull();
  });
});

describe("time format", () => {
  it("parses HH:MM into minutes", () => {
    expect(timeToMinutes("00:00")).toBe(0);
    expect(timeToMinutes("09:30")).toBe(570);
    expect(timeToMinutes("23:59")).toBe(1439);
    expect(timeToMinutes("24:00")).toBeNull();
    expect(timeToMinutes("24:00", true)).toBe(1440);
    expect(timeToMinutes("24:01", true)).toBeNull();
    expect(timeToMinutes("9:30")).toBeNull();
    expect(timeToMinutes("12:60")).toBeNull();
    expect(timeToMinutes("25:00")).toBeNull();
  });

  it("validates start and end", () => {
    expect(validateTime("09:00", false)).toBeNull();
    expect(validateTime("", false)).toMatch(/enter a time/i);
    expect(validateTime("9:00", false)).toMatch(/HH:MM/);
    expect(validateTime("ab:cd", true)).toMatch(/HH:MM/);
    expect(validateTime("24:00", true)).toBeNull();
    expect(validateTime("24:00", false)).toMatch(/cannot start at 24:00/);
    expect(validateTime("23:75", false)).toMatch(/00:00 to 23:59/);
  });

  it("normalizes loose input", () => {
    expect(normalizeTime("9")).toBe("09:00");
    expect(normalizeTime("9:30")).toBe("09:30");
    expect(normalizeTime("930")).toBe("09:30");
    expect(normalizeTime("1730")).toBe("17:30");
    expect(normalizeTime("17.30")).toBe("17:30");
    expect(normalizeTime("24")).toBe("24:00");
    expect(normalizeTime(" 08:15 ")).toBe("08:15");
    expect(normalizeTime("25")).toBe("25");
    expect(normalizeTime("9:5")).toBe("9:5");
    expect(normalizeTime("noon")).toBe("noon");
  });
});

describe("ranges", () => {
  it("requires end after start", () => {
    expect(validateRange({ start: "09:00", end: "17:00" }).order).toBeNull();
    expect(validateRange({ start: "17:00", end: "09:00" }).order).toMatch(/must be after/);
    expect(validateRange({ start: "09:00", end: "09:00" }).order).toMatch(/must be after/);
    expect(validateRange({ start: "22:00", end: "24:00" })).toEqual({ start: null, end: null, order: null });
  });

  it("reports format problems per end, without an order message", () => {
    const r = validateRange({ start: "9am", end: "17:00" });
    expect(r.start).not.toBeNull();
    expect(r.end).toBeNull();
    expect(r.order).toBeNull();
  });

  it("detects overlaps within a day, in any order", () => {
    const day = validateDay([
      { start: "13:00", end: "17:00" },
      { start: "09:00", end: "12:00" },
      { start: "11:30", end: "14:00" },
    ]);
    expect(day.overlapping).toEqual([0, 1, 2]);
    expect(day.messages.length).toBe(2);
    expect(day.messages.join(" ")).toContain("09:00–12:00 overlaps 11:30–14:00");
  });

  it("allows touching ranges and split days", () => {
    const day = validateDay([
      { start: "09:00", end: "12:00" },
      { start: "12:00", end: "13:00" },
      { start: "18:00", end: "24:00" },
    ]);
    expect(day.overlapping).toEqual([]);
    expect(day.messages).toEqual([]);
  });

  it("treats a contained range as overlapping", () => {
    const day = validateDay([
      { start: "08:00", end: "18:00" },
      { start: "10:00", end: "11:00" },
    ]);
    expect(day.overlapping).toEqual([0, 1]);
  });

  it("summarises the week", () => {
    expect(validateWorkingHours(defaultWeeklyHours())).toEqual(expect.objectContaining({ valid: true, message: null }));
    const hours = defaultWeeklyHours();
    hours.days[1] = [{ start: "17:00", end: "09:00" }];
    hours.days[4] = [
      { start: "09:00", end: "12:00" },
      { start: "11:00", end: "15:00" },
    ];
    const result = validateWorkingHours(hours);
    expect(result.valid).toBe(false);
    expect(result.message).toBe("Check the hours for Tuesday and Friday.");
    expect(validateWorkingHours({ days: [[], []] }).valid).toBe(false);
  });
});

describe("focus minutes", () => {
  it("accepts whole minutes from 1 to 720", () => {
    expect(parseFocusMinutes("1")).toEqual({ minutes: 1 });
    expect(parseFocusMinutes(" 45 ")).toEqual({ minutes: 45 });
    expect(parseFocusMinutes("720")).toEqual({ minutes: 720 });
  });
  it("rejects everything else", () => {
    for (const bad of ["", "0", "721", "-5", "1.5", "ten", "1e2"]) {
      expect(parseFocusMinutes(bad), bad).toHaveProperty("error");
    }
  });
});
