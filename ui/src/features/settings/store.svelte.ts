// Notification settings as the core has them, and the teammates the allowlist can name. The
// form keeps its own edits; see NotifySettings.svelte for when the core's copy replaces them.

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import type { NotifySettings } from "../../app/bindings/NotifySettings";
import { LiveStore, Resource, touchesAll, type LiveOptions } from "../../app/live-store.svelte";
import { Teammates } from "../../shared/teammates.svelte";

export const NOTIFY_SETTINGS_CHANGES: readonly CoreEvent[] = ["notify_settings_changed"];

export class NotifySettingsStore extends LiveStore {
  readonly settings = new Resource(() => api.notifySettings());
  readonly teammates = new Teammates();

  constructor(options: LiveOptions = {}) {
    super(NOTIFY_SETTINGS_CHANGES, options);
  }

  async refresh(change?: CoreEvent): Promise<void> {
    await Promise.all([this.settings.load(), touchesAll(change) ? this.teammates.load() : null]);
  }

  /** Saves the schedule, then the prefs, whose answer holds both. Rejects with the core's ErrorPayload. */
  async save(times: string[][], urgentOutsideHours: boolean, allowlist: string[]): Promise<NotifySettings> {
    await api.setNotifySchedule(times);
    const next = await api.setNotifyPrefs(urgentOutsideHours, allowlist);
    this.settings.set(next);
    return next;
  }
}
