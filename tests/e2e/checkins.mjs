// End-to-end test of check-ins in the real Meridian app (tauri-driver → WebKitWebDriver → the
// app binary), on a fresh profile with the demo team:
//
//   a zone where it is past 10:00 today → the demo team's week of stand-ups on the check-ins
//   screen → two schedules asked every day at 09:00 each person's own time → the app lists
//   both as waiting on me, and I pick one (the form says "asked at 09:00 your time") → I answer, naming @grace in the blocker →
//   the blocker shows on the screen, on my card of the team board and on the work board →
//   Ctrl+K finds the answer and opens its check-in → the window closes →
//   the app posts the digest thread, which quotes my answer.
//
// Run it under X and a session bus (run.sh does):
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/checkins.mjs
//
// Outputs, in target/e2e/: checkins.png, checkin-answered.png, checkin-digest.png,
// checkin-board.png, checkin-workboard.png, checkins-waiting.png, checkins-tauri-driver.log, and on failure
// checkins-failure.png.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, Fatal, OUT, assert, cli as cliIn, newSession, pageHelpers, startDriver, stepper,
  waitFor, runToEnd, failureShot,
} from './harness.mjs';

const FAILURE_PNG = path.join(OUT, 'checkins-failure.png');
const DRIVER_LOG = path.join(OUT, 'checkins-tauri-driver.log');
const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 8_000;

let browser = null;
let driver = null;
let home = null;
const { step, counts } = stepper(failureShot(() => browser, FAILURE_PNG, { getHome: () => home }));

const { $t, shown, text, waitText, typeInto, click, screenshot } = pageHelpers(() => browser, { stepMs: STEP_MS });
const cli = (...args) => cliIn(home, ...args);

/** The text of the element with this test id as it is now (a fresh look-up each time, since
 * the answer form is replaced when another check-in is chosen). */
const liveText = (id) =>
  browser.execute((testid) => document.querySelector(`[data-testid="${testid}"]`)?.innerText ?? '', id);

async function waitLive(id, pred, what, timeout = STEP_MS) {
  let last = '';
  await waitFor(async () => pred((last = await liveText(id))), { timeout, interval: 100, what: () => `${what} (last: ${JSON.stringify(last.slice(0, 200))})` });
  return last;
}

/** Local wall time ("HH:MM") and weekday of now in `zone`. */
function localNow(zone) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
  }).formatToParts(new Date());
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return { hhmm: `${get('hour')}:${get('minute')}`, weekday: get('weekday') };
}

/**
 * A zone where it is now between 10:10 and 16:30: today's 09:00 ask has happened, and a
 * one-hour window (09:00–10:00) has closed, while an eight-hour one is still open.
 */
