// Pure helpers for the inbox: the outlook sentence, relative times and the note form.

import type { NoteKind } from "../../app/api";
import type { NotifyOutlook } from "../../app/bindings/NotifyOutlook";
import { whenInZone } from "../../shared/time";

/** "3 held · next delivery 13:00 (your time) · You are focusing", or "All caught up". */
export function outlookText(outlook: NotifyOutlook, timeZone: string, nowIso: string): string {
  if (outlook.pending <= 0) return "All caught up";
  const parts = [`${outlook.pending} held`];
  if (outlook.next_delivery && !Number.isNaN(Date.parse(outlook.next_delivery))) {
    parts.push(`next delivery ${whenInZone(outlook.next_delivery, timeZone, nowIso)} (your time)`);
  }
  if (outlook.held_because) parts.push(outlook.held_because);
  return parts.join(" · ");
}

export { relativeTime } from "../../shared/time";

export const NOTE_KINDS: readonly { kind: NoteKind; label: string; icon: string }[] = [
  { kind: "mention", label: "Mention", icon: "@" },
  { kind: "reply", label: "Reply", icon: "↩" },
  { kind: "update", label: "Update", icon: "↻" },
  { kind: "decision", label: "Decision", icon: "✓" },
  { kind: "checkin", label: "Check-in", icon: "☺" },
  { kind: "task", label: "Task", icon: "☐" },
];

/** Label and icon for an item kind; unknown kinds show as "Note". */
export function kindInfo(kind: string): { label: string; icon: string } {
  return NOTE_KINDS.find((k) => k.kind === kind) ?? { label: "Note", icon: "•" };
}

export type NoteField = "to" | "kind" | "title" | "body";
export interface NoteInput {
  to: string;
  kind: NoteKind;
  title: string;
  body: string;
  urgent: boolean;
}

/** Trims the note and checks the required parts; the core stays authoritative. */
export function validateNote(
  input: NoteInput,
): { value: { to: string; kind: NoteKind; title: string; body: string | null; urgent: boolean } } | {
  errors: Partial<Record<NoteField, string>>;
} {
  const errors: Partial<Record<NoteField, string>> = {};
  const to = input.to.trim().replace(/^@/, "");
  const title = input.title.trim();
  const body = input.body.trim();
  if (!to) errors.to = "Choose a teammate.";
  if (!title) errors.title = "Enter a title.";
  if (Object.keys(errors).length > 0) return { errors };
  return { value: { to, kind: input.kind, title, body: body.length > 0 ? body : null, urgent: input.urgent } };
}
