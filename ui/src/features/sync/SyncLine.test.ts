// The sidebar's sync line: summary, dot and "Sync now".
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SyncState } from "../../app/bindings/SyncState";

vi.mock("../../app/api", () => ({
  syncState: vi.fn(),
  syncNow: vi.fn(),
  onChanged: vi.fn(() => Promise.resolve(() => {})),
}));

import * as api from "../../app/api";
import { CoreEvents } from "../../app/events";
import { SyncStore } from "../../app/sync.svelte";
import SyncLine from "./SyncLine.svelte";

const state = (over: Partial<SyncState> = {}): SyncState => ({
  state: "up_to_date",
  summary: "Up to date · 14:02 UTC",
  server: "http://127.0.0.1:8470",
  team_id: "team-1",
  pending: 0,
  pulled_seq: 1,
  server_seq: 1,
  last_sync_at: null,
  last_error: null,
  ...over,
});

beforeEach(() => {
  vi.mocked(api.syncState).mockReset().mockResolvedValue(state());
  vi.mocked(api.syncNow).mockReset();
});

describe("SyncLine", () => {
  it("shows the summary with a dot, and follows changes", async () => {
    const events = new CoreEvents();
    render(SyncLine, { props: { store: new SyncStore({ events }) } });
    expect(await screen.findByText("Up to date · 14:02 UTC")).toBeTruthy();
    expect(screen.getByTestId("sync-dot").classList.contains("ok")).toBe(true);

    vi.mocked(api.syncState).mockResolvedValue(state({ state: "offline", summary: "3 changes waiting — offline since 13:40 UTC" }));
    events.dispatch("focus_changed");
    await waitFor(() => expect(screen.getByTestId("sync-summary").textContent).toBe("3 changes waiting — offline since 13:40 UTC"));
    expect(screen.getByTestId("sync-dot").classList.contains("warn")).toBe(true);
    expect(screen.getByTestId("sync-line").dataset.state).toBe("offline");
  });

  it("Sync now reports its result", async () => {
    render(SyncLine, { props: { store: new SyncStore({ events: new CoreEvents() }) } });
    await screen.findByTestId("sync-now");
    vi.mocked(api.syncNow).mockRejectedValueOnce({ kind: "offline", message: "Nothing answers at http://127.0.0.1:8470", field: null });
    await fireEvent.click(screen.getByTestId("sync-now"));
    await waitFor(() => expect(screen.getByTestId("sync-result").textContent?.trim()).toBe("Nothing answers at http://127.0.0.1:8470"));

    vi.mocked(api.syncNow).mockResolvedValueOnce({ pushed: 1, pulled: 0, applied: 0, set_aside: 0, state: state() });
    await fireEvent.click(screen.getByTestId("sync-now"));
    await waitFor(() => expect(screen.getByTestId("sync-result").textContent?.trim()).toBe("Synced: 1 sent"));
  });

  it("offers no Sync now outside a team", async () => {
    vi.mocked(api.syncState).mockResolvedValue(state({ state: "off", summary: "Not syncing", server: null, team_id: null }));
    render(SyncLine, { props: { store: new SyncStore({ events: new CoreEvents() }) } });
    expect(await screen.findByText("Local only: no team server")).toBeTruthy();
    expect(screen.queryByTestId("sync-now")).toBeNull();
  });
});
