// What the end-to-end scripts share: paths, tauri-driver, WebDriver sessions, named steps,
// and the app's processes and profile lock as Linux shows them in /proc.
//
// Environment (relative paths are resolved against the repository root):
//   MERIDIAN_APP      app binary   (default <target>/debug/meridian-desktop)
//   MERIDIAN_CLI      CLI binary   (default <target>/debug/meridian)
//   CARGO_TARGET_DIR  <target>     (default <repo>/target)
//   TAURI_DRIVER      tauri-driver (default: on PATH, else ~/.cargo/bin/tauri-driver)
//   WEBKIT_WEBDRIVER  native driver (default /usr/bin/WebKitWebDriver if present)
//   E2E_DRIVER_PORT, E2E_NATIVE_PORT  tauri-driver's and WebKitWebDriver's ports (4444, 4445)

import { remote } from 'webdriverio';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fromRepo = (p) => path.resolve(REPO, p);
const TARGET = process.env.CARGO_TARGET_DIR ? fromRepo(process.env.CARGO_TARGET_DIR) : fromRepo('target');
export const APP = fromRepo(process.env.MERIDIAN_APP || path.join(TARGET, 'debug', 'meridian-desktop'));
export const CLI = fromRepo(process.env.MERIDIAN_CLI || path.join(TARGET, 'debug', 'meridian'));
// Everything the tests write goes here, inside the ignored target/ of this checkout, so a test
// run never changes tracked files (`make screenshots` copies the PNGs into docs/ on purpose).
export const OUT = fromRepo('target/e2e');

// tauri-driver's defaults; other ports let two checkouts run their tests at the same time.
export const DRIVER_PORT = Number(process.env.E2E_DRIVER_PORT || 4444);
export const NATIVE_PORT = Number(process.env.E2E_NATIVE_PORT || 4445);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The profile's time zone for the scripts that take one (E2E_ZONE; `make e2e-clocks` crosses
 * its clocks with zones on both sides of the date line).
 */
export const PROFILE_ZONE = process.env.E2E_ZONE || 'Europe/Berlin';

/**
 * The instant (ISO, with milliseconds) of the wall time `local` ("2030-03-05T15:30") in `zone`:
 * the zone's offset at a first guess, corrected once for a guess on the other side of a change.
 */
export function wallToInstant(local, zone) {
  const [date, time] = local.split('T');
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (instant) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute) - instant;
  };
  let instant = asUtc - offsetAt(asUtc);
  instant = asUtc - offsetAt(instant);
  return new Date(instant).toISOString();
}

/**
 * Polls `probe` until it returns something truthy and returns that; once `timeout` ms have
 * passed, throws "`what`: not within N ms" (`what` may be a function, called then, to say
 * what was seen last). The interval only paces the polling.
 */
export async function waitFor(probe, { timeout, interval = 20, what = 'condition' }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() >= deadline) {
      throw new Error(`${typeof what === 'function' ? what() : what}: not within ${timeout} ms`);
    }
    await sleep(interval);
  }
}

// ---------------------------------------------------------------------------
// Named steps: every assertion prints one line; the script ends with `N passed, M failed`.
// ---------------------------------------------------------------------------

export class Fatal extends Error {}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/**
 * A step counter. A failing step is counted and reported through `onFailure(err)`, and unless
 * `soft` is set it stops the run (later steps depend on earlier ones).
 */
export function stepper(onFailure = async () => {}) {
  const counts = { passed: 0, failed: 0 };
  async function step(name, fn, { soft = false } = {}) {
    const t0 = Date.now();
    try {
      const note = await fn();
      counts.passed++;
      console.log(`  ok   ${name} (${Date.now() - t0} ms)${note ? ` — ${note}` : ''}`);
      return true;
    } catch (err) {
      counts.failed++;
      console.log(`  FAIL ${name} (${Date.now() - t0} ms)\n       ${String(err?.message ?? err).split('\n').join('\n       ')}`);
      await onFailure(err);
      if (!soft) throw new Fatal(name);
      return false;
    }
  }
  return { step, counts };
}

