/**
 * Issue 23 item 2, review checkpoints (brainstorm "Review Checkpoints"): "Review my work" (button and Alt+Shift+R)
 * shows its progress in the sidebar, then the feedback with its line references as buttons that open the file at the
 * line; a second request while one is pending is not sent (the page says so); a failed review stays in place with a
 * Retry. axe-core: no serious or critical violation on the IDE view with the terminal running (dim text included)
 * and the review shown.
 */
import type { Page } from '@playwright/test';
import { refusal, textReply, type StubReply } from '@paige/llm/testing';
import { expect, test } from './support/fixtures.js';
import {
  focusTerminal,
  openFromTree,
  openIde,
  seriousA11yViolations,
  shot,
  terminalLines,
} from './support/page.js';
import { startPaige, TARGET_FILE, type Paige } from './support/paige.js';

const REVIEW = {
  review:
    'You found the rule that decides what is close. The threshold still grows with the typed length, so short names match too much.',
  phaseGoalMet: false,
  suggestions: ['What should a 3-letter name allow?', 'Which caller relies on the current behaviour?'],
  references: [
    { path: TARGET_FILE, startLine: 7, endLine: null, note: 'The 0.4 factor decides the allowed distance.' },
  ],
};

/** What the test wants from the next review: a delay, or a refusal. */
const script = { delayMs: 0, refuse: false };

function reviewReply(systemText: string): StubReply | undefined {
  const work = systemText.includes("Paige's work reviewer");
  // Before the work-review prompt existed the server used the practice reviewer for this: answer both.
  const practice = systemText.includes("Paige's practice reviewer");
  if (!work && !practice) return undefined;
  if (script.refuse) {
    script.refuse = false;
    return refusal('I cannot review this right now.');
  }
  const reply = textReply(
    work
      ? REVIEW
      : {
          review: REVIEW.review,
          correct: false,
          level: 3,
          passed: false,
          followUp: null,
          dreyfusSignal: 'stable',
          suggestions: REVIEW.suggestions,
        },
  );
  return script.delayMs > 0 ? { kind: 'slow', ms: script.delayMs, reply } : reply;
}

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige(
    { SHELL: '/bin/bash', PAIGE_TERMINAL_COMMAND: 'exec bash --norc --noprofile', PS1: '$ ' },
    { reply: (r) => reviewReply(r.systemText) },
  );
  await paige.tool('paige_start_session', {
    issueNumber: 8841,
    issueTitle: 'npm run <typo> suggests unrelated scripts',
    issueSummary: 'Noisy suggestions.',
  });
  await paige.tool('paige_run_coaching_pipeline', {
    planText: '1. Read did-you-mean.js.',
    issueSummary: 'Noisy suggestions.',
    issueNumber: 8841,
  });
  await paige.tool('paige_update_phase', { phase: 1, status: 'active' });
});
test.afterAll(async () => {
  await paige?.stop();
});

test.describe.configure({ mode: 'serial' });

const reviewSection = (page: Page) =>
  page.getByRole('complementary', { name: 'Coaching' }).locator('.review');
const activeLine = (page: Page) => page.locator('.monaco-editor .line-numbers.active-line-number');

test.describe('Issue 23 item 2: Review my work', () => {
  test('progress, then feedback with line references that open the file at the line; a second click while pending is not sent', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await openFromTree(page, 'lib/commands/run.js');
    script.delayMs = 2500;
    const button = page.getByRole('button', { name: 'Review my work' });
    await button.click();
    await expect(reviewSection(page)).toHaveAttribute('data-state', 'pending');
    await expect(reviewSection(page)).toContainText('Paige is reading your changes');
    await page.getByRole('button', { name: 'Reviewing…' }).click();
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
      'A review is already on its way.',
    );
    await shot(page, 'review-pending');
    await expect(reviewSection(page)).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
    script.delayMs = 0;
    const article = page.getByRole('article', { name: "Paige's review" });
    await expect(article).toContainText('You found the rule that decides what is close.');
    await expect(article.getByRole('list', { name: 'Suggestions' })).toContainText(
      'What should a 3-letter name allow?',
    );
    // One review was asked of the model, not two.
    expect(
      paige.stub.requests.filter((r) => /Paige's (work|practice) reviewer/.test(r.systemText)),
    ).toHaveLength(1);

    const ref = article.getByRole('button', { name: `${TARGET_FILE}:7` });
    await expect(ref).toBeVisible();
    await shot(page, 'review-shown');
    await ref.click();
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveAttribute('aria-selected', 'true');
    await expect(activeLine(page)).toHaveText('7');

    // The terminal runs, with dim text on screen: axe finds nothing serious with the review shown.
    await focusTerminal(page, /bash/);
    await page.keyboard.type("printf '\\033[2mdim text from the shell\\033[0m\\n'");
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await terminalLines(page)).includes('dim text from the shell')).toBe(true);
    const axe = await seriousA11yViolations(page, 'review');
    await shot(page, 'review-a11y');
    expect(axe.count, axe.report).toBe(0);
  });

  test('a failed review stays in place with a Retry; Alt+Shift+R asks again', async ({ page }) => {
    await openIde(page, paige.url);
    script.refuse = true;
    await page.keyboard.press('Alt+Shift+R');
    const alert = reviewSection(page).getByRole('alert');
    await expect(alert).toContainText('The review failed', { timeout: 20_000 });
    await shot(page, 'review-error');
    await alert.getByRole('button', { name: 'Retry' }).click();
    await expect(reviewSection(page)).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
    await expect(page.getByRole('article', { name: "Paige's review" })).toContainText('You found the rule');
  });
});
