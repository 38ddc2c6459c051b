// End-to-end test of the work board and quick capture in the real Meridian app (tauri-driver
// → WebKitWebDriver → the app binary), on a fresh profile with the demo team:
//
//   the kanban with the demo's blocked tasks and the blocker raised in a check-in → a card moved with the keyboard (Alt+→), and
//   the task it blocked unblocked → a blocker that would close a loop refused with the chain
//   → a new task with a due time, seen by the CLI with its zone → "My work" → the quick-capture
//   window: Esc asks before discarding, Enter saves, the main window keeps what it showed →
//   the capture triaged into a task in one step → the shortcut's state in Settings.
//
// Run it under X and a session bus (run.sh does):
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/board.mjs
//
// Outputs, in target/e2e/: work-board.png, work-board-task.png, work-board-mine.png, capture.png,
// board-tauri-driver.log, and on failure board-failure.png.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, OUT, assert, cli as cliIn, newSession, pageHelpers, startDriver, stepper,
  waitFor, runToEnd, failureShot, PROFILE_ZONE, wallToInstant,
} from './harness.mjs';

const FAILURE_PNG = path.join(OUT, 'board-failure.png');
const DRIVER_LOG = path.join(OUT, 'board-tauri-driver.log');
const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 8_000;

let browser = null;
let driver = null;
let home = null;
const { step, counts } = stepper(failureShot(() => browser, FAILURE_PNG, { getHome: () => home }));

const { $t, shown, isShown, text, waitText, typeInto, click, screenshot } = pageHelpers(() => browser, {
  stepMs: STEP_MS,
});
const cli = (...args) => cliIn(home, ...args);
const tasksJson = () => JSON.parse(cli('task', 'list', '--all', '--json'));
const taskNamed = (title) => tasksJson().find((t) => t.title === title);
/** The whole task (notes and relations, which a card leaves out), as `task show` gives it. */
const taskOpened = (title) => JSON.parse(cli('task', 'show', taskNamed(title).id, '--json'));

/** The card of the task titled `title`, by its id. */
async function card(title) {
  const task = taskNamed(title);
  assert(task, `no task ${JSON.stringify(title)}`);
  return shown(`task-card`).then(() => browser.$(`[data-task-id="${task.id}"]`));
}

/** Titles of the cards in a column. */
const columnTitles = (status) =>
  browser.execute(
    (s) => [...document.querySelectorAll(`[data-testid="column-${s}"] [data-testid="task-card"] .title`)].map((el) => el.textContent.trim()),
    status,
  );

