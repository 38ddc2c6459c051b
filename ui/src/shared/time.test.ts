// Time formatting: countdowns, wall times in a zone, day names and greetings.
import { describe, expect, it } from "vitest";
import { clockInZone, focusUntilText, formatCountdown, greeting, msUntil, whenInZone } from "./time";

describe("countdown", () => {
  it("shows mm:ss under an hour", () => {
    expect(formatCountdown(25 * 60_000)).toBe("25:00");
    expect(formatCountdown(25 * 60_000 - 1)).toBe("25:00");
    expect(formatCountdown(24 * 60_000 + 59_000)).toBe("24:59");
    expect(formatCountdown(61_000)).toBe("01:01");
    expect(formatCountdown(9_000)).toBe("00:09");
    expect(formatCountdown(1)).toBe("00:01");
  });

  it("shows h:mm:ss from an hour up", () => {
    expect(formatCountdown(60 * 60_000)).toBe("1:00:00");
    expect(formatCountdown(90 * 60_000)).toBe("1:30:00");
    expect(formatCountdown(90 * 60_000 - 1_000)).toBe("1:29:59");
    expect(formatCountdown(720 * 60_000)).toBe("12:00:00");
    expect(formatCountdown(3_605_000)).toBe("1:00:05");
  });

  it("never goes negative", () => {
    expect(formatCountdown(0)).toBe("00:00");
    expect(formatCountdown(-5_000)).toBe("00:00");
    expect(formatCountdown(Number.NaN)).toBe("00:00");
  });

  it("measures time until an instant", () => {
    const now = Date.parse("2025-03-01T10:00:00Z");
    expect(msUntil("2025-03-01T10:25:00Z", now)).toBe(25 * 60_000);
    expect(msUntil("2025-03-01T09:59:00Z", now)).toBe(-60_000);
  });
});

describe("Focusing until HH:MM", () => {
  it("formats the end in the profile's zone", () => {
    const endsAt = "2025-01-15T14:30:00Z";
    expect(clockInZone(endsAt, "UTC")).toBe("14:30");
    expect(clockInZone(endsAt, "Europe/Berlin")).toBe("15:30");
    expect(clockInZone(endsAt, "America/New_York")).toBe("09:30");
    expect(clockInZone(endsAt, "Asia/Kolkata")).toBe("20:00");
    expect(focusUntilText(endsAt, "Europe/Berlin")).toBe("Focusing until 15:30");
  });

  it("follows daylight saving time", () => {
    expect(clockInZone("2025-07-15T14:30:00Z", "Europe/Berlin")).toBe("16:30");
  });

  it("uses 00 for midnight, not 24", () => {
    expect(clockInZone("2025-01-15T23:05:00Z", "Europe/Berlin")).toBe("00:05");
  });

  it("accepts offsets other than Z", () => {
    expect(clockInZone("2025-01-15T15:30:00+01:00", "UTC")).toBe("14:30");
  });

  it("says tomorrow when the session ends after midnight there", () => {
    expect(focusUntilText("2025-01-15T23:30:00Z", "Europe/Berlin", "2025-01-15T22:00:00Z")).toBe(
      "Focusing until 00:30 tomorrow",
    );
    expect(focusUntilText("2025-01-15T21:30:00Z", "Europe/Berlin", "2025-01-15T21:00:00Z")).toBe(
      "Focusing until 22:30",
    );
  });

  it("handles bad input without throwing", () => {
    expect(clockInZone("not a date", "UTC")).toBe("--:--");
    expect(clockInZone("2025-01-15T14:30:00Z", "Not/AZone")).toMatch(/^\d{2}:\d{2}$/);
  });
});

describe("day and clock in a zone", () => {
  const NOW = "2025-01-15T10:00:00Z"; // 11:00 in Berlin

  it("names tomorrow and later days", () => {
    expect(whenInZone("2025-01-16T08:30:00Z", "Europe/Berlin", NOW)).toBe("tomorrow 09:30");
    expect(whenInZone("2025-01-20T08:30:00Z", "Europe/Berlin", NOW)).toBe("Mon 09:30");
    // 23:30 UTC on the 15th is already the 16th in Berlin.
    expect(whenInZone("2025-01-15T23:30:00Z", "Europe/Berlin", NOW)).toBe("tomorrow 00:30");
    expect(whenInZone("2025-01-15T23:30:00Z", "UTC", NOW)).toBe("23:30");
  });
});

describe("greeting", () => {
  it("depends on the local hour", () => {
    expect(greeting("08:10")).toBe("Good morning");
    expect(greeting("13:00")).toBe("Good afternoon");
    expect(greeting("21:45")).toBe("Good evening");
    expect(greeting("03:00")).toBe("Good evening");
    expect(greeting(null)).toBe("Hello");
  });
});
