// Quick capture's shortcut in Settings: it says when the shortcut is not there and why, and a
// refused combination shows the core's reason while the old one stays.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  captureShortcut: vi.fn(),
  setCaptureShortcut: vi.fn(),
  openCapture: vi.fn(),
}));

import { captureShortcut, setCaptureShortcut } from "../../app/api";
import CaptureShortcut from "./CaptureShortcut.svelte";

beforeEach(() => {
  vi.mocked(captureShortcut).mockReset();
  vi.mocked(setCaptureShortcut).mockReset();
});

it("says why the shortcut is not there and what to use instead", async () => {
  vi.mocked(captureShortcut).mockResolvedValue({
    accelerator: "Ctrl+Alt+Space",
    registered: false,
    problem: "Global shortcuts do not reach apps in a Wayland session; use Quick capture in the tray menu, or `meridian capture TEXT` in a terminal.",
  });
  render(CaptureShortcut);
  const problem = await screen.findByTestId("capture-settings-problem");
  expect(problem.textContent).toContain("meridian capture TEXT");
});

it("shows the refusal of a bad combination and keeps the field", async () => {
  vi.mocked(captureShortcut).mockResolvedValue({ accelerator: "Ctrl+Alt+Space", registered: true, problem: null });
  vi.mocked(setCaptureShortcut).mockRejectedValue({
    kind: "invalid",
    field: "shortcut",
    message: "“Q” has no modifier and would take that key from every program; add Ctrl, Alt, Shift or Super.",
  });
  render(CaptureShortcut);
  const field = (await screen.findByTestId("capture-accelerator")) as HTMLInputElement;
  await waitFor(() => expect(field.value).toBe("Ctrl+Alt+Space"));
  await fireEvent.input(field, { target: { value: "Q" } });
  await fireEvent.click(screen.getByTestId("capture-accelerator-save"));
  const error = await screen.findByTestId("error-shortcut");
  expect(error.textContent).toContain("no modifier");
  expect(setCaptureShortcut).toHaveBeenCalledWith("Q");
});
