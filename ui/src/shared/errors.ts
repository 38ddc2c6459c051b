// Turning whatever a rejected invoke gives us into an ErrorPayload the UI can place.

import type { ErrorKind } from "../app/bindings/ErrorKind";
import type { ErrorPayload } from "../app/bindings/ErrorPayload";

const KINDS: readonly ErrorKind[] = ["invalid", "not_found", "conflict", "storage", "offline", "sync"];

/** Fields the core may name in `ErrorPayload.field`. */
export const FIELDS = [
  "display_name",
  "handle",
  "time_zone",
  "working_hours",
  "team_name",
  "duration",
  "label",
] as const;
export type Field = (typeof FIELDS)[number];

/**
 * The core rejects with an ErrorPayload; Tauri itself rejects with a plain string (unknown
 * command, bad arguments), and code can throw an Error. All become an ErrorPayload.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (typeof error === "string") {
    return { kind: "storage", message: error || "Something went wrong.", field: null };
  }
  if (error && typeof error === "object") {
    const e = error as { kind?: unknown; message?: unknown; field?: unknown };
    const message =
      typeof e.message === "string" && e.message.length > 0 ? e.message : "Something went wrong.";
    const kind = KINDS.includes(e.kind as ErrorKind) ? (e.kind as ErrorKind) : "storage";
    const field = typeof e.field === "string" && e.field.length > 0 ? e.field : null;
    return { kind, message, field };
  }
  return { kind: "storage", message: "Something went wrong.", field: null };
}

/**
 * The form field an error belongs to, if it is one of `fields` (also accepting paths such as
 * "working_hours.days[2]"), else null: the error then goes in the banner.
 */
export function fieldOf<F extends string>(payload: ErrorPayload, fields: readonly F[]): F | null {
  const raw = payload.field;
  if (!raw) return null;
  const base = raw.split(/[.[]/)[0] ?? raw;
  return (fields as readonly string[]).includes(base) ? (base as F) : null;
}
