/**
 * Issue 23 item 1, the hinting system in the page (brainstorm "The Hinting System"; DESIGN section 3 "Hint level"):
 * each level's visible guidance (off: nothing; low: file glows and folder path indicators; medium: plus line
 * highlights and gutter markers; high: plus the hover text), the shortcuts, the level kept across a reload and seen by
 * a second window, Paige's suggestion beside the control, phase 2's hints replacing phase 1's, and squiggles from
 * `editor:decorations` (`paige_mark_problems`) with their hover text, cleared by the clear tool.
 */
import type { Page } from '@playwright/test';
import { textReply } from '@paige/llm/testing';
import { expect, test } from './support/fixtures.js';
import { collectErrors, editor, openFromTree, openIde, seriousA11yViolations, shot } from './support/page.js';
import { callType, COACH_PLAN, startPaige, TARGET_FILE, type Paige } from './support/paige.js';

const OTHER_FILE = 'lib/commands/run.js';

/** A plan whose two phases hint different files, so phase 2's hints visibly replace phase 1's. */
const PLAN = {
  ...COACH_PLAN,
  phases: [
    COACH_PLAN.phases[0]!,
    {
      ...COACH_PLAN.phases[1]!,
      expectedFiles: [OTHER_FILE],
      hintLevel: 'low',
      hints: [
        {
          type: 'file',
          path: OTHER_FILE,
          style: 'required',
          hoverText: 'Where npm run reports a missing script',
        },
        {
          type: 'line',
          path: OTHER_FILE,
          startLine: 3,
          endLine: 3,
          style: 'hint',
          hoverText: 'Who calls didYouMean?',
        },
      ],
    },
  ],
};

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige(
    {},
    { reply: (request) => (callType(request) === 'coach' ? textReply(PLAN) : undefined) },
  );
  await paige.tool('paige_start_session', {
    issueNumber: 8841,
    issueTitle: 'npm run <typo> suggests unrelated scripts',
    issueSummary: 'Suggestions for mistyped script names are noisy.',
  });
});
test.afterAll(async () => {
  await paige?.stop();
});

test.describe.configure({ mode: 'serial' });

const sidebarOf = (page: Page) => page.getByRole('complementary', { name: 'Coaching' });
const tree = (page: Page) => page.getByRole('tree', { name: 'Project files' });

async function pickLevel(page: Page, level: 'Off' | 'Low' | 'Medium' | 'High'): Promise<void> {
  await sidebarOf(page).getByRole('radio', { name: level }).check();
  await expect(sidebarOf(page).getByRole('radio', { name: level })).toBeChecked();
}

