// Search's pure logic: turning the search page's filters into the query language, naming what
// a result is, and where opening it lands.

import type { IndexProgress } from "../../app/bindings/IndexProgress";
import type { SearchTarget } from "../../app/bindings/SearchTarget";

/** The search page's filters; each one becomes an operator of the query. */
export interface Filters {
  kind: "" | "thread" | "doc" | "task" | "goal" | "capture" | "decision" | "change" | "checkin" | "channel" | "member";
  from: string;
  channel: string;
  after: string;
  before: string;
  open: boolean;
  archived: boolean;
}

export const NO_FILTERS: Filters = { kind: "", from: "", channel: "", after: "", before: "", open: false, archived: false };

/** Quotes a value that holds spaces, so it stays one operator value. */
function value(text: string): string {
  return /\s/.test(text) ? `"${text.replace(/"/g, "")}"` : text;
}

/** The typed text followed by the filters as operators, e.g. `launch from:@priya is:thread`. */
export function composeQuery(text: string, filters: Filters): string {
  const parts: string[] = [];
  if (filters.kind) parts.push(`is:${filters.kind}`);
  if (filters.from.trim()) parts.push(`from:@${value(filters.from.trim().replace(/^@/, ""))}`);
  if (filters.channel.trim()) parts.push(`in:#${value(filters.channel.trim().replace(/^#/, ""))}`);
  if (filters.after) parts.push(`after:${filters.after}`);
  if (filters.before) parts.push(`before:${filters.before}`);
  if (filters.open) parts.push("is:open");
  if (filters.archived) parts.push("is:archived");
  const typed = text.trim();
  if (parts.length === 0) return text;
  // Operators go first so the word being typed stays last and keeps matching as a prefix.
  return typed ? `${parts.join(" ")} ${text.trimStart()}` : `${parts.join(" ")} `;
}

const KINDS: Record<string, string> = {
  thread: "Thread",
  comment: "Comment",
  doc: "Doc",
  doc_comment: "Doc comment",
  channel: "Channel",
  member: "Person",
  task: "Task",
  goal: "Goal",
  capture: "Capture",
  decision: "Decision",
  change: "Change request",
  checkin: "Check-in",
};

/** What a result is, in words ("Comment", "Doc"). */
export function kindLabel(kind: string): string {
  return KINDS[kind] ?? kind.replace(/_/g, " ");
}

/** The element id opening a result scrolls to, if it lands inside a page. */
export function anchorOf(target: SearchTarget): string | null {
  if (target.view === "thread" && target.comment_id) return `comment-${target.comment_id}`;
  if (target.view === "doc" && target.comment_id) return `doc-comment-${target.comment_id}`;
  if (target.view === "goal") return `goal-${target.goal_id}`;
  if (target.view === "capture") return `capture-${target.capture_id}`;
  return null;
}

/** "Indexing 45%" while the index is being built. */
export function progressPercent(progress: IndexProgress | null): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.min(100, Math.floor((progress.done / progress.total) * 100));
}

/** The next selected row when moving by `step` through `count` results (wrapping round). */
export function moveSelection(selected: number, step: number, count: number): number {
  if (count === 0) return 0;
  return (((selected + step) % count) + count) % count;
}
