// A doc page: the rendered text, editing on top of the revision on screen, two revisions'
// word diff, Restore, comments on a selected passage, and merging two versions.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  doc: vi.fn(),
  docHeads: vi.fn(),
  docDiff: vi.fn(),
  editDoc: vi.fn(),
  mergeDoc: vi.fn(),
  restoreDoc: vi.fn(),
  commentOnDoc: vi.fn(),
  setArchived: vi.fn(),
  teamBoard: vi.fn(),
  checkDraft: vi.fn(),
}));

import * as api from "../../app/api";
import DocPage from "./DocPage.svelte";
import { ME, docDetail, docSummary, revision } from "./fixtures";

const onback = vi.fn();

function setup() {
  return render(DocPage, { props: { docId: "d1", me: ME, now: Date.parse("2025-01-15T12:00:00Z"), onback } });
}

beforeEach(() => {
  vi.mocked(api.doc).mockReset().mockResolvedValue(docDetail());
  vi.mocked(api.docHeads).mockReset();
  vi.mocked(api.docDiff).mockReset().mockResolvedValue({
    from: revision(1),
    to: revision(3),
    chunks: [
      { tag: "equal", text: "Restart the " },
      { tag: "delete", text: "<b>old</b>" },
      { tag: "insert", text: "server twice" },
      { tag: "equal", text: "." },
    ],
  });
  vi.mocked(api.editDoc).mockReset().mockResolvedValue({ id: "d1", warnings: [], held: [] });
  vi.mocked(api.mergeDoc).mockReset().mockResolvedValue({ id: "d1", warnings: [], held: [] });
  vi.mocked(api.restoreDoc).mockReset().mockResolvedValue({ id: "d1", warnings: [], held: [] });
  vi.mocked(api.commentOnDoc).mockReset().mockResolvedValue({ id: "dc3", warnings: [], held: [] });
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue({
    now: "",
    viewer_zone: "Europe/Berlin",
    day_start: "",
    day_end: "",
    members: [],
    on_call: null,
    blockers: [],
  });
  vi.mocked(api.checkDraft).mockReset().mockResolvedValue({ mentions: [], unknown: [], body_html: "" });
});

