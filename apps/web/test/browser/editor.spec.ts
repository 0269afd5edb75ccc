/**
 * Issue 16, the editor workspace as a learner sees it: the tree (ignored folders absent), opening a file, typing
 * that reaches the server (MCP `paige_get_buffer`) as small incremental messages, Ctrl+S writing to disk, tabs
 * (no duplicates, the dirty marker, closing an unsaved tab asks), and a save conflict.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebSocket as PwWebSocket } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { collectErrors, editor, gotoLine, openFromTree, openIde, shot } from './support/page.js';
import { readProjectFile, startPaige, TARGET_FILE, type Paige } from './support/paige.js';

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige();
});
test.afterAll(async () => {
  await paige?.stop();
});

test.describe('Issue 16: the editor workspace', () => {
  test('the tree renders the project and leaves ignored folders out', async ({ page }) => {
    const errors = collectErrors(page);
    await openIde(page, paige.url);
    const tree = page.getByRole('tree', { name: 'Project files' });
    await expect(tree.getByRole('treeitem', { name: 'lib', exact: true })).toBeVisible();
    await expect(tree.getByRole('treeitem', { name: 'package.json', exact: true })).toBeVisible();
    await expect(tree.getByRole('treeitem', { name: '.gitignore', exact: true })).toBeVisible();
    for (const ignored of ['node_modules', '.git', 'coverage']) {
      await expect(tree.getByRole('treeitem', { name: ignored, exact: true })).toHaveCount(0);
    }
    // Folders expand and collapse.
    const lib = tree.getByRole('treeitem', { name: 'lib', exact: true });
    await lib.locator('> .tree-row').click();
    await expect(lib).toHaveAttribute('aria-expanded', 'true');
    await expect(tree.getByRole('treeitem', { name: 'utils', exact: true })).toBeVisible();
    await shot(page, 'editor-tree');
    await lib.locator('> .tree-row').click();
    await expect(lib).toHaveAttribute('aria-expanded', 'false');
    await expect(tree.getByRole('treeitem', { name: 'utils', exact: true })).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('opening a file shows its text in Monaco with a tab named by the file', async ({ page }) => {
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    await expect(editor(page)).toContainText('const isClose = (scmd, cmd) =>');
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveCount(1);
    // Opening it again focuses the same tab: no duplicate.
    await page
      .getByRole('tree', { name: 'Project files' })
      .getByRole('treeitem', { name: 'did-you-mean.js' })
      .locator('> .tree-row')
      .click();
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveCount(1);
    await shot(page, 'editor-open-file');
  });

  test('typing reaches the server (paige_get_buffer) in small messages, and Ctrl+S writes the file', async ({
    page,
  }) => {
    const frames: string[] = [];
    page.on('websocket', (ws: PwWebSocket) =>
      ws.on('framesent', (f) =>
        frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString()),
      ),
    );
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    const original = readProjectFile(paige, TARGET_FILE);
    await gotoLine(page, 7);
    const typed = ' // typed in the browser';
    await page.keyboard.type(typed, { delay: 15 });
    const tab = page.getByRole('tab', { name: 'did-you-mean.js' });
    await expect(tab).toHaveAttribute('data-dirty', 'true');

    const expected = original.replace('< scmd.length * 0.4\n', `< scmd.length * 0.4${typed}\n`);
    await expect
      .poll(
        async () =>
          (
            (await paige.tool('paige_get_buffer', { path: TARGET_FILE })) as {
              buffer: { content: string } | null;
            }
          ).buffer?.content,
        { timeout: 10_000 },
      )
      .toBe(expected);

    const edits = frames.filter((f) => f.includes('"buffer:'));
    expect(edits.length).toBeGreaterThan(0);
    for (const f of edits)
      expect(f.length, 'a buffer message carries the edit, not the file').toBeLessThan(1024);
    expect(edits.some((f) => f.includes('"buffer:edit"'))).toBe(true);
    await shot(page, 'editor-typed');

    await page.keyboard.press('Control+S');
    await expect(tab).not.toHaveAttribute('data-dirty', 'true');
    await expect.poll(() => readProjectFile(paige, TARGET_FILE)).toBe(expected);
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText('Saved did-you-mean.js');
    await shot(page, 'editor-saved');
    writeFileSync(join(paige.projectDir, TARGET_FILE), original);
  });

  test('closing a tab with unsaved changes asks first', async ({ page }) => {
    await openIde(page, paige.url);
    await openFromTree(page, 'lib/utils/cmd-list.js');
    await gotoLine(page, 1);
    await page.keyboard.type('// draft ');
    const tab = page.getByRole('tab', { name: 'cmd-list.js' });
    await expect(tab).toHaveAttribute('data-dirty', 'true');
    await tab.locator('.editor-tab-close').click();
    const dialog = page.getByRole('dialog', { name: 'Save changes to cmd-list.js?' });
    await expect(dialog).toBeVisible();
    await shot(page, 'editor-close-dirty');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(tab).toBeVisible();
    await tab.focus();
    await page.keyboard.press('Delete');
    await page.getByRole('dialog').getByRole('button', { name: "Don't save" }).click();
    await expect(page.getByRole('tab', { name: 'cmd-list.js' })).toHaveCount(0);
    expect(readProjectFile(paige, 'lib/utils/cmd-list.js')).not.toContain('// draft');
  });

  test('a save conflict (the file changed on disk) offers reload or overwrite', async ({ page }) => {
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    const original = readProjectFile(paige, TARGET_FILE);
    const tab = page.getByRole('tab', { name: 'did-you-mean.js' });
    const conflict = page.getByRole('dialog', { name: 'did-you-mean.js changed on disk' });

    // 1. Reload: the disk version replaces the unsaved edits.
    await gotoLine(page, 1);
    await page.keyboard.type(' // mine');
    await expect(tab).toHaveAttribute('data-dirty', 'true');
    writeFileSync(
      join(paige.projectDir, TARGET_FILE),
      original.replace('const runScripts', '// changed on disk\nconst runScripts'),
    );
    await page.keyboard.press('Control+S');
    await expect(conflict).toBeVisible();
    await shot(page, 'editor-save-conflict');
    await conflict.getByRole('button', { name: 'Reload from disk' }).click();
    await expect(editor(page)).toContainText('// changed on disk');
    await expect(editor(page)).not.toContainText('// mine');
    await expect(tab).not.toHaveAttribute('data-dirty', 'true');

    // 2. Overwrite: my version replaces the disk's.
    await gotoLine(page, 1);
    await page.keyboard.type(' // mine again');
    await expect(tab).toHaveAttribute('data-dirty', 'true');
    writeFileSync(
      join(paige.projectDir, TARGET_FILE),
      original.replace('const runScripts', '// changed on disk twice\nconst runScripts'),
    );
    await page.keyboard.press('Control+S');
    await expect(conflict).toBeVisible();
    await conflict.getByRole('button', { name: 'Overwrite' }).click();
    await expect(tab).not.toHaveAttribute('data-dirty', 'true');
    const saved = readProjectFile(paige, TARGET_FILE);
    expect(saved).toContain('// mine again');
    expect(saved).toContain('// changed on disk\n');
    expect(saved).not.toContain('twice');
    writeFileSync(join(paige.projectDir, TARGET_FILE), original);
  });
});
