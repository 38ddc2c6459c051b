import { describe, expect, it } from "vitest";
import type { TaskView } from "../../app/bindings/TaskView";
import { cardLabel, columns, dueFromInput, inColumn, neighbour } from "./board";

export function makeTask(patch: Partial<TaskView> = {}): TaskView {
  return {
    id: "t1",
    title: "Write notes",
    body: "",
    body_html: "",
    status: "todo",
    owner: null,
    author: null,
    due_at: null,
    due_zone: null,
    due_local: null,
    overdue: false,
    goal_id: null,
    goal_title: null,
    blocked_by: [],
    waits_on: [],
    blocking: [],
    created_at: "2026-11-23T09:00:00.000Z",
    moved_at: null,
    ...patch,
  };
}

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
