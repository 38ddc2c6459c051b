// The kanban's pure logic: columns, keyboard moves between them, and how a card reads aloud.

import type { TaskStatus } from "../../app/bindings/TaskStatus";
import type { TaskView } from "../../app/bindings/TaskView";

export const COLUMNS: { status: TaskStatus; label: string }[] = [
  { status: "backlog", label: "Backlog" },
  { status: "todo", label: "To do" },
  { status: "in_progress", label: "In progress" },
  { status: "done", label: "Done" },
];

export const STATUS_LABEL: Record<TaskStatus, string> = {
  backlog: "Backlog",
  todo: "To do",
  in_progress: "In progress",
  done: "Done",
  canceled: "Canceled",
};

/** The columns shown: canceled only when asked for. */
export function columns(showCanceled: boolean): { status: TaskStatus; label: string }[] {
  return showCanceled ? [...COLUMNS, { status: "canceled", label: "Canceled" }] : COLUMNS;
}

/** Tasks of one column, in board order. */
export function inColumn(tasks: readonly TaskView[], status: TaskStatus): TaskView[] {
  return tasks.filter((task) => task.status === status);
}

/** The column a keyboard move lands in: one step left or right, or null at the edge. */
export function neighbour(
  shown: readonly { status: TaskStatus }[],
  status: TaskStatus,
  step: -1 | 1,
): TaskStatus | null {
  const at = shown.findIndex((column) => column.status === status);
  if (at < 0) return null;
  return shown[at + step]?.status ?? null;
}

/** What a screen reader hears on a card: title, owner, due, blocked. */
export function cardLabel(task: TaskView): string {
  const parts = [task.title];
  if (task.owner) parts.push(`owner @${task.owner.handle}`);
  if (task.due_local) parts.push(`${task.overdue ? "overdue, was due" : "due"} ${task.due_local}`);
  if (task.blocked_by.length > 0) parts.push(`blocked by ${task.blocked_by.map((t) => t.title).join(", ")}`);
  return parts.join(", ");
}

/** Local "YYYY-MM-DD HH:MM" of a datetime-local input, as the core reads a due time. */
export function dueFromInput(value: string): string | null {
  const trimmed = value.trim();
  return trimmed ? trimmed.replace("T", " ") : null;
}
