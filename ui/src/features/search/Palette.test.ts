// The palette: results as you type with the matched words marked as text (never HTML), the
// arrows and Enter to open, the hint for bad syntax, Escape to close.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  search: vi.fn(),
  searchStatus: vi.fn(),
}));

import * as api from "../../app/api";
import type { SearchHit } from "../../app/bindings/SearchHit";
import Palette from "./Palette.svelte";

function hit(id: string, title: string, snippet: string): SearchHit {
  return {
    id,
    kind: "comment",
    title: [{ text: title, hit: false }],
    snippet: [
      { text: "Watch the ", hit: false },
      { text: snippet, hit: true },
    ],
    location: "#general › Launch",
    at: "2025-01-15T10:00:00Z",
    author: "@ada",
    archived: false,
    target: { view: "thread", channel_id: "c1", thread_id: "t1", comment_id: id },
    score: 1,
  };
}

beforeEach(() => {
  vi.mocked(api.searchStatus).mockReset().mockResolvedValue(null);
  vi.mocked(api.search)
    .mockReset()
    .mockResolvedValue({
      query: "osp",
      hits: [hit("a", "Launch", "<img src=x onerror=alert(1)>"), hit("b", "Rollout", "osprey")],
      indexing: null,
    });
});

describe("Palette", () => {
  it("shows results as you type and opens the one chosen with the keys", async () => {
    const onopen = vi.fn();
    const onclose = vi.fn();
    render(Palette, { props: { now: Date.parse("2025-01-15T12:00:00Z"), onopen, onall: vi.fn(), onclose } });
    const input = screen.getByTestId("palette-input");
    await fireEvent.input(input, { target: { value: "osp" } });
    await waitFor(() => expect(api.search).toHaveBeenCalledWith("osp", 12));
    const first = await screen.findByTestId("palette-result-0");
    // Marked words are text in <mark>: markup in them stays text.
    expect(first.querySelector("mark")?.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(first.querySelector("img")).toBeNull();
    expect(screen.getByTestId("palette-result-1-where").textContent).toBe("#general › Launch");
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(onopen).toHaveBeenCalledWith(expect.objectContaining({ id: "b" }));
    expect(onclose).toHaveBeenCalled();
  });

  it("says how to fix bad syntax and closes on Escape", async () => {
    vi.mocked(api.search).mockRejectedValue({ kind: "invalid", message: "The quote in \"osp is not closed", field: "query" });
    const onclose = vi.fn();
    render(Palette, { props: { now: 0, onopen: vi.fn(), onall: vi.fn(), onclose } });
    const input = screen.getByTestId("palette-input");
    await fireEvent.input(input, { target: { value: '"osp' } });
    expect((await screen.findByTestId("palette-error")).textContent).toContain("not closed");
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(onclose).toHaveBeenCalled();
  });
});