/**
 * A `stepper` failure handler for a one-window script: the first failure saves a screenshot of
 * the page to `png` and, with `pageText`, prints the start of the page's text. If the app no
 * longer answers WebDriver within 5 s (a blocked main thread), it instead saves its threads'
 * backtraces (with gdb) and a picture of the whole X screen. Later failures add nothing (the
 * first one is what went wrong).
 */
export function failureShot(getBrowser, png, { pageText = true, getHome = null } = {}) {
  let taken = false;
  return async () => {
    const browser = getBrowser();
    if (taken || !browser) return;
    taken = true;
    const answers = await Promise.race([
      browser.execute(() => true).catch(() => false),
      new Promise((resolve) => setTimeout(() => resolve(false), 5_000).unref()),
    ]);
    if (!answers) {
      console.log('       the app does not answer WebDriver (main thread blocked?)');
      const home = getHome?.();
      if (home) dumpAppBacktraces(home, png.replace(/\.png$/, '-backtrace.txt'));
      if (process.env.DISPLAY && spawnSync('import', ['-window', 'root', png], { timeout: 15_000 }).status === 0) {
        console.log(`       screenshot of the screen: ${path.relative(REPO, png)}`);
      }
      return;
    }
    try {
      if (pageText) {
        const body = await browser.execute(() => document.body?.innerText ?? '');
        console.log(`       page text: ${JSON.stringify(String(body).slice(0, 400))}`);
      }
      await forceRepaints(browser);
      await browser.saveScreenshot(png);
      console.log(`       screenshot: ${path.relative(REPO, png)}`);
    } catch (e) {
      console.log(`       (no failure screenshot: ${e.message})`);
    }
  };
}

/**
 * WebKitWebDriver answers a screenshot after the page's next repaint, and a screen where
 * nothing moves may not repaint for half a minute: flickers an invisible pixel for 5 s.
 */
export function forceRepaints(browser) {
  return browser.execute(() => {
    const pixel = document.createElement('div');
    pixel.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;opacity:0';
    document.body.append(pixel);
    let ticks = 0;
    const timer = setInterval(() => {
      pixel.style.opacity = ticks++ % 2 ? '0' : '0.01';
      if (ticks > 100) {
        clearInterval(timer);
        pixel.remove();
      }
    }, 50);
  });
}

/**
 * Writes the threads' backtraces of the app running on `home` to `file` (needs gdb) and prints
 * the frames in Meridian's own code, which usually name the lock or call it is stuck on.
 */
export function dumpAppBacktraces(home, file) {
  const pids = appPids(home);
  if (!pids.length) return;
  const out = [];
  for (const pid of pids) {
    const r = spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt 40'], { encoding: 'utf8', timeout: 60_000 });
    if (r.error) {
      console.log(`       (no backtrace: ${r.error.code === 'ENOENT' ? 'gdb is not installed' : r.error.message})`);
      return;
    }
    out.push(`=== pid ${pid}\n${r.stdout}`);
  }
  fs.writeFileSync(file, out.join('\n'));
  console.log(`       app backtraces: ${path.relative(REPO, file)}`);
  let thread = '';
  for (const line of out.join('\n').split('\n')) {
    if (line.startsWith('Thread ')) thread = line.replace(/\(Thread 0x\w+ /, '(').trim();
    const m = line.match(/^#\d+\s+(?:0x\w+ in )?(meridian[\w:]*).* at ((?:src-tauri\/|crates\/[\w-]+\/)?src\/\S+\.rs:\d+)$/);
    if (!m) continue;
    if (thread) { console.log(`         ${thread}`); thread = ''; }
    console.log(`           ${m[1]} (${m[2]})`);
  }
}

/** Runs the synchronous `cleanup` when the script ends: normally, on failure, or on Ctrl-C. */
export function cleanUpOnExit(cleanup) {
  process.on('exit', cleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.log(`\ninterrupted by ${sig}`);
      cleanup();
      process.exit(130);
    });
  }
}

// ---------------------------------------------------------------------------
// tauri-driver and WebDriver sessions (each new session launches the app)
// ---------------------------------------------------------------------------

