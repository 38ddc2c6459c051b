// Doc helpers: the versions marker, revision numbers, picking two to compare, diff stats, quotes.
import { describe, expect, it } from "vitest";
import { comparePair, diffStats, quoteOf, revisionNumber, togglePick, versionsLabel } from "./docs";
import { revision } from "./fixtures";

const REVISIONS = [revision(3), revision(2), revision(1)];

describe("docs helpers", () => {
  it("marks a doc with unmerged versions", () => {
    expect(versionsLabel(1)).toBeNull();
    expect(versionsLabel(2)).toBe("2 versions");
  });

  it("numbers revisions from the first", () => {
    expect(revisionNumber(REVISIONS, "r3")).toBe(3);
    expect(revisionNumber(REVISIONS, "r1")).toBe(1);
    expect(revisionNumber(REVISIONS, "nope")).toBe(0);
  });

  it("keeps two picks at most, dropping the earliest", () => {
    expect(togglePick([], "r1")).toEqual(["r1"]);
    expect(togglePick(["r1", "r2"], "r3")).toEqual(["r2", "r3"]);
    expect(togglePick(["r1", "r2"], "r1")).toEqual(["r2"]);
  });

  it("compares the older pick against the newer, whatever the order they were picked in", () => {
    expect(comparePair(REVISIONS, ["r3", "r1"])).toEqual({ from: "r1", to: "r3" });
    expect(comparePair(REVISIONS, ["r1", "r2"])).toEqual({ from: "r1", to: "r2" });
    expect(comparePair(REVISIONS, ["r1"])).toBeNull();
  });

  it("counts the words a diff adds and removes", () => {
    expect(
      diffStats([
        { tag: "equal", text: "Restart the " },
        { tag: "delete", text: "old server" },
        { tag: "insert", text: "server twice" },
        { tag: "insert", text: " now" },
      ]),
    ).toBe("3 words added, 2 words removed");
    expect(diffStats([{ tag: "equal", text: "same" }])).toBe("No changes in the text");
    expect(diffStats([{ tag: "insert", text: "one" }])).toBe("1 word added");
  });

  it("reads a selection as the quote the core looks for", () => {
    expect(quoteOf("  the server \n")).toBe("the server");
    expect(quoteOf("First para\n\n\n\nSecond")).toBe("First para\n\nSecond");
    expect(quoteOf("   ")).toBeNull();
  });
});
