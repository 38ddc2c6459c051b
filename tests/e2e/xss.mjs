// End-to-end XSS check in the real Meridian app: every payload of tests/fixtures/xss-corpus.txt
// is posted through the UI, as the body of one thread (the whole corpus) and as a comment each,
// then the thread is opened afresh and left to render. Nothing the payloads try may happen:
//
//   - no script runs: alert/confirm/prompt are replaced by counters on `window.__xss`, which
//     must stay 0, and the page must be the same page (no navigation, no reload);
//   - the rendered thread body, every comment and the composer's preview hold no <script>,
//     <iframe>, <img>, <object> or <embed>, no attribute starting with "on", and no
//     javascript:/vbscript:/data:text URL;
//   - no IPC command is called but the ones the UI itself issues for what was done;
//   - a link in a comment, clicked for real, opens in the system's browser and the window stays
//     on Meridian, and a navigation the page itself attempts is refused by the shell.
//
// The "system browser" is a stand-in `xdg-open` put first on PATH (tauri-driver passes PATH on
// to the app): it only writes down the URL it was asked to open, so the test sees that the
// opener plugin was asked, and no real browser is needed.
//
// IPC is recorded where every command passes: Tauri defines `__TAURI_INTERNALS__.invoke` (and
// the object holding it) read-only and non-configurable, so it cannot be wrapped; each invoke
// is sent as a request to the `ipc://localhost/<command>` protocol through `window.fetch`, which
// is wrapped instead. A check that the recorder sees the UI's own calls guards against a
// transport change making it blind.
//
// Corpus format: one payload per line; the two characters `\n` stand for a newline.
//
// Run it under X and a session bus (run.sh does):
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/xss.mjs
// Outputs, in target/e2e/: xss.png, xss-link.png, xss-tauri-driver.log, and on failure
// xss-failure.png.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, OUT, REPO, assert, cli as cliIn, fromRepo, newSession, pageHelpers, startDriver,
  stepper, waitFor, runToEnd, failureShot,
} from './harness.mjs';

const CORPUS = fromRepo('tests/fixtures/xss-corpus.txt');
const FAILURE_PNG = path.join(OUT, 'xss-failure.png');
const DRIVER_LOG = path.join(OUT, 'xss-tauri-driver.log');
const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 10_000;
/** How long the opened thread is left alone for delayed handlers (onerror, ontoggle, animations). */
const SETTLE_MS = 2_500;

// What the UI calls while it shows the app, a channel and a thread: reads, and marking read.
const UI_READS = [
  'snapshot', 'sync_state', 'notify_outlook', 'channels', 'threads', 'thread', 'team_board',
  'reaction_emoji', 'mark_read', 'check_draft', 'plugin:event|listen', 'plugin:event|unlisten',
];
// …and what posting through the composers adds.
const UI_POSTS = ['create_thread', 'comment'];

let browser = null;
let driver = null;
let home = null;
const { step, counts } = stepper(failureShot(() => browser, FAILURE_PNG, { pageText: false, getHome: () => home }));
const { shown, text, paste, click, screenshot } = pageHelpers(() => browser, { stepMs: STEP_MS });
const cli = (...args) => cliIn(home, ...args);