function findTauriDriver() {
  if (process.env.TAURI_DRIVER) return fromRepo(process.env.TAURI_DRIVER);
  const which = spawnSync('sh', ['-c', 'command -v tauri-driver'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  return path.join(os.homedir(), '.cargo', 'bin', 'tauri-driver');
}

function portInUse(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

function httpStatus(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/status', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => { req.destroy(); resolve(0); });
  });
}

/**
 * Starts tauri-driver with `home` as MERIDIAN_HOME (inherited by WebKitWebDriver and by every
 * app it launches), logging to `log`; resolves to the child once /status answers. The child
 * runs in its own process group; end it with `stopDriver`.
 */
export async function startDriver(home, log) {
  // A driver from the previous script may still be letting go of its ports.
  for (const p of [DRIVER_PORT, NATIVE_PORT]) {
    await waitFor(async () => !(await portInUse(p)), {
      timeout: 10_000,
      interval: 100,
      what: `port ${p} to be free (another tauri-driver/WebKitWebDriver running?)`,
    });
  }
  const bin = findTauriDriver();
  assert(fs.existsSync(bin), `tauri-driver not found at ${bin} (cargo install tauri-driver --locked)`);
  const args = ['--port', String(DRIVER_PORT), '--native-port', String(NATIVE_PORT)];
  const native = process.env.WEBKIT_WEBDRIVER || (fs.existsSync('/usr/bin/WebKitWebDriver') ? '/usr/bin/WebKitWebDriver' : '');
  if (native) args.push('--native-driver', native);

  const fd = fs.openSync(log, 'w');
  const driver = spawn(bin, args, {
    env: { ...process.env, MERIDIAN_HOME: home },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  fs.closeSync(fd);
  let exited = null;
  driver.once('exit', (code, sig) => { exited = `exited (code ${code}, signal ${sig})`; });
  // /status is proxied to WebKitWebDriver, so 200 means both are up.
  await waitFor(async () => {
    assert(!exited, `tauri-driver ${exited}; see ${path.relative(REPO, log)}`);
    return (await httpStatus(DRIVER_PORT)) === 200;
  }, { timeout: 10_000, interval: 100, what: `tauri-driver answering on 127.0.0.1:${DRIVER_PORT}/status` });
  return driver;
}

/** Synchronous, so that it also works from `exit` and signal handlers. */
export function stopDriver(driver) {
  if (driver && driver.exitCode === null && driver.signalCode === null) {
    try { process.kill(-driver.pid, 'SIGTERM'); } catch { /* gone */ }
  }
}

/**
 * Opens a WebDriver session, which launches a new app process. `logLevel: 'silent'` for
 * sessions whose app is expected to go away mid-command (quitting).
 */
export async function newSession({ logLevel = 'error' } = {}) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: DRIVER_PORT,
    logLevel,
    connectionRetryCount: 0, // a retried POST /session would launch a second app
    connectionRetryTimeout: 30_000, // per WebDriver request; a stuck app fails fast
    capabilities: {
      browserName: 'wry',
      'tauri:options': { application: APP },
      // WebKitWebDriver speaks classic WebDriver only; don't attempt BiDi.
      'wdio:enforceWebDriverClassic': true,
    },
  });
  await assertSameClock(browser);
  return browser;
}

/**
 * The webview's JavaScript clock must be the run's (run.sh shifts every process by one
 * offset): a page on another clock would make every "today" and "now" on screen disagree
 * with the core's. Allows a minute for the round trip and a slow machine.
 */
export async function assertSameClock(browser) {
  const page = await browser.execute(() => Date.now());
  const skew = page - Date.now();
  assert(Math.abs(skew) < 60_000, `the webview's clock is ${Math.round(skew / 1000)} s off the run's clock (${new Date().toISOString()}): is libfaketime reaching the web process?`);
}

// ---------------------------------------------------------------------------
// App processes and the profile's instance lock
// ---------------------------------------------------------------------------

/**
 * PIDs of app processes running on the profile `home`: same executable as $MERIDIAN_APP and
 * MERIDIAN_HOME=home in their environment. Never matches anything else. A process that is
 * already tearing down its memory is no longer visible here: use `pidAlive` on PIDs taken
 * earlier to wait for an exit.
 */
export function appPids(home) {
  const real = fs.realpathSync(APP);
  const mine = `MERIDIAN_HOME=${home}`;
  const pids = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const exe = fs.readlinkSync(`/proc/${d}/exe`).replace(/ \(deleted\)$/, '');
      if (exe !== real) continue;
      const env = fs.readFileSync(`/proc/${d}/environ`, 'latin1').split('\0');
      if (env.includes(mine)) pids.push(Number(d));
    } catch {
      // process vanished or not ours to read
    }
  }
  return pids;
}

