#!/usr/bin/env node
/**
 * Benchmark of the terminal pane in the page (issue 17 "Done when"), written to bench/results/web-terminal.json:
 * - output throughput to the page: MB/s from the Enter that starts `head -c N /dev/zero | tr | fold` in the pane's
 *   shell until xterm.js has parsed and drawn the end marker that follows it (PTY -> /pty -> the page's xterm.js
 *   DOM renderer); and how many frames the page painted per second while it streamed (a frozen page paints none).
 * - the page's unparsed backlog during those runs: the largest count of bytes handed to xterm.js and not parsed yet
 *   (the pane's `data-pending-peak`; flow control asks the server to pause past 512 KiB) and the pauses it asked for.
 * - keystroke echo latency: a key pressed in the pane (the keydown's timestamp) -> the echoed character in the
 *   terminal's rows (the tty echoes it: `cat > /dev/null` runs), then -> the start of the next animation frame (when
 *   it is painted); p50 / p99.
 * Runs the built server (`apps/server/dist/main.js`, a fixed PAIGE_TOKEN, the shell as PAIGE_TERMINAL_COMMAND) and
 * Debian's Chromium through Playwright; the page is opened from its token URL, as a learner does.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { measureEcho } from './lib/echo.mjs';
import { executablePath, pct, repoRoot, serverMain, startPaige, TOKEN, webRoot } from './lib/server.mjs';

/** Bytes of payload per throughput run (plus one CR LF per 99 bytes from `fold` and the tty). */
const PAYLOAD = 16_000_000;
const THROUGHPUT_RUNS = 3;
const KEYS = 300;
const WARMUP_KEYS = 20;
const THROUGHPUT_TARGET = 5; // MB/s: a Claude Code session never comes close; a `cat` of a big log should not stall
const BACKLOG_TARGET = 4 * 1024 * 1024; // bytes: bounded however long a flood runs (without flow control it grows by MB/s)
const ECHO_P99_TARGET = 50; // ms: keystroke -> painted glyph under the shared machine's load

if (!existsSync(join(webRoot, 'dist', 'index.html')) || !existsSync(serverMain)) {
  console.error('build first: pnpm build');
  process.exit(1);
}

const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function startServer() {
  const tmp = mkdtempSync(join(tmpdir(), 'paige-web-term-bench-'));
  const project = join(tmp, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'README.md'), '# bench\n');
  return startPaige({
    tmp,
    project,
    env: { SHELL: '/bin/bash', PS1: '$ ', PAIGE_TERMINAL_COMMAND: 'exec bash --norc --noprofile' },
  });
}

/** Types a command into the focused terminal and presses Enter; resolves to the page's clock at the Enter. */
async function run(page, command) {
  await page.keyboard.type(command);
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('Enter');
  return t0;
}

