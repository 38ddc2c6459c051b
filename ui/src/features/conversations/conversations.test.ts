// Channel and thread helpers: list keys, selection, the channel form, reaction tooltips.
import { describe, expect, it } from "vitest";
import {
  channelFormErrors,
  channelFormOf,
  channelInputOf,
  editedLabel,
  expectText,
  listAction,
  moveSelection,
  reactionTitle,
} from "./conversations";
import { ADA, AROHA, GRACE, PRIVATE_CHANNEL } from "./fixtures";

const key = (init: KeyboardEventInit, target: EventTarget = document.body) => {
  const event = new KeyboardEvent("keydown", init);
  Object.defineProperty(event, "target", { value: target });
  return event;
};

describe("listAction", () => {
  it("maps j/k, the arrows, Enter and e", () => {
    expect(listAction(key({ key: "j" }))).toBe("next");
    expect(listAction(key({ key: "ArrowDown" }))).toBe("next");
    expect(listAction(key({ key: "k" }))).toBe("previous");
    expect(listAction(key({ key: "Enter" }))).toBe("open");
    expect(listAction(key({ key: "e" }))).toBe("done");
    expect(listAction(key({ key: "x" }))).toBeNull();
  });

  it("does nothing while typing or with modifiers", () => {
    expect(listAction(key({ key: "j" }, document.createElement("textarea")))).toBeNull();
    expect(listAction(key({ key: "e" }, document.createElement("input")))).toBeNull();
    expect(listAction(key({ key: "J", shiftKey: true }))).toBeNull();
    expect(listAction(key({ key: "e", ctrlKey: true }))).toBeNull();
  });
});

describe("moveSelection", () => {
  it("starts at the first or last item and stays inside the list", () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});

describe("reactionTitle", () => {
  it("names who reacted, me as You", () => {
    expect(reactionTitle({ emoji: "🎉", people: [GRACE, ADA, AROHA], mine: true }, ADA.id)).toBe(
      "Grace Hopper, You and Aroha Ngata reacted with 🎉",
    );
    expect(reactionTitle({ emoji: "👀", people: [GRACE], mine: false }, ADA.id)).toBe("Grace Hopper reacted with 👀");
  });
});

describe("channel form", () => {
  it("needs a name, and a reason when private", () => {
    expect(channelFormErrors({ name: " # ", private: false, reason: "", expect: "", members: [] }).name).toBeTruthy();
    const errors = channelFormErrors({ name: "hr", private: true, reason: "  ", expect: "", members: [] });
    expect(errors.reason).toContain("private");
    expect(channelFormErrors({ name: "hr", private: true, reason: "Reviews", expect: "", members: [] })).toEqual({});
  });

  it("sends members and reason only for a private channel", () => {
    expect(channelInputOf({ name: "#Design ", private: false, reason: "x", expect: " 4h ", members: ["grace"] })).toEqual({
      name: "Design",
      private: false,
      reason: null,
      expect: "4h",
      members: [],
    });
    expect(channelInputOf({ name: "hr", private: true, reason: " Reviews ", expect: "", members: ["grace"] })).toEqual({
      name: "hr",
      private: true,
      reason: "Reviews",
      expect: null,
      members: ["grace"],
    });
  });

  it("prefills from a channel, without me among the members", () => {
    expect(channelFormOf(PRIVATE_CHANNEL, "ada")).toEqual({
      name: "salaries",
      private: true,
      reason: "Salary reviews",
      expect: "",
      members: ["grace"],
    });
    expect(expectText(8)).toBe("1d");
    expect(expectText(16)).toBe("2d");
    expect(expectText(4)).toBe("4h");
    expect(expectText(null)).toBe("");
  });

  it("writes the edit time in my zone", () => {
    expect(editedLabel("2025-01-15T11:30:00Z", "Europe/Berlin")).toBe("edited 12:30");
  });
});
