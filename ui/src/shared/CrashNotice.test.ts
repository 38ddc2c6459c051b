// The crash notice: the newest unread report after a crash, copied or dismissed.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../app/api", () => ({
  crashReports: vi.fn(),
  dismissCrashReport: vi.fn(),
  revealCrashReport: vi.fn(),
}));

import * as api from "../app/api";
import CrashNotice from "./CrashNotice.svelte";

const REPORT = {
  path: "/home/ada/.local/share/meridian/logs/crash-20261207T083000.000Z-42.txt",
  text: "Meridian 0.1.0 crashed (desktop)\ntime: 2026-12-07T08:30:00+00:00\nat: src/lib.rs:1\n",
};

beforeEach(() => {
  vi.mocked(api.crashReports).mockReset().mockResolvedValue([REPORT]);
  vi.mocked(api.dismissCrashReport).mockReset().mockResolvedValue(undefined);
});

describe("CrashNotice", () => {
  it("shows the report's file, or says beside the button why it could not", async () => {
    vi.mocked(api.revealCrashReport).mockRejectedValue({ kind: "storage", message: "No file manager could show it.", field: null });
    render(CrashNotice);
    await fireEvent.click(await screen.findByTestId("crash-reveal"));
    await waitFor(() => expect(api.revealCrashReport).toHaveBeenCalledWith(REPORT.path));
    expect((await screen.findByTestId("crash-note")).textContent).toContain("No file manager");
  });

  it("says nothing when there is no unread report", async () => {
    vi.mocked(api.crashReports).mockResolvedValue([]);
    render(CrashNotice);
    await screen.findByTestId("crash-checked");
    expect(screen.queryByTestId("crash-notice")).toBeNull();
  });

  it("shows the newest report, lets me read and copy it, and goes away once dismissed", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(CrashNotice);
    expect((await screen.findByTestId("crash-notice")).textContent).toContain("nothing was sent");
    expect(screen.getByTestId("crash-path").textContent).toBe(REPORT.path);
    await fireEvent.click(screen.getByTestId("crash-show"));
    expect((screen.getByTestId("crash-report") as HTMLTextAreaElement).value).toBe(REPORT.text);
    await fireEvent.click(screen.getByTestId("crash-copy"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(REPORT.text));
    expect(screen.getByTestId("crash-note").textContent).toContain("Copied");
    await fireEvent.click(screen.getByTestId("crash-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("crash-notice")).toBeNull());
    expect(api.dismissCrashReport).toHaveBeenCalledWith(REPORT.path);
  });
});
