// Sample docs, revisions and diffs for the doc screens' tests.

import type { DocDetail } from "../../app/bindings/DocDetail";
import type { DocRevisionInfo } from "../../app/bindings/DocRevisionInfo";
import type { DocSummary } from "../../app/bindings/DocSummary";
import type { Member } from "../../app/bindings/Member";
import type { PersonRef } from "../../app/bindings/PersonRef";

export const ME: Member = {
  id: "m-ada",
  handle: "ada",
  display_name: "Ada Lovelace",
  time_zone: "Europe/Berlin",
  working_hours: { days: [[], [], [], [], [], [], []] },
  is_me: true,
};
const ADA: PersonRef = { id: "m-ada", handle: "ada", display_name: "Ada Lovelace" };

export function revision(n: number, extra: Partial<DocRevisionInfo> = {}): DocRevisionInfo {
  return {
    id: `r${n}`,
    parents: n > 1 ? [`r${n - 1}`] : [],
    title: "Runbook",
    summary: n === 1 ? "First version" : `Change ${n}`,
    author: ADA,
    created_at: `2025-01-1${n}T09:00:00Z`,
    is_head: false,
    ...extra,
  };
}

export function docSummary(extra: Partial<DocSummary> = {}): DocSummary {
  return {
    id: "d1",
    title: "Runbook",
    author: ADA,
    created_at: "2025-01-11T09:00:00Z",
    updated_at: "2025-01-13T09:00:00Z",
    archived: false,
    head_count: 1,
    revision_count: 3,
    ...extra,
  };
}

/** Three revisions, the third the one version, shown. */
export function docDetail(extra: Partial<DocDetail> = {}): DocDetail {
  const r3 = revision(3, { is_head: true });
  return {
    summary: docSummary(),
    revision: r3,
    body: "Restart the server twice.",
    body_html: "<p>Restart the server twice.</p>",
    heads: [r3],
    revisions: [r3, revision(2), revision(1)],
    comments: [
      {
        id: "dc1",
        quote: "the server",
        anchored: true,
        start: 8,
        body: "Which one?",
        body_html: "<p>Which one?</p>",
        author: ADA,
        created_at: "2025-01-13T10:00:00Z",
        archived: false,
      },
      {
        id: "dc2",
        quote: "Reboot",
        anchored: false,
        start: null,
        body: "Why reboot?",
        body_html: "<p>Why reboot?</p>",
        author: ADA,
        created_at: "2025-01-12T10:00:00Z",
        archived: false,
      },
    ],
    ...extra,
  };
}
