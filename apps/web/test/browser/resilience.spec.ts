/**
 * Issue 16, nothing lost: a reload rebuilds the page from the server (tabs, unsaved text, highlights, hints, plan);
 * a server restart is shown (reconnecting) and the page comes back with the server's state and its unsaved text
 * resent; a page on a foreign origin cannot open `/ws`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './support/fixtures.js';
import { editor, expandFolder, gotoLine, openFromTree, openIde, shot } from './support/page.js';
import { COACH_PLAN, startPaige, TARGET_FILE, type Paige } from './support/paige.js';

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige();
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

const bufferOf = async (path: string) =>
  ((await paige.tool('paige_get_buffer', { path })) as { buffer: { content: string } | null }).buffer
    ?.content;

test.describe('Issue 16: reload, restart, foreign origins', () => {
  test('a reload comes back with the same tabs, unsaved text, highlights, hints and plan', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await openFromTree(page, 'lib/utils/cmd-list.js');
    await openFromTree(page, TARGET_FILE);
    await gotoLine(page, 5);
    await page.keyboard.type(' // unsaved before reload');
    await expect.poll(() => bufferOf(TARGET_FILE)).toContain('// unsaved before reload');
    await paige.tool('paige_highlight_lines', {
      path: TARGET_FILE,
      start: 9,
      end: 10,
      style: 'success',
      hoverText: 'Good find',
    });
    await expect(page.locator('.monaco-editor .paige-highlight-success')).toHaveCount(2);

    await page.reload();
    await expect(page.getByRole('tab', { name: 'cmd-list.js' })).toBeVisible();
    const tab = page.getByRole('tab', { name: 'did-you-mean.js' });
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect(tab).toHaveAttribute('data-dirty', 'true');
    await expect(editor(page)).toContainText('// unsaved before reload');
    await expect(page.locator('.monaco-editor .paige-highlight-success')).toHaveCount(2);
    await expect(page.locator('.monaco-editor .paige-highlight-hint')).toHaveCount(1);
    await expect(page.getByRole('treeitem', { name: 'did-you-mean.js' })).toHaveAttribute(
      'data-hint',
      'required',
    );
    const phases = page.getByRole('list', { name: 'Phases' });
    await expect(phases).toContainText(COACH_PLAN.phases[0]!.title);
    await expect(phases.getByRole('listitem').first()).toHaveAttribute('data-status', 'active');
    await shot(page, 'resilience-reload');
  });

  test('a server restart shows "Reconnecting", then the page resyncs and resends its unsaved text', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await openFromTree(page, TARGET_FILE);
    await gotoLine(page, 3);
    await page.keyboard.type(' // typed before the restart');
    await expect.poll(() => bufferOf(TARGET_FILE)).toContain('// typed before the restart');
    const badge = page.getByRole('status', { name: 'Connection' });

    const restart = paige.restart();
    await expect(badge).toHaveText(/Reconnecting|Offline/);
    await shot(page, 'resilience-reconnecting');
    await restart;
    await expect(badge).toHaveText('Connected', { timeout: 20_000 });
    // The server's state (session, plan, tree) is back, and the page's unsaved text reached the new process.
    await expect(page.getByRole('list', { name: 'Phases' })).toContainText(COACH_PLAN.phases[0]!.title);
    await expect(
      page.getByRole('tree', { name: 'Project files' }).getByRole('treeitem', { name: 'lib', exact: true }),
    ).toBeVisible();
    await expect(page.getByRole('tab', { name: 'did-you-mean.js' })).toHaveAttribute('data-dirty', 'true');
    await expect
      .poll(() => bufferOf(TARGET_FILE), { timeout: 15_000 })
      .toContain('// typed before the restart');
    // Typing after the restart keeps syncing.
    await page.keyboard.type(' and after');
    await expect.poll(() => bufferOf(TARGET_FILE)).toContain('// typed before the restart and after');
    await shot(page, 'resilience-restarted');
  });

  test('a second window on the same project shows the same tree, hints, highlights and phases', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    const second = await page.context().newPage();
    try {
      await openIde(second, paige.url);
      await paige.tool('paige_hint_files', { paths: ['lib/commands/run.js'], style: 'suggested' });
      await paige.tool('paige_highlight_lines', {
        path: 'lib/commands/run.js',
        start: 3,
        end: 3,
        style: 'error',
        hoverText: 'Which class is this?',
      });
      for (const p of [page, second]) {
        await expandFolder(p, 'lib/commands');
        await expect(p.getByRole('treeitem', { name: 'run.js', exact: true })).toHaveAttribute(
          'data-hint',
          'suggested',
        );
        await expect(p.getByRole('list', { name: 'Phases' }).getByRole('listitem').first()).toHaveAttribute(
          'data-status',
          'active',
        );
      }
      await paige.tool('paige_open_file', { path: 'lib/commands/run.js' });
      for (const p of [page, second]) {
        await expect(p.getByRole('tab', { name: 'run.js' })).toHaveAttribute('aria-selected', 'true');
        await expect(p.locator('.monaco-editor .paige-highlight-error')).toHaveCount(1);
      }
      await shot(second, 'resilience-second-window');
    } finally {
      await second.close();
    }
  });

  test('a page on a foreign origin cannot open /ws (the server refuses it)', async ({ page }) => {
    // A page of another site, served from this machine (http://foreign.example:<port>, resolved to 127.0.0.1 by the
    // browser), tries to open Paige's WebSocket: a cross-site WebSocket hijack.
    const target = `ws://127.0.0.1:${paige.port}/ws`;
    const html = `<!doctype html><title>foreign</title><link rel="icon" href="data:,"><p id="out">pending</p><script>
      const out = document.getElementById('out');
      const ws = new WebSocket(${JSON.stringify(target)});
      ws.onopen = () => { out.textContent = 'opened'; };
      ws.onclose = () => { if (out.textContent === 'pending') out.textContent = 'refused'; };
    </script>`;
    const foreign = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(html),
    );
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = foreign.address() as AddressInfo;
      await page.goto(`http://foreign.example:${port}/attack.html`);
      await expect(page.locator('#out')).toHaveText('refused');
      await expect.poll(() => paige.log()).toContain(`Origin http://foreign.example:${port} is not allowed`);
      expect(paige.log()).toMatch(/websocket upgrade rejected \(403\)/);
      await shot(page, 'resilience-foreign-origin');
    } finally {
      foreign.close();
    }
  });
});
