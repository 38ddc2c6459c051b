// End-to-end test of the Meridian desktop app, driven through tauri-driver
// (→ WebKitWebDriver → the real app binary) with WebdriverIO's standalone
// `remote()` API. No test runner: this script is the runner, and it prints a
// final `N passed, M failed` line.
//
// Run it under X and a session bus (see run.sh):
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/run.mjs
//
// Environment: see harness.mjs (MERIDIAN_APP, MERIDIAN_CLI, TAURI_DRIVER, ...), and
//   E2E_KEEP_HOME=1   keep the temporary MERIDIAN_HOME even when everything passed
//
// Outputs (repo-relative, all in target/e2e/): the screenshots
// {onboarding,home,focus,settings,team,overlap,focus-view}.png, cold-start.json,
// tauri-driver.log, and on failure failure.png. `make screenshots` copies the screenshots
// into docs/screenshots/.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, Fatal, OUT, REPO, appPids, dumpAppBacktraces, assert, cleanUpOnExit, cli as cliIn, killPids, lockHolder,
  newSession, pidAlive, PROFILE_ZONE, sleep, startDriver as startDriverIn, stepper, stopDriver, waitFor,
} from './harness.mjs';

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

const COLD_JSON = path.join(OUT, 'cold-start.json');
const FAILURE_PNG = path.join(OUT, 'failure.png');
const DRIVER_LOG = path.join(OUT, 'tauri-driver.log');

const FIRST_SCREEN_MS = 15_000; // first screen after a launch
const STEP_MS = 5_000; // everything else
const COLD_RUNS = 5;
const EXIT_MS = 10_000; // an app process to be gone after its session ended

// ---------------------------------------------------------------------------
// Result bookkeeping: every assertion is a named step (see harness.mjs).
// ---------------------------------------------------------------------------

let browser = null; // current WebdriverIO session, if any
let sessionPids = []; // the app process(es) the current session launched
let failureShotTaken = false;
let appHung = false; // a WebDriver command timed out: the app's main thread is stuck
const { step, counts } = stepper(diagnose);

const isTimeout = (err) => /UND_ERR_HEADERS_TIMEOUT|Request timed out|ETIMEDOUT/i.test(String(err?.message ?? err));

/**
 * Collect evidence for the first failure: a screenshot (through WebDriver, or
 * of the whole X screen if the app no longer answers), the page's text, and —
 * when a WebDriver command timed out — the app's thread backtraces (needs gdb).
 */
async function diagnose(err) {
  if (failureShotTaken) return;
  failureShotTaken = true;
  if (isTimeout(err)) {
    appHung = true;
    console.log('       the app stopped answering WebDriver commands (main thread blocked?)');
    dumpBacktraces();
  }
  let shot = false;
  if (browser && !appHung) {
    try {
      await browser.saveScreenshot(FAILURE_PNG);
      shot = true;
    } catch (e) {
      console.log(`       (WebDriver screenshot failed: ${e.message})`);
    }
  }
  if (!shot && process.env.DISPLAY) {
    // Fall back to the whole X screen (ImageMagick's `import`), which works even if the app is stuck.
    shot = spawnSync('import', ['-window', 'root', FAILURE_PNG], { timeout: 15_000 }).status === 0;
  }
  if (shot) console.log(`       screenshot: ${path.relative(REPO, FAILURE_PNG)}`);
  if (browser && !appHung) {
    try {
      // What the page says is often the quickest diagnosis (e.g. "asset not found").
      const body = await browser.execute(() => document.body?.innerText ?? '');
      console.log(`       page text: ${JSON.stringify(String(body).slice(0, 300))}`);
    } catch { /* session gone */ }
  }
}

function dumpBacktraces() {
  if (home) dumpAppBacktraces(home, path.join(OUT, 'app-backtrace.txt'));
}

// ---------------------------------------------------------------------------
// UI helpers
// ---------------------------------------------------------------------------

const $t = (id) => browser.$(`[data-testid="${id}"]`);

