// Pure helpers of the decisions and change-request screens: form state to the core's input,
// the checks worth making before asking the core, and words for states.

import type { ChangeInput } from "../../app/bindings/ChangeInput";
import type { ChangeRouting } from "../../app/bindings/ChangeRouting";
import type { DecisionInput } from "../../app/bindings/DecisionInput";

/** A `datetime-local` value ("2026-12-01T17:00") as the core reads a local time. */
export function localTimeText(value: string): string {
  return value.trim().replace("T", " ");
}

/** One option per line; blank lines dropped. */
export function optionsOf(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** "@a, b" → ["a", "b"]. */
export function handlesOf(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((handle) => handle.trim().replace(/^@/, ""))
    .filter((handle) => handle.length > 0);
}

export interface DecisionForm {
  title: string;
  context: string;
  options: string;
  voters: string;
  closes: string;
  hideResults: boolean;
}

export type DecisionField = "title" | "context" | "options" | "voters" | "closes";

export function emptyDecisionForm(): DecisionForm {
  return { title: "", context: "", options: "", voters: "", closes: "", hideResults: false };
}

export function decisionInputOf(form: DecisionForm, supersedes: string | null = null): DecisionInput {
  return {
    title: form.title,
    context: form.context,
    options: optionsOf(form.options),
    voters: handlesOf(form.voters),
    closes: localTimeText(form.closes),
    hide_results: form.hideResults,
    supersedes,
  };
}

/** What can be told before asking the core; the core checks everything again. */
export function decisionFormErrors(form: DecisionForm): Partial<Record<DecisionField, string>> {
  const errors: Partial<Record<DecisionField, string>> = {};
  if (!form.title.trim()) errors.title = "Give the decision a title: a few words that say what is being decided.";
  if (optionsOf(form.options).length === 1) errors.options = "Give at least two options, or none for agree / abstain / disagree / block.";
  if (!form.closes.trim()) errors.closes = "Say when voting closes.";
  return errors;
}

/** Choices whose vote needs a reason. */
export function needsReason(choice: string): boolean {
  const lower = choice.trim().toLowerCase();
  return lower === "disagree" || lower === "block";
}

export interface ChangeForm {
  title: string;
  kind: "standard" | "normal" | "emergency";
  template: string;
  systems: string;
  what: string;
  why: string;
  tested: boolean;
  results: string;
  consequence: string;
  rollback: string;
  windowStart: string;
  windowEnd: string;
  justification: string;
}

export type ChangeField =
  | "title"
  | "kind"
  | "template"
  | "systems"
  | "what"
  | "why"
  | "results_url"
  | "consequence"
  | "rollback"
  | "window_start"
  | "window_end"
  | "justification";

export function emptyChangeForm(): ChangeForm {
  return {
    title: "",
    kind: "normal",
    template: "",
    systems: "",
    what: "",
    why: "",
    tested: false,
    results: "",
    consequence: "",
    rollback: "",
    windowStart: "",
    windowEnd: "",
    justification: "",
  };
}

export function systemsOf(text: string): string[] {
  return text
    .split(",")
    .map((system) => system.trim().toLowerCase())
    .filter((system) => system.length > 0);
}

const optional = (text: string): string | null => (text.trim() ? text.trim() : null);

export function changeInputOf(form: ChangeForm): ChangeInput {
  return {
    title: form.title,
    kind: form.kind,
    what: form.what,
    why: form.why,
    systems: systemsOf(form.systems),
    tested: form.tested,
    results_url: form.tested ? optional(form.results) : null,
    consequence: form.consequence,
    rollback: form.rollback,
    window_start: optional(localTimeText(form.windowStart)),
    window_end: optional(localTimeText(form.windowEnd)),
    justification: form.kind === "emergency" ? optional(form.justification) : null,
    template: form.kind === "standard" ? optional(form.template) : null,
  };
}

export function changeFormErrors(form: ChangeForm): Partial<Record<ChangeField, string>> {
  const errors: Partial<Record<ChangeField, string>> = {};
  if (!form.title.trim()) errors.title = "Give the change a title.";
  if (form.kind === "standard" && !form.template.trim()) errors.template = "Pick the pre-approved template.";
  if (form.kind !== "standard" && systemsOf(form.systems).length === 0)
    errors.systems = "Name the systems it affects; their rules add the approvers.";
  if (form.tested && !form.results.trim()) errors.results_url = "Link the test results, or untick “tested”.";
  if (form.kind === "emergency" && !form.justification.trim())
    errors.justification = "Say why it cannot wait for the normal approvals.";
  return errors;
}

/** The pill class of a status. */
export function statusTone(status: string): string {
  switch (status) {
    case "accepted":
    case "approved":
      return "ok";
    case "rejected":
    case "declined":
    case "withdrawn":
    case "superseded":
      return "warn";
    default:
      return "accent";
  }
}

/** What the emergency picker says about whom the change reaches, and how. */
export function reachSummary(routing: ChangeRouting): string {
  const handles = (people: ChangeRouting["urgent"]) => people.map((p) => `@${p.handle}`).join(", ");
  const paged = new Set(routing.out_of_hours.map((p) => p.id));
  const working = routing.urgent.filter((p) => !paged.has(p.id));
  const parts: string[] = [];
  if (working.length > 0) parts.push(`Urgent now to ${handles(working)}.`);
  if (paged.size > 0) parts.push(`Nobody in their group is working, so ${handles(routing.out_of_hours)} ${paged.size === 1 ? "is" : "are"} paged out of hours.`);
  if (routing.urgent.length === 0) parts.push("Nobody who approves can be reached right now.");
  if (routing.later.length > 0)
    parts.push(`${handles(routing.later)} ${routing.later.length === 1 ? "gets" : "get"} it in their inbox for later.`);
  return parts.join(" ");
}
