/**
 * Issue 16, what Paige shows: MCP `paige_highlight_lines` as line highlights with hover text, `paige_hint_files` as
 * glowing tree items (a required hint opens its folders), `paige_open_file` opening the tab, the coaching pipeline's
 * plan in the sidebar, Explain This (several in flight), an Observer nudge, and Paige's messages.
 */
import { expect, test } from './support/fixtures.js';
import { collectErrors, editor, openFromTree, openIde, shot } from './support/page.js';
import { COACH_PLAN, EXPLANATION, startPaige, TARGET_FILE, type Paige } from './support/paige.js';

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige();
  // Paige's UI tools work inside a coaching session, as Claude Code starts it.
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

test.describe('Issue 16: Paige on the page', () => {
  test('the coaching pipeline: issue context and plan with phase status in the sidebar; hint level; messages', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    const sidebar = page.getByRole('complementary', { name: 'Coaching' });
    await expect(sidebar).toContainText('npm run <typo> suggests unrelated scripts');
    await paige.tool('paige_run_coaching_pipeline', {
      planText: '1. Read did-you-mean.js. 2. Tighten isClose for short names.',
      issueSummary: 'Suggestions for mistyped script names are noisy.',
      issueNumber: 8841,
    });
    const phases = sidebar.getByRole('list', { name: 'Phases' });
    await expect(phases.getByRole('listitem')).toHaveCount(2);
    await expect(phases).toContainText(COACH_PLAN.phases[0]!.title);
    await expect(phases).toContainText(COACH_PLAN.phases[1]!.title);
    // The plan's first phase hints: its required file glows (and its folders open).
    await expect(page.getByRole('treeitem', { name: 'did-you-mean.js' })).toHaveAttribute(
      'data-hint',
      'required',
    );
    await paige.tool('paige_update_phase', { phase: 1, status: 'active' });
    await expect(phases.getByRole('listitem').first()).toHaveAttribute('data-status', 'active');
    await expect(phases.getByRole('listitem').nth(1)).toHaveAttribute('data-status', 'pending');
    await shot(page, 'coach-plan');

    await paige.tool('paige_update_phase', { phase: 1, status: 'complete' });
    await paige.tool('paige_update_phase', { phase: 2, status: 'active' });
    await expect(phases.getByRole('listitem').first()).toHaveAttribute('data-status', 'complete');
    await expect(phases.getByRole('listitem').nth(1)).toHaveAttribute('data-status', 'active');

    await paige.tool('paige_show_message', {
      message: 'Nice: you found the rule. Now think about 4-letter names.',
      type: 'success',
      anchor: { path: TARGET_FILE, startLine: 7 },
    });
    const log = page.getByRole('log', { name: "Paige's messages" });
    await expect(log).toContainText('Now think about 4-letter names.');
    await log.getByRole('button', { name: `Go to ${TARGET_FILE}:7` }).click();
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveAttribute('aria-selected', 'true');

    await sidebar.getByRole('radio', { name: 'High' }).check();
    await expect(sidebar.getByRole('radio', { name: 'High' })).toBeChecked();
    await shot(page, 'coach-plan-progress');
    // The level is the session's: a reload gets it back from the server.
    await page.reload();
    await expect(
      page.getByRole('complementary', { name: 'Coaching' }).getByRole('radio', { name: 'High' }),
    ).toBeChecked();
  });

  test('an Observer nudge appears in the nudge log; the mute toggle reaches the Observer', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    const observer = page.getByRole('region', { name: 'Observer' });
    await expect(observer.getByTestId('observer-status')).toHaveText('Watching');
    paige.script.nudge = true;
    // Opening a file is an Observer trigger.
    await openFromTree(page, 'lib/commands/run.js');
    const nudges = page.getByRole('log', { name: 'Nudges' });
    await expect(nudges).toContainText('You seem stuck on the implementation', { timeout: 15_000 });
    await expect(nudges).toContainText('92% sure');
    await shot(page, 'coach-nudge');
    await observer.getByRole('button', { name: 'Mute Observer' }).click();
    await expect(observer.getByTestId('observer-status')).toHaveText('Muted');
    await expect(observer.getByRole('button', { name: 'Unmute Observer' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    // The server's own status agrees after a reload.
    await page.reload();
    await expect(page.getByRole('region', { name: 'Observer' }).getByTestId('observer-status')).toHaveText(
      'Muted',
    );
    await page.getByRole('button', { name: 'Unmute Observer' }).click();
    await expect(page.getByRole('region', { name: 'Observer' }).getByTestId('observer-status')).toHaveText(
      'Watching',
    );
  });
  test('paige_open_file opens the tab; paige_highlight_lines paints lines with hover text; clear removes them', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await openIde(page, paige.url);
    await paige.tool('paige_highlight_lines', {
      path: TARGET_FILE,
      start: 7,
      end: 7,
      style: 'hint',
      hoverText: 'What does the 0.4 factor allow for a 4-letter name?',
    });
    await paige.tool('paige_highlight_lines', {
      path: TARGET_FILE,
      start: 14,
      end: 15,
      style: 'error',
      hoverText: 'Which names can never be suggested?',
    });
    await paige.tool('paige_open_file', { path: TARGET_FILE });
    const tab = page.getByRole('tab', { name: 'did-you-mean.js' });
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(editor(page)).toContainText('const isClose');
    await expect(page.locator('.monaco-editor .paige-highlight-hint')).toHaveCount(1);
    await expect(page.locator('.monaco-editor .paige-highlight-error')).toHaveCount(2);

    // The hover text shows when the pointer rests on a highlighted line.
    await page
      .locator('.monaco-editor .view-line')
      .filter({ hasText: 'const isClose' })
      .hover({ position: { x: 40, y: 8 } });
    await expect(page.getByRole('tooltip').filter({ visible: true })).toContainText(
      'What does the 0.4 factor allow for a 4-letter name?',
    );
    await shot(page, 'coach-highlights');

    // Opening it again from the coach focuses the same tab.
    await paige.tool('paige_open_file', { path: TARGET_FILE });
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveCount(1);

    await paige.tool('paige_clear_highlights', { path: TARGET_FILE });
    await expect(page.locator('.monaco-editor .paige-highlight')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('paige_hint_files makes tree items glow; a required hint opens its folders; clear_hints removes the glow', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    const tree = page.getByRole('tree', { name: 'Project files' });
    await paige.tool('paige_hint_files', { paths: ['lib/commands/run.js'], style: 'suggested' });
    await paige.tool('paige_hint_files', { paths: [TARGET_FILE], style: 'required' });
    const required = tree.getByRole('treeitem', { name: 'did-you-mean.js' });
    await expect(required).toBeVisible();
    await expect(required).toHaveAttribute('data-hint', 'required');
    await expect(tree.getByRole('treeitem', { name: 'utils', exact: true })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    // A suggested hint glows without opening folders.
    await expect(tree.getByRole('treeitem', { name: 'commands', exact: true })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await tree.getByRole('treeitem', { name: 'commands', exact: true }).locator('> .tree-row').click();
    await expect(tree.getByRole('treeitem', { name: 'run.js', exact: true })).toHaveAttribute(
      'data-hint',
      'suggested',
    );
    await shot(page, 'coach-file-hints');
    await paige.tool('paige_clear_hints', {});
    await expect(tree.locator('[data-hint]')).toHaveCount(0);
  });

  test('Explain This: a selection shows the Explain button; explanations arrive with key concepts, several in flight', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    paige.script.explainDelayMs = 800;
    // Select line 7 (isClose) with the keyboard.
    await editor(page).locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    const explain = page.getByRole('button', { name: /Explain/ });
    await expect(explain).toBeVisible();
    await shot(page, 'coach-explain-button');
    await explain.click();
    // A second explanation while the first is pending.
    await page.keyboard.press('Control+G');
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+Shift+E');
    const panel = page.getByRole('region', { name: 'Explanations' });
    await expect(panel.getByRole('article')).toHaveCount(2);
    await expect(panel.locator('[aria-busy="true"]')).not.toHaveCount(0);
    await expect(panel.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 });
    await expect(panel.getByRole('article').first()).toContainText(EXPLANATION.explanation);
    await expect(panel.getByRole('list', { name: 'Key concepts' }).first()).toContainText(
      'Levenshtein distance',
    );
    await expect(panel).toContainText(`${TARGET_FILE}:7`);
    await expect(panel).toContainText(`${TARGET_FILE}:9`);
    paige.script.explainDelayMs = 0;
    await shot(page, 'coach-explain');
  });
});
