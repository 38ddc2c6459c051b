// Pure helpers for docs: revision numbers and labels, picking two revisions to compare, the
// diff's parts, and the passage a selection quotes.

import type { DiffChunk } from "../../app/bindings/DiffChunk";
import type { DocRevisionInfo } from "../../app/bindings/DocRevisionInfo";

/** "2 versions" when devices edited apart and nobody merged yet; null for one version. */
export function versionsLabel(headCount: number): string | null {
  return headCount > 1 ? `${headCount} versions` : null;
}

/** A revision's number in the history (1 is the first), from the newest-first list. */
export function revisionNumber(revisions: readonly DocRevisionInfo[], id: string): number {
  const at = revisions.findIndex((revision) => revision.id === id);
  return at < 0 ? 0 : revisions.length - at;
}

/**
 * The picks after ticking or unticking `id`: at most two, the one picked earliest dropping
 * out when a third is ticked.
 */
export function togglePick(picked: readonly string[], id: string): string[] {
  if (picked.includes(id)) return picked.filter((p) => p !== id);
  return [...picked, id].slice(-2);
}

/** Two picked revisions as (older, newer), by their place in the newest-first list. */
export function comparePair(
  revisions: readonly DocRevisionInfo[],
  picked: readonly string[],
): { from: string; to: string } | null {
  if (picked.length !== 2) return null;
  const [a, b] = picked.map((id) => revisions.findIndex((revision) => revision.id === id));
  if (a === undefined || b === undefined || a < 0 || b < 0) return null;
  // Newest first: the larger index is the older revision.
  return a > b ? { from: picked[0]!, to: picked[1]! } : { from: picked[1]!, to: picked[0]! };
}

/** What a diff changed, for its heading: "3 insertions, 1 deletion" (words, not chunks). */
export function diffStats(chunks: readonly DiffChunk[]): string {
  const words = (tag: DiffChunk["tag"]) =>
    chunks.filter((chunk) => chunk.tag === tag).reduce((n, chunk) => n + (chunk.text.match(/\S+/g)?.length ?? 0), 0);
  const inserted = words("insert");
  const deleted = words("delete");
  if (inserted === 0 && deleted === 0) return "No changes in the text";
  const part = (n: number, word: string) => `${n} word${n === 1 ? "" : "s"} ${word}`;
  return [inserted ? part(inserted, "added") : null, deleted ? part(deleted, "removed") : null]
    .filter(Boolean)
    .join(", ");
}

/**
 * The passage a selection quotes, as the core matches it against the doc's text: trimmed,
 * with runs of blank lines (between rendered paragraphs) read as the single newline pair
 * Markdown has there. Null when nothing is selected.
 */
export function quoteOf(selected: string): string | null {
  const quote = selected.replace(/\r\n?/g, "\n").replace(/\n{2,}/g, "\n\n").trim();
  return quote.length > 0 ? quote : null;
}
