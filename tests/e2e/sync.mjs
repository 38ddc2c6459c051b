// End-to-end sync between two profiles through the real team server.
//
// Starts `meridian-server` on an ephemeral port, creates profile A with the CLI and a team on
// the server, joins profile B (CLI) with the invite code, then drives the app on A:
//   1. the sidebar says "Up to date";
//   2. B starts focusing and syncs (CLI): A's team board shows B focusing within 2 s
//      (the server's live events wake A's background sync);
//   3. the server is killed: after a local change the sidebar says "1 change waiting — offline";
//   4. the server comes back on the same port and data: the sidebar is up to date again;
//   5. a third person, C, opens the app for the first time and joins from onboarding with an
//      invite code: the team's name is the inviter's, and the board shows A and B.
// Prints a final `N passed, M failed` line. Outputs in target/e2e/: sync.png, and on failure
// sync-failure.png; also sync-offline.png, sync-settings.png, sync-join.png, sync-join-code.png, sync-tauri-driver.log, sync-server.log.
//
//   xvfb-run -a dbus-run-session -- node tests/e2e/sync.mjs

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, Fatal, OUT, REPO, appPids, assert, cleanUpOnExit, cli, killPids, newSession, startDriver,
  stepper, stopDriver, waitFor,
} from './harness.mjs';

const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(REPO, process.env.CARGO_TARGET_DIR) : path.join(REPO, 'target');
const SERVER_BIN = path.resolve(REPO, process.env.MERIDIAN_SERVER || path.join(TARGET, 'debug', 'meridian-server'));
const DRIVER_LOG = path.join(OUT, 'sync-tauri-driver.log');
const SERVER_LOG = path.join(OUT, 'sync-server.log');
const FAILURE_PNG = path.join(OUT, 'sync-failure.png');

const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 10_000;
const VISIBLE_MS = 2_000; // a change on B must show on A within this
const RECOVER_MS = 70_000; // at worst one capped backoff (60 s) after the server is back

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-sync-e2e-'));
const homeA = path.join(root, 'a');
const homeB = path.join(root, 'b');
const homeC = path.join(root, 'c');
const serverData = path.join(root, 'server');

let browser = null;
let driver = null;
let server = null;
let serverUrl = null;
let failureShot = false;

/** A WebDriver request timed out: keep every thread's backtrace of the app (needs gdb). */
function dumpBacktraces() {
  const out = [];
  for (const pid of appPids(homeA)) {
    const r = spawnSync('gdb', ['-p', String(pid), '-batch', '-ex', 'thread apply all bt 40'], { encoding: 'utf8', timeout: 60_000 });
    if (r.error) return;
    out.push(`=== pid ${pid}\n${r.stdout}`);
  }
  const file = path.join(OUT, 'sync-app-backtrace.txt');
  fs.writeFileSync(file, out.join('\n'));
  console.log(`       app backtraces: ${path.relative(REPO, file)}`);
}

const { step, counts } = stepper(async (err) => {
  if (failureShot || !browser) return;
  failureShot = true;
  if (/UND_ERR_HEADERS_TIMEOUT|timed out/i.test(String(err?.message ?? err))) {
    dumpBacktraces();
    return;
  }
  try {
    await browser.saveScreenshot(FAILURE_PNG);
    console.log(`       screenshot: ${path.relative(REPO, FAILURE_PNG)}`);
    const body = await (await browser.$('body')).getText();
    console.log(`       page text: ${JSON.stringify(body.slice(0, 600))}`);
  } catch { /* the app may be gone */ }
});

function cleanupSync() {
  stopDriver(driver);
  if (server && server.exitCode === null) {
    try { server.kill('SIGKILL'); } catch { /* gone */ }
  }
  try { killPids([...appPids(homeA), ...appPids(homeC)]); } catch { /* /proc unreadable */ }
}
cleanUpOnExit(cleanupSync);

// ---------------------------------------------------------------------------
// The team server
// ---------------------------------------------------------------------------

/** Starts meridian-server on `port` (0: any free one); resolves to its URL once it listens. */
function startServer(port) {
  const log = fs.openSync(SERVER_LOG, 'a');
  const child = spawn(SERVER_BIN, ['--listen', `127.0.0.1:${port}`, '--data-dir', serverData], {
    stdio: ['ignore', log, 'pipe'],
    env: { ...process.env, NO_COLOR: '1', RUST_LOG: process.env.RUST_LOG || 'info' },
  });
  fs.closeSync(log);
  server = child;
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`meridian-server did not log its address within 10 s: ${seen}`)), 10_000);
    child.stderr.on('data', (chunk) => {
      fs.appendFileSync(SERVER_LOG, chunk);
      seen += chunk.toString();
      // Strip colour codes, then find `listening address=127.0.0.1:PORT`.
      const m = seen.replace(/\x1b\[[0-9;]*m/g, '').match(/listening address=(127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://${m[1]}`);
      }
    });
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`meridian-server exited (code ${code}, signal ${sig}): ${seen}`));
    });
  });
}

