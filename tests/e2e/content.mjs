// End-to-end test of conversations and docs in the real Meridian app (tauri-driver →
// WebKitWebDriver → the app binary), on a fresh profile with the demo team:
//
//   onboarding → a new channel → a thread → replies three levels deep → reactions → thanks
//   → a mention of a teammate in another zone (the composer says when they will see it)
//   → archiving and restoring the thread → j/k/Enter in a channel → a doc, edited, commented
//   on a selected passage, and two revisions compared word by word.
//
// Run it under X and a session bus (run.sh does):
//   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- node tests/e2e/content.mjs
//
// Outputs, in target/e2e/: channel.png, thread.png, doc.png, doc-diff.png,
// content-tauri-driver.log, and on failure content-failure.png.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APP, CLI, Fatal, OUT, appPids, assert, cleanUpOnExit, cli as cliIn, killPids, lockHolder,
  newSession, pageHelpers, startDriver, stepper, stopDriver, waitFor, failureShot,
} from './harness.mjs';

const FAILURE_PNG = path.join(OUT, 'content-failure.png');
const DRIVER_LOG = path.join(OUT, 'content-tauri-driver.log');
const FIRST_SCREEN_MS = 15_000;
const STEP_MS = 8_000;

let browser = null;
let driver = null;
let home = null;
const { step, counts } = stepper(failureShot(() => browser, FAILURE_PNG, { getHome: () => home }));

const { $t, shown, isShown, text, waitText, typeInto, paste, click, screenshot } = pageHelpers(() => browser, {
  stepMs: STEP_MS,
});
const cli = (...args) => cliIn(home, ...args);

/** The depth each comment of the open thread is drawn at, in order. */
const commentDepths = () =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid^="comment-"][data-depth]')].map((el) => Number(el.dataset.depth)),
  );

async function commentCount() {
  return (await commentDepths()).length;
}

/** Sends what a composer holds with Ctrl+Enter, from inside it. */
async function sendWithKeys(inputId) {
  await click(inputId);
  await browser.keys(['Control', 'Enter']);
}

