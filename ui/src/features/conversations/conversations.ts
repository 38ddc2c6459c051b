// Pure helpers for channels and threads: list keys, the channel form, reaction tooltips and
// the "edited" marker.

import type { Channel } from "../../app/bindings/Channel";
import type { ChannelInput } from "../../app/bindings/ChannelInput";
import type { Posted } from "../../app/bindings/Posted";
import type { ReactionGroup } from "../../app/bindings/ReactionGroup";
import { isShortcut } from "../../shared/drafting";
import { clockInZone } from "../../shared/time";

/** What a comment's own composer is doing: replying to it, editing it, or nothing. */
export type CommentMode = "reply" | "edit" | null;

/** What a key does in a thread list. */
export type ListAction = "next" | "previous" | "open" | "done";

/** j/k move, Enter opens, e toggles done; nothing while typing or with a modifier. */
export function listAction(event: KeyboardEvent): ListAction | null {
  if (!isShortcut(event) || event.shiftKey) return null;
  switch (event.key) {
    case "j":
    case "ArrowDown":
      return "next";
    case "k":
    case "ArrowUp":
      return "previous";
    case "Enter":
      return "open";
    case "e":
      return "done";
    default:
      return null;
  }
}

/** The selection after moving by `step` in a list of `count`, staying inside it. */
export function moveSelection(current: number, step: number, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return step > 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + step));
}

/** "edited 14:05" in my zone. */
export function editedLabel(editedAt: string, timeZone: string): string {
  return `edited ${clockInZone(editedAt, timeZone)}`;
}

/** Who chose a reaction, for its tooltip: "You, Grace Hopper and Aroha Ngata reacted with 🎉". */
export function reactionTitle(group: ReactionGroup, myId: string): string {
  const names = group.people.map((person) => (person.id === myId ? "You" : person.display_name));
  if (group.mine && !names.includes("You")) names.unshift("You");
  const list = names.length <= 1 ? (names[0] ?? "Nobody") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `${list} reacted with ${group.emoji}`;
}

/** What the channel form holds. */
export interface ChannelForm {
  name: string;
  private: boolean;
  reason: string;
  /** "1d", "4h" or empty for none. */
  expect: string;
  /** Handles (without "@") of the members of a private channel, besides me. */
  members: string[];
}

export type ChannelField = "name" | "reason" | "expect" | "members";

export function emptyChannelForm(): ChannelForm {
  return { name: "", private: false, reason: "", expect: "", members: [] };
}

/** A working-hours expectation written the way the form takes it: 8 → "1d", 4 → "4h". */
export function expectText(hours: number | null): string {
  if (!hours) return "";
  return hours % 8 === 0 ? `${hours / 8}d` : `${hours}h`;
}

/** The form prefilled with a channel's settings (my own handle left out of its members). */
export function channelFormOf(channel: Channel, myHandle: string): ChannelForm {
  return {
    name: channel.name,
    private: channel.private,
    reason: channel.reason ?? "",
    expect: expectText(channel.expect_hours),
    members: channel.members.map((member) => member.handle).filter((handle) => handle !== myHandle),
  };
}

/** What the form lacks before the core is asked; the core checks the rest. */
export function channelFormErrors(form: ChannelForm): Partial<Record<ChannelField, string>> {
  const errors: Partial<Record<ChannelField, string>> = {};
  if (!form.name.trim().replace(/^#/, "")) errors.name = "Give the channel a name, such as design or releases.";
  if (form.private && !form.reason.trim()) {
    errors.reason = "Say why it is private (for example “Salary reviews”); the team defaults to open access.";
  }
  return errors;
}

export function channelInputOf(form: ChannelForm): ChannelInput {
  return {
    name: form.name.trim().replace(/^#/, ""),
    private: form.private,
    reason: form.private ? form.reason.trim() : null,
    expect: form.expect.trim() || null,
    members: form.private ? [...form.members] : [],
  };
}

/**
 * What the writer should know once a post went out: handles that matched nobody, and whose
 * notification waits for their working hours. Null when there is nothing to say.
 */
export function postedNotice(posted: Posted): string | null {
  const lines = [...posted.warnings, ...posted.held];
  return lines.length > 0 ? `Sent. ${lines.join(" ")}` : null;
}
