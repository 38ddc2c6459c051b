// Settings › Team server: create, join, and invite codes.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { SyncState } from "../../app/bindings/SyncState";

vi.mock("../../app/api", () => ({
  syncState: vi.fn(),
  syncNow: vi.fn(),
  createTeam: vi.fn(),
  joinTeam: vi.fn(),
  teamInvite: vi.fn(),
  onChanged: vi.fn(() => Promise.resolve(() => {})),
}));

import * as api from "../../app/api";
import { CoreEvents } from "../../app/events";
import { SyncStore } from "../../app/sync.svelte";
import TeamServer from "./TeamServer.svelte";
import { normalizeServerUrl, validateInviteCode, validateServerUrl } from "./team-server";

const OFF: SyncState = {
  state: "off",
  summary: "Not syncing: this profile is not in a team on a server",
  server: null,
  team_id: null,
  pending: 0,
  pulled_seq: 0,
  server_seq: 0,
  last_sync_at: null,
  last_error: null,
};
const IN_TEAM: SyncState = { ...OFF, state: "up_to_date", summary: "Up to date · 14:02 UTC", server: "http://127.0.0.1:8470", team_id: "team-1" };

function mount() {
  return render(TeamServer, { props: { store: new SyncStore({ events: new CoreEvents() }) } });
}

beforeEach(() => {
  for (const f of [api.syncState, api.createTeam, api.joinTeam, api.teamInvite]) vi.mocked(f).mockReset();
  vi.mocked(api.syncState).mockResolvedValue(OFF);
});

describe("server address checks", () => {
  it("accepts http(s) addresses only", () => {
    expect(validateServerUrl("https://sync.example.com")).toBeNull();
    expect(validateServerUrl("http://127.0.0.1:8470/")).toBeNull();
    expect(validateServerUrl("")).toMatch(/Enter the server/);
    expect(validateServerUrl("sync.example.com")).toMatch(/not a web address/);
    expect(validateServerUrl("ftp://x.org")).toMatch(/http/);
    expect(validateServerUrl("https://x.org/?a=1")).toMatch(/\?/);
    expect(normalizeServerUrl(" http://127.0.0.1:8470// ")).toBe("http://127.0.0.1:8470");
    expect(validateInviteCode("  ")).toMatch(/Paste/);
    expect(validateInviteCode("meridian-invite-1.abc def")).toMatch(/no spaces/);
    expect(validateInviteCode("meridian-invite-1.abc")).toBeNull();
  });
});

describe("TeamServer", () => {
  it("creates a team, validating the address first, and shows the invite code", async () => {
    mount();
    await fireEvent.click(await screen.findByTestId("create-team"));
    expect(screen.getByTestId("error-server").textContent).toMatch(/Enter the server/);
    expect(api.createTeam).not.toHaveBeenCalled();

    vi.mocked(api.createTeam).mockResolvedValue({ team_id: "team-1", invite_code: "meridian-invite-1.xyz" });
    vi.mocked(api.syncState).mockResolvedValue(IN_TEAM);
    await fireEvent.input(screen.getByTestId("team-server-input"), { target: { value: "http://127.0.0.1:8470/" } });
    await fireEvent.click(screen.getByTestId("create-team"));
    await waitFor(() => expect(screen.getByTestId("team-server-team-id").textContent).toBe("team-1"));
    expect(api.createTeam).toHaveBeenCalledWith("http://127.0.0.1:8470");
    expect((screen.getByTestId("invite-code") as HTMLInputElement).value).toBe("meridian-invite-1.xyz");
    expect(screen.getByTestId("team-server-url").textContent).toBe("http://127.0.0.1:8470");
  });

  it("puts a server that cannot be reached next to the address", async () => {
    mount();
    vi.mocked(api.createTeam).mockRejectedValue({ kind: "offline", message: "Nothing answers at http://10.0.0.9:1", field: null });
    await fireEvent.input(await screen.findByTestId("team-server-input"), { target: { value: "http://10.0.0.9:1" } });
    await fireEvent.click(screen.getByTestId("create-team"));
    await waitFor(() => expect(screen.getByTestId("error-server").textContent).toBe("Nothing answers at http://10.0.0.9:1"));
  });

  it("joins with an invite code and shows a damaged code's error at the field", async () => {
    mount();
    vi.mocked(api.joinTeam).mockRejectedValueOnce({ kind: "invalid", message: "This is not a Meridian invite code", field: "invite" });
    await fireEvent.input(await screen.findByTestId("invite-input"), { target: { value: "bogus" } });
    await fireEvent.click(screen.getByTestId("join-team"));
    await waitFor(() => expect(screen.getByTestId("error-invite").textContent).toBe("This is not a Meridian invite code"));

    vi.mocked(api.joinTeam).mockResolvedValueOnce({ pushed: 1, pulled: 2, applied: 2, set_aside: 0, state: IN_TEAM });
    await fireEvent.input(screen.getByTestId("invite-input"), { target: { value: " meridian-invite-1.ok " } });
    await fireEvent.click(screen.getByTestId("join-team"));
    await waitFor(() => expect(screen.getByTestId("team-server-info")).toBeTruthy());
    expect(api.joinTeam).toHaveBeenCalledWith("meridian-invite-1.ok");
  });

  it("in a team: a new invite code, copied, or selected when the clipboard refuses", async () => {
    vi.mocked(api.syncState).mockResolvedValue(IN_TEAM);
    vi.mocked(api.teamInvite).mockResolvedValue("meridian-invite-1.new");
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    mount();
    await fireEvent.click(await screen.findByTestId("new-invite"));
    await waitFor(() => expect((screen.getByTestId("invite-code") as HTMLInputElement).value).toBe("meridian-invite-1.new"));
    await fireEvent.click(screen.getByTestId("copy-invite"));
    await waitFor(() => expect(screen.getByTestId("invite-copied").textContent).toBe("Copied"));
    expect(writeText).toHaveBeenCalledWith("meridian-invite-1.new");

    writeText.mockRejectedValueOnce(new Error("denied"));
    await fireEvent.click(screen.getByTestId("copy-invite"));
    await waitFor(() => expect(screen.getByTestId("invite-copied").textContent).toMatch(/Selected/));
    expect(document.activeElement).toBe(screen.getByTestId("invite-code"));
  });
});
