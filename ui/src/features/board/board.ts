// The kanban's pure logic: columns, keyboard moves between them, and how a card reads aloud.

import type { TaskInput } from "../../app/bindings/TaskInput";
import type { TaskStatus } from "../../app/bindings/TaskStatus";
import type { TaskCard } from "../../app/bindings/TaskCard";
import type { TaskView } from "../../app/bindings/TaskView";
import { wallParts } from "../../shared/time";

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
export function inColumn(tasks: readonly TaskCard[], status: TaskStatus): TaskCard[] {
  return tasks.filter((task) => task.status === status);
}

/** The card of an opened task, as the board holds it. */
export function cardOf(task: TaskView): TaskCard {
  const { id, title, status, owner, due_local, overdue, goal_id, goal_title, blocked_by } = task;
  return { id, title, status, owner, due_local, overdue, goal_id, goal_title, blocked_by };
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
export function cardLabel(task: TaskCard): string {
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

/** An instant's wall time in `zone`, as a datetime-local input holds it ("2026-12-01T17:00"). */
export function wallTimeIn(iso: string, zone: string): string {
  const { year, month, day, hour, minute } = wallParts(new Date(iso), zone);
  return `${year}-${month}-${day}T${hour}:${minute}`;
}

/** What the edit form starts from: the task as it is, its due time shown in the zone it was set in. */
export interface TaskDraft {
  title: string;
  body: string;
  owner: string;
  due: string;
  dueZone: string;
  goal: string;
}

export function draftOf(task: TaskView, myZone: string): TaskDraft {
  const dueZone = task.due_zone ?? myZone;
  return {
    title: task.title,
    body: task.body,
    owner: task.owner?.handle ?? "",
    due: task.due_at ? wallTimeIn(task.due_at, dueZone) : "",
    dueZone,
    goal: task.goal_id ?? "",
  };
}

/**
 * The `edit_task` input for a draft. A due time left as it was is passed on as the stored
 * instant, so a task that is already overdue can still be edited (only a new due time must be
 * in the future).
 */
export function editInput(task: TaskView, start: TaskDraft, draft: TaskDraft): TaskInput {
  const dueKept = task.due_at !== null && draft.due === start.due && draft.dueZone === start.dueZone;
  return {
    title: draft.title,
    body: draft.body,
    owner: draft.owner || null,
    due: dueKept ? task.due_at : dueFromInput(draft.due),
    due_zone: dueKept ? task.due_zone : draft.dueZone.trim() || null,
    goal: draft.goal || null,
    status: null,
  };
}

/** What the form says before asking the core: a title is needed. */
export function draftProblems(draft: TaskDraft): { title?: string } {
  return draft.title.trim() ? {} : { title: "Give the task a title." };
}