/** Installs the counters and the IPC recorder in the page; returns what could be hooked. */
function instrument() {
  return browser.execute(() => {
    window.__xss = 0;
    window.__page = `page-${Math.random()}`;
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      window[name] = () => {
        window.__xss++;
        return null;
      };
    }
    window.__ipc = [];
    const hooked = [];
    const record = (command) => window.__ipc.push(command);
    const send = window.fetch;
    window.fetch = function (input, init) {
      const url = typeof input === 'string' ? input : input?.url ?? String(input);
      const match = /^(?:ipc:\/\/localhost|https?:\/\/ipc\.localhost)\/([^?#]*)/.exec(url);
      if (match) record(decodeURIComponent(match[1]));
      return send.call(this, input, init);
    };
    hooked.push('fetch');
    // The invoke itself, if a Tauri version ever lets it be wrapped.
    const internals = window.__TAURI_INTERNALS__;
    const invoke = Object.getOwnPropertyDescriptor(internals, 'invoke');
    if (invoke && (invoke.writable || invoke.configurable)) {
      const original = internals.invoke;
      Object.defineProperty(internals, 'invoke', {
        value: (command, ...rest) => {
          record(`invoke:${command}`);
          return original(command, ...rest);
        },
      });
      hooked.push('invoke');
    }
    return hooked;
  });
}

/** Every rendered piece of user text on screen that must be inert, and what is wrong in it. */
function inspect() {
  return browser.execute(() => {
    const roots = [
      ...document.querySelectorAll(
        '[data-testid="thread-body"], [data-testid$="-body"].markdown, [data-testid$="-preview"].markdown',
      ),
    ];
    const problems = [];
    const forbidden = 'script, iframe, img, object, embed, frame, frameset, base, meta, link';
    const badUrl = /^\s*(javascript|vbscript|data:text)/i;
    for (const root of roots) {
      const where = root.dataset.testid;
      for (const el of root.querySelectorAll(forbidden)) problems.push(`${where}: <${el.tagName.toLowerCase()}>`);
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          if (attr.name.toLowerCase().startsWith('on')) problems.push(`${where}: <${el.tagName.toLowerCase()} ${attr.name}>`);
          if (['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data'].includes(attr.name.toLowerCase()) && badUrl.test(attr.value)) {
            problems.push(`${where}: <${el.tagName.toLowerCase()} ${attr.name}="${attr.value.slice(0, 40)}">`);
          }
        }
      }
    }
    return { roots: roots.map((r) => r.dataset.testid), problems, xss: window.__xss, page: window.__page };
  });
}

/** The link the test posts and clicks; `.invalid` is never a real host. */
const LINK = 'https://example.invalid/page';

/**
 * Puts a stand-in `xdg-open` first on PATH for everything started from here on: it appends
 * each URL it is given to a file, whose path it returns. The opener plugin runs `xdg-open`.
 */
function fakeSystemOpener(dir) {
  const bin = path.join(dir, 'bin');
  const opened = path.join(dir, 'opened.txt');
  fs.mkdirSync(bin);
  fs.writeFileSync(opened, '');
  const script = `#!/bin/sh\nprintf '%s\\n' "$*" >> '${opened.replaceAll("'", "'\\''")}'\n`;
  fs.writeFileSync(path.join(bin, 'xdg-open'), script, { mode: 0o755 });
  process.env.PATH = `${bin}:${process.env.PATH}`;
  return opened;
}

