/**
 * Issue 17 item 4, nudge delivery, and issue 23 item 3, the quiet check-in: the Observer (triage by the Messages-API
 * stand-in) nudges after buffer edits made in the page; the page types a short `[Paige check-in] ...` line into
 * Claude Code (a stand-in `claude` found on the server's PATH, so `pty:started.kind` is `claude`; it answers after a
 * spinner redrawn in place, as Claude Code does) only once the terminal is idle: never while the learner is typing
 * in it, never into their half-typed line. While it answers, "Paige is observing…"; then a breadcrumb "Paige checked
 * in, just now" expands to what the Observer signalled and what Paige answered. Keystrokes typed during the check-in
 * all arrive, after it. The nudge log shows it waiting, then sent; muting stops delivery.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import {
  collectErrors,
  focusTerminal,
  gotoLine,
  openFromTree,
  openIde,
  seriousA11yViolations,
  shot,
  terminalLines,
} from './support/page.js';
import { callType, startPaige, TARGET_FILE, type Paige } from './support/paige.js';

const fakeClaudeDir = join(dirname(fileURLToPath(import.meta.url)), 'support', 'bin');

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige({ PATH: `${fakeClaudeDir}:${process.env.PATH ?? ''}` });
  await paige.tool('paige_start_session', {
    issueNumber: 8841,
    issueTitle: 'npm run <typo> suggests unrelated scripts',
    issueSummary: 'Noisy suggestions.',
  });
});
test.afterAll(async () => {
  await paige?.stop();
});

test.describe.configure({ mode: 'serial' });

const triages = () => paige.stub.requests.filter((r) => callType(r) === 'triage').length;
const hasNudgeText = async (page: Page) =>
  (await terminalLines(page)).some((l) => l.includes('[Paige check-in]'));

/** Five small edits with pauses (each reaches the server as its own buffer update: the Observer's 5th triggers triage). */
async function editFiveTimes(page: Page): Promise<void> {
  await gotoLine(page, 5);
  for (let i = 0; i < 5; i++) {
    await page.keyboard.type(` e${i}`);
    await page.waitForTimeout(700);
  }
}

