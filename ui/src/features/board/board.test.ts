import { describe, expect, it } from "vitest";
import { cardLabel, cardOf, columns, draftOf, draftProblems, dueFromInput, editInput, inColumn, neighbour, wallTimeIn } from "./board";
import { makeTask } from "./fixtures";

describe("the kanban's keyboard moves", () => {
  it("step one column left or right and stop at the edges", () => {
    const shown = columns(false);
    expect(neighbour(shown, "todo", 1)).toBe("in_progress");
    expect(neighbour(shown, "todo", -1)).toBe("backlog");
    expect(neighbour(shown, "backlog", -1)).toBeNull();
    expect(neighbour(shown, "done", 1)).toBeNull();
    expect(neighbour(columns(true), "done", 1)).toBe("canceled");
  });

  it("keeps each column's tasks in board order", () => {
    const tasks = [makeTask({ id: "a" }), makeTask({ id: "b", status: "done" }), makeTask({ id: "c" })];
    expect(inColumn(tasks, "todo").map((t) => t.id)).toEqual(["a", "c"]);
  });
});

describe("an opened task put back on the board", () => {
  it("keeps only what a card holds", () => {
    const blocker = { id: "b", title: "Review", status: "todo" as const };
    const task = makeTask({ body: "Long notes", waits_on: [blocker], blocked_by: [blocker], goal_title: "Ship" });
    expect(cardOf(task)).toEqual({
      id: "t1",
      title: "Write notes",
      status: "todo",
      owner: null,
      due_local: null,
      overdue: false,
      goal_id: null,
      goal_title: "Ship",
      blocked_by: [blocker],
    });
  });
});

describe("a card read aloud", () => {
  it("says owner, due and what blocks it", () => {
    const task = makeTask({
      owner: { id: "m", handle: "aroha", display_name: "Aroha" },
      due_local: "Tue 1 Dec 17:00",
      overdue: true,
      blocked_by: [{ id: "b", title: "Review", status: "todo" }],
    });
    expect(cardLabel(task)).toBe("Write notes, owner @aroha, overdue, was due Tue 1 Dec 17:00, blocked by Review");
  });
});

it("turns a datetime-local value into the core's due text", () => {
  expect(dueFromInput("2026-12-01T17:00")).toBe("2026-12-01 17:00");
  expect(dueFromInput("")).toBeNull();
});

describe("the edit form's draft", () => {
  const task = makeTask({ due_at: "2026-03-29T00:30:00Z", due_zone: "Europe/London", goal_id: "g1" });

  it("shows a due instant as wall time in the zone it was set in, across a DST change", () => {
    expect(wallTimeIn("2026-03-29T00:30:00Z", "Europe/London")).toBe("2026-03-29T00:30");
    expect(wallTimeIn("2026-03-29T01:30:00Z", "Europe/London")).toBe("2026-03-29T02:30");
    expect(wallTimeIn("2026-12-01T16:00:00Z", "Pacific/Auckland")).toBe("2026-12-02T05:00");
  });

  it("passes an untouched due time on as the stored instant, and a changed one as typed", () => {
    const start = draftOf(task, "Pacific/Auckland");
    expect(start.dueZone).toBe("Europe/London");
    expect(editInput(task, start, { ...start }).due).toBe("2026-03-29T00:30:00Z");
    const moved = editInput(task, start, { ...start, due: "2026-04-02T17:00", dueZone: "Asia/Tokyo" });
    expect([moved.due, moved.due_zone]).toEqual(["2026-04-02 17:00", "Asia/Tokyo"]);
    expect(editInput(task, start, { ...start, due: "" }).due).toBeNull();
    expect(editInput(task, start, { ...start, goal: "" }).goal).toBeNull();
  });

  it("starts a task with no due time in my zone", () => {
    expect(draftOf(makeTask(), "Asia/Tokyo")).toMatchObject({ due: "", dueZone: "Asia/Tokyo", owner: "" });
  });

  it("asks for a title before the core does", () => {
    expect(draftProblems({ ...draftOf(makeTask(), "UTC"), title: " " }).title).toBe("Give the task a title.");
    expect(draftProblems(draftOf(makeTask(), "UTC"))).toEqual({});
  });
});
