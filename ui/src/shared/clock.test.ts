// The UI reads the wall clock in one place (clock.ts), so every screen shows the core's time.
import { afterEach, describe, expect, it, vi } from "vitest";
import { nowMs, syncToCore } from "./clock";

// Every module of the UI as text, tests aside.
const SOURCES = import.meta.glob<string>(["../**/*.ts", "../**/*.svelte", "!../**/*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("the UI's clock", () => {
  afterEach(() => {
    vi.useRealTimers();
    syncToCore(new Date().toISOString());
  });

  it("follows the core's time once a snapshot reported it", () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse("2026-12-07T08:30:00Z"));
    syncToCore("2026-12-13T20:00:00Z");
    expect(new Date(nowMs()).toISOString()).toBe("2026-12-13T20:00:00.000Z");
    vi.advanceTimersByTime(90_000);
    expect(new Date(nowMs()).toISOString()).toBe("2026-12-13T20:01:30.000Z");
  });

  it("is read nowhere else", () => {
    const offenders = Object.entries(SOURCES)
      .filter(([file]) => file !== "./clock.ts")
      .flatMap(([file, text]) =>
        text
          .split("\n")
          .map((line, n) => ({ line, at: `${file}:${n + 1}` }))
          .filter(({ line }) => /Date\.now\(\)|new Date\(\)/.test(line)),
      )
      .map(({ at, line }) => `${at}: ${line.trim()}`);
    expect(Object.keys(SOURCES).length).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});
