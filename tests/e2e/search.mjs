// End-to-end test of search in the real Meridian app (tauri-driver → WebKitWebDriver → the app
// binary), on a fresh profile with the demo team, offline (no team server):
//
//   Ctrl+K → a word that only a nested comment holds → the comment, its word marked, where it
//   lives → Enter opens the thread scrolled to it → a phrase of a doc's current text → the doc
//   → bad syntax gets a hint → a post from the CLI is found within a second or two → the
//   search page with filters (from:@priya, is:doc) → the index rebuilt from the log while the app
//   keeps answering.
//
// Run it under X and a session bus (run.sh does):
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/search.mjs
//
// Outputs, in target/e2e/: search-palette.png, search-thread.png, search-doc.png,
// search-page.png, search-tauri-driver.log, and on failure search-failure.png.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, OUT, assert, cli as cliIn, newSession, pageHelpers, startDriver, stepper,
  waitFor, runToEnd, failureShot,
} from './harness.mjs';

const FAILURE_PNG = path.join(OUT, 'search-failure.png');
const DRIVER_LOG = path.join(OUT, 'search-tauri-driver.log');
const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 8_000;

let browser = null;
let driver = null;
let home = null;
const { step, counts } = stepper(failureShot(() => browser, FAILURE_PNG, { getHome: () => home }));

const { shown, isShown, text, typeInto, click, screenshot } = pageHelpers(() => browser, { stepMs: STEP_MS });
const cli = (...args) => cliIn(home, ...args);

/** Opens the palette with Ctrl+K and types `query` into it. */
async function palette(query) {
  if (!(await isShown('palette'))) {
    await browser.keys(['Control', 'k']);
    await shown('palette');
  }
  await typeInto('palette-input', query);
}

/** The palette's results as { kind, title, where, marked: [words in <mark>] }. */
const results = (testid = 'palette-result') =>
  browser.execute((prefix) =>
    [...document.querySelectorAll(`[data-testid^="${prefix}-"][data-kind]`)].map((el) => ({
      kind: el.dataset.kind,
      title: el.querySelector('.title')?.textContent ?? '',
      where: el.querySelector(`[data-testid$="-where"]`)?.textContent ?? '',
      marked: [...el.querySelectorAll('mark')].map((m) => m.textContent),
    })), testid);

async function waitResults(pred, what, testid = 'palette-result', timeout = STEP_MS) {
  let last = [];
  try {
    return await waitFor(async () => {
      last = await results(testid);
      return pred(last) ? last : null;
    }, { timeout, interval: 100, what });
  } catch (err) {
    throw new Error(`${err.message}; results: ${JSON.stringify(last)}`);
  }
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-search-'));
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
  await step('onboarding: Ada in Europe/Berlin, then the demo team from the CLI', async () => {
    await shown('onboarding', FIRST_SCREEN_MS);
    await typeInto('name-input', 'Ada Lovelace');
    await typeInto('handle-input', 'ada');
    await typeInto('tz-input', 'Europe/Berlin');
    await browser.keys('Enter');
    await typeInto('team-input', 'Analytical Engines');
    await click('finish-onboarding');
    await shown('home');
    cli('demo');
    await shown('channel-general', STEP_MS);
  });

  let at = -1;
  await step('Ctrl+K finds a thread by a word in a comment three levels deep, the word marked', async () => {
    await palette('translation');
    const found = await waitResults((r) => r.some((hit) => hit.kind === 'comment'), 'a comment for "translation"');
    at = found.findIndex((hit) => hit.kind === 'comment');
    const hit = found[at];
    assert(hit.where.includes('#general › Release 2.4'), `where: ${hit.where}`);
    assert(hit.marked.includes('translation'), `marked: ${JSON.stringify(hit.marked)}`);
    return `result ${at + 1} of ${found.length}: ${hit.where}`;
  });
  await screenshot('search-palette.png');
  await step('↓ to it and Enter opens the thread, scrolled to the comment and marked', async () => {
    for (let n = 0; n < at; n++) await browser.keys('ArrowDown');
    await browser.keys('Enter');
    await shown('thread-view');
    await waitFor(
      () => browser.execute(() => {
        const el = document.querySelector('.search-target');
        if (!el) return false;
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight && el.textContent.includes('translation');
      }),
      { timeout: STEP_MS, interval: 100, what: 'the matched comment in view and marked' },
    );
  });
  await screenshot('search-thread.png');

  await step('a phrase of a doc\'s current text finds the doc; Enter opens it', async () => {
    await palette('"decisions and their reasons"');
    const docs = await waitResults((r) => r.length > 0, 'a result for the phrase');
    assert(docs[0].kind === 'doc' && docs[0].title === 'How we work asynchronously', JSON.stringify(docs));
    assert(docs[0].marked.join(' ').toLowerCase().includes('decisions and their reasons'), JSON.stringify(docs[0].marked));
    await screenshot('search-doc.png');
    await browser.keys('Enter');
    await shown('doc-page');
  });

  await step('bad syntax gets a hint, not an empty page', async () => {
    await palette('colour:red');
    await shown('palette-error');
    const hint = await text('palette-error');
    assert(hint.includes('not an operator'), hint);
    await palette('"unclosed');
    await waitFor(async () => (await text('palette-error')).includes('not closed'), { timeout: STEP_MS, what: 'the quote hint' });
    await browser.keys('Escape');
  });

  await step('a post written elsewhere (the CLI) is found within two seconds', async () => {
    cli('thread', 'new', '--channel', 'general', '--title', 'Quokka sighting', '--body', 'Near the office.');
    const started = Date.now();
    await palette('quokk');
    await waitResults((r) => r.some((hit) => hit.title.includes('Quokka')), 'the new post', 'palette-result', 2_000);
    await browser.keys('Escape');
    return `${Date.now() - started} ms`;
  });

  await step('the search page: from:@priya and is:doc as filters', async () => {
    await click('nav-search');
    await shown('search-view');
    await typeInto('search-input', 'hours');
    const all = await waitResults((r) => r.length >= 2, 'results for "hours"', 'search-result');
    await (await shown('search-from')).selectByAttribute('value', 'priya');
    await (await shown('search-kind')).selectByAttribute('value', 'doc');
    const narrowed = await waitResults(
      (r) => r.length > 0 && r.length < all.length && r.every((hit) => hit.kind === 'doc' || hit.kind === 'doc_comment'),
      'results narrowed to Priya\'s doc comments',
      'search-result',
    );
    return `${all.length} → ${narrowed.length}`;
  });
  await screenshot('search-page.png');

  await step('"Rebuild the search index" rebuilds it from the log while search keeps answering', async () => {
    assert(fs.existsSync(path.join(home, 'search')), 'the index folder is beside the database');
    await click('search-rebuild');
    await typeInto('search-input', 'translation ');
    await (await shown('search-from')).selectByAttribute('value', '');
    await (await shown('search-kind')).selectByAttribute('value', '');
    await waitResults((r) => r.some((hit) => hit.kind === 'comment'), 'the comment again after the rebuild', 'search-result');
    const cliHits = JSON.parse(cli('search', 'quokka', '--json')).hits;
    assert(cliHits.length === 1, `CLI search: ${JSON.stringify(cliHits)}`);
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
