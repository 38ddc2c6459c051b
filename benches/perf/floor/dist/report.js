// Reports first paint to the shell the way Meridian's UI does (ui/src/app/perf.ts): the
// first-contentful-paint entry if WebKit has one, else the end of the first rendered frame.
(function () {
  const report = (at) =>
    window.__TAURI_INTERNALS__.invoke("report_ready", { stage: "first_paint", atMs: at });
  const afterNextFrame = () =>
    requestAnimationFrame(() => setTimeout(() => report(performance.timeOrigin + performance.now())));
  if (PerformanceObserver.supportedEntryTypes?.includes("paint")) {
    new PerformanceObserver((list, observer) => {
      const fcp = list.getEntriesByName("first-contentful-paint")[0];
      if (fcp) {
        observer.disconnect();
        report(performance.timeOrigin + fcp.startTime);
      }
    }).observe({ type: "paint", buffered: true });
  } else {
    afterNextFrame();
  }
})();
