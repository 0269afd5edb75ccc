/**
 * Page helpers shared by the specs: screenshots under test/artifacts (a person looks at them), console error
 * collection, and Monaco typing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { artifactsDir, TEST_TOKEN } from './paige.js';

/** Saves a full-page screenshot as `test/artifacts/<name>.png` and returns its path. */
export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Collects console errors and page errors (CSP violations show here). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Opens the IDE view the way a learner opens the page, from a token URL (`/ide?token=...`: the server sets the token
 * cookie and redirects to `/ide`), and waits for the tree and an open connection. (`/` itself opens the IDE only
 * while a coaching session is active, the dashboard otherwise.)
 */
export async function openIde(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/ide?token=${TEST_TOKEN}`);
  await expect(page).toHaveURL(`${url}/ide`);
  await expect(page.getByRole('tree', { name: 'Project files' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/Connected/);
}

/** Expands the folder `dir` and every folder above it. */
export async function expandFolder(page: Page, dir: string): Promise<void> {
  const tree = page.getByRole('tree', { name: 'Project files' });
  for (const name of dir.split('/')) {
    const item = tree.getByRole('treeitem', { name, exact: true }).first();
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.locator('> .tree-row').click();
    await expect(item).toHaveAttribute('aria-expanded', 'true');
  }
}

/** Expands the folders of `path` and opens the file from the tree. */
export async function openFromTree(page: Page, path: string): Promise<void> {
  const parts = path.split('/');
  const tree = page.getByRole('tree', { name: 'Project files' });
  for (const dir of parts.slice(0, -1)) {
    const item = tree.getByRole('treeitem', { name: dir, exact: true }).first();
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.locator('> .tree-row').click();
  }
  await tree
    .getByRole('treeitem', { name: parts[parts.length - 1], exact: true })
    .locator('> .tree-row')
    .click();
  await expect(page.getByRole('tab', { name: parts[parts.length - 1], exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.locator('.monaco-editor .view-lines')).toBeVisible();
}

/** The Monaco editor of the page. */
export const editor = (page: Page) => page.locator('.monaco-editor').first();

/** Puts the cursor at the end of `line` (1-based) through Monaco's Go to Line (Ctrl+G). */
export async function gotoLine(page: Page, line: number): Promise<void> {
  await editor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
}

/**
 * Opens `/` from the token URL the server prints, as a learner does, and waits for the view it lands on (`/dashboard`
 * without an active session, `/ide` with one).
 */
export async function openHome(page: Page, url: string, expected: 'dashboard' | 'ide'): Promise<void> {
  await page.goto(`${url}/?token=${TEST_TOKEN}`);
  await expect(page).toHaveURL(`${url}/${expected}`);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/Connected/);
}

/** Runs axe-core (WCAG 2.1 A/AA and best practices) and returns the serious and critical violations as a report. */
export async function seriousA11yViolations(
  page: Page,
  name: string,
): Promise<{ count: number; report: string }> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  mkdirSync(artifactsDir, { recursive: true });
  writeFileSync(
    join(artifactsDir, `a11y-${name}.json`),
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
  return {
    count: serious.length,
    report: serious
      .map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
      )
      .join('\n'),
  };
}

/** The terminal pane's xterm.js screen (the DOM renderer's rows). */
export const terminalScreen = (page: Page) => page.locator('#dock-terminal .xterm-rows');

/** The visible lines of the terminal, right-trimmed (xterm.js pads rows with non-breaking spaces). */
export async function terminalLines(page: Page): Promise<string[]> {
  return terminalScreen(page).evaluate((rows) =>
    Array.from(rows.children, (r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()),
  );
}

/** Waits until the terminal runs (`kind`: the status line's "Shell", "Claude Code", ...) and focuses it. */
export async function focusTerminal(page: Page, kind: RegExp = /·/): Promise<void> {
  await expect(page.getByRole('status', { name: 'Terminal status' })).toHaveText(kind, { timeout: 20_000 });
  await page.locator('#dock-terminal .xterm-screen').click();
  await expect(page.locator('#dock-terminal .xterm textarea')).toBeFocused();
}
