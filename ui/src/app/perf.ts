// Start-up milestones for `make perf` (benches/perf/): first paint, the home view's data
// reaching the document, and the frame that paints it. The shell prints them only when the
// harness asks (src-tauri/src/perf.rs); otherwise they cost three tiny IPC calls per launch.
// The perf floor's page reports first paint the same way (benches/perf/floor/dist/report.js),
// so the two figures compare like for like.

import { reportReady } from "./api";

/** The page clock as epoch milliseconds: the harness stamps the process start on the same clock. */
const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * `home_in_dom` is when the home view's data is in the document, `home_populated` the end of
 * the frame that paints it; the gap is style, layout and paint (fonts included).
 */
type StartupStage = "first_paint" | "home_in_dom" | "home_populated";

/** A report that cannot be delivered changes nothing for the user: drop it. */
const send = (stage: StartupStage, atMs: number): void => {
  reportReady(stage, atMs).catch(() => undefined);
};

/** `then` gets the time just after the next frame was rendered (a task queued from rAF runs once it is). */
function afterNextFrame(then: (atMs: number) => void): void {
  requestAnimationFrame(() => setTimeout(() => then(epochNow())));
}

/** The first-contentful-paint entry if WebKit records one, else the end of the first frame. */
function reportFirstPaint(): void {
  if (!PerformanceObserver.supportedEntryTypes?.includes("paint")) {
    afterNextFrame((at) => send("first_paint", at));
    return;
  }
  new PerformanceObserver((list, observer) => {
    const fcp = list.getEntriesByName("first-contentful-paint")[0];
    if (fcp) {
      observer.disconnect();
      send("first_paint", performance.timeOrigin + fcp.startTime);
    }
  }).observe({ type: "paint", buffered: true });
}

/** The home view shows my profile and my team's name (from the core's snapshot). */
function homePopulated(): boolean {
  const team = document.querySelector('[data-testid="home"] [data-testid="team-name"]');
  const name = team?.textContent?.trim();
  return Boolean(name && name !== "—" && document.querySelector('[data-testid="profile-name"]'));
}

/** Watches the DOM (not the components, which others own) until the home view is populated. */
function reportHomePopulated(): void {
  const done = (observer?: MutationObserver): void => {
    observer?.disconnect();
    send("home_in_dom", epochNow());
    afterNextFrame((at) => send("home_populated", at));
  };
  if (homePopulated()) return done();
  const observer = new MutationObserver(() => {
    if (homePopulated()) done(observer);
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  // Only the first home view of a launch counts; stop watching a first run's onboarding.
  setTimeout(() => observer.disconnect(), 60_000);
}

/** Call once, before mounting the app, so nothing it renders is missed. */
export function reportStartup(): void {
  reportFirstPaint();
  reportHomePopulated();
}