/** Stops the server the hard way, as a crash or a lost network would: no goodbye to clients. */
async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const child = server;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

// ---------------------------------------------------------------------------
// UI helpers
// ---------------------------------------------------------------------------

async function shown(id, timeout = STEP_MS) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForDisplayed({ timeout, timeoutMsg: `[data-testid="${id}"] not displayed after ${timeout} ms` });
  return el;
}

/** Polls the element's text until `pred` holds; returns it. Throws with the last text seen. */
async function waitText(id, pred, timeout, what) {
  let last = '';
  await waitFor(async () => {
    const el = await browser.$(`[data-testid="${id}"]`);
    last = (await el.isExisting()) ? (await el.getText()).trim() : '';
    return pred(last);
  }, { timeout, interval: 50, what: () => `[data-testid="${id}"] ${what} (last text: ${JSON.stringify(last)})` });
  return last;
}

async function syncLineState() {
  const el = await browser.$('[data-testid="sync-line"]');
  return (await el.isExisting()) ? el.getAttribute('data-state') : '';
}

/**
 * Saves a picture of the app: the X screen (ImageMagick's `import`), which shows the window as
 * it is; WebKit's own screenshot can take tens of seconds on a loaded machine. Falls back to
 * WebDriver's screenshot when there is no `import`.
 */
