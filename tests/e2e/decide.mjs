// End-to-end test of decisions and of seed 004's change board in the real Meridian app,
// across two profiles and the real team server:
//
//   A (Ada, the app) and B (Bob, the CLI) in one team. Ada's team has approver rules for
//   "payments": DB owners (Bob, Carol) and Release (Bob, Dan). Bob works around the clock;
//   Carol and Dan are on time off, so not working now.
//   1. Ada proposes a decision in the app, votes with a reason, and records its outcome.
//   2. Ada files an emergency change in the app: the picker shows each approver's local time
//      and status, and says it goes urgently only to Bob, who is working.
//   3. On B, the request is in Bob's inbox, urgent; Carol and Dan got no urgent item.
//   4. Bob approves (CLI) and syncs: A's app shows "approved in N min" and the timeline.
//
// Run it under X and a session bus (run.sh does):
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/decide.mjs
//
// Outputs, in target/e2e/: decision.png, change-form.png, change.png, and with the demo team
// decisions.png, decision-open.png, changes.png;
// decide-tauri-driver.log, decide-server.log, and on failure decide-failure.png.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Fatal, OUT, REPO, APP, CLI, appPids, assert, cleanUpOnExit, cli, killPids, newSession, pageHelpers,
  startDriver, stepper, stopDriver,
} from './harness.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
const SERVER_BIN = path.resolve(REPO, process.env.MERIDIAN_SERVER || path.join(TARGET, 'debug', 'meridian-server'));
const DRIVER_LOG = path.join(OUT, 'decide-tauri-driver.log');
const SERVER_LOG = path.join(OUT, 'decide-server.log');
const FAILURE_PNG = path.join(OUT, 'decide-failure.png');
const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 10_000;
const SYNC_MS = 20_000; // B's approval reaches A through the server's live events

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-decide-e2e-'));
const homeA = path.join(root, 'a');
const homeB = path.join(root, 'b');
const serverData = path.join(root, 'server');

let browser = null;
let driver = null;
let server = null;
let failureShot = false;

const { step, counts } = stepper(async () => {
  if (failureShot || !browser) return;
  failureShot = true;
  try {
    await browser.saveScreenshot(FAILURE_PNG);
    console.log(`       screenshot: ${path.relative(REPO, FAILURE_PNG)}`);
    const body = await browser.execute(() => document.body?.innerText ?? '');
    console.log(`       page text: ${JSON.stringify(String(body).slice(0, 600))}`);
  } catch { /* the app may be gone */ }
});

const { shown, text, waitText, typeInto, paste, click, screenshot } = pageHelpers(() => browser, { stepMs: STEP_MS });
const a = (...args) => cli(homeA, ...args);
const b = (...args) => cli(homeB, ...args);

function cleanupSync() {
  stopDriver(driver);
  if (server && server.exitCode === null) {
    try { server.kill('SIGKILL'); } catch { /* gone */ }
  }
  try { killPids(appPids(homeA)); } catch { /* /proc unreadable */ }
}
cleanUpOnExit(cleanupSync);

