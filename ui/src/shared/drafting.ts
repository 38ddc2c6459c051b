// Pure helpers for writing: the @-mention being typed at the caret, inserting a chosen
// teammate, matching teammates, and which keys belong to the writer rather than the screen.

import type { MemberNow } from "../app/bindings/MemberNow";

/** An @handle being typed: where its "@" is and what follows it up to the caret. */
export interface MentionQuery {
  start: number;
  query: string;
}

// An "@" at the start or after a space or an opening mark; then handle characters up to the caret.
const TYPING_MENTION = /(^|[\s([{>"'“‘,;])@([\p{L}\p{N}_.-]{0,40})$/u;

/** The mention being typed at `caret` in `text`, or null when the caret is not in one. */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const match = TYPING_MENTION.exec(before);
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: caret - query.length - 1, query };
}

/** `text` with the mention being typed replaced by `@handle ` and where the caret goes next. */
export function insertMention(
  text: string,
  caret: number,
  at: MentionQuery,
  handle: string,
): { text: string; caret: number } {
  const bare = handle.replace(/^@/, "");
  const after = text.slice(caret).replace(/^[\p{L}\p{N}_.-]*/u, "");
  // A space follows the handle unless the text goes on with one or with punctuation; the caret
  // goes after that space.
  const spaced = /^\s/.test(after);
  const punctuated = /^[,.;:!?)\]}]/.test(after);
  const inserted = `@${bare}${spaced || punctuated ? "" : " "}`;
  const next = text.slice(0, at.start) + inserted + after;
  return { text: next, caret: at.start + inserted.length + (spaced ? 1 : 0) };
}

/**
 * Teammates whose handle or a word of whose name starts with `query` (case-insensitive),
 * handles first, then names; every teammate for an empty query. At most `limit`.
 */
export function matchTeammates(rows: readonly MemberNow[], query: string, limit = 6): MemberNow[] {
  const q = query.toLowerCase();
  if (!q) return rows.slice(0, limit);
  const byHandle = rows.filter((row) => row.member.handle.toLowerCase().startsWith(q));
  const byName = rows.filter(
    (row) =>
      !byHandle.includes(row) &&
      row.member.display_name
        .toLowerCase()
        .split(/\s+/)
        .some((word) => word.startsWith(q)),
  );
  return [...byHandle, ...byName].slice(0, limit);
}

/** Ctrl+Enter (Cmd+Enter on a Mac) sends. */
export function isSendKey(event: KeyboardEvent): boolean {
  return event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
}

/** Whether keys pressed in `target` are someone typing, which screen shortcuts must leave alone. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
}

/** A shortcut key: a plain key press outside any text field, without Ctrl, Alt or Meta. */
export function isShortcut(event: KeyboardEvent): boolean {
  return !event.ctrlKey && !event.altKey && !event.metaKey && !event.defaultPrevented && !isTyping(event.target);
}
