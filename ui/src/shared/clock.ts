// "Now" for the whole UI, on the core's clock: the one place that reads the browser's wall
// clock. The core reports its time with every snapshot; the difference is kept here, so a
// screen that shows a local time agrees with what the core decides (asks, reminders, focus).
// clock.test.ts fails if any other module reads `Date.now()` or `new Date()` without an argument.

let skewMs = 0;

/** Milliseconds since the epoch on the core's clock. */
export function nowMs(): number {
  return Date.now() + skewMs;
}

/** The current instant on the core's clock. */
export function nowDate(): Date {
  return new Date(nowMs());
}

/** Records the core's time as of a snapshot just received; returns the local reading used. */
export function syncToCore(coreInstant: string): number {
  const local = Date.now();
  const core = Date.parse(coreInstant);
  skewMs = Number.isFinite(core) ? core - local : 0;
  return local;
}

/** The browser's own reading, for measuring how long something took (not for "now"). */
export function localMs(): number {
  return Date.now();
}
