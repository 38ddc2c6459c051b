// Delivery-schedule logic: time chips and presets.
import { describe, expect, it } from "vitest";
import {
  addTime,
  copyMondayTimes,
  isAsap,
  normalizeSchedule,
  parseChipTime,
  presetAsap,
  presetThree,
  removeTime,
  sortTimes,
} from "./schedule";

describe("delivery-time chips", () => {
  it("accepts loose input and normalizes it", () => {
    expect(parseChipTime("9")).toEqual({ time: "09:00" });
    expect(parseChipTime(" 1630 ")).toEqual({ time: "16:30" });
    expect(parseChipTime("13.00")).toEqual({ time: "13:00" });
    expect(parseChipTime("00:00")).toEqual({ time: "00:00" });
  });

  it("rejects what is not a time of day", () => {
    expect(parseChipTime("")).toEqual({ error: "Enter a time." });
    expect(parseChipTime("noon")).toEqual({ error: "Use HH:MM, such as 09:30." });
    expect(parseChipTime("24:00")).toEqual({ error: "Use a time from 00:00 to 23:59." });
    expect(parseChipTime("25:00")).toHaveProperty("error");
    expect(parseChipTime("12:60")).toHaveProperty("error");
  });

  it("sorts by time and drops duplicates", () => {
    expect(sortTimes(["16:30", "09:30", "13:00", "09:30"])).toEqual(["09:30", "13:00", "16:30"]);
    expect(addTime(["09:30", "16:30"], "13:00")).toEqual(["09:30", "13:00", "16:30"]);
    expect(addTime(["09:30"], "09:30")).toEqual(["09:30"]);
    expect(removeTime(["09:30", "13:00"], "09:30")).toEqual(["13:00"]);
  });

  it("pads a schedule to seven sorted days", () => {
    expect(normalizeSchedule([["13:00", "09:00"]])).toEqual([["09:00", "13:00"], [], [], [], [], [], []]);
  });
});

describe("presets", () => {
  it("three a day sets Monday to Friday and keeps the weekend", () => {
    const weekend = [[], [], [], [], [], ["10:00"], []];
    const next = presetThree(weekend);
    for (let d = 0; d < 5; d++) expect(next[d]).toEqual(["09:30", "13:00", "16:30"]);
    expect(next[5]).toEqual(["10:00"]);
    expect(next[6]).toEqual([]);
    expect(weekend[0]).toEqual([]);
  });

  it("as they come clears every day", () => {
    expect(presetAsap()).toEqual([[], [], [], [], [], [], []]);
    expect(isAsap(presetAsap())).toBe(true);
    expect(isAsap(presetThree([]))).toBe(false);
  });

  it("copies Monday onto the other weekdays only", () => {
    const next = copyMondayTimes([["08:00"], ["12:00"], [], [], [], ["10:00"], []]);
    expect(next.slice(0, 5)).toEqual([["08:00"], ["08:00"], ["08:00"], ["08:00"], ["08:00"]]);
    expect(next[5]).toEqual(["10:00"]);
  });
});
