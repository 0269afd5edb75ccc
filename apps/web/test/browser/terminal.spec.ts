/**
 * Issue 17 item 3, the terminal pane: xterm.js on `/pty` runs the server's shell in the bottom dock; typed commands
 * run and print; the PTY has the pane's size (and follows it); thousands of lines scroll without freezing the page;
 * Ctrl+C interrupts; an exit shows its code and a button for a new terminal; a server restart ends the session and a
 * new one starts when the server is back. Item 5 on the page: without the token the page says which URL to open,
 * and connects once the token is there.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { collectErrors, focusTerminal, openIde, shot, terminalLines } from './support/page.js';
import { startPaige, TEST_TOKEN, type Paige } from './support/paige.js';

let paige: Paige;
test.beforeAll(async () => {
  // No `claude` on this server's PATH: the terminal runs the shell (bash, with no rc files to keep the prompt plain).
  paige = await startPaige({
    SHELL: '/bin/bash',
    PAIGE_TERMINAL_COMMAND: 'exec bash --norc --noprofile',
    PS1: '$ ',
  });
});
test.afterAll(async () => {
  await paige?.stop();
});

test.describe.configure({ mode: 'serial' });

const status = (page: Page) => page.getByRole('status', { name: 'Terminal status' });

/** Waits for a terminal line equal to `text`. */
async function expectLine(page: Page, text: string | RegExp, timeout = 15_000): Promise<void> {
  await expect
    .poll(
      async () =>
        (await terminalLines(page)).some((l) => (typeof text === 'string' ? l === text : text.test(l))),
      { timeout, message: `terminal line ${String(text)}` },
    )
    .toBe(true);
}