/** Whether X shows the capture window (null when X does not know it). */
function captureWindowMapped() {
  const r = spawnSync('xwininfo', ['-name', 'Quick capture · Meridian'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return /Map State: IsViewable/.test(r.stdout);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-board-'));
  console.log(`app:          ${APP}`);
  console.log(`MERIDIAN_HOME ${home}`);

  await step('app and CLI binaries exist', async () => {
    for (const b of [APP, CLI]) assert(fs.existsSync(b), `missing ${b} (cargo build --workspace)`);
  });
  await step('tauri-driver is up', async () => {
    driver = await startDriver(home, DRIVER_LOG);
    return `pid ${driver.pid}`;
  });

  browser = await newSession();
  await step(`onboarding: Ada in ${PROFILE_ZONE}, then the demo team from the CLI`, async () => {
    await shown('onboarding', FIRST_SCREEN_MS);
    await typeInto('name-input', 'Ada Lovelace');
    await typeInto('handle-input', 'ada');
    await typeInto('tz-input', PROFILE_ZONE);
    await browser.keys('Enter');
    await typeInto('team-input', 'Analytical Engines');
    await click('finish-onboarding');
    await shown('home');
    cli('demo');
  });

  // --- The board ------------------------------------------------------------------------
  await step('the board shows the demo tasks by status, blocked ones with their badge', async () => {
    await click('nav-board');
    await shown('kanban');
    await browser.waitUntil(async () => (await columnTitles('todo')).includes('Publish 2.4'), {
      timeout: STEP_MS,
      timeoutMsg: '“Publish 2.4” never showed in To do',
    });
    const publish = await card('Publish 2.4');
    const label = await publish.getAttribute('aria-label');
    assert(/blocked by Sign off the new sync screen, Release notes for 2\.4/.test(label), `label: ${label}`);
    assert(await publish.$('[data-testid="blocked-badge"]').isDisplayed(), 'Publish 2.4 shows no Blocked badge');
    const health = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="goal"]')].map((el) => el.innerText.replace(/\s+/g, ' ')),
    );
    assert(health.some((g) => /Hire two support engineers At risk.*Not updated for 21 days/.test(g)), `goals: ${JSON.stringify(health)}`);
    const raised = await waitText('board-checkin-blockers', (t) => t.includes('@priya'));
    assert(/staging database credentials/.test(raised), `check-in blockers: ${raised}`);
    return `to do: ${(await columnTitles('todo')).join(', ')}`;
  });
  await screenshot('work-board.png');

  await step('Alt+→ moves the focused card to Done; the task it blocked loses that blocker', async () => {
    const signOff = await card('Sign off the new sync screen');
    await signOff.click(); // opens the panel and focuses the card
    await browser.execute((id) => document.querySelector(`[data-task-id="${id}"]`).focus(), taskNamed('Sign off the new sync screen').id);
    await browser.keys(['Alt', 'ArrowRight']);
    // The announcement is for screen readers only (visually hidden), so read it from the page.
    await browser.waitUntil(
      async () =>
        (await browser.execute(() => document.querySelector('[data-testid="kanban-announcement"]')?.textContent)) ===
        'Moved “Sign off the new sync screen” to Done.',
      { timeout: STEP_MS, timeoutMsg: 'the move was not announced' },
    );
    assert((await columnTitles('done')).includes('Sign off the new sync screen'), 'the card is not in Done');
    const focused = await browser.execute(() => document.activeElement?.dataset.taskId ?? null);
    assert(focused === taskNamed('Sign off the new sync screen').id, 'focus did not follow the moved card');
    const publish = taskNamed('Publish 2.4');
    assert(publish.blocked_by.length === 1 && publish.blocked_by[0].title === 'Release notes for 2.4', `publish: ${JSON.stringify(publish.blocked_by)}`);
    assert(taskNamed('Sign off the new sync screen').status === 'done', 'the CLI does not see the move');
  });

  await step('a blocker that would close a loop is refused with the chain, and nothing changes', async () => {
    await (await card('Translate the offline banner')).click();
    await shown('task-panel');
    await waitText('task-panel', (t) => t.includes('Translate the offline banner'));
    const publishId = taskNamed('Publish 2.4').id;
    await (await $t('blocker-pick')).selectByAttribute('value', publishId);
    await click('blocker-add');
    const error = await waitText('panel-error', (t) => t.startsWith('This would make'));
    assert(
      error.includes('“Translate the offline banner” wait on “Publish 2.4” wait on “Release notes for 2.4” wait on “Translate the offline banner”'),
      `error: ${error}`,
    );
    assert(taskOpened('Translate the offline banner').waits_on.length === 0, 'a relation was written');
    return error;
  });
  await screenshot('work-board-task.png');

  await step('a new task with an owner and a due time; the CLI sees it in Ada\'s zone', async () => {
    await click('task-new');
    await typeInto('task-title', 'Book the retro room');
    await (await $t('task-owner')).selectByAttribute('value', 'ada');
    await browser.execute(() => {
      const input = document.querySelector('[data-testid="task-due"]');
      input.value = '2030-03-05T15:30';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click('task-save');
    await browser.waitUntil(async () => (await columnTitles('todo')).includes('Book the retro room'), {
      timeout: STEP_MS,
      timeoutMsg: 'the new task never showed in To do',
    });
    const task = taskOpened('Book the retro room');
    assert(task.due_zone === PROFILE_ZONE && task.due_at === wallToInstant('2030-03-05T15:30', PROFILE_ZONE), `due: ${task.due_at} ${task.due_zone}`);
    return task.due_local;
  });

  await step('editing the task: the form starts from it, and refusals sit beside their field', async () => {
    await waitText('task-panel', (t) => t.includes('Book the retro room'));
    await click('task-edit');
    const due = await shown('task-edit-due');
    assert((await due.getValue()) === '2030-03-05T15:30', `due starts at ${await due.getValue()}`);
    await typeInto('task-edit-title', ' ');
    await click('task-edit-save');
    await waitText('error-task-edit-title', (t) => t === 'Give the task a title.');
    await typeInto('task-edit-title', 'Book the retro room for Friday');
    await typeInto('task-edit-body', 'Ask **facilities** for the big room');
    await browser.execute(() => {
      const input = document.querySelector('[data-testid="task-edit-due"]');
      input.value = '2020-01-06T10:00';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click('task-edit-save');
    const refusal = await waitText('error-task-edit-due', (t) => t.includes('has passed'));
    const stored = taskOpened('Book the retro room');
    assert(stored.body === '' && stored.due_at === wallToInstant('2030-03-05T15:30', PROFILE_ZONE), 'a refused edit was written');
    return refusal;
  });
  await screenshot('work-board-edit.png');

  await step('a due time in another zone, notes and a new title are saved; the CLI agrees', async () => {
    await browser.execute(() => {
      const input = document.querySelector('[data-testid="task-edit-due"]');
      input.value = '2030-03-06T10:00';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await typeInto('task-edit-zone', 'Asia/Tokyo');
    await browser.keys('Enter');
    await click('task-edit-save');
    await waitText('task-panel', (t) => t.includes('Book the retro room for Friday') && t.includes('set in Asia/Tokyo'));
    const bold = await browser.execute(() => document.querySelector('[data-testid="task-panel"] .markdown strong')?.textContent ?? null);
    assert(bold === 'facilities', `notes rendered: ${bold}`);
    const task = taskOpened('Book the retro room for Friday');
    assert(task.body === 'Ask **facilities** for the big room', `body: ${task.body}`);
    assert(task.due_zone === 'Asia/Tokyo' && task.due_at === '2030-03-06T01:00:00.000Z', `due: ${task.due_at} ${task.due_zone}`);
    assert(task.owner?.handle === 'ada', `owner: ${JSON.stringify(task.owner)}`);
    return task.due_local;
  });
  await screenshot('work-board-edited.png');

  await step('"My work" shows only Ada\'s tasks', async () => {
    await click('board-mine');
    await browser.waitUntil(
      async () => {
        const all = await browser.execute(() => [...document.querySelectorAll('[data-testid="task-card"]')].map((el) => el.getAttribute('aria-label')));
        return all.length > 0 && all.every((label) => label.includes('owner @ada'));
      },
      { timeout: STEP_MS, timeoutMsg: 'My work shows someone else\'s task' },
    );
  });
  await screenshot('work-board-mine.png');
  await click('board-all');

  // --- Quick capture ---------------------------------------------------------------------
  const main = await browser.getWindowHandle();
  const boardBefore = await browser.execute(() => document.querySelector('[data-testid="task-panel"] h2')?.textContent ?? null);
  await step('Quick capture opens its own small window, on top', async () => {
    await click('open-capture');
    await browser.waitUntil(async () => (await browser.getWindowHandles()).length > 1, {
      timeout: STEP_MS,
      timeoutMsg: 'no capture window appeared',
    });
    const other = (await browser.getWindowHandles()).find((h) => h !== main);
    await browser.switchToWindow(other);
    await shown('capture-window');
    await waitFor(() => captureWindowMapped() === true, { timeout: STEP_MS, what: 'X to show the capture window' });
    const size = await browser.getWindowSize();
    assert(size.width <= 600 && size.height <= 260, `capture window is ${size.width}×${size.height}`);
    return `${size.width}×${size.height}`;
  });
  await step('Esc with text asks first; Esc again keeps writing', async () => {
    await typeInto('capture-text', 'Ask Mateo for the retro template');
    await browser.keys('Escape');
    await shown('capture-ask');
    await screenshot('capture.png');
    await browser.keys('Escape');
    await browser.waitUntil(async () => !(await isShown('capture-ask')), { timeout: STEP_MS, timeoutMsg: 'the question stayed' });
    const kept = await (await $t('capture-text')).getValue();
    assert(kept === 'Ask Mateo for the retro template', `text after Esc: ${JSON.stringify(kept)}`);
  });
  await step('Enter saves it privately and the window goes away', async () => {
    await click('capture-text');
    await browser.keys('Enter');
    await waitFor(() => JSON.parse(cli('capture', 'list', '--json')).some((c) => c.text === 'Ask Mateo for the retro template'), {
      timeout: STEP_MS,
      what: 'the capture in `meridian capture list`',
    });
    // The window is hidden (kept for the next capture): X says it is no longer mapped.
    await waitFor(() => captureWindowMapped() === false, { timeout: STEP_MS, what: 'the capture window to be hidden' });
  });
  await step('the main window still shows what it showed', async () => {
    await browser.switchToWindow(main);
    assert(await isShown('kanban'), 'the board is gone from the main window');
    const boardAfter = await browser.execute(() => document.querySelector('[data-testid="task-panel"] h2')?.textContent ?? null);
    assert(boardAfter === boardBefore, `the open task changed: ${boardBefore} → ${boardAfter}`);
  });
  await step('the capture becomes a task in one step', async () => {
    await browser.waitUntil(
      async () => (await browser.execute(() => document.querySelector('[data-testid="captures"]')?.innerText ?? '')).includes('Ask Mateo'),
      { timeout: STEP_MS, timeoutMsg: 'the capture is not listed on the board' },
    );
    const index = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="capture"]')].findIndex((el) => el.innerText.includes('Ask Mateo')),
    );
    const buttons = await browser.$$('[data-testid="capture"] [data-testid="triage-task"]');
    await buttons[index].click();
    await waitFor(() => Boolean(taskNamed('Ask Mateo for the retro template')), { timeout: STEP_MS, what: 'the task from the capture' });
    await browser.waitUntil(async () => (await columnTitles('todo')).includes('Ask Mateo for the retro template'), {
      timeout: STEP_MS,
      timeoutMsg: 'the new task is not on the board',
    });
  });
  await step('Settings says where the capture shortcut stands', async () => {
    await click('nav-settings');
    await shown('capture-settings');
    const field = await (await $t('capture-accelerator')).getValue();
    const problem = (await isShown('capture-settings-problem')) ? await text('capture-settings-problem') : 'registered';
    return `${field}: ${problem}`;
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
