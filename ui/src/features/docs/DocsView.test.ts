// The docs list: titles, updates, the "2 versions" marker; creating a doc opens it.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  docs: vi.fn(),
  doc: vi.fn(),
  docHeads: vi.fn(),
  docDiff: vi.fn(),
  createDoc: vi.fn(),
  teamBoard: vi.fn(),
  checkDraft: vi.fn(),
}));

import * as api from "../../app/api";
import DocsView from "./DocsView.svelte";
import { ME, docDetail, docSummary } from "./fixtures";

beforeEach(() => {
  vi.mocked(api.docs)
    .mockReset()
    .mockResolvedValue([docSummary({ head_count: 2 }), docSummary({ id: "d2", title: "Onboarding", revision_count: 1 })]);
  vi.mocked(api.doc).mockReset().mockResolvedValue(docDetail());
  vi.mocked(api.createDoc).mockReset().mockResolvedValue({ id: "d1", warnings: [], held: [] });
  vi.mocked(api.teamBoard).mockReset().mockRejectedValue({ kind: "storage", message: "busy", field: null });
  vi.mocked(api.checkDraft).mockReset().mockResolvedValue({ mentions: [], unknown: [], body_html: "" });
});

describe("DocsView", () => {
  it("lists docs with their update time and marks unmerged versions", async () => {
    render(DocsView, { props: { me: ME, now: Date.parse("2025-01-15T12:00:00Z") } });
    const first = await screen.findByTestId("doc-row-0");
    expect(first.textContent).toContain("Runbook");
    expect(first.textContent).toContain("2 days ago");
    expect(first.textContent).toContain("3 revisions");
    expect(screen.getByTestId("doc-versions-0").textContent).toBe("2 versions");
    expect(screen.queryByTestId("doc-versions-1")).toBeNull();
    expect(screen.getByTestId("doc-row-1").textContent).toMatch(/1 revision(?!s)/);
  });

  it("creates a doc and opens it", async () => {
    render(DocsView, { props: { me: ME, now: Date.parse("2025-01-15T12:00:00Z") } });
    await fireEvent.click(await screen.findByTestId("new-doc"));
    await fireEvent.input(screen.getByTestId("new-doc-editor-title"), { target: { value: "Runbook" } });
    await fireEvent.input(screen.getByTestId("new-doc-editor-body-input"), { target: { value: "Restart the server." } });
    await fireEvent.click(screen.getByTestId("new-doc-editor-body-send"));
    await waitFor(() => expect(api.createDoc).toHaveBeenCalledWith("Runbook", "Restart the server.", null));
    expect(await screen.findByTestId("doc-page")).toBeTruthy();
    expect(api.doc).toHaveBeenCalledWith("d1", null);
  });
});