async function shown(id, timeout = STEP_MS) {
  const el = await $t(id);
  await el.waitForDisplayed({ timeout, timeoutMsg: `[data-testid="${id}"] not displayed after ${timeout} ms` });
  return el;
}

async function isShown(id) {
  const el = await $t(id);
  return (await el.isExisting()) && (await el.isDisplayed());
}

async function text(id) {
  return (await (await shown(id)).getText()).trim();
}

/** Poll until the element's text satisfies `pred`; returns the last text. */
async function waitText(id, pred, timeout = STEP_MS, what = 'expected text') {
  const el = await shown(id, timeout);
  let last = '';
  await browser.waitUntil(
    async () => pred((last = (await el.getText()).trim())),
    { timeout, interval: 100, timeoutMsg: `[data-testid="${id}"]: ${what} not seen within ${timeout} ms (last text: ${JSON.stringify(last)})` },
  );
  return last;
}

/** Replace an input's value the way a user would (so framework bindings see `input` events). */
async function typeInto(id, value) {
  const el = await shown(id);
  await el.click();
  await el.clearValue();
  if ((await el.getValue()) !== '') {
    // Some drivers don't clear controlled inputs: select all + delete instead.
    await browser.keys(['Control', 'a']);
    await browser.keys('Backspace');
  }
  await el.addValue(value);
  const got = await el.getValue();
  assert(got === value, `[data-testid="${id}"] holds ${JSON.stringify(got)} after typing ${JSON.stringify(value)}`);
  return el;
}

async function click(id) {
  await (await shown(id)).click();
}

async function screenshot(name) {
  const file = path.join(OUT, name);
  // Let the last change paint: WebKit's snapshot is of the last composited frame.
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await browser.pause(250);
  await browser.saveScreenshot(file);
  console.log(`       screenshot: ${path.relative(REPO, file)}`);
}

// ---------------------------------------------------------------------------
// Process helpers: tauri-driver, and the app processes it launches
// ---------------------------------------------------------------------------

let driver = null; // tauri-driver child process
let home = null; // temporary MERIDIAN_HOME

async function startDriver() {
  driver = await startDriverIn(home, DRIVER_LOG);
  return `pid ${driver.pid}`;
}

/** Synchronous, idempotent cleanup; safe from `exit`/signal handlers. */
function cleanupSync() {
  stopDriver(driver);
  if (home) {
    try { killPids(appPids(home)); } catch { /* /proc unreadable */ }
  }
}

const cli = (...args) => cliIn(home, ...args);

// ---------------------------------------------------------------------------
// Sessions (each new session launches a fresh app process)
// ---------------------------------------------------------------------------

/**
 * Waits until no app process runs on this profile and nobody holds its instance lock, so
 * that a launch always starts a new instance rather than meeting one that is still exiting.
 */
async function waitProfileFree(timeout = EXIT_MS) {
  let seen = '';
  await waitFor(() => {
    const alive = sessionPids.filter(pidAlive);
    const running = appPids(home);
    const holder = lockHolder(home);
    seen = `running: ${[...alive, ...running].join(', ') || 'none'}; lock held by ${holder || 'nobody'}`;
    return !alive.length && !running.length && !holder;
  }, { timeout, interval: 50, what: () => `the previous app process to exit (${seen})` });
}

async function launch() {
  await waitProfileFree();
  browser = await newSession();
  sessionPids = appPids(home);
  return browser;
}

/**
 * End the session (WebKitWebDriver closes the app) and wait until its process has exited:
 * gone or a zombie, not merely invisible in /proc while it tears down. One that lingers is
 * killed, and the run fails if even that does not end it.
 */
