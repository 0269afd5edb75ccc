/**
 * Issue 16, accessibility: axe-core finds no serious or critical violation on the IDE view with a file open, a plan,
 * hints, highlights, an explanation and a nudge on screen, and the terminal pane running a shell with output (issue 17);
 * the tree and tabs work from the keyboard.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/fixtures.js';
import { editor, focusTerminal, openFromTree, openIde, shot, terminalLines } from './support/page.js';
import { artifactsDir, startPaige, TARGET_FILE, type Paige } from './support/paige.js';

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige({
    SHELL: '/bin/bash',
    PAIGE_TERMINAL_COMMAND: 'exec bash --norc --noprofile',
    PS1: '$ ',
  });
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

test.describe('Issue 16: accessibility of the IDE view', () => {
  test('axe-core: no serious or critical violation', async ({ page }) => {
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    await paige.tool('paige_show_message', { message: 'Look at line 7 first.', type: 'hint' });
    await expect(page.getByRole('log', { name: "Paige's messages" })).toContainText('Look at line 7 first.');
    await expect(page.locator('.monaco-editor .paige-highlight-hint')).toHaveCount(1);
    // The terminal pane (issue 17) runs, with output and its resize handle.
    await focusTerminal(page, /bash/);
    await page.keyboard.type('echo axe-check');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await terminalLines(page)).includes('axe-check')).toBe(true);
    await expect(page.getByRole('separator', { name: 'Resize the bottom panel' })).toBeVisible();
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = serious
      .map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
      )
      .join('\n');
    writeFileSync(
      join(artifactsDir, 'a11y-ide.json'),
      JSON.stringify(
        results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target),
        })),
        null,
        2,
      ),
    );
    await shot(page, 'a11y-ide');
    expect(serious, report).toEqual([]);
  });

  test('the tree and the tabs work from the keyboard', async ({ page }) => {
    await openIde(page, paige.url);
    const tree = page.getByRole('tree', { name: 'Project files' });
    const lib = tree.getByRole('treeitem', { name: 'lib', exact: true });
    await lib.focus();
    await page.keyboard.press('ArrowRight');
    await expect(lib).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowRight');
    await expect(tree.getByRole('treeitem', { name: 'cli', exact: true })).toBeFocused();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: 'package.json' })).toHaveAttribute('aria-selected', 'true');
    await expect(editor(page)).toContainText('"name": "npm"');
    await shot(page, 'a11y-keyboard');
  });
});