test.describe('Issue 23 item 1: the hint level decides what the page shows', () => {
  test('off, low, medium, high: glows, path indicators, highlights, gutter markers and hover text', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await openIde(page, paige.url);
    await paige.tool('paige_hint_files', { paths: [TARGET_FILE], style: 'required' });
    await paige.tool('paige_hint_files', { paths: [OTHER_FILE], style: 'suggested' });
    await paige.tool('paige_highlight_lines', {
      path: TARGET_FILE,
      start: 7,
      end: 7,
      style: 'hint',
      hoverText: 'What does the 0.4 factor allow for a 4-letter name?',
    });
    await openFromTree(page, TARGET_FILE);
    const file = tree(page).getByRole('treeitem', { name: 'did-you-mean.js' });
    const utils = tree(page).getByRole('treeitem', { name: 'utils', exact: true });
    const highlight = page.locator('.monaco-editor .paige-highlight-hint');
    const gutter = page.locator('.monaco-editor .paige-gutter-hint');
    const hoverLine = () =>
      page
        .locator('.monaco-editor .view-line')
        .filter({ hasText: 'const isClose' })
        .hover({ position: { x: 40, y: 8 } });
    const tooltip = page.getByRole('tooltip').filter({ visible: true });

    await pickLevel(page, 'Off');
    await expect(tree(page).locator('[data-hint]')).toHaveCount(0);
    await expect(tree(page).locator('[data-hint-inside]')).toHaveCount(0);
    await expect(highlight).toHaveCount(0);
    await expect(gutter).toHaveCount(0);
    await shot(page, 'hints-off');

    await pickLevel(page, 'Low');
    await expect(file).toHaveAttribute('data-hint', 'required');
    await expect(utils).toHaveAttribute('data-hint-inside', 'required');
    await expect(highlight).toHaveCount(0);
    await expect(gutter).toHaveCount(0);
    await shot(page, 'hints-low');

    await pickLevel(page, 'Medium');
    await expect(file).toHaveAttribute('data-hint', 'required');
    await expect(highlight).toHaveCount(1);
    await expect(gutter).toHaveCount(1);
    await hoverLine();
    await page.waitForTimeout(800);
    await expect(tooltip.filter({ hasText: 'What does the 0.4 factor allow' })).toHaveCount(0);
    await shot(page, 'hints-medium');

    await pickLevel(page, 'High');
    await expect(highlight).toHaveCount(1);
    await page.mouse.move(10, 10);
    await hoverLine();
    await expect(tooltip).toContainText('What does the 0.4 factor allow for a 4-letter name?');
    await shot(page, 'hints-high');

    // Going down hides, going up shows again: nothing was lost.
    await pickLevel(page, 'Off');
    await expect(highlight).toHaveCount(0);
    await pickLevel(page, 'Medium');
    await expect(highlight).toHaveCount(1);
    await expect(file).toHaveAttribute('data-hint', 'required');
    expect(errors).toEqual([]);
  });

  test('the shortcuts raise and lower the level, in Monaco too, without typing into the file; the tooltip lists them', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    const before = await page.evaluate(
      () => document.querySelector('.monaco-editor .view-lines')?.textContent ?? '',
    );
    await expect(sidebarOf(page).getByRole('radio', { name: 'Medium' })).toBeChecked();
    await expect(sidebarOf(page).locator('fieldset.hint-level')).toHaveAttribute(
      'title',
      /Alt\+Shift\+=.*Alt\+Shift\+-/,
    );
    await editor(page).locator('.view-lines').click();
    await page.keyboard.press('Alt+Shift+Equal');
    await expect(sidebarOf(page).getByRole('radio', { name: 'High' })).toBeChecked();
    await page.keyboard.press('Alt+Shift+Equal');
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
      'already at the highest level',
    );
    await page.keyboard.press('Alt+Shift+Minus');
    await page.keyboard.press('Alt+Shift+Minus');
    await expect(sidebarOf(page).getByRole('radio', { name: 'Low' })).toBeChecked();
    await expect(page.locator('.monaco-editor .paige-highlight')).toHaveCount(0);
    expect(
      await page.evaluate(() => document.querySelector('.monaco-editor .view-lines')?.textContent ?? ''),
    ).toBe(before);
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).not.toHaveAttribute(
      'data-dirty',
      'true',
    );
    await shot(page, 'hints-shortcuts');
  });

  test('the level is kept across a reload and a second window follows a change at once', async ({ page }) => {
    await openIde(page, paige.url);
    await pickLevel(page, 'Medium');
    await page.reload();
    await expect(sidebarOf(page).getByRole('radio', { name: 'Medium' })).toBeChecked();
    await expect(tree(page).getByRole('treeitem', { name: 'did-you-mean.js' })).toHaveAttribute(
      'data-hint',
      'required',
    );

    const second = await page.context().newPage();
    try {
      await openIde(second, paige.url);
      await expect(sidebarOf(second).getByRole('radio', { name: 'Medium' })).toBeChecked();
      await openFromTree(second, TARGET_FILE);
      await expect(second.locator('.monaco-editor .paige-highlight-hint')).toHaveCount(1);
      await pickLevel(page, 'Off');
      await expect(sidebarOf(second).getByRole('radio', { name: 'Off' })).toBeChecked();
      await expect(second.locator('.monaco-editor .paige-highlight')).toHaveCount(0);
      await expect(tree(second).locator('[data-hint]')).toHaveCount(0);
      await shot(second, 'hints-second-window');
      await pickLevel(page, 'Medium');
      await expect(second.locator('.monaco-editor .paige-highlight-hint')).toHaveCount(1);
    } finally {
      await second.close();
    }
  });

  test("hints follow the plan: phase 2's glows and highlights replace phase 1's; Paige's suggestion shows until the learner picks", async ({
    page,
  }) => {
    await paige.tool('paige_clear_hints', {});
    await paige.tool('paige_clear_highlights', {});
    await openIde(page, paige.url);
    await paige.tool('paige_run_coaching_pipeline', {
      planText: '1. Read did-you-mean.js. 2. Check its callers.',
      issueSummary: 'Noisy suggestions.',
      issueNumber: 8841,
    });
    const phases = sidebarOf(page).getByRole('list', { name: 'Phases' });
    await expect(phases.getByRole('listitem')).toHaveCount(2);
    await paige.tool('paige_update_phase', { phase: 1, status: 'active' });
    await expect(tree(page).getByRole('treeitem', { name: 'did-you-mean.js' })).toHaveAttribute(
      'data-hint',
      'required',
    );
    await shot(page, 'hints-phase-1');

    await paige.tool('paige_update_phase', { phase: 1, status: 'complete' });
    await paige.tool('paige_update_phase', { phase: 2, status: 'active' });
    await expect(phases.getByRole('listitem').nth(1)).toHaveAttribute('data-status', 'active');
    await expect(tree(page).getByRole('treeitem', { name: 'run.js', exact: true })).toHaveAttribute(
      'data-hint',
      'required',
    );
    await expect(tree(page).getByRole('treeitem', { name: 'did-you-mean.js' })).not.toHaveAttribute(
      'data-hint',
      /.+/,
    );
    await openFromTree(page, TARGET_FILE);
    await expect(page.locator('.monaco-editor .paige-highlight')).toHaveCount(0);
    await shot(page, 'hints-phase-2');
    // The completed phase's "Done" badge is readable (axe colour contrast).
    await expect(phases.getByRole('listitem').first()).toContainText('Done');
    const axe = await seriousA11yViolations(page, 'hints-phase-2');
    expect(axe.count, axe.report).toBe(0);

    // A resync (reload) rebuilds the current phase's hints.
    await page.reload();
    await expect(tree(page).getByRole('treeitem', { name: 'run.js', exact: true })).toHaveAttribute(
      'data-hint',
      'required',
    );
    await expect(tree(page).locator('[data-hint="required"]')).toHaveCount(1);
  });

  test('Paige suggests a level until the learner picks one (a new session)', async ({ page }) => {
    await paige.tool('paige_end_session', { sessionTranscript: '[user] done', wait: true });
    await paige.tool('paige_start_session', {
      issueNumber: 8842,
      issueTitle: 'A second issue',
      issueSummary: 'Another one.',
    });
    await openIde(page, paige.url);
    await paige.tool('paige_run_coaching_pipeline', {
      planText: '1. Read. 2. Change.',
      issueSummary: 'Another one.',
      issueNumber: 8842,
    });
    await paige.tool('paige_update_phase', { phase: 1, status: 'active' });
    const suggestion = sidebarOf(page).getByTestId('hint-suggestion');
    await expect(suggestion).toHaveText(/Paige suggests: medium/);
    await paige.tool('paige_update_phase', { phase: 1, status: 'complete' });
    await paige.tool('paige_update_phase', { phase: 2, status: 'active' });
    await expect(suggestion).toHaveText(/Paige suggests: low/);
    // Until the learner picks, the session follows the suggestion.
    await expect(sidebarOf(page).getByRole('radio', { name: 'Low' })).toBeChecked();
    await shot(page, 'hints-suggestion');
    await pickLevel(page, 'High');
    await expect(suggestion).toHaveCount(0);
    await page.reload();
    await expect(sidebarOf(page).getByRole('radio', { name: 'High' })).toBeChecked();
    await expect(sidebarOf(page).getByTestId('hint-suggestion')).toHaveCount(0);
  });

  test('squiggles: paige_mark_problems draws Monaco markers with hover text; clear_decorations removes them', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    await paige.tool('paige_mark_problems', {
      path: TARGET_FILE,
      problems: [
        {
          range: { startLine: 7, startColumn: 7, endLine: 7, endColumn: 14 },
          message: 'isClose never rejects a 2-letter name.',
        },
      ],
    });
    const squiggle = page.locator(
      '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info',
    );
    await expect(squiggle).toHaveCount(1);
    // Squiggles are line guidance: hidden at Low, shown from Medium, with Paige's note in the hover at High.
    await pickLevel(page, 'Low');
    await expect(squiggle).toHaveCount(0);
    await pickLevel(page, 'High');
    await expect(squiggle).toHaveCount(1);
    // The squiggle sits under the text: rest the pointer on the flagged word.
    await page
      .locator('.monaco-editor .view-line')
      .filter({ hasText: 'const isClose' })
      .getByText('isClose', { exact: true })
      .hover();
    await expect(page.getByRole('tooltip').filter({ visible: true })).toContainText(
      'isClose never rejects a 2-letter name.',
    );
    await shot(page, 'hints-squiggles');
    const axe = await seriousA11yViolations(page, 'hints-squiggles');
    expect(axe.count, axe.report).toBe(0);
    await paige.tool('paige_clear_highlights', { path: TARGET_FILE });
    await expect(squiggle).toHaveCount(0);
  });
});
