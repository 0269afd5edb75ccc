/**
 * Benchmark (issue 17): the terminal at `/pty`, measured from a `ws` client in this process against the built server
 * (`node dist/main.js`) in another, as the page talks to it.
 *
 * - Output throughput: `head -c 32 MB /dev/zero | tr` inside the session; MB/s from the first output byte of the run
 *   to its end marker, as received by the client (binary frames through the flow control). Median of 3 runs. The
 *   server's peak RSS growth during the runs is reported beside it (the flow control must keep it bounded).
 * - Keystroke echo latency: the session runs `stty raw -echo; cat`, so every byte is echoed by a process (as a TUI
 *   such as Claude Code does), not by the kernel's line discipline; one `pty:input` of one character at a time,
 *   timed from `send` to the echoed byte arriving. 50 warm-up keystrokes, then 600 measured, 2-6 ms apart.
 *
 * Targets: echo p99 < 16 ms (one frame at 60 Hz: typing must feel instant); throughput >= 10 MB/s (far above what a
 * terminal pane renders); RSS growth < 48 MB. Writes /work/main/bench/results/server-terminal.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { MB, median, round, rssOf, spawnServer, stats, stopChild, writeResults } from './lib/common.mjs';

const BYTES = 32 * 1000 * 1000;
const RUNS = 3;
const WARMUP = 50;
const KEYSTROKES = 600;

const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-term-project-'));
const dataDir = mkdtempSync(join(tmpdir(), 'paige-bench-term-data-'));
writeFileSync(join(projectDir, 'README.md'), '# bench\n');
const server = await spawnServer({
  PROJECT_DIR: projectDir,
  DATA_DIR: dataDir,
  ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
  PAIGE_START_CHROMA: 'false',
  PAIGE_WATCH: 'false',
  LOG_LEVEL: 'warn',
  SHELL: '/bin/sh',
  PATH: '/usr/bin:/bin',
});
const { token } = server;

/** Opens a `/pty` session; resolves once `pty:started` arrived. */
async function openPty() {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/pty?cols=120&rows=40`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const session = { ws, onBinary: () => undefined, messages: [] };
  ws.on('message', (data, isBinary) => {
    if (isBinary) session.onBinary(data);
    else session.messages.push(JSON.parse(data.toString()));
  });
  await new Promise((resolve, reject) => {
    ws.once('error', reject);
    const check = () =>
      session.messages.some((m) => m.type === 'pty:started') ? resolve() : setTimeout(check, 5);
    check();
  });
  session.input = (data) => ws.send(JSON.stringify({ type: 'pty:input', payload: { data } }));
  return session;
}

/** Resolves when the output seen through `onBinary` contains `marker` (checked on a rolling tail). */
function waitForMarker(session, marker, onChunk = () => undefined) {
  return new Promise((resolve) => {
    let tail = '';
    session.onBinary = (chunk) => {
      onChunk(chunk);
      tail = (tail + chunk.toString('latin1')).slice(-256);
      if (tail.includes(marker)) resolve();
    };
  });
}

// -- throughput -------------------------------------------------------------------------------------------------
const tput = await openPty();
tput.input('stty -echo; echo READY\r');
await waitForMarker(tput, 'READY');
const base = rssOf(server.child.pid);
let peak = base;
const sampler = setInterval(() => (peak = Math.max(peak, rssOf(server.child.pid))), 20);
const rates = [];
const frameCounts = [];
for (let run = 0; run < RUNS; run += 1) {
  let first = 0;
  let bytes = 0;
  let frames = 0;
  const marker = `DONE${run}-${run * 7 + 3}`;
  const done = waitForMarker(tput, marker, (chunk) => {
    if (first === 0) first = performance.now();
    bytes += chunk.length;
    frames += 1;
  });
  tput.input(`head -c ${BYTES} /dev/zero | tr '\\0' 'x'; echo; echo DONE${run}-$((${run} * 7 + 3))\r`);
  await done;
  const seconds = (performance.now() - first) / 1000;
  rates.push(bytes / 1e6 / seconds);
  frameCounts.push(frames);
  console.log(
    `run ${run + 1}: ${round(bytes / 1e6, 1)} MB in ${round(seconds, 2)} s = ${round(rates.at(-1), 1)} MB/s, ${frames} frames`,
  );
}
clearInterval(sampler);
tput.ws.close();

// -- keystroke echo ---------------------------------------------------------------------------------------------
const echo = await openPty();
echo.input('stty raw -echo; echo RAW; exec cat\r');
await waitForMarker(echo, 'RAW');
await new Promise((r) => setTimeout(r, 200));
const latencies = [];
const letters = 'abcdefghijklmnopqrstuvwxyz';
for (let i = 0; i < WARMUP + KEYSTROKES; i += 1) {
  const ch = letters[i % letters.length];
  const t0 = performance.now();
  const got = new Promise((resolve) => {
    echo.onBinary = (chunk) => {
      if (chunk.includes(ch)) resolve();
    };
  });
  echo.input(ch);
  await got;
  if (i >= WARMUP) latencies.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, 2 + Math.random() * 4));
}
echo.ws.close();

await stopChild(server.child);
rmSync(projectDir, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });

const load = `load average ${loadavg()
  .map((l) => round(l, 1))
  .join(' / ')} (1/5/15 min) on ${(await import('node:os')).cpus().length} cores at the end of the run`;
const rate = round(median(rates), 1);
const lat = stats(latencies);
const growth = round((peak - base) / MB, 1);
writeResults('terminal', [
  {
    metric: '/pty output throughput to a ws client (32 MB through the PTY, flow control on)',
    unit: 'MB/s',
    target: '>= 10',
    median: rate,
    p99: null,
    value: rate,
    pass: rate >= 10,
    notes: `${RUNS} runs of head -c 32000000 /dev/zero | tr in /bin/sh; runs ${rates.map((r) => round(r, 1)).join(', ')} MB/s (${frameCounts.join(', ')} binary frames), timed from the first output byte to the end marker at the client; ${load}.`,
  },
  {
    metric:
      '/pty keystroke echo latency (pty:input of 1 char -> echoed byte at the client, echoed by `cat` in raw mode)',
    unit: 'ms',
    target: 'p99 < 16',
    median: round(lat.p50, 2),
    p99: round(lat.p99, 2),
    value: round(lat.p99, 2),
    pass: lat.p99 < 16,
    notes: `${KEYSTROKES} keystrokes after ${WARMUP} warm-up, 2-6 ms apart; min ${round(lat.min, 2)} ms, max ${round(lat.max, 2)} ms; ${load}.`,
  },
  {
    metric: 'server RSS growth while streaming 3 x 32 MB through /pty',
    unit: 'MB',
    target: '< 48',
    median: growth,
    p99: null,
    value: growth,
    pass: growth < 48,
    notes: `VmRSS sampled every 20 ms: base ${round(base / MB, 1)} MB (a session open), peak ${round(peak / MB, 1)} MB.`,
  },
]);