async function quit({ check = false } = {}) {
  if (!browser) return;
  const b = browser;
  browser = null;
  try { await b.deleteSession(); } catch (e) { console.log(`       (deleteSession: ${e.message})`); }
  const exits = async () => {
    try {
      await waitProfileFree();
    } catch (err) {
      const left = [...new Set([...sessionPids.filter(pidAlive), ...appPids(home)])];
      killPids(left); // so the next launch starts a fresh instance
      await waitProfileFree(); // throws if even SIGKILL did not end it
      throw new Error(`still running ${EXIT_MS / 1000} s after deleteSession: pid(s) ${left.join(', ')} (killed); ${err.message}`);
    }
  };
  if (check) {
    await step('app process exits after deleteSession', exits, { soft: true });
  } else {
    try {
      await exits();
    } catch (err) {
      console.log(`       (${err.message})`);
    }
  }
}

const firstLine = (s) => s.split('\n')[0];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};

// ---------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  // Every run starts without the previous run's pictures, so all PNGs here are from this run.
  for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-'));
  console.log(`app:          ${APP}`);
  console.log(`cli:          ${CLI}`);
  console.log(`MERIDIAN_HOME ${home}`);

  await step('app and CLI binaries exist', async () => {
    for (const b of [APP, CLI]) {
      assert(fs.existsSync(b), `missing ${b} (cargo build --workspace)`);
      fs.accessSync(b, fs.constants.X_OK);
    }
  });
  await step('tauri-driver is up', startDriver);

  // --- 1. First launch: onboarding -------------------------------------------
  console.log('first launch (fresh MERIDIAN_HOME)');
  const tFirst = Date.now();
  await launch();
  let firstLaunchMs = null;
  await step('onboarding screen appears', async () => {
    await shown('onboarding', FIRST_SCREEN_MS);
    firstLaunchMs = Date.now() - tFirst;
    assert(!(await isShown('home')), 'home is displayed alongside onboarding');
    return `${firstLaunchMs} ms after session request`;
  });
  await step('exactly one app process runs with this MERIDIAN_HOME', async () => {
    // Also proves appPids() can see the app, so the "process exits" checks below mean something.
    const pids = appPids(home);
    assert(pids.length === 1, `found ${pids.length} (${pids.join(', ') || 'none'})`);
    return `pid ${pids[0]}`;
  }, { soft: true });
  await screenshot('onboarding.png');

  await step('fill onboarding with an invalid handle "a b"', async () => {
    await typeInto('name-input', 'Ada Lovelace');
    await typeInto('handle-input', 'a b');
    await typeInto('tz-input', PROFILE_ZONE);
    await browser.keys('Enter'); // accept the time-zone suggestion
    await typeInto('team-input', 'Analytical Engines');
  });

  await step('invalid handle is rejected with error-handle, nothing saved', async () => {
    if (await isShown('onboarding')) await click('finish-onboarding');
    const err = await shown('error-handle');
    const msg = (await err.getText()).trim();
    assert(msg.length > 0, 'error-handle is empty');
    await sleep(500); // give a wrongly-accepted submit time to navigate
    assert(!(await isShown('home')), 'home appeared although the handle was invalid');
    assert(await isShown('onboarding'), 'onboarding disappeared');
    // ...and nothing reached the database: the CLI still sees no profile.
    const profile = cli('profile');
    assert(/not set up/i.test(profile), `CLI sees a profile after the rejected submit: ${firstLine(profile)}`);
    return JSON.stringify(msg);
  });

  await step('valid handle "ada" completes onboarding → home', async () => {
    await typeInto('handle-input', 'ada');
    await click('finish-onboarding');
    await shown('home');
    assert(!(await isShown('onboarding')), 'onboarding still displayed on home');
  });

  await step('profile-handle is "@ada"', async () => {
    const t = await text('profile-handle');
    assert(t === '@ada', `got ${JSON.stringify(t)}`);
  });
  await step('profile-name is "Ada Lovelace"', async () => {
    const t = await text('profile-name');
    assert(t === 'Ada Lovelace', `got ${JSON.stringify(t)}`);
  });
  await step(`profile-tz shows ${PROFILE_ZONE}`, async () => {
    const t = await text('profile-tz');
    assert(t.includes(PROFILE_ZONE) || t.includes(PROFILE_ZONE.split('/').pop().replace(/_/g, ' ')), `got ${JSON.stringify(t)}`);
    return JSON.stringify(t);
  }, { soft: true });
  await step('team-name is "Analytical Engines"', async () => {
    const t = await text('team-name');
    assert(t.includes('Analytical Engines'), `got ${JSON.stringify(t)}`);
  }, { soft: true });
  await step('CLI sees the profile the app saved', async () => {
    const out = firstLine(cli('profile'));
    assert(out.includes('Ada Lovelace') && out.includes('@ada'), `meridian profile: ${JSON.stringify(out)}`);
    return JSON.stringify(out);
  }, { soft: true });
  await screenshot('home.png');

  // --- 2. Focus, settings ------------------------------------------------------
  await step('focus-start-25 → "Focusing until"', async () => {
    await click('focus-start-25');
    return JSON.stringify(await waitText('focus-state', (t) => t.includes('Focusing until'), STEP_MS, '"Focusing until"'));
  });
  await step('CLI sees the focus session started in the app', async () => {
    const out = firstLine(cli('focus', 'status'));
    assert(out.includes('Focusing until'), `meridian focus status: ${JSON.stringify(out)}`);
    return JSON.stringify(out);
  }, { soft: true });
  await screenshot('focus.png');

  await step('nav-settings opens settings', async () => {
    await click('nav-settings');
    await shown('settings');
  });
  await screenshot('settings.png');

  await step('nav-home returns to home', async () => {
    await click('nav-home');
    await shown('home');
  });

  // --- 3. Relaunch: state persisted -----------------------------------------------
  console.log('relaunch (same MERIDIAN_HOME)');
  await quit({ check: true });
  await launch();
  await step('relaunch goes straight to home (no onboarding)', async () => {
    await shown('home', FIRST_SCREEN_MS);
    assert(!(await isShown('onboarding')), 'onboarding shown again after relaunch');
  });
  await step('profile-handle is still "@ada"', async () => {
    const t = await text('profile-handle');
    assert(t === '@ada', `got ${JSON.stringify(t)}`);
  });
  await step('focus session survived the restart', async () => {
    return JSON.stringify(await waitText('focus-state', (t) => t.includes('Focusing until'), STEP_MS, '"Focusing until"'));
  });
  await step('focus-stop → "Not focusing"', async () => {
    await click('focus-stop');
    await waitText('focus-state', (t) => t.includes('Not focusing'), STEP_MS, '"Not focusing"');
  });
  await quit();

  // --- 4. Cold start ------------------------------------------------------------
  console.log(`cold start x${COLD_RUNS}`);
  const runs = [];
  await step(`${COLD_RUNS} cold starts reach a populated home`, async () => {
    for (let i = 1; i <= COLD_RUNS; i++) {
      const t0 = performance.now();
      await launch();
      await shown('home', FIRST_SCREEN_MS);
      await waitText('focus-state', (t) => t.length > 0, FIRST_SCREEN_MS, 'any text');
      const ms = Math.round(performance.now() - t0);
      runs.push(ms);
      console.log(`       run ${i}: ${ms} ms`);
      await quit();
    }
    return `median ${median(runs)} ms`;
  });
  const result = {
    app: APP,
    measured: 'session request → [data-testid=home] displayed and [data-testid=focus-state] non-empty',
    runs_ms: runs,
    median_ms: median(runs),
    first_launch_to_onboarding_ms: firstLaunchMs,
    date: new Date().toISOString(),
    host: { cpus: os.cpus().length, platform: `${os.platform()} ${os.release()}` },
  };
  fs.writeFileSync(COLD_JSON, JSON.stringify(result, null, 2) + '\n');
  console.log(`cold start median: ${result.median_ms} ms`);

  // --- 5. CLI ↔ app live sync ----------------------------------------------------
  console.log('CLI ↔ app live check');
  await launch();
  await shown('home', FIRST_SCREEN_MS);
  await waitText('focus-state', (t) => t.includes('Not focusing'), STEP_MS, '"Not focusing"');
  await step('CLI: meridian focus start 50 --label "CLI focus"', async () => firstLine(cli('focus', 'start', '50', '--label', 'CLI focus')));
  await step('app shows "Focusing until" within 2 s of the CLI start', async () => {
    const t0 = Date.now();
    await waitText('focus-state', (t) => t.includes('Focusing until'), 2_000, '"Focusing until"');
    return `${Date.now() - t0} ms`;
  }, { soft: true });
  await step('CLI: meridian focus stop', async () => firstLine(cli('focus', 'stop')));
  await step('app shows "Not focusing" within 2 s of the CLI stop', async () => {
    const t0 = Date.now();
    await waitText('focus-state', (t) => t.includes('Not focusing'), 2_000, '"Not focusing"');
    return `${Date.now() - t0} ms`;
  }, { soft: true });

  // --- 6. Team availability board, overlap finder, focus view ---------------------
  console.log('team board and focus views');
  await step('CLI: meridian demo seeds a team in seven zones', async () => firstLine(cli('demo')));
  await step('nav-team shows a row per member', async () => {
    await click('nav-team');
    await shown('team-board');
    await shown('board-row-grace', STEP_MS);
    const rows = await browser.$$('[data-testid^="board-row-"]');
    assert(rows.length === 8, `expected 8 rows (you + 7), saw ${rows.length}`);
    return `${rows.length} rows`;
  });
  await step('rows show local time, and the now-line is drawn', async () => {
    const priya = await text('local-time-priya');
    assert(/^\d{2}:\d{2}/.test(priya), `local time of @priya: ${JSON.stringify(priya)}`);
    assert((await browser.$$('[data-testid="now-line"]')).length >= 1, 'no now-line');
    return `@priya ${priya}`;
  });
  await step('someone wears the on-call badge', async () => {
    const badges = await browser.$$('[data-testid^="oncall-"]');
    assert(badges.length >= 1, 'no on-call badge');
    return `${badges.length} badge(s)`;
  });
  await (await shown('team-board')).scrollIntoView();
  await screenshot('team.png');
  await step('overlap finder suggests a best slot for 2+ people', async () => {
    await shown('overlap-finder');
    await typeInto('overlap-min', '2');
    await click('overlap-find');
    try {
      await shown('overlap-best', 10_000);
    } catch (err) {
      throw new Error(`${err.message}; the finder says: ${JSON.stringify(await text('overlap-finder'))}`);
    }
    return firstLine(await text('overlap-best'));
  });
  await (await shown('overlap-finder')).scrollIntoView();
  await screenshot('overlap.png');
  await step('nav-focus shows blocks and the weekly chart', async () => {
    await click('nav-focus');
    await shown('focus-view');
    await shown('history-total');
  });
  await step('a recurring focus block can be added', async () => {
    await typeInto('block-start', '09:00');
    await typeInto('block-end', '11:00');
    await click('block-add');
    await shown('focus-block-0', STEP_MS);
    const blocks = cli('focus', 'block', 'list', '--json');
    assert(JSON.parse(blocks).length === 1, `CLI sees ${blocks}`);
  });
  await screenshot('focus-view.png');
  await quit({ check: true });
}

// ---------------------------------------------------------------------------
// Entry point: always clean up, always print the summary line.
// ---------------------------------------------------------------------------

cleanUpOnExit(cleanupSync);

try {
  await main();
} catch (err) {
  if (!(err instanceof Fatal)) {
    // An error outside any step (e.g. session creation) counts as a failure too.
    counts.failed++;
    console.log(`  FAIL ${err?.stack ?? err}`);
    await diagnose(err);
  }
} finally {
  if (browser && !appHung) {
    const b = browser;
    browser = null;
    try { await b.deleteSession(); } catch { /* app may already be gone */ }
  }
  cleanupSync();
  if (home && counts.failed === 0 && !process.env.E2E_KEEP_HOME) {
    fs.rmSync(home, { recursive: true, force: true });
  } else if (home) {
    console.log(`kept MERIDIAN_HOME for inspection: ${home}`);
  }
}

console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