describe("DocPage", () => {
  it("shows the rendered text, the revision on screen and the comments with their quotes", async () => {
    setup();
    expect((await screen.findByTestId("doc-body")).innerHTML).toBe("<p>Restart the server twice.</p>");
    expect(screen.getByTestId("doc-title").textContent).toBe("Runbook");
    expect(screen.getByTestId("doc-meta").textContent).toContain("Revision 3 of 3");
    expect(screen.getByTestId("doc-comment-0").textContent).toContain("the server");
    expect(screen.queryByTestId("doc-comment-changed-0")).toBeNull();
    expect(screen.getByTestId("doc-comment-changed-1").textContent).toContain("quoted text changed");
    expect(screen.queryByTestId("doc-versions-banner")).toBeNull();
    // Newest first; the current revision cannot be restored onto itself.
    expect(screen.getByTestId("doc-revision-0").textContent).toContain("#3");
    expect(screen.queryByTestId("doc-revision-restore-0")).toBeNull();
  });

  it("diffs two picked revisions, older against newer, inserted words underlined and deleted ones struck", async () => {
    setup();
    await screen.findByTestId("doc-body");
    await fireEvent.click(screen.getByTestId("doc-revision-pick-0"));
    expect(api.docDiff).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("doc-revision-pick-2"));
    await waitFor(() => expect(api.docDiff).toHaveBeenCalledWith("d1", "r1", "r3"));
    const diff = await screen.findByTestId("doc-diff-text");
    expect(diff.querySelector("ins")?.textContent).toBe("server twice");
    // The text is shown as written: markup in it is never turned into elements.
    expect(diff.querySelector("del")?.textContent).toBe("<b>old</b>");
    expect(diff.querySelector("b")).toBeNull();
    expect(diff.textContent).toBe("Restart the <b>old</b>server twice.");
    expect(screen.getByTestId("doc-diff").textContent).toContain("Revision 1 → revision 3");
  });

  it("saves an edit on top of the revision on screen", async () => {
    setup();
    await screen.findByTestId("doc-body");
    await fireEvent.click(screen.getByTestId("doc-edit"));
    const body = screen.getByTestId("doc-editor-body-input") as HTMLTextAreaElement;
    expect(body.value).toBe("Restart the server twice.");
    await fireEvent.input(body, { target: { value: "Restart the server three times." } });
    await fireEvent.input(screen.getByTestId("doc-editor-summary"), { target: { value: "Three" } });
    await fireEvent.keyDown(body, { key: "Enter", ctrlKey: true });
    await waitFor(() =>
      expect(api.editDoc).toHaveBeenCalledWith("d1", "Runbook", "Restart the server three times.", "Three", "r3"),
    );
    await waitFor(() => expect(screen.queryByTestId("doc-editor")).toBeNull());
  });

  it("keeps the edit and shows the core's refusal", async () => {
    vi.mocked(api.editDoc).mockRejectedValue({
      kind: "conflict",
      message: "Nothing changed since that revision: edit the text or the title first.",
      field: null,
    });
    setup();
    await screen.findByTestId("doc-body");
    await fireEvent.click(screen.getByTestId("doc-edit"));
    await fireEvent.click(screen.getByTestId("doc-editor-body-send"));
    expect((await screen.findByTestId("doc-editor-body-error")).textContent).toContain("Nothing changed");
    expect(screen.getByTestId("doc-editor")).toBeTruthy();
  });

  it("restores an older revision", async () => {
    setup();
    await screen.findByTestId("doc-body");
    await fireEvent.click(screen.getByTestId("doc-revision-restore-2"));
    await waitFor(() => expect(api.restoreDoc).toHaveBeenCalledWith("d1", "r1"));
  });

  it("comments on a selected passage with its quote", async () => {
    setup();
    const body = await screen.findByTestId("doc-body");
    const text = body.querySelector("p")!.firstChild!;
    const range = document.createRange();
    range.setStart(text, 8);
    range.setEnd(text, 18);
    window.getSelection()!.removeAllRanges();
    window.getSelection()!.addRange(range);
    document.dispatchEvent(new Event("selectionchange"));
    await fireEvent.click(await screen.findByTestId("doc-comment-selection"));
    expect(screen.getByTestId("doc-comment-quote").textContent).toBe("the server");
    const input = screen.getByTestId("doc-comment-input");
    await fireEvent.input(input, { target: { value: "Which server?" } });
    await fireEvent.keyDown(input, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(api.commentOnDoc).toHaveBeenCalledWith("d1", "the server", "Which server?"));
  });

  it("shows two versions side by side and merges from the newest", async () => {
    const a = revision(4, { is_head: true, summary: "Phone first", created_at: "2025-01-14T09:00:00Z" });
    const b = revision(3, { is_head: true, summary: "Laptop edit" });
    vi.mocked(api.doc).mockResolvedValue(
      docDetail({ summary: docSummary({ head_count: 2, revision_count: 4 }), revision: a, heads: [a, b], revisions: [a, b, revision(2), revision(1)] }),
    );
    vi.mocked(api.docHeads).mockResolvedValue([
      { revision: a, body: "Call the on-call person first." },
      { revision: b, body: "Restart the server twice." },
    ]);
    setup();
    expect((await screen.findByTestId("doc-versions-banner")).textContent).toContain("2 versions");
    await fireEvent.click(screen.getByTestId("doc-compare-versions"));
    expect((await screen.findByTestId("doc-head-0")).textContent).toContain("Call the on-call person first.");
    expect(screen.getByTestId("doc-head-1").textContent).toContain("Restart the server twice.");
    const editor = screen.getByTestId("doc-merge-editor-body-input") as HTMLTextAreaElement;
    expect(editor.value).toBe("Call the on-call person first.");
    await fireEvent.input(editor, { target: { value: "Call the on-call person, then restart the server twice." } });
    await fireEvent.click(screen.getByTestId("doc-merge-editor-body-send"));
    await waitFor(() =>
      expect(api.mergeDoc).toHaveBeenCalledWith("d1", "Runbook", "Call the on-call person, then restart the server twice.", null),
    );
  });
});