/**
 * Whether process `pid` still runs: any of its threads does. Exited threads are zombies
 * ("Z") until reaped; a process whose main thread is one while others are still exiting
 * holds its files, and so its locks and sockets, until the last thread is gone.
 */
export function pidAlive(pid) {
  let tids;
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tids.some((tid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'latin1');
      const state = stat[stat.lastIndexOf(')') + 2];
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  });
}

export function killPids(pids, signal = 'SIGKILL') {
  for (const pid of pids) {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

/**
 * Who holds the profile's `instance.lock` (or its lock file `file`, e.g. `delivery.lock`) and
 * who waits for it, from /proc/locks: `{ holder, waiters }`, with `holder` 0 when nobody holds it.
 */
export function profileLock(home, file = 'instance.lock') {
  const free = { holder: 0, waiters: [] };
  let st;
  try {
    st = fs.statSync(path.join(home, file));
  } catch {
    return free;
  }
  // Linux's dev_t split, printed by /proc/locks as "MAJ:MIN:INODE" with MAJ and MIN in hex.
  const major = Math.floor(st.dev / 256) & 0xfff;
  const minor = (st.dev & 0xff) | (Math.floor(st.dev / 4096) & ~0xff);
  const hex = (n) => n.toString(16).padStart(2, '0');
  const id = `${hex(major)}:${hex(minor)}:${st.ino}`;
  for (const line of fs.readFileSync('/proc/locks', 'utf8').split('\n')) {
    // "N: FLOCK  ADVISORY  WRITE PID MAJ:MIN:INODE 0 EOF"; a waiter reads "N: -> FLOCK ...".
    const f = line.trim().split(/\s+/);
    if (f[1] === 'FLOCK' && f[5] === id) free.holder = Number(f[4]);
    if (f[1] === '->' && f[2] === 'FLOCK' && f[6] === id) free.waiters.push(Number(f[5]));
  }
  return free;
}

/** The PID holding the profile's `instance.lock`, or 0 if nobody does. */
export const lockHolder = (home) => profileLock(home).holder;

/**
 * Asks the profile's running instance to show its window, as a second launch does; resolves
 * to its answer ("OK visible" once its event loop has shown the main window) or "" when
 * nobody answers within `timeout` ms.
 */
export function askToShow(home, timeout = 2_000) {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(path.join(home, 'instance.sock'));
    const done = () => { socket.destroy(); clearTimeout(timer); resolve(answer.trim()); };
    const timer = setTimeout(done, timeout);
    socket.on('connect', () => socket.write('meridian show 1\n'));
    socket.on('data', (chunk) => { answer += chunk; });
    socket.on('end', done);
    socket.on('error', done);
  });
}

