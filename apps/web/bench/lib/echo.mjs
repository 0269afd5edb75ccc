/**
 * The terminal keystroke-echo probe the page benchmarks share (bench/terminal.mjs, bench/floor.mjs): in a focused
 * xterm.js terminal whose shell is at a prompt, runs `cat > /dev/null` (the tty echoes each key), then presses
 * `warmup + keys` letters 10-50 ms apart and times each from its keydown (the event's timestamp) to the echoed
 * character in the terminal's DOM rows, then to the start of the next animation frame (when it is painted).
 * @param page a Playwright page with the terminal focused
 * @param root CSS selector of the element holding the terminal (`.xterm-rows` and `.xterm textarea` inside it)
 * @returns `{ dom, frame }`: latencies in ms of the counted keys (the warm-up keys dropped)
 */
export async function measureEcho(page, root, { keys, warmup }) {
  await page.keyboard.type('clear; cat > /dev/null');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await page.evaluate((sel) => {
    const w = window;
    const rows = document.querySelector(`${sel} .xterm-rows`);
    const input = document.querySelector(`${sel} .xterm textarea`);
    w.__echo = { pending: null, dom: [], frame: [] };
    let last = rows.textContent;
    input.addEventListener('keydown', (e) => e.key.length === 1 && (w.__echo.pending = e.timeStamp), true);
    new MutationObserver(() => {
      const text = rows.textContent;
      if (text === last) return; // a cursor blink, not an echo
      last = text;
      const t = w.__echo.pending;
      if (t === null) return;
      w.__echo.pending = null;
      w.__echo.dom.push(performance.now() - t);
      requestAnimationFrame(() => w.__echo.frame.push(performance.now() - t));
    }).observe(rows, { childList: true, subtree: true, characterData: true });
  }, root);
  for (let i = 0; i < warmup + keys; i++) {
    if (i > 0 && i % 60 === 0) {
      await page.keyboard.press('Enter');
      await page.waitForTimeout(100);
      await page.evaluate(() => (window.__echo.pending = null));
    }
    const before = await page.evaluate(() => window.__echo.frame.length);
    await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
    await page.waitForFunction((n) => window.__echo.frame.length > n, before, {
      polling: 'raf',
      timeout: 5_000,
    });
    await page.waitForTimeout(10 + Math.floor(Math.random() * 40));
  }
  const echo = await page.evaluate(() => window.__echo);
  await page.keyboard.press('Control+C');
  // The first samples include the first keys' code paths warming up.
  return { dom: echo.dom.slice(warmup), frame: echo.frame.slice(warmup) };
}
