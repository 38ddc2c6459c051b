// End-to-end test of what a person sends when something goes wrong, in the real app:
//
//   the CLI and the app write their logs in the profile → a crash report the previous run
//   left (as the panic hook writes it) → the window says Meridian closed unexpectedly, shows
//   the report, copies it, dismisses it → `meridian doctor` no longer counts it unread → the
//   next launch says nothing.
//
// The panic hook itself (a real panic writes the report, with nothing quoted) is tested in
// crates/meridian-os/tests/crash_report.rs.
//
// Outputs, in target/e2e/: crash-notice.png, crash-notice-820.png, diagnostics-tauri-driver.log,
// and on failure diagnostics-failure.png.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, OUT, appPids, assert, cli as cliIn, failureShot, lockHolder, newSession, pageHelpers, runToEnd,
  startDriver, stepper, waitFor,
} from './harness.mjs';

const FAILURE_PNG = path.join(OUT, 'diagnostics-failure.png');
const DRIVER_LOG = path.join(OUT, 'diagnostics-tauri-driver.log');
const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 8_000;

let browser = null;
let driver = null;
let home = null;
const { step, counts } = stepper(failureShot(() => browser, FAILURE_PNG, { getHome: () => home }));
const { shown, isShown, text, waitText, click, screenshot } = pageHelpers(() => browser, { stepMs: STEP_MS });
const cli = (...args) => cliIn(home, ...args);
/** Waits until the crash notice has looked for reports and found none unread (a hidden marker). */
const noticeSettled = async () => (await browser.$('[data-testid="crash-checked"]')).waitForExist({ timeout: STEP_MS });

const REPORT_NAME = 'crash-20261206T221500.000Z-4242.txt';
const REPORT = [
  'Meridian 0.1.0 crashed (desktop)',
  'time: 2026-12-06T22:15:00+00:00',
  'os: linux x86_64',
  'thread: main',
  'at: src-tauri/src/lib.rs:1',
  'message: could not save "…"',
  '',
  'Nothing was sent anywhere. If you report this, attach this file.',
  '',
  'backtrace:',
  '   0: meridian_desktop::run',
  '',
].join('\n');

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-diagnostics-'));
  console.log(`app:          ${APP}`);
  console.log(`MERIDIAN_HOME ${home}`);
  const logs = path.join(home, 'logs');

  await step('app and CLI binaries exist', async () => {
    for (const b of [APP, CLI]) assert(fs.existsSync(b), `missing ${b} (cargo build --workspace)`);
  });
  await step('CLI: a profile; its run is in logs/cli.log; the last run left a crash report', async () => {
    cli('init', '--name', 'Ada Lovelace', '--handle', 'ada', '--tz', 'Europe/Berlin', '--team', 'Engines');
    const log = fs.readFileSync(path.join(logs, 'cli.log'), 'utf8');
    assert(/INFO .*command=init/.test(log), `cli.log: ${log}`);
    fs.writeFileSync(path.join(logs, REPORT_NAME), REPORT);
    assert(/1 unread/.test(cli('doctor')), 'doctor counts the report unread');
  });
  await step('tauri-driver is up', async () => {
    driver = await startDriver(home, DRIVER_LOG);
  });

  browser = await newSession();
  await step('the window says Meridian closed unexpectedly, and where the report is', async () => {
    await shown('home', FIRST_SCREEN_MS);
    const notice = await text('crash-notice');
    assert(/closed unexpectedly/.test(notice) && /nothing was sent/.test(notice), notice);
    assert((await text('crash-path')).endsWith(REPORT_NAME), await text('crash-path'));
    await screenshot('crash-notice.png');
  });
  await step('Show report shows the whole report; Copy copies it or says how; Show file shows it or says where', async () => {
    await click('crash-show');
    const shownText = await browser.execute(() => document.querySelector('[data-testid="crash-report"]').value);
    assert(shownText === REPORT, `report: ${JSON.stringify(shownText)}`);
    await click('crash-copy');
    const note = await text('crash-note');
    assert(/Copied|copy it/.test(note), note);
    // Show file: the file manager shows it, or the notice says why not and where the file is
    // (this test machine has no file manager on its session bus).
    await click('crash-reveal');
    const revealed = await waitText('crash-note', (t) => /file manager/.test(t) && !/^Copied/.test(t));
    assert(/Shown in your file manager|report is at .*crash-/.test(revealed), revealed);
    await browser.setWindowSize(820, 600);
    await screenshot('crash-notice-820.png');
    return note;
  });
  await step('Dismiss: the notice goes, the report stays on disk, doctor no longer counts it', async () => {
    await click('crash-dismiss');
    await noticeSettled();
    assert(!(await isShown('crash-notice')), 'the notice is still there');
    assert(fs.existsSync(path.join(logs, REPORT_NAME)), 'the report was removed');
    assert(/none unread/.test(cli('doctor')), 'doctor still counts it');
  });
  await step('the app writes its own log: logs/desktop.log says it started', async () => {
    const log = fs.readFileSync(path.join(logs, 'desktop.log'), 'utf8');
    assert(/INFO .*started.*process="?desktop/.test(log), `desktop.log: ${log.slice(0, 400)}`);
  });
  await step('the next launch says nothing', async () => {
    await browser.deleteSession();
    browser = null;
    await waitFor(() => !appPids(home).length && !lockHolder(home), { timeout: 10_000, interval: 100, what: 'the app to exit' });
    browser = await newSession();
    await shown('home', FIRST_SCREEN_MS);
    await noticeSettled();
    assert(!(await isShown('crash-notice')), 'the dismissed report came back');
  });
}

await runToEnd(main, counts, {
  takeBrowser: () => {
    const b = browser;
    browser = null;
    return b;
  },
  driver: () => driver,
  home: () => home,
});