test.describe('Issue 17: Observer nudges reach Claude Code in the terminal', () => {
  test('a nudge waits while the learner types in the terminal, then arrives once the terminal is idle', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await openIde(page, paige.url);
    await focusTerminal(page, /Claude Code · claude/);
    await expect
      .poll(async () =>
        (await terminalLines(page)).some((l) => l.startsWith('✻ Claude Code (test stand-in)')),
      )
      .toBe(true);
    // Opening the file is a trigger too: its triage says "no nudge".
    const before = triages();
    await openFromTree(page, TARGET_FILE);
    await expect.poll(triages).toBeGreaterThan(before);

    // The learner starts a question in the terminal and leaves it unsent...
    await focusTerminal(page, /Claude Code/);
    await page.keyboard.type('why does isClose');
    // ...edits the file (the Observer's triage now says "nudge")...
    paige.script.nudge = true;
    await editFiveTimes(page);
    const nudges = page.getByRole('log', { name: 'Nudges' });
    await expect(nudges).toContainText('You seem stuck on the implementation', { timeout: 20_000 });
    // ...so the nudge waits: it would land in the middle of their line.
    await expect(nudges).toContainText('Waiting: waiting until you send or clear your line');
    expect(await hasNudgeText(page)).toBe(false);
    await shot(page, 'nudge-waiting');

    // Back in the terminal they finish the question, slowly: nothing is written while they type.
    await focusTerminal(page, /Claude Code/);
    for (const ch of ' return true for short names?') {
      await page.keyboard.type(ch);
      await page.waitForTimeout(150);
      expect(await hasNudgeText(page)).toBe(false);
    }
    await page.keyboard.press('Enter');
    const sentAt = Date.now();
    await expect
      .poll(async () =>
        (await terminalLines(page)).includes(
          '● (stand-in) you asked: why does isClose return true for short names?',
        ),
      )
      .toBe(true);
    // Right after Enter they may go on typing: the nudge keeps waiting for a few quiet seconds.
    await expect(nudges).toContainText('Waiting: waiting until you stop typing');
    while (Date.now() - sentAt < 2500) {
      expect(await hasNudgeText(page)).toBe(false);
      await page.waitForTimeout(200);
    }

    // Idle now: the check-in goes in as one marked line. The learner types the moment it appears: their keystrokes
    // are held until its Enter (or sent at once after it), never lost and never part of the check-in.
    const deadline = Date.now() + 20_000;
    while (!(await hasNudgeText(page))) {
      expect(Date.now()).toBeLessThan(deadline);
      await page.waitForTimeout(20);
    }
    await page.keyboard.type('thanks');
    await page.keyboard.press('Enter');
    // "Claude Code" answers it in Paige's voice, after a spinner; meanwhile the page says Paige is observing.
    const checkInStatus = page.getByRole('status', { name: 'Paige check-in' });
    await expect(checkInStatus).toHaveText('Paige is observing…');
    await expect
      .poll(
        async () =>
          (await terminalLines(page)).some((l) =>
            l.startsWith(
              '● Paige (stand-in): checking in about stuck_on_implementation in lib/utils/did-you-mean.js',
            ),
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    // (the answer's own prompt was drawn before the held line was read: `> ● ...`)
    await expect
      .poll(async () => (await terminalLines(page)).some((l) => l.endsWith('● (stand-in) you asked: thanks')))
      .toBe(true);
    const lines = await terminalLines(page);
    const question = lines.indexOf('> why does isClose return true for short names?');
    const prompt = lines.findIndex((l) =>
      l.startsWith(
        '> [Paige check-in] stuck_on_implementation (confidence 0.92) | in lib/utils/did-you-mean.js',
      ),
    );
    expect(question).toBeGreaterThanOrEqual(0); // the learner's line is whole: nothing was written into it
    expect(prompt).toBeGreaterThan(question);
    expect(lines.some((l) => l.includes('[Paige check-in]') && l.includes('thanks'))).toBe(false);
    expect(lines.findIndex((l) => l.endsWith('● (stand-in) you asked: thanks'))).toBeGreaterThan(prompt);
    await expect(nudges).toContainText(/Sent to Claude Code at/);
    await shot(page, 'nudge-delivered');

    // Once Claude Code is quiet: a breadcrumb, collapsed, that opens on what the Observer saw and what Paige said.
    await expect(checkInStatus).toHaveText('', { timeout: 15_000 });
    const crumb = page.getByRole('button', { name: 'Paige checked in, just now' });
    await expect(crumb).toHaveAttribute('aria-expanded', 'false');
    await crumb.click();
    await expect(crumb).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByRole('region', { name: "Paige's check-in" });
    await expect(panel).toContainText('You seemed stuck on the implementation.');
    await expect(panel).toContainText('Confidence92%');
    await expect(panel).toContainText('lib/utils/did-you-mean.js');
    const answer = panel.getByTestId('check-in-answer');
    await expect(answer).toContainText(
      '● Paige (stand-in): checking in about stuck_on_implementation in lib/utils/did-you-mean.js. What have you tried so far?',
    );
    await expect(answer).not.toContainText('[Paige check-in]');
    await expect(answer).not.toContainText('esc to interrupt');
    await shot(page, 'check-in-expanded');
    const { count, report } = await seriousA11yViolations(page, 'check-in-expanded');
    expect(count, report).toBe(0);
    // Escape closes it and gives the focus back to the breadcrumb; the terminal is readable and still answers.
    await panel.getByRole('button', { name: 'Close' }).focus();
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(crumb).toBeFocused();
    await focusTerminal(page, /Claude Code/);
    await page.keyboard.type('still here?');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () =>
        (await terminalLines(page)).some((l) => l.endsWith('● (stand-in) you asked: still here?')),
      )
      .toBe(true);
    expect(errors).toEqual([]);
  });

  test('muting the Observer drops a waiting nudge: the log says so and nothing is written into Claude Code', async ({
    page,
  }) => {
    // A server of its own: the first test's nudge started the Observer's 2-minute cooldown.
    const own = await startPaige({ PATH: `${fakeClaudeDir}:${process.env.PATH ?? ''}` });
    try {
      await own.tool('paige_start_session', {
        issueNumber: 8841,
        issueTitle: 'npm run <typo> suggests unrelated scripts',
        issueSummary: 'Noisy suggestions.',
      });
      await openIde(page, own.url);
      await focusTerminal(page, /Claude Code · claude/);
      await openFromTree(page, TARGET_FILE);
      await focusTerminal(page, /Claude Code/);
      await page.keyboard.type('hmm'); // an unsent line holds the nudge
      own.script.nudge = true;
      await editFiveTimes(page);
      const nudges = page.getByRole('log', { name: 'Nudges' });
      await expect(nudges).toContainText('Waiting: waiting until you send or clear your line', {
        timeout: 20_000,
      });
      const observer = page.getByRole('region', { name: 'Observer' });
      await observer.getByRole('button', { name: 'Mute Observer' }).click();
      await expect(observer.getByTestId('observer-status')).toHaveText('Muted');
      await expect(nudges).toContainText('Not sent: the Observer is muted');
      // The line is cleared and the terminal goes idle: still nothing is written.
      await focusTerminal(page, /Claude Code/);
      await page.keyboard.press('Control+U');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(5500);
      expect(await hasNudgeText(page)).toBe(false);
      await shot(page, 'nudge-muted');
    } finally {
      await own.stop();
    }
  });
});