/** Runs the CLI on the profile `home`; returns its output, throws if it fails. */
export function cli(home, ...args) {
  const r = spawnSync(CLI, args, {
    env: { ...process.env, MERIDIAN_HOME: home },
    encoding: 'utf8',
    timeout: 15_000,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  assert(!r.error, `${path.basename(CLI)} ${args.join(' ')}: ${r.error?.message}`);
  assert(r.status === 0, `${path.basename(CLI)} ${args.join(' ')} exited ${r.status}: ${out}`);
  return out;
}

// ---------------------------------------------------------------------------
// Page helpers on a WebdriverIO session, by data-testid
// ---------------------------------------------------------------------------

/**
 * Finders and actions by `data-testid` on the session `getBrowser()` returns (read at each
 * call, so a script may relaunch), waiting up to `stepMs` for what they look for; screenshots
 * go to `OUT`.
 */
export function pageHelpers(getBrowser, { stepMs = 5_000 } = {}) {
  const b = () => getBrowser();
  const $t = (id) => b().$(`[data-testid="${id}"]`);

  async function shown(id, timeout = stepMs) {
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

  /** Polls until the element's text satisfies `pred`; returns that text. */
  async function waitText(id, pred, timeout = stepMs, what = 'expected text') {
    const el = await shown(id, timeout);
    let last = '';
    await b().waitUntil(async () => pred((last = (await el.getText()).trim())), {
      timeout,
      interval: 100,
      timeoutMsg: `[data-testid="${id}"]: ${what} not seen within ${timeout} ms (last text: ${JSON.stringify(last)})`,
    });
    return last;
  }

  /** Replaces a field's value the way a user would, so bindings see `input` events. */
  async function typeInto(id, value) {
    const el = await shown(id);
    await el.click();
    await el.clearValue();
    if ((await el.getValue()) !== '') {
      await b().keys(['Control', 'a']);
      await b().keys('Backspace');
    }
    await el.addValue(value);
    const got = await el.getValue();
    assert(got === value, `[data-testid="${id}"] holds ${JSON.stringify(got)} after typing ${JSON.stringify(value)}`);
    return el;
  }

  /**
   * Puts `value` in a text field at once, as a paste does: sets it and fires `input`. For
   * long or multi-line text that typing key by key would make slow.
   */
  async function paste(id, value) {
    await shown(id);
    await b().execute(
      (testid, v) => {
        const el = document.querySelector(`[data-testid="${testid}"]`);
        el.focus();
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      },
      id,
      value,
    );
  }

  async function click(id) {
    await (await shown(id)).click();
  }

  async function screenshot(name) {
    const file = path.join(OUT, name);
    // Let the last change paint: WebKit's snapshot is of the last composited frame.
    await b().execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await b().pause(250);
    await forceRepaints(b());
    await b().saveScreenshot(file);
    console.log(`       screenshot: ${path.relative(REPO, file)}`);
  }

  return { $t, shown, isShown, text, waitText, typeInto, paste, click, screenshot };
}

/**
 * Runs a one-app scenario to its end: `main()`, then ends the WebDriver session, gives the app
 * 10 s to exit, stops the driver, removes the profile when every step passed (otherwise, or
 * with E2E_KEEP_HOME, says where it is kept), prints the tally and exits with it. `live` reads
 * the script's state as it is then: `takeBrowser()` (hands the session over and forgets it, so
 * a failure handler no longer uses it), `driver()` and `home()`.
 */
export async function runToEnd(main, counts, live) {
  console.log(`clock:        ${new Date().toISOString()}${process.env.E2E_CLOCK ? ` (E2E_CLOCK=${process.env.E2E_CLOCK})` : ''}`);
  const cleanup = () => {
    stopDriver(live.driver());
    const home = live.home();
    if (home) {
      try { killPids(appPids(home)); } catch { /* /proc unreadable */ }
    }
  };
  cleanUpOnExit(cleanup);
  // A WebDriver call that never answers must not hold the run: past the script's time limit
  // the driver and the app are ended and the script fails, saying so.
  const limitMs = Number(process.env.E2E_SCRIPT_LIMIT_MS || 600_000);
  const watchdog = setTimeout(() => {
    console.log(`  FAIL the script did not finish within ${limitMs / 1000} s: ending tauri-driver and the app`);
    cleanup();
    console.log(`${counts.passed} passed, ${counts.failed + 1} failed`);
    process.exit(1);
  }, limitMs);
  watchdog.unref();
  try {
    await main();
  } catch (err) {
    if (!(err instanceof Fatal)) {
      counts.failed++;
      console.log(`  FAIL ${err?.stack ?? err}`);
    }
  } finally {
    const browser = live.takeBrowser();
    if (browser) {
      // A driver stuck on the failed command may never answer this: bounded.
      let timer;
      const gaveUp = new Promise((resolve) => {
        timer = setTimeout(() => resolve(console.log('       (the driver did not end the session within 15 s)')), 15_000);
      });
      try { await Promise.race([browser.deleteSession(), gaveUp]); } catch { /* app may already be gone */ }
      clearTimeout(timer);
    }
    const home = live.home();
    try {
      await waitFor(() => !appPids(home).length && !lockHolder(home), { timeout: 10_000, interval: 100, what: 'the app to exit' });
    } catch (err) {
      console.log(`       (${err.message})`);
    }
    cleanup();
    if (home && counts.failed === 0 && !process.env.E2E_KEEP_HOME) {
      fs.rmSync(home, { recursive: true, force: true });
    } else if (home) {
      console.log(`kept MERIDIAN_HOME for inspection: ${home}`);
    }
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
