// Launch and relaunch test of the real Meridian app: one instance per profile, and a launch
// while the previous instance is still quitting becomes the new instance instead of failing.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/relaunch.mjs
//
// 1. Quit and relaunch at once, RELAUNCH_RUNS times (default 20): an instance started through
//    WebDriver is quit with Ctrl+Q (the UI's quit_app, as the tray's and Settings' Quit do);
//    the moment it starts quitting (its instance socket is gone), the app is started again
//    directly, as a double-click does. Every relaunch must come up: alive, holding the
//    profile's lock, and answering a second launch with its main window visible. None may
//    exit. (An idle machine finishes the quit within milliseconds; case 4 makes a slow one
//    certain.)
// 2. A second launch while one runs exits 0 and leaves exactly one instance.
// 3. Another profile (another MERIDIAN_HOME) runs side by side.
// 4. An instance that holds the profile but does not answer (frozen): a launch waits for it,
//    and takes over the moment it is gone.
// 5. Two launches during one quit: one becomes the instance, the other hands over and exits 0.
//
// Environment: see harness.mjs. Writes target/e2e/relaunch.json (the timings) and
// target/e2e/relaunch-tauri-driver.log.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, Fatal, OUT, appPids, askToShow, assert, cleanUpOnExit, cli, killPids, lockHolder,
  newSession, pidAlive, profileLock, startDriver, stepper, stopDriver, waitFor,
} from './harness.mjs';

const RUNS = Number(process.env.RELAUNCH_RUNS || 20);
const UP_MS = 15_000; // a launch to come up
const EXIT_MS = 10_000; // a process to exit
const SECOND_LAUNCH_MS = 5_000; // a second launch to hand over and exit

const { step, counts } = stepper();
const homes = [];
const started = []; // every app process this script started directly
let driver = null;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};
const last = (text) => text.trim().split('\n').slice(-5).join(' | ');

/** A fresh profile, already onboarded so that the app opens on home. */
function newHome(name) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `meridian-${name}-`));
  homes.push(home);
  cli(home, 'init', '--name', 'Ada Lovelace', '--handle', 'ada', '--tz', 'UTC', '--team', 'Engines');
  return home;
}

