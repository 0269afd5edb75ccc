/**
 * Issue 23 item 5, what a new user trips over: no CSP violation at load (zod runs jitless), an error boundary per view
 * with a way back, the issue card's labels and link surviving a reload, a `connection:error` that answers no request
 * shown as a notice, "Go to path:line" revealing the line of a file that was not open yet (every time), Alt+W closing
 * a tab (Ctrl+W belongs to the browser) and the browser's own question before leaving with unsaved work.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { editor, gotoLine, openFromTree, openIde, shot } from './support/page.js';
import { startPaige, TARGET_FILE, TEST_TOKEN, type Paige } from './support/paige.js';

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige();
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

const activeLine = (page: Page) => page.locator('.monaco-editor .line-numbers.active-line-number');

test.describe('Issue 23 item 5: first use', () => {
  test('no Content-Security-Policy violation while the page loads, opens a file and shows the dashboard', async ({
    page,
  }) => {
    await page.addInitScript(() => {
      const list: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = list;
      document.addEventListener('securitypolicyviolation', (e) =>
        list.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
      );
    });
    const consoleCsp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|unsafe-eval/i.test(m.text())) consoleCsp.push(m.text());
    });
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(consoleCsp).toEqual([]);
  });

  test('a render error stays in its view: the boundary says so and offers a way back', async ({ page }) => {
    await openIde(page, paige.url);
    await page.evaluate(() => sessionStorage.setItem('paige:crash-view', 'dashboard'));
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Something went wrong in the dashboard' });
    await expect(alert).toBeVisible();
    await expect(alert.getByRole('link', { name: 'Go to the editor' })).toBeVisible();
    await shot(page, 'first-use-error-boundary');
    // The rest of the page works: the editor is still there.
    await page.getByRole('link', { name: 'Editor', exact: true }).click();
    await expect(page.getByRole('tree', { name: 'Project files' })).toBeVisible();
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  });

  test("the issue card's labels and link survive a reload", async ({ page }) => {
    await openIde(page, paige.url);
    await paige.tool('paige_show_issue_context', {
      number: 8841,
      title: 'npm run <typo> suggests unrelated scripts',
      summary: 'Noisy suggestions.',
      labels: ['bug', 'good first issue'],
      url: 'https://github.com/npm/cli/issues/8841',
    });
    const sidebar = page.getByRole('complementary', { name: 'Coaching' });
    await expect(sidebar.getByRole('list', { name: 'Labels' })).toContainText('good first issue');
    await page.reload();
    await expect(sidebar.getByRole('list', { name: 'Labels' })).toContainText('good first issue');
    await expect(sidebar.getByRole('link', { name: 'Open the issue' })).toHaveAttribute(
      'href',
      'https://github.com/npm/cli/issues/8841',
    );
  });

  test('a connection:error that answers no request shows as a notice', async ({ page }) => {
    let inject: ((text: string) => void) | undefined;
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const server = ws.connectToServer();
      inject = (text) => ws.send(text);
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => ws.send(m));
    });
    await openIde(page, paige.url);
    inject?.(
      JSON.stringify({
        type: 'connection:error',
        payload: { code: 'INTERNAL_ERROR', message: 'The Observer could not read the action log.' },
        timestamp: new Date().toISOString(),
      }),
    );
    await expect(page.getByRole('status', { name: 'Notifications' })).toContainText(
      'The Observer could not read the action log.',
    );
    await shot(page, 'first-use-connection-error');
  });

  test('"Go to path:line" opens a file that was not open and reveals the line, every time', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    const log = page.getByRole('log', { name: "Paige's messages" });
    await paige.tool('paige_show_message', {
      message: 'Look at how the suggestions are built.',
      type: 'hint',
      anchor: { path: TARGET_FILE, startLine: 17 },
    });
    const go = log.getByRole('button', { name: `Go to ${TARGET_FILE}:17` }).last();
    for (let i = 0; i < 5; i++) {
      await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveCount(0);
      await go.click();
      await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveAttribute(
        'aria-selected',
        'true',
      );
      await expect(activeLine(page)).toHaveText('17');
      if (i === 0) await shot(page, 'first-use-goto-line');
      await page.keyboard.press('Alt+W');
    }
  });

  test('Alt+W closes the active tab (asking first when unsaved); leaving with unsaved work asks the browser question', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await openFromTree(page, 'package.json');
    await page.keyboard.press('Alt+W');
    await expect(page.getByRole('tab', { name: 'package.json' })).toHaveCount(0);
    await openFromTree(page, TARGET_FILE);
    await gotoLine(page, 1);
    await page.keyboard.type(' // a note');
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveAttribute('data-dirty', 'true');
    await page.keyboard.press('Alt+W');
    const dialog = page.getByRole('dialog', { name: 'Save changes to did-you-mean.js?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toBeVisible();
    await expect(editor(page)).toContainText('// a note');

    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.type());
        void d.dismiss();
      }),
    );
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe('beforeunload');
  });
});

test('the demo-style token URL opens the page', async ({ page }) => {
  // `pnpm demo --watch` prints `<url>/?token=...` (apps/demo/src/page-url.ts): that URL lands on the view, connected.
  await page.goto(`${paige.url}/?token=${TEST_TOKEN}`);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/Connected/);
});