async function screenshot(name) {
  const file = path.join(OUT, name);
  await browser.execute(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const grabbed = process.env.DISPLAY && spawnSync('import', ['-window', 'root', file], { timeout: 15_000 }).status === 0;
  if (!grabbed) await browser.saveScreenshot(file);
  console.log(`       screenshot: ${path.relative(REPO, file)}`);
}

// ---------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  fs.rmSync(SERVER_LOG, { force: true });
  console.log(`server:       ${SERVER_BIN}`);
  console.log(`profiles:     ${root}`);

  await step('app, CLI and server binaries exist', async () => {
    for (const b of [APP, CLI, SERVER_BIN]) {
      assert(fs.existsSync(b), `missing ${b} (cargo build -p meridian-desktop -p meridian-cli -p meridian-server)`);
    }
  });

  await step('meridian-server listens on an ephemeral port', async () => {
    serverUrl = await startServer(0);
    return serverUrl;
  });

  let invite = '';
  await step('profile A creates a team on the server (CLI)', async () => {
    cli(homeA, 'init', '--name', 'Ada Lovelace', '--handle', 'ada', '--team', 'Engines', '--tz', 'UTC');
    const created = JSON.parse(cli(homeA, 'team', 'create', '--server', serverUrl, '--json'));
    invite = created.invite_code;
    assert(typeof invite === 'string' && invite.length > 20, `no invite code in ${JSON.stringify(created)}`);
    return `team ${created.team_id}`;
  });

  await step('profile B joins with the invite code (CLI)', async () => {
    cli(homeB, 'init', '--name', 'Bob Byte', '--handle', 'bob', '--team', 'Byte Shop', '--tz', 'UTC');
    cli(homeB, 'team', 'join', invite);
    const board = JSON.parse(cli(homeB, 'team', '--json'));
    assert(JSON.stringify(board).includes('"ada"'), 'B does not see ada after joining');
  });

  await step('tauri-driver is up', async () => {
    driver = await startDriver(homeA, DRIVER_LOG);
  });

  browser = await newSession();

  await step('the app on A says "Up to date" in the sidebar', async () => {
    await shown('home', FIRST_SCREEN_MS);
    await waitText('sync-summary', (t) => t.startsWith('Up to date'), STEP_MS, 'to say "Up to date"');
    assert((await syncLineState()) === 'up_to_date', `sync line state ${await syncLineState()}`);
    return await (await browser.$('[data-testid="sync-summary"]')).getText();
  });

  await step('A\'s team board shows B, not focusing yet', async () => {
    await (await shown('nav-team')).click();
    const status = await waitText('status-bob', (t) => t.length > 0, STEP_MS, 'to show B');
    assert(!/focusing/i.test(status), `B already focusing: ${status}`);
    return status;
  });

  let visibleMs = null;
  await step(`B focuses and syncs (CLI): A's board shows it within ${VISIBLE_MS} ms`, async () => {
    cli(homeB, 'focus', 'start', '25');
    const t0 = Date.now();
    cli(homeB, 'sync');
    const synced = Date.now() - t0;
    const status = await waitText('status-bob', (t) => /focusing/i.test(t), VISIBLE_MS + synced, 'to show B focusing');
    visibleMs = Date.now() - t0;
    assert(visibleMs - synced <= VISIBLE_MS, `seen ${visibleMs - synced} ms after B's sync finished`);
    return `"${status}" ${visibleMs} ms after B's sync started (its sync took ${synced} ms)`;
  });
  // A missing picture fails no check.
  await step('screenshot of A\'s board', () => screenshot('sync.png'), { soft: true });

  await step('Sync now reports its result', async () => {
    await (await shown('sync-now')).click();
    return await waitText('sync-result', (t) => t.startsWith('Synced'), STEP_MS, 'to report the pass');
  });

  await step('Settings › Team server shows the server and hands out a new invite code', async () => {
    await (await shown('nav-settings')).click();
    const url = await waitText('team-server-url', (t) => t.length > 0, STEP_MS, 'to show the server');
    assert(url === serverUrl, `server shown as ${url}, expected ${serverUrl}`);
    await (await shown('new-invite')).click();
    const code = await waitFor(async () => {
      const el = await browser.$('[data-testid="invite-code"]');
      return (await el.isExisting()) && (await el.getValue());
    }, { timeout: STEP_MS, interval: 50, what: 'an invite code' });
    assert(code.startsWith('meridian-invite-1.'), `invite code ${code.slice(0, 30)}…`);
    await (await browser.$('[data-testid="invite-code"]')).scrollIntoView();
    return `${code.slice(0, 24)}…`;
  });
  await step('screenshot of Settings › Team server', () => screenshot('sync-settings.png'), { soft: true });

  let port = null;
  await step('server killed + a local change on A: the sidebar says offline', async () => {
    port = Number(new URL(serverUrl).port);
    await stopServer();
    // A local change through the UI: start a focus session from home.
    await (await shown('nav-home')).click();
    await (await shown('focus-start-25')).click();
    const summary = await waitText(
      'sync-summary',
      (t) => /^1 change waiting — offline since/.test(t),
      STEP_MS,
      'to say "1 change waiting — offline since …"',
    );
    const state = await syncLineState();
    assert(state === 'offline', `sync line state ${state}`);
    return summary;
  });
  await step('screenshot of the offline sidebar', () => screenshot('sync-offline.png'), { soft: true });

  await step('server back on the same port: the sidebar is up to date again', async () => {
    const t0 = Date.now();
    serverUrl = await startServer(port);
    const summary = await waitText('sync-summary', (t) => t.startsWith('Up to date'), RECOVER_MS, 'to say "Up to date" again');
    return `${summary} after ${Date.now() - t0} ms`;
  });

  await step('B pulls A\'s focus, made while the server was away (CLI)', async () => {
    cli(homeB, 'sync');
    const board = JSON.parse(cli(homeB, 'team', '--json'));
    const ada = (board.members ?? board.rows ?? []).find((r) => (r.member?.handle ?? r.handle) === 'ada');
    assert(ada, `no ada on B's board: ${JSON.stringify(board).slice(0, 300)}`);
    assert(/focus/i.test(JSON.stringify(ada)), `ada not focusing on B's board: ${JSON.stringify(ada).slice(0, 300)}`);
  });

  // --- 5. C joins from onboarding, in the app ----------------------------------------------
  await step('A\'s app closes; C\'s app opens on onboarding', async () => {
    await browser.deleteSession();
    browser = null;
    stopDriver(driver);
    killPids(appPids(homeA));
    driver = await startDriver(homeC, DRIVER_LOG);
    browser = await newSession();
    await shown('onboarding', FIRST_SCREEN_MS);
  });

  await step('C joins with an invite code from onboarding: the inviter\'s team, A and B on the board', async () => {
    const { invite_code: code } = JSON.parse(cli(homeB, 'team', 'invite', '--json'));
    await (await shown('onboarding-mode-join')).click();
    assert(!(await (await browser.$('[data-testid="team-input"]')).isExisting()), 'the team name is asked when joining');
    await (await shown('name-input')).setValue('Cleo Coder');
    await (await shown('handle-input')).setValue('cleo');
    await (await shown('onboarding-invite')).setValue(code);
    await screenshot('sync-join-code.png');
    await (await shown('onboarding-mode-join')).scrollIntoView({ block: 'center' });
    await screenshot('sync-join.png');
    await (await shown('finish-onboarding')).click();
    await shown('home', STEP_MS);
    await (await shown('nav-team')).click();
    await waitText('status-ada', (t) => t.length > 0, STEP_MS, 'to show A on C\'s board');
    await waitText('status-bob', (t) => t.length > 0, STEP_MS, 'to show B on C\'s board');
    const team = JSON.parse(cli(homeC, 'profile', '--json'));
    const name = team.team?.name ?? JSON.stringify(team).match(/"Engines"/)?.[0];
    assert(/Engines/.test(String(name)), `C's team is not the inviter's: ${JSON.stringify(team).slice(0, 300)}`);
    return `C's team: ${name}`;
  });

  if (visibleMs !== null) console.log(`change on B → visible on A: ${visibleMs} ms`);
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
  await stopServer().catch(() => {});
}
console.log(`\n${counts.passed} passed, ${counts.failed} failed`);
if (counts.failed === 0 && !process.env.E2E_KEEP_HOME) fs.rmSync(root, { recursive: true, force: true });
else console.log(`profiles kept in ${root}`);
process.exit(counts.failed ? 1 : 0);