/** Starts meridian-server on a free port; resolves to its URL once it listens. */
function startServer() {
  const log = fs.openSync(SERVER_LOG, 'w');
  const child = spawn(SERVER_BIN, ['--listen', '127.0.0.1:0', '--data-dir', serverData], {
    stdio: ['ignore', log, 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  fs.closeSync(log);
  server = child;
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`meridian-server did not start: ${seen}`)), 10_000);
    child.stderr.on('data', (chunk) => {
      fs.appendFileSync(SERVER_LOG, chunk);
      seen += chunk.toString();
      const m = seen.replace(/\x1b\[[0-9;]*m/g, '').match(/listening address=(127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://${m[1]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`meridian-server exited (${code}): ${seen}`));
    });
  });
}

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** A `datetime-local` value `hours` from now, in UTC (Ada's zone). */
const localIn = (hours) => new Date(Date.now() + hours * 3_600_000).toISOString().slice(0, 16);

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  console.log(`profiles:     ${root}`);
  await step('app, CLI and server binaries exist', async () => {
    for (const bin of [APP, CLI, SERVER_BIN]) assert(fs.existsSync(bin), `missing ${bin}`);
  });

  const url = await startServer();
  await step('A creates the team, B (Bob, working around the clock) joins, A adds Carol and Dan', async () => {
    a('init', '--name', 'Ada Lovelace', '--handle', 'ada', '--team', 'Engines', '--tz', 'UTC');
    const invite = JSON.parse(a('team', 'create', '--server', url, '--json')).invite_code;
    b('init', '--name', 'Bob Byte', '--handle', 'bob', '--team', 'Engines', '--tz', 'UTC', '--hours', 'mon-sun 00:00-24:00');
    b('team', 'join', invite);
    a('sync');
    for (const [name, handle] of [['Carol Coder', 'carol'], ['Dan Dev', 'dan']]) {
      a('member', 'add', '--name', name, '--handle', handle, '--tz', 'UTC', '--hours', 'mon-sun 00:00-24:00');
      a('timeoff', 'add', `@${handle}`, '--from', day(-1), '--to', day(2));
    }
    a('cr', 'rule', '--system', 'payments', '--group', 'DB owners', '--approvers', '@bob,@carol', '--required', '2');
    a('cr', 'rule', '--system', 'payments', '--group', 'Release', '--approvers', '@bob,@dan');
    a('sync');
    b('sync');
    return url;
  });

  await step('tauri-driver is up', async () => {
    driver = await startDriver(homeA, DRIVER_LOG);
  });
  browser = await newSession();
  await step('the app opens on Ada\'s home', async () => {
    await shown('home', FIRST_SCREEN_MS);
  });

  // --- A decision, asynchronously ---------------------------------------------------
  let decisionUrl = '';
  await step('Decisions › New decision: proposed with a closing time in Ada\'s zone', async () => {
    await click('nav-decisions');
    await shown('decisions-view');
    await click('new-decision');
    await typeInto('decision-title', 'Ship on Thursdays, not Fridays');
    await paste('decision-context', 'Friday releases land when **half the team is offline**.');
    await paste('decision-voters', '@bob, @ada');
    await paste('decision-closes', localIn(48));
    await click('decision-submit');
    const status = await waitText('decision-status', (t) => t === 'proposed');
    decisionUrl = await text('decision-closes');
    assert(/\(UTC\)$/.test(decisionUrl), `closing time shown as ${decisionUrl}`);
    return `closes ${decisionUrl}, ${status}`;
  });
  await step('a block without a reason is refused; with one it counts', async () => {
    await click('vote-option-3');
    await click('vote-submit');
    const refused = await waitText('decision-banner', (t) => t.length > 0);
    assert(/reason/i.test(refused), refused);
    await typeInto('vote-reason', 'Thursday is Dan\'s day off');
    await click('vote-submit');
    await waitText('vote-history', (t) => t.includes('block'));
  });
  await step('changing the vote keeps the earlier one in the history', async () => {
    await click('vote-option-0');
    await typeInto('vote-reason', 'Fine, Dan agreed');
    await click('vote-submit');
    const history = await waitText('vote-history', (t) => t.includes('changed since'));
    return history.replace(/\n/g, ' | ');
  });
  await step('screenshot of the decision', () => screenshot('decision.png'), { soft: true });
  await step('Ada records the outcome: accepted, with a review date', async () => {
    await typeInto('outcome-text', 'We ship on Thursdays from December.');
    await paste('outcome-review', localIn(24 * 30));
    await click('outcome-submit');
    await waitText('decision-status', (t) => t === 'accepted');
    return await text('decision-outcome');
  });

  // --- Seed 004: an emergency change ------------------------------------------------
  const filedAt = Date.now();
  let changeId = '';
  await step('Changes › New: the emergency picker shows local time and status, urgent only to Bob', async () => {
    await click('nav-changes');
    await click('new-change');
    await click('change-kind-emergency');
    await typeInto('change-title', 'Hotfix: card payments time out');
    await typeInto('change-systems', 'payments');
    await paste('change-justification', 'Checkout is failing for 2% of cards right now.');
    await paste('change-what', 'Raise the gateway timeout from 10 s to 30 s.');
    await paste('change-rollback', 'Set PAYMENT_TIMEOUT back to 10 s and redeploy.');
    await click('change-tested');
    await typeInto('change-results', 'https://ci.example.com/payments/4812');
    const summary = await waitText('picker-summary', (t) => t.startsWith('Urgent now to @bob.'));
    const bob = await (await shown('approver-bob')).getAttribute('data-working');
    const carol = await (await shown('approver-carol')).getAttribute('data-working');
    assert(bob === 'true' && carol === 'false', `working: bob ${bob}, carol ${carol}`);
    assert(/@carol, @dan get it in their inbox/.test(summary), summary);
    return summary;
  });
  await step('screenshot of the change form and its picker', async () => {
    await (await shown('change-picker')).scrollIntoView({ block: 'end' });
    await screenshot('change-form.png');
  }, { soft: true });
  await step('filed: pending, the timeline says who was reached urgently', async () => {
    await click('change-submit');
    await waitText('change-status', (t) => t === 'pending');
    const timeline = await waitText('change-timeline', (t) => t.includes('Urgent to @bob (working now)'));
    assert(timeline.includes('@carol, @dan get it in their inbox'), timeline);
    changeId = JSON.parse(a('cr', 'list', '--pending', '--json'))[0].id;
    return changeId;
  });

  await step('on B (after a sync) Bob has it urgent in his inbox; Carol and Dan have nothing urgent', async () => {
    await waitText('sync-summary', (t) => t.startsWith('Up to date'), SYNC_MS, 'A to push');
    b('sync');
    const inbox = JSON.parse(b('notify', 'inbox', '--json'));
    const items = inbox.items ?? inbox;
    const urgent = items.filter((item) => item.urgent);
    assert(urgent.length === 1 && /Hotfix/.test(urgent[0].title), `Bob's urgent items: ${JSON.stringify(urgent)}`);
    const pending = JSON.parse(b('cr', 'list', '--pending', '--json'));
    assert(pending[0]?.waiting_on_me === true, 'not waiting on Bob');
    const others = JSON.parse(a('cr', 'show', changeId, '--json'));
    const reached = others.groups.flatMap((g) => g.approvers).filter((ap) => ap.working).map((ap) => ap.person.handle);
    assert(JSON.stringify([...new Set(reached)]) === '["bob"]', `working approvers ${reached}`);
    return urgent[0].title;
  });

  await step('Bob approves (CLI) and syncs: A shows "approved in N min" and the timeline', async () => {
    b('cr', 'approve', changeId);
    b('sync');
    const took = await waitText('change-status', (t) => t === 'approved', SYNC_MS, 'the approval to arrive');
    const time = await text('time-to-approval');
    const minutes = Math.floor((Date.now() - filedAt) / 60_000);
    assert(/^approved in (under 1|\d+) min$/.test(time), time);
    const timeline = await waitText('change-timeline', (t) => t.includes('Post-hoc review due by'));
    assert(timeline.includes('@bob approved (DB owners, Release)'), timeline);
    return `${took}; ${time} (≤ ${minutes + 1} min); ${timeline.split('\n').length} timeline lines`;
  });
  await step('screenshot of the approved change and its timeline', () => screenshot('change.png'), { soft: true });

  // --- The demo team's board, for the pictures ---------------------------------------
  await step('with the demo team: the decisions list, an open decision and the change list', async () => {
    a('demo');
    await click('nav-home');
    await click('nav-decisions');
    await waitText('decisions-view', (t) => t.includes('Replace the weekly sync call'), SYNC_MS, 'the demo decision');
    await screenshot('decisions.png');
    const rows = await browser.$$('[data-testid^="decision-row-"]');
    for (const row of rows) {
      if ((await row.getText()).includes('Replace the weekly sync call')) {
        await row.click();
        break;
      }
    }
    await waitText('decision-results', (t) => t.includes('changed since'));
    await screenshot('decision-open.png');
    await click('nav-changes');
    await waitText('changes-view', (t) => t.includes('waiting on you'), SYNC_MS, 'the demo change');
    await screenshot('changes.png');
  }, { soft: true });
}

try {
  await main();
} catch (err) {
  if (!(err instanceof Fatal)) {
    counts.failed++;
    console.log(`  FAIL ${err?.stack ?? err}`);
  }
} finally {
  if (browser) {
    try { await browser.deleteSession(); } catch { /* app gone */ }
  }
  cleanupSync();
}
console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
if (counts.failed === 0 && !process.env.E2E_KEEP_HOME) fs.rmSync(root, { recursive: true, force: true });
else console.log(`profiles kept in ${root}`);
process.exit(counts.failed ? 1 : 0);
