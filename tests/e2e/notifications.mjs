// End-to-end test of batched system notifications against a real notification daemon.
//
// `dunst -print` (inside the same Xvfb display and D-Bus session) receives what Meridian sends
// through notify-rust and prints each notification; this script reads that output to assert
// what was shown and when. Two `meridian daemon`s run the real scheduler on one profile, so
// the test also proves there is one deliverer; then the app (started as at login, hidden in
// the tray) and a daemon share a second profile: the app delivers, the daemon stands by, each
// item is shown once, and the daemon takes over when the app exits. Prints a final
// `N passed, M failed` line.
//
//   xvfb-run -a dbus-run-session -- node tests/e2e/notifications.mjs

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP, profileLock } from './harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
const CLI = path.resolve(REPO, process.env.MERIDIAN_CLI || path.join(TARGET, 'debug', 'meridian'));
const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-notify-e2e-'));
const env = { ...process.env, MERIDIAN_HOME: HOME };

let passed = 0;
let failed = 0;
const children = [];

function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

function cli(...args) {
  return cliOn(env, ...args);
}

function cliOn(env, ...args) {
  const result = spawnSync(CLI, args, { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`meridian ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- the notification daemon -------------------------------------------------------------
// Each notification dunst prints is a `{ … }` block with `summary: '…'` and `body: '…'`.
const shown = []; // { at, summary, body }
const dunst = spawn('dunst', ['-print', '-config', '/dev/null'], { stdio: ['ignore', 'pipe', 'ignore'] });
children.push(dunst);
let buffer = '';
dunst.stdout.on('data', (chunk) => {
  buffer += chunk.toString();
  let end;
  while ((end = buffer.indexOf('\n}')) !== -1) {
    const block = buffer.slice(0, end + 2);
    buffer = buffer.slice(end + 2);
    const field = (name) => (block.match(new RegExp(`\\b${name}: '([\\s\\S]*?)'\\n`)) || [])[1];
    if (field('appname') === 'Meridian') shown.push({ at: Date.now(), summary: field('summary'), body: field('body') });
  }
});

function daemon(daemonEnv = env) {
  const child = spawn(CLI, ['daemon'], { env: daemonEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  children.push(child);
  return { child, output: () => output };
}

function cleanup() {
  for (const child of children) {
    try {
      child.kill('SIGTERM');
    } catch {}
  }
  fs.rmSync(HOME, { recursive: true, force: true });
  fs.rmSync(APP_HOME, { recursive: true, force: true });
}

/** Polls `probe` every 100 ms until it is truthy or `ms` have passed; returns its last value. */
async function within(ms, probe) {
  const deadline = Date.now() + ms;
  let value = probe();
  while (!value && Date.now() < deadline) {
    await sleep(100);
    value = probe();
  }
  return value;
}

// --- the app and a daemon on one profile -------------------------------------------------
const APP_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-notify-app-e2e-'));

async function appAndDaemon() {
  console.log('the app and a daemon');
  const appEnv = { ...process.env, MERIDIAN_HOME: APP_HOME };
  const on = (...args) => cliOn(appEnv, ...args);
  on('init', '--name', 'Ada Lovelace', '--handle', 'ada', '--tz', 'UTC', '--team', 'Engines', '--hours', 'mon-sun 00:00-24:00');
  on('member', 'add', '--name', 'Grace Hopper', '--handle', 'grace', '--tz', 'America/New_York');
  const shownOnce = async (summary) => {
    await within(5_000, () => shown.some((n) => n.summary === summary));
    await sleep(2_000); // time for a second deliverer to show it again
    return shown.filter((n) => n.summary === summary).length;
  };

  // As at login: hidden in the tray, no window.
  const app = spawn(APP, ['--hidden'], { env: appEnv, stdio: 'ignore' });
  children.push(app);
  const holder = () => profileLock(APP_HOME, 'delivery.lock').holder;
  const appDelivers = await within(20_000, () => holder() === app.pid);
  check('the app takes the delivery lock', appDelivers, `holder ${holder()}, app ${app.pid}`);
  const beside = daemon(appEnv);
  const stoodBy = await within(5_000, () => /standing by/.test(beside.output()));
  check('a daemon started beside it stands by', stoodBy, beside.output().trim());

  on('notify', 'send', '--to', '@ada', '--from', '@grace', '--title', 'Deploy finished', '--urgent');
  const first = await shownOnce('Urgent: Deploy finished');
  check('an urgent item is shown exactly once', first === 1, `${first} times`);
  check(
    'the app delivered it; the daemon never did',
    holder() === app.pid && !/delivering notifications/.test(beside.output()),
    `holder ${holder()}, daemon said ${JSON.stringify(beside.output().trim())}`,
  );

  app.kill('SIGTERM');
  const tookOver = await within(15_000, () => /delivering notifications/.test(beside.output()) && holder() === beside.child.pid);
  check('when the app exits, the daemon takes over', tookOver, `holder ${holder()}, daemon ${beside.child.pid}`);
  on('notify', 'send', '--to', '@ada', '--from', '@grace', '--title', 'Rollback done', '--urgent');
  const second = await shownOnce('Urgent: Rollback done');
  check('the next urgent item is shown exactly once, by the daemon', second === 1, `${second} times`);
  beside.child.kill('SIGTERM');
}

async function main() {
  await sleep(1000); // let dunst take the notification service name
  console.log('setup');
  cli('init', '--name', 'Ada Lovelace', '--handle', 'ada', '--tz', 'UTC', '--team', 'Engines', '--hours', 'mon-sun 00:00-24:00');
  cli('member', 'add', '--name', 'Grace Hopper', '--handle', 'grace', '--tz', 'America/New_York');
  // The delivery minute: the next whole minute at least 20 s away.
  const now = new Date();
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + (now.getUTCSeconds() > 40 ? 120_000 : 60_000));
  const hhmm = minute.toISOString().slice(11, 16);
  cli('notify', 'schedule', 'set', hhmm);
  check(`delivery time set to ${hhmm} UTC`, true);

  console.log('batching');
  const first = daemon();
  await sleep(1500);
  const second = daemon(); // must stand by: one deliverer per profile
  cli('notify', 'send', '--to', '@ada', '--from', '@grace', '--kind', 'mention', '--title', 'Review the RFC');
  cli('notify', 'send', '--to', '@ada', '--from', '@grace', '--kind', 'reply', '--title', 'Re: launch plan');
  cli('notify', 'send', '--to', '@ada', '--from', '@grace', '--title', 'Board updated');
  await sleep(3000);
  check('queued items are held before the delivery time', shown.length === 0, `${shown.length} shown`);
  const pending = JSON.parse(cli('notify', 'pending', '--json'));
  check('the inbox already has all three', pending.items.length === 3, `${pending.items.length} pending`);
  check('a second daemon stands by', /standing by/.test(second.output()), second.output().trim());
  while (Date.now() < minute.getTime() + 8_000) await sleep(250);
  const batch = shown.filter((n) => n.summary === '3 updates');
  check('exactly one batch notification arrives', shown.length === 1 && batch.length === 1, JSON.stringify(shown.map((n) => n.summary)));
  if (batch.length === 1) {
    const late = batch[0].at - minute.getTime();
    check('it arrives at the chosen minute', late >= -1000 && late <= 6_000, `${late} ms after ${hhmm}:00`);
    check('it summarises the batch', batch[0].body.startsWith('1 mention, 1 reply, 1 update'), JSON.stringify(batch[0].body));
  }

  console.log('focus');
  cli('focus', 'start', '25');
  cli('notify', 'send', '--to', '@ada', '--from', '@grace', '--title', 'Lunch?');
  const sentUrgent = Date.now();
  cli('notify', 'send', '--to', '@ada', '--from', '@grace', '--title', 'Prod is down', '--urgent');
  while (Date.now() < sentUrgent + 4000 && !shown.some((n) => n.summary === 'Urgent: Prod is down')) await sleep(100);
  const urgent = shown.find((n) => n.summary === 'Urgent: Prod is down');
  check('an urgent item arrives at once during focus', !!urgent, urgent ? `${urgent.at - sentUrgent} ms` : 'not shown');
  await sleep(2000);
  check('a normal item stays held during focus', !shown.some((n) => n.summary === 'Lunch?'), JSON.stringify(shown.map((n) => n.summary)));
  check('nothing was shown twice', shown.length === 2, `${shown.length} notifications`);
  first.child.kill('SIGTERM');
  second.child.kill('SIGTERM');

  await appAndDaemon();
}

main()
  .catch((err) => {
    failed += 1;
    console.log(`  FAIL ${err.message}`);
  })
  .finally(() => {
    cleanup();
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