test.describe('Issue 17: the terminal pane', () => {
  test('typing `echo paige` in the terminal pane runs it and shows the output', async ({ page }) => {
    const errors = collectErrors(page);
    await openIde(page, paige.url);
    // The terminal is the dock's first panel, open at start.
    await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-selected', 'true');
    await focusTerminal(page, /Command · bash/);
    await page.keyboard.type('echo paige');
    await page.keyboard.press('Enter');
    await expectLine(page, 'paige');
    await expectLine(page, '$ echo paige');
    await shot(page, 'terminal-echo');
    expect(errors).toEqual([]);
  });

  test('the terminal keeps its session and scrollback while another view shows (issue 25 item 3: React Activity)', async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await openIde(page, paige.url);
    await focusTerminal(page, /Command · bash/);
    await page.keyboard.type('echo before-$((6*7))');
    await page.keyboard.press('Enter');
    await expectLine(page, 'before-42');
    const views = page.getByRole('navigation', { name: 'Views' });
    await views.getByRole('link', { name: 'Dashboard' }).click();
    await expect(page).toHaveTitle('Dashboard · Paige');
    await expect(page.locator('#dock-terminal')).toBeHidden();
    await views.getByRole('link', { name: 'Editor' }).click();
    await expect(page.locator('#dock-terminal .xterm-rows')).toBeVisible();
    // The same session (no "new terminal session" line), its earlier output, and it still answers.
    await expectLine(page, 'before-42');
    expect((await terminalLines(page)).some((l) => l.includes('new terminal session'))).toBe(false);
    await focusTerminal(page, /Command · bash/);
    await page.keyboard.type('echo after-$((6*8))');
    await page.keyboard.press('Enter');
    await expectLine(page, 'after-48');
    expect(errors).toEqual([]);
  });

  test('the PTY has the size of the pane (pty:resize), and follows it when the window changes', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await focusTerminal(page, /bash/);
    const sizeOf = async () => {
      const m = /(\d+)×(\d+)/.exec((await status(page).textContent()) ?? '');
      return { cols: Number(m?.[1]), rows: Number(m?.[2]) };
    };
    const before = await sizeOf();
    expect(before.cols).toBeGreaterThan(60);
    expect(before.rows).toBeGreaterThan(4);
    await page.keyboard.type('stty size');
    await page.keyboard.press('Enter');
    await expectLine(page, `${before.rows} ${before.cols}`);
    // A narrower window: the fit addon picks fewer columns and the program sees them.
    await page.setViewportSize({ width: 1100, height: 900 });
    await expect.poll(async () => (await sizeOf()).cols).toBeLessThan(before.cols);
    const after = await sizeOf();
    await page.keyboard.type('clear; stty size');
    await page.keyboard.press('Enter');
    await expectLine(page, `${after.rows} ${after.cols}`);
    await shot(page, 'terminal-resized');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  test("the dock's handle (a separator, keyboard or mouse) gives the terminal more rows; the height is kept across a reload", async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await focusTerminal(page, /bash/);
    const rowsOf = async () => Number(/\d+×(\d+)/.exec((await status(page).textContent()) ?? '')?.[1]);
    const before = await rowsOf();
    const handle = page.getByRole('separator', { name: 'Resize the bottom panel' });
    const heightBefore = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
    // 24 px a step, up to the largest height that leaves the editor its minimum.
    const expected = Math.min(heightBefore + 72, Number(await handle.getAttribute('aria-valuemax')));
    expect(expected).toBeGreaterThan(heightBefore + 40);
    await expect.poll(async () => Number(await handle.getAttribute('aria-valuenow'))).toBe(expected);
    await expect.poll(rowsOf).toBeGreaterThan(before + 2);
    const taller = await rowsOf();
    await focusTerminal(page, /bash/);
    await page.keyboard.type('clear; stty size');
    await page.keyboard.press('Enter');
    await expectLine(page, new RegExp(`^${taller} \\d+$`));
    await shot(page, 'terminal-taller');
    // Dragging the handle down makes it smaller again.
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + 200, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 150, { steps: 5 });
    await page.mouse.up();
    await expect.poll(rowsOf).toBeLessThan(taller);
    const dragged = Number(await handle.getAttribute('aria-valuenow'));
    // A reload keeps the height the learner chose.
    await page.reload();
    await focusTerminal(page, /bash/);
    await expect.poll(async () => Number(await handle.getAttribute('aria-valuenow'))).toBe(dragged);
    await page.evaluate(() => localStorage.removeItem('paige.dockPx'));
  });

  test('thousands of lines scroll without freezing the page; Ctrl+C interrupts a running command', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await focusTerminal(page, /bash/);
    await page.keyboard.type('seq 1 20000');
    await page.keyboard.press('Enter');
    await expectLine(page, '20000', 30_000);
    // The scrollback keeps 10,000 of them: dragging the scrollbar to the top shows line ~10,000.
    await page.locator('#dock-terminal .xterm-screen').hover();
    const slider = page.locator('#dock-terminal .scrollbar.vertical .slider');
    const box = (await slider.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y - 600, { steps: 5 });
    await page.mouse.up();
    const firstNumber = async () =>
      Math.min(...(await terminalLines(page)).filter((l) => /^\d+$/.test(l)).map(Number));
    await expect.poll(firstNumber).toBeLessThan(10_100);
    expect(await firstNumber()).toBeGreaterThan(9_000);
    await shot(page, 'terminal-scrollback');

    // An endless flood: the page keeps painting frames while it streams, and Ctrl+C stops it.
    await page.keyboard.type('yes paige-flood');
    await page.keyboard.press('Enter');
    await expectLine(page, 'paige-flood');
    const frames = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let n = 0;
          const start = performance.now();
          const tick = () => {
            n++;
            if (performance.now() - start < 1000) requestAnimationFrame(tick);
            else resolve(n);
          };
          requestAnimationFrame(tick);
        }),
    );
    // A frozen page paints none; a busy one on a loaded 2-core machine still paints several a second.
    expect(frames, `${frames} frames painted in 1 s during the flood`).toBeGreaterThan(4);
    // Flow control: xterm.js parses more slowly than `yes` writes, so the page asks the server to pause the PTY
    // (pty:pause) and the output xterm.js has been handed but not parsed stays bounded however long the flood runs
    // (without it the backlog grows by megabytes a second). Read from the pane's data-pending-* attributes.
    const host = page.locator('#dock-terminal .terminal-host');
    const flowState = async () => {
      const [pending, peak, pauses] = await Promise.all(
        ['data-pending-bytes', 'data-pending-peak', 'data-flow-pauses'].map((a) => host.getAttribute(a)),
      );
      return { pending: Number(pending), peak: Number(peak), pauses: Number(pauses) };
    };
    await expect
      .poll(async () => (await flowState()).pauses, { message: 'the page paused the flood at least once' })
      .toBeGreaterThan(0);
    let maxPending = 0;
    for (const end = Date.now() + 4000; Date.now() < end;) {
      maxPending = Math.max(maxPending, (await flowState()).pending);
      await page.waitForTimeout(100);
    }
    const { peak } = await flowState();
    expect(maxPending, `unparsed output during the flood: at most ${maxPending} bytes`).toBeLessThan(
      4 * 1024 * 1024,
    );
    expect(peak, `largest unparsed backlog ${peak} bytes`).toBeLessThan(4 * 1024 * 1024);
    await shot(page, 'terminal-flood');
    // Ctrl+C shows promptly: only the bounded backlog is drawn before the prompt comes back.
    const interruptedAt = Date.now();
    await page.keyboard.press('Control+C');
    await expectLine(page, /^\$ ?$/, 5_000);
    test.info().annotations.push({
      type: 'flood',
      description: `peak backlog ${peak} bytes; prompt back ${Date.now() - interruptedAt} ms after Ctrl+C`,
    });
    await page.keyboard.type('echo interrupted-ok');
    await page.keyboard.press('Enter');
    await expectLine(page, 'interrupted-ok', 20_000);
    // Ctrl+C also interrupts a command that waits.
    await page.keyboard.type('sleep 30; echo slept');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+C');
    await page.keyboard.type('echo after-sleep');
    await page.keyboard.press('Enter');
    await expectLine(page, 'after-sleep', 5000);
    expect(await terminalLines(page)).not.toContain('slept');
    await shot(page, 'terminal-interrupted');
  });

  test('when the process exits the pane shows its exit code and starts a new terminal on request', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await focusTerminal(page, /bash/);
    await page.keyboard.type('exit 3');
    await page.keyboard.press('Enter');
    await expect(status(page)).toHaveText('bash exited with code 3');
    const ended = page.getByRole('alert').filter({ hasText: 'exited with code 3' });
    await expect(ended).toBeVisible();
    await expectLine(page, '[process exited with code 3]');
    // Typing into the ended terminal does nothing (no error on the page).
    await page.locator('#dock-terminal .xterm-screen').click();
    await page.keyboard.type('ignored');
    await shot(page, 'terminal-exited');
    await ended.getByRole('button', { name: 'New terminal' }).click();
    await focusTerminal(page, /bash/);
    await expectLine(page, /── new terminal session \(bash\) ──/);
    await page.keyboard.type('echo second-session');
    await page.keyboard.press('Enter');
    await expectLine(page, 'second-session');
    await expect(page.getByRole('alert').filter({ hasText: 'exited' })).toHaveCount(0);
  });

  test('a server restart ends the session; the pane says so and a new terminal starts when the server is back', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await focusTerminal(page, /bash/);
    await page.keyboard.type('echo before-restart');
    await page.keyboard.press('Enter');
    await expectLine(page, 'before-restart');
    await paige.restart();
    await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Connected', {
      timeout: 20_000,
    });
    await focusTerminal(page, /bash/);
    await expectLine(page, /Paige's server stopped/);
    await expectLine(page, /── new terminal session \(bash, Paige restarted\) ──/);
    await page.keyboard.type('echo after-restart');
    await page.keyboard.press('Enter');
    await expectLine(page, 'after-restart');
    // The old output stays above the new session.
    expect(await terminalLines(page)).toContain('before-restart');
    await shot(page, 'terminal-restarted');
  });

  test('a page opened without the token says which URL to open, and connects once the token is pasted', async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${paige.url}/ide`);
      const notice = page.getByRole('alertdialog', { name: 'Open Paige with its access token' });
      await expect(notice).toBeVisible();
      await expect(notice).toContainText(`${paige.url}/?token=…`);
      await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/Reconnecting/);
      await shot(page, 'token-missing');
      const input = notice.getByRole('textbox', { name: 'Token or URL' });
      await expect(input).toBeFocused();
      await input.fill('not-the-token-0123456789abcdef0123456789');
      await notice.getByRole('button', { name: 'Connect' }).click();
      await expect(notice.getByRole('alert')).toHaveText(/not valid for this server/);
      await input.fill(`${paige.url}/?token=${TEST_TOKEN}`);
      await notice.getByRole('button', { name: 'Connect' }).click();
      await expect(notice).toHaveCount(0);
      await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Connected', {
        timeout: 10_000,
      });
      await expect(page.getByRole('tree', { name: 'Project files' })).toBeVisible();
      await focusTerminal(page, /bash/);
      await shot(page, 'token-pasted');
    } finally {
      await context.close();
    }
  });

  test('a page waiting for the token connects by itself when the token URL is opened in another tab', async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${paige.url}/ide`);
      await expect(page.getByRole('alertdialog')).toBeVisible();
      const other = await context.newPage();
      await other.goto(`${paige.url}/?token=${TEST_TOKEN}`);
      await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Connected', {
        timeout: 10_000,
      });
      await expect(page.getByRole('alertdialog')).toHaveCount(0);
    } finally {
      await context.close();
    }
  });
});