function cleanupSync() {
  stopDriver(driver);
  if (home) {
    try { killPids(appPids(home)); } catch { /* /proc unreadable */ }
  }
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'meridian-e2e-content-'));
  console.log(`app:          ${APP}`);
  console.log(`MERIDIAN_HOME ${home}`);

  await step('app and CLI binaries exist', async () => {
    for (const b of [APP, CLI]) assert(fs.existsSync(b), `missing ${b} (cargo build --workspace)`);
  });
  await step('tauri-driver is up', async () => {
    driver = await startDriver(home, DRIVER_LOG);
    return `pid ${driver.pid}`;
  });

  // --- Onboarding, then the demo team ------------------------------------------
  browser = await newSession();
  await step('onboarding: Ada in Europe/Berlin', async () => {
    await shown('onboarding', FIRST_SCREEN_MS);
    await typeInto('name-input', 'Ada Lovelace');
    await typeInto('handle-input', 'ada');
    await typeInto('tz-input', 'Europe/Berlin');
    await browser.keys('Enter');
    await typeInto('team-input', 'Analytical Engines');
    await click('finish-onboarding');
    await shown('home');
  });
  await step('CLI: meridian demo adds teammates in seven zones, and their channels show in the sidebar', async () => {
    cli('demo');
    await shown('channel-general', STEP_MS);
    const names = await browser.execute(() =>
      [...document.querySelectorAll('[data-testid="channel-nav"] [data-testid^="channel-"]')]
        .map((el) => el.dataset.testid.replace(/^channel-(unread-)?/, ''))
        .filter((name, n, all) => all.indexOf(name) === n),
    );
    return `channels: ${names.join(', ')}`;
  });

  // --- A channel and a thread ----------------------------------------------------
  await step('"+ New channel" creates #launch with a one-day response expectation', async () => {
    await click('new-channel');
    await shown('channel-form');
    await typeInto('channel-name-input', 'launch');
    await typeInto('channel-expect-input', '1d');
    await click('channel-save');
    await waitText('channel-title', (t) => t.includes('launch'));
    const expectation = await text('channel-expectation');
    assert(expectation === 'Replies within 1 working day', `expectation: ${JSON.stringify(expectation)}`);
    await shown('channel-launch');
    assert(await isShown('threads-empty'), 'a new channel should have no threads');
  });

  await step('a thread starts with a title and a Markdown body, previewed as typed', async () => {
    await click('new-thread-button');
    await typeInto('new-thread-title', 'Launch plan');
    await typeInto('new-thread-body-input', 'We ship on **Friday**. Objections?');
    await browser.waitUntil(
      async () =>
        (await browser.execute(
          () => document.querySelector('[data-testid="new-thread-body-preview"]')?.innerHTML ?? '',
        )).includes('<strong>Friday</strong>'),
      { timeout: STEP_MS, timeoutMsg: 'the preview never showed the bold word' },
    );
    await click('new-thread-body-send');
    await waitText('thread-title', (t) => t === 'Launch plan');
    const html = await browser.execute(() => document.querySelector('[data-testid="thread-body"]').innerHTML);
    assert(html.includes('<strong>Friday</strong>'), `thread body: ${html}`);
  });

  // --- Replies three levels deep ---------------------------------------------------
  await step('replies nest three levels deep; a fourth says whom it answers', async () => {
    await typeInto('reply-input', 'First: the release notes are ready.');
    await sendWithKeys('reply-input');
    await shown('comment-0');
    const replies = ['Second level: who reviews them?', 'Third level: Grace does.', 'Deeper still: thanks!'];
    for (const [n, body] of replies.entries()) {
      await click(`comment-${n}-reply`);
      await typeInto(`comment-${n}-replier-input`, body);
      await click(`comment-${n}-replier-send`);
      await shown(`comment-${n + 1}`);
    }
    const depths = await commentDepths();
    assert(JSON.stringify(depths) === '[0,1,2,2]', `depths ${JSON.stringify(depths)}`);
    const replying = await text('comment-3-replying');
    assert(replying === 'replying to @ada', `comment-3: ${JSON.stringify(replying)}`);
    assert(!(await isShown('comment-2-replying')), 'a third-level reply needs no "replying to"');
    return `depths ${depths.join(', ')}`;
  });

  await step('a reaction from the picker shows on the thread, pressed, with who chose it', async () => {
    await click('thread-reactions-add');
    await click('thread-reactions-pick-🎉');
    const chip = await shown('thread-reactions-🎉');
    await browser.waitUntil(async () => (await chip.getAttribute('aria-pressed')) === 'true', {
      timeout: STEP_MS,
      timeoutMsg: 'the 🎉 reaction is not marked as mine',
    });
    const title = await chip.getAttribute('title');
    assert(title === 'You reacted with 🎉', `title ${JSON.stringify(title)}`);
    await click('comment-0-reactions-add');
    await click('comment-0-reactions-pick-👍');
    await shown('comment-0-reactions-👍');
  });

  await step('thanks to Grace with a note show under the thread', async () => {
    await click('thread-thank');
    await click('thank-grace');
    await typeInto('thank-note', 'Thanks for reviewing the notes');
    await click('thank-send');
    return waitText('thread-thanks', (t) => t.includes('Grace Hopper') && t.includes('Thanks for reviewing the notes'));
  });

  // --- A mention across zones --------------------------------------------------------
  let sentence = '';
  await step('@-autocomplete offers Aroha (Pacific/Auckland) with her local time and status', async () => {
    await typeInto('reply-input', 'Can you check the copy, @aro');
    const option = await shown('reply-suggest-aroha');
    const got = (await option.getText()).replace(/\s+/g, ' ');
    assert(/Aroha Ngata/.test(got) && /\b\d{2}:\d{2}\b/.test(got), `suggestion: ${JSON.stringify(got)}`);
    await browser.keys('Enter');
    const value = await (await $t('reply-input')).getValue();
    assert(value === 'Can you check the copy, @aroha ', `composer holds ${JSON.stringify(value)}`);
    return JSON.stringify(got);
  });
  await step('the composer says when Aroha will see the mention, in her time', async () => {
    sentence = await waitText('reply-sentence-0', (t) => t.includes('for Aroha'), STEP_MS, 'a line about Aroha');
    assert(
      /^\d{2}:\d{2} for Aroha — (they'll see it at \d{2}:\d{2}( tomorrow| on \w+day)? their time|they're working and will see it now)/.test(sentence),
      `sentence: ${JSON.stringify(sentence)}`,
    );
    return JSON.stringify(sentence);
  });
  // The picture: the conversation above, the composer with the mention's line below.
  await browser.execute(() => document.querySelector('[data-testid="reply"]').scrollIntoView({ block: 'end' }));
  await screenshot('thread.png');
  await step('sent to be delivered in her working hours, the mention says when she gets it', async () => {
    await click('reply-in-their-hours');
    await click('reply-send');
    await waitFor(async () => (await commentCount()) === 5, { timeout: STEP_MS, what: 'the fifth comment' });
    if (!sentence.includes("they'll see it at")) return 'Aroha is working now: nothing is held';
    const notice = await waitText('post-notice', (t) => t.includes('@aroha'), STEP_MS, 'a notice about @aroha');
    return JSON.stringify(notice);
  });
  await step('CLI sees the thread with its five comments', async () => {
    const list = JSON.parse(cli('thread', 'list', '--channel', 'launch', '--json'));
    assert(list.length === 1 && list[0].title === 'Launch plan', `threads: ${JSON.stringify(list)}`);
    assert(list[0].comment_count === 5, `comment_count ${list[0].comment_count}`);
  }, { soft: true });

  // --- Archive and restore -------------------------------------------------------------
  await step('archiving the thread takes it out of the channel; Show archived reaches it', async () => {
    await click('thread-archive');
    await shown('thread-archived');
    await click('thread-back');
    await shown('threads-empty');
    await click('show-archived-threads');
    await waitText('thread-row-0', (t) => t.includes('Launch plan') && t.includes('Archived'));
  });
  await step('restoring it brings it back to the list', async () => {
    await click('thread-row-0');
    await waitText('thread-archive', (t) => t === 'Restore');
    await click('thread-archive');
    await waitText('thread-archive', (t) => t === 'Archive');
    assert(!(await isShown('thread-archived')), 'the Archived badge is still shown');
    await click('thread-back');
    await click('show-archived-threads');
    await waitText('thread-row-0', (t) => t.includes('Launch plan') && !t.includes('Archived'));
  });

  // --- Keys in a channel --------------------------------------------------------------
  await step('in #general, j/k move the selection, Enter opens, Escape comes back', async () => {
    await click('channel-general');
    await shown('thread-row-1');
    const rows = await browser.$$('[data-testid^="thread-row-"]');
    await browser.keys('j');
    await browser.keys('j');
    await browser.keys('k');
    await browser.keys('j');
    const selected = await browser.execute(
      () => document.querySelector('[data-testid^="thread-row-"][aria-current="true"]')?.dataset.testid,
    );
    assert(selected === 'thread-row-1', `selected ${selected}`);
    const title = await text('thread-title-1');
    await screenshot('channel.png');
    await browser.keys('Enter');
    await waitText('thread-title', (t) => t === title);
    await browser.keys('Escape');
    await shown('thread-list');
    return `${rows.length} threads, opened "${title}"`;
  });

  // --- A doc: create, edit, comment, diff ------------------------------------------------
  const firstBody = [
    '# Release runbook',
    '',
    'Cut the release branch on Thursday and tag it.',
    '',
    '1. Build the packages',
    '2. Publish the notes',
  ].join('\n');
  const secondBody = [
    '# Release runbook',
    '',
    'Cut the release branch on Wednesday and tag it after review.',
    '',
    '1. Build the packages',
    '2. Publish the notes',
    '3. Keep the previous build for a rollback',
  ].join('\n');
  await step('Docs: a new doc opens on its page', async () => {
    await click('nav-docs');
    await shown('docs-view');
    await click('new-doc');
    await typeInto('new-doc-editor-title', 'Release runbook');
    const sendAt = () => browser.execute(() => {
      const r = document.querySelector('[data-testid="new-doc-editor-body-send"]').getBoundingClientRect();
      return `${Math.round(r.x)},${Math.round(r.y)}`;
    });
    // The preview appears a moment after the text: it must not move the button a click is
    // already on its way to (it did, and that click then landed on the preview).
    const before = await sendAt();
    await paste('new-doc-editor-body-input', firstBody);
    await shown('new-doc-editor-body-preview');
    const after = await sendAt();
    assert(before === after, `the send button moved from ${before} to ${after} when the preview appeared`);
    await click('new-doc-editor-body-send');
    await waitText('doc-title', (t) => t === 'Release runbook');
    await waitText('doc-meta', (t) => t.includes('Revision 1 of 1'));
  });
  await step('editing saves a second revision on top of the one shown', async () => {
    await click('doc-edit');
    await paste('doc-editor-body-input', secondBody);
    await typeInto('doc-editor-summary', 'Earlier cut and a rollback step');
    await click('doc-editor-body-send');
    await waitText('doc-meta', (t) => t.includes('Revision 2 of 2'));
    const html = await browser.execute(() => document.querySelector('[data-testid="doc-body"]').innerHTML);
    assert(html.includes('rollback'), 'the rendered doc lacks the new step');
  });
  await step('a passage selected in the doc takes a comment anchored to it', async () => {
    await browser.execute((quote) => {
      const body = document.querySelector('[data-testid="doc-body"]');
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(quote);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + quote.length);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return;
      }
      throw new Error(`"${quote}" is not in the doc`);
    }, 'the release branch');
    await click('doc-comment-selection');
    await waitText('doc-comment-quote', (t) => t === 'the release branch');
    await typeInto('doc-comment-input', 'Which branch name do we use?');
    await click('doc-comment-send');
    await waitText('doc-comment-0', (t) => t.includes('the release branch') && t.includes('Which branch name'));
    assert(!(await isShown('doc-comment-changed-0')), 'the comment should be anchored');
  });
  await screenshot('doc.png');
  await step('ticking two revisions shows the word diff: insertions and deletions marked', async () => {
    await click('doc-revision-pick-0');
    await click('doc-revision-pick-1');
    await shown('doc-diff');
    const parts = await browser.execute(() => ({
      inserted: [...document.querySelectorAll('[data-testid="doc-diff-text"] ins')].map((el) => el.textContent),
      deleted: [...document.querySelectorAll('[data-testid="doc-diff-text"] del')].map((el) => el.textContent),
      insertStyle: (() => {
        const ins = document.querySelector('[data-testid="doc-diff-text"] ins');
        return ins ? getComputedStyle(ins).textDecorationLine : '';
      })(),
      deleteStyle: (() => {
        const del = document.querySelector('[data-testid="doc-diff-text"] del');
        return del ? getComputedStyle(del).textDecorationLine : '';
      })(),
    }));
    const inserted = parts.inserted.join('|');
    const deleted = parts.deleted.join('|');
    assert(/Wednesday/.test(inserted) && /rollback/.test(inserted), `inserted: ${inserted}`);
    assert(/Thursday/.test(deleted), `deleted: ${deleted}`);
    assert(parts.insertStyle.includes('underline'), `insertions are drawn ${parts.insertStyle}`);
    assert(parts.deleteStyle.includes('line-through'), `deletions are drawn ${parts.deleteStyle}`);
    return (await text('doc-diff-stats')).split('\n')[0].replace(/\s*added\s+removed$/, '');
  });
  await browser.execute(() => document.querySelector('[data-testid="doc-diff"]').scrollIntoView({ block: 'start' }));
  await screenshot('doc-diff.png');
  await step('CLI sees the doc with two revisions and the comment', async () => {
    const docs = JSON.parse(cli('doc', 'list', '--json'));
    const doc = docs.find((d) => d.title === 'Release runbook');
    assert(doc && doc.revision_count === 2 && doc.head_count === 1, `docs: ${JSON.stringify(docs)}`);
  }, { soft: true });
}

cleanUpOnExit(cleanupSync);

try {
  await main();
} catch (err) {
  if (!(err instanceof Fatal)) {
    counts.failed++;
    console.log(`  FAIL ${err?.stack ?? err}`);
  }
} finally {
  if (browser) {
    const b = browser;
    browser = null;
    try { await b.deleteSession(); } catch { /* app may already be gone */ }
  }
  // The app process ends with its session; wait so the next script starts on a free port.
  try {
    await waitFor(() => !appPids(home).length && !lockHolder(home), { timeout: 10_000, interval: 100, what: 'the app to exit' });
  } catch (err) {
    console.log(`       (${err.message})`);
  }
  cleanupSync();
  if (home && counts.failed === 0 && !process.env.E2E_KEEP_HOME) {
    fs.rmSync(home, { recursive: true, force: true });
  } else if (home) {
    console.log(`kept MERIDIAN_HOME for inspection: ${home}`);
  }
}

console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