/** Waits (polling every frame) until a terminal row equals `text`; resolves to the page's clock then. */
async function lineShown(page, text, timeout = 90_000) {
  const handle = await page.waitForFunction(
    (t) => {
      const rows = document.querySelector('#dock-terminal .xterm-rows');
      if (!rows) return false;
      for (const r of rows.children)
        if ((r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() === t) return performance.now();
      return false;
    },
    text,
    { polling: 'raf', timeout },
  );
  return handle.jsonValue();
}

async function measure(url) {
  const browser = await chromium.launch({
    executablePath,
    args: ['--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${url}/ide?token=${TOKEN}`); // the IDE view ('/' is the dashboard)
    await page.waitForFunction(
      () => /bash/.test(document.querySelector('[aria-label="Terminal status"]')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    await page.locator('#dock-terminal .xterm-screen').click();
    const size =
      (await page.locator('[aria-label="Terminal status"]').textContent())?.match(/\d+×\d+/)?.[0] ?? '?';

    // ------------------------------------------------------------------------------------------ throughput
    const throughput = [];
    const fps = [];
    for (let i = 0; i < THROUGHPUT_RUNS; i++) {
      await page.evaluate(() => {
        const w = window;
        w.__frames = 0;
        w.__counting = true;
        const tick = () => {
          w.__frames++;
          if (w.__counting) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      // The end marker is computed by the shell, so the echoed command line does not contain it.
      const t0 = await run(
        page,
        `clear; head -c ${PAYLOAD} /dev/zero | tr '\\0' x | fold -w 99; echo; echo PAIGE-BENCH-END-$((${i}+1000))`,
      );
      const t1 = await lineShown(page, `PAIGE-BENCH-END-${i + 1000}`);
      const frames = await page.evaluate(() => {
        window.__counting = false;
        return window.__frames;
      });
      const seconds = (t1 - t0) / 1000;
      const bytes = PAYLOAD + Math.ceil(PAYLOAD / 99) * 2 + 2;
      throughput.push(bytes / 1e6 / seconds);
      fps.push(frames / seconds);
      await page.waitForTimeout(500);
    }

    const host = page.locator('#dock-terminal .terminal-host');
    const backlogPeak = Number(await host.getAttribute('data-pending-peak'));
    const flowPauses = Number(await host.getAttribute('data-flow-pauses'));

    // ------------------------------------------------------------------------------------------ keystroke echo
    const echo = await measureEcho(page, '#dock-terminal', { keys: KEYS, warmup: WARMUP_KEYS });
    await context.close();
    return { size, throughput, fps, backlogPeak, flowPauses, ...echo };
  } finally {
    await browser.close();
  }
}

const loadAtStart = loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');
const server = await startServer();
let m;
try {
  m = await measure(server.url);
} finally {
  await server.stop();
}
const loadAtEnd = loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');
const load = `load average ${loadAtStart} at the start, ${loadAtEnd} at the end (1/5/15 min) on ${cpus().length} cores`;

const tput = pct(m.throughput, 50);
const p99Frame = pct(m.frame, 99);
const results = [
  {
    metric: 'terminal pane output throughput: PTY -> /pty -> xterm.js in the page (parsed and drawn)',
    unit: 'MB/s',
    target: `>= ${THROUGHPUT_TARGET}`,
    median: round(tput),
    p99: null,
    value: round(tput),
    pass: tput >= THROUGHPUT_TARGET,
    notes: `${THROUGHPUT_RUNS} runs of ${PAYLOAD / 1e6} MB (head -c | tr | fold -w 99 in bash, CR LF per line) into a ${m.size} pane, timed in the page from the Enter to the end marker in the terminal's rows; runs ${m.throughput.map((x) => round(x)).join(', ')} MB/s; the page painted ${m.fps.map((x) => round(x, 0)).join(', ')} frames/s meanwhile; Chromium ${executablePath} (headless, DOM renderer); ${load}.`,
  },
  {
    metric: 'terminal pane keystroke echo latency: keydown in the page -> echoed glyph painted (next frame)',
    unit: 'ms',
    target: `p99 < ${ECHO_P99_TARGET}`,
    median: round(pct(m.frame, 50)),
    p99: round(p99Frame),
    value: round(p99Frame),
    pass: p99Frame < ECHO_P99_TARGET,
    notes: `${m.frame.length} keys after ${WARMUP_KEYS} warm-up, 10-50 ms apart, echoed by the tty (\`cat > /dev/null\`): keydown -> the character in the terminal's DOM rows p50 ${round(pct(m.dom, 50))} ms, p99 ${round(pct(m.dom, 99))} ms, max ${round(Math.max(...m.dom))} ms; to the next animation frame p50 ${round(pct(m.frame, 50))} ms, max ${round(Math.max(...m.frame))} ms; ${load}.`,
  },
  {
    metric: 'terminal pane unparsed output backlog in the page during the throughput runs (flow control)',
    unit: 'bytes',
    target: `< ${BACKLOG_TARGET}`,
    median: null,
    p99: null,
    value: m.backlogPeak,
    pass: m.backlogPeak < BACKLOG_TARGET,
    notes: `the largest count of bytes handed to xterm.js's write() and not parsed yet over ${THROUGHPUT_RUNS} x ${PAYLOAD / 1e6} MB (data-pending-peak of the pane); the page sent pty:pause ${m.flowPauses} times (high-water 512 KiB, low-water 128 KiB); what exceeds the high-water mark was already on its way (the server's 256 KiB socket queue and the kernel's buffers); ${load}.`,
  },
];

const out = join(repoRoot, 'bench/results/web-terminal.json');
writeFileSync(out, JSON.stringify({ package: '@paige/web', results }, null, 2) + '\n');
for (const r of results)
  console.log(
    `${r.metric}: ${r.value} ${r.unit}${r.target ? ` (target ${r.target}: ${r.pass ? 'pass' : 'FAIL'})` : ''}`,
  );
console.log(`wrote ${out}`);
