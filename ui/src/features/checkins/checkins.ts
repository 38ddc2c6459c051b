// Check-ins' pure logic: labels for states and kinds, the answer form's draft, and the inputs
// the forms send. No Svelte, no IPC: unit-tested in checkins.test.ts.

import type { CheckinAnswer } from "../../app/bindings/CheckinAnswer";
import type { CheckinAnswerInput } from "../../app/bindings/CheckinAnswerInput";
import type { CheckinQuestion } from "../../app/bindings/CheckinQuestion";
import type { CheckinQuestionInput } from "../../app/bindings/CheckinQuestionInput";
import type { MyCheckin } from "../../app/bindings/MyCheckin";

export const KINDS = [
  { kind: "text", label: "Text" },
  { kind: "yes_no", label: "Yes / no" },
  { kind: "blocker", label: "Blocker" },
  { kind: "mood", label: "Mood 1–5" },
] as const;

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

const STATES: Record<string, { label: string; tone: "ok" | "warn" | "accent" | "" }> = {
  answered: { label: "Answered", tone: "ok" },
  late: { label: "Answered late", tone: "ok" },
  asked: { label: "Waiting", tone: "accent" },
  upcoming: { label: "Not asked yet", tone: "" },
  missed: { label: "No answer", tone: "warn" },
  skipped: { label: "Not asked", tone: "" },
};

/** A participant's state as a pill: its words and its tone. */
export function stateLabel(state: string): { label: string; tone: string } {
  return STATES[state] ?? { label: state, tone: "" };
}

/** Where one of my check-ins stands, in words. */
export function myState(checkin: MyCheckin): { label: string; tone: string } {
  if (checkin.answer) return checkin.answer.late ? STATES.late : STATES.answered;
  return checkin.closed ? { label: "Late — still counted", tone: "warn" } : STATES.asked;
}

/**
 * My check-ins in the order I should answer them: those still in their window, oldest first
 * (the one asked first is read first); then closed ones I have not answered (late answers
 * count) and then the answered ones, newest first in each.
 */
export function sortMine(mine: readonly MyCheckin[]): MyCheckin[] {
  const rank = (c: MyCheckin) => (c.answer ? 2 : c.closed ? 1 : 0);
  return [...mine].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (rank(a) === 0 ? a.asked_at.localeCompare(b.asked_at) : b.asked_at.localeCompare(a.asked_at)) ||
      a.schedule_name.localeCompare(b.schedule_name),
  );
}

/** The check-ins waiting on me: asked, still in their window, unanswered; oldest first. */
export function waitingOnMe(mine: readonly MyCheckin[]): MyCheckin[] {
  return sortMine(mine.filter((c) => !c.answer && !c.closed));
}

/** The form's starting values: my answer if I gave one, else empty. */
export function draftFrom(questions: readonly CheckinQuestion[], answer: CheckinAnswer | null): Record<string, string> {
  const draft: Record<string, string> = {};
  for (const question of questions) {
    draft[question.id] = answer?.items.find((item) => item.question_id === question.id)?.value ?? "";
  }
  return draft;
}

/** What the answer form sends: every question, empty ones included (the core skips them). */
export function answerInput(checkin: Pick<MyCheckin, "schedule_id" | "date">, draft: Record<string, string>): CheckinAnswerInput {
  return {
    schedule_id: checkin.schedule_id,
    date: checkin.date,
    answers: Object.entries(draft).map(([question_id, value]) => ({ question_id, value })),
  };
}

/** The template form's rows as the core's questions, keeping existing ids. */
export function questionInputs(rows: readonly { id: string | null; kind: string; prompt: string }[]): CheckinQuestionInput[] {
  return rows.map((row) => ({ id: row.id, kind: row.kind, prompt: row.prompt }));
}

/** "Mon 23 Nov" for a local date "2026-11-23". */
export function dateLabel(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  if (!y || !m || !d) return date;
  const at = new Date(Date.UTC(y, m - 1, d, 12));
  return new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(at);
}

export const MOODS = [
  { value: "1", label: "1 · rough" },
  { value: "2", label: "2" },
  { value: "3", label: "3 · fine" },
  { value: "4", label: "4" },
  { value: "5", label: "5 · great" },
] as const;
