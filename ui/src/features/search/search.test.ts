import { describe, expect, it } from "vitest";
import { anchorOf, composeQuery, kindLabel, moveSelection, NO_FILTERS, progressPercent } from "./search";

describe("composeQuery", () => {
  it("leaves the text alone without filters", () => {
    expect(composeQuery("launch pl", NO_FILTERS)).toBe("launch pl");
  });
  it("puts operators first so the typed word stays a prefix", () => {
    expect(composeQuery("launch pl", { ...NO_FILTERS, kind: "thread", from: "@priya", channel: "#general" })).toBe(
      "is:thread from:@priya in:#general launch pl",
    );
  });
  it("writes dates, open and archived", () => {
    expect(
      composeQuery("", { ...NO_FILTERS, after: "2026-03-01", before: "2026-04-01", open: true, archived: true }),
    ).toBe("after:2026-03-01 before:2026-04-01 is:open is:archived ");
  });
  it("quotes a channel name with spaces", () => {
    expect(composeQuery("x ", { ...NO_FILTERS, channel: "big plans" })).toBe('in:#"big plans" x ');
  });
});

describe("results", () => {
  it("names kinds", () => {
    expect(kindLabel("doc_comment")).toBe("Doc comment");
    expect(kindLabel("member")).toBe("Person");
    expect(kindLabel("change")).toBe("Change request");
    expect(kindLabel("decision")).toBe("Decision");
    expect(kindLabel("check_in")).toBe("check in");
  });
  it("anchors comments", () => {
    expect(anchorOf({ view: "thread", channel_id: "c", thread_id: "t", comment_id: "m" })).toBe("comment-m");
    expect(anchorOf({ view: "doc", doc_id: "d", comment_id: "m" })).toBe("doc-comment-m");
    expect(anchorOf({ view: "thread", channel_id: "c", thread_id: "t", comment_id: null })).toBeNull();
    expect(anchorOf({ view: "channel", channel_id: "c" })).toBeNull();
    expect(anchorOf({ view: "goal", goal_id: "g" })).toBe("goal-g");
    expect(anchorOf({ view: "task", task_id: "t" })).toBeNull();
  });
  it("shows progress and wraps the selection", () => {
    expect(progressPercent({ done: 450, total: 1000 })).toBe(45);
    expect(progressPercent(null)).toBeNull();
    expect(moveSelection(0, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(0);
  });
});