/** Starts the app on `home` the way a desktop launcher does, and records how it ends. */
function launchDirect(home) {
  const child = spawn(APP, [], { env: { ...process.env, MERIDIAN_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = { child, pid: child.pid, home, output: '', exit: null, signalled: false };
  child.stdout.on('data', (c) => { run.output += c; });
  child.stderr.on('data', (c) => { run.output += c; });
  child.once('exit', (code, signal) => { run.exit = { code, signal }; });
  started.push(run);
  return run;
}

const exitText = (run) => `pid ${run.pid} exited (code ${run.exit.code}, signal ${run.exit.signal}): ${last(run.output)}`;

/** Waits until `run` is its profile's instance: alive, holding the lock, window shown. */
async function up(run) {
  let seen = '';
  await waitFor(async () => {
    if (run.exit) throw new Error(`${exitText(run)} instead of coming up`);
    const holder = lockHolder(run.home);
    const answer = holder === run.pid ? await askToShow(run.home, 1_000) : '';
    seen = `lock held by ${holder || 'nobody'}, answer ${JSON.stringify(answer)}`;
    return answer === 'OK visible';
  }, { timeout: UP_MS, what: () => `pid ${run.pid} to come up (${seen})` });
}

async function exited(run, timeout = EXIT_MS) {
  await waitFor(() => run.exit, { timeout, what: `pid ${run.pid} to exit` });
  return run.exit;
}

async function stop(run) {
  if (run.exit) return;
  run.signalled = true;
  run.child.kill('SIGTERM');
  await exited(run);
}

async function waitGone(pid) {
  await waitFor(() => !pidAlive(pid), { timeout: EXIT_MS, what: `pid ${pid} to exit` });
}

async function waitProfileFree(home) {
  await waitFor(() => !appPids(home).length && !lockHolder(home), { timeout: EXIT_MS, what: `${home} to be free` });
}

// ---------------------------------------------------------------------------

/**
 * Opens a session on `home` (launching the app), waits for home, and returns the session and
 * the app's pid once that process holds the profile.
 */
async function sessionInstance(home) {
  const session = await newSession({ logLevel: 'silent' });
  await (await session.$('[data-testid="home"]')).waitForDisplayed({ timeout: UP_MS });
  const [pid] = appPids(home);
  assert(pid && lockHolder(home) === pid, `the WebDriver-launched app ${pid} does not hold the profile`);
  return { session, pid };
}

/**
 * Presses Ctrl+Q in the session's app (the UI's quit_app, as the tray's and Settings' Quit do)
 * and resolves the moment the app has started quitting: its instance socket is gone (it stops
 * answering when asked to exit) or the driver reports the key press done (the app may be gone
 * already). Also returns the key press itself, to be awaited later.
 */
async function pressQuit(session, home) {
  let settled = false;
  // The driver may answer late or with an error: the app it talks to goes away.
  const pressed = session.keys(['Control', 'q']).catch(() => {}).finally(() => { settled = true; });
  const socket = path.join(home, 'instance.sock');
  await waitFor(() => settled || !fs.existsSync(socket), { timeout: 5_000, interval: 1, what: 'the app to start quitting' });
  return pressed;
}

async function relaunchRounds() {
  const home = newHome('relaunch');
  driver = await startDriver(home, path.join(OUT, 'relaunch-tauri-driver.log'));
  const rounds = [];
  for (let i = 1; i <= RUNS; i++) {
    let session = null;
    await step(`round ${i}/${RUNS}: Ctrl+Q and relaunch at once → the relaunch comes up`, async () => {
      try {
        await waitProfileFree(home);
        let old;
        ({ session, pid: old } = await sessionInstance(home));
        const t0 = Date.now();
        const pressed = await pressQuit(session, home);
        const again = launchDirect(home);
        const overlapped = pidAlive(old);
        await up(again);
        const ms = Date.now() - t0;
        await waitGone(old);
        await pressed;
        rounds.push({ round: i, quit_to_up_ms: ms, old_process_alive_at_relaunch: overlapped });
        await stop(again);
        return `${ms} ms from Ctrl+Q to the relaunch answering${overlapped ? '; the old process was still exiting' : ''}`;
      } finally {
        if (session) await session.deleteSession().catch(() => {});
        killPids(appPids(home));
      }
    }, { soft: true });
  }
  stopDriver(driver);
  driver = null;

  const times = rounds.map((r) => r.quit_to_up_ms);
  const summary = {
    app: APP,
    measured: 'Ctrl+Q in the running app → a launch started the moment it quits holds the profile and answers with its window visible',
    rounds: RUNS,
    rounds_up: rounds.length,
    median_ms: times.length ? median(times) : null,
    max_ms: times.length ? Math.max(...times) : null,
    old_process_alive_at_relaunch: rounds.filter((r) => r.old_process_alive_at_relaunch).length,
    runs: rounds,
    date: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(OUT, 'relaunch.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log(`relaunch: ${summary.rounds_up}/${RUNS} came up; Ctrl+Q → up median ${summary.median_ms} ms, max ${summary.max_ms} ms; ` +
    `the old process was still exiting at ${summary.old_process_alive_at_relaunch} relaunch(es)`);
}

/**
 * The slow quit of a loaded machine, made certain: the instance stops answering (frozen with
 * SIGSTOP) while it holds the profile. A launch must wait rather than exit, and become the
 * instance the moment the old one is gone.
 */
async function silentHolder() {
  const home = newHome('silent');
  const old = launchDirect(home);
  await up(old);
  process.kill(old.pid, 'SIGSTOP');
  const again = launchDirect(home);
  await step('a launch meeting an instance that does not answer waits for it', async () => {
    await waitFor(() => {
      if (again.exit) throw new Error(`${exitText(again)} instead of waiting`);
      return profileLock(home).waiters.includes(again.pid);
    }, { timeout: UP_MS, what: `launch ${again.pid} to wait for the profile's lock` });
    return `pid ${again.pid} waits for ${old.pid}`;
  });
  await step('...and becomes the instance as soon as that one is gone', async () => {
    const t0 = Date.now();
    old.signalled = true;
    process.kill(old.pid, 'SIGKILL');
    await up(again);
    return `${Date.now() - t0} ms after the old instance was killed`;
  });
  await stop(again);
}

async function secondLaunch() {
  const home = newHome('second');
  const first = launchDirect(home);
  await step('first launch comes up', async () => { await up(first); return `pid ${first.pid}`; });
  const times = [];
  for (let i = 1; i <= 3; i++) {
    await step(`second launch ${i} exits 0 and leaves exactly one instance`, async () => {
      const t0 = Date.now();
      const second = launchDirect(home);
      const { code, signal } = await exited(second, SECOND_LAUNCH_MS);
      times.push(Date.now() - t0);
      assert(code === 0 && signal === null, `${exitText(second)}`);
      const pids = appPids(home);
      assert(pids.length === 1 && pids[0] === first.pid, `app processes on the profile: ${pids.join(', ') || 'none'}`);
      assert(lockHolder(home) === first.pid, `lock held by ${lockHolder(home)}, not ${first.pid}`);
      return `exited after ${Date.now() - t0} ms`;
    });
  }
  console.log(`second launch: exit 0 after ${times.join(', ')} ms`);
  return first;
}

async function sideBySide(first) {
  const home = newHome('other');
  const other = launchDirect(home);
  await step('another profile runs side by side', async () => {
    await up(other);
    if (first.exit) throw new Error(`the first profile's instance ${exitText(first)}`);
    assert((await askToShow(first.home)) === 'OK visible', 'the first profile stopped answering');
    return `pids ${first.pid} and ${other.pid}`;
  });
  await stop(other);
  await stop(first);
}

async function twoLaunchesDuringQuit() {
  const home = newHome('double');
  driver = await startDriver(home, path.join(OUT, 'relaunch-tauri-driver.log'));
  let session = null;
  try {
    await step('two launches while the instance quits: one takes over, the other hands over', async () => {
      let old;
      ({ session, pid: old } = await sessionInstance(home));
      const pressed = await pressQuit(session, home);
      const launches = [launchDirect(home), launchDirect(home)];
      await waitFor(() => launches.some((l) => l.exit) && launches.some((l) => lockHolder(home) === l.pid),
        { timeout: UP_MS, what: 'one launch to exit, the other to hold the profile' });
      const instance = launches.find((l) => !l.exit);
      const handed = launches.find((l) => l.exit);
      assert(handed.exit.code === 0 && handed.exit.signal === null, exitText(handed));
      await up(instance);
      await waitGone(old);
      assert(appPids(home).length === 1, `app processes: ${appPids(home).join(', ')}`);
      await pressed;
      await stop(instance);
      return `pid ${instance.pid} took over, pid ${handed.pid} exited 0`;
    });
  } finally {
    if (session) await session.deleteSession().catch(() => {});
    stopDriver(driver);
    driver = null;
  }
}

async function noLaunchFailed() {
  await step('no launch exited with an error', async () => {
    const bad = started.filter((r) => r.exit && !r.signalled && (r.exit.code !== 0 || r.exit.signal));
    assert(!bad.length, bad.map(exitText).join('\n'));
    return `${started.length} launches`;
  });
}

// ---------------------------------------------------------------------------

function cleanupSync() {
  stopDriver(driver);
  for (const home of homes) {
    try { killPids(appPids(home)); } catch { /* /proc unreadable */ }
  }
}

cleanUpOnExit(cleanupSync);

try {
  fs.mkdirSync(OUT, { recursive: true });
  assert(fs.existsSync(APP), `missing ${APP} (cargo build -p meridian-desktop)`);
  console.log(`app: ${APP}`);
  console.log(`quit and relaunch x${RUNS}`);
  await relaunchRounds();
  console.log('second launch and profiles');
  const first = await secondLaunch();
  await sideBySide(first);
  console.log('an instance that does not answer');
  await silentHolder();
  console.log('two launches during one quit');
  await twoLaunchesDuringQuit();
  await noLaunchFailed();
} catch (err) {
  if (!(err instanceof Fatal)) {
    counts.failed++;
    console.log(`  FAIL ${err?.stack ?? err}`);
  }
} finally {
  cleanupSync();
  if (counts.failed === 0) {
    for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  } else {
    console.log(`kept the profiles for inspection: ${homes.join(' ')}`);
  }
}

console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