const tally = (list) => list.reduce((counts, name) => ((counts[name] = (counts[name] ?? 0) + 1), counts), {});

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-xss-'));
  console.log(`app:          ${APP}`);
  console.log(`MERIDIAN_HOME ${home}`);

  let payloads = [];
  await step('the corpus is there: one payload per line, \\n for newlines', async () => {
    assert(fs.existsSync(CORPUS), `missing ${path.relative(REPO, CORPUS)}`);
    payloads = fs
      .readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replaceAll('\\n', '\n'));
    assert(payloads.length > 0, 'the corpus is empty');
    return `${payloads.length} payloads`;
  });
  await step('binaries exist; CLI: a profile and a channel', async () => {
    for (const b of [APP, CLI]) assert(fs.existsSync(b), `missing ${b} (cargo build --workspace)`);
    cli('init', '--name', 'Ada Lovelace', '--handle', 'ada', '--tz', 'Europe/Berlin', '--team', 'Analytical Engines');
    cli('channel', 'create', 'security');
  });
  let opened = '';
  await step('a stand-in xdg-open is first on PATH', async () => {
    opened = fakeSystemOpener(home);
    const which = spawnSync('sh', ['-c', 'command -v xdg-open'], { encoding: 'utf8' });
    assert(which.stdout.trim() === path.join(home, 'bin', 'xdg-open'), `xdg-open is ${which.stdout.trim()}`);
  });
  await step('tauri-driver is up', async () => {
    driver = await startDriver(home, DRIVER_LOG);
    return `pid ${driver.pid}`;
  });
  browser = await newSession();
  await step('the app opens on home', async () => {
    await shown('home', FIRST_SCREEN_MS);
  });

  let hooked = [];
  await step('counters and the IPC recorder are installed, and the recorder sees the UI\'s calls', async () => {
    hooked = await instrument();
    await click('channel-security');
    await shown('threads-empty');
    await waitFor(async () => (await browser.execute(() => window.__ipc)).includes('threads'), {
      timeout: STEP_MS,
      what: 'the recorder to see the channel\'s `threads` call',
    });
    return `hooked: ${hooked.join(', ')}`;
  });

  await step('the whole corpus, as one thread body, previews inert', async () => {
    await click('new-thread-button');
    await paste('new-thread-title', 'Everything a page should never run');
    await paste('new-thread-body-input', payloads.join('\n\n'));
    await waitFor(async () => (await inspect()).roots.includes('new-thread-body-preview'), {
      timeout: STEP_MS,
      what: 'the composer preview of the corpus',
    });
    await browser.pause(SETTLE_MS);
    const seen = await inspect();
    assert(seen.problems.length === 0, `in the preview: ${seen.problems.slice(0, 10).join('; ')}`);
    assert(seen.xss === 0, `window.__xss is ${seen.xss}`);
  });
  await step('the thread is posted', async () => {
    await click('new-thread-body-send');
    await shown('thread-body');
  });

  const refused = [];
  await step(`each payload is posted as a comment`, async () => {
    for (const [n, payload] of payloads.entries()) {
      await paste('reply-input', payload);
      await click('reply-send');
      await waitFor(
        async () => {
          const state = await browser.execute(() => ({
            value: document.querySelector('[data-testid="reply-input"]')?.value ?? '',
            error: document.querySelector('[data-testid="reply-error"]')?.textContent ?? '',
          }));
          if (state.error) refused.push(`#${n + 1}: ${state.error}`);
          return state.value === '' || state.error;
        },
        { timeout: STEP_MS, interval: 30, what: `payload ${n + 1} to be sent` },
      );
      if (refused.length) break;
    }
    assert(refused.length === 0, `refused: ${refused.join('; ')}`);
    await waitFor(
      async () => (await browser.execute(() => document.querySelectorAll('[data-testid^="comment-"][data-depth]').length)) === payloads.length,
      { timeout: STEP_MS, what: `${payloads.length} comments on screen` },
    );
    return `${payloads.length} comments`;
  });

  await step('posting called only the UI\'s own commands, once per post', async () => {
    const calls = await browser.execute(() => window.__ipc);
    const unexpected = calls.filter((c) => !UI_READS.includes(c) && !UI_POSTS.includes(c));
    assert(unexpected.length === 0, `unexpected IPC: ${JSON.stringify(tally(unexpected))}`);
    const made = tally(calls);
    assert(made.create_thread === 1, `create_thread called ${made.create_thread ?? 0} times`);
    assert(made.comment === payloads.length, `comment called ${made.comment ?? 0} times for ${payloads.length} payloads`);
    return JSON.stringify(made);
  });

  let render = null;
  await step('opened afresh, the thread renders every payload inert', async () => {
    await browser.execute(() => {
      window.__ipc = [];
    });
    await click('nav-home');
    await shown('home');
    await click('channel-security');
    await click('thread-row-0');
    await shown('thread-body');
    await waitFor(
      async () => (await browser.execute(() => document.querySelectorAll('[data-testid^="comment-"][data-depth]').length)) === payloads.length,
      { timeout: STEP_MS, what: 'every comment rendered' },
    );
    // Hover every link and formatted run, for handlers that wait for the pointer.
    const targets = await browser.$$('[data-testid="thread-body"] a, [data-testid$="-body"].markdown a, [data-testid$="-body"].markdown b');
    for (const target of targets.slice(0, 60)) {
      try { await target.moveTo(); } catch { /* off screen */ }
    }
    await browser.pause(SETTLE_MS);
    render = await inspect();
    return `${render.roots.length} rendered bodies, ${targets.length} links hovered`;
  });
  await step('no script ran: window.__xss is 0 and the page never navigated', async () => {
    assert(render.page?.startsWith('page-'), 'the page was replaced (navigation or reload)');
    assert(render.xss === 0, `window.__xss is ${render.xss}`);
  });
  await step('no <script>, <iframe>, <img>, <object>, <embed>, on* attribute or script URL in what was rendered', async () => {
    assert(render.roots.includes('thread-body'), `rendered: ${render.roots.join(', ')}`);
    assert(render.problems.length === 0, `${render.problems.length} problems: ${render.problems.slice(0, 12).join('; ')}`);
    const corpusText = await text('thread-body');
    assert(corpusText.includes('alert(1)'), 'the payloads should show as text');
  });
  await step('opening the thread called only reads (and marking it read)', async () => {
    const calls = await browser.execute(() => window.__ipc);
    const unexpected = calls.filter((c) => !UI_READS.includes(c));
    assert(unexpected.length === 0, `unexpected IPC: ${JSON.stringify(tally(unexpected))}`);
    assert(calls.includes('thread'), `the thread was not read through the recorder: ${JSON.stringify(calls)}`);
    return JSON.stringify(tally(calls));
  });
  await browser.execute(() => document.querySelector('[data-testid="thread-body"]').scrollIntoView({ block: 'start' }));
  await screenshot('xss.png');

  let before = null;
  await step('a comment with a link is posted', async () => {
    before = await browser.execute(() => ({ origin: location.origin, href: location.href, page: window.__page }));
    await paste('reply-input', `Read the [docs](${LINK}) first.`);
    await click('reply-send');
    const link = await browser.$(`[data-testid$="-body"].markdown a[href="${LINK}"]`);
    await link.waitForDisplayed({ timeout: STEP_MS, timeoutMsg: 'the posted link is not on screen' });
    return `page at ${before.href}`;
  });
  await step('clicking the link opens it in the system browser; the window stays on Meridian', async () => {
    await browser.execute(() => {
      window.__ipc = [];
    });
    const link = await browser.$(`[data-testid$="-body"].markdown a[href="${LINK}"]`);
    await link.scrollIntoView({ block: 'center' });
    await link.click();
    const asked = await waitFor(() => fs.readFileSync(opened, 'utf8').trim(), {
      timeout: STEP_MS,
      what: 'the stand-in xdg-open to be run',
    });
    assert(asked === LINK, `xdg-open was asked for ${JSON.stringify(asked)}`);
    await browser.pause(1_000);
    const after = await browser.execute(() => ({ origin: location.origin, href: location.href, page: window.__page }));
    assert(after.origin === before.origin && after.href === before.href, `the window went to ${after.href}`);
    assert(after.page === before.page, 'the page was replaced (navigation or reload)');
    assert(await (await browser.$('nav.sidebar')).isDisplayed(), 'Meridian\'s sidebar is not displayed');
    assert(await (await browser.$(`a[href="${LINK}"]`)).isDisplayed(), 'the thread is no longer on screen');
    const calls = await browser.execute(() => window.__ipc);
    assert(calls.filter((c) => c === 'plugin:opener|open_url').length === 1, `IPC: ${JSON.stringify(tally(calls))}`);
    await screenshot('xss-link.png');
    return `opened ${asked}; still at ${after.href}`;
  });
  await step('a navigation the page attempts itself is refused by the shell', async () => {
    await browser.execute((url) => {
      window.location.href = url;
    }, 'https://example.invalid/escaped');
    await browser.pause(1_500);
    const after = await browser.execute(() => ({ href: location.href, page: window.__page }));
    assert(after.href === before.href && after.page === before.page, `the window went to ${after.href}`);
    assert(await (await browser.$('nav.sidebar')).isDisplayed(), 'Meridian\'s sidebar is not displayed');
    const asked = fs.readFileSync(opened, 'utf8').trim().split('\n');
    assert(asked.length === 1, `nothing more may be opened: ${JSON.stringify(asked)}`);
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
