// The two plugin calls api.ts makes: links go to the opener with no program named (its scope
// refuses one), and start at login goes to the autostart plugin.
import { beforeEach, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/plugin-opener", () => ({ openUrl: vi.fn(async () => undefined) }));
vi.mock("@tauri-apps/plugin-autostart", () => ({
  enable: vi.fn(async () => undefined),
  disable: vi.fn(async () => undefined),
  isEnabled: vi.fn(async () => true),
}));

import { disable, enable, isEnabled } from "@tauri-apps/plugin-autostart";
import { openUrl } from "@tauri-apps/plugin-opener";
import { openExternal, setStartAtLogin, startAtLogin } from "./api";

beforeEach(() => vi.clearAllMocks());

it("opens a link with the system's default program", async () => {
  await openExternal("https://example.invalid/page");
  expect(openUrl).toHaveBeenCalledWith("https://example.invalid/page");
});

it("reads and changes start at login through the autostart plugin", async () => {
  expect(await startAtLogin()).toBe(true);
  expect(isEnabled).toHaveBeenCalledOnce();
  await setStartAtLogin(true);
  expect(enable).toHaveBeenCalledOnce();
  await setStartAtLogin(false);
  expect(disable).toHaveBeenCalledOnce();
});
