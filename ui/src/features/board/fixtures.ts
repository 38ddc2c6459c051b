// A task card for the board's tests, with what each test cares about patched in.

import type { TaskView } from "../../app/bindings/TaskView";

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
