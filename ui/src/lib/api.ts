// The only place that talks to the Tauri core. Components import these functions (tests mock
// this module). Every command rejects with an ErrorPayload (see errors.ts) on failure.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { OnboardingInput } from "./bindings/OnboardingInput";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { Snapshot } from "./bindings/Snapshot";

/** Emitted by the core whenever its state changed (tray, CLI, another window). */
export const CHANGED_EVENT = "meridian://changed";

export function snapshot(): Promise<Snapshot> {
  return invoke<Snapshot>("snapshot");
}

export function completeOnboarding(input: OnboardingInput): Promise<Snapshot> {
  return invoke<Snapshot>("complete_onboarding", { input });
}

export function updateProfile(input: ProfileInput): Promise<Snapshot> {
  return invoke<Snapshot>("update_profile", { input });
}

/** Starts (or replaces) a focus session of 1–720 minutes. */
export function startFocus(minutes: number, label: string | null): Promise<Snapshot> {
  return invoke<Snapshot>("start_focus", { minutes, label });
}

export function stopFocus(): Promise<Snapshot> {
  return invoke<Snapshot>("stop_focus");
}

/** Every IANA zone name the core accepts, sorted. */
export function timeZones(): Promise<string[]> {
  return invoke<string[]>("time_zones");
}

/** The operating system's zone, such as "Europe/Berlin". */
export function systemTimeZone(): Promise<string> {
  return invoke<string>("system_time_zone");
}

/** Quits the app for real (closing the window only hides it to the tray). */
export function quitApp(): Promise<void> {
  return invoke<void>("quit_app");
}

/** Calls `handler` whenever the core reports a change. Resolves to an unsubscribe function. */
export function onChanged(handler: () => void): Promise<UnlistenFn> {
  return listen(CHANGED_EVENT, () => handler());
}