function zoneAfterTen() {
  const zones = [
    'Pacific/Kiritimati', 'Pacific/Auckland', 'Pacific/Noumea', 'Australia/Sydney', 'Australia/Brisbane',
    'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Kolkata', 'Asia/Karachi', 'Asia/Dubai',
    'Europe/Moscow', 'Europe/Helsinki', 'Europe/Berlin', 'Europe/London', 'Atlantic/Azores',
    'Atlantic/South_Georgia', 'America/Sao_Paulo', 'America/Halifax', 'America/New_York', 'America/Chicago',
    'America/Denver', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'Pacific/Pago_Pago',
  ];
  for (const zone of zones) {
    const { hhmm } = localNow(zone);
    if (hhmm >= '10:10' && hhmm <= '16:30') return zone;
  }
  throw new Fatal('no zone has its local time between 10:10 and 16:30 right now');
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-checkins-'));
  console.log(`app:          ${APP}`);
  console.log(`MERIDIAN_HOME ${home}`);
  let zone = null;
  let schedule = null;

  await step('app and CLI binaries exist', async () => {
    for (const b of [APP, CLI]) assert(fs.existsSync(b), `missing ${b} (cargo build --workspace)`);
  });
  await step('CLI: Ada works every day 08:00–20:00 in a zone where it is past 10:00; the demo team joins', async () => {
    zone = zoneAfterTen();
    cli('init', '--name', 'Ada Lovelace', '--handle', 'ada', '--tz', zone, '--hours', 'mon-sun 08:00-20:00',
      '--team', 'Analytical Engines');
    cli('demo');
    const { hhmm, weekday } = localNow(zone);
    return `${zone}, ${weekday} ${hhmm} there`;
  });
  await step('tauri-driver is up', async () => {
    driver = await startDriver(home, DRIVER_LOG);
    return `pid ${driver.pid}`;
  });

  browser = await newSession();
  await step('the check-ins screen shows the demo week: each person asked at their own 09:00', async () => {
    await shown('home', FIRST_SCREEN_MS);
    await click('nav-checkins');
    await shown('checkins-view');
    await shown('checkin-occurrence');
    const aroha = await text('participant-aroha');
    assert(/Asked 09:00 in Pacific\/Auckland/.test(aroha), `Aroha's row: ${aroha}`);
    const grace = await text('participant-grace');
    assert(/Asked 09:00 in America\/New York/.test(grace), `Grace's row: ${grace}`);
    await shown('blocker-0');
    await screenshot('checkins.png');
    return 'Aroha and Grace both at 09:00 their time';
  });

  await step('CLI: a stand-up asked every day at 09:00 in each person\'s own zone, asking me (the digest follows my window)', async () => {
    const templates = JSON.parse(cli('checkin', 'template', 'list', '--json'));
    const created = JSON.parse(cli('checkin', 'schedule', 'new', '--name', 'Every-day stand-up', '--template',
      templates[0].id, '--channel', 'general', '--days', 'mon-sun', '--at', '09:00', '--participants', '@ada',
      '--json'));
    schedule = created.id;
    assert(created.summary === 'Every day at 09:00, each in their own time zone', `summary: ${created.summary}`);
    return schedule;
  });

  await step('CLI: a second schedule asks me the same morning (a retro, also at 09:00 my time)', async () => {
    const templates = JSON.parse(cli('checkin', 'template', 'list', '--json'));
    cli('checkin', 'schedule', 'new', '--name', 'Every-day retro', '--template', templates[0].id, '--channel', 'general',
      '--days', 'mon-sun', '--at', '09:00', '--participants', '@ada', '--json');
  });

  await step('the app lists every check-in waiting on me, each asked at 09:00 my time; I pick the stand-up', async () => {
    const list = await waitLive('checkins-waiting', (t) => /every-day stand-up/i.test(t) && /every-day retro/i.test(t), 'both check-ins waiting on me');
    const rows = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="checkin-waiting-"]')].map((row) => row.innerText));
    for (const name of ['Every-day stand-up', 'Every-day retro']) {
      const row = rows.find((r) => r.includes(name));
      assert(row && row.includes('asked at 09:00 your time'), `${name}: ${JSON.stringify(rows)}`);
    }
    const index = rows.findIndex((r) => r.includes('Every-day stand-up'));
    await click(`checkin-waiting-${index}`);
    const form = await waitLive('checkin-answer-form', (t) => /every-day stand-up/i.test(t), 'the stand-up in the answer form');
    assert(form.includes('Asked at 09:00 your time'), `form: ${form}`);
    await screenshot('checkins-waiting.png');
    return `${rows.length} waiting: ${list.split('\n')[0]}`;
  });

  await step('the stand-up is in my inbox', async () => {
    await waitFor(() => {
      const inbox = JSON.parse(cli('notify', 'inbox', '--json'));
      return inbox.some((item) => item.kind === 'checkin' && item.title.includes('Every-day stand-up'));
    }, { timeout: STEP_MS, interval: 200, what: 'the check-in in my inbox' });
  });

  await step('I answer: text, yes/no, a blocker naming @grace, and my mood', async () => {
    await typeInto('answer-0', 'Reviewed the sync screen.');
    await typeInto('answer-1', 'Release notes.');
    await typeInto('answer-2', 'Waiting on @grace for the staging credentials.');
    await click('answer-3-4');
    await click('answer-4-yes');
    await click('checkin-answer-submit');
    await waitText('checkin-answer-saved', (t) => t.includes('answered'));
    await waitLive('participant-ada', (t) => t.includes('Answered') && t.includes('Reviewed the sync screen.'), 'my answer in the occurrence');
    await waitLive('checkin-blockers', (t) => t.includes('staging credentials'), 'my blocker in the list');
    const blockers = JSON.parse(cli('checkin', 'blockers', '--json'));
    const mine = blockers.find((b) => b.person.handle === 'ada');
    assert(mine && mine.named.some((p) => p.handle === 'grace'), `blockers: ${JSON.stringify(blockers)}`);
    await screenshot('checkin-answered.png');
  });

  await step('the blocker shows on my card of the team board', async () => {
    await click('nav-team');
    await waitLive('blocker-ada', (t) => t.includes('staging credentials'), 'the blocker on my card');
    await screenshot('checkin-board.png');
  });

  await step('the work board lists it under "Raised in check-ins"', async () => {
    await click('nav-board');
    await waitLive('board-checkin-blockers', (t) => t.includes('@ada') && t.includes('staging credentials'),
      'my blocker on the work board');
    await screenshot('checkin-workboard.png');
  });

  await step('Ctrl+K finds my answer; opening it shows its check-in, where everyone stands', async () => {
    await browser.keys(['Control', 'k']);
    await shown('palette');
    await typeInto('palette-input', 'staging credentials');
    await waitFor(
      () => browser.execute(() => Boolean(document.querySelector('[data-testid^="palette-result-"][data-kind="checkin"]'))),
      { timeout: STEP_MS, interval: 100, what: 'a check-in answer among the results' },
    );
    await browser.execute(() => document.querySelector('[data-testid^="palette-result-"][data-kind="checkin"]').click());
    await waitLive('checkin-occurrence', (t) => /every-day stand-up/i.test(t) && t.includes('Reviewed the sync screen.'),
      'the answer\'s occurrence');
  });

  await step('the window closes (one hour after 09:00): the app posts the digest with my answer', async () => {
    cli('checkin', 'schedule', 'edit', schedule, '--window', '1');
    await click('nav-checkins');
    await shown('checkin-occurrence');
    const testid = await waitFor(() => browser.execute(() =>
      [...document.querySelectorAll('[data-testid^="schedule-"]')]
        .find((row) => /^schedule-\d+$/.test(row.dataset.testid) && row.innerText.includes('Every-day stand-up'))?.dataset.testid),
    { timeout: STEP_MS, interval: 100, what: 'the new schedule in the list' });
    await click(testid);
    await waitLive('checkin-occurrence', (t) => /every-day stand-up/i.test(t), 'the schedule\'s occurrence');
    await shown('open-digest', 40_000);
    await click('open-digest');
    await waitText('thread-title', (t) => t.startsWith('Check-in digest: Every-day stand-up'));
    const body = await text('thread-body');
    assert(body.includes('Reviewed the sync screen.'), `digest: ${body}`);
    assert(body.includes('Waiting on @grace for the staging credentials.'), `digest: ${body}`);
    await screenshot('checkin-digest.png');
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
