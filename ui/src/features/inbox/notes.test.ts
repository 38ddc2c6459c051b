// Inbox logic: the outlook sentence, relative times and note validation.
import { describe, expect, it } from "vitest";
import { kindInfo, outlookText, relativeTime, validateNote } from "./notes";

describe("outlook text", () => {
  const NOW = "2025-01-15T10:00:00Z"; // 11:00 in Berlin

  it("is calm when nothing is held", () => {
    expect(outlookText({ pending: 0, next_delivery: null, held_because: null }, "Europe/Berlin", NOW)).toBe(
      "All caught up",
    );
  });

  it("gives the count, the next delivery in my zone and the reason", () => {
    expect(
      outlookText(
        { pending: 3, next_delivery: "2025-01-15T12:00:00Z", held_because: "You are focusing" },
        "Europe/Berlin",
        NOW,
      ),
    ).toBe("3 held · next delivery 13:00 (your time) · You are focusing");
    expect(
      outlookText({ pending: 1, next_delivery: "2025-01-15T12:00:00Z", held_because: null }, "America/New_York", NOW),
    ).toBe("1 held · next delivery 07:00 (your time)");
  });

  it("leaves out what is unknown", () => {
    expect(outlookText({ pending: 2, next_delivery: null, held_because: "Outside working hours" }, "UTC", NOW)).toBe(
      "2 held · Outside working hours",
    );
  });
});

describe("relative time", () => {
  const now = Date.parse("2025-01-15T12:00:00Z");
  it("counts minutes, hours and days", () => {
    expect(relativeTime("2025-01-15T11:59:30Z", now)).toBe("just now");
    expect(relativeTime("2025-01-15T12:00:20Z", now)).toBe("just now");
    expect(relativeTime("2025-01-15T11:55:00Z", now)).toBe("5 min ago");
    expect(relativeTime("2025-01-15T09:30:00Z", now)).toBe("2 h ago");
    expect(relativeTime("2025-01-14T10:00:00Z", now)).toBe("yesterday");
    expect(relativeTime("2025-01-12T12:00:00Z", now)).toBe("3 days ago");
    expect(relativeTime("2025-01-02T12:00:00Z", now)).toBe("2 Jan 2025");
    expect(relativeTime("nonsense", now)).toBe("");
  });
});

describe("notes", () => {
  it("knows its kinds", () => {
    expect(kindInfo("decision").label).toBe("Decision");
    expect(kindInfo("something-new").label).toBe("Note");
  });

  it("trims and requires a teammate and a title", () => {
    expect(validateNote({ to: "", kind: "update", title: "  ", body: "", urgent: false })).toEqual({
      errors: { to: "Choose a teammate.", title: "Enter a title." },
    });
    expect(validateNote({ to: "@grace", kind: "task", title: " Review ", body: "  ", urgent: true })).toEqual({
      value: { to: "grace", kind: "task", title: "Review", body: null, urgent: true },
    });
  });
});
