// "Start Meridian when I log in" in Settings: the box shows the login entry's real state, a
// change goes to the autostart plugin and is read back, and a refusal shows beside the box
// while the box returns to what is true.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  startAtLogin: vi.fn(),
  setStartAtLogin: vi.fn(),
}));

import { setStartAtLogin, startAtLogin } from "../../app/api";
import StartAtLogin from "./StartAtLogin.svelte";

/** The login entry as the system holds it; the mocked plugin reads and writes this. */
let entry = false;

beforeEach(() => {
  entry = false;
  vi.mocked(startAtLogin).mockReset().mockImplementation(async () => entry);
  vi.mocked(setStartAtLogin).mockReset().mockImplementation(async (on: boolean) => {
    entry = on;
  });
});

async function box(): Promise<HTMLInputElement> {
  const input = (await screen.findByTestId("start-at-login")) as HTMLInputElement;
  await waitFor(() => expect(input.disabled).toBe(false));
  return input;
}

it("shows the real state: ticked when the entry exists", async () => {
  entry = true;
  render(StartAtLogin);
  expect(screen.getByLabelText("Start Meridian when I log in")).toBeTruthy();
  const input = await box();
  expect(input.checked).toBe(true);
});

it("turns it on and off through the plugin, and reads the state back", async () => {
  render(StartAtLogin);
  const input = await box();
  expect(input.checked).toBe(false);

  await fireEvent.click(input);
  await waitFor(() => expect(setStartAtLogin).toHaveBeenCalledWith(true));
  await waitFor(() => expect(input.disabled).toBe(false));
  expect(entry).toBe(true);
  expect(input.checked).toBe(true);
  expect(startAtLogin).toHaveBeenCalledTimes(2);

  await fireEvent.click(input);
  await waitFor(() => expect(setStartAtLogin).toHaveBeenLastCalledWith(false));
  await waitFor(() => expect(input.disabled).toBe(false));
  expect(entry).toBe(false);
  expect(input.checked).toBe(false);
  expect(screen.queryByTestId("error-start-at-login")).toBeNull();
});

it("shows a refusal beside the box, which goes back to what is true", async () => {
  vi.mocked(setStartAtLogin).mockRejectedValue("Permission denied (os error 13)");
  render(StartAtLogin);
  const input = await box();
  await fireEvent.click(input);
  const error = await screen.findByTestId("error-start-at-login");
  expect(error.textContent).toContain("Could not turn on starting at login");
  expect(error.textContent).toContain("Permission denied");
  await waitFor(() => expect(input.disabled).toBe(false));
  expect(input.checked).toBe(false);
  expect(input.getAttribute("aria-invalid")).toBe("true");
});

it("says so when the state cannot be read, and offers no box to guess with", async () => {
  vi.mocked(startAtLogin).mockRejectedValue("Failed to find home directory");
  render(StartAtLogin);
  const error = await screen.findByTestId("error-start-at-login");
  expect(error.textContent).toContain("Failed to find home directory");
  expect((screen.getByTestId("start-at-login") as HTMLInputElement).disabled).toBe(true);
});
