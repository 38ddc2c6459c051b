// Writing helpers: the mention at the caret, inserting a teammate, matching, and typing keys.
import { describe, expect, it } from "vitest";
import type { MemberNow } from "../app/bindings/MemberNow";
import { insertMention, isSendKey, isShortcut, isTyping, matchTeammates, mentionAt } from "./drafting";

const row = (handle: string, name: string) => ({ member: { handle, display_name: name } }) as MemberNow;
const ROWS = [row("grace", "Grace Hopper"), row("aroha", "Aroha Ngata"), row("gus", "Augustus Gloop")];

describe("mentionAt", () => {
  it("finds the handle being typed at the caret", () => {
    expect(mentionAt("Hi @gra", 7)).toEqual({ start: 3, query: "gra" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("(@ar", 4)).toEqual({ start: 1, query: "ar" });
  });

  it("ignores e-mail addresses, finished mentions and text away from the caret", () => {
    expect(mentionAt("mail ada@example.org", 20)).toBeNull();
    expect(mentionAt("Hi @grace and", 13)).toBeNull();
    expect(mentionAt("Hi @gra there", 13)).toBeNull();
  });
});

describe("insertMention", () => {
  it("replaces the typed part with the handle and a space, and puts the caret after it", () => {
    expect(insertMention("Hi @gr", 6, { start: 3, query: "gr" }, "grace")).toEqual({ text: "Hi @grace ", caret: 10 });
  });

  it("replaces the rest of a half-typed handle and keeps the text after it", () => {
    expect(insertMention("Hi @grxx, ok", 6, { start: 3, query: "gr" }, "@grace")).toEqual({
      text: "Hi @grace, ok",
      caret: 9,
    });
    expect(insertMention("@a rest", 2, { start: 0, query: "a" }, "aroha")).toEqual({ text: "@aroha rest", caret: 7 });
  });
});

describe("matchTeammates", () => {
  it("puts handle matches before name matches, case-insensitively", () => {
    expect(matchTeammates(ROWS, "G").map((r) => r.member.handle)).toEqual(["grace", "gus"]);
    expect(matchTeammates(ROWS, "ngata").map((r) => r.member.handle)).toEqual(["aroha"]);
    expect(matchTeammates(ROWS, "au").map((r) => r.member.handle)).toEqual(["gus"]);
  });

  it("lists everyone for an empty query, up to the limit", () => {
    expect(matchTeammates(ROWS, "")).toHaveLength(3);
    expect(matchTeammates(ROWS, "", 2)).toHaveLength(2);
    expect(matchTeammates(ROWS, "zed")).toEqual([]);
  });
});

describe("keys", () => {
  const key = (init: KeyboardEventInit, target?: EventTarget) => {
    const event = new KeyboardEvent("keydown", init);
    if (target) Object.defineProperty(event, "target", { value: target });
    return event;
  };

  it("sends on Ctrl+Enter or Cmd+Enter only", () => {
    expect(isSendKey(key({ key: "Enter", ctrlKey: true }))).toBe(true);
    expect(isSendKey(key({ key: "Enter", metaKey: true }))).toBe(true);
    expect(isSendKey(key({ key: "Enter" }))).toBe(false);
    expect(isSendKey(key({ key: "Enter", ctrlKey: true, shiftKey: true }))).toBe(false);
  });

  it("leaves keys typed into text fields alone", () => {
    const textarea = document.createElement("textarea");
    const text = document.createElement("input");
    const box = Object.assign(document.createElement("input"), { type: "checkbox" });
    const button = document.createElement("button");
    expect(isTyping(textarea)).toBe(true);
    expect(isTyping(text)).toBe(true);
    expect(isTyping(box)).toBe(false);
    expect(isTyping(button)).toBe(false);
    expect(isShortcut(key({ key: "j" }, textarea))).toBe(false);
    expect(isShortcut(key({ key: "j" }, button))).toBe(true);
    expect(isShortcut(key({ key: "j", ctrlKey: true }, button))).toBe(false);
  });
});
